//! Plain scalars resolved as go-yaml v3 resolves them (`resolve.go`), which is what
//! compose-go decodes with. This differs from YAML 1.2's core schema in ways compose files
//! rely on: `0777` is octal (YAML 1.1), underscores are dropped from numbers (`1_000`),
//! `0b`/`0o`/`0x` prefixes are read, there are no base-60 numbers (`12:30` stays a string),
//! `yes`/`no`/`on`/`off` are strings, and a plain `2001-12-14` is a timestamp.

use super::node::Value;
use super::timestamp;

/// The value of a plain (unquoted) scalar.
pub fn resolve_plain(text: &str) -> Value {
    if let Some(value) = keyword(text) {
        return value;
    }
    match text.as_bytes().first() {
        Some(b'.') => decimal_float(text).map_or_else(|| string(text), Value::Float),
        Some(b'0'..=b'9' | b'+' | b'-') => number_or_timestamp(text),
        _ => string(text),
    }
}

fn string(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// The spellings go-yaml looks up in its table before anything else.
fn keyword(text: &str) -> Option<Value> {
    Some(match text {
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        ".nan" | ".NaN" | ".NAN" => Value::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Value::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Value::Float(f64::NEG_INFINITY),
        _ => return None,
    })
}

/// A scalar starting with a digit or a sign: a timestamp, then an integer (Go's
/// `ParseInt(s, 0, 64)`, then `ParseUint`), then a float in YAML's decimal notation, then
/// the `0b`/`0o` forms with a sign; otherwise a string.
fn number_or_timestamp(text: &str) -> Value {
    if let Some(stamp) = timestamp::parse(text) {
        return Value::Timestamp(stamp);
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if let Some(integer) = go_parse_int(&plain) {
        return Value::Int(integer);
    }
    if is_yaml_style_float(&plain)
        && let Some(float) = finite_float(&plain)
    {
        return Value::Float(float);
    }
    // `ParseInt(s, 0, 64)` already reads `0b101` and `0o17`; go-yaml tries these prefixes
    // again (with a leading `-`) before giving up, which changes nothing ParseInt missed.
    string(text)
}

/// Go's `strconv.ParseInt(s, 0, 64)`, falling back to `ParseUint(s, 0, 64)` for values
/// beyond `int64` (as go-yaml does): an optional sign, then `0x`, `0o`, `0b` or a leading
/// `0` (octal) selecting the base.
fn go_parse_int(text: &str) -> Option<i128> {
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = unsigned.get(..2).map(str::to_ascii_lowercase);
    let (radix, digits) = match lower.as_deref() {
        Some("0x") => (16, &unsigned[2..]),
        Some("0o") => (8, &unsigned[2..]),
        Some("0b") => (2, &unsigned[2..]),
        _ if unsigned.len() > 1 && unsigned.starts_with('0') => (8, &unsigned[1..]),
        _ => (10, unsigned),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    let value = if negative {
        -i128::from(magnitude)
    } else {
        i128::from(magnitude)
    };
    let signed_range = i128::from(i64::MIN)..=i128::from(i64::MAX);
    // ParseUint takes no sign, so only an unsigned spelling reaches the uint64 range.
    let unsigned_spelling = !text.starts_with(['+', '-']);
    (signed_range.contains(&value) || unsigned_spelling && value >= 0).then_some(value)
}

/// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => digits(fraction),
        Some((whole, fraction)) => digits(whole) && (fraction.is_empty() || digits(fraction)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent
        .is_none_or(|exponent| digits(exponent.strip_prefix(['-', '+']).unwrap_or(exponent)));
    mantissa_ok && exponent_ok
}

/// A scalar starting with `.` that Go's `ParseFloat` reads: `.5`, `.5e3`.
fn decimal_float(text: &str) -> Option<f64> {
    if is_yaml_style_float(text) {
        finite_float(text)
    } else {
        None
    }
}

/// Go's `ParseFloat` fails with a range error where Rust gives an infinity (`1e400`); go-yaml
/// then keeps the text as a string.
fn finite_float(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|value| value.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(value: i128) -> Value {
        Value::Int(value)
    }

    #[test]
    fn integers_follow_go_parse_int_with_base_prefixes() {
        assert_eq!(resolve_plain("0777"), int(511));
        assert_eq!(resolve_plain("0440"), int(288));
        assert_eq!(resolve_plain("0o17"), int(15));
        assert_eq!(resolve_plain("0x1F"), int(31));
        assert_eq!(resolve_plain("0X1f"), int(31));
        assert_eq!(resolve_plain("0b101"), int(5));
        assert_eq!(resolve_plain("1_000"), int(1000));
        assert_eq!(resolve_plain("8_080"), int(8080));
        assert_eq!(resolve_plain("+12"), int(12));
        assert_eq!(resolve_plain("-0x10"), int(-16));
        assert_eq!(resolve_plain("0"), int(0));
        assert_eq!(resolve_plain("-0"), int(0));
        assert_eq!(
            resolve_plain("18446744073709551615"),
            int(18446744073709551615)
        );
    }

    #[test]
    fn numbers_go_cannot_read_as_integers_fall_back_to_floats_or_strings() {
        // `08` is not octal, so ParseInt fails, and it is a decimal float to go-yaml.
        assert_eq!(resolve_plain("08"), Value::Float(8.0));
        assert_eq!(resolve_plain("99999999999999999999"), Value::Float(1e20));
        assert_eq!(
            resolve_plain("-18446744073709551615"),
            Value::Float(-18446744073709551615.0)
        );
        assert_eq!(resolve_plain("1e3"), Value::Float(1000.0));
        assert_eq!(resolve_plain("1.50"), Value::Float(1.5));
        assert_eq!(resolve_plain("1."), Value::Float(1.0));
        assert_eq!(resolve_plain(".5"), Value::Float(0.5));
        assert_eq!(resolve_plain("1_000.5"), Value::Float(1000.5));
        assert_eq!(resolve_plain("1e400"), string("1e400"));
        assert_eq!(resolve_plain("0x"), string("0x"));
        assert_eq!(resolve_plain("0b2"), string("0b2"));
        assert_eq!(resolve_plain("0x1p-2"), string("0x1p-2"));
        assert_eq!(resolve_plain("12:30"), string("12:30"));
        assert_eq!(resolve_plain("1.2.3"), string("1.2.3"));
        assert_eq!(resolve_plain("-"), string("-"));
        assert_eq!(resolve_plain("._5"), string("._5"));
    }

    #[test]
    fn only_core_schema_booleans_and_nulls_are_keywords() {
        assert_eq!(resolve_plain("True"), Value::Bool(true));
        assert_eq!(resolve_plain("FALSE"), Value::Bool(false));
        for text in ["yes", "no", "on", "off", "y", "n", "tRue"] {
            assert_eq!(resolve_plain(text), string(text));
        }
        for text in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(resolve_plain(text), Value::Null);
        }
        assert_eq!(resolve_plain("nil"), string("nil"));
    }

    #[test]
    fn infinities_and_nan_only_in_yaml_spelling() {
        assert_eq!(resolve_plain(".inf"), Value::Float(f64::INFINITY));
        assert_eq!(resolve_plain("-.Inf"), Value::Float(f64::NEG_INFINITY));
        assert!(matches!(resolve_plain(".NaN"), Value::Float(value) if value.is_nan()));
        assert_eq!(resolve_plain("inf"), string("inf"));
        assert_eq!(resolve_plain(".Nan"), string(".Nan"));
    }

    #[test]
    fn dates_are_timestamps() {
        assert_eq!(
            resolve_plain("2001-12-14"),
            Value::Timestamp("2001-12-14T00:00:00Z".into())
        );
        assert_eq!(resolve_plain("2001-02-30"), string("2001-02-30"));
    }
}
