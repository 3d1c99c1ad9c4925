//! The per-instruction argument parsers of BuildKit's first layer (`line_parsers.go`): which
//! instructions read JSON, words, key=value pairs or one string.

use super::go_text::{is_space_byte, split_separators, trim_start_space};
use super::instruction::{Arguments, KeyValue, Keyword, Word};
use super::json_array::{self, JsonArray};
use super::logical_line::LogicalLine;
use super::words::parse_words;
use crate::source::Span;

/// A first-layer error BuildKit raises while reading arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgumentError {
    /// A JSON array with an element that is not a string.
    NonStringElement(Span),
    /// ENV or LABEL that is neither `KEY value` nor `KEY=value …`.
    KeyValue { message: String, span: Span },
}

/// The arguments `line[start..end]` (already trimmed) of an instruction other than ONBUILD.
/// On error the arguments are still returned, read as well as they can be.
pub fn parse_arguments(
    keyword: Option<Keyword>,
    line: &LogicalLine,
    (start, end): (usize, usize),
    escape: char,
) -> (Arguments, Option<ArgumentError>) {
    let reader = Reader { line, start, end };
    let Some(keyword) = keyword else {
        return (Arguments::Ignored, None);
    };
    match keyword {
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell => {
            reader.maybe_json(start)
        }
        Keyword::Add | Keyword::Copy | Keyword::Volume => reader.maybe_json_list(),
        Keyword::From | Keyword::Expose => (reader.whitespace_words(start), None),
        Keyword::Maintainer | Keyword::User | Keyword::Workdir | Keyword::Stopsignal => {
            (reader.whole_string(), None)
        }
        Keyword::Arg => (reader.words(escape), None),
        Keyword::Env | Keyword::Label => reader.key_values(keyword, escape),
        Keyword::Healthcheck => reader.healthcheck(),
        // The caller parses the trigger as an instruction of its own.
        Keyword::Onbuild => (Arguments::None, None),
    }
}

struct Reader<'a> {
    line: &'a LogicalLine,
    start: usize,
    end: usize,
}

impl Reader<'_> {
    fn text(&self, start: usize) -> &str {
        &self.line.text()[start..self.end]
    }

    fn word(&self, value: impl Into<String>, start: usize, end: usize) -> Word {
        Word {
            value: value.into(),
            span: self.line.span(start, end),
        }
    }

    fn whole_string(&self) -> Arguments {
        if self.start == self.end {
            return Arguments::None;
        }
        Arguments::Shell(self.word(self.text(self.start), self.start, self.end))
    }

    /// `parseJSON`: `None` when the text is not a JSON array at all.
    fn json(&self, start: usize) -> Option<(Arguments, Option<ArgumentError>)> {
        let text = self.text(start);
        let trimmed = trim_start_space(text);
        let offset = start + (text.len() - trimmed.len());
        if !trimmed.starts_with('[') {
            return None;
        }
        match json_array::parse(trimmed) {
            JsonArray::NotJson => None,
            JsonArray::Strings(strings) => Some((
                Arguments::Exec(
                    strings
                        .into_iter()
                        .map(|(value, from, to)| self.word(value, offset + from, offset + to))
                        .collect(),
                ),
                None,
            )),
            JsonArray::NonString(from, to) => Some((
                Arguments::Invalid,
                Some(ArgumentError::NonStringElement(
                    self.line.span(offset + from, offset + to),
                )),
            )),
        }
    }

    fn fallback_shell(&self, start: usize) -> Arguments {
        Arguments::Shell(self.word(self.text(start), start, self.end))
    }

    /// `parseMaybeJSON`: exec form, or the whole text as a shell command.
    fn maybe_json(&self, start: usize) -> (Arguments, Option<ArgumentError>) {
        if start == self.end {
            return (Arguments::None, None);
        }
        self.json(start)
            .unwrap_or_else(|| (self.fallback_shell(start), None))
    }

    /// `parseMaybeJSONToList`: exec form, or whitespace-separated words.
    fn maybe_json_list(&self) -> (Arguments, Option<ArgumentError>) {
        self.json(self.start)
            .unwrap_or_else(|| (self.whitespace_words(self.start), None))
    }

    /// `parseStringsWhitespaceDelimited`: split on spaces and tabs, quotes not honoured.
    fn whitespace_words(&self, start: usize) -> Arguments {
        if start == self.end {
            return Arguments::None;
        }
        let text = self.text(start);
        Arguments::Words(
            split_separators(text, None)
                .map(|(from, to)| self.word(&text[from..to], start + from, start + to))
                .collect(),
        )
    }

    /// `parseNameOrNameVal` (ARG): words with quotes kept.
    fn words(&self, escape: char) -> Arguments {
        let words = parse_words(self.text(self.start), escape);
        if words.is_empty() {
            return Arguments::None;
        }
        Arguments::Words(
            words
                .into_iter()
                .map(|word| self.word(word.text, self.start + word.start, self.start + word.end))
                .collect(),
        )
    }

    /// `parseNameVal` (ENV, LABEL): the legacy `KEY value` form when the first word has no
    /// `=`, otherwise `KEY=value` words.
    fn key_values(&self, keyword: Keyword, escape: char) -> (Arguments, Option<ArgumentError>) {
        let text = self.text(self.start);
        let words = parse_words(text, escape);
        let Some(first) = words.first() else {
            return (Arguments::None, None);
        };
        if !first.text.contains('=') {
            let mut parts = split_separators(text, Some(2));
            let (key_from, key_to) = parts.next().unwrap_or_default();
            let key = self.word(
                &text[key_from..key_to],
                self.start + key_from,
                self.start + key_to,
            );
            let Some((value_from, value_to)) = parts.next() else {
                let error = ArgumentError::KeyValue {
                    message: format!("{} must have two arguments", keyword.as_str()),
                    span: key.span,
                };
                let value = self.word("", self.end, self.end);
                return (
                    Arguments::KeyValues(vec![KeyValue {
                        key,
                        value,
                        uses_equals: false,
                    }]),
                    Some(error),
                );
            };
            let value = self.word(
                &text[value_from..value_to],
                self.start + value_from,
                self.start + value_to,
            );
            return (
                Arguments::KeyValues(vec![KeyValue {
                    key,
                    value,
                    uses_equals: false,
                }]),
                None,
            );
        }
        let mut pairs = Vec::new();
        for word in words {
            let start = self.start + word.start;
            let Some((key, value)) = word.text.split_once('=') else {
                let error = ArgumentError::KeyValue {
                    message: format!(
                        "Syntax error - can't find = in {:?}. Must be of the form: name=value",
                        word.text
                    ),
                    span: self.line.span(start, self.start + word.end),
                };
                return (Arguments::KeyValues(pairs), Some(error));
            };
            let key_end = start + key.len();
            pairs.push(KeyValue {
                key: self.word(key, start, key_end),
                value: self.word(
                    value,
                    (key_end + 1).min(self.start + word.end),
                    self.start + word.end,
                ),
                uses_equals: true,
            });
        }
        (Arguments::KeyValues(pairs), None)
    }

    /// `parseHealthConfig`: a type word, then the command like RUN's. Spaces are found byte by
    /// byte, as BuildKit does.
    fn healthcheck(&self) -> (Arguments, Option<ArgumentError>) {
        let bytes = self.text(self.start).as_bytes();
        let separator = bytes
            .iter()
            .position(|&byte| is_space_byte(byte))
            .unwrap_or(bytes.len());
        if separator == 0 {
            return (Arguments::None, None);
        }
        let mut next = separator;
        while next < bytes.len() && is_space_byte(bytes[next]) {
            next += 1;
        }
        let text = self.text(self.start);
        let boundary = |mut index: usize| {
            while !text.is_char_boundary(index) {
                index += 1;
            }
            index
        };
        let (separator, next) = (boundary(separator), boundary(next));
        let kind = self.word(&text[..separator], self.start, self.start + separator);
        let (command, error) = self.maybe_json(self.start + next);
        (
            Arguments::Healthcheck {
                kind,
                command: Box::new(command),
            },
            error,
        )
    }
}
