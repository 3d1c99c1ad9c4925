//! Go's string quoting as compose-go's messages use it, so that plumb words its errors the
//! same way.

/// Go's `strconv.Quote`, which `%q` and `%#v` print strings with: `"` and `\` escaped,
/// printable characters as they are, the others as `\n`, `\x01`, `\u200b`.
///
/// Go prints a code point unassigned in Unicode 15.0 as `\u…`; this prints it as it is (a
/// table of all unassigned code points is not worth its size for an error message).
pub fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for ch in text.chars() {
        match ch {
            '"' | '\\' => {
                quoted.push('\\');
                quoted.push(ch);
            }
            _ if is_printable(ch) => quoted.push(ch),
            '\u{07}' => quoted.push_str("\\a"),
            '\u{08}' => quoted.push_str("\\b"),
            '\u{0C}' => quoted.push_str("\\f"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            '\u{0B}' => quoted.push_str("\\v"),
            _ if ch < ' ' || ch == '\u{7F}' => {
                quoted.push_str(&format!("\\x{:02x}", u32::from(ch)));
            }
            _ if u32::from(ch) < 0x10000 => {
                quoted.push_str(&format!("\\u{:04x}", u32::from(ch)));
            }
            _ => quoted.push_str(&format!("\\U{:08x}", u32::from(ch))),
        }
    }
    quoted.push('"');
    quoted
}

/// Go's `strconv.IsPrint` for assigned code points: everything but controls (Cc), format
/// characters (Cf), private use (Co) and spaces other than U+0020 (Z).
fn is_printable(ch: char) -> bool {
    if ch == ' ' {
        return true;
    }
    !(ch.is_control()
        || ch.is_whitespace()
        || in_ranges(FORMAT_CHARACTERS, ch)
        || in_ranges(PRIVATE_USE, ch))
}

/// Whether `ch` lies in one of the inclusive ranges `table` lists as start, end, start, end…
/// in ascending order.
fn in_ranges(table: &[u32], ch: char) -> bool {
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
    fn tables_are_sorted_inclusive_ranges() {
        for table in [FORMAT_CHARACTERS, PRIVATE_USE] {
            assert_eq!(table.len() % 2, 0);
            for pair in table.windows(2) {
                assert!(pair[0] <= pair[1], "{pair:x?}");
            }
        }
    }

    #[test]
    fn quotes_like_go_strconv_quote() {
        assert_eq!(quote("plain"), r#""plain""#);
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("\u{7}\u{8}\u{c}\n\r\t\u{b}"), r#""\a\b\f\n\r\t\v""#);
        assert_eq!(quote("\u{1}\u{7f}"), r#""\x01\x7f""#);
        // Observed: docker compose quotes U+200B as `\u200b` and a combining accent as it is.
        assert_eq!(quote("A\u{200b}B"), r#""A\u200bB""#);
        assert_eq!(quote("e\u{301}"), "\"e\u{301}\"");
        assert_eq!(quote("\u{a0}\u{3000}"), r#""\u00a0\u3000""#);
        assert_eq!(quote("\u{E0001}☕ é"), "\"\\U000e0001☕ é\"");
    }
}
