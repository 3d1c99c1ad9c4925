//! JSON as Python's `json.dumps(value, indent=4, ensure_ascii=False)` writes it, which is
//! how `vmm-cli.py compose` writes app-compose.json: keys in insertion order, `": "` after a
//! key, four spaces per level, characters beyond ASCII as themselves, no final newline.

use super::app_compose::Field;
use std::fmt::Write as _;

/// An object of `fields`, in their order.
pub(super) fn object(fields: &[(&str, Field)]) -> String {
    let mut text = String::from("{");
    for (index, (key, field)) in fields.iter().enumerate() {
        text.push_str(if index == 0 { "\n" } else { ",\n" });
        text.push_str(INDENT);
        string(&mut text, key);
        text.push_str(": ");
        value(&mut text, field);
    }
    text.push_str(if fields.is_empty() { "}" } else { "\n}" });
    text
}

const INDENT: &str = "    ";

fn value(text: &mut String, field: &Field) {
    match field {
        Field::Bool(true) => text.push_str("true"),
        Field::Bool(false) => text.push_str("false"),
        Field::Integer(number) => {
            let _ = write!(text, "{number}");
        }
        Field::Text(value) => string(text, value),
        Field::Texts(items) if items.is_empty() => text.push_str("[]"),
        Field::Texts(items) => {
            text.push('[');
            for (index, item) in items.iter().enumerate() {
                text.push_str(if index == 0 { "\n" } else { ",\n" });
                text.push_str(INDENT);
                text.push_str(INDENT);
                string(text, item);
            }
            text.push('\n');
            text.push_str(INDENT);
            text.push(']');
        }
    }
}

/// Python's `py_encode_basestring`: the quote, the backslash and the control characters
/// escaped (five with their short forms), everything else as it is.
fn string(text: &mut String, value: &str) {
    text.push('"');
    for character in value.chars() {
        match character {
            '"' => text.push_str("\\\""),
            '\\' => text.push_str("\\\\"),
            '\n' => text.push_str("\\n"),
            '\r' => text.push_str("\\r"),
            '\t' => text.push_str("\\t"),
            '\u{8}' => text.push_str("\\b"),
            '\u{c}' => text.push_str("\\f"),
            control if u32::from(control) < 0x20 => {
                let _ = write!(text, "\\u{:04x}", u32::from(control));
            }
            other => text.push(other),
        }
    }
    text.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_as_python_writes_it() {
        let fields = [
            ("a", Field::Integer(2)),
            ("b", Field::Text("x\"\\\n\u{1}\u{7f}é你".into())),
            ("c", Field::Texts(vec![])),
            ("d", Field::Texts(vec!["ONE".into(), "TWO".into()])),
            ("e", Field::Bool(false)),
        ];
        assert_eq!(
            object(&fields),
            "{\n    \"a\": 2,\n    \"b\": \"x\\\"\\\\\\n\\u0001\u{7f}é你\",\n    \"c\": [],\n    \"d\": [\n        \"ONE\",\n        \"TWO\"\n    ],\n    \"e\": false\n}"
        );
        assert_eq!(object(&[]), "{}");
    }
}
