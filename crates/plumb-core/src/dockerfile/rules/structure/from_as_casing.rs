//! DF402: `AS` written in another case than `FROM`.

use super::from_words;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF402",
    name: "from-as-casing",
    title: "`AS` and `FROM` in different cases",
    severity: Severity::Warning,
    upstream: &[Upstream::BuildkitCheck("FromAsCasing")],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "Keywords are case-insensitive, but a file reads better when they agree: \
`FROM image AS name` or `from image as name`. As in BuildKit, the check only applies when \
`FROM` itself is all upper or all lower case (a mixed-case `From` is a matter for DF403). \
The fix writes `AS` in the case of `FROM`."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23 as build\nRUN go build ./...\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23 AS build\nRUN go build ./...\n"
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in &context.dockerfile.instructions {
        let Some((as_word, _)) = from_words(instruction).and_then(|words| words.stage) else {
            continue;
        };
        let from = &instruction.keyword.value;
        let wanted = if *from == from.to_lowercase() {
            "as"
        } else if *from == from.to_uppercase() {
            "AS"
        } else {
            continue;
        };
        if as_word.value == wanted {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                &RULE,
                as_word.span,
                format!(
                    "'{}' and '{from}' keywords' casing do not match",
                    as_word.value
                ),
            )
            .with_fix(Fix {
                title: format!("write {wanted}"),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    file: None,
                    span: as_word.span,
                    replacement: wanted.into(),
                }],
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed, lines};

    #[test]
    fn as_follows_from() {
        let text = "FROM a as one\nfrom b AS two\nFrom c as three\nFROM d As four\nfrom e as five\nFROM f AS six\n";
        assert_eq!(lines(&RULE, text), [1, 2, 4]);
        assert_eq!(
            fixed(&RULE, text),
            "FROM a AS one\nfrom b as two\nFrom c as three\nFROM d AS four\nfrom e as five\nFROM f AS six\n"
        );
    }
}
