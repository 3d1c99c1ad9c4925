//! Character classes as BuildKit's Go code spells them. Matching them exactly is what makes
//! the parser split lines where BuildKit does.

/// Go's `unicode.IsSpace`.
pub fn is_space(ch: char) -> bool {
    matches!(
        ch,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{85}' | '\u{A0}'
    ) || (ch > '\u{FF}' && ch.is_whitespace())
}

/// Go's `unicode.IsSpace(rune(b))` applied to a single byte, as BuildKit's flag splitter and
/// HEALTHCHECK parser do: bytes 0x85 and 0xA0 count as spaces even inside UTF-8 sequences.
pub fn is_space_byte(byte: u8) -> bool {
    is_space(char::from(byte))
}

/// The class of BuildKit's `reWhitespace` regex, `[\t\v\f\r ]`: ASCII only, so a byte
/// search for it never lands inside a character.
fn is_separator(byte: u8) -> bool {
    matches!(byte, b'\t' | 0x0B | 0x0C | b'\r' | b' ')
}

/// Go's `strings.TrimSpace`.
pub fn trim_space(text: &str) -> &str {
    text.trim_matches(is_space)
}

/// Go's `strings.TrimLeftFunc(text, unicode.IsSpace)`.
pub fn trim_start_space(text: &str) -> &str {
    text.trim_start_matches(is_space)
}

/// `regexp.MustCompile("[\t\v\f\r ]+").Split(text, limit)` with `limit` 2 (`Some(2)`) or
/// unlimited (`None`): the byte ranges of the pieces of `text`, at least one.
pub fn split_separators(text: &str, limit: Option<usize>) -> SeparatedPieces<'_> {
    SeparatedPieces {
        text,
        next_start: Some(0),
        remaining: limit,
    }
}

/// The pieces [`split_separators`] finds, found one at a time so that nothing is collected
/// when a caller only wants the first two.
#[derive(Debug)]
pub struct SeparatedPieces<'a> {
    text: &'a str,
    /// Where the next piece starts; `None` once the last piece is out.
    next_start: Option<usize>,
    /// How many pieces may still come, the last taking the rest of the text.
    remaining: Option<usize>,
}

impl Iterator for SeparatedPieces<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let start = self.next_start?;
        let bytes = self.text.as_bytes();
        let separator = (self.remaining != Some(1))
            .then(|| bytes[start..].iter().position(|&byte| is_separator(byte)))
            .flatten();
        let Some(offset) = separator else {
            self.next_start = None;
            return Some((start, bytes.len()));
        };
        let end = start + offset;
        let after = bytes[end..]
            .iter()
            .position(|&byte| !is_separator(byte))
            .map_or(bytes.len(), |run| end + run);
        self.next_start = Some(after);
        self.remaining = self.remaining.map(|remaining| remaining - 1);
        Some((start, end))
    }
}

/// Go's `strconv.ParseBool`.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, limit: Option<usize>) -> Vec<&str> {
        split_separators(text, limit)
            .map(|(start, end)| &text[start..end])
            .collect()
    }

    #[test]
    fn splits_like_go_regexp_split() {
        assert_eq!(split("a  b\tc", None), ["a", "b", "c"]);
        assert_eq!(split("a  b\tc", Some(2)), ["a", "b\tc"]);
        assert_eq!(split("", None), [""]);
        assert_eq!(split(" a", None), ["", "a"]);
        assert_eq!(split("a ", None), ["a", ""]);
        // A newline is not in the class.
        assert_eq!(split("a\nb", None), ["a\nb"]);
    }

    #[test]
    fn space_matches_go_unicode_is_space() {
        assert!(is_space('\u{85}') && is_space('\u{A0}') && is_space('\u{2003}'));
        assert!(!is_space('\u{200B}') && !is_space('x'));
    }
}
