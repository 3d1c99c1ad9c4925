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

/// The class of BuildKit's `reWhitespace` regex, `[\t\v\f\r ]`.
pub fn is_separator(ch: char) -> bool {
    matches!(ch, '\t' | '\u{0B}' | '\u{0C}' | '\r' | ' ')
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
/// unlimited (`None`), returning byte ranges into `text`.
pub fn split_separators(text: &str, limit: Option<usize>) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        if limit.is_some_and(|limit| pieces.len() + 1 == limit) {
            break;
        }
        if is_separator(ch) {
            let mut end = index + ch.len_utf8();
            while let Some(&(next, next_ch)) = chars.peek() {
                if !is_separator(next_ch) {
                    break;
                }
                end = next + next_ch.len_utf8();
                chars.next();
            }
            pieces.push((start, index));
            start = end;
        }
    }
    pieces.push((start, text.len()));
    pieces
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
            .into_iter()
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
