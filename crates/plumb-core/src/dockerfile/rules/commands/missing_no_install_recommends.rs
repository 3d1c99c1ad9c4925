//! DF421: `apt-get install` without `--no-install-recommends`.

use super::support::{Earlier, insert_after, instruction_mentions, word_span};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::dockerfile::check_context::{Context, RunScript};
use crate::dockerfile::instruction::{Instruction, Keyword};
use crate::package_managers::{Manager, PackageCommand};
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF421",
    name: "missing-no-install-recommends",
    title: "apt-get install without --no-install-recommends",
    severity: Severity::Info,
    upstream: &[Upstream::Hadolint("DL3015")],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "By default `apt-get install` also installs every package the named ones \
recommend: documentation, optional tools, often dozens of packages and hundreds of megabytes \
the image never uses, each one more thing to patch. `--no-install-recommends` installs what \
is needed; name any recommended package you do want.\n\n\
Also accepted: `-o APT::Install-Recommends=false`, and an APT configuration setting \
`APT::Install-Recommends` written by this RUN or an earlier one in the stage.\n\n\
The fix inserts `--no-install-recommends` after `install`. Differences from hadolint: DL3015 \
checks only `apt-get`; plumb also checks `apt install`, looks through `sudo`, accepts the \
configuration file, and does not check a simulation (`apt-get install -s`, `--simulate`, \
`--dry-run`, `--just-print`, `--recon`, `--no-act`), which installs nothing."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
    )),
};

fn disables_recommends(package: &PackageCommand<'_>) -> bool {
    package.has_option(&["no-install-recommends"])
        || package
            .options
            .values(&["o", "option"])
            .iter()
            .any(|value| {
                value.split_once('=').is_some_and(|(key, value)| {
                    key.eq_ignore_ascii_case("APT::Install-Recommends")
                        && matches!(value, "false" | "0" | "no" | "False")
                })
            })
}

/// Whether the text of an instruction writes an `APT::Install-Recommends` setting that turns
/// recommendations off.
fn configures(instruction: &Instruction) -> bool {
    instruction_mentions(instruction, "Install-Recommends")
        && !instruction_mentions(instruction, "Install-Recommends=")
        && (instruction_mentions(instruction, "false")
            || instruction_mentions(instruction, "\"0\""))
}

/// Whether the RUN or an earlier RUN of its stages (`configuring`) wrote the setting.
fn configured(configuring: &Earlier<'_>, script: &RunScript<'_>) -> bool {
    configures(script.instruction) || configuring.last(script.stage, script.instruction).is_some()
}

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    // The RUNs that write the setting, found when first needed.
    let mut configuring = None;
    for script in context.run_scripts() {
        let mut config = None;
        for package in script.package_commands() {
            if !package.is(&[Manager::AptGet, Manager::Apt], &["install"])
                || disables_recommends(package)
            {
                continue;
            }
            if *config.get_or_insert_with(|| {
                let configuring = configuring.get_or_insert_with(|| {
                    Earlier::new(context, |instruction| {
                        instruction.kind == Some(Keyword::Run) && configures(instruction)
                    })
                });
                configured(configuring, script)
            }) {
                continue;
            }
            let Some(subcommand) = package.subcommand else {
                continue;
            };
            diagnostics.push(
                Diagnostic::new(
                    &RULE,
                    word_span(script, subcommand),
                    format!(
                        "`{} install` also installs recommended packages: add `--no-install-recommends`",
                        package.manager.name()
                    ),
                )
                .with_fix(Fix {
                    title: "add `--no-install-recommends`".into(),
                    applicability: Applicability::Safe,
                    edits: vec![insert_after(script, subcommand, " --no-install-recommends")],
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
    fn simulations_install_nothing() {
        let text = "FROM debian:12\nRUN apt-get install -s curl > /dev/null && apt-get install --dry-run -y git && apt install --no-act wget\n";
        assert_eq!(messages(&RULE, text), Vec::<String>::new());
        let text = "FROM debian:12\nRUN apt-get install -s curl && apt-get install -y curl\n";
        assert_eq!(messages(&RULE, text).len(), 1);
    }

    #[test]
    fn fix_and_configuration() {
        let fixed = fixed(
            &RULE,
            "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n",
        );
        assert!(
            fixed.contains("apt-get install --no-install-recommends -y curl\n"),
            "{fixed}"
        );
        let configured = "FROM debian\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get install -y curl && apt-get -o APT::Install-Recommends=false install -y git\n";
        assert_eq!(messages(&RULE, configured), Vec::<String>::new());
    }
}
