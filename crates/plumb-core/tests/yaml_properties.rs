//! The YAML reader never panics and every span it returns lies inside the text, on
//! character boundaries, whatever the input: text built from YAML's tricky pieces (anchors,
//! aliases, merge keys, tags, flow and block collections, block scalars, tabs, non-ASCII)
//! and arbitrary Unicode.

use plumb_core::yaml::{self, Node, Value};
use proptest::prelude::*;

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_owned()),
        Just("  ".to_owned()),
        Just("\t".to_owned()),
        Just("- ".to_owned()),
        Just("key: ".to_owned()),
        Just("ä: ö\n".to_owned()),
        Just("&a ".to_owned()),
        Just("*a".to_owned()),
        Just("<<: ".to_owned()),
        Just("!reset ".to_owned()),
        Just("!!str ".to_owned()),
        Just("{a: [1, 0x1F, 0777]}".to_owned()),
        Just("'q''uote'".to_owned()),
        Just("\"esc\\u00e9\\n\"".to_owned()),
        Just("|-\n  block\n".to_owned()),
        Just(">\n folded\n".to_owned()),
        Just("---\n".to_owned()),
        Just("...\n".to_owned()),
        Just("# comment\n".to_owned()),
        Just("2001-12-14".to_owned()),
        Just("\u{feff}".to_owned()),
        "[ -~]{0,10}",
        "\\PC{0,4}",
    ]
}

fn assert_spans(text: &str, node: &Node) {
    assert!(
        node.span.start <= node.span.end,
        "reversed span {:?}",
        node.span
    );
    assert!(
        text.get(node.span.range()).is_some(),
        "span {:?} is outside the text or splits a character",
        node.span
    );
    match &node.value {
        Value::Sequence(items) => items.iter().for_each(|item| assert_spans(text, item)),
        Value::Mapping(entries) => entries.iter().for_each(|entry| {
            assert_spans(text, &entry.key);
            assert_spans(text, &entry.value);
        }),
        _ => {}
    }
}

fn check(text: &str) {
    match yaml::parse(text) {
        Ok(documents) => documents.iter().for_each(|node| assert_spans(text, node)),
        Err(error) => assert!(
            text.get(error.span.range()).is_some(),
            "error span {:?} is outside the text",
            error.span
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn yaml_pieces_never_break_the_reader(
        text in prop::collection::vec(fragment(), 0..30).prop_map(|parts| parts.concat())
    ) {
        check(&text);
    }

    #[test]
    fn arbitrary_text_never_breaks_the_reader(text in "\\PC{0,200}") {
        check(&text);
    }
}
