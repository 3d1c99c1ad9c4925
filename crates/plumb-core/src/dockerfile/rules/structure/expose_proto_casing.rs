//! DF407: an upper-case protocol in EXPOSE.

use super::expose_specs;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF407",
    name: "expose-proto-casing",
    title: "EXPOSE protocol not in lower case",
    severity: Severity::Warning,
    upstream: &[Upstream::BuildkitCheck("ExposeProtoCasing")],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "BuildKit accepts `80/TCP` and stores it as `80/tcp`; writing the protocol in \
lower case says what the image really exposes and keeps the file consistent. The fix \
lower-cases the protocol, which changes nothing in the image; it is offered when the spec is \
written without variables or quotes."
    ),
    failing_example: crate::rules::rule_example!(Text("FROM nginx:1.27\nEXPOSE 80/TCP 53/Udp\n")),
    passing_example: crate::rules::rule_example!(Text("FROM nginx:1.27\nEXPOSE 80/tcp 53/udp\n")),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for spec in expose_specs(context) {
        if spec.proto == spec.proto.to_lowercase() {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            spec.word.span,
            format!(
                "defined protocol '{}' in EXPOSE instruction should be lowercase",
                spec.raw
            ),
        );
        if spec.literal {
            diagnostic = diagnostic.with_fix(Fix {
                title: format!("write the protocol as {}", spec.proto.to_lowercase()),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    file: None,
                    span: spec.word.span,
                    replacement: format!(
                        "{}{}",
                        &spec.raw[..spec.raw.len() - spec.proto.len()],
                        spec.proto.to_lowercase()
                    ),
                }],
            });
        }
        diagnostics.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed, lines};

    #[test]
    fn protocols_in_upper_or_mixed_case() {
        let text =
            "FROM alpine\nARG P=53/UDP\nEXPOSE 80/tcp 443\nEXPOSE 80/TCP $P\nEXPOSE 80/HTTP\n";
        assert_eq!(lines(&RULE, text), [4, 4]);
        assert_eq!(
            fixed(&RULE, "FROM alpine\nEXPOSE 80/TCP 53/Udp\n"),
            "FROM alpine\nEXPOSE 80/tcp 53/udp\n"
        );
    }
}
