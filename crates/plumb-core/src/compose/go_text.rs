//! Values as Go's `fmt` prints them with `%v`, which compose-go uses when it turns mapping
//! entries into `KEY=VALUE` strings: `1.5`, `1e+20`, `true`, `<nil>`.

use crate::yaml::Value;

/// `fmt.Sprintf("%v", value)` for a scalar; collections print as Go's `map[…]`/`[…]`
/// would only in odd files, so they print their YAML kind instead.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Null => "<nil>".to_owned(),
        Value::Bool(flag) => flag.to_string(),
        Value::Int(integer) => integer.to_string(),
        Value::Float(float) => float_text(*float),
        Value::String(text) | Value::Timestamp(text) => text.clone(),
        Value::Sequence(_) => "[…]".to_owned(),
        Value::Mapping(_) => "map[…]".to_owned(),
    }
}

/// Go's `%v` of a float64 (`strconv.FormatFloat(f, 'g', -1, 64)`): the shortest digits
/// that read back as `f`, in exponent form when the decimal exponent is below -4 or at
/// least 6 (`1e+06`, `1.234567e+06`, but `100000`).
pub fn float_text(float: f64) -> String {
    if float.is_nan() {
        return "NaN".to_owned();
    }
    if float.is_infinite() {
        return if float > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    if float == 0.0 {
        return if float.is_sign_negative() { "-0" } else { "0" }.to_owned();
    }
    // Rust's `{:e}` gives the shortest round-tripping digits, as Go's shortest formatting.
    let scientific = format!("{float:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if negative { "-" } else { "" };
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
            exponent.abs()
        );
    }
    let point = exponent + 1;
    let text = if point <= 0 {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else if point as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    };
    format!("{sign}{text}")
}

#[cfg(test)]
mod tests {
    use super::float_text;

    #[test]
    fn floats_print_as_go_prints_them_with_percent_v() {
        assert_eq!(float_text(1.5), "1.5");
        assert_eq!(float_text(1000.0), "1000");
        assert_eq!(float_text(1e20), "1e+20");
        assert_eq!(float_text(1234567.0), "1.234567e+06");
        assert_eq!(float_text(123456789.0), "1.23456789e+08");
        assert_eq!(float_text(1e6), "1e+06");
        assert_eq!(float_text(100000.0), "100000");
        assert_eq!(float_text(0.0001), "0.0001");
        assert_eq!(float_text(0.00001), "1e-05");
        assert_eq!(float_text(-2.5), "-2.5");
        assert_eq!(float_text(f64::INFINITY), "+Inf");
    }
}
