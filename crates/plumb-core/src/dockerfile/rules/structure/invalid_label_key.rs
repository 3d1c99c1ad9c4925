//! DF410: a LABEL key outside Docker's key format.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Arguments, Keyword};
use crate::dockerfile::shell_lexer::{Lexer, NoEnv};
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF410",
    name: "invalid-label-key",
    title: "LABEL key outside Docker's key format",
    severity: Severity::Info,
    upstream: &[Upstream::Hadolint("DL3048")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Docker's guidelines for label keys: lower-case letters, digits, `.`, `-`, \
`_` and `/` (reverse-DNS namespaces such as `org.opencontainers.image.version`), starting \
with a letter and ending with a letter or digit, no repeated `.` or `-`, and not in the \
namespaces Docker reserves (`com.docker.`, `io.docker.`, `org.dockerproject.`). BuildKit \
accepts any key; tools that read labels expect this format.\n\n\
plumb uses hadolint's DL3048 checks on the key after quote removal, and leaves out keys built \
from variables."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nLABEL Version=1.0 com.docker.extension=true\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nLABEL org.opencontainers.image.version=1.0 com.example.extension=true\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let lexer = Lexer::new(context.dockerfile.escape);
    for instruction in &context.dockerfile.instructions {
        if instruction.kind != Some(Keyword::Label) {
            continue;
        }
        let Arguments::KeyValues(pairs) = &instruction.arguments else {
            continue;
        };
        for pair in pairs {
            if pair.key.value.contains('$') {
                continue;
            }
            let Ok(key) = lexer.process_word(&pair.key.value, &NoEnv) else {
                continue;
            };
            if let Some(problem) = problem(&key) {
                diagnostics.push(Diagnostic::new(
                    &RULE,
                    pair.key.span,
                    format!("invalid label key {key:?}: it {problem}"),
                ));
            }
        }
    }
}

fn problem(key: &str) -> Option<&'static str> {
    let first = key.chars().next()?;
    let last = key.chars().next_back()?;
    if !first.is_ascii_lowercase() {
        Some("should start with a lower-case letter")
    } else if !(last.is_ascii_lowercase() || last.is_ascii_digit()) {
        Some("should end with a lower-case letter or a digit")
    } else if !key
        .chars()
        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ".-_/".contains(ch))
    {
        Some("should only contain lower-case letters, digits, '.', '-', '_' and '/'")
    } else if ["com.docker.", "io.docker.", "org.dockerproject."]
        .iter()
        .any(|reserved| key.starts_with(reserved))
    {
        Some("uses a namespace reserved by Docker")
    } else if key.contains("..") || key.contains("--") {
        Some("should not repeat '.' or '-'")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use super::problem;
    use crate::testing::lines;

    #[test]
    fn key_format() {
        for valid in [
            "org.opencontainers.image.version",
            "a",
            "maintainer",
            "com.example/x_y-1",
        ] {
            assert_eq!(problem(valid), None, "{valid}");
        }
        for invalid in [
            "Version",
            "1a",
            "a.",
            "a b",
            "io.docker.x",
            "a..b",
            "a--b",
            "a:b",
        ] {
            assert!(problem(invalid).is_some(), "{invalid}");
        }
    }

    #[test]
    fn keys_are_unquoted_and_variables_skipped() {
        let text = "FROM alpine\nLABEL \"com.example.a\"=1 ${PREFIX}.b=2\nLABEL Description text\nLABEL x.=1\n";
        assert_eq!(lines(&RULE, text), [3, 4]);
    }
}
