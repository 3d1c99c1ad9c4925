//! Decoded values printed as Go's `fmt` prints them, for compose-go's messages and for the
//! values it turns into text with `fmt.Sprint`: `%v`, `%s` and `%q` over what go-yaml decodes
//! a value into (`int`, `uint64`, `float64`, `bool`, `nil`, `time.Time`, slices and maps).

use super::tree::go_type;
use crate::yaml::{Node, Value};

/// `fmt.Sprint(value)`, which is `%v`.
pub fn sprint(value: &Value) -> String {
    format(value, Verb::V)
}

/// `fmt.Sprintf("%s", value)`: text as it is; other values as `%!s(int=1)`, collections
/// with `%s` applied to what they hold.
pub fn sprint_s(value: &Value) -> String {
    format(value, Verb::S)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verb {
    V,
    S,
}

fn format(value: &Value, verb: Verb) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Timestamp(text) => time_string(text),
        Value::Sequence(items) => {
            let items: Vec<String> = items.iter().map(|item| format(&item.value, verb)).collect();
            format!("[{}]", items.join(" "))
        }
        Value::Mapping(entries) => {
            // fmt prints a map's entries in key order.
            let mut entries: Vec<(String, &Node)> = entries
                .iter()
                .map(|entry| (format(&entry.key.value, verb), &entry.value))
                .collect();
            entries.sort_by(|left, right| left.0.cmp(&right.0));
            let entries: Vec<String> = entries
                .into_iter()
                .map(|(key, value)| format!("{key}:{}", format(&value.value, verb)))
                .collect();
            format!("map[{}]", entries.join(" "))
        }
        scalar => {
            let text = match scalar {
                Value::Null => "<nil>".to_owned(),
                Value::Bool(value) => value.to_string(),
                Value::Int(number) => number.to_string(),
                Value::Float(number) => float(*number),
                _ => String::new(),
            };
            match (verb, scalar) {
                (Verb::V, _) => text,
                (Verb::S, Value::Null) => "%!s(<nil>)".to_owned(),
                (Verb::S, _) => format!("%!s({}={text})", go_type(scalar)),
            }
        }
    }
}

/// A `float64` as `%v` prints it: the shortest digits that read back as the same number,
/// with an exponent (`1e+06`, `1e-05`) when it is below -4 or from 6 on.
pub fn float(number: f64) -> String {
    if number.is_nan() {
        return "NaN".to_owned();
    }
    if number.is_infinite() {
        return if number > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    // Rust's `{:e}` gives the same shortest digits: `-1.25e-7`.
    let scientific = format!("{number:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if !(-4..6).contains(&exponent) {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        return format!(
            "{sign}{first}{fraction}e{exponent_sign}{:02}",
            exponent.unsigned_abs()
        );
    }
    // Plain notation: the decimal point `exponent + 1` digits into the digits.
    let point = exponent + 1;
    let text = if point <= 0 {
        let zeros = "0".repeat(point.unsigned_abs() as usize);
        format!("0.{zeros}{digits}")
    } else {
        let point = point.unsigned_abs() as usize;
        if digits.len() <= point {
            format!("{digits}{}", "0".repeat(point - digits.len()))
        } else {
            format!("{}.{}", &digits[..point], &digits[point..])
        }
    };
    format!("{sign}{text}")
}

/// A timestamp (kept in RFC 3339 form) as Go's `Time.String` prints it:
/// `2001-12-14 21:59:43.1 -0500 -0500`, or `… +0000 UTC` in UTC.
fn time_string(rfc3339: &str) -> String {
    let (date_time, zone) = match rfc3339.strip_suffix('Z') {
        Some(date_time) => (date_time, "+0000 UTC".to_owned()),
        None => {
            let split = rfc3339.len().saturating_sub(6);
            let (date_time, offset) = rfc3339.split_at(rfc3339.floor_char_boundary(split));
            // An offset without a zone name prints as the offset twice.
            let offset = offset.replace(':', "");
            (date_time, format!("{offset} {offset}"))
        }
    };
    format!("{} {zone}", date_time.replacen('T', " ", 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn value(text: &str) -> Value {
        yaml::parse(text).unwrap().remove(0).value
    }

    #[test]
    fn floats_print_as_go_prints_them() {
        // Observed: docker compose v2.40.3 prints environment values with fmt.Sprint.
        for (number, printed) in [
            (1234567.0, "1.234567e+06"),
            (123456.5, "123456.5"),
            (0.00001, "1e-05"),
            (0.0001, "0.0001"),
            (1e100, "1e+100"),
            (-0.0, "-0"),
            (100000.0, "100000"),
            (1000000.0, "1e+06"),
            (1e20, "1e+20"),
            (1.5, "1.5"),
            (-2.5e-7, "-2.5e-07"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-Inf"),
        ] {
            assert_eq!(float(number), printed, "{number}");
        }
    }

    #[test]
    fn values_print_with_v_and_s() {
        let map = value("{b: 1, a: [x, true], c: ~, d: 1.5}");
        assert_eq!(sprint(&map), "map[a:[x true] b:1 c:<nil> d:1.5]");
        assert_eq!(
            sprint_s(&map),
            "map[a:[x %!s(bool=true)] b:%!s(int=1) c:%!s(<nil>) d:%!s(float64=1.5)]"
        );
        assert_eq!(
            sprint_s(&value("18446744073709551615")),
            "%!s(uint64=18446744073709551615)"
        );
        assert_eq!(
            sprint(&value("2001-12-14")),
            "2001-12-14 00:00:00 +0000 UTC"
        );
        assert_eq!(
            sprint(&value("2001-12-14t21:59:43.10-05:00")),
            "2001-12-14 21:59:43.1 -0500 -0500"
        );
    }
}
