//! `docker compose config`'s YAML: the bound project through go-yaml v3's encoder (struct
//! fields in order, `omitempty` as go-yaml reads it, extensions inline after the fields,
//! map keys in go-yaml's natural order) and the compose types' `MarshalYAML` methods.

use super::fields::{Kind, Marshal, Struct};
use super::marshal::{
    Omit, Ulimit, extensions, field_value, file_mode, float, hidden, host_items, integer, is_empty,
    strings, ulimit,
};
use super::yaml_emitter::{Release, Style, Yaml, emit};
use crate::go_units::duration::format_duration;
use crate::go_units::strconv::{FloatFormat, format_float};
use crate::yaml::resolve_plain;
use crate::yaml::{Entry, Node, Value};
use std::cmp::Ordering;

/// The project as `yaml.Encoder` with an indent of 2 writes it.
pub fn project(bound: &Node, definition: &'static Struct) -> String {
    emit(&structure(Some(bound), definition), Release::V3_0_4)
}

/// A model as docker compose's own go-yaml writes a `map[string]any` (`--no-interpolate`).
pub fn model(model: &Node) -> String {
    emit(&any(model), Release::V3_0_1)
}

fn value(bound: Option<&Node>, kind: &Kind) -> Yaml {
    let Some(bound) = bound.filter(|bound| !bound.is_null()) else {
        return zero(kind);
    };
    let text_items = |list: &Node| Yaml::Sequence(strings(list).map(string).collect());
    match kind {
        Kind::Str(_) => string(bound.as_str().unwrap_or_default()),
        Kind::Bool(_) => boolean(matches!(bound.value, Value::Bool(true))),
        Kind::Int(_) | Kind::DeviceCount => plain(integer(bound).to_string()),
        Kind::Float32 | Kind::NanoCpus => floating(float(bound), 32),
        // The marshallers return strings: a byte count is quoted, a duration is not.
        Kind::UnitBytes => string(&integer(bound).to_string()),
        Kind::Duration => string(&format_duration(integer(bound) as i64)),
        Kind::FileMode => string(&file_mode(integer(bound))),
        Kind::Pointer(inner) => value(Some(bound), inner),
        Kind::Struct(definition) => structure(Some(bound), definition),
        Kind::Slice(item_kind) => Yaml::Sequence(
            bound
                .as_sequence()
                .unwrap_or_default()
                .iter()
                .map(|item| value(Some(item), item_kind))
                .collect(),
        ),
        Kind::Map(_, value_kind) => map(bound, |entry| value(Some(&entry.value), value_kind)),
        Kind::StringList
        | Kind::StringOrNumberList
        | Kind::ShellCommand
        | Kind::HealthCheckTest => text_items(bound),
        Kind::Mapping | Kind::MappingWithEquals | Kind::Labels | Kind::Options => {
            map(bound, |entry| {
                entry.value.as_str().map_or_else(null, string)
            })
        }
        Kind::MultiOptions => map(bound, |entry| text_items(&entry.value)),
        Kind::HostsList => {
            Yaml::Sequence(host_items(bound).iter().map(|item| string(item)).collect())
        }
        // `SSHKey.MarshalYAML`: the id, or `id: path`.
        Kind::SshConfig => Yaml::Sequence(
            bound
                .as_sequence()
                .unwrap_or_default()
                .iter()
                .map(|key| {
                    let id = key.get("id").and_then(Node::as_str).unwrap_or_default();
                    match key.get("path").and_then(Node::as_str) {
                        Some(path) => string(&format!("{id}: {path}")),
                        None => string(id),
                    }
                })
                .collect(),
        ),
        // `UlimitsConfig.MarshalYAML`: a number, else both limits.
        Kind::Ulimit => match ulimit(bound) {
            Ulimit::Single(single) => plain(single.to_string()),
            Ulimit::Range { soft, hard } => Yaml::Mapping(vec![
                (string("soft"), plain(soft.to_string())),
                (string("hard"), plain(hard.to_string())),
            ]),
        },
    }
}

/// What go-yaml writes for a Go zero value: a nil slice as `[]`, a nil map as `{}`, a nil
/// pointer (and a nil `ShellCommand`) as `null`.
fn zero(kind: &Kind) -> Yaml {
    match kind {
        Kind::Str(_) => string(""),
        Kind::Bool(_) => boolean(false),
        Kind::Int(_) | Kind::DeviceCount | Kind::Float32 | Kind::NanoCpus => plain("0".to_owned()),
        Kind::UnitBytes => string("0"),
        Kind::Duration => string(&format_duration(0)),
        Kind::Struct(definition) => structure(None, definition),
        Kind::Slice(_)
        | Kind::StringList
        | Kind::StringOrNumberList
        | Kind::HealthCheckTest
        | Kind::HostsList
        | Kind::SshConfig => Yaml::Sequence(Vec::new()),
        Kind::Map(..)
        | Kind::Mapping
        | Kind::MappingWithEquals
        | Kind::Labels
        | Kind::Options
        | Kind::MultiOptions => Yaml::Mapping(Vec::new()),
        Kind::FileMode | Kind::Pointer(_) | Kind::ShellCommand | Kind::Ulimit => null(),
    }
}

fn structure(bound: Option<&Node>, definition: &'static Struct) -> Yaml {
    if definition.marshal == Marshal::EnvFile {
        return env_file(bound, definition);
    }
    let mut members = Vec::new();
    for field in definition.fields {
        let field_bound = field_value(bound, field);
        if hidden(definition, field, bound)
            || (field.omit_empty_yaml && is_empty(field_bound, &field.kind, Omit::Yaml))
        {
            continue;
        }
        members.push((
            plain(field.yaml.to_owned()),
            value(field_bound, &field.kind),
        ));
    }
    let mut inline: Vec<&Entry> = extensions(bound, definition).collect();
    inline.sort_by(|left, right| key_order(key_text(left), key_text(right)));
    members.extend(
        inline
            .into_iter()
            .map(|entry| (string(key_text(entry)), any(&entry.value))),
    );
    Yaml::Mapping(members)
}

/// `EnvFile.MarshalYAML`: a required file as its path, else `{path, required}`.
fn env_file(bound: Option<&Node>, definition: &'static Struct) -> Yaml {
    let member = |name| {
        definition
            .field(name)
            .and_then(|field| field_value(bound, field))
    };
    let path = string(member("path").and_then(Node::as_str).unwrap_or_default());
    match member("required").map(|required| &required.value) {
        Some(Value::Bool(true)) => path,
        _ => Yaml::Mapping(vec![
            (string("path"), path),
            (string("required"), boolean(false)),
        ]),
    }
}

/// A Go map: its keys in go-yaml's order.
fn map(bound: &Node, value_of: impl Fn(&Entry) -> Yaml) -> Yaml {
    let mut entries: Vec<&Entry> = bound.as_mapping().unwrap_or_default().iter().collect();
    entries.sort_by(|left, right| key_order(key_text(left), key_text(right)));
    Yaml::Mapping(
        entries
            .into_iter()
            .map(|entry| (string(key_text(entry)), value_of(entry)))
            .collect(),
    )
}

/// A value of the model (`interface{}`), as go-yaml writes Go's decoded values.
fn any(node: &Node) -> Yaml {
    match &node.value {
        Value::Null => null(),
        Value::Bool(truth) => boolean(*truth),
        Value::Int(number) => plain(number.to_string()),
        Value::Float(number) => floating(*number, 64),
        Value::String(text) => string(text),
        // A `time.Time` is written in RFC 3339, as the timestamp is kept.
        Value::Timestamp(stamp) => plain(stamp.clone()),
        Value::Sequence(items) => Yaml::Sequence(items.iter().map(any).collect()),
        Value::Mapping(_) => map(node, |entry| any(&entry.value)),
    }
}

fn key_text(entry: &Entry) -> &str {
    entry.key.as_str().unwrap_or_default()
}

fn plain(text: String) -> Yaml {
    Yaml::Scalar(text, Style::Plain)
}

fn null() -> Yaml {
    plain("null".to_owned())
}

fn boolean(truth: bool) -> Yaml {
    plain(truth.to_string())
}

/// go-yaml's `floatv`: Go's shortest form, with YAML's spellings of infinity and NaN.
fn floating(number: f64, bits: u32) -> Yaml {
    let text = match format_float(number, FloatFormat::Shortest, bits).as_str() {
        "+Inf" => ".inf".to_owned(),
        "-Inf" => "-.inf".to_owned(),
        "NaN" => ".nan".to_owned(),
        text => text.to_owned(),
    };
    plain(text)
}

/// go-yaml's `stringv`: a block for text with a line feed; plain when the text would read
/// back as the same string (not a number, bool, null, timestamp, YAML 1.1 bool like `yes`
/// or base-60 number like `12:30`); else double-quoted.
fn string(text: &str) -> Yaml {
    let style = if text.contains('\n') {
        Style::Literal
    } else if matches!(resolve_plain(text), Value::String(_))
        && !is_yaml11_bool(text)
        && !is_base60_float(text)
    {
        Style::Plain
    } else {
        Style::DoubleQuoted
    };
    Yaml::Scalar(text.to_owned(), style)
}

fn is_yaml11_bool(text: &str) -> bool {
    matches!(
        text,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "on"
            | "On"
            | "ON"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "off"
            | "Off"
            | "OFF"
    )
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
fn is_base60_float(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (number, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let mut groups = number.split(':');
    let head = groups.next().unwrap_or_default();
    let head_ok = head.starts_with(|ch: char| ch.is_ascii_digit())
        && head.chars().all(|ch| ch.is_ascii_digit() || ch == '_');
    let mut any_group = false;
    let groups_ok = groups.all(|group| {
        any_group = true;
        let bytes = group.as_bytes();
        match bytes {
            [last] => last.is_ascii_digit(),
            [first, last] => (b'0'..=b'5').contains(first) && last.is_ascii_digit(),
            _ => false,
        }
    });
    let fraction_ok = fraction.chars().all(|ch| ch.is_ascii_digit() || ch == '_');
    head_ok && any_group && groups_ok && fraction_ok
}

/// go-yaml's key order (`keyList.Less`): runs of digits compare as numbers, letters sort
/// after other characters except right after a digit.
fn key_order(left: &str, right: &str) -> Ordering {
    if key_less(left, right) {
        Ordering::Less
    } else if key_less(right, left) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

fn key_less(left: &str, right: &str) -> bool {
    let left: Vec<char> = left.chars().collect();
    let right: Vec<char> = right.chars().collect();
    let mut after_digit = false;
    for index in 0..left.len().min(right.len()) {
        let (a, b) = (left[index], right[index]);
        if a == b {
            after_digit = is_digit(a);
            continue;
        }
        let (a_letter, b_letter) = (a.is_alphabetic(), b.is_alphabetic());
        if a_letter && b_letter {
            return a < b;
        }
        if a_letter || b_letter {
            return if after_digit { a_letter } else { b_letter };
        }
        // Compare the runs of digits from here as numbers, a leading zero counting only
        // when digits before it are not all zeros.
        let mut a_number: i64 = 0;
        let mut b_number: i64 = 0;
        if a == '0' || b == '0' {
            let nonzero_before = left[..index]
                .iter()
                .rev()
                .take_while(|ch| is_digit(**ch))
                .any(|ch| *ch != '0');
            if nonzero_before {
                a_number = 1;
                b_number = 1;
            }
        }
        let digits = |text: &[char], mut number: i64| {
            let run: Vec<char> = text[index..]
                .iter()
                .copied()
                .take_while(|ch| is_digit(*ch))
                .collect();
            for digit in &run {
                number = number
                    .wrapping_mul(10)
                    .wrapping_add(i64::from(u32::from(*digit)) - i64::from(u32::from('0')));
            }
            (number, run.len())
        };
        let (a_number, a_length) = digits(&left, a_number);
        let (b_number, b_length) = digits(&right, b_number);
        if a_number != b_number {
            return a_number < b_number;
        }
        if a_length != b_length {
            return a_length < b_length;
        }
        return a < b;
    }
    left.len() < right.len()
}

/// Go's `unicode.IsDigit`, for which this takes Rust's numeric characters.
fn is_digit(ch: char) -> bool {
    ch.is_ascii_digit() || (!ch.is_ascii() && ch.is_numeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_in_go_yaml_spellings() {
        let text = |number, bits| match floating(number, bits) {
            Yaml::Scalar(text, _) => text,
            _ => unreachable!(),
        };
        assert_eq!(text(-0.0, 64), "-0");
        assert_eq!(text(1e6, 64), "1e+06");
        assert_eq!(text(f64::NEG_INFINITY, 64), "-.inf");
        assert_eq!(text(f64::NAN, 64), ".nan");
        assert_eq!(text(f64::from(0.1f32), 32), "0.1");
    }

    #[test]
    fn secret_and_config_contents_print_as_their_marshallers_allow() {
        let text = "services:\n  web:\n    image: a\nsecrets:\n  s: {content: hidden}\n\
                    configs:\n  from_environment: {environment: HOME, content: resolved}\n  \
                    inline: {content: shown}\n";
        let bound =
            crate::compose::output::bind(&crate::yaml::parse(text).unwrap().remove(0)).unwrap();
        let printed = crate::compose::output::to_yaml(&bound);
        assert!(printed.ends_with(
            "secrets:\n  s: {}\nconfigs:\n  from_environment:\n    environment: HOME\n  \
             inline:\n    content: shown\n"
        ));
    }

    #[test]
    fn keys_sort_as_go_yaml_sorts_them() {
        let mut keys = vec![
            "b10", "b9", "B", "~a", "a", "_", "1", "x\ny", "é", "a01", "a1", "a001",
        ];
        keys.sort_by(|left, right| key_order(left, right));
        assert_eq!(
            keys,
            [
                "_", "~a", "1", "B", "a", "a1", "a01", "a001", "b9", "b10", "x\ny", "é"
            ]
        );
    }

    #[test]
    fn strings_are_quoted_where_they_would_read_back_otherwise() {
        let style = |text: &str| match string(text) {
            Yaml::Scalar(_, style) => style,
            _ => unreachable!(),
        };
        for quoted in [
            "8080",
            "yes",
            "N",
            "0440",
            "12:30",
            "null",
            "",
            "2001-12-14",
            "1e3",
            ".5",
        ] {
            assert_eq!(style(quoted), Style::DoubleQuoted, "{quoted}");
        }
        for plain in ["nginx", "1m30s", "a: b", "12:70", "1_000x"] {
            assert_eq!(style(plain), Style::Plain, "{plain}");
        }
        assert_eq!(style("a\nb"), Style::Literal);
    }
}
