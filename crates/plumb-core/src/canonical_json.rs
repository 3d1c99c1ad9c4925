//! RFC 8785 (JCS) canonical JSON: the bytes a plan is written and hashed as, the same from
//! the browser and the CLI. What is hashed keeps to the subset on which every JCS
//! implementation agrees (strings, booleans, null, integers of magnitude below 2^53, arrays
//! and objects), so a value outside it is refused with its place, never written in a form
//! another implementation would write differently.

use serde::Serialize;
use serde_json::Value;

/// Integers a double represents exactly: JCS writes numbers as ECMAScript does, so larger
/// ones would not survive another implementation.
const LARGEST_EXACT_INTEGER: u64 = (1 << 53) - 1;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CanonicalError {
    /// `path` is JSONPath-like: `$.steps[2].argv`.
    #[error(
        "{path}: {found} is outside canonical JSON's common subset (strings, booleans, null, integers below 2^53)"
    )]
    OutsideSubset { path: String, found: String },
    #[error("cannot serialise: {0}")]
    Serialize(String),
}

/// The canonical bytes of `value`.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    let value = serde_json::to_value(value)
        .map_err(|error| CanonicalError::Serialize(error.to_string()))?;
    check_subset(&value, "$")?;
    let mut bytes = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut bytes, canon_json::CanonicalFormatter::new());
    value
        .serialize(&mut serializer)
        .map_err(|error| CanonicalError::Serialize(error.to_string()))?;
    Ok(bytes)
}

fn check_subset(value: &Value, path: &str) -> Result<(), CanonicalError> {
    match value {
        Value::Null | Value::Bool(_) | Value::String(_) => Ok(()),
        Value::Number(number) => {
            let exact = number
                .as_u64()
                .or_else(|| number.as_i64().map(i64::unsigned_abs))
                .is_some_and(|magnitude| magnitude <= LARGEST_EXACT_INTEGER);
            if exact {
                Ok(())
            } else {
                Err(CanonicalError::OutsideSubset {
                    path: path.to_owned(),
                    found: format!("the number {number}"),
                })
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(index, item)| check_subset(item, &format!("{path}[{index}]"))),
        Value::Object(members) => members
            .iter()
            .try_for_each(|(key, member)| check_subset(member, &format!("{path}.{key}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn canonical(value: &Value) -> String {
        String::from_utf8(to_vec(value).unwrap()).unwrap()
    }

    /// RFC 8785 §3.2.3: members sorted by their names' UTF-16 code units (so U+1F600, a
    /// surrogate pair from 0xD83D, sorts before U+FB33), no whitespace.
    #[test]
    fn members_sort_by_utf16_code_units() {
        let value = json!({
            "\u{20ac}": "Euro Sign",
            "\r": "Carriage Return",
            "\u{fb33}": "Hebrew Letter Dalet With Dagesh",
            "1": "One",
            "\u{1f600}": "Emoji: Grinning Face",
            "\u{80}": "Control",
            "\u{f6}": "Latin Small Letter O With Diaeresis"
        });
        assert_eq!(
            canonical(&value),
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\
             \"\u{f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\",\
             \"\u{1f600}\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        );
    }

    /// RFC 8785 §3.2.2's strings and literals: only `"`, `\` and control characters are
    /// escaped, controls as `\n`-style escapes or `\u00xx` in lower case.
    #[test]
    fn strings_are_escaped_minimally() {
        let value = json!({
            "literals": [null, true, false],
            "string": "\u{20ac}$\u{f}\nA'B\"\\\\\"/",
            "numbers": [333333333, -9007199254740991_i64, 0]
        });
        assert_eq!(
            canonical(&value),
            "{\"literals\":[null,true,false],\"numbers\":[333333333,-9007199254740991,0],\
             \"string\":\"\u{20ac}$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}"
        );
    }

    #[test]
    fn numbers_outside_the_common_subset_are_refused_with_their_place() {
        let too_large = json!({ "steps": [{ "size": 9007199254740993_u64 }] });
        assert_eq!(
            to_vec(&too_large),
            Err(CanonicalError::OutsideSubset {
                path: "$.steps[0].size".into(),
                found: "the number 9007199254740993".into(),
            })
        );
        assert!(to_vec(&json!({ "ratio": 0.5 })).is_err());
        assert!(to_vec(&json!([-9007199254740992_i64])).is_err());
        assert!(to_vec(&json!([9007199254740991_u64])).is_ok());
    }

    #[test]
    fn the_order_of_the_input_does_not_matter() {
        let one = json!({ "b": { "y": 1, "x": [2, 1] }, "a": "" });
        let other = json!({ "a": "", "b": { "x": [2, 1], "y": 1 } });
        assert_eq!(canonical(&one), canonical(&other));
        assert_eq!(canonical(&one), "{\"a\":\"\",\"b\":{\"x\":[2,1],\"y\":1}}");
    }
}
