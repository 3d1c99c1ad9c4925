//! DF220: OS packages installed without a version pin and without a package snapshot.

use super::support::{Earlier, instruction_mentions, list_words, other_places, word_span};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::{Context, RunScript};
use crate::dockerfile::instruction::{Instruction, Keyword};
use crate::package_managers::{Manager, PackageCommand};
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::shell::script::ShellWord;

pub static RULE: Rule = Rule {
    code: "DF220",
    name: "os-packages-unpinned",
    title: "OS packages without version pins",
    severity: Severity::Warning,
    upstream: &[
        Upstream::Hadolint("DL3008"),
        Upstream::Hadolint("DL3018"),
        Upstream::Hadolint("DL3033"),
        Upstream::Hadolint("DL3037"),
        Upstream::Hadolint("DL3041"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`apt-get install curl` installs whatever version the mirror holds on the day \
of the build: two builds of the same Dockerfile get different packages, and an update can \
break the image without any change to the Dockerfile. Pin each package \
(`curl=7.88.1-10+deb12u8`, `apk add curl=8.9.1-r2`, `dnf install curl-8.6.0`, \
`zypper install curl=8.6.0`), or, on Debian and Ubuntu, install from a package snapshot so that \
every version is fixed by a date: `apt-get install --snapshot 20240601T000000Z …` (`-S`, apt ≥ \
2.7), `APT::Snapshot`, `Snapshot:` sources, or sources pointing at the Debian or Ubuntu \
snapshot archives (what `repro-sources-list.sh` sets up). A snapshot configured in the same \
RUN or an earlier RUN of the stage counts. Alpine mirrors drop old package revisions, so a pin \
alone can break an Alpine build later; a package cache or mirror of your own avoids that.\n\n\
A package counts as pinned as hadolint counts it: for apt, a `=version`, a `/release` or a \
`.deb` file; for apk, `=`, `~`, `<` or `>`, or an `.apk` file; for yum, dnf and microdnf, a \
`-version` suffix or an `.rpm` file (`module install` needs `name:stream`); for zypper, `=`, \
`<`, `>` or an `.rpm` file. A simulation (`apt-get install -s`, `--simulate`, `--dry-run`, \
`--just-print`, `--recon`, `--no-act`; `apk add -s`; `dnf --assumeno`; `zypper --dry-run`) \
installs nothing and is not checked.\n\n\
Differences from hadolint: one finding per install command, naming the packages; plumb also \
checks `apt install` and `aptitude install`, looks through `sudo`, reads the packages of a \
variable the same RUN set to a literal list (`deps='curl wget'; apt-get install -y $deps`, \
also with `export` or after `&&`) split as `sh` splits them, skips other arguments that are \
only a variable (`$PACKAGES` from ENV, or set from `$(…)`), which it cannot read, and \
accepts a snapshot for apt. A \
version written with a variable is a pin for every manager, as `curl=$CURL_VERSION` is for \
apt: `tool-$TOOL_VERSION` (and `tool-${TOOL_VERSION}-1.el9`) for yum, dnf and microdnf \
whatever sets the variable, where hadolint accepts it only when the Dockerfile declares the \
variable with ENV or ARG."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl ca-certificates \\\n && rm -rf /var/lib/apt/lists/*\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 ca-certificates=20230311 \\\n && rm -rf /var/lib/apt/lists/*\n",
    )),
};

/// Text that shows an apt snapshot is in use, besides [`SNAPSHOT_TOOL`].
const SNAPSHOT_MARKERS: [&str; 6] = [
    "snapshot.debian.org",
    "snapshot.ubuntu.com",
    "APT::Snapshot",
    "Snapshot: ",
    "snapshot=",
    "--snapshot",
];

/// In every one of [`SNAPSHOT_MARKERS`]: a RUN without it needs no search for each marker.
const SNAPSHOT_WORD: &str = "napshot";

/// The tool that points apt at a snapshot.
const SNAPSHOT_TOOL: &str = "repro-sources-list";

/// The install command's package operands, or `None` when it is not an install.
fn packages<'a>(package: &PackageCommand<'a>) -> Option<Vec<&'a ShellWord>> {
    let manager = package.manager;
    let subcommand = package.subcommand();
    let installs = match manager {
        Manager::AptGet | Manager::Apt | Manager::Aptitude => subcommand == "install",
        Manager::Apk => subcommand == "add",
        Manager::Dnf | Manager::Yum | Manager::Microdnf => {
            subcommand == "install"
                || (subcommand == "module"
                    && package
                        .operands
                        .first()
                        .is_some_and(|word| word.value == "install"))
        }
        Manager::Zypper => matches!(subcommand, "install" | "in"),
        _ => false,
    };
    if !installs {
        return None;
    }
    let skip = usize::from(subcommand == "module");
    Some(package.operands.iter().skip(skip).copied().collect())
}

fn is_pinned(manager: Manager, module: bool, package: &str) -> bool {
    match manager {
        Manager::AptGet | Manager::Apt | Manager::Aptitude => {
            package.contains('=') || package.contains('/') || package.ends_with(".deb")
        }
        Manager::Apk => package.contains(['=', '~', '>', '<']) || package.ends_with(".apk"),
        Manager::Dnf | Manager::Yum | Manager::Microdnf if module => package.contains(':'),
        Manager::Dnf | Manager::Yum | Manager::Microdnf => {
            package.ends_with(".rpm") || package.starts_with('@') || has_rpm_version(package)
        }
        Manager::Zypper => package.contains(['=', '<', '>']) || package.ends_with(".rpm"),
        _ => true,
    }
}

/// hadolint's test: after the first `-`, every dash-separated part is made of version
/// characters and one starts with a digit (`nginx-1.24.0`, `gcc-11.4.1-2.el9`). A part
/// with a variable in it counts as a version too (`tool-$TOOL_VERSION`,
/// `tool-${TOOL_VERSION}-1.el9`), as `tool=$TOOL_VERSION` is a pin for apt.
fn has_rpm_version(package: &str) -> bool {
    let Some((_, version)) = package.split_once('-') else {
        return false;
    };
    let parts: Vec<&str> = version.split('-').collect();
    parts.iter().all(|part| {
        part.chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ".~^_:+${}".contains(ch))
    }) && parts
        .iter()
        .any(|part| part.starts_with(|ch: char| ch.is_ascii_digit()) || part.contains('$'))
}

/// An argument that is only an expansion: its value cannot be read here.
pub(super) fn is_expansion(word: &str) -> bool {
    word.starts_with('$') || word.starts_with('`')
}

fn mentions_snapshot(instruction: &Instruction) -> bool {
    instruction_mentions(instruction, SNAPSHOT_TOOL)
        || (instruction_mentions(instruction, SNAPSHOT_WORD)
            && SNAPSHOT_MARKERS
                .iter()
                .any(|marker| instruction_mentions(instruction, marker)))
}

/// Whether the RUN or an earlier RUN of its stages (`snapshots`) mentions a snapshot.
fn uses_snapshot(snapshots: &Earlier<'_>, script: &RunScript<'_>) -> bool {
    mentions_snapshot(script.instruction)
        || snapshots.last(script.stage, script.instruction).is_some()
}

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    // The RUNs that mention a snapshot, found when first needed.
    let mut snapshots = None;
    for script in context.run_scripts() {
        let mut snapshot = None;
        for package in script.package_commands() {
            let Some(packages) = packages(package) else {
                continue;
            };
            let module = package.subcommand() == "module";
            let unpinned: Vec<&ShellWord> = packages
                .into_iter()
                .filter(|word| {
                    !is_expansion(&word.value) && !is_pinned(package.manager, module, &word.value)
                })
                .collect();
            let Some(first) = unpinned.first() else {
                continue;
            };
            if package.manager.is_apt() {
                if package.has_option(&["S", "snapshot"]) {
                    continue;
                }
                if *snapshot.get_or_insert_with(|| {
                    let snapshots = snapshots.get_or_insert_with(|| {
                        Earlier::new(context, |instruction| {
                            instruction.kind == Some(Keyword::Run) && mentions_snapshot(instruction)
                        })
                    });
                    uses_snapshot(snapshots, script)
                }) {
                    continue;
                }
            }

            let (hint, example) = match package.manager {
                Manager::AptGet | Manager::Apt | Manager::Aptitude => (
                    " or install from a snapshot",
                    format!("{}=<version>", first.value),
                ),
                Manager::Apk => ("", format!("{}=<version>", first.value)),
                Manager::Zypper => ("", format!("{}=<version>", first.value)),
                _ if module => ("", format!("{}:<stream>", first.value)),
                _ => ("", format!("{}-<version>", first.value)),
            };
            let message = format!(
                "{} {} not pinned to a version: use `{example}`{hint}",
                list_words(&unpinned),
                if unpinned.len() == 1 { "is" } else { "are" },
            );
            let mut diagnostic = Diagnostic::new(&RULE, word_span(script, first), message);
            for other in other_places(first, &unpinned[1..]) {
                diagnostic = diagnostic.with_label(word_span(script, other), "not pinned either");
            }
            diagnostics.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, lines, messages};

    #[test]
    fn simulations_install_nothing() {
        let text = "FROM debian:12\nRUN apt-get update; \\\n    if apt-get install -s postgresql-16-jit > /dev/null 2>&1; then echo available; fi; \\\n    apt-get install --simulate curl; apt-get -qq --just-print install wget\n";
        assert_eq!(messages(&RULE, text), Vec::<String>::new());
        let text = "FROM alpine:3.20\nRUN apk add --simulate curl && apk add -s git\n";
        assert_eq!(messages(&RULE, text), Vec::<String>::new());
        let text = "FROM debian:12\nRUN apt-get install -s curl && apt-get install -y curl\n";
        assert_eq!(lines(&RULE, text), [2]);
        assert_eq!(
            findings(&RULE, text)[0].span.start,
            text.rfind("curl").unwrap()
        );
    }

    #[test]
    fn packages_in_variables_of_the_same_run() {
        let text = "FROM debian:12\nRUN set -eux; \\\n    fetchDeps='curl ca-certificates=20230311'; \\\n    apt-get update; \\\n    apt-get install -y --no-install-recommends $fetchDeps git; \\\n    apt-get purge -y $fetchDeps\n";
        assert_eq!(
            messages(&RULE, text),
            [
                "`curl` (from `$fetchDeps`), `git` are not pinned to a version: use `curl=<version>` or install from a snapshot"
            ]
        );
        let found = findings(&RULE, text);
        assert_eq!(&text[found[0].span.range()], "$fetchDeps");
        assert_eq!(found[0].labels.len(), 1, "one label, for `git`");
        // `export`, `&&` lists and values joined from continuation lines.
        let text = "FROM alpine:3.20\nRUN export buildDeps=\"gcc make=4.4.1-r2\" \\\n && apk add --no-cache --virtual .build-deps \\\n      $buildDeps \\\n && apk del .build-deps\n";
        assert_eq!(
            messages(&RULE, text),
            ["`gcc` (from `$buildDeps`) is not pinned to a version: use `gcc=<version>`"]
        );
        let text = "FROM debian:12\nRUN runDeps=' \\\n      libssl3 \\\n      zlib1g=1:1.2.13.dfsg-1 \\\n    ' \\\n && apt-get install -y $runDeps\n";
        assert_eq!(
            messages(&RULE, text),
            [
                "`libssl3` (from `$runDeps`) is not pinned to a version: use `libssl3=<version>` or install from a snapshot"
            ]
        );
        // Values the RUN cannot know stay unread: substitutions, ENV, other RUNs.
        let passing = [
            "FROM debian:12\nRUN savedAptMark=\"$(apt-mark showmanual)\"; apt-get install -y $savedAptMark\n",
            "FROM debian:12\nENV DEPS=\"curl wget\"\nRUN apt-get install -y $DEPS\n",
            "FROM debian:12\nRUN deps='curl wget'\nRUN apt-get install -y $deps\n",
            "FROM debian:12\nRUN if [ -n \"$DEV\" ]; then deps=gdb; fi; apt-get install -y $deps\n",
            "FROM debian:12\nRUN deps=\"curl=$CURL_VERSION\"; apt-get install -y $deps\n",
        ];
        for text in passing {
            assert_eq!(messages(&RULE, text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn versions_from_variables_are_pins() {
        let pinned = [
            "FROM debian\nRUN apt-get install -y \"curl=$CURL_VERSION\" git=${GIT_VERSION}\n",
            "FROM alpine\nRUN apk add \"curl=$CURL_VERSION\"\n",
            "FROM oraclelinux:9-slim\nRUN microdnf install -y \"mysql-shell-$MYSQL_SHELL_VERSION\" tool-${TOOL_VERSION}-1.el9 \"lib-v$V\"\n",
            "FROM fedora\nRUN dnf install -y nginx-$NGINX_VERSION && yum install -y \"gcc-${GCC}\"\n",
        ];
        for text in pinned {
            assert_eq!(messages(&RULE, text), Vec::<String>::new(), "{text}");
        }
        // A variable in the name is no version: `postgresql$PG_MAJOR-server` names a package.
        assert_eq!(
            messages(
                &RULE,
                "FROM fedora\nRUN dnf install -y \"postgresql$PG_MAJOR-server\"\n"
            ),
            [
                "`postgresql$PG_MAJOR-server` is not pinned to a version: use `postgresql$PG_MAJOR-server-<version>`"
            ]
        );
    }

    #[test]
    fn pins_per_manager() {
        let pinned = [
            "FROM debian\nRUN apt-get install -y -t bookworm-backports curl=8.* git/bookworm ./x.deb $EXTRA\n",
            "FROM alpine\nRUN apk add --no-cache --virtual .deps curl=8.9.1-r2 git~2.45 'musl>1'\n",
            "FROM fedora\nRUN dnf install -y nginx-1.24.0 gcc-11.4.1-2.el9 ./x.rpm @core && dnf module install -y nodejs:20\n",
            "FROM opensuse/leap\nRUN zypper -n in curl=8.6 'vim>=9'\n",
            "FROM debian\nRUN apt-get install -y --snapshot 20240601T000000Z curl\n",
            "FROM debian\nRUN sed -i 's|deb.debian.org|snapshot.debian.org/archive|' /etc/apt/sources.list.d/debian.sources\nRUN apt-get update && apt-get install -y curl\n",
        ];
        for text in pinned {
            assert_eq!(messages(&RULE, text), Vec::<String>::new(), "{text}");
        }
        assert_eq!(
            messages(
                &RULE,
                "FROM debian\nRUN apt-get install -y curl git=1:2.39 wget\n"
            ),
            [
                "`curl`, `wget` are not pinned to a version: use `curl=<version>` or install from a snapshot"
            ]
        );
        assert_eq!(
            messages(
                &RULE,
                "FROM fedora\nRUN dnf install -y python3-pip && dnf module install -y nodejs\n"
            ),
            [
                "`python3-pip` is not pinned to a version: use `python3-pip-<version>`",
                "`nodejs` is not pinned to a version: use `nodejs:<stream>`"
            ]
        );
    }
}
