//! The model's values as the Go values compose-go holds them (go-yaml decodes into `int`,
//! `uint64`, `float64`, `bool`, `string`, `time.Time`, `[]interface {}` and
//! `map[string]interface {}`): their type names in messages, and `fmt.Sprint` of them,
//! which compose-go turns labels, environment values and options into strings with.

use crate::go_units::strconv::{FloatFormat, format_float};
use crate::yaml::Value;

/// The Go type's name, as `%T` prints it.
pub fn go_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Int(number) if i64::try_from(*number).is_ok() => "int",
        Value::Int(_) => "uint64",
        Value::Float(_) => "float64",
        Value::String(_) => "string",
        Value::Timestamp(_) => "time.Time",
        Value::Sequence(_) => "[]interface {}",
        Value::Mapping(_) => "map[string]interface {}",
    }
}

/// The Go value's `reflect.Kind`, as mapstructure names it.
pub fn go_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "invalid",
        Value::Timestamp(_) => "struct",
        Value::Sequence(_) => "slice",
        Value::Mapping(_) => "map",
        other => go_type(other),
    }
}

/// `fmt.Sprint(value)`: lists as `[a b]`, mappings as `map[k:v]` with sorted keys, `nil`
/// as `<nil>`, floats in their shortest form (`1e+06`).
pub fn sprint(value: &Value) -> String {
    match value {
        Value::Null => "<nil>".to_owned(),
        Value::Bool(truth) => truth.to_string(),
        Value::Int(number) => number.to_string(),
        Value::Float(number) => format_float(*number, FloatFormat::Shortest, 64),
        Value::String(text) => text.clone(),
        Value::Timestamp(stamp) => go_time(stamp),
        Value::Sequence(items) => {
            let items: Vec<String> = items.iter().map(|item| sprint(&item.value)).collect();
            format!("[{}]", items.join(" "))
        }
        Value::Mapping(entries) => {
            let mut pairs: Vec<(String, String)> = entries
                .iter()
                .map(|entry| (sprint(&entry.key.value), sprint(&entry.value.value)))
                .collect();
            pairs.sort();
            let pairs: Vec<String> = pairs
                .into_iter()
                .map(|(key, value)| format!("{key}:{value}"))
                .collect();
            format!("map[{}]", pairs.join(" "))
        }
    }
}

/// `time.Time.String()` of a timestamp kept in RFC 3339 form: `2001-12-14 00:00:00 +0000
/// UTC`, or with the offset where the zone has no name (`-0500 -0500`).
fn go_time(stamp: &str) -> String {
    let (date, rest) = stamp.split_at(stamp.len().min(10));
    let time = rest.get(1..).unwrap_or_default();
    let zone_start = time.find(['Z', '+', '-']).unwrap_or(time.len());
    let (clock, zone) = time.split_at(zone_start);
    let zone = match zone {
        "Z" | "" => "+0000 UTC".to_owned(),
        offset => {
            let offset = offset.replace(':', "");
            format!("{offset} {offset}")
        }
    };
    format!("{date} {clock} {zone}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn value(text: &str) -> Value {
        yaml::parse(text).unwrap().remove(0).value
    }

    #[test]
    fn prints_as_fmt_sprint() {
        assert_eq!(sprint(&value("1.0")), "1");
        assert_eq!(sprint(&value("1e20")), "1e+20");
        assert_eq!(sprint(&value("99999999999999999999")), "1e+20");
        assert_eq!(sprint(&value(".inf")), "+Inf");
        assert_eq!(sprint(&value("[1, a, null]")), "[1 a <nil>]");
        assert_eq!(sprint(&value("{x-b: 1, x-a: [2]}")), "map[x-a:[2] x-b:1]");
        assert_eq!(
            sprint(&value("2001-12-14")),
            "2001-12-14 00:00:00 +0000 UTC"
        );
        assert_eq!(
            sprint(&value("2001-12-14T21:59:43.1-05:00")),
            "2001-12-14 21:59:43.1 -0500 -0500"
        );
    }

    #[test]
    fn names_go_types() {
        assert_eq!(go_type(&value("1")), "int");
        assert_eq!(go_type(&value("18446744073709551615")), "uint64");
        assert_eq!(go_type(&value("[]")), "[]interface {}");
        assert_eq!(go_kind(&value("{}")), "map");
    }
}
