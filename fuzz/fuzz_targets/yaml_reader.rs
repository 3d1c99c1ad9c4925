//! The YAML reader on arbitrary text: it must never panic, and every value's span (and an
//! error's) must lie on character boundaries inside the text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use plumb_core::yaml::{self, Node, Value};

fn check(text: &str, node: &Node) {
    assert!(node.span.start <= node.span.end, "{:?} reversed", node.span);
    assert!(
        text.get(node.span.range()).is_some(),
        "{:?} outside the text",
        node.span
    );
    match &node.value {
        Value::Sequence(items) => items.iter().for_each(|item| check(text, item)),
        Value::Mapping(entries) => entries.iter().for_each(|entry| {
            check(text, &entry.key);
            check(text, &entry.value);
        }),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match yaml::parse(&text) {
        Ok(documents) => documents.iter().for_each(|document| check(&text, document)),
        Err(error) => assert!(text.get(error.span.range()).is_some(), "{:?}", error.span),
    }
});
