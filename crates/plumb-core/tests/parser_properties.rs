//! The Dockerfile parser never panics and every span it returns lies inside the file, on
//! character boundaries, whatever the input.

use plumb_core::Span;
use plumb_core::dockerfile::{self, Arguments, Instruction};
use plumb_core::source::SourceFile;
use proptest::prelude::*;

/// Pieces that exercise the parser's corners: directives, continuations, heredocs, JSON,
/// quotes, flags, non-ASCII text and odd whitespace.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\\\n".to_owned()),
        Just("`\n".to_owned()),
        Just("# escape=`\n".to_owned()),
        Just("# syntax=docker/dockerfile:1\n".to_owned()),
        Just("# check=skip=all;error=true\n".to_owned()),
        Just("FROM alpine AS base\n".to_owned()),
        Just("RUN <<EOF\n".to_owned()),
        Just("RUN <<-'EOF' cat && <<B cat\n".to_owned()),
        Just("EOF\n".to_owned()),
        Just("\tEOF\n".to_owned()),
        Just("COPY --from=é --chown=\"a b\" src /dst\n".to_owned()),
        Just("CMD [\"a\", 1, [\"b\"]]\n".to_owned()),
        Just("ENV A=1 B=\"x y\" C\n".to_owned()),
        Just("LABEL a\n".to_owned()),
        Just("HEALTHCHECK\u{a0}CMD\u{85} x\n".to_owned()),
        Just("ONBUILD ONBUILD RUN <<X\n".to_owned()),
        Just("${a:-${b}} '\"\\".to_owned()),
        Just("\u{feff}".to_owned()),
        "[ -~]{0,12}",
        "\\PC{0,4}",
    ]
}

fn dockerfile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..24).prop_map(|fragments| fragments.concat())
}

fn assert_span(file: &SourceFile, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: reversed span {span:?}");
    assert!(
        file.text().get(span.range()).is_some(),
        "{what}: span {span:?} is outside the file or splits a character"
    );
}

fn assert_instruction(file: &SourceFile, instruction: &Instruction) {
    assert_span(file, instruction.span, "instruction");
    assert_span(file, instruction.keyword.span, "keyword");
    for flag in &instruction.flags {
        assert_span(file, flag.span, "flag");
    }
    for heredoc in &instruction.heredocs {
        assert_span(file, heredoc.body_span, "heredoc body");
        if let Some(span) = heredoc.terminator_span {
            assert_span(file, span, "heredoc terminator");
        }
    }
    for comment in &instruction.comments {
        assert_span(file, comment.span, "comment");
    }
    match &instruction.arguments {
        Arguments::Exec(words) | Arguments::Words(words) => {
            for word in words {
                assert_span(file, word.span, "argument");
            }
        }
        Arguments::Shell(word) => assert_span(file, word.span, "argument"),
        Arguments::KeyValues(pairs) => {
            for pair in pairs {
                assert_span(file, pair.key.span, "key");
                assert_span(file, pair.value.span, "value");
            }
        }
        Arguments::Healthcheck { kind, .. } => assert_span(file, kind.span, "healthcheck type"),
        Arguments::Trigger(trigger) => assert_instruction(file, trigger),
        Arguments::None | Arguments::Ignored => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn parsing_returns_and_spans_stay_in_the_file(text in dockerfile_text()) {
        let file = SourceFile::new("Dockerfile", text);
        let (parsed, diagnostics) = dockerfile::check(&file);
        for instruction in &parsed.instructions {
            assert_instruction(&file, instruction);
            prop_assert!(instruction.start_line >= 1 && instruction.start_line <= instruction.end_line);
            prop_assert!(instruction.end_line <= file.line_count().max(1));
        }
        for directive in &parsed.directives {
            assert_span(&file, directive.span, "directive");
            assert_span(&file, directive.value_span, "directive value");
        }
        for diagnostic in &diagnostics {
            assert_span(&file, diagnostic.span, diagnostic.code);
            for label in &diagnostic.labels {
                assert_span(&file, label.span, "label");
            }
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,200}") {
        let file = SourceFile::new("Dockerfile", text);
        let (parsed, diagnostics) = dockerfile::check(&file);
        for instruction in &parsed.instructions {
            assert_instruction(&file, instruction);
        }
        for diagnostic in &diagnostics {
            assert_span(&file, diagnostic.span, diagnostic.code);
        }
    }
}
