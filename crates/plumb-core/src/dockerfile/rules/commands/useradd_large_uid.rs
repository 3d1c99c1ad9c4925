//! DF228: `useradd` with a large UID and without `-l`.

use super::support::{USER_TOOLS, insert_after, program_calls};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::package_managers::{Options, basename};
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF228",
    name: "useradd-large-uid",
    title: "useradd with a large UID and without -l",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL3046")],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "`useradd` records every user in `/var/log/lastlog` and `/var/log/faillog`, \
sparse files indexed by UID. With a large UID (say 1000000) they grow to hundreds of \
megabytes, and image layers do not keep files sparse: the layer really is that large, and the \
build can run out of disk. `useradd -l` (`--no-log-init`) skips those records.\n\n\
The fix adds `-l`. Like hadolint, a UID of more than five digits counts as large; plumb only \
reads numeric UIDs, where hadolint also counts the length of a variable reference such as \
`${UID}`."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN useradd -u 1000000 -m app\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN useradd -l -u 1000000 -m app\n"
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for (script, program, arguments) in program_calls(context) {
        if basename(&program.value) != "useradd" {
            continue;
        }
        let options = Options::parse(arguments, &USER_TOOLS);
        if options.has(&["l", "no-log-init"]) {
            continue;
        }
        let Some(uid) = options
            .values(&["u", "uid"])
            .into_iter()
            .find(|uid| uid.len() > 5 && uid.bytes().all(|byte| byte.is_ascii_digit()))
        else {
            continue;
        };
        diagnostics.push(
            Diagnostic::new(
                &RULE,
                script.span(program.start, program.end),
                format!(
                    "`useradd` with UID {uid} and without `-l` writes huge lastlog/faillog files into the image: add `-l`"
                ),
            )
            .with_fix(Fix {
                title: "add `-l` (`--no-log-init`)".into(),
                applicability: Applicability::Safe,
                edits: vec![insert_after(script, program, " -l")],
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed, messages};

    #[test]
    fn fix_adds_no_log_init() {
        let fixed = fixed(
            &RULE,
            "FROM debian\nRUN useradd --uid=1000000 app && useradd -u 123456 -m x\n",
        );
        assert_eq!(
            fixed,
            "FROM debian\nRUN useradd -l --uid=1000000 app && useradd -l -u 123456 -m x\n"
        );
        assert!(
            messages(
                &RULE,
                "FROM debian\nRUN useradd -u 10001 app && useradd -u ${UID} x\n"
            )
            .is_empty()
        );
    }
}
