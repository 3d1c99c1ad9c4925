//! `docker compose config --format json`: the bound project through Go's encoding/json
//! (`MarshalIndent` with two spaces, maps sorted by key, `<`, `>` and `&` escaped) and the
//! compose types' `MarshalJSON` methods.

use super::fields::{Kind, Marshal, Struct};
use super::marshal::{
    Omit, Ulimit, extensions, field_value, file_mode, float, hidden, host_items, integer, is_empty,
    strings, ulimit,
};
use crate::compose::tree::{ITEM, TreePath};
use crate::go_units::duration::format_duration;
use crate::go_units::strconv::{FloatFormat, format_float, quote};
use crate::yaml::{Entry, Node, Value};
use std::fmt;

/// What encoding/json refuses: a NaN or infinite float, or a `MarshalJSON` that writes
/// something that is not JSON (a build `ssh` key with a path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(pub String);

impl fmt::Display for JsonError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for JsonError {}

/// A JSON value before it is laid out.
enum Json {
    Null,
    Bool(bool),
    /// A number or a `MarshalJSON` result, already written.
    Raw(String),
    Text(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// The project (`types.Project.MarshalJSON`) as `MarshalIndent` lays it out.
pub fn project(bound: &Node, definition: &'static Struct) -> Result<String, JsonError> {
    Ok(layout(&structure(Some(bound), definition)?))
}

/// A model as `json.MarshalIndent` lays out a `map[string]any` (`--no-interpolate`).
pub fn model(model: &Node) -> Result<String, JsonError> {
    Ok(layout(&model_value(model, &TreePath::root())?))
}

/// The lists of the model that are empty slices when written `[]`: compose-go holds
/// other empty lists as nil slices, which encoding/json prints as `null`, but rebuilds
/// these to drop repeated items (`override.EnforceUnicity`). `environment` and
/// `build.args`, which it rebuilds too, `Normalize` rebuilds once more as nil.
const LISTS_EMPTY_NOT_NIL: &[&str] = &[
    "networks.*.labels",
    "networks.*.ipam.options",
    "services.*.annotations",
    "services.*.build.additional_contexts",
    "services.*.build.platform",
    "services.*.build.tags",
    "services.*.build.labels",
    "services.*.cap_add",
    "services.*.cap_drop",
    "services.*.devices",
    "services.*.configs",
    "services.*.deploy.labels",
    "services.*.dns",
    "services.*.dns_opt",
    "services.*.dns_search",
    "services.*.env_file",
    "services.*.expose",
    "services.*.labels",
    "services.*.links",
    "services.*.networks.*.aliases",
    "services.*.networks.*.link_local_ips",
    "services.*.ports",
    "services.*.profiles",
    "services.*.secrets",
    "services.*.sysctls",
    "services.*.tmpfs",
    "services.*.volumes",
];

/// A value of the model at `path`: an empty list is `null` unless compose-go rebuilt it.
fn model_value(node: &Node, path: &TreePath) -> Result<Json, JsonError> {
    match &node.value {
        Value::Sequence(items) if items.is_empty() => Ok(
            if LISTS_EMPTY_NOT_NIL
                .iter()
                .any(|pattern| path.matches(pattern))
            {
                Json::Array(Vec::new())
            } else {
                Json::Null
            },
        ),
        Value::Sequence(items) => Ok(Json::Array(
            items
                .iter()
                .map(|item| model_value(item, &path.next(ITEM)))
                .collect::<Result<_, _>>()?,
        )),
        Value::Mapping(entries) => object(entries, |entry, key| {
            model_value(&entry.value, &path.next(key))
        }),
        _ => any(node),
    }
}

fn value(bound: Option<&Node>, kind: &Kind) -> Result<Json, JsonError> {
    let Some(bound) = bound.filter(|bound| !bound.is_null()) else {
        return zero(kind);
    };
    let text_items = |list: &Node| {
        Json::Array(
            strings(list)
                .map(|item| Json::Text(item.to_owned()))
                .collect(),
        )
    };
    Ok(match kind {
        Kind::Str(_) => Json::Text(bound.as_str().unwrap_or_default().to_owned()),
        Kind::Bool(_) => Json::Bool(matches!(bound.value, Value::Bool(true))),
        Kind::Int(_) | Kind::DeviceCount => Json::Raw(integer(bound).to_string()),
        Kind::Float32 | Kind::NanoCpus => Json::Raw(number_text(float(bound), 32)?),
        Kind::UnitBytes => Json::Text(integer(bound).to_string()),
        Kind::Duration => Json::Text(format_duration(integer(bound) as i64)),
        Kind::FileMode => Json::Text(file_mode(integer(bound))),
        Kind::Pointer(inner) => value(Some(bound), inner)?,
        Kind::Struct(definition) => structure(Some(bound), definition)?,
        Kind::Slice(item_kind) => Json::Array(
            bound
                .as_sequence()
                .unwrap_or_default()
                .iter()
                .map(|item| value(Some(item), item_kind))
                .collect::<Result<_, _>>()?,
        ),
        Kind::Map(_, value_kind) => members(bound, |entry| value(Some(&entry.value), value_kind))?,
        Kind::StringList
        | Kind::StringOrNumberList
        | Kind::ShellCommand
        | Kind::HealthCheckTest => text_items(bound),
        Kind::Mapping | Kind::MappingWithEquals | Kind::Labels | Kind::Options => {
            members(bound, |entry| {
                Ok(entry
                    .value
                    .as_str()
                    .map_or(Json::Null, |text| Json::Text(text.to_owned())))
            })?
        }
        Kind::MultiOptions => members(bound, |entry| Ok(text_items(&entry.value)))?,
        Kind::HostsList => Json::Array(host_items(bound).into_iter().map(Json::Text).collect()),
        Kind::SshConfig => Json::Array(
            bound
                .as_sequence()
                .unwrap_or_default()
                .iter()
                .map(ssh_key)
                .collect::<Result<_, _>>()?,
        ),
        // `MarshalJSON` prints a single value as a number, else the struct's own fields,
        // both `omitempty`.
        Kind::Ulimit => match ulimit(bound) {
            Ulimit::Single(single) => Json::Raw(single.to_string()),
            Ulimit::Range { soft, hard } => Json::Object(
                [("soft", soft), ("hard", hard)]
                    .into_iter()
                    .filter(|(_, limit)| *limit != 0)
                    .map(|(key, limit)| (key.to_owned(), Json::Raw(limit.to_string())))
                    .collect(),
            ),
        },
    })
}

/// A bound Go map's members.
fn members(
    bound: &Node,
    member: impl Fn(&Entry) -> Result<Json, JsonError>,
) -> Result<Json, JsonError> {
    object(bound.as_mapping().unwrap_or_default(), |entry, _| {
        member(entry)
    })
}

/// The JSON of a Go zero value: `nil` for pointers, slices and maps.
fn zero(kind: &Kind) -> Result<Json, JsonError> {
    Ok(match kind {
        Kind::Str(_) => Json::Text(String::new()),
        Kind::Bool(_) => Json::Bool(false),
        Kind::Int(_) | Kind::DeviceCount | Kind::Float32 | Kind::NanoCpus => {
            Json::Raw("0".to_owned())
        }
        Kind::UnitBytes => Json::Text("0".to_owned()),
        Kind::Duration => Json::Text(format_duration(0)),
        Kind::Struct(definition) => structure(None, definition)?,
        _ => Json::Null,
    })
}

fn structure(bound: Option<&Node>, definition: &'static Struct) -> Result<Json, JsonError> {
    match definition.marshal {
        Marshal::Project => return project_map(bound, definition),
        Marshal::EnvFile => {
            let path = definition
                .field("path")
                .and_then(|path| field_value(bound, path));
            let required = definition
                .field("required")
                .and_then(|required| field_value(bound, required));
            if required.is_some_and(|required| matches!(required.value, Value::Bool(true))) {
                return Ok(Json::Text(
                    path.and_then(Node::as_str).unwrap_or_default().to_owned(),
                ));
            }
        }
        _ => {}
    }
    let mut members = Vec::new();
    for field in definition.fields {
        let field_bound = field_value(bound, field);
        if hidden(definition, field, bound)
            || (field.omit_empty_json && is_empty(field_bound, &field.kind, Omit::Json))
        {
            continue;
        }
        members.push((field.json.to_owned(), value(field_bound, &field.kind)?));
    }
    Ok(Json::Object(members))
}

/// `types.Project.MarshalJSON`: a map, so sorted, of the name, the services, the
/// resources that are not empty (models are left out) and the extensions.
fn project_map(bound: Option<&Node>, definition: &'static Struct) -> Result<Json, JsonError> {
    let mut members = Vec::new();
    for field in definition.fields {
        let field_bound = field_value(bound, field);
        let always = matches!(field.yaml, "name" | "services");
        let resource = matches!(field.yaml, "networks" | "volumes" | "secrets" | "configs");
        if always || (resource && !is_empty(field_bound, &field.kind, Omit::Json)) {
            members.push((field.yaml.to_owned(), value(field_bound, &field.kind)?));
        }
    }
    for entry in extensions(bound, definition) {
        let key = entry.key.as_str().unwrap_or_default().to_owned();
        members.push((key, any(&entry.value)?));
    }
    members.sort_by(|(left, _), (right, _)| left.cmp(right));
    Ok(Json::Object(members))
}

/// `types.SSHKey.MarshalJSON`, which writes `%q` of the id, and `"id": path` when there is
/// a path: not JSON, so encoding/json refuses it.
fn ssh_key(key: &Node) -> Result<Json, JsonError> {
    let refused = |problem: String| {
        JsonError(format!(
            "json: error calling MarshalJSON for type types.SSHKey: {problem}"
        ))
    };
    let quoted = quote(key.get("id").and_then(Node::as_str).unwrap_or_default());
    // Go's quoting has escapes JSON does not (`\a`, `\v`, `\x..`, `\U........`).
    let mut characters = quoted.chars();
    while let Some(ch) = characters.next() {
        if ch != '\\' {
            continue;
        }
        match characters.next() {
            Some('"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't' | 'u') | None => {}
            Some(other) => {
                let problem = format!("invalid character '{other}' in string escape code");
                return Err(refused(problem));
            }
        }
    }
    if key.get("path").is_some() {
        return Err(refused(
            "invalid character ':' after top-level value".to_owned(),
        ));
    }
    // encoding/json keeps what MarshalJSON wrote, escaping HTML characters in it.
    Ok(Json::Raw(escape_html(&quoted)))
}

/// A value of the model (`interface{}`): lists empty in the model are nil in Go.
fn any(node: &Node) -> Result<Json, JsonError> {
    Ok(match &node.value {
        Value::Null => Json::Null,
        Value::Bool(truth) => Json::Bool(*truth),
        Value::Int(number) => Json::Raw(number.to_string()),
        Value::Float(number) => Json::Raw(number_text(*number, 64)?),
        Value::String(text) | Value::Timestamp(text) => Json::Text(text.clone()),
        Value::Sequence(items) if items.is_empty() => Json::Null,
        Value::Sequence(items) => Json::Array(items.iter().map(any).collect::<Result<_, _>>()?),
        Value::Mapping(entries) => object(entries, |entry, _| any(&entry.value))?,
    })
}

/// A Go map: its members sorted by key.
fn object(
    entries: &[Entry],
    member: impl Fn(&Entry, &str) -> Result<Json, JsonError>,
) -> Result<Json, JsonError> {
    let mut members = entries
        .iter()
        .map(|entry| {
            let key = entry.key.as_str().unwrap_or_default();
            Ok((key.to_owned(), member(entry, key)?))
        })
        .collect::<Result<Vec<_>, JsonError>>()?;
    members.sort_by(|(left, _), (right, _)| left.cmp(right));
    Ok(Json::Object(members))
}

/// encoding/json's float: decimal notation between 1e-6 and 1e21, else an exponent
/// without a leading zero (`1e-7`); NaN and infinities are refused.
fn number_text(value: f64, bits: u32) -> Result<String, JsonError> {
    if !value.is_finite() {
        let shown = format_float(value, FloatFormat::Shortest, bits);
        return Err(JsonError(format!("json: unsupported value: {shown}")));
    }
    let magnitude = if bits == 32 {
        f64::from(value.abs() as f32)
    } else {
        value.abs()
    };
    let exponent = magnitude != 0.0 && !(1e-6..1e21).contains(&magnitude);
    if !exponent {
        return Ok(format_float(value, FloatFormat::Decimal, bits));
    }
    let text = format_float(value, FloatFormat::Exponent, bits);
    Ok(match text.split_once("e-0") {
        Some((mantissa, digit)) if digit.len() == 1 => format!("{mantissa}e-{digit}"),
        _ => text,
    })
}

/// `MarshalIndent(value, "", "  ")`.
fn layout(json: &Json) -> String {
    let mut out = String::new();
    write(&mut out, json, 0);
    out
}

fn write(out: &mut String, json: &Json, depth: usize) {
    let indent = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    match json {
        Json::Null => out.push_str("null"),
        Json::Bool(truth) => out.push_str(if *truth { "true" } else { "false" }),
        Json::Raw(text) => out.push_str(text),
        Json::Text(text) => out.push_str(&string(text)),
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(members) if members.is_empty() => out.push_str("{}"),
        Json::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                write(out, item, depth + 1);
            }
            indent(out, depth);
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (index, (key, member)) in members.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                out.push_str(&string(key));
                out.push_str(": ");
                write(out, member, depth + 1);
            }
            indent(out, depth);
            out.push('}');
        }
    }
}

/// A JSON string as encoding/json writes it.
fn string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for ch in text.chars() {
        match ch {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            '\u{08}' => quoted.push_str("\\b"),
            '\u{0C}' => quoted.push_str("\\f"),
            _ if ch < ' ' => quoted.push_str(&format!("\\u{:04x}", u32::from(ch))),
            _ => push_html_safe(&mut quoted, ch),
        }
    }
    quoted.push('"');
    quoted
}

/// `<`, `>`, `&`, U+2028 and U+2029 as `\u` escapes, as encoding/json writes them even
/// inside what a `MarshalJSON` returned.
fn push_html_safe(out: &mut String, ch: char) {
    match ch {
        '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
            out.push_str(&format!("\\u{:04x}", u32::from(ch)))
        }
        _ => out.push(ch),
    }
}

fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        push_html_safe(&mut escaped, ch);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::output::{bind, to_json};
    use crate::yaml;

    fn json(text: &str) -> Result<String, JsonError> {
        to_json(&bind(&yaml::parse(text).unwrap().remove(0)).unwrap())
    }

    #[test]
    fn the_project_is_a_sorted_map_with_go_zero_values() {
        let text = "x-b: 1\nname: p\nservices:\n  web:\n    image: a\n    deploy: {}\n    \
                    develop: {watch: [{path: ., action: sync}]}\nnetworks:\n  n: {}\nmodels:\n  m: {}\n";
        assert_eq!(
            json(text).unwrap(),
            r#"{
  "name": "p",
  "networks": {
    "n": {
      "ipam": {}
    }
  },
  "services": {
    "web": {
      "develop": {
        "watch": [
          {
            "path": ".",
            "action": "sync",
            "exec": {
              "command": null
            }
          }
        ]
      },
      "command": null,
      "deploy": {
        "resources": {},
        "placement": {}
      },
      "entrypoint": null,
      "image": "a"
    }
  },
  "x-b": 1
}"#
        );
    }

    #[test]
    fn numbers_and_strings_print_as_encoding_json_prints_them() {
        let floats = [
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1e-7, "1e-7"),
            (0.5, "0.5"),
        ];
        for (number, text) in floats {
            assert_eq!(number_text(number, 64).unwrap(), text);
        }
        assert_eq!(
            number_text(f64::NAN, 64).unwrap_err().0,
            "json: unsupported value: NaN"
        );
        assert_eq!(
            string("<a&b>\u{2028}\u{1}\n\"\\"),
            r#""\u003ca\u0026b\u003e\u2028\u0001\n\"\\""#
        );
    }

    #[test]
    fn an_ssh_key_with_a_path_is_no_json() {
        let text = "services:\n  web:\n    build: {context: ., ssh: {default: /key}}\n";
        assert_eq!(
            json(text).unwrap_err().0,
            "json: error calling MarshalJSON for type types.SSHKey: invalid character ':' after top-level value"
        );
    }
}
