//! compose-go's binding of the model into `types.Project` (`loader.Transform`):
//! mapstructure without weak typing, with compose-go's hooks: `x-` keys moved aside as
//! extensions first (`processExtensions`), each type's `DecodeMapstructure`, the `cast`
//! hook (strings to bools and numbers, ints to strings) and an environment secret's value
//! taken into `content`.
//!
//! The bound tree keeps what the structs hold: fields in Go order under their YAML keys
//! (unset fields absent), then the extensions; maps sorted; durations, byte sizes, file
//! modes and device counts as integers. Every value keeps the place it was written.

use super::fields::{Field, IntType, Kind, Marshal, PROJECT, Struct};
use super::go_value::{go_kind, go_type, sprint};
use super::shell_words;
use crate::compose::tree::{self, TreePath};
use crate::go_units::bytes::{go_float_to_int64, ram_in_bytes};
use crate::go_units::duration::parse_compose_duration;
use crate::go_units::strconv::{parse_float, parse_int, quote};
use crate::source::Span;
use crate::yaml::{Entry, FileId, Node, Value};
use std::collections::BTreeMap;
use std::fmt;

/// The project as compose-go's structs hold it, and what binding warned about.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub project: Node,
    pub warnings: Vec<BindWarning>,
}

/// compose-go's binding error: every field that failed, in the order mapstructure visits
/// them (struct fields in Go order, map keys sorted where Go's order is random).
#[derive(Debug, Clone, PartialEq)]
pub struct BindError {
    pub problems: Vec<BindProblem>,
    /// What binding warned about before it failed, which compose-go has printed by then.
    pub warnings: Vec<BindWarning>,
}

/// One field that failed to bind.
#[derive(Debug, Clone, PartialEq)]
pub struct BindProblem {
    /// mapstructure's name of the field: `services[web].stop_grace_period`.
    pub field: String,
    pub reason: String,
    pub span: Span,
    pub file: FileId,
}

/// A value binding accepted with a warning (`yes` for a boolean).
#[derive(Debug, Clone, PartialEq)]
pub struct BindWarning {
    pub message: String,
    pub span: Span,
    pub file: FileId,
}

impl fmt::Display for BindError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A model that is no mapping fails alone; the project's fields fail as joined
        // errors, which mapstructure introduces so.
        if let [problem] = self.problems.as_slice()
            && problem.field.is_empty()
        {
            return write!(formatter, "{problem}");
        }
        formatter.write_str("decoding failed due to the following error(s):\n")?;
        for problem in &self.problems {
            write!(formatter, "\n{problem}")?;
        }
        Ok(())
    }
}

impl fmt::Display for BindProblem {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "'{}' {}", self.field, self.reason)
    }
}

impl std::error::Error for BindError {}

/// Binds compose-go's normalised model (`services`, `networks`, … after `Normalize`).
pub fn bind_with_warnings(model: &Node) -> Result<Bound, BindError> {
    let mut binder = Binder::default();
    let moved = move_extensions(model, &TreePath::root());
    let model = moved.as_ref().unwrap_or(model);
    let project = binder
        .decode("", model, &Kind::Struct(&PROJECT))
        .unwrap_or_else(|| tree::mapping(Vec::new(), model));
    if binder.problems.is_empty() {
        Ok(Bound {
            project,
            warnings: binder.warnings,
        })
    } else {
        Err(BindError {
            problems: binder.problems,
            warnings: binder.warnings,
        })
    }
}

/// The key compose-go gathers a mapping's `x-` keys under.
const EXTENSIONS: &str = "#extensions";

/// Where `x-` keys are names the user chose, not extensions.
const USER_DEFINED_KEYS: &[&str] = &[
    "services",
    "services.*.depends_on",
    "volumes",
    "networks",
    "secrets",
    "configs",
];

/// compose-go's `processExtensions`: in every mapping but those named by the user, the
/// `x-` keys move under `#extensions` (which a struct binds as its extensions, and a map
/// type as one more key). Extension values are not looked into, nor lists in lists.
/// `None` when nothing moves below `node`: most of a model has no extensions, and is bound
/// as it is rather than copied.
fn move_extensions(node: &Node, path: &TreePath) -> Option<Node> {
    match &node.value {
        Value::Mapping(entries) => {
            let user_defined = USER_DEFINED_KEYS
                .iter()
                .any(|pattern| path.matches(pattern));
            let mut kept = Vec::with_capacity(entries.len());
            let mut extensions = Vec::new();
            let mut changed = false;
            for entry in entries {
                let key = entry.key.as_str().unwrap_or_default();
                if !user_defined && key.starts_with("x-") {
                    extensions.push(entry.clone());
                } else {
                    let moved = move_extensions(&entry.value, &path.next(key));
                    changed |= moved.is_some();
                    kept.push((entry, moved));
                }
            }
            if !changed && extensions.is_empty() {
                return None;
            }
            let kept = kept
                .into_iter()
                .map(|(entry, moved)| Entry {
                    key: entry.key.clone(),
                    value: moved.unwrap_or_else(|| entry.value.clone()),
                })
                .collect();
            let mut moved = tree::made(Value::Mapping(kept), node);
            if !extensions.is_empty() {
                tree::set(
                    &mut moved,
                    EXTENSIONS,
                    tree::made(Value::Mapping(extensions), node),
                );
            }
            Some(moved)
        }
        Value::Sequence(items) => {
            let moved: Vec<Option<Node>> = items
                .iter()
                .enumerate()
                .map(|(index, item)| match item.value {
                    Value::Mapping(_) => move_extensions(item, &path.next(&index.to_string())),
                    _ => None,
                })
                .collect();
            if moved.iter().all(Option::is_none) {
                return None;
            }
            let items = items
                .iter()
                .zip(moved)
                .map(|(item, moved)| moved.unwrap_or_else(|| item.clone()))
                .collect();
            Some(tree::made(Value::Sequence(items), node))
        }
        _ => None,
    }
}

#[derive(Default)]
struct Binder {
    problems: Vec<BindProblem>,
    warnings: Vec<BindWarning>,
}

/// mapstructure's name of a struct's field.
fn field_name(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// Whether Go decoded this integer as an `int` (else it is a `uint64`).
fn as_go_int(value: &Node) -> Option<i64> {
    match value.value {
        Value::Int(number) => i64::try_from(number).ok(),
        _ => None,
    }
}

fn string_items(items: Vec<String>, origin: &Node) -> Node {
    let items = items
        .into_iter()
        .map(|item| tree::string(item, origin))
        .collect();
    tree::sequence(items, origin)
}

/// A Go map: one entry per key, the last one given winning, sorted.
fn sorted(entries: Vec<(String, Node)>, origin: &Node) -> Node {
    let entries: BTreeMap<String, Node> = entries.into_iter().collect();
    tree::mapping(entries.into_iter().collect(), origin)
}

/// mapstructure's error for a value of another Go type.
fn unconvertible(expected: &str, value: &Node) -> String {
    format!(
        "expected type '{expected}', got unconvertible type '{}'",
        go_type(&value.value)
    )
}

impl Binder {
    fn fail(&mut self, field: &str, reason: String, at: &Node) {
        self.problems.push(BindProblem {
            field: field.to_owned(),
            reason,
            span: at.span,
            file: at.file,
        });
    }

    /// The value as the field of `kind` holds it; `None` leaves the field unset (a `null`,
    /// or a value that failed).
    fn decode(&mut self, name: &str, value: &Node, kind: &Kind) -> Option<Node> {
        if value.is_null() {
            return None;
        }
        let scalar =
            |bound: Result<Value, String>| bound.map(|bound| Some(tree::made(bound, value)));
        let bound = match kind {
            Kind::Pointer(inner) => return self.decode(name, value, inner),
            Kind::Struct(definition) => return self.structure(name, value, definition),
            Kind::Slice(item_kind) => return self.slice(name, value, item_kind),
            Kind::Map(go, value_kind) => return self.map(name, value, go, value_kind),
            Kind::Str(go) => scalar(string(value, go)),
            Kind::Bool(go) => scalar(self.boolean(value, go)),
            Kind::Int(int) => scalar(integer(value, int)),
            Kind::Float32 => scalar(float32(value)),
            Kind::UnitBytes => scalar(unit_bytes(value)),
            Kind::Duration => scalar(duration(value)),
            Kind::FileMode => scalar(file_mode(value)),
            Kind::NanoCpus => scalar(nano_cpus(value)),
            Kind::DeviceCount => scalar(device_count(value)),
            Kind::StringList => string_list(value),
            Kind::StringOrNumberList => string_or_number_list(value),
            Kind::ShellCommand => shell_command(value),
            Kind::HealthCheckTest => health_check_test(value),
            Kind::Mapping | Kind::Labels | Kind::MappingWithEquals => string_mapping(value, kind),
            Kind::Options => options(value),
            Kind::MultiOptions => multi_options(value),
            Kind::HostsList => hosts_list(value),
            Kind::SshConfig => ssh_config(value),
            Kind::Ulimit => ulimit(value),
        };
        match bound {
            Ok(bound) => bound,
            Err(reason) => {
                self.fail(name, reason, value);
                None
            }
        }
    }

    /// compose-go's `toBoolean`, which its `cast` hook reads strings into bools with.
    fn boolean(&mut self, value: &Node, go: &str) -> Result<Value, String> {
        let text = match &value.value {
            Value::Bool(truth) => return Ok(Value::Bool(*truth)),
            Value::String(text) => text,
            _ => return Err(unconvertible(go, value)),
        };
        let (truth, legacy) = match text.to_ascii_lowercase().as_str() {
            "true" => (true, false),
            "false" => (false, false),
            "y" | "yes" | "on" => (true, true),
            "n" | "no" | "off" => (false, true),
            _ => return Err(format!("invalid boolean: {text}")),
        };
        if legacy {
            self.warnings.push(BindWarning {
                message: format!(
                    "{} for boolean is not supported by YAML 1.2, please use `{truth}`",
                    quote(text)
                ),
                span: value.span,
                file: value.file,
            });
        }
        Ok(Value::Bool(truth))
    }

    /// A struct from a mapping: each field at its key (or one differing only in case),
    /// then the extensions.
    fn structure(&mut self, name: &str, value: &Node, definition: &Struct) -> Option<Node> {
        let Some(entries) = value.as_mapping() else {
            let reason = format!(
                "expected a map or struct, got \"{}\"",
                go_kind(&value.value)
            );
            self.fail(name, reason, value);
            return None;
        };
        let mut extensions = match find(entries, EXTENSIONS) {
            Some(entry) if definition.extensions => self.extensions(name, &entry.value),
            _ => Vec::new(),
        };
        let mut bound = Vec::new();
        for field in definition.fields {
            let found =
                find(entries, field.key).map(|entry| (entry.key.clone(), entry.value.clone()));
            let found = found.or_else(|| secret_content(definition, field, &mut extensions));
            let Some((key, raw)) = found else {
                continue;
            };
            if let Some(field_value) = self.decode(&field_name(name, field.key), &raw, &field.kind)
            {
                bound.push(Entry {
                    key: tree::string(field.yaml, &key),
                    value: field_value,
                });
            }
        }
        bound.extend(extensions);
        Some(tree::made(Value::Mapping(bound), value))
    }

    /// A struct's extensions: the mapping under `#extensions`, kept as written.
    fn extensions(&mut self, name: &str, value: &Node) -> Vec<Entry> {
        match value.as_mapping() {
            Some(entries) => entries.to_vec(),
            None => {
                let reason = unconvertible("types.Extensions", value);
                self.fail(&field_name(name, EXTENSIONS), reason, value);
                Vec::new()
            }
        }
    }

    /// A slice: each item bound, or its Go zero value.
    fn slice(&mut self, name: &str, value: &Node, item_kind: &Kind) -> Option<Node> {
        let Some(items) = value.as_sequence() else {
            let reason = format!(
                "source data must be an array or slice, got {}",
                go_kind(&value.value)
            );
            self.fail(name, reason, value);
            return None;
        };
        let items = items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                self.decode(&format!("{name}[{index}]"), item, item_kind)
                    .unwrap_or_else(|| tree::made(Value::Null, item))
            })
            .collect();
        Some(tree::made(Value::Sequence(items), value))
    }

    /// A Go map: each value bound, or its Go zero value.
    fn map(&mut self, name: &str, value: &Node, go: &str, value_kind: &Kind) -> Option<Node> {
        let Some(entries) = value.as_mapping() else {
            self.fail(name, unconvertible(go, value), value);
            return None;
        };
        let entries = entries
            .iter()
            .map(|entry| {
                let key = entry.key.as_str().unwrap_or_default();
                let bound = self
                    .decode(&format!("{name}[{key}]"), &entry.value, value_kind)
                    .unwrap_or_else(|| tree::made(Value::Null, &entry.value));
                (key.to_owned(), bound)
            })
            .collect();
        Some(sorted(entries, value))
    }
}

/// A string, with compose-go's `cast` hook printing ints.
fn string(value: &Node, go: &str) -> Result<Value, String> {
    match &value.value {
        Value::String(text) => Ok(Value::String(text.clone())),
        Value::Int(_) if as_go_int(value).is_some() => Ok(Value::String(sprint(&value.value))),
        _ => Err(unconvertible(go, value)),
    }
}

/// mapstructure's `decodeInt`/`decodeUint` (floats truncated, values wrapped to the
/// type's width), with `cast` reading strings for `int` and `int64`.
fn integer(value: &Node, int: &IntType) -> Result<Value, String> {
    let number: i128 = match &value.value {
        Value::Int(number) => *number,
        Value::Float(number) => go_float_to_int64(*number).into(),
        Value::String(text) if int.signed && int.bits == 64 => {
            let function = if int.go == "int" { "Atoi" } else { "ParseInt" };
            return parse_int(text, 10, function).map(|number| Value::Int(number.into()));
        }
        _ => return Err(unconvertible(int.go, value)),
    };
    if !int.signed && number < 0 {
        let shown = match value.value {
            Value::Float(float) => format!("{float:.6}"),
            _ => number.to_string(),
        };
        return Err(format!(
            "cannot parse value as '{}': {shown} overflows uint",
            int.go
        ));
    }
    Ok(Value::Int(wrap(number, int)))
}

/// mapstructure's `decodeFloat` into a float32, with `cast` reading strings.
fn float32(value: &Node) -> Result<Value, String> {
    let number = match &value.value {
        // Go converts an integer through float64, as this does.
        Value::Int(number) => *number as f64,
        Value::Float(number) => *number,
        Value::String(text) => parse_float(text, 32)?,
        _ => return Err(unconvertible("float32", value)),
    };
    Ok(Value::Float(f64::from(number as f32)))
}

/// `types.UnitBytes`: an int as it is, a string as a size; anything else leaves the
/// size at zero, silently.
fn unit_bytes(value: &Node) -> Result<Value, String> {
    let bytes = match &value.value {
        Value::String(text) => ram_in_bytes(text)?,
        _ => as_go_int(value).unwrap_or(0),
    };
    Ok(Value::Int(bytes.into()))
}

/// `types.Duration`: whatever the value is, printed by Go and read by str2duration.
fn duration(value: &Node) -> Result<Value, String> {
    parse_compose_duration(&sprint(&value.value)).map(|nanoseconds| Value::Int(nanoseconds.into()))
}

/// `types.FileMode`: an octal string, or an int.
fn file_mode(value: &Node) -> Result<Value, String> {
    let mode = match (&value.value, as_go_int(value)) {
        (Value::String(text), _) => parse_int(text, 8, "ParseInt")?,
        (_, Some(mode)) => mode,
        (other, None) => return Err(format!("unexpected value type {} for mode", go_type(other))),
    };
    Ok(Value::Int(mode.into()))
}

/// `types.NanoCPUs`: a float32 from a number or a string.
fn nano_cpus(value: &Node) -> Result<Value, String> {
    let cpus = match (&value.value, as_go_int(value)) {
        (Value::String(text), _) => parse_float(text, 64)? as f32,
        (_, Some(number)) => number as f32,
        (Value::Float(number), _) => *number as f32,
        (other, None) => return Err(format!("unexpected value type {} for cpus", go_type(other))),
    };
    Ok(Value::Float(cpus.into()))
}

/// `types.DeviceCount`: a number, or `all` as -1.
fn device_count(value: &Node) -> Result<Value, String> {
    let count = match (&value.value, as_go_int(value)) {
        (Value::String(text), _) if text.eq_ignore_ascii_case("all") => -1,
        (Value::String(text), _) => parse_int(text, 10, "ParseInt").map_err(|_| {
            format!(
                "invalid value {}, the only value allowed is 'all' or a number",
                quote(text)
            )
        })?,
        (_, Some(count)) => count,
        (other, None) => {
            return Err(format!("invalid type {} for device count", go_type(other)));
        }
    };
    Ok(Value::Int(count.into()))
}

/// `types.Mapping`, `types.Labels` and `types.MappingWithEquals` from a mapping or a list
/// of `KEY=VALUE` items.
fn string_mapping(value: &Node, kind: &Kind) -> Result<Option<Node>, String> {
    let with_equals = matches!(kind, Kind::MappingWithEquals);
    match &value.value {
        Value::Mapping(entries) => Ok(Some(map_values(entries, value, |item| match item {
            Value::Null if with_equals => Value::Null,
            Value::Null => Value::String(String::new()),
            other => Value::String(sprint(other)),
        }))),
        Value::Sequence(items) => {
            let mut entries = Vec::new();
            for item in items {
                let text = sprint(&item.value);
                let (key, assigned) = match text.split_once('=') {
                    Some((key, assigned)) => (key, Some(assigned)),
                    None => (text.as_str(), None),
                };
                // compose-go looks at the key's last byte as if it were a character.
                if with_equals && key.as_bytes().last().is_some_and(|&byte| is_go_space(byte)) {
                    return Err(format!(
                        "environment variable {key} is declared with a trailing space"
                    ));
                }
                let bound = match assigned {
                    Some(assigned) => Value::String(assigned.to_owned()),
                    None if with_equals => Value::Null,
                    None => Value::String(String::new()),
                };
                entries.push((key.to_owned(), tree::made(bound, item)));
            }
            Ok(Some(sorted(entries, value)))
        }
        other => {
            let what = if matches!(kind, Kind::Labels) {
                "labels"
            } else {
                "mapping"
            };
            Err(format!(
                "unexpected value type {} for {what}",
                go_type(other)
            ))
        }
    }
}

/// The entry at `key`, or else one whose key differs only in ASCII case, as mapstructure
/// finds a field.
fn find<'a>(entries: &'a [Entry], key: &str) -> Option<&'a Entry> {
    let key_of = |entry: &Entry| entry.key.as_str() == Some(key);
    let folded = |entry: &Entry| {
        entry
            .key
            .as_str()
            .is_some_and(|found| found.eq_ignore_ascii_case(key))
    };
    entries
        .iter()
        .find(|entry| key_of(entry))
        .or_else(|| entries.iter().find(|entry| folded(entry)))
}

/// compose-go's `secretConfigDecoderHook`: a secret read from the environment carries its
/// value as the extension `x-#value`, which becomes its `content`.
fn secret_content(
    definition: &Struct,
    field: &Field,
    extensions: &mut Vec<Entry>,
) -> Option<(Node, Node)> {
    const VALUE: &str = "x-#value";
    if definition.marshal != Marshal::Secret || field.key != "content" {
        return None;
    }
    let index = extensions
        .iter()
        .position(|entry| entry.key.as_str() == Some(VALUE) && entry.value.as_str().is_some())?;
    let entry = extensions.remove(index);
    Some((entry.key, entry.value))
}

/// `reflect.Value.SetInt`/`SetUint`: the value cut to the type's width.
fn wrap(number: i128, int: &IntType) -> i128 {
    let bits = int.bits;
    let unsigned = (number as u128) & (u128::MAX >> (128 - bits));
    if int.signed && unsigned >> (bits - 1) == 1 {
        unsigned as i128 - (1i128 << bits)
    } else {
        unsigned as i128
    }
}

/// Go's `unicode.IsSpace` of a byte taken as a character.
fn is_go_space(byte: u8) -> bool {
    matches!(
        byte,
        b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | 0x85 | 0xA0
    )
}

/// A Go map of strings from a mapping, each value made by `convert`.
fn map_values(entries: &[Entry], origin: &Node, convert: impl Fn(&Value) -> Value) -> Node {
    let entries = entries
        .iter()
        .map(|entry| {
            let key = entry.key.as_str().unwrap_or_default().to_owned();
            (key, tree::made(convert(&entry.value.value), &entry.value))
        })
        .collect();
    sorted(entries, origin)
}

/// A list's items as strings, as compose-go's `e.(string)` asserts them (a Go panic for
/// anything else).
fn strings_of(items: &[Node]) -> Result<Vec<String>, String> {
    items
        .iter()
        .map(|item| {
            item.as_str().map(str::to_owned).ok_or_else(|| {
                format!(
                    "interface conversion: interface {{}} is {}, not string",
                    go_type(&item.value)
                )
            })
        })
        .collect()
}

/// `types.StringList`: a string, or a list of strings only.
fn string_list(value: &Node) -> Result<Option<Node>, String> {
    let refused = || format!("invalid type {} for string list", go_type(&value.value));
    match &value.value {
        Value::String(text) => Ok(Some(string_items(vec![text.clone()], value))),
        Value::Sequence(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(|items| Some(string_items(items, value)))
            .ok_or_else(refused),
        _ => Err(refused()),
    }
}

/// `types.StringOrNumberList`: a string, or a list of scalars as Go prints them.
fn string_or_number_list(value: &Node) -> Result<Option<Node>, String> {
    match &value.value {
        Value::String(text) => Ok(Some(string_items(vec![text.clone()], value))),
        Value::Sequence(items) => Ok(Some(string_items(
            items.iter().map(|item| sprint(&item.value)).collect(),
            value,
        ))),
        other => Err(format!("invalid type {} for string list", go_type(other))),
    }
}

/// `types.ShellCommand`: a string split into words, or a list of strings; anything else
/// leaves the command unset.
fn shell_command(value: &Node) -> Result<Option<Node>, String> {
    match &value.value {
        Value::String(line) => shell_words::split(line)
            .map(|words| Some(string_items(words, value)))
            .map_err(str::to_owned),
        Value::Sequence(items) => strings_of(items).map(|items| Some(string_items(items, value))),
        _ => Ok(None),
    }
}

/// `types.HealthCheckTest`: a string is a `CMD-SHELL` test.
fn health_check_test(value: &Node) -> Result<Option<Node>, String> {
    match &value.value {
        Value::String(test) => Ok(Some(string_items(
            vec!["CMD-SHELL".to_owned(), test.clone()],
            value,
        ))),
        Value::Sequence(items) => strings_of(items).map(|items| Some(string_items(items, value))),
        other => Err(format!(
            "unexpected value type {} for healthcheck.test",
            go_type(other)
        )),
    }
}

/// `types.Options`: a mapping of values as Go prints them, `null` as empty.
fn options(value: &Node) -> Result<Option<Node>, String> {
    match &value.value {
        Value::Mapping(entries) => Ok(Some(map_values(entries, value, |item| match item {
            Value::Null => Value::String(String::new()),
            other => Value::String(sprint(other)),
        }))),
        other => Err(format!("invalid type {} for options", go_type(other))),
    }
}

/// `types.MultiOptions`: a mapping of lists (or of single values, then one-item lists).
fn multi_options(value: &Node) -> Result<Option<Node>, String> {
    let Value::Mapping(entries) = &value.value else {
        return Err(format!(
            "invalid type {} for options",
            go_type(&value.value)
        ));
    };
    let entries = entries
        .iter()
        .filter_map(|entry| {
            let options: Vec<String> = match &entry.value.value {
                Value::Sequence(items) => items.iter().map(|item| sprint(&item.value)).collect(),
                other => vec![sprint(other)],
            };
            // Go appends each item to the key's list, so an empty list adds no key.
            let key = entry.key.as_str().unwrap_or_default().to_owned();
            (!options.is_empty()).then(|| (key, string_items(options, &entry.value)))
        })
        .collect();
    Ok(Some(sorted(entries, value)))
}

/// `types.HostsList`: host names to their addresses, from a mapping or from `host=ip`
/// (or `host:ip`) items, several addresses split at commas, brackets taken off addresses.
fn hosts_list(value: &Node) -> Result<Option<Node>, String> {
    let mut hosts: Vec<(String, Vec<String>, &Node)> = Vec::new();
    match &value.value {
        Value::Mapping(entries) => {
            for entry in entries {
                let addresses = match &entry.value.value {
                    Value::Null => vec![String::new()],
                    Value::String(address) => vec![address.clone()],
                    Value::Sequence(items) => {
                        items.iter().map(|item| sprint(&item.value)).collect()
                    }
                    // compose-go names the type of the whole mapping here.
                    _ => {
                        return Err(format!(
                            "unexpected value type {} for extra_hosts entry",
                            go_type(&value.value)
                        ));
                    }
                };
                let host = entry.key.as_str().unwrap_or_default().to_owned();
                hosts.push((host, addresses, &entry.value));
            }
        }
        Value::Sequence(items) => {
            for item in items {
                let text = sprint(&item.value);
                let Some((host, addresses)) = text.split_once('=').or_else(|| text.split_once(':'))
                else {
                    return Err(format!("invalid additional host, missing IP: {text}"));
                };
                let addresses = addresses.split(',').map(str::to_owned);
                match hosts.iter_mut().find(|(known, _, _)| known == host) {
                    Some((_, known, _)) => known.extend(addresses),
                    None => hosts.push((host.to_owned(), addresses.collect(), item)),
                }
            }
        }
        other => {
            return Err(format!(
                "unexpected value type {} for extra_hosts",
                go_type(other)
            ));
        }
    }
    // Go checks the hosts in its random map order; the first in sorted order is reported.
    hosts.sort_by(|(left, _, _), (right, _, _)| left.cmp(right));
    if let Some((host, _, _)) = hosts
        .iter()
        .find(|(host, _, _)| host.is_empty() || host.contains([':', '=']))
    {
        return Err(format!("bad host name '{host}'"));
    }
    let entries = hosts
        .into_iter()
        .map(|(host, addresses, origin)| {
            let addresses = addresses
                .into_iter()
                .map(|address| {
                    match address
                        .strip_prefix('[')
                        .and_then(|rest| rest.strip_suffix(']'))
                    {
                        Some(inner) if address.len() > 2 => inner.to_owned(),
                        _ => address,
                    }
                })
                .collect();
            (host, string_items(addresses, origin))
        })
        .collect();
    Ok(Some(sorted(entries, value)))
}

/// `types.SSHConfig`: from a mapping of ids to paths, a list of `{id, path}`.
fn ssh_config(value: &Node) -> Result<Option<Node>, String> {
    let Value::Mapping(entries) = &value.value else {
        return Err(format!("invalid ssh config type {}", go_type(&value.value)));
    };
    let mut keys: Vec<&Entry> = entries.iter().collect();
    // Go fills the list in its random map order; sorting by id keeps output stable.
    keys.sort_by_key(|entry| entry.key.as_str().unwrap_or_default());
    let keys = keys
        .into_iter()
        .map(|entry| {
            let id = entry.key.as_str().unwrap_or_default();
            let mut key = vec![("id".to_owned(), tree::string(id, &entry.key))];
            if !entry.value.is_null() {
                let path = tree::string(sprint(&entry.value.value), &entry.value);
                key.push(("path".to_owned(), path));
            }
            tree::mapping(key, &entry.key)
        })
        .collect();
    Ok(Some(tree::sequence(keys, value)))
}

/// `types.UlimitsConfig`: one number (`single`), or `soft` and `hard`.
fn ulimit(value: &Node) -> Result<Option<Node>, String> {
    match &value.value {
        Value::Int(_) if as_go_int(value).is_some() => Ok(Some(tree::mapping(
            vec![("single".to_owned(), value.clone())],
            value,
        ))),
        Value::Mapping(entries) => {
            let mut limits = Vec::new();
            for key in ["soft", "hard"] {
                let Some(limit) = entries.iter().find(|entry| entry.key.as_str() == Some(key))
                else {
                    continue;
                };
                // compose-go asserts an int, which a Go panic reports otherwise.
                if as_go_int(&limit.value).is_none() {
                    return Err(format!(
                        "interface conversion: interface {{}} is {}, not int",
                        go_type(&limit.value.value)
                    ));
                }
                limits.push((key.to_owned(), limit.value.clone()));
            }
            Ok(Some(tree::mapping(limits, value)))
        }
        other => Err(format!(
            "unexpected value type {} for ulimit",
            go_type(other)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn model(text: &str) -> Node {
        yaml::parse(text).unwrap().remove(0)
    }

    fn bound(text: &str) -> Node {
        bind_with_warnings(&model(text)).unwrap().project
    }

    /// The bound value at a dotted path of keys and item indexes.
    fn at<'a>(node: &'a Node, path: &str) -> &'a Value {
        let found = path
            .split('.')
            .fold(node, |node, part| match part.parse::<usize>() {
                Ok(index) => &node.as_sequence().unwrap()[index],
                Err(_) => node
                    .get(part)
                    .unwrap_or_else(|| panic!("no {part} in {path}")),
            });
        &found.value
    }

    fn strings(node: &Node, path: &str) -> Vec<String> {
        let Value::Sequence(items) = at(node, path) else {
            panic!("{path} is no list");
        };
        items
            .iter()
            .map(|item| item.as_str().unwrap().to_owned())
            .collect()
    }

    fn error(text: &str) -> String {
        bind_with_warnings(&model(text)).unwrap_err().to_string()
    }

    #[test]
    fn values_take_the_types_of_the_fields() {
        let project = bound(
            "services:\n  web:\n    image: nginx\n    command: sh -c 'echo hi' && no\n    \
             stop_grace_period: 1m30s\n    mem_limit: 1.5g\n    cpus: 0.1\n    \
             secrets: [{source: s, mode: \"0440\"}]\n    \
             deploy: {resources: {limits: {cpus: \"0.5\"}, reservations: {devices: [{count: all}]}}}\n    \
             blkio_config: {weight: 70000, weight_device: [{PATH: /dev/sda}]}\n    \
             user: 1000\n    unknown: dropped\n",
        );
        let web = "services.web";
        assert_eq!(
            strings(&project, &format!("{web}.command")),
            ["sh", "-c", "echo hi"]
        );
        assert_eq!(
            at(&project, &format!("{web}.stop_grace_period")),
            &Value::Int(90_000_000_000)
        );
        assert_eq!(
            at(&project, &format!("{web}.mem_limit")),
            &Value::Int(1_610_612_736)
        );
        assert_eq!(
            at(&project, &format!("{web}.cpus")),
            &Value::Float(f64::from(0.1f32))
        );
        assert_eq!(
            at(&project, &format!("{web}.secrets.0.mode")),
            &Value::Int(0o440)
        );
        assert_eq!(
            at(&project, &format!("{web}.deploy.resources.limits.cpus")),
            &Value::Float(0.5)
        );
        assert_eq!(
            at(
                &project,
                &format!("{web}.deploy.resources.reservations.devices.0.count")
            ),
            &Value::Int(-1)
        );
        // A uint16 wraps; a key differing in case still finds its field.
        assert_eq!(
            at(&project, &format!("{web}.blkio_config.weight")),
            &Value::Int(4464)
        );
        assert_eq!(
            at(
                &project,
                &format!("{web}.blkio_config.weight_device.0.path")
            ),
            &Value::String("/dev/sda".into())
        );
        assert_eq!(
            at(&project, &format!("{web}.user")),
            &Value::String("1000".into())
        );
        assert!(
            project
                .get("services")
                .unwrap()
                .get("web")
                .unwrap()
                .get("unknown")
                .is_none()
        );
    }

    #[test]
    fn maps_and_lists_bind_as_compose_go_reads_them() {
        let project = bound(
            "services:\n  web:\n    labels: [b=2, a, c=x=y]\n    \
             environment: [UNSET, EMPTY=, NUM=1]\n    annotations: {n: 1.0, t: true, z: null}\n    \
             extra_hosts: [\"h=1.1.1.1,[::1]\", \"g:2.2.2.2\"]\n    \
             ulimits: {nproc: 10, nofile: {soft: 1, hard: 2}}\n    \
             build: {context: ., ssh: {b: null, a: /key}}\n    expose: [80, \"81\"]\n    \
             healthcheck: {test: exit 0}\n",
        );
        let web = project.get("services").unwrap().get("web").unwrap();
        let keys = |node: &Node| -> Vec<String> {
            node.as_mapping()
                .unwrap()
                .iter()
                .map(|entry| entry.key.as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(keys(web.get("labels").unwrap()), ["a", "b", "c"]);
        assert_eq!(at(web, "labels.a"), &Value::String(String::new()));
        assert_eq!(at(web, "labels.c"), &Value::String("x=y".into()));
        assert_eq!(at(web, "environment.UNSET"), &Value::Null);
        assert_eq!(at(web, "environment.EMPTY"), &Value::String(String::new()));
        assert_eq!(at(web, "annotations.n"), &Value::String("1".into()));
        assert_eq!(at(web, "annotations.t"), &Value::String("true".into()));
        assert_eq!(at(web, "annotations.z"), &Value::String(String::new()));
        assert_eq!(strings(web, "extra_hosts.h"), ["1.1.1.1", "::1"]);
        assert_eq!(strings(web, "extra_hosts.g"), ["2.2.2.2"]);
        assert_eq!(at(web, "ulimits.nproc.single"), &Value::Int(10));
        assert_eq!(at(web, "ulimits.nofile.hard"), &Value::Int(2));
        assert_eq!(at(web, "build.ssh.0.id"), &Value::String("a".into()));
        assert_eq!(at(web, "build.ssh.0.path"), &Value::String("/key".into()));
        assert!(
            web.get("build")
                .unwrap()
                .get("ssh")
                .unwrap()
                .as_sequence()
                .unwrap()[1]
                .get("path")
                .is_none()
        );
        assert_eq!(strings(web, "expose"), ["80", "81"]);
        assert_eq!(strings(web, "healthcheck.test"), ["CMD-SHELL", "exit 0"]);
    }

    #[test]
    fn extensions_move_aside_as_compose_go_moves_them() {
        let project = bound(
            "x-top: 1\nservices:\n  x-named:\n    image: a\n    x-svc: [1]\n    \
             labels: {x-l: v}\n    depends_on: {x-db: {condition: service_started}}\n\
             secrets:\n  s:\n    environment: HOME\n    x-#value: secret\n    x-kept: 1\n",
        );
        assert_eq!(at(&project, "x-top"), &Value::Int(1));
        let service = project.get("services").unwrap().get("x-named").unwrap();
        assert_eq!(at(service, "x-svc.0"), &Value::Int(1));
        // A map type takes the moved keys as one more entry.
        assert_eq!(
            at(service, "labels.#extensions"),
            &Value::String("map[x-l:v]".into())
        );
        assert!(service.get("depends_on").unwrap().get("x-db").is_some());
        let secret = project.get("secrets").unwrap().get("s").unwrap();
        assert_eq!(at(secret, "content"), &Value::String("secret".into()));
        assert!(secret.get("x-#value").is_none());
        assert_eq!(at(secret, "x-kept"), &Value::Int(1));
    }

    #[test]
    fn failures_read_as_compose_go_reports_them() {
        assert_eq!(
            error("services:\n  web:\n    stop_grace_period: \"10\"\n"),
            "decoding failed due to the following error(s):\n\n\
             'services[web].stop_grace_period' time: missing unit in duration \"10\""
        );
        assert_eq!(
            error(
                "services:\n  web:\n    command: \"echo \\\"x\"\n    mem_limit: 10x\n    \
                 secrets: [{mode: abc}]\n    environment: [\"A =1\"]\n    extra_hosts: [nohost]\n    \
                 deploy: {resources: {reservations: {devices: [{count: two}]}}}\n    \
                 blkio_config: {device_read_bps: [{path: x, rate: 1KBIT}]}\n    attach: maybe\n    \
                 scale: many\n    ports: [{target: -1}]\n    cpus: [1]\n    build: {ssh: [a]}\n"
            ),
            "decoding failed due to the following error(s):\n\n\
             'services[web].attach' invalid boolean: maybe\n\
             'services[web].build.ssh' invalid ssh config type []interface {}\n\
             'services[web].blkio_config.device_read_bps[0].Rate' invalid suffix: 'KBIT'\n\
             'services[web].cpus' expected type 'float32', got unconvertible type '[]interface {}'\n\
             'services[web].command' invalid command line string\n\
             'services[web].deploy.resources.reservations.devices[0].count' invalid value \"two\", \
             the only value allowed is 'all' or a number\n\
             'services[web].environment' environment variable A  is declared with a trailing space\n\
             'services[web].extra_hosts' invalid additional host, missing IP: nohost\n\
             'services[web].mem_limit' invalid suffix: 'x'\n\
             'services[web].ports[0].target' cannot parse value as 'uint32': -1 overflows uint\n\
             'services[web].scale' strconv.Atoi: parsing \"many\": invalid syntax\n\
             'services[web].secrets[0].mode' strconv.ParseInt: parsing \"abc\": invalid syntax"
        );
        assert_eq!(error("- a\n"), "'' expected a map or struct, got \"slice\"");
    }

    #[test]
    fn failures_and_warnings_point_at_their_values() {
        let text = "services:\n  web:\n    attach: yes\n    stop_grace_period: soon\n";
        let failure = bind_with_warnings(&model(text)).unwrap_err();
        let problem = &failure.problems[0];
        assert_eq!(&text[problem.span.range()], "soon");
        let warning = &failure.warnings[0];
        assert_eq!(
            warning.message,
            "\"yes\" for boolean is not supported by YAML 1.2, please use `true`"
        );
        assert_eq!(&text[warning.span.range()], "yes");
    }
}
