//! compose-go's texts for schema errors (`schema/schema.go`, `validationError.Error`): its
//! own for `type`, `minimum` and `maximum`, and santhosh-tekuri/jsonschema v6.0.1's
//! (`kind/kind.go`) for the rest, each after the dotted instance path and a space.

use std::fmt::Write as _;

use super::patterns::Pattern;
use super::table::Types;

/// One error jsonschema reports, with what its message needs.
#[derive(Debug)]
pub(super) enum Problem<'t> {
    /// A value jsonschema has no JSON type for: go-yaml's `time.Time` for a timestamp.
    NotJson,
    Type(Types),
    Enum(&'static [&'static str]),
    Pattern {
        text: &'t str,
        pattern: &'static Pattern,
    },
    Minimum(i32),
    Maximum(i32),
    /// The `required` properties missing, in the schema's order.
    Required(Vec<&'static str>),
    /// The keys `additionalProperties: false` refuses, in the mapping's order.
    AdditionalProperties(Vec<&'t str>),
    /// `uniqueItems`: the first item that equals a later one, and that later one.
    Duplicates {
        first: usize,
        second: usize,
    },
    /// `oneOf`: the first two alternatives that both match.
    SeveralAlternatives {
        first: usize,
        second: usize,
    },
}

impl Problem<'_> {
    /// The message compose prints for this problem at `path` (after `validating <file>: `).
    pub(super) fn message(&self, path: &str) -> String {
        let text = match self {
            Problem::NotJson => "invalid jsonType time.Time".to_owned(),
            Problem::Type(types) => format!("must be a {}", wanted_types(*types)),
            Problem::Enum([only]) => format!("value must be {}", quoted(only)),
            Problem::Enum(values) => format!("value must be one of {}", quoted_list(values)),
            Problem::Pattern { text, pattern } => format!(
                "{} does not match pattern {}",
                quoted(text),
                quoted(pattern.source)
            ),
            // compose-go prints the bound's numerator (`big.Rat.Num`): the schema's bounds are
            // integers, so that is the bound.
            Problem::Minimum(bound) => format!("must be greater than or equal to {bound}"),
            Problem::Maximum(bound) => format!("must be less than or equal to {bound}"),
            Problem::Required(names) if names.len() == 1 => {
                format!("missing property {}", quoted(names[0]))
            }
            Problem::Required(names) => format!("missing properties {}", quoted_list(names)),
            Problem::AdditionalProperties(keys) => {
                format!("additional properties {} not allowed", quoted_list(keys))
            }
            // jsonschema formats these with x/text's English printer, which groups digits.
            Problem::Duplicates { first, second } => format!(
                "items at {} and {} are equal",
                grouped(*first),
                grouped(*second)
            ),
            Problem::SeveralAlternatives { first, second } => format!(
                "oneOf failed, subschemas {}, {} matched",
                grouped(*first),
                grouped(*second)
            ),
        };
        format!("{path} {text}")
    }
}

/// compose-go's `humanReadableType`: `object` is a mapping; several types are sorted and
/// joined as `a, b or c`.
fn wanted_types(types: Types) -> String {
    // Every type with compose-go's name for it, in the order of those names.
    const BY_NAME: [(Types, &str); 7] = [
        (Types::ARRAY, "array"),
        (Types::BOOLEAN, "boolean"),
        (Types::INTEGER, "integer"),
        (Types::OBJECT, "mapping"),
        (Types::NULL, "null"),
        (Types::NUMBER, "number"),
        (Types::STRING, "string"),
    ];
    let names: Vec<&str> = BY_NAME
        .iter()
        .filter(|(each, _)| types.contains(*each))
        .map(|(_, name)| *name)
        .collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, others)) => format!("{} or {last}", others.join(", ")),
        None => String::new(),
    }
}

fn quoted_list(texts: &[&str]) -> String {
    let quoted: Vec<String> = texts.iter().map(|text| quoted(text)).collect();
    quoted.join(", ")
}

/// jsonschema's `quote`: Go's `%q` in single quotes, with `"` left alone and `'` escaped.
fn quoted(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('\'');
    for character in text.chars() {
        match character {
            '\'' => quoted.push_str("\\'"),
            '\\' => quoted.push_str("\\\\"),
            '\u{7}' => quoted.push_str("\\a"),
            '\u{8}' => quoted.push_str("\\b"),
            '\u{c}' => quoted.push_str("\\f"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            '\u{b}' => quoted.push_str("\\v"),
            _ if is_go_printable(character) => quoted.push(character),
            // Writing to a String cannot fail.
            _ if character < ' ' || character == '\u{7f}' => {
                let _ = write!(quoted, "\\x{:02x}", u32::from(character));
            }
            _ if u32::from(character) < 0x10000 => {
                let _ = write!(quoted, "\\u{:04x}", u32::from(character));
            }
            _ => {
                let _ = write!(quoted, "\\U{:08x}", u32::from(character));
            }
        }
    }
    quoted.push('\'');
    quoted
}

/// Go's `strconv.IsPrint` (letters, marks, numbers, punctuation, symbols and the ASCII
/// space), except that code points unassigned in Unicode 15 count as printable here.
fn is_go_printable(character: char) -> bool {
    if character.is_ascii() {
        return (' '..='~').contains(&character);
    }
    let code = u32::from(character);
    let private_use = (0xE000..=0xF8FF).contains(&code) || code >= 0xF0000;
    let noncharacter = (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE;
    !(character.is_control()
        || character.is_whitespace()
        || private_use
        || noncharacter
        || FORMAT_CHARACTERS
            .iter()
            .any(|(first, last)| (*first..=*last).contains(&code)))
}

/// Unicode 15's format characters (category Cf), which Go does not print.
const FORMAT_CHARACTERS: [(u32, u32); 20] = [
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE007F),
];

/// `1234567` as `1,234,567`.
fn grouped(number: usize) -> String {
    let digits = number.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_read_as_compose_go_writes_them() {
        assert_eq!(wanted_types(Types::OBJECT), "mapping");
        assert_eq!(wanted_types(Types::INTEGER), "integer");
        assert_eq!(
            wanted_types(Types::STRING.or(Types::INTEGER)),
            "integer or string"
        );
        assert_eq!(
            wanted_types(
                Types::STRING
                    .or(Types::NUMBER)
                    .or(Types::BOOLEAN)
                    .or(Types::NULL)
            ),
            "boolean, null, number or string"
        );
        assert_eq!(
            wanted_types(Types::BOOLEAN.or(Types::STRING).or(Types::OBJECT)),
            "boolean, mapping or string"
        );
    }

    #[test]
    fn quoting_follows_go() {
        assert_eq!(quoted("my service"), "'my service'");
        assert_eq!(quoted("it's \"x\""), r#"'it\'s "x"'"#);
        assert_eq!(quoted("a\\b\tc\n"), r"'a\\b\tc\n'");
        assert_eq!(quoted("\u{1}\u{7f}"), r"'\x01\x7f'");
        assert_eq!(quoted("é\u{a0}\u{200b}"), r"'é\u00a0\u200b'");
        assert_eq!(quoted("\u{f0000}😀"), r"'\U000f0000😀'");
    }

    #[test]
    fn indices_are_grouped_in_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1003), "1,003");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn an_empty_path_leaves_the_space() {
        assert_eq!(
            Problem::AdditionalProperties(vec!["foo"]).message(""),
            " additional properties 'foo' not allowed"
        );
        assert_eq!(
            Problem::Enum(&["all"]).message("services.web.gpus"),
            "services.web.gpus value must be 'all'"
        );
        assert_eq!(
            Problem::Required(vec!["soft", "hard"]).message("services.web.ulimits.nofile"),
            "services.web.ulimits.nofile missing properties 'soft', 'hard'"
        );
    }
}
