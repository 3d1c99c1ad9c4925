//! JSON as serde_json reads it (RFC 8259, nothing more: no comments, no trailing commas,
//! control characters only escaped), into a tree that keeps every value's span, for files
//! whose findings point into them (dstack's app-compose.json). Members keep their order and
//! a key written twice stays twice: what that means is the reader's to say.

use crate::source::Span;

/// One value and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonNode {
    pub value: JsonValue,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JsonValue {
    Null,
    Bool(bool),
    /// As written (`2`, `-0.5e3`).
    Number(String),
    String(String),
    Array(Vec<JsonNode>),
    Object(Vec<JsonMember>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct JsonMember {
    pub key: String,
    pub key_span: Span,
    pub value: JsonNode,
}

/// Why the text is not JSON, with serde_json's words, at the offending place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub message: String,
    pub span: Span,
}

/// How deeply arrays and objects may nest, as serde_json's recursion limit.
const MAX_DEPTH: usize = 128;

impl JsonNode {
    /// The member `key` (its last, as serde_json's `Value` keeps the last of a key written
    /// twice).
    pub fn member(&self, key: &str) -> Option<&JsonMember> {
        match &self.value {
            JsonValue::Object(members) => members.iter().rev().find(|member| member.key == key),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&JsonNode> {
        self.member(key).map(|member| &member.value)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            JsonValue::String(text) => Some(text),
            _ => None,
        }
    }

    /// What kind of value it is, as messages name it.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            JsonValue::Null => "null",
            JsonValue::Bool(_) => "a boolean",
            JsonValue::Number(_) => "a number",
            JsonValue::String(_) => "a string",
            JsonValue::Array(_) => "an array",
            JsonValue::Object(_) => "an object",
        }
    }
}

/// The one value `text` holds, or the first problem.
pub fn parse(text: &str) -> Result<JsonNode, JsonError> {
    let mut reader = Reader { text, offset: 0 };
    reader.skip_whitespace();
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.offset < text.len() {
        return Err(reader.error_here("trailing characters"));
    }
    Ok(value)
}

struct Reader<'a> {
    text: &'a str,
    offset: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.offset).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.offset += 1;
        }
    }

    fn error_here(&self, message: &str) -> JsonError {
        let end = self.text[self.offset..]
            .chars()
            .next()
            .map_or(self.offset, |character| self.offset + character.len_utf8());
        JsonError {
            message: message.to_owned(),
            span: Span::new(self.offset, end),
        }
    }

    fn value(&mut self, depth: usize) -> Result<JsonNode, JsonError> {
        let start = self.offset;
        let value = match self.peek() {
            None => return Err(self.error_here("EOF while parsing a value")),
            Some(b'{') | Some(b'[') if depth >= MAX_DEPTH => {
                return Err(self.error_here("recursion limit exceeded"));
            }
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => JsonValue::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => JsonValue::Number(self.number()?),
            Some(_) => self.literal()?,
        };
        Ok(JsonNode {
            value,
            span: Span::new(start, self.offset),
        })
    }

    fn literal(&mut self) -> Result<JsonValue, JsonError> {
        for (word, value) in [
            ("true", JsonValue::Bool(true)),
            ("false", JsonValue::Bool(false)),
            ("null", JsonValue::Null),
        ] {
            if self.text[self.offset..].starts_with(word) {
                self.offset += word.len();
                return Ok(value);
            }
        }
        Err(self.error_here("expected value"))
    }

    fn number(&mut self) -> Result<String, JsonError> {
        let start = self.offset;
        let digits = |reader: &mut Self| {
            let from = reader.offset;
            while matches!(reader.peek(), Some(b'0'..=b'9')) {
                reader.offset += 1;
            }
            reader.offset > from
        };
        if self.peek() == Some(b'-') {
            self.offset += 1;
        }
        if self.peek() == Some(b'0') {
            self.offset += 1;
        } else if !digits(self) {
            return Err(self.error_here("invalid number"));
        }
        if self.peek() == Some(b'.') {
            self.offset += 1;
            if !digits(self) {
                return Err(self.error_here("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.offset += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.offset += 1;
            }
            if !digits(self) {
                return Err(self.error_here("invalid number"));
            }
        }
        Ok(self.text[start..self.offset].to_owned())
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.offset += 1;
        let mut value = String::new();
        loop {
            let Some(character) = self.text[self.offset..].chars().next() else {
                return Err(self.error_here("EOF while parsing a string"));
            };
            match character {
                '"' => {
                    self.offset += 1;
                    return Ok(value);
                }
                '\\' => {
                    self.offset += 1;
                    value.push(self.escape()?);
                }
                control if u32::from(control) < 0x20 => {
                    return Err(self.error_here(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
                other => {
                    value.push(other);
                    self.offset += other.len_utf8();
                }
            }
        }
    }

    /// After a backslash: the character the escape stands for.
    fn escape(&mut self) -> Result<char, JsonError> {
        let Some(letter) = self.peek() else {
            return Err(self.error_here("EOF while parsing a string"));
        };
        let simple = match letter {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            b'u' => None,
            _ => return Err(self.error_here("invalid escape")),
        };
        self.offset += 1;
        if let Some(character) = simple {
            return Ok(character);
        }
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first)
                .ok_or_else(|| self.error_here("lone leading surrogate in hex escape"));
        }
        if !self.text[self.offset..].starts_with("\\u") {
            return Err(self.error_here("lone leading surrogate in hex escape"));
        }
        self.offset += 2;
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return Err(self.error_here("lone leading surrogate in hex escape"));
        }
        let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        char::from_u32(combined).ok_or_else(|| self.error_here("invalid unicode code point"))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .text
            .get(self.offset..self.offset + 4)
            .filter(|digits| digits.bytes().all(|digit| digit.is_ascii_hexdigit()));
        let Some(digits) = digits else {
            return Err(self.error_here("invalid escape"));
        };
        self.offset += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.error_here("invalid escape"))
    }

    fn array(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        self.offset += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.offset += 1;
            return Ok(JsonValue::Array(items));
        }
        loop {
            self.skip_whitespace();
            if self.peek() == Some(b']') {
                return Err(self.error_here("trailing comma"));
            }
            items.push(self.value(depth + 1)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.offset += 1,
                Some(b']') => {
                    self.offset += 1;
                    return Ok(JsonValue::Array(items));
                }
                None => return Err(self.error_here("EOF while parsing a list")),
                Some(_) => return Err(self.error_here("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        self.offset += 1;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.offset += 1;
            return Ok(JsonValue::Object(members));
        }
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => return Err(self.error_here("trailing comma")),
                None => return Err(self.error_here("EOF while parsing an object")),
                Some(_) => return Err(self.error_here("key must be a string")),
            }
            let key_start = self.offset;
            let key = self.string()?;
            let key_span = Span::new(key_start, self.offset);
            self.skip_whitespace();
            match self.peek() {
                Some(b':') => self.offset += 1,
                None => return Err(self.error_here("EOF while parsing an object")),
                Some(_) => return Err(self.error_here("expected `:`")),
            }
            self.skip_whitespace();
            let value = self.value(depth + 1)?;
            members.push(JsonMember {
                key,
                key_span,
                value,
            });
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.offset += 1,
                Some(b'}') => {
                    self.offset += 1;
                    return Ok(JsonValue::Object(members));
                }
                None => return Err(self.error_here("EOF while parsing an object")),
                Some(_) => return Err(self.error_here("expected `,` or `}`")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_spans() {
        let text = r#" {"a": [1, -2.5e3, true, null], "b": "x\n\u00e9\ud83d\ude80", "a": {}} "#;
        let root = parse(text).unwrap();
        assert_eq!(&text[root.span.range()], &text[1..text.len() - 1]);
        let b = root.get("b").unwrap();
        assert_eq!(b.as_str(), Some("x\né🚀"));
        assert_eq!(&text[b.span.range()], r#""x\n\u00e9\ud83d\ude80""#);
        // The last of a key written twice, as serde_json's Value.
        assert_eq!(root.get("a").unwrap().value, JsonValue::Object(vec![]));
        let JsonValue::Object(members) = &root.value else {
            unreachable!()
        };
        assert_eq!(members.len(), 3);
        assert_eq!(&text[members[0].key_span.range()], "\"a\"");
    }

    #[test]
    fn what_serde_json_refuses_is_refused_where_it_is() {
        for (text, message, at) in [
            ("", "EOF while parsing a value", 0),
            ("[1,]", "trailing comma", 3),
            ("{\"a\":1,}", "trailing comma", 7),
            ("{a:1}", "key must be a string", 1),
            (
                "\"a\tb\"",
                "control character (\\u0000-\\u001F) found while parsing a string",
                2,
            ),
            ("\"\\x\"", "invalid escape", 2),
            ("\"\\ud800\"", "lone leading surrogate in hex escape", 7),
            ("01", "trailing characters", 1),
            ("1.", "invalid number", 2),
            ("{\"a\" 1}", "expected `:`", 5),
            ("[1 2]", "expected `,` or `]`", 3),
            ("tru", "expected value", 0),
            ("{} x", "trailing characters", 3),
        ] {
            let error = parse(text).unwrap_err();
            assert_eq!(
                (error.message.as_str(), error.span.start),
                (message, at),
                "{text:?}"
            );
        }
        let deep = "[".repeat(200);
        assert_eq!(
            parse(&deep).unwrap_err().message,
            "recursion limit exceeded"
        );
    }

    #[test]
    fn agrees_with_serde_json_on_what_is_json() {
        for text in [
            "{}",
            "[]",
            "0",
            "-0",
            "1e5",
            "\"\\/\"",
            "[[[]]]",
            "{\"\":null}",
            "2.",
            "-",
            "[1,,2]",
            "{\"a\":1 \"b\":2}",
            "\u{feff}{}",
        ] {
            assert_eq!(
                parse(text).is_ok(),
                serde_json::from_str::<serde_json::Value>(text).is_ok(),
                "{text:?}"
            );
        }
    }
}
