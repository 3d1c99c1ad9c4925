//! Exec-form detection: BuildKit decodes the arguments with Go's `json.Unmarshal` into an
//! array. Valid JSON whose elements are all strings is the exec form; valid JSON with any
//! other element is an error; anything that is not valid JSON falls back to the shell form.

/// What the arguments of an instruction are, read as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonArray {
    /// Not a valid JSON array: the caller falls back to shell form or plain words.
    NotJson,
    /// Each element's decoded value and byte range (quotes included) in the input.
    Strings(Vec<(String, usize, usize)>),
    /// Valid JSON with an element that is not a string, at this byte range.
    NonString(usize, usize),
}

/// Go's decoder refuses nesting deeper than this, the top-level array included.
const MAX_DEPTH: usize = 10_000;

/// Reads `text` (already left-trimmed, starting with `[`) as a whole JSON document.
pub fn parse(text: &str) -> JsonArray {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        position: 0,
    };
    match reader.top_level_array() {
        Some(Elements {
            strings,
            non_string,
        }) => match non_string {
            Some((start, end)) => JsonArray::NonString(start, end),
            None => JsonArray::Strings(strings),
        },
        None => JsonArray::NotJson,
    }
}

struct Elements {
    strings: Vec<(String, usize, usize)>,
    non_string: Option<(usize, usize)>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    position: usize,
}

impl Reader<'_> {
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.position) {
            self.position += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.bytes.get(self.position) == Some(&byte);
        if found {
            self.position += 1;
        }
        found
    }

    fn top_level_array(&mut self) -> Option<Elements> {
        self.skip_whitespace();
        if !self.eat(b'[') {
            return None;
        }
        let mut elements = Elements {
            strings: Vec::new(),
            non_string: None,
        };
        self.skip_whitespace();
        if !self.eat(b']') {
            loop {
                self.skip_whitespace();
                let start = self.position;
                if self.bytes.get(start) == Some(&b'"') {
                    let value = self.string()?;
                    elements.strings.push((value, start, self.position));
                } else {
                    self.skip_value()?;
                    elements.non_string.get_or_insert((start, self.position));
                }
                self.skip_whitespace();
                if self.eat(b']') {
                    break;
                }
                if !self.eat(b',') {
                    return None;
                }
            }
        }
        self.skip_whitespace();
        // Trailing data after the array makes the whole document invalid.
        (self.position == self.bytes.len()).then_some(elements)
    }

    /// Skips any non-string value, iteratively so deep nesting cannot exhaust the stack.
    fn skip_value(&mut self) -> Option<()> {
        // Each open container: `true` for an object (expects `"key":` before each value).
        let mut open: Vec<bool> = Vec::new();
        loop {
            self.skip_whitespace();
            // A value (or, after an opening bracket, the end of an empty container).
            match self.bytes.get(self.position)? {
                b'{' | b'[' => {
                    let is_object = self.bytes[self.position] == b'{';
                    self.position += 1;
                    // The top-level array counts as one level, this container as another.
                    if open.len() + 2 > MAX_DEPTH {
                        return None;
                    }
                    open.push(is_object);
                    self.skip_whitespace();
                    let empty_close = if is_object { b'}' } else { b']' };
                    if self.eat(empty_close) {
                        open.pop();
                    } else {
                        if is_object {
                            self.object_key()?;
                        }
                        continue;
                    }
                }
                b'"' => {
                    self.string()?;
                }
                b't' => self.literal("true")?,
                b'f' => self.literal("false")?,
                b'n' => self.literal("null")?,
                b'-' | b'0'..=b'9' => self.number()?,
                _ => return None,
            }
            // After a value: close containers or move to the next element.
            loop {
                let Some(&is_object) = open.last() else {
                    return Some(());
                };
                self.skip_whitespace();
                if self.eat(if is_object { b'}' } else { b']' }) {
                    open.pop();
                    continue;
                }
                if !self.eat(b',') {
                    return None;
                }
                if is_object {
                    self.skip_whitespace();
                    self.object_key()?;
                }
                break;
            }
        }
    }

    fn object_key(&mut self) -> Option<()> {
        if self.bytes.get(self.position) != Some(&b'"') {
            return None;
        }
        self.string()?;
        self.skip_whitespace();
        self.eat(b':').then_some(())
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        let end = self.position + word.len();
        (self.bytes.get(self.position..end) == Some(word.as_bytes())).then(|| self.position = end)
    }

    fn digits(&mut self) -> usize {
        let start = self.position;
        while self
            .bytes
            .get(self.position)
            .is_some_and(u8::is_ascii_digit)
        {
            self.position += 1;
        }
        self.position - start
    }

    fn number(&mut self) -> Option<()> {
        self.eat(b'-');
        if !self.eat(b'0') && self.digits() == 0 {
            return None;
        }
        if self.eat(b'.') && self.digits() == 0 {
            return None;
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return None;
            }
        }
        Some(())
    }

    /// A string starting at the opening quote; returns its decoded value.
    fn string(&mut self) -> Option<String> {
        self.position += 1;
        let mut value = String::new();
        loop {
            let rest = &self.text[self.position..];
            let stop = rest.find(|ch: char| ch == '"' || ch == '\\' || ch < ' ')?;
            value.push_str(&rest[..stop]);
            self.position += stop;
            match self.bytes[self.position] {
                b'"' => {
                    self.position += 1;
                    return Some(value);
                }
                b'\\' => {
                    self.position += 1;
                    let escaped = *self.bytes.get(self.position)?;
                    self.position += 1;
                    match escaped {
                        b'"' => value.push('"'),
                        b'\\' => value.push('\\'),
                        b'/' => value.push('/'),
                        b'b' => value.push('\u{8}'),
                        b'f' => value.push('\u{C}'),
                        b'n' => value.push('\n'),
                        b'r' => value.push('\r'),
                        b't' => value.push('\t'),
                        b'u' => value.push(self.unicode_escape()?),
                        _ => return None,
                    }
                }
                // A raw control character is not allowed in a JSON string.
                _ => return None,
            }
        }
    }

    /// The four hex digits after `\u` (and a following low surrogate); lone surrogates
    /// decode to U+FFFD as in Go.
    fn unicode_escape(&mut self) -> Option<char> {
        let high = self.hex4()?;
        if !(0xD800..0xDC00).contains(&high) {
            return Some(char::from_u32(high).unwrap_or('\u{FFFD}'));
        }
        let save = self.position;
        if self.bytes.get(self.position..self.position + 2) == Some(b"\\u") {
            self.position += 2;
            if let Some(low) = self.hex4().filter(|low| (0xDC00..0xE000).contains(low)) {
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return Some(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
        }
        self.position = save;
        Some('\u{FFFD}')
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.position..self.position + 4)?;
        if !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return None;
        }
        self.position += 4;
        u32::from_str_radix(digits, 16).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Option<Vec<String>> {
        match parse(text) {
            JsonArray::Strings(strings) => {
                Some(strings.into_iter().map(|(value, _, _)| value).collect())
            }
            _ => None,
        }
    }

    #[test]
    fn string_arrays_are_exec_form() {
        assert_eq!(values(r#"["echo", "a b"]"#).unwrap(), ["echo", "a b"]);
        assert_eq!(values("[]").unwrap(), Vec::<String>::new());
        assert_eq!(values(r#"[""]"#).unwrap(), [""]);
        assert_eq!(
            values(r#"["\u00e9\n\ud83d\ude00\ud800"]"#).unwrap(),
            ["é\n😀\u{FFFD}"]
        );
        assert_eq!(
            parse(r#"[ "a" ]"#),
            JsonArray::Strings(vec![("a".into(), 2, 5)])
        );
    }

    #[test]
    fn invalid_json_falls_back() {
        for text in [
            "['a']",
            r#"["a""#,
            r#"["c:\windows"]"#,
            r#"["echo"] extra"#,
            r#"["a",]"#,
            "[01]",
            "[\"a\tb\"]",
            "[{\"a\" 1}]",
        ] {
            assert_eq!(parse(text), JsonArray::NotJson, "{text}");
        }
    }

    #[test]
    fn valid_non_string_elements_are_reported() {
        assert_eq!(parse(r#"["a", 1]"#), JsonArray::NonString(6, 7));
        assert_eq!(parse(r#"["a", ["b"]]"#), JsonArray::NonString(6, 11));
        assert_eq!(
            parse(r#"[{"k": [1, {"x": null}]}, "z"]"#),
            JsonArray::NonString(1, 24)
        );
        assert_eq!(parse("[true, -1.5e3]"), JsonArray::NonString(1, 5));
    }

    #[test]
    fn deep_nesting_neither_overflows_nor_counts_as_json() {
        let deep = format!("[{}{}]", "[".repeat(20_000), "]".repeat(20_000));
        assert_eq!(parse(&deep), JsonArray::NotJson);
        let fine = format!("[{}{}]", "[".repeat(100), "]".repeat(100));
        assert_eq!(parse(&fine), JsonArray::NonString(1, 201));
    }

    #[test]
    fn depth_limit_counts_the_top_level_array() {
        let nested = |levels: usize| format!("[{}{}]", "[".repeat(levels), "]".repeat(levels));
        assert!(matches!(
            parse(&nested(MAX_DEPTH - 1)),
            JsonArray::NonString(..)
        ));
        assert_eq!(parse(&nested(MAX_DEPTH)), JsonArray::NotJson);
    }

    #[test]
    fn trailing_text_makes_any_array_invalid() {
        // Since BuildKit v0.15 (Dockerfile 1.9) the whole text is read with `json.Unmarshal`;
        // v0.12 used a stream decoder that stopped after the array (exec form, or an error
        // for `[1] x`).
        for text in [r#"["a"] x"#, r#"["a"]]"#, "[1] && echo x", "[] []"] {
            assert_eq!(parse(text), JsonArray::NotJson, "{text}");
        }
    }
}
