//! mkosi's reader on arbitrary text: it never panics, every span lies inside the file on
//! character boundaries, each key is the text under its span, and a value's first line is
//! the text its span starts with.

use plumb_core::mkosi::ini::{Syntax, parse};
use proptest::prelude::*;

/// Lines made of the pieces mkosi's reader treats specially.
fn conf_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[Content]".to_owned()),
        Just("[ Output ]".to_owned()),
        Just("[Bad".to_owned()),
        Just("Packages=".to_owned()),
        Just("Key = a=b".to_owned()),
        Just("=x".to_owned()),
        Just("# comment".to_owned()),
        Just("; semicolon".to_owned()),
        Just("    continued".to_owned()),
        Just("\tTabbed".to_owned()),
        Just(String::new()),
        "[ -~äé\u{85}\u{2028}]{0,12}",
    ];
    let newline = prop_oneof![Just("\n"), Just("\r\n"), Just("\r"), Just("\u{0c}")];
    proptest::collection::vec((piece, newline), 0..24).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(line, newline)| format!("{line}{newline}"))
            .collect()
    })
}

fn assert_sound(text: &str, semicolon_comments: bool) {
    let (file, errors) = parse(text, Syntax { semicolon_comments });
    for error in &errors {
        assert!(text.get(error.span.range()).is_some(), "{error:?}");
    }
    for section in &file.sections {
        assert_eq!(&text[section.name_span.range()], section.name);
        for assignment in &section.assignments {
            assert_eq!(&text[assignment.key_span.range()], assignment.key);
            let under = &text[assignment.value_span.range()];
            let first_line = assignment.value.split('\n').next().unwrap_or_default();
            assert!(under.starts_with(first_line), "{assignment:?}");
        }
    }
}

proptest! {
    #[test]
    fn the_reader_is_sound_on_conf_like_text(text in conf_text(), semicolons in any::<bool>()) {
        assert_sound(&text, semicolons);
    }

    #[test]
    fn the_reader_is_sound_on_any_text(text in "\\PC{0,200}", semicolons in any::<bool>()) {
        assert_sound(&text, semicolons);
    }
}
