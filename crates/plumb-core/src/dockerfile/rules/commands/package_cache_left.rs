//! DF224: package-manager caches and indexes left in the image.

use super::support::{
    Environment, cache_mount_covers, has_cache_mount, insert_after, is_shipped, removes,
    shipped_stages, word_span,
};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::{Context, RunScript};
use crate::package_managers::{Manager, PackageCommand};
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF224",
    name: "package-cache-left",
    title: "Package cache left in the image",
    severity: Severity::Info,
    upstream: &[
        Upstream::Hadolint("DL3009"),
        Upstream::Hadolint("DL3019"),
        Upstream::Hadolint("DL3042"),
        Upstream::Hadolint("DL3060"),
        Upstream::Hadolint("DL3032"),
        Upstream::Hadolint("DL3036"),
        Upstream::Hadolint("DL3040"),
    ],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "Package indexes and download caches are written into the layer of the RUN \
that installs: megabytes of data the image never uses, different on every build (so the \
layer is never reproducible), and impossible to remove later, since a later `rm` only hides \
them. Clean up in the same RUN, or keep the cache out of the layer with \
`RUN --mount=type=cache,target=…` (or `type=tmpfs`):\n\n\
| tool | in the same RUN | or a cache mount at |\n\
|---|---|---|\n\
| `apt-get update` | `rm -rf /var/lib/apt/lists/*`, or `apt-get dist-clean` (apt 2.7 and later) | `/var/lib/apt/lists` (or `/var/lib/apt`) |\n\
| `apk add` | `apk add --no-cache`, or `rm -rf /var/cache/apk/*` | `/var/cache/apk` |\n\
| `pip install` | `--no-cache-dir` (or `PIP_NO_CACHE_DIR=1`), or `pip cache purge` | `/root/.cache/pip` |\n\
| `uv` | `--no-cache` (or `UV_NO_CACHE=1`), or `uv cache clean` | `/root/.cache/uv` |\n\
| `yarn install`/`add` | `yarn cache clean` afterwards | the yarn cache folder |\n\
| `yum`/`dnf`/`microdnf install` | `… clean all` afterwards, or remove `/var/cache/yum`/`dnf` | `/var/cache/dnf`, `/var/cache/libdnf5` |\n\
| `zypper install` | `zypper clean` afterwards | `/var/cache/zypp` |\n\n\
Only stages whose layers can end up in an image are checked: the last stage, stages no other \
stage uses, and the stages they are built on. A stage that is only copied from is a build \
helper; its caches never reach the image.\n\n\
Commands that download nothing are not reported: `apk add --no-network` (it installs only \
what is already on disk, typically a virtual package recording run-time dependencies), and \
version or help queries such as `yarn --version` or `pip --version` (a smoke test of a tool \
just installed writes no cache).\n\n\
The fix adds `--no-cache` to `apk add`/`apk upgrade` (when the RUN has no separate \
`apk update`), `--no-cache-dir` to `pip install` and `--no-cache` to `uv`.\n\n\
Differences from hadolint: hadolint has one rule per tool; it checks DL3009 and DL3060 only in \
the last stage and stages used as a base, the others everywhere. hadolint wants exactly \
`rm -rf /var/lib/apt/lists/*` where plumb accepts any removal of that folder, and wants both \
`/var/lib/apt` and `/var/cache/apt` mounted where plumb accepts a mount covering the lists \
(so hadolint also reports a RUN ending in `apt-get dist-clean`). hadolint has no check for `apk update` alone, for `uv`, or for removing the pip cache by hand."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM python:3.12-alpine\nRUN apk add curl=8.9.1-r2 && pip install flask==3.0.3\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM python:3.12-alpine\nRUN apk add --no-cache curl=8.9.1-r2 && pip install --no-cache-dir flask==3.0.3\n",
    )),
};

/// The cache families, one finding each per RUN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Apt,
    Apk,
    Pip,
    Uv,
    Yarn,
    Rpm,
    Zypper,
}

fn family(package: &PackageCommand<'_>) -> Option<Family> {
    let subcommand = package.subcommand();
    let operand = |index: usize| package.operands.get(index).map(|word| word.value.as_str());
    Some(match package.manager {
        Manager::AptGet | Manager::Apt | Manager::Aptitude if subcommand == "update" => Family::Apt,
        Manager::Apk if matches!(subcommand, "add" | "update" | "upgrade") => Family::Apk,
        Manager::Pip if subcommand == "install" => Family::Pip,
        Manager::UvPip if subcommand == "install" => Family::Uv,
        Manager::Uv if matches!(subcommand, "sync" | "add") => Family::Uv,
        Manager::Uv if subcommand == "tool" && operand(0) == Some("install") => Family::Uv,
        Manager::Yarn if matches!(subcommand, "" | "install" | "add") => Family::Yarn,
        Manager::Dnf | Manager::Yum | Manager::Microdnf
            if matches!(
                subcommand,
                "install"
                    | "in"
                    | "groupinstall"
                    | "localinstall"
                    | "upgrade"
                    | "up"
                    | "update"
                    | "upgrade-minimal"
                    | "reinstall"
                    | "rei"
            ) || (subcommand == "module" && operand(0) == Some("install")) =>
        {
            Family::Rpm
        }
        Manager::Zypper if matches!(subcommand, "install" | "in") => Family::Zypper,
        _ => return None,
    })
}

/// Whether the command avoids writing the cache by itself (`apk --no-network` downloads
/// nothing, so it has nothing to cache).
fn skips_cache(family: Family, package: &PackageCommand<'_>) -> bool {
    match family {
        Family::Apk => package.has_option(&["no-cache", "no-network"]),
        Family::Pip => package.has_option(&["no-cache-dir"]),
        Family::Uv => package.has_option(&["no-cache", "n"]),
        _ => false,
    }
}

/// `yarn --version`, `pip -V`, `npm --help`: a query of the tool itself, with no subcommand,
/// that installs nothing and writes no cache.
fn is_query(package: &PackageCommand<'_>) -> bool {
    package.subcommand.is_none() && package.has_option(&["version", "v", "V", "help", "h"])
}

/// Whether the RUN keeps the family's cache out of the layer some other way: cleaning it
/// after `after` (a command index), a cache mount, or an environment switch.
fn cleaned(
    environment: &Environment<'_, '_>,
    script: &RunScript<'_>,
    family: Family,
    after: usize,
) -> bool {
    let instruction = script.instruction;
    let later = &script.commands[after..];
    let cleans = |managers: &[Manager], subcommands: &[&str]| {
        script
            .package_commands_from(after)
            .any(|package| package.is(managers, subcommands))
    };
    match family {
        Family::Apt => {
            removes(script.commands, &["/var/lib/apt/lists"])
                || cache_mount_covers(instruction, "/var/lib/apt/lists")
                // apt 2.7: `clean` plus the package lists (`distclean` is the same command).
                || cleans(
                    &[Manager::AptGet, Manager::Apt],
                    &["dist-clean", "distclean"],
                )
        }
        Family::Apk => {
            removes(script.commands, &["/var/cache/apk", "/etc/apk/cache"])
                || has_cache_mount(instruction, "/var/cache/apk")
                || has_cache_mount(instruction, "/etc/apk/cache")
        }
        Family::Pip => {
            environment.is_truthy(script, "PIP_NO_CACHE_DIR")
                || has_cache_mount(instruction, ".cache/pip")
                || removes(later, &[".cache/pip"])
                || script.package_commands_from(after).any(|package| {
                    package.manager == Manager::Pip
                        && package.subcommand() == "cache"
                        && package
                            .operands
                            .first()
                            .is_some_and(|word| matches!(word.value.as_str(), "purge" | "remove"))
                })
        }
        Family::Uv => {
            environment.is_truthy(script, "UV_NO_CACHE")
                || has_cache_mount(instruction, ".cache/uv")
                || removes(later, &[".cache/uv"])
                || cleans(&[Manager::Uv], &["cache"])
        }
        Family::Yarn => {
            has_cache_mount(instruction, ".cache/yarn")
                || has_cache_mount(instruction, "yarn/berry/cache")
                || script.package_commands_from(after).any(|package| {
                    package.manager == Manager::Yarn
                        && package.subcommand() == "cache"
                        && package
                            .operands
                            .first()
                            .is_some_and(|word| word.value == "clean")
                })
        }
        Family::Rpm => {
            [
                "/var/cache/dnf",
                "/var/cache/yum",
                "/var/cache/libdnf5",
                ".cache/libdnf5",
            ]
            .iter()
            .any(|path| has_cache_mount(instruction, path))
                || removes(
                    later,
                    &["/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5"],
                )
                || cleans(&[Manager::Dnf, Manager::Yum, Manager::Microdnf], &["clean"])
        }
        Family::Zypper => {
            has_cache_mount(instruction, "/var/cache/zypp")
                || removes(later, &["/var/cache/zypp"])
                || cleans(&[Manager::Zypper], &["clean", "cc"])
        }
    }
}

fn message(family: Family, package: &PackageCommand<'_>) -> String {
    let name = package.manager.name();
    match family {
        Family::Apt => format!(
            "`{name} update` leaves package lists in the image: add `rm -rf /var/lib/apt/lists/*` to this RUN or use a cache mount"
        ),
        Family::Apk if package.subcommand() == "update" => "`apk update` leaves the package index in /var/cache/apk: drop it and use `apk add --no-cache`".into(),
        Family::Apk => format!("`apk {}` keeps its cache in the image: use `--no-cache`", package.subcommand()),
        Family::Pip => format!("`{name} install` keeps its cache in the image: use `--no-cache-dir`"),
        Family::Uv => "`uv` keeps its cache in the image: use `--no-cache` or a cache mount".into(),
        Family::Yarn => "`yarn` keeps its cache in the image: run `yarn cache clean` in the same RUN or use a cache mount".into(),
        Family::Rpm => format!(
            "`{name} {}` leaves its cache in the image: run `{name} clean all` in the same RUN",
            package.subcommand()
        ),
        Family::Zypper => "`zypper install` leaves its cache in the image: run `zypper clean --all` in the same RUN".into(),
    }
}

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let shipped = shipped_stages(context);
    let environment = Environment::new(context);
    for script in context.run_scripts() {
        if !is_shipped(&shipped, script) {
            continue;
        }
        let mut found: Vec<(Family, Vec<(usize, &PackageCommand<'_>)>)> = Vec::new();
        for index in 0..script.commands.len() {
            let Some(package) = script.package_command(index) else {
                continue;
            };
            let Some(family) = family(package) else {
                continue;
            };
            if is_query(package) || skips_cache(family, package) {
                continue;
            }
            match found.iter_mut().find(|(known, _)| *known == family) {
                Some((_, packages)) => packages.push((index, package)),
                None => found.push((family, vec![(index, package)])),
            }
        }
        for (family, packages) in found {
            let (first_index, first) = &packages[0];
            if cleaned(&environment, script, family, *first_index) {
                continue;
            }
            let word = first.subcommand.unwrap_or(first.program);
            let mut diagnostic =
                Diagnostic::new(&RULE, word_span(script, word), message(family, first));
            if let Some(fix) = fix(script, family, &packages) {
                diagnostic = diagnostic.with_fix(fix);
            }
            diagnostics.push(diagnostic);
        }
    }
}

fn fix(
    script: &RunScript<'_>,
    family: Family,
    packages: &[(usize, &PackageCommand<'_>)],
) -> Option<Fix> {
    let (option, title) = match family {
        Family::Apk => ("--no-cache", "add `--no-cache` to `apk`"),
        Family::Pip => ("--no-cache-dir", "add `--no-cache-dir` to `pip install`"),
        Family::Uv => ("--no-cache", "add `--no-cache` to `uv`"),
        _ => return None,
    };
    if family == Family::Apk
        && packages
            .iter()
            .any(|(_, package)| package.subcommand() == "update")
    {
        return None;
    }
    let edits: Vec<Edit> = packages
        .iter()
        .filter_map(|(_, package)| package.subcommand)
        .map(|word| insert_after(script, word, &format!(" {option}")))
        .collect();
    (!edits.is_empty()).then(|| Fix {
        title: title.into(),
        applicability: Applicability::Safe,
        edits,
    })
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed, lines, messages};

    #[test]
    fn cleaned_or_mounted_caches_pass() {
        let passing = [
            "FROM debian\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n",
            "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y x\n",
            "FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk apk add x\n",
            "FROM python\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n",
            "FROM python\nRUN pip install x && pip cache purge\n",
            "FROM python\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n",
            "FROM node\nRUN yarn install --frozen-lockfile && yarn cache clean\n",
            "FROM fedora\nRUN dnf install -y x && dnf clean all\n",
            "FROM opensuse/leap\nRUN zypper -n in x && zypper clean -a\n",
            "FROM debian AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /x /x\n",
        ];
        for text in passing {
            assert_eq!(messages(&RULE, text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn dist_clean_removes_the_package_lists() {
        for clean in ["apt-get dist-clean", "apt-get distclean", "apt dist-clean"] {
            let text = format!(
                "FROM debian:trixie\nRUN apt-get update; apt-get install -y --no-install-recommends curl; {clean}\n"
            );
            assert_eq!(messages(&RULE, &text), Vec::<String>::new(), "{text}");
        }
        // Only a clean after the update counts; `apt-get clean` keeps the lists.
        for text in [
            "FROM debian:trixie\nRUN apt-get dist-clean && apt-get update && apt-get install -y curl\n",
            "FROM debian:trixie\nRUN apt-get update && apt-get install -y curl && apt-get clean\n",
        ] {
            assert_eq!(lines(&RULE, text), [2], "{text}");
        }
    }

    #[test]
    fn version_queries_write_no_cache() {
        let text = "FROM node:22\nRUN yarn --version && yarnpkg -v && npm --version && node -v \\\n && pip --version && pip3 -V && gem -v && composer --version && yarn --help\n";
        assert_eq!(messages(&RULE, text), Vec::<String>::new());
        // A query option after a subcommand is the subcommand's business.
        let text = "FROM node:22\nRUN yarn --version && yarn install --frozen-lockfile\n";
        assert_eq!(lines(&RULE, text), [2]);
    }

    #[test]
    fn apk_without_network_downloads_nothing() {
        let text = "FROM alpine:3.20\nRUN apk add --no-network --virtual .run-deps so:libc.musl-x86_64.so.1\n";
        assert_eq!(messages(&RULE, text), Vec::<String>::new());
        let text =
            "FROM alpine:3.20\nRUN apk add --no-network --virtual .run-deps libc && apk add curl\n";
        assert_eq!(
            messages(&RULE, text),
            ["`apk add` keeps its cache in the image: use `--no-cache`"]
        );
    }

    #[test]
    fn left_caches_are_reported() {
        let text = "FROM fedora\nRUN dnf clean all && dnf install -y x && apt-get update && yarn && zypper in y && apk update && apk add z\n";
        assert_eq!(messages(&RULE, text).len(), 5);
    }

    #[test]
    fn fixes_add_no_cache_switches() {
        let fixed = fixed(
            &RULE,
            "FROM python:3.12-alpine\nRUN apk add curl \\\n && apk upgrade \\\n && pip3 install flask==3.0.3 && uv pip install --system ruff\n",
        );
        assert_eq!(
            fixed,
            "FROM python:3.12-alpine\nRUN apk add --no-cache curl \\\n && apk upgrade --no-cache \\\n && pip3 install --no-cache-dir flask==3.0.3 && uv pip install --no-cache --system ruff\n"
        );
    }
}
