//! DF114: COPY/ADD of several sources to a destination without a trailing `/`.

use super::{field_values, list_words, resolved};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::Keyword;
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "DF114",
    name: "copy-destination-slash",
    title: "Several sources copied to a destination without a trailing slash",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL3021")],
    fix: FixAvailability::Unsafe,
    explanation: crate::rules::rule_text!(
        "With several sources, `COPY` and `ADD` put each of them into the destination, \
which only works as intended when the destination is a directory. Written without a trailing \
`/`, the destination is a directory only if it already exists as one; otherwise BuildKit \
copies every source to the same path, and only the last one survives. The legacy builder \
refused such an instruction; BuildKit accepts it.\n\n\
End the destination with `/`. The fix adds it; it is marked unsafe because it changes the \
result when the destination did not exist as a directory (which is the point).\n\n\
plumb looks at the destination after variable expansion, counts heredoc sources, and accepts \
`.` and `..`, which always name directories. hadolint's DL3021 checks `COPY` only (not \
`ADD`), and reports `.` too; it is an error there."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM python:3.12-slim\nCOPY requirements.txt setup.py /app\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM python:3.12-slim\nCOPY requirements.txt setup.py /app/\nWORKDIR /app\nCOPY README.md LICENSE .\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for (stage, instruction) in context.instructions() {
        if !matches!(instruction.kind, Some(Keyword::Copy | Keyword::Add)) {
            continue;
        }
        let Some((destination_word, sources)) = list_words(instruction).split_last() else {
            continue;
        };
        if sources.len() < 2 {
            continue;
        }
        let Some(resolved) = stage.and_then(|stage| resolved(context, stage, instruction)) else {
            continue;
        };
        let Some(destination) = field_values(resolved, "destination").first().copied() else {
            continue;
        };
        let last = destination.rsplit('/').next().unwrap_or_default();
        if destination.is_empty()
            || destination.ends_with(['/', '\\'])
            || last == "."
            || last == ".."
        {
            continue;
        }
        let keyword = instruction.kind.map_or("COPY", Keyword::as_str);
        let written = context.file.slice(destination_word.span);
        let insert_at = if written.len() > 1 && written.ends_with(['"', '\'']) {
            destination_word.span.end - 1
        } else {
            destination_word.span.end
        };
        diagnostics.push(
            Diagnostic::new(
                &RULE,
                destination_word.span,
                format!(
                    "{keyword} with {} sources needs a destination ending in /, not {destination:?}",
                    sources.len()
                ),
            )
            .with_note("without the slash, the sources only go into the destination if it already is a directory; otherwise each overwrites the previous one")
            .with_fix(Fix {
                title: "end the destination with /".into(),
                applicability: Applicability::Unsafe,
                edits: vec![Edit {
 file: None,
                    span: Span::point(insert_at),
                    replacement: "/".into(),
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
    fn several_sources_need_a_directory() {
        let text = "FROM alpine\nARG D=/opt/\nCOPY a b /app\nCOPY a /app\nADD a b $D\nCOPY a b .\nCOPY [\"a\", \"b\", \"/x\"]\nCOPY <<one <<two /etc/conf\n1\none\n2\ntwo\nCOPY a b ../x/..\n";
        assert_eq!(lines(&RULE, text), [3, 7, 8]);
    }

    #[test]
    fn the_fix_adds_the_slash() {
        assert_eq!(
            fixed(
                &RULE,
                "FROM alpine\nCOPY a b /app\nCOPY [\"a\", \"b\", \"/x\"]\nCOPY a b \"/y\"\n"
            ),
            "FROM alpine\nCOPY a b /app/\nCOPY [\"a\", \"b\", \"/x/\"]\nCOPY a b \"/y/\"\n"
        );
    }
}
