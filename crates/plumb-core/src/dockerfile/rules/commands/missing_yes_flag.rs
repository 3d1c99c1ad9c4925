//! DF120: a package manager that asks for confirmation, run without its "yes" switch.

use super::support::{insert_after, word_span};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::package_managers::{Manager, PackageCommand};
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF120",
    name: "missing-yes-flag",
    title: "Package manager may prompt for confirmation",
    severity: Severity::Warning,
    upstream: &[
        Upstream::Hadolint("DL3014"),
        Upstream::Hadolint("DL3030"),
        Upstream::Hadolint("DL3034"),
        Upstream::Hadolint("DL3038"),
    ],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "A build has no terminal to answer questions on. `apt-get`, `apt`, \
`aptitude`, `yum`, `dnf` and `zypper` ask before installing or removing more than was named, \
and with nothing on standard input they give up (`Abort.`), failing the build at an \
unpredictable moment: whenever a dependency change makes them ask. Pass the switch that \
answers yes: `-y` (`--yes`, `--assume-yes`, `--assumeyes`; `-qq` implies it for `apt-get`), or \
`-n`/`--non-interactive` before a `zypper` subcommand.\n\n\
The fix inserts `-y` after the subcommand.\n\n\
Differences from hadolint: DL3014 checks only `apt-get install` and DL3030/DL3038 only \
`install`, `groupinstall` and `localinstall`; plumb also checks the other subcommands that \
prompt (`upgrade`, `remove`, `purge`, `autoremove`, …) and `apt`/`aptitude`, looks through \
`sudo`/`env`, and accepts `yes | apt-get …`. `microdnf` never prompts, so plumb does not ask \
for `-y` there (DL3038 does). `apk` never prompts. A simulation (`apt-get install -s`, \
`--simulate`, `--dry-run`, `--just-print`, `--recon`, `--no-act`; `dnf --assumeno`; \
`zypper --dry-run`) changes nothing and asks nothing, so plumb does not check it (hadolint \
does)."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
    )),
};

/// The subcommands that may ask for confirmation, per manager.
fn prompts(package: &PackageCommand<'_>) -> bool {
    const APT: &[&str] = &[
        "install",
        "upgrade",
        "dist-upgrade",
        "full-upgrade",
        "remove",
        "purge",
        "autoremove",
        "autopurge",
        "build-dep",
        "reinstall",
        "safe-upgrade",
    ];
    const RPM: &[&str] = &[
        "install",
        "groupinstall",
        "localinstall",
        "reinstall",
        "remove",
        "erase",
        "update",
        "upgrade",
        "downgrade",
        "distro-sync",
        "autoremove",
        "groupremove",
        "groupupdate",
    ];
    const ZYPPER: &[&str] = &[
        "install",
        "in",
        "remove",
        "rm",
        "source-install",
        "si",
        "patch",
        "update",
        "up",
    ];
    let subcommand = package.subcommand();
    match package.manager {
        Manager::AptGet | Manager::Apt | Manager::Aptitude => APT.contains(&subcommand),
        Manager::Dnf | Manager::Yum => RPM.contains(&subcommand),
        Manager::Zypper => ZYPPER.contains(&subcommand),
        _ => false,
    }
}

fn answers_yes(package: &PackageCommand<'_>) -> bool {
    let options = &package.options;
    match package.manager {
        Manager::AptGet | Manager::Apt | Manager::Aptitude => {
            options.has(&["y", "yes", "assume-yes"])
                || options.count("q") >= 2
                || options.count("quiet") >= 2
                || options.flags.iter().any(|flag| {
                    (flag.name == "quiet" && flag.value == Some("2")) || flag.word.value == "-q=2"
                })
                || options.values(&["o", "option"]).iter().any(|value| {
                    let (key, value) = value.split_once('=').unwrap_or((value, ""));
                    key.eq_ignore_ascii_case("APT::Get::Assume-Yes")
                        && !matches!(value, "0" | "false" | "no")
                })
        }
        Manager::Dnf | Manager::Yum => {
            options.has(&["y", "assumeyes"])
                || options.values(&["setopt"]).iter().any(|value| {
                    matches!(*value, "assumeyes=1" | "assumeyes=True" | "assumeyes=true")
                })
        }
        Manager::Zypper => options.has(&["non-interactive", "n", "no-confirm", "y"]),
        _ => true,
    }
}

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for script in context.run_scripts() {
        let commands = script.commands;
        let packages = commands
            .iter()
            .enumerate()
            .filter_map(|(index, _)| Some((index, script.package_command(index)?)));
        for (index, package) in packages {
            if !prompts(package) || answers_yes(package) {
                continue;
            }
            // `yes | apt-get install …` answers the prompts too.
            let piped_yes = index > 0
                && commands[index - 1].then == crate::shell::script::Connector::Pipe
                && commands[index - 1].program() == Some("yes");
            if piped_yes {
                continue;
            }
            let Some(subcommand) = package.subcommand else {
                continue;
            };
            let name = package.manager.name();
            let message = format!(
                "`{name} {}` may ask for confirmation and abort the build: add `-y`",
                subcommand.value
            );
            diagnostics.push(
                Diagnostic::new(&RULE, word_span(script, subcommand), message).with_fix(Fix {
                    title: format!("add `-y` to `{name} {}`", subcommand.value),
                    applicability: Applicability::Safe,
                    edits: vec![insert_after(script, subcommand, " -y")],
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed, messages};

    #[test]
    fn recognises_the_yes_switches() {
        let text = "FROM fedora:40\nRUN dnf install -y gcc && yum --assumeyes install make && microdnf install tar \
&& apt-get -qq install curl && apt-get -o APT::Get::Assume-Yes=true install x && yes | apt-get install z \
&& zypper -n in vim && apt-get update && apk add curl\n";
        assert_eq!(messages(&RULE, text), Vec::<String>::new());
        let text =
            "FROM fedora:40\nRUN dnf install gcc && zypper install vim && apt-get -q remove x\n";
        assert_eq!(messages(&RULE, text).len(), 3);
    }

    #[test]
    fn simulations_do_not_prompt() {
        let text = "FROM debian:12\nRUN if apt-get install -s \"postgresql-16-jit\" > /dev/null 2>&1; then \\\n      apt-get install -y postgresql-16-jit; \\\n    fi; \\\n    apt-get --simulate remove curl; apt-get install --dry-run git\n";
        assert_eq!(messages(&RULE, text), Vec::<String>::new());
        let text =
            "FROM fedora:40\nRUN dnf --assumeno install gcc && zypper install --dry-run vim\n";
        assert_eq!(messages(&RULE, text), Vec::<String>::new());
        // The same commands without the simulation switch still fire.
        let text = "FROM debian:12\nRUN apt-get install curl\n";
        assert_eq!(messages(&RULE, text).len(), 1);
    }

    #[test]
    fn fix_inserts_yes() {
        let fixed = fixed(
            &RULE,
            "FROM debian:12\nRUN apt-get update && \\\n    apt-get install \\\n      curl && sudo yum install make\n",
        );
        assert!(fixed.contains("apt-get install -y \\\n"), "{fixed}");
        assert!(fixed.contains("yum install -y make"), "{fixed}");
    }
}
