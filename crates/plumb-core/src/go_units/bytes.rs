//! docker/go-units byte sizes.

use super::strconv::parse_float;

/// docker/go-units v0.5.0 `RAMInBytes`, which compose-go reads memory sizes with: a number,
/// an optional space, and an optional unit `b`, `k`, `kb`, `kib`, … `p`, `pb`, `pib` in any
/// case, every unit binary (`1k` is 1024). The number may have a fraction; the bytes are
/// truncated to an integer as Go converts a float.
pub fn ram_in_bytes(text: &str) -> Result<i64, String> {
    let invalid_size = || format!("invalid size: '{text}'");
    // The number ends at the last digit, point or space.
    let Some(end) = text.rfind(|ch: char| ch.is_ascii_digit() || ch == '.' || ch == ' ') else {
        return Err(invalid_size());
    };
    let (number, suffix) = if text.as_bytes()[end] == b' ' {
        (&text[..end], &text[end + 1..])
    } else {
        (&text[..=end], &text[end + 1..])
    };
    let size = parse_float(number, 64)?;
    if size < 0.0 {
        return Err(invalid_size());
    }
    // A suffix longer than three bytes is refused as written, any other in lower case.
    if suffix.len() > 3 {
        return Err(format!("invalid suffix: '{suffix}'"));
    }
    let suffix_lower = suffix.to_lowercase();
    let multiplier = match suffix_lower.as_str() {
        "" | "b" => 1.0,
        _ => {
            let bad_suffix = || format!("invalid suffix: '{suffix_lower}'");
            let mut units = suffix_lower.chars();
            let exponent = match units.next() {
                Some('k') => 1,
                Some('m') => 2,
                Some('g') => 3,
                Some('t') => 4,
                Some('p') => 5,
                _ => return Err(bad_suffix()),
            };
            if !matches!(units.as_str(), "" | "b" | "ib") {
                return Err(bad_suffix());
            }
            1024f64.powi(exponent)
        }
    };
    Ok(go_float_to_int64(size * multiplier))
}

/// Go's `int64(f)` on amd64: truncation, and the smallest int64 for what does not fit.
pub fn go_float_to_int64(value: f64) -> i64 {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    // NaN is outside every range too.
    if !(-LIMIT..LIMIT).contains(&value) {
        return i64::MIN;
    }
    value as i64
}

/// docker/go-units before v0.5.0 (which BuildKit's tmpfs sizes follow) accepts
/// `^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$`.
pub fn is_ram_in_bytes(value: &str) -> bool {
    let bytes = value.as_bytes();
    let mut index = bytes
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    if index == 0 {
        return false;
    }
    while bytes.get(index) == Some(&b'.') {
        let digits = bytes[index + 1..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        if digits == 0 {
            return false;
        }
        index += 1 + digits;
    }
    let mut rest = &value[index..];
    rest = rest.strip_prefix(' ').unwrap_or(rest);
    for optional in ["kmgtp", "i", "b"] {
        if rest
            .chars()
            .next()
            .is_some_and(|ch| optional.contains(ch.to_ascii_lowercase()))
        {
            rest = &rest[1..];
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_sizes() {
        assert_eq!(ram_in_bytes("1gb"), Ok(1 << 30));
        assert_eq!(ram_in_bytes("1.5g"), Ok(1_610_612_736));
        assert_eq!(ram_in_bytes("64 MiB"), Ok(64 << 20));
        assert_eq!(ram_in_bytes("10"), Ok(10));
        assert_eq!(ram_in_bytes("10b"), Ok(10));
        assert_eq!(ram_in_bytes("x").unwrap_err(), "invalid size: 'x'");
        assert_eq!(ram_in_bytes("-1").unwrap_err(), "invalid size: '-1'");
        assert_eq!(ram_in_bytes("10X").unwrap_err(), "invalid suffix: 'x'");
        assert_eq!(ram_in_bytes("10gbb").unwrap_err(), "invalid suffix: 'gbb'");
        assert_eq!(
            ram_in_bytes("10KBIT").unwrap_err(),
            "invalid suffix: 'KBIT'"
        );
        assert_eq!(ram_in_bytes("10É").unwrap_err(), "invalid suffix: 'é'");
        assert_eq!(
            ram_in_bytes("1.5.5g").unwrap_err(),
            "strconv.ParseFloat: parsing \"1.5.5\": invalid syntax"
        );
        assert_eq!(
            ram_in_bytes(" 5m").unwrap_err(),
            "strconv.ParseFloat: parsing \" 5\": invalid syntax"
        );
    }

    #[test]
    fn ram_sizes() {
        for good in ["64m", "64", "1.5GiB", "64 MB", "10b"] {
            assert!(is_ram_in_bytes(good), "{good}");
        }
        for bad in ["", "m", "64x", "1..5m", "-1m"] {
            assert!(!is_ram_in_bytes(bad), "{bad}");
        }
    }
}
