//! Lower-case hexadecimal, as digests, dstack's measurements and TDX quotes are written.

use std::fmt::Write as _;

/// `bytes` as lower-case hex digits, two per byte.
pub fn encode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        // Writing to a String cannot fail.
        let _ = write!(text, "{byte:02x}");
    }
    text
}

/// Why hex text did not decode: the byte offset of the first character that is not a hex
/// digit, or an odd number of digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HexError {
    #[error("character {offset} is not a hex digit")]
    NotADigit { offset: usize },
    #[error("{digits} hex digits: an odd number cannot be bytes")]
    OddLength { digits: usize },
}

/// The bytes hex `text` writes, in either case.
pub fn decode(text: &str) -> Result<Vec<u8>, HexError> {
    let digits = text.as_bytes();
    if let Some(offset) = digits.iter().position(|digit| !digit.is_ascii_hexdigit()) {
        return Err(HexError::NotADigit { offset });
    }
    if digits.len() % 2 == 1 {
        return Err(HexError::OddLength {
            digits: digits.len(),
        });
    }
    Ok(digits
        .chunks_exact(2)
        .map(|pair| (value(pair[0]) << 4) | value(pair[1]))
        .collect())
}

fn value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        _ => digit - b'A' + 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        assert_eq!(encode(&[0x00, 0xab, 0x7f]), "00ab7f");
        assert_eq!(decode("00AB7f"), Ok(vec![0x00, 0xab, 0x7f]));
        assert_eq!(decode(""), Ok(vec![]));
    }

    #[test]
    fn bad_text_is_refused_with_its_place() {
        assert_eq!(decode("0g"), Err(HexError::NotADigit { offset: 1 }));
        assert_eq!(decode("abc"), Err(HexError::OddLength { digits: 3 }));
    }
}
