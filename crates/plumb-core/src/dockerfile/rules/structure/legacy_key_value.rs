//! DF406: ENV or LABEL in the legacy `KEY value` form.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::go_text::is_space;
use crate::dockerfile::instruction::{Arguments, KeyValue, Keyword};
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "DF406",
    name: "legacy-key-value",
    title: "ENV or LABEL in the legacy `KEY value` form",
    severity: Severity::Warning,
    upstream: &[Upstream::BuildkitCheck("LegacyKeyValueFormat")],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "`ENV KEY value` (no `=`) is the old form: it sets exactly one variable to the \
whole rest of the line, spaces included, so `ENV A 1 B 2` sets `A` to `1 B 2`. The `KEY=value` \
form can set several variables and makes the boundaries explicit. BuildKit warns about the \
legacy form.\n\n\
The fix writes `KEY=\"value\"`, re-quoting the value so it expands to exactly what it did \
(quotes, escapes and variables kept in meaning). It is offered when the instruction is on one \
line."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nENV APP_HOME /opt/my app\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nENV APP_HOME=\"/opt/my app\"\n"
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in &context.dockerfile.instructions {
        let Some(keyword @ (Keyword::Env | Keyword::Label)) = instruction.kind else {
            continue;
        };
        let Arguments::KeyValues(pairs) = &instruction.arguments else {
            continue;
        };
        let [pair] = pairs.as_slice() else {
            continue;
        };
        if pair.uses_equals || pair.value.value.is_empty() {
            continue;
        }
        let name = keyword.as_str();
        let mut diagnostic = Diagnostic::new(
            &RULE,
            Span::new(pair.key.span.start, pair.value.span.end),
            format!(
                "\"{name} key=value\" should be used instead of legacy \"{name} key value\" format"
            ),
        );
        if let Some(replacement) = key_equals_value(context, pair) {
            diagnostic = diagnostic.with_fix(Fix {
                title: format!("write {}={}", pair.key.value, "…"),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    file: None,
                    span: Span::new(pair.key.span.start, pair.value.span.end),
                    replacement,
                }],
            });
        }
        diagnostics.push(diagnostic);
    }
}

/// `KEY=value` with the same meaning, when the pair is written on one line.
fn key_equals_value(context: &Context<'_>, pair: &KeyValue) -> Option<String> {
    let escape = context.dockerfile.escape;
    let whole = Span::new(pair.key.span.start, pair.value.span.end);
    let key = &pair.key.value;
    if context.file.slice(whole).contains('\n')
        || key.contains(['"', '\'', '$', escape])
        || context.file.slice(pair.value.span) != pair.value.value
    {
        return None;
    }
    let value = &pair.value.value;
    if !value.chars().any(is_space) {
        return Some(format!("{key}={value}"));
    }
    Some(format!("{key}={}", double_quoted(value, escape)?))
}

/// A double-quoted word that BuildKit's lexer expands exactly as it expands `raw`.
fn double_quoted(raw: &str, escape: char) -> Option<String> {
    if raw.contains("<<") {
        return None;
    }
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::from("\"");
    let mut position = 0;
    let literal = |out: &mut String, ch: char| {
        if ch == '"' || ch == '$' || ch == escape {
            out.push(escape);
        }
        out.push(ch);
    };
    while let Some(&ch) = chars.get(position) {
        position += 1;
        if ch == escape {
            // An escaped character is literal; a trailing escape is dropped.
            if let Some(&next) = chars.get(position) {
                position += 1;
                literal(&mut out, next);
            }
        } else if ch == '\'' {
            let end = position + chars[position..].iter().position(|&ch| ch == '\'')?;
            for &inner in &chars[position..end] {
                literal(&mut out, inner);
            }
            position = end + 1;
        } else if ch == '"' {
            // Already double-quoted: the same rules apply inside, copy it.
            loop {
                let &inner = chars.get(position)?;
                position += 1;
                if inner == '"' {
                    break;
                }
                if inner == escape {
                    out.push(inner);
                    out.push(*chars.get(position)?);
                    position += 1;
                    continue;
                }
                if inner == '$' && chars.get(position) == Some(&'{') {
                    position = copy_braces(&chars, position, &mut out, escape)?;
                    continue;
                }
                out.push(inner);
            }
        } else if ch == '$' {
            match chars.get(position) {
                Some('{') => position = copy_braces(&chars, position, &mut out, escape)?,
                Some(&next)
                    if next.is_alphanumeric() || next == '_' || "@*#?-$!".contains(next) =>
                {
                    out.push('$');
                }
                // A `$` that starts no variable is literal.
                _ => literal(&mut out, '$'),
            }
        } else {
            out.push(ch);
        }
    }
    out.push('"');
    Some(out)
}

/// Copies `${…}` (the `{` at `open`) as written; refuses nested quotes and escapes.
fn copy_braces(chars: &[char], open: usize, out: &mut String, escape: char) -> Option<usize> {
    let close = open + chars[open..].iter().position(|&ch| ch == '}')?;
    let inner = &chars[open..=close];
    if inner
        .iter()
        .any(|&ch| ch == '"' || ch == '\'' || ch == escape || ch == '$')
    {
        return None;
    }
    out.push('$');
    out.extend(inner);
    Some(close + 1)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use super::double_quoted;
    use crate::dockerfile::shell_lexer::Lexer;
    use crate::testing::{fixed, has_fix, lines};
    use std::collections::BTreeMap;

    #[test]
    fn legacy_pairs_are_reported() {
        let text = "FROM alpine\nENV A 1\nENV B=2 C=3\nLABEL maintainer me\nLABEL d=4\n";
        assert_eq!(lines(&RULE, text), [2, 4]);
    }

    #[test]
    fn requoting_keeps_the_expansion() {
        let env: BTreeMap<String, String> = [
            ("HOME".to_owned(), "/root".to_owned()),
            ("A".to_owned(), "x y".to_owned()),
        ]
        .into();
        for raw in [
            "plain words",
            "\"quoted words\" and more",
            "it's 'single $HOME' \"double $HOME\" $HOME ${A:-z} \\$HOME",
            "a\\ b \\\" c",
            "cost: 5$ or $",
            "$'x' y",
            "tab\there",
        ] {
            for escape in ['\\', '`'] {
                let raw = raw.replace('\\', &escape.to_string());
                let lexer = Lexer::new(escape);
                let Ok(expected) = lexer.process_word(&raw, &env) else {
                    continue;
                };
                let quoted = double_quoted(&raw, escape).unwrap();
                assert_eq!(
                    lexer.process_word(&quoted, &env).unwrap(),
                    expected,
                    "{raw} -> {quoted}"
                );
            }
        }
    }

    #[test]
    fn fixes() {
        assert_eq!(
            fixed(
                &RULE,
                "FROM alpine\nENV APP_HOME /opt/my app\nLABEL version 1.0\nENV MSG \"hi\" there\n"
            ),
            "FROM alpine\nENV APP_HOME=\"/opt/my app\"\nLABEL version=1.0\nENV MSG=\"hi there\"\n"
        );
        assert!(!has_fix(&RULE, "FROM alpine\nENV A multi \\\n  line\n"));
    }
}
