//! What JSON and YAML printing share: reading a struct's fields and extensions out of the
//! bound tree, and Go's notions of an empty value (encoding/json's `omitempty`) and a zero
//! one (go-yaml's `omitempty`), which differ for structs and `ShellCommand`.

use super::fields::{Field, Kind, Marshal, Struct};
use crate::yaml::{Entry, Node, Value};

/// A struct field's bound value; `None` when unset (the Go zero value).
pub fn field_value<'a>(bound: Option<&'a Node>, field: &Field) -> Option<&'a Node> {
    bound?.get(field.yaml).filter(|value| !value.is_null())
}

/// A bound struct's extensions: the entries that are not its fields.
pub fn extensions<'a>(
    bound: Option<&'a Node>,
    definition: &'a Struct,
) -> impl Iterator<Item = &'a Entry> + 'a {
    bound
        .and_then(Node::as_mapping)
        .unwrap_or_default()
        .iter()
        .filter(|entry| {
            entry
                .key
                .as_str()
                .is_none_or(|key| definition.field(key).is_none())
        })
}

/// Whether a struct's marshaller leaves this field out whatever its value: a secret's
/// content always, a config's when it was read from the environment.
pub fn hidden(definition: &Struct, field: &Field, bound: Option<&Node>) -> bool {
    if field.yaml != "content" {
        return false;
    }
    match definition.marshal {
        Marshal::Secret => true,
        Marshal::Config => definition
            .field("environment")
            .and_then(|environment| field_value(bound, environment))
            .is_some_and(|environment| environment.as_str() != Some("")),
        _ => false,
    }
}

/// Which `omitempty` is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Omit {
    /// encoding/json: false, 0, "", nil and empty collections; a struct never.
    Json,
    /// go-yaml: the same, but a struct when all its fields are zero, and a `ShellCommand`
    /// only when nil (its `IsZero`).
    Yaml,
}

/// Whether `omitempty` under `rules` drops this value of `kind`.
pub fn is_empty(value: Option<&Node>, kind: &Kind, rules: Omit) -> bool {
    let Some(value) = value.filter(|value| !value.is_null()) else {
        return rules == Omit::Yaml || !matches!(kind, Kind::Struct(_));
    };
    match kind {
        Kind::Pointer(_) | Kind::Ulimit => false,
        Kind::Struct(definition) => {
            rules == Omit::Yaml
                && definition
                    .fields
                    .iter()
                    .all(|field| is_empty(field_value(Some(value), field), &field.kind, rules))
                && extensions(Some(value), definition).next().is_none()
        }
        Kind::ShellCommand if rules == Omit::Yaml => false,
        _ => match &value.value {
            Value::String(text) => text.is_empty(),
            Value::Bool(truth) => !truth,
            Value::Int(number) => *number == 0,
            Value::Float(number) => *number == 0.0,
            Value::Sequence(items) => items.is_empty(),
            Value::Mapping(entries) => entries.is_empty(),
            Value::Null | Value::Timestamp(_) => false,
        },
    }
}

/// `types.FileMode`'s `String()`: `0` and the octal digits (Go's `%o`, with its sign).
pub fn file_mode(mode: i128) -> String {
    if mode < 0 {
        format!("0-{:o}", mode.unsigned_abs())
    } else {
        format!("0{mode:o}")
    }
}

/// `types.HostsList`'s printed form: `host=address` items, sorted.
pub fn host_items(hosts: &Node) -> Vec<String> {
    let mut items: Vec<String> = hosts
        .as_mapping()
        .unwrap_or_default()
        .iter()
        .flat_map(|entry| {
            let host = entry.key.as_str().unwrap_or_default();
            entry
                .value
                .as_sequence()
                .unwrap_or_default()
                .iter()
                .map(move |address| format!("{host}={}", address.as_str().unwrap_or_default()))
        })
        .collect();
    items.sort();
    items
}

/// The strings of a bound list.
pub fn strings(list: &Node) -> impl Iterator<Item = &str> {
    list.as_sequence()
        .unwrap_or_default()
        .iter()
        .map(|item| item.as_str().unwrap_or_default())
}

/// A bound integer (byte sizes, durations, modes, counts).
pub fn integer(value: &Node) -> i128 {
    match value.value {
        Value::Int(number) => number,
        _ => 0,
    }
}

/// A bound float (float32 fields, cpus).
pub fn float(value: &Node) -> f64 {
    match value.value {
        Value::Float(number) => number,
        _ => 0.0,
    }
}

/// A bound ulimit as its marshallers see it.
pub enum Ulimit {
    /// A single value, which stands for both limits.
    Single(i128),
    Range {
        soft: i128,
        hard: i128,
    },
}

pub fn ulimit(value: &Node) -> Ulimit {
    let limit = |key| value.get(key).map(integer).unwrap_or(0);
    match limit("single") {
        0 => Ulimit::Range {
            soft: limit("soft"),
            hard: limit("hard"),
        },
        single => Ulimit::Single(single),
    }
}
