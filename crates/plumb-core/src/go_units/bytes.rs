//! docker/go-units byte sizes.

/// docker/go-units `RAMInBytes` accepts `^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$`.
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
    fn ram_sizes() {
        for good in ["64m", "64", "1.5GiB", "64 MB", "10b"] {
            assert!(is_ram_in_bytes(good), "{good}");
        }
        for bad in ["", "m", "64x", "1..5m", "-1m"] {
            assert!(!is_ram_in_bytes(bad), "{bad}");
        }
    }
}
