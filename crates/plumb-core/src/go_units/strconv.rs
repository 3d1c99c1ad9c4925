//! Go's `strconv` as the tools' messages and outputs depend on it: parsing numbers with
//! Go's errors (`strconv.ParseFloat: parsing "x": invalid syntax`), printing floats in
//! Go's shortest forms (`1e+06`, `0.5`), and `strconv.Quote`.

/// `strconv.ParseFloat(text, bits)` for `bits` 32 or 64 (decimal and `inf`/`nan` forms;
/// Go's rare hexadecimal mantissas are refused).
pub fn parse_float(text: &str, bits: u32) -> Result<f64, String> {
    let error = |reason: &str| number_error("ParseFloat", text, reason);
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let lower = unsigned.to_ascii_lowercase();
    // Rust also reads `+nan` and `1_0`-free forms the same; Go takes no sign before `nan`.
    let special = matches!(lower.as_str(), "inf" | "infinity" | "nan");
    if (lower == "nan" && unsigned.len() != text.len()) || lower.starts_with("0x") {
        return Err(error("invalid syntax"));
    }
    let value = if bits == 32 {
        text.parse::<f32>().map(f64::from)
    } else {
        text.parse::<f64>()
    };
    match value {
        Err(_) => Err(error("invalid syntax")),
        Ok(value) if value.is_infinite() && !special => Err(error("value out of range")),
        Ok(value) => Ok(value),
    }
}

/// `strconv.ParseInt(text, radix, 64)`, reported under `function` (`ParseInt`, or `Atoi`,
/// which is `ParseInt(text, 10, 0)` with its own name in errors).
pub fn parse_int(text: &str, radix: u32, function: &str) -> Result<i64, String> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.chars().all(|ch| ch.is_digit(radix)) {
        return Err(number_error(function, text, "invalid syntax"));
    }
    i64::from_str_radix(text, radix).map_err(|_| number_error(function, text, "value out of range"))
}

/// A `*strconv.NumError`'s message.
fn number_error(function: &str, text: &str, reason: &str) -> String {
    format!("strconv.{function}: parsing {}: {reason}", quote(text))
}

/// How `strconv.FormatFloat` lays out its digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloatFormat {
    /// `-d.ddde±dd`
    Exponent,
    /// `-ddd.ddd`
    Decimal,
    /// `Exponent` for exponents below -4 or from 6 on, else `Decimal` (`%v`).
    Shortest,
}

/// `strconv.FormatFloat(value, format, -1, bits)`: the fewest digits that read back as the
/// same float of `bits` (32 or 64) bits.
pub fn format_float(value: f64, format: FloatFormat, bits: u32) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    // Rust's `{:e}` prints the same shortest digits Go finds, as `d.ddde<exp>`.
    let scientific = if bits == 32 {
        format!("{:e}", value as f32)
    } else {
        format!("{value:e}")
    };
    let (negative, scientific) = match scientific.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, scientific.as_str()),
    };
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let use_exponent = match format {
        FloatFormat::Exponent => true,
        FloatFormat::Decimal => false,
        FloatFormat::Shortest => !(-4..6).contains(&exponent),
    };
    let mut text = String::new();
    if negative {
        text.push('-');
    }
    if use_exponent {
        text.push_str(&digits[..1]);
        if digits.len() > 1 {
            text.push('.');
            text.push_str(&digits[1..]);
        }
        text.push('e');
        text.push(if exponent < 0 { '-' } else { '+' });
        text.push_str(&format!("{:02}", exponent.unsigned_abs()));
    } else {
        // The decimal point goes after digit number `exponent + 1`.
        let point = exponent + 1;
        if point <= 0 {
            text.push_str("0.");
            text.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
            text.push_str(&digits);
        } else {
            let point = point as usize;
            if digits.len() <= point {
                text.push_str(&digits);
                text.extend(std::iter::repeat_n('0', point - digits.len()));
            } else {
                text.push_str(&digits[..point]);
                text.push('.');
                text.push_str(&digits[point..]);
            }
        }
    }
    text
}

/// Go's `strconv.Quote`: `"` and `\` escaped, printable characters as they are, the others
/// as `\n`, `\x01`, `\u200b`, `\U0001f4a5`.
pub fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for ch in text.chars() {
        match ch {
            '"' | '\\' => {
                quoted.push('\\');
                quoted.push(ch);
            }
            '\u{07}' => quoted.push_str("\\a"),
            '\u{08}' => quoted.push_str("\\b"),
            '\u{0C}' => quoted.push_str("\\f"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            '\u{0B}' => quoted.push_str("\\v"),
            _ if is_print(ch) => quoted.push(ch),
            _ if u32::from(ch) < 0x80 => quoted.push_str(&format!("\\x{:02x}", u32::from(ch))),
            _ if u32::from(ch) < 0x1_0000 => quoted.push_str(&format!("\\u{:04x}", u32::from(ch))),
            _ => quoted.push_str(&format!("\\U{:08x}", u32::from(ch))),
        }
    }
    quoted.push('"');
    quoted
}

/// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII
/// space. Outside ASCII this leaves out controls, spaces, the format characters and the
/// private-use areas; Go also escapes code points Unicode has not assigned, which this
/// prints as they are.
fn is_print(ch: char) -> bool {
    if ch.is_ascii() {
        return (' '..='~').contains(&ch);
    }
    !ch.is_control()
        && !ch.is_whitespace()
        && !in_ranges(FORMAT_CHARACTERS, ch)
        && !in_ranges(PRIVATE_USE, ch)
}

/// Whether `ch` lies in one of the inclusive ranges `table` lists as start, end, start, end…
/// in ascending order.
pub(crate) fn in_ranges(table: &[u32], ch: char) -> bool {
    let code = u32::from(ch);
    let (ranges, _) = table.as_chunks::<2>();
    ranges
        .binary_search_by(|&[start, end]| {
            if end < code {
                std::cmp::Ordering::Less
            } else if start > code {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// General category Cf in Unicode 15.0.
const FORMAT_CHARACTERS: &[u32] = &[
    0xAD, 0xAD, 0x600, 0x605, 0x61C, 0x61C, 0x6DD, 0x6DD, 0x70F, 0x70F, 0x890, 0x891, 0x8E2, 0x8E2,
    0x180E, 0x180E, 0x200B, 0x200F, 0x202A, 0x202E, 0x2060, 0x2064, 0x2066, 0x206F, 0xFEFF, 0xFEFF,
    0xFFF9, 0xFFFB, 0x110BD, 0x110BD, 0x110CD, 0x110CD, 0x13430, 0x1343F, 0x1BCA0, 0x1BCA3,
    0x1D173, 0x1D17A, 0xE0001, 0xE0001, 0xE0020, 0xE007F,
];

/// General category Co.
const PRIVATE_USE: &[u32] = &[0xE000, 0xF8FF, 0xF0000, 0xFFFFD, 0x100000, 0x10FFFD];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_parse_with_go_errors() {
        assert_eq!(parse_float("0.5", 64), Ok(0.5));
        assert_eq!(parse_float("+Inf", 64), Ok(f64::INFINITY));
        assert_eq!(
            parse_float("abc", 64).unwrap_err(),
            "strconv.ParseFloat: parsing \"abc\": invalid syntax"
        );
        assert_eq!(
            parse_float("1e400", 64).unwrap_err(),
            "strconv.ParseFloat: parsing \"1e400\": value out of range"
        );
        assert_eq!(
            parse_float("1e39", 32).unwrap_err(),
            "strconv.ParseFloat: parsing \"1e39\": value out of range"
        );
        assert!(parse_float("+nan", 64).is_err());
        assert!(parse_float("1_0", 64).is_err());
    }

    #[test]
    fn integers_parse_with_go_errors() {
        assert_eq!(parse_int("0440", 8, "ParseInt"), Ok(288));
        assert_eq!(parse_int("-12", 10, "Atoi"), Ok(-12));
        assert_eq!(
            parse_int("abc", 8, "ParseInt").unwrap_err(),
            "strconv.ParseInt: parsing \"abc\": invalid syntax"
        );
        assert_eq!(
            parse_int("99999999999999999999", 10, "Atoi").unwrap_err(),
            "strconv.Atoi: parsing \"99999999999999999999\": value out of range"
        );
        assert!(parse_int("", 10, "Atoi").is_err());
        assert!(parse_int("0x1", 10, "Atoi").is_err());
    }

    #[test]
    fn floats_print_as_go_does() {
        let shortest = |value| format_float(value, FloatFormat::Shortest, 64);
        assert_eq!(shortest(1.0), "1");
        assert_eq!(shortest(1e6), "1e+06");
        assert_eq!(shortest(123456.0), "123456");
        assert_eq!(shortest(1234567.0), "1.234567e+06");
        assert_eq!(shortest(1e-7), "1e-07");
        assert_eq!(shortest(0.0001), "0.0001");
        assert_eq!(shortest(-0.0), "-0");
        assert_eq!(shortest(1e100), "1e+100");
        assert_eq!(format_float(0.1, FloatFormat::Shortest, 32), "0.1");
        assert_eq!(
            format_float(1e20, FloatFormat::Decimal, 64),
            "100000000000000000000"
        );
        assert_eq!(format_float(1e-6, FloatFormat::Decimal, 64), "0.000001");
        assert_eq!(format_float(1e21, FloatFormat::Exponent, 64), "1e+21");
        assert_eq!(format_float(f64::NAN, FloatFormat::Shortest, 64), "NaN");
    }

    #[test]
    fn quotes_as_go_does() {
        assert_eq!(quote("a\"b\\"), "\"a\\\"b\\\\\"");
        assert_eq!(quote("é\n\u{1}\u{200b}"), "\"é\\n\\x01\\u200b\"");
    }

    #[test]
    fn quotes_like_go_strconv_quote() {
        assert_eq!(quote("plain"), r#""plain""#);
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("\u{7}\u{8}\u{c}\n\r\t\u{b}"), r#""\a\b\f\n\r\t\v""#);
        assert_eq!(quote("\u{0}\u{1}\u{7f}"), r#""\x00\x01\x7f""#);
        // Observed: docker compose quotes U+200B as `\u200b` and a combining accent as it is.
        assert_eq!(quote("A\u{200b}B"), r#""A\u200bB""#);
        assert_eq!(quote("e\u{301}"), "\"e\u{301}\"");
        assert_eq!(quote("\u{a0}\u{3000}"), r#""\u00a0\u3000""#);
        assert_eq!(quote("\u{E0001}☕ é"), "\"\\U000e0001☕ é\"");
    }

    #[test]
    fn character_tables_are_sorted_inclusive_ranges() {
        for table in [FORMAT_CHARACTERS, PRIVATE_USE] {
            assert_eq!(table.len() % 2, 0);
            for pair in table.windows(2) {
                assert!(pair[0] <= pair[1], "{pair:x?}");
            }
        }
    }
}
