//! Go durations as the tools parse and print them: Go's `time.ParseDuration` (BuildKit's
//! HEALTHCHECK intervals), xhit/go-str2duration v2 (compose-go's durations, which also know
//! days and weeks), and `time.Duration.String()` (how compose-go prints any of them).
//!
//! Both parsers read a sign, then one or more `<number><unit>` parts (`1h30m`, `1.5s`,
//! `300ms`); `0` needs no unit. They differ in their units, how they quote the text in
//! errors, and by one nanosecond in the largest duration they accept.

/// Go's `time.ParseDuration`: nanoseconds, or Go's error message.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    parse(text, &GO)
}

/// xhit/go-str2duration's `ParseDuration`, which compose-go's `Duration` decodes with:
/// Go's grammar plus the units `d` (24h) and `w` (7d).
pub fn parse_compose_duration(text: &str) -> Result<i64, String> {
    parse(text, &STR2DURATION)
}

/// Go's `time.Duration.String()`: `1m30s`, `24h0m0s`, `1.5ms`, `300µs`, `0s`.
pub fn format_duration(nanoseconds: i64) -> String {
    let mut magnitude = nanoseconds.unsigned_abs();
    let mut text = String::new();
    if magnitude < SECOND {
        // Below a second Go picks the largest unit that keeps an integer part.
        let (unit, digits) = match magnitude {
            0 => return "0s".to_owned(),
            1..=999 => ("ns", 0),
            1_000..=999_999 => ("µs", 3),
            _ => ("ms", 6),
        };
        text.push_str(&with_fraction(magnitude, digits));
        text.push_str(unit);
    } else {
        let seconds = with_fraction(magnitude % (60 * SECOND), 9);
        magnitude /= 60 * SECOND;
        let minutes = magnitude % 60;
        let hours = magnitude / 60;
        // Go stops at hours (days differ in length) and shows every smaller unit after the
        // largest one present: `1h0m0s`.
        if hours > 0 {
            text.push_str(&format!("{hours}h{minutes}m"));
        } else if minutes > 0 {
            text.push_str(&format!("{minutes}m"));
        }
        text.push_str(&seconds);
        text.push('s');
    }
    if nanoseconds < 0 {
        text.insert(0, '-');
    }
    text
}

const SECOND: u64 = 1_000_000_000;

/// `value / 10^digits` with the fraction's trailing zeros (and a bare point) left out.
fn with_fraction(value: u64, digits: u32) -> String {
    let scale = 10u64.pow(digits);
    let whole = value / scale;
    let fraction = value % scale;
    if fraction == 0 {
        return whole.to_string();
    }
    let fraction = format!("{fraction:0width$}", width = digits as usize);
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

/// What distinguishes one duration parser from the other.
struct Dialect {
    units: &'static [(&'static str, u64)],
    quote: fn(&str) -> String,
    /// The largest magnitude accepted: Go allows -2^63, str2duration works in int64.
    limit: u64,
}

const GO_UNITS: &[(&str, u64)] = &[
    ("ns", 1),
    ("us", 1_000),
    ("\u{b5}s", 1_000),
    ("\u{3bc}s", 1_000),
    ("ms", 1_000_000),
    ("s", SECOND),
    ("m", 60 * SECOND),
    ("h", 3_600 * SECOND),
];

const STR2DURATION_UNITS: &[(&str, u64)] = &[
    ("ns", 1),
    ("us", 1_000),
    ("\u{b5}s", 1_000),
    ("\u{3bc}s", 1_000),
    ("ms", 1_000_000),
    ("s", SECOND),
    ("m", 60 * SECOND),
    ("h", 3_600 * SECOND),
    ("d", 24 * 3_600 * SECOND),
    ("w", 168 * 3_600 * SECOND),
];

const GO: Dialect = Dialect {
    units: GO_UNITS,
    quote: go_time_quote,
    limit: 1 << 63,
};

const STR2DURATION: Dialect = Dialect {
    units: STR2DURATION_UNITS,
    // str2duration puts quotes around the text and escapes nothing.
    quote: |text| format!("\"{text}\""),
    limit: i64::MAX as u64,
};

fn parse(text: &str, dialect: &Dialect) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", (dialect.quote)(text));
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let limit = dialect.limit;
    let mut total: u64 = 0;
    while !rest.is_empty() {
        if !rest.starts_with(|ch: char| ch == '.' || ch.is_ascii_digit()) {
            return Err(invalid());
        }
        let integer_length = rest.bytes().take_while(u8::is_ascii_digit).count();
        let mut whole: u64 = 0;
        for digit in rest[..integer_length].bytes() {
            if whole > limit / 10 {
                return Err(invalid());
            }
            whole = whole * 10 + u64::from(digit - b'0');
            if whole > limit {
                return Err(invalid());
            }
        }
        rest = &rest[integer_length..];
        let mut fraction = Fraction::default();
        let mut fraction_length = 0;
        if let Some(after_dot) = rest.strip_prefix('.') {
            fraction_length = after_dot.bytes().take_while(u8::is_ascii_digit).count();
            fraction = Fraction::read(&after_dot[..fraction_length]);
            rest = &after_dot[fraction_length..];
        }
        if integer_length == 0 && fraction_length == 0 {
            return Err(invalid());
        }
        let unit_length = rest
            .find(|ch: char| ch == '.' || ch.is_ascii_digit())
            .unwrap_or(rest.len());
        if unit_length == 0 {
            return Err(format!(
                "time: missing unit in duration {}",
                (dialect.quote)(text)
            ));
        }
        let unit_name = &rest[..unit_length];
        rest = &rest[unit_length..];
        let Some(&(_, unit)) = dialect.units.iter().find(|(name, _)| *name == unit_name) else {
            return Err(format!(
                "time: unknown unit {} in duration {}",
                (dialect.quote)(unit_name),
                (dialect.quote)(text)
            ));
        };
        if whole > limit / unit {
            return Err(invalid());
        }
        let mut part = whole * unit;
        if fraction.value > 0 {
            // Both parsers compute the fraction in float64, truncating to nanoseconds.
            part += (fraction.value as f64 * (unit as f64 / fraction.scale)) as u64;
            if part > limit {
                return Err(invalid());
            }
        }
        total += part;
        if total > limit {
            return Err(invalid());
        }
    }
    if negative {
        return Ok(0i64.wrapping_sub_unsigned(total));
    }
    i64::try_from(total).map_err(|_| invalid())
}

/// The digits after a point, as Go's `leadingFraction` keeps them: as many as fit an int64,
/// with `scale` the power of ten they are divided by.
#[derive(Default)]
struct Fraction {
    value: u64,
    scale: f64,
}

impl Fraction {
    fn read(digits: &str) -> Self {
        let mut fraction = Self {
            value: 0,
            scale: 1.0,
        };
        for digit in digits.bytes() {
            let Some(next) = fraction
                .value
                .checked_mul(10)
                .map(|value| value + u64::from(digit - b'0'))
                .filter(|&value| value <= i64::MAX as u64)
            else {
                break;
            };
            fraction.value = next;
            fraction.scale *= 10.0;
        }
        fraction
    }
}

/// The `time` package's own quoting: `"` and `\` escaped, other bytes below a space and
/// every byte of a non-ASCII character as `\x..`.
fn go_time_quote(text: &str) -> String {
    let mut quoted = String::from("\"");
    for ch in text.chars() {
        if ch.is_ascii() && ch >= ' ' {
            if ch == '"' || ch == '\\' {
                quoted.push('\\');
            }
            quoted.push(ch);
        } else {
            let mut bytes = [0; 4];
            for byte in ch.encode_utf8(&mut bytes).bytes() {
                quoted.push_str(&format!("\\x{byte:02x}"));
            }
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_durations() {
        assert_eq!(parse_duration("30s"), Ok(30_000_000_000));
        assert_eq!(parse_duration("1h30m"), Ok(5_400_000_000_000));
        assert_eq!(parse_duration("1.5ms"), Ok(1_500_000));
        assert_eq!(parse_duration(".5s"), Ok(500_000_000));
        assert_eq!(parse_duration("-2s"), Ok(-2_000_000_000));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("300µs"), Ok(300_000));
        assert_eq!(parse_duration("-2562047h47m16.854775808s"), Ok(i64::MIN));
    }

    #[test]
    fn reports_go_errors() {
        assert_eq!(
            parse_duration("10").unwrap_err(),
            "time: missing unit in duration \"10\""
        );
        assert_eq!(
            parse_duration("1d").unwrap_err(),
            "time: unknown unit \"d\" in duration \"1d\""
        );
        assert_eq!(
            parse_duration("").unwrap_err(),
            "time: invalid duration \"\""
        );
        assert_eq!(
            parse_duration("s").unwrap_err(),
            "time: invalid duration \"s\""
        );
        assert_eq!(
            parse_duration("1é").unwrap_err(),
            "time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\""
        );
        assert!(parse_duration("9999999999h").is_err());
        assert!(parse_duration("2562047h47m16.854775808s").is_err());
    }

    #[test]
    fn compose_durations_know_days_and_weeks() {
        assert_eq!(parse_compose_duration("1d"), Ok(86_400_000_000_000));
        assert_eq!(parse_compose_duration("1w2d"), Ok(9 * 86_400_000_000_000));
        assert_eq!(parse_compose_duration("1.5h"), Ok(5_400_000_000_000));
        assert_eq!(
            parse_compose_duration("1.5").unwrap_err(),
            "time: missing unit in duration \"1.5\""
        );
        assert_eq!(
            parse_compose_duration("1.5.5s").unwrap_err(),
            "time: missing unit in duration \"1.5.5s\""
        );
        assert_eq!(
            parse_compose_duration("5x").unwrap_err(),
            "time: unknown unit \"x\" in duration \"5x\""
        );
        assert_eq!(
            parse_compose_duration("99999999999h").unwrap_err(),
            "time: invalid duration \"99999999999h\""
        );
        assert_eq!(
            parse_compose_duration("é").unwrap_err(),
            "time: invalid duration \"é\""
        );
    }

    #[test]
    fn prints_as_go_does() {
        let cases = [
            (0, "0s"),
            (1, "1ns"),
            (1_500, "1.5µs"),
            (1_500_000, "1.5ms"),
            (1_500_000_000, "1.5s"),
            (90_000_000_000, "1m30s"),
            (3_600_000_000_000, "1h0m0s"),
            (86_400_000_000_000, "24h0m0s"),
            (-61_000_000_000, "-1m1s"),
            (i64::MIN, "-2562047h47m16.854775808s"),
        ];
        for (nanoseconds, text) in cases {
            assert_eq!(format_duration(nanoseconds), text);
        }
    }
}
