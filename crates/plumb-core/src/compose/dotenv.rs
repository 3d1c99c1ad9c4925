//! The `.env` format of compose-go v2.9.1 (`dotenv/parser.go`), which docker compose reads
//! the project's `.env`, every `--env-file` and a service's `env_file:` with, and the `raw`
//! format docker compose adds for `env_file: {format: raw}` (docker/cli's `kvfile`).
//!
//! The `.env` format, statement by statement:
//!
//! - A UTF-8 byte order mark at the start is skipped; whitespace, blank lines and lines
//!   starting with `#` separate statements.
//! - `export ` before a key is dropped. A key is letters, digits (Unicode's, as Go counts them)
//!   and `_ . - [ ]`, ended by `=` or `:`. A key alone on its line takes its value from the
//!   lookup (`Entry::value` is `None` when the lookup does not know it).
//! - An unquoted value runs to the end of the line; ` #` starts a comment; trailing
//!   whitespace goes. A single-quoted value is literal but for `\'`. A double-quoted value may
//!   span lines and knows the escapes `\a \b \f \n \r \t \v \" \\ \$` and octal `\0NNN`.
//!   Unquoted and double-quoted values are then interpolated with the same engine as compose
//!   files ([`interpolation`]): the lookup first, then the keys earlier in the same file.
//!
//! compose-go reads statements with a cursor rather than line by line, and plumb keeps what
//! follows from that: text after a closing quote is the next statement (`A="x" B=1` sets
//! both); a last line without `=` and without a line break is a value for the empty key
//! (`{"": "FOO"}`); `export` followed only by spaces at the end of the file fails with
//! `zero length string`; an unterminated quote is reported on the file's last line. Keys that
//! start with a digit are kept: only compose-go's `ReadWithLookup` drops them, and docker
//! compose does not use it.

use std::collections::BTreeMap;
use std::ops::Range;

use super::interpolation::{self, InterpolationError, VariableReference};

/// One statement of an env file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    /// `None` for a bare `KEY` the lookup does not know: the variable is left as it was (a
    /// service's `environment:` keeps its value, nothing is set otherwise).
    pub value: Option<String>,
    /// Byte ranges in the text: the key, and the value as written (quotes included; empty, at
    /// the key's end, for a bare key).
    pub key_range: Range<usize>,
    pub value_range: Range<usize>,
    /// The variables the value's interpolation looked up, with ranges in the text. docker
    /// compose warns about each [`VariableReference::is_unset_without_default`] one here too.
    pub references: Vec<VariableReference>,
}

/// Why an env file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotenvError {
    /// The line compose-go names (1-based): for an unterminated quote that is the file's last
    /// line, where it gave up; for a problem in a value's interpolation, where the value
    /// starts (compose-go's message has no line then).
    pub line: usize,
    /// Byte range of the problem in the text.
    pub range: Range<usize>,
    pub kind: DotenvErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DotenvErrorKind {
    /// `A B=1`.
    KeyContainsSpace,
    /// `A%B=1`: `statement` is the line from the key on.
    UnexpectedCharacter { character: char, statement: String },
    /// An opening quote without its closing one: `value` is the text from the quote to the end
    /// of that line.
    UnterminatedQuote { value: String },
    /// `export` and nothing but spaces up to the end of the file.
    ExportWithoutKey,
    /// An invalid `${` in a value; `template` is what compose-go quotes.
    InvalidTemplate { template: String },
    /// `${VAR:?message}` in a value with `VAR` missing.
    RequiredVariable { name: String, message: String },
    /// Operands nested deeper than [`interpolation::MAX_NESTING`].
    TooDeeplyNested,
    /// `raw` format: a line that starts with `=`.
    RawWithoutKey { line: String },
    /// `raw` format: a key with a space or tab.
    RawKeyContainsWhitespace { key: String },
    /// `raw` format: a line of 64 KiB or more (Go's `bufio.Scanner` limit).
    RawLineTooLong,
}

impl DotenvError {
    /// The message of compose-go's parser (or of docker/cli's for the `raw` format), without
    /// the file: `line 3: unterminated quoted value "abc`.
    pub fn message(&self) -> String {
        let line = self.line;
        match &self.kind {
            DotenvErrorKind::KeyContainsSpace => format!("line {line}: key cannot contain a space"),
            DotenvErrorKind::UnexpectedCharacter {
                character,
                statement,
            } => format!(
                "line {line}: unexpected character {} in variable name {}",
                crate::go_units::strconv::quote(&character.to_string()),
                crate::go_units::strconv::quote(statement)
            ),
            DotenvErrorKind::UnterminatedQuote { value } => {
                format!("line {line}: unterminated quoted value {value}")
            }
            DotenvErrorKind::ExportWithoutKey => "zero length string".to_owned(),
            DotenvErrorKind::InvalidTemplate { template } => {
                format!(
                    "Invalid template: {}",
                    crate::go_units::strconv::quote(template)
                )
            }
            DotenvErrorKind::RequiredVariable { name, message } if message.is_empty() => {
                format!("required variable {name} is missing a value")
            }
            DotenvErrorKind::RequiredVariable { name, message } => {
                format!("required variable {name} is missing a value: {message}")
            }
            DotenvErrorKind::TooDeeplyNested => format!(
                "plumb follows defaults nested at most {} deep",
                interpolation::MAX_NESTING
            ),
            DotenvErrorKind::RawWithoutKey { line } => {
                format!("no variable name on line '{line}'")
            }
            DotenvErrorKind::RawKeyContainsWhitespace { key } => {
                format!("variable '{key}' contains whitespaces")
            }
            DotenvErrorKind::RawLineTooLong => "bufio.Scanner: token too long".to_owned(),
        }
    }

    /// docker compose's whole message for the file at `path` (absolute, as docker compose
    /// prints it): `failed to read <path>: …` for the `.env`, an `--env-file` or an
    /// `env_file:`, `failed to parse env_file <path>: …` for an `env_file:` in the `raw`
    /// format.
    pub fn in_file(&self, path: &str) -> String {
        let raw = matches!(
            self.kind,
            DotenvErrorKind::RawWithoutKey { .. }
                | DotenvErrorKind::RawKeyContainsWhitespace { .. }
                | DotenvErrorKind::RawLineTooLong
        );
        if raw {
            format!("failed to parse env_file {path}: {}", self.message())
        } else {
            format!("failed to read {path}: {}", self.message())
        }
    }
}

/// docker compose's message for an `env_file:` whose `format` is neither absent nor `raw`.
pub fn unsupported_format_message(format: &str) -> String {
    format!(
        "unsupported env_file format {}",
        crate::go_units::strconv::quote(format)
    )
}

/// Reads `text` in the `.env` format. `lookup` is what compose-go looks variables up in
/// first: for the project's `.env` and `--env-file`s the process environment and then the
/// entries of the env files read before this one; for a service's `env_file:` the project's
/// environment and then the service's `environment:`. Entries come in file order; a key may
/// repeat, and the last value wins.
pub fn parse(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Entry>, DotenvError> {
    let mut parser = Parser {
        text,
        line: 1,
        lookup,
        values: BTreeMap::new(),
        entries: Vec::new(),
    };
    parser.parse()?;
    Ok(parser.entries)
}

/// Reads `text` in the `raw` format of `env_file: {format: raw}`, as `docker run --env-file`
/// does: one `KEY=value` a line, the value exactly as written (quotes, `#` and trailing
/// spaces included, only a `\r` before the line break dropped), no interpolation; a bare
/// `KEY` comes from `lookup` (`None` when unknown, when docker compose leaves it out).
pub fn parse_raw(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Entry>, DotenvError> {
    // Go's bufio.Scanner holds at most 64 KiB, line break included.
    const MAX_LINE: usize = 64 * 1024;
    let mut entries = Vec::new();
    let mut start = 0;
    let mut number = 0;
    while start < text.len() {
        number += 1;
        let (end, next) = match text[start..].find('\n') {
            Some(offset) => (start + offset, start + offset + 1),
            None => (text.len(), text.len()),
        };
        let error = |range: Range<usize>, kind| DotenvError {
            line: number,
            range,
            kind,
        };
        if end - start >= MAX_LINE {
            return Err(error(start..end, DotenvErrorKind::RawLineTooLong));
        }
        let mut line_start = start;
        if number == 1 && text.starts_with('\u{feff}') {
            line_start += '\u{feff}'.len_utf8();
        }
        let line_end = if text[line_start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        let line = text[line_start..line_end].trim_start();
        let line_start = line_end - line.len();
        start = next;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = match line.split_once('=') {
            Some((key, value)) => (key, Some(value)),
            None => (line, None),
        };
        let key_range = line_start..line_start + key.len();
        if key.is_empty() {
            return Err(error(
                line_start..line_end,
                DotenvErrorKind::RawWithoutKey {
                    line: line.to_owned(),
                },
            ));
        }
        if key.contains([' ', '\t']) {
            return Err(error(
                key_range,
                DotenvErrorKind::RawKeyContainsWhitespace {
                    key: key.to_owned(),
                },
            ));
        }
        let (value, value_range) = match value {
            Some(value) => (Some(value.to_owned()), key_range.end + 1..line_end),
            None => (lookup(key), key_range.end..key_range.end),
        };
        entries.push(Entry {
            key: key.to_owned(),
            value,
            key_range,
            value_range,
            references: Vec::new(),
        });
    }
    Ok(entries)
}

/// The spaces compose-go's parser skips inside a statement (its `isSpace`): Go's white space
/// without the line breaks, which end statements.
fn is_inline_space(ch: char) -> bool {
    matches!(
        ch,
        '\t' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{85}' | '\u{A0}'
    )
}

/// Where the spaces at `from` end.
fn skip_inline_spaces(text: &str, from: usize) -> usize {
    text.len() - text[from..].trim_start_matches(is_inline_space).len()
}

/// A value as read: interpolated, where it is written, the references its interpolation
/// made, and where the next statement may start.
#[derive(Debug)]
struct Value {
    text: String,
    range: Range<usize>,
    references: Vec<VariableReference>,
    next: usize,
}

/// A value after its quotes and escapes, with the way back to the text.
#[derive(Debug)]
struct Unescaped {
    value: String,
    /// Where the value starts in the text.
    origin: usize,
    /// The runs the value is made of, in order: `(offset in value, range in the text,
    /// verbatim)`; a verbatim run is the text as it is, any other one an escape.
    pieces: Vec<(usize, Range<usize>, bool)>,
}

impl Unescaped {
    fn new(origin: usize) -> Self {
        Unescaped {
            value: String::new(),
            origin,
            pieces: Vec::new(),
        }
    }

    fn push_verbatim(&mut self, text: &str, source: Range<usize>) {
        match self.pieces.last_mut() {
            Some((_, last, true)) if last.end == source.start => last.end = source.end,
            _ => self.pieces.push((self.value.len(), source.clone(), true)),
        }
        self.value.push_str(&text[source]);
    }

    fn push_escape(&mut self, produced: &str, source: Range<usize>) {
        self.pieces.push((self.value.len(), source, false));
        self.value.push_str(produced);
    }

    /// The text range that the value range `range` came from.
    fn source_of(&self, range: Range<usize>) -> Range<usize> {
        self.source_offset(range.start, false)..self.source_offset(range.end, true)
    }

    /// Where in the text the value offset `offset` lies. An offset inside what an escape
    /// produced counts as the escape's start, or as its end for the end of a range.
    fn source_offset(&self, offset: usize, is_end: bool) -> usize {
        let index = self
            .pieces
            .partition_point(|(start, _, _)| *start <= offset);
        let Some((start, source, verbatim)) = index
            .checked_sub(1)
            .and_then(|index| self.pieces.get(index))
        else {
            return self.origin;
        };
        if *verbatim {
            (source.start + (offset - start)).min(source.end)
        } else if offset == *start || !is_end {
            source.start
        } else {
            source.end
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    /// compose-go's line counter, including where it drifts from the real line.
    line: usize,
    lookup: &'a dyn Fn(&str) -> Option<String>,
    /// The values read so far, which interpolation falls back to.
    values: BTreeMap<String, String>,
    entries: Vec<Entry>,
}

/// Where a statement's key is.
#[derive(Debug)]
struct Key {
    range: Range<usize>,
    /// A key alone on its line: no value follows.
    bare: bool,
    /// Where the value starts (after the separator and the spaces after it).
    value_start: usize,
}

impl Parser<'_> {
    fn parse(&mut self) -> Result<(), DotenvError> {
        let mut position = if self.text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        while let Some(statement) = self.statement_start(position) {
            let key = self.key(statement)?;
            let name = &self.text[key.range.clone()];
            if name.contains(' ') {
                return Err(DotenvError {
                    line: self.line,
                    range: key.range,
                    kind: DotenvErrorKind::KeyContainsSpace,
                });
            }
            if key.bare {
                let value = (self.lookup)(name);
                if let Some(value) = &value {
                    self.values.insert(name.to_owned(), value.clone());
                }
                self.entries.push(Entry {
                    key: name.to_owned(),
                    value,
                    value_range: key.range.end..key.range.end,
                    key_range: key.range,
                    references: Vec::new(),
                });
                position = key.value_start;
                continue;
            }
            let value = self.value(key.value_start)?;
            self.values.insert(name.to_owned(), value.text.clone());
            self.entries.push(Entry {
                key: name.to_owned(),
                value: Some(value.text),
                key_range: key.range,
                value_range: value.range,
                references: value.references,
            });
            position = value.next;
        }
        Ok(())
    }

    /// The start of the next statement at or after `position`, past whitespace and comment
    /// lines (`getStatementStart`); `None` at the end of the text.
    fn statement_start(&mut self, mut position: usize) -> Option<usize> {
        loop {
            let rest = &self.text[position..];
            let mut found = None;
            for (offset, ch) in rest.char_indices() {
                if ch == '\n' {
                    self.line += 1;
                }
                if !ch.is_whitespace() {
                    found = Some(offset);
                    break;
                }
            }
            position += found?;
            if !self.text[position..].starts_with('#') {
                return Some(position);
            }
            // The comment's line break is counted as the next round's whitespace.
            position += self.text[position..].find('\n')?;
        }
    }

    /// The key of the statement at `statement` (`locateKeyName`).
    fn key(&mut self, statement: usize) -> Result<Key, DotenvError> {
        let text = self.text;
        let mut start = statement;
        // compose-go's `^export\s+` (where `\s` is `[\t\n\f\r ]`) decides, then only spaces
        // within the line are dropped.
        let after_export = statement + "export".len();
        if text[statement..].starts_with("export")
            && matches!(
                text.as_bytes().get(after_export),
                Some(b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
            )
        {
            start = skip_inline_spaces(text, after_export);
        }
        let source = &text[start..];
        if source.is_empty() {
            return Err(DotenvError {
                line: self.line,
                range: statement..start,
                kind: DotenvErrorKind::ExportWithoutKey,
            });
        }
        // Without a separator before the end of the text, the key is empty and all of it is
        // the value.
        let mut key_end = start;
        let mut separator_end = start;
        let mut bare = false;
        for (offset, ch) in source.char_indices() {
            match ch {
                _ if is_inline_space(ch) => {}
                '=' | ':' | '\n' => {
                    key_end = start + offset;
                    separator_end = key_end + 1;
                    bare = ch == '\n';
                    break;
                }
                '_' | '.' | '-' | '[' | ']' => {}
                _ if super::go_text::is_letter_or_number(ch) => {}
                _ => {
                    let statement_text = source.split('\n').next().unwrap_or_default();
                    return Err(DotenvError {
                        line: self.line,
                        range: start + offset..start + offset + ch.len_utf8(),
                        kind: DotenvErrorKind::UnexpectedCharacter {
                            character: ch,
                            statement: statement_text.to_owned(),
                        },
                    });
                }
            }
        }
        let untrimmed = &text[start..key_end];
        // compose-go counts the bare key's line break only when the untrimmed key has no
        // space, so a bare `KEY ` leaves its counter one line behind.
        if bare && !untrimmed.contains(' ') {
            self.line += 1;
        }
        let key = untrimmed.trim_end();
        Ok(Key {
            range: start..start + key.len(),
            bare,
            value_start: skip_inline_spaces(text, separator_end),
        })
    }

    /// The value starting at `start` (`extractVarValue`).
    fn value(&mut self, start: usize) -> Result<Value, DotenvError> {
        let text = self.text;
        let value_line = self.line;
        let quote = match text.as_bytes().get(start) {
            Some(&quote @ (b'"' | b'\'')) => quote,
            _ => {
                let (line, next) = match text[start..].find('\n') {
                    Some(offset) => (&text[start..start + offset], start + offset + 1),
                    None => (&text[start..], text.len()),
                };
                self.line += 1;
                let written = line.split(" #").next().unwrap_or_default().trim_end();
                let range = start..start + written.len();
                let mut unescaped = Unescaped::new(start);
                unescaped.push_verbatim(text, range.clone());
                let (text, references) = self.expand(&unescaped, value_line)?;
                return Ok(Value {
                    text,
                    range,
                    references,
                    next,
                });
            }
        };
        let Some((unescaped, close)) = self.unquote(start, quote) else {
            let line_end = text[start..]
                .find('\n')
                .map_or(text.len(), |offset| start + offset);
            return Err(DotenvError {
                line: self.line,
                range: start..line_end,
                kind: DotenvErrorKind::UnterminatedQuote {
                    value: text[start..line_end].to_owned(),
                },
            });
        };
        let (text, references) = if quote == b'"' {
            self.expand(&unescaped, value_line)?
        } else {
            (unescaped.value, Vec::new())
        };
        Ok(Value {
            text,
            range: start..close + 1,
            references,
            next: close + 1,
        })
    }

    /// The quoted value whose opening quote is at `start`, and where its closing quote is;
    /// `None` when it has none. compose-go keeps a backslash and the character after it, but
    /// for the quote itself; in double quotes it then replaces the escapes it knows, and
    /// `\$` with `$$` so that interpolation makes it a `$`.
    fn unquote(&mut self, start: usize, quote: u8) -> Option<(Unescaped, usize)> {
        let text = self.text;
        let bytes = text.as_bytes();
        let double = quote == b'"';
        let mut unescaped = Unescaped::new(start + 1);
        let mut index = start + 1;
        let close = loop {
            let &byte = bytes.get(index)?;
            if byte == quote {
                break index;
            }
            if byte != b'\\' {
                let ch = text[index..].chars().next()?;
                if ch == '\n' {
                    self.line += 1;
                }
                let end = index + ch.len_utf8();
                unescaped.push_verbatim(text, index..end);
                index = end;
                continue;
            }
            let next = text[index + 1..].chars().next()?;
            if next == '\n' {
                self.line += 1;
            }
            let escape_end = index + 1 + next.len_utf8();
            let produced: String = match next {
                _ if next == char::from(quote) => next.to_string(),
                'a' if double => '\u{07}'.to_string(),
                'b' if double => '\u{08}'.to_string(),
                'f' if double => '\u{0C}'.to_string(),
                'n' if double => '\n'.to_string(),
                'r' if double => '\r'.to_string(),
                't' if double => '\t'.to_string(),
                'v' if double => '\u{0B}'.to_string(),
                '\\' if double => '\\'.to_string(),
                '$' if double => "$$".to_owned(),
                '0' if double => {
                    let digits = bytes[escape_end..]
                        .iter()
                        .take(3)
                        .take_while(|byte| byte.is_ascii_digit())
                        .count();
                    let octal = &text[escape_end..escape_end + digits];
                    unescaped.push_escape(&octal_escape(octal), index..escape_end + digits);
                    index = escape_end + digits;
                    continue;
                }
                // Kept as written: `\c`, and every escape in single quotes.
                _ => format!("\\{next}"),
            };
            unescaped.push_escape(&produced, index..escape_end);
            index = escape_end;
        };
        Some((unescaped, close))
    }

    /// Interpolates a value as compose-go's `expandVariables` does: the lookup first, then the
    /// values read before.
    fn expand(
        &self,
        unescaped: &Unescaped,
        value_line: usize,
    ) -> Result<(String, Vec<VariableReference>), DotenvError> {
        let lookup = |name: &str| (self.lookup)(name).or_else(|| self.values.get(name).cloned());
        match interpolation::interpolate_with(&unescaped.value, &lookup) {
            Ok(interpolated) => {
                let references = interpolated
                    .references
                    .into_iter()
                    .map(|reference| VariableReference {
                        range: unescaped.source_of(reference.range.clone()),
                        ..reference
                    })
                    .collect();
                Ok((interpolated.value, references))
            }
            Err(error) => {
                let kind = match &error {
                    InterpolationError::InvalidFormat { quoted, .. } => {
                        DotenvErrorKind::InvalidTemplate {
                            template: unescaped.value[quoted.clone()].to_owned(),
                        }
                    }
                    InterpolationError::Required { name, message, .. } => {
                        DotenvErrorKind::RequiredVariable {
                            name: name.clone(),
                            message: message.clone(),
                        }
                    }
                    InterpolationError::TooDeeplyNested { .. } => DotenvErrorKind::TooDeeplyNested,
                };
                Err(DotenvError {
                    line: value_line,
                    range: unescaped.source_of(error.range()),
                    kind,
                })
            }
        }
    }
}

/// What `\0` and up to three digits after it become: Go's `strconv.UnquoteChar` of `\` and
/// the digits, a character when they are three octal digits up to 255, else (its error) the
/// backslash and the digits, the `0` gone.
fn octal_escape(digits: &str) -> String {
    let value = (digits.len() == 3)
        .then(|| u32::from_str_radix(digits, 8).ok())
        .flatten()
        .filter(|&value| value <= 0xFF)
        .and_then(char::from_u32);
    match value {
        Some(ch) => ch.to_string(),
        None => format!("\\{digits}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup_in(
        pairs: &'static [(&'static str, &'static str)],
    ) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    fn entries_with(
        text: &str,
        pairs: &'static [(&'static str, &'static str)],
    ) -> Vec<(String, Option<String>)> {
        match parse(text, &lookup_in(pairs)) {
            Ok(entries) => entries
                .into_iter()
                .map(|entry| (entry.key, entry.value))
                .collect(),
            Err(error) => panic!("{text:?}: {}", error.message()),
        }
    }

    /// The entries of `text` with nothing in the lookup, as `(key, value)`.
    fn entries(text: &str) -> Vec<(String, Option<String>)> {
        entries_with(text, &[])
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
        expected
            .iter()
            .map(|&(key, value)| (key.to_owned(), Some(value.to_owned())))
            .collect()
    }

    fn error(text: &str) -> String {
        match parse(text, &lookup_in(&[])) {
            Ok(entries) => panic!("{text:?} gave {entries:?}"),
            Err(error) => error.message(),
        }
    }

    #[test]
    fn research_case_dotenv_basic() {
        let text = "# comment\nexport TAG=1.27\nQUOTED=\"a\\tb ${TAG}\"\nSINGLE='raw ${TAG}'\nCOMMENTED=value # trailing\nREF=${TAG}-x\nOVER=from-dotenv\n";
        // The process environment wins over the file when docker compose merges them, not here.
        assert_eq!(
            entries_with(text, &[("OVER", "from-os")]),
            pairs(&[
                ("TAG", "1.27"),
                ("QUOTED", "a\tb 1.27"),
                ("SINGLE", "raw ${TAG}"),
                ("COMMENTED", "value"),
                ("REF", "1.27-x"),
                ("OVER", "from-dotenv"),
            ])
        );
    }

    #[test]
    fn statements_separators_and_comments() {
        // Observed: BOM, `export`, CRLF, `:`, comments only after a space, trailing spaces.
        assert_eq!(
            entries("\u{feff}export A=1\r\nB: 2 # c\nC=3# c\nD=4\t# c\nE=  \"q\" # c\nF=\nG= \n"),
            pairs(&[
                ("A", "1"),
                ("B", "2"),
                ("C", "3# c"),
                ("D", "4\t# c"),
                ("E", "q"),
                ("F", ""),
                ("G", ""),
            ])
        );
        // Observed: a value may start with `#`; the first ` #` ends it.
        assert_eq!(
            entries("A= # comment\nB=x #y # z\n"),
            pairs(&[("A", "# comment"), ("B", "x")])
        );
        // Observed: the separator is the first `=` or `:`, spaces around the key go.
        assert_eq!(
            entries("A:=1\nB :2\n C = 3 \n"),
            pairs(&[("A", "=1"), ("B", "2"), ("C", "3")])
        );
        // Observed: no-break spaces are spaces.
        assert_eq!(
            entries("\u{a0}A=1\nB=\u{a0}x\u{a0}\n"),
            pairs(&[("A", "1"), ("B", "x")])
        );
        assert_eq!(
            entries("export=1\nexportB=2\n"),
            pairs(&[("export", "1"), ("exportB", "2")])
        );
        assert_eq!(entries("A=1"), pairs(&[("A", "1")]));
        assert_eq!(entries(""), pairs(&[]));
        assert_eq!(entries("\n \n# only a comment"), pairs(&[]));
    }

    #[test]
    fn keys_take_go_letters_and_digits() {
        // Observed: Unicode letters, `.`, `-`, `[`, `]`; keys with a digit first are kept.
        assert_eq!(
            entries("ÄÖ=1\nx.y-z[0]=2\n1A=x\n"),
            pairs(&[("ÄÖ", "1"), ("x.y-z[0]", "2"), ("1A", "x")])
        );
        // Observed: a tab inside a key is no space for compose-go.
        assert_eq!(entries("FOO\tBAR=x\n"), pairs(&[("FOO\tBAR", "x")]));
    }

    #[test]
    fn bare_keys_come_from_the_lookup() {
        assert_eq!(
            entries_with("A=1\nFOO\nBAR\n", &[("FOO", "os")]),
            [
                ("A".to_owned(), Some("1".to_owned())),
                ("FOO".to_owned(), Some("os".to_owned())),
                ("BAR".to_owned(), None),
            ]
        );
        // A bare key does not look at the file's own earlier keys.
        assert_eq!(entries("A=1\nA\n")[1], ("A".to_owned(), None));
    }

    #[test]
    fn cursor_quirks_of_compose_go() {
        // Observed: a last line without separator or line break is the empty key's value.
        assert_eq!(entries("A=1\nFOO"), pairs(&[("A", "1"), ("", "FOO")]));
        assert_eq!(entries("FOO BAR"), pairs(&[("", "FOO BAR")]));
        // Observed: an empty key.
        assert_eq!(entries("=foo\n"), pairs(&[("", "foo")]));
        // Observed: text after a closing quote is the next statement.
        assert_eq!(
            entries("A=\"x\" B=1\nC=\"a\" junk=2\n"),
            pairs(&[("A", "x"), ("B", "1"), ("C", "a"), ("junk", "2")])
        );
        assert_eq!(
            entries_with("A=\"x\"junk\n", &[("junk", "J")]),
            pairs(&[("A", "x"), ("junk", "J")])
        );
        // Observed: `export` and a line break: an empty bare key, then the next line.
        assert_eq!(
            entries("export\nFOO=1\n"),
            [
                ("".to_owned(), None),
                ("FOO".to_owned(), Some("1".to_owned()))
            ]
        );
        // Observed: `'it''s'` is `'it'` and then a statement starting with a quote.
        assert_eq!(
            error("A='it''s'\n"),
            r#"line 1: unexpected character "'" in variable name "'s'""#
        );
    }

    #[test]
    fn double_quotes_know_go_escapes() {
        // Observed, escape by escape: `\c` stays, `\0` loses its `0` unless three octal
        // digits up to 0377 follow, and the octal value is a character, not a byte.
        let text = r#"A="\a\b\f\n\r\t\v\"\\\$x\c\0\01\012\0123\01234\0777\0129\0302\0251""#;
        assert_eq!(
            entries(text),
            pairs(&[(
                "A",
                "\u{7}\u{8}\u{c}\n\r\t\u{b}\"\\$x\\c\\\\1\\12SS4\\777\\129Â©"
            )])
        );
        // Observed: `\0044` is a `$`, which then starts an expression.
        assert_eq!(
            entries_with("A=\"\\0044{B}\"\n", &[("B", "b")]),
            pairs(&[("A", "b")])
        );
        assert_eq!(
            entries("A=\"\\'\"\nB=\"\\\\\"\n"),
            pairs(&[("A", "\\'"), ("B", "\\")])
        );
        // Double-quoted values span lines.
        assert_eq!(
            entries("A=\"l1\nl2\"\nB=$A\n"),
            pairs(&[("A", "l1\nl2"), ("B", "l1\nl2")])
        );
    }

    #[test]
    fn single_quotes_are_literal() {
        // Observed: only `\'` is an escape; nothing is interpolated.
        assert_eq!(
            entries("A='x\\'y\\n\\\\ ${B}'\nB=2\n"),
            pairs(&[("A", "x'y\\n\\\\ ${B}"), ("B", "2")])
        );
        assert_eq!(entries("A='a\\\\'\n"), pairs(&[("A", "a\\\\")]));
        assert_eq!(entries("A='l1\nl2'\n"), pairs(&[("A", "l1\nl2")]));
    }

    #[test]
    fn unquoted_values_are_interpolated_without_escapes() {
        // Observed: `\$` has no meaning outside double quotes.
        let entries_and_warnings = parse("C=\\$D\n", &lookup_in(&[])).unwrap();
        assert_eq!(entries_and_warnings[0].value.as_deref(), Some("\\"));
        assert!(entries_and_warnings[0].references[0].is_unset_without_default());
        // Observed: the lookup first, then the keys before.
        assert_eq!(
            entries_with("A=1 #c\nB=${A}${C:-d}\n", &[("A", "os")]),
            pairs(&[("A", "1"), ("B", "osd")])
        );
        assert_eq!(
            entries("A=1\nB=${A}$$\n"),
            pairs(&[("A", "1"), ("B", "1$")])
        );
    }

    #[test]
    fn references_point_into_the_text() {
        let text = "é=${NOPE}\nB=\"\\t${X:-\\t}\"\nC=\"\\0044{B}\"\n";
        let entries = parse(text, &lookup_in(&[])).unwrap();
        let places: Vec<(&str, &str)> = entries
            .iter()
            .flat_map(|entry| &entry.references)
            .map(|reference| (reference.name.as_str(), &text[reference.range.clone()]))
            .collect();
        assert_eq!(
            places,
            [("NOPE", "${NOPE}"), ("X", "${X:-\\t}"), ("B", "\\0044{B}")]
        );
        // Observed: docker compose warns about an unset variable in a `.env` value too.
        assert!(entries[0].references[0].is_unset_without_default());
        let ranges: Vec<(&str, &str)> = entries
            .iter()
            .map(|entry| {
                (
                    &text[entry.key_range.clone()],
                    &text[entry.value_range.clone()],
                )
            })
            .collect();
        assert_eq!(
            ranges,
            [
                ("é", "${NOPE}"),
                ("B", "\"\\t${X:-\\t}\""),
                ("C", "\"\\0044{B}\"")
            ]
        );
        let bare = parse("  KEY  \n", &lookup_in(&[])).unwrap();
        assert_eq!(
            (bare[0].key_range.clone(), bare[0].value_range.clone()),
            (2..5, 5..5)
        );
    }

    #[test]
    fn key_errors_name_compose_go_line() {
        // Observed messages.
        assert_eq!(error("A B=1\n"), "line 1: key cannot contain a space");
        assert_eq!(
            error("# c\n\n  \nA=1\nB C\n"),
            "line 5: key cannot contain a space"
        );
        assert_eq!(
            error("A%B=1\n"),
            r#"line 1: unexpected character "%" in variable name "A%B=1""#
        );
        assert_eq!(
            error("e\u{301}=1\n"),
            "line 1: unexpected character \"\u{301}\" in variable name \"e\u{301}=1\""
        );
        assert_eq!(
            error("AⒶ=1\n"),
            r#"line 1: unexpected character "Ⓐ" in variable name "AⒶ=1""#
        );
        assert_eq!(
            error("A\u{93e}=1\n"),
            "line 1: unexpected character \"\u{93e}\" in variable name \"A\u{93e}=1\""
        );
        assert_eq!(
            error("A\u{200b}B=1\n"),
            r#"line 1: unexpected character "\u200b" in variable name "A\u200bB=1""#
        );
        assert_eq!(
            error("A\u{1}B=1\n"),
            r#"line 1: unexpected character "\x01" in variable name "A\x01B=1""#
        );
        // Observed: a bare key with a trailing space leaves compose-go's count one behind.
        assert_eq!(error("FOO \nA B=1\n"), "line 1: key cannot contain a space");
        let Err(error) = parse("ok=1\nA%B=1\n", &lookup_in(&[])) else {
            panic!("expected an error");
        };
        assert_eq!((error.line, error.range), (2, 6..7));
    }

    #[test]
    fn unterminated_quotes_are_reported_on_the_last_line() {
        // Observed.
        assert_eq!(
            error("A=\"abc\nB=1\n"),
            "line 3: unterminated quoted value \"abc"
        );
        assert_eq!(
            error("A='abc\nB=1\n\n"),
            "line 4: unterminated quoted value 'abc"
        );
        assert_eq!(
            error("A=\"x\\\"\n"),
            "line 2: unterminated quoted value \"x\\\""
        );
        assert_eq!(error("A=\"x\\"), "line 1: unterminated quoted value \"x\\");
        let Err(error) = parse("A=1\nB=\"é\nmore", &lookup_in(&[])) else {
            panic!("expected an error");
        };
        assert_eq!(error.range, 6..9);
    }

    #[test]
    fn export_without_key_at_the_end() {
        // Observed.
        assert_eq!(error("A=1\nexport "), "zero length string");
        assert_eq!(error("export \t"), "zero length string");
    }

    #[test]
    fn interpolation_errors_use_template_texts() {
        // Observed, for the `.env` and for an `env_file:`.
        assert_eq!(error("A=${:-}\n"), r#"Invalid template: "${:-}""#);
        assert_eq!(
            error("1A=x\nB=${1A:-q}\n"),
            r#"Invalid template: "${1A:-q}""#
        );
        assert_eq!(
            error("A=\"${X:-a\nb}\"\n"),
            r#"Invalid template: "${X:-a\nb}""#
        );
        // Observed: escapes come first, so a `\n` escape breaks the operand's line too.
        assert_eq!(
            error("B=\"${X:-\\n}\"\n"),
            r#"Invalid template: "${X:-\n}""#
        );
        assert_eq!(
            error("A=\"${X:?need \\\"it\\\"}\"\n"),
            r#"required variable X is missing a value: need "it""#
        );
        assert_eq!(error("A=${X?}\n"), "required variable X is missing a value");
        let text = "A=1\nB=\"\\t${\"\n";
        let Err(error) = parse(text, &lookup_in(&[])) else {
            panic!("expected an error");
        };
        assert_eq!((error.line, &text[error.range.clone()]), (2, "${"));
        assert_eq!(error.message(), "Invalid template: \"\\t${\"");
    }

    #[test]
    fn messages_in_files() {
        // Observed: `.env`, `--env-file` and `env_file:` all say `failed to read`.
        let Err(error) = parse("A B=1\n", &lookup_in(&[])) else {
            panic!("expected an error");
        };
        assert_eq!(
            error.in_file("/p/.env"),
            "failed to read /p/.env: line 1: key cannot contain a space"
        );
        let Err(error) = parse_raw("A B=1\n", &lookup_in(&[])) else {
            panic!("expected an error");
        };
        assert_eq!(
            error.in_file("/p/raw.env"),
            "failed to parse env_file /p/raw.env: variable 'A B' contains whitespaces"
        );
        assert_eq!(
            unsupported_format_message("xyz"),
            r#"unsupported env_file format "xyz""#
        );
    }

    fn raw_entries(
        text: &str,
        pairs: &'static [(&'static str, &'static str)],
    ) -> Vec<(String, Option<String>)> {
        match parse_raw(text, &lookup_in(pairs)) {
            Ok(entries) => entries
                .into_iter()
                .map(|entry| (entry.key, entry.value))
                .collect(),
            Err(error) => panic!("{text:?}: {}", error.message()),
        }
    }

    fn raw_error(text: &str) -> String {
        match parse_raw(text, &lookup_in(&[])) {
            Ok(entries) => panic!("{text:?} gave {entries:?}"),
            Err(error) => error.message(),
        }
    }

    #[test]
    fn raw_format_keeps_values_as_written() {
        // Observed.
        assert_eq!(
            raw_entries(
                "\u{feff}  A=1 \r\n#c\n\n B=x y  \nC\nD\n  # x\nE=\"q\" # no comment ${X}\nA=2=3",
                &[("C", "c")]
            ),
            [
                ("A".to_owned(), Some("1 ".to_owned())),
                ("B".to_owned(), Some("x y  ".to_owned())),
                ("C".to_owned(), Some("c".to_owned())),
                ("D".to_owned(), None),
                ("E".to_owned(), Some("\"q\" # no comment ${X}".to_owned())),
                ("A".to_owned(), Some("2=3".to_owned())),
            ]
        );
        // Observed: a byte order mark is dropped on the first line only, and a vertical tab is
        // no whitespace for the key check.
        assert_eq!(
            raw_entries("A=1\n\u{feff}B=2\nC\u{b}=3\r", &[]),
            pairs(&[("A", "1"), ("\u{feff}B", "2"), ("C\u{b}", "3")])
        );
        let text = "é=1\n  F=x\r\n";
        let entries = parse_raw(text, &lookup_in(&[])).unwrap();
        assert_eq!(&text[entries[1].key_range.clone()], "F");
        assert_eq!(&text[entries[1].value_range.clone()], "x");
    }

    #[test]
    fn raw_format_errors() {
        // Observed.
        assert_eq!(raw_error("=x\n"), "no variable name on line '=x'");
        assert_eq!(raw_error("A B=1\n"), "variable 'A B' contains whitespaces");
        assert_eq!(raw_error("A\t=1\n"), "variable 'A\t' contains whitespaces");
        assert_eq!(raw_error("A \n"), "variable 'A ' contains whitespaces");
        assert_eq!(
            raw_error("  A = 1 \r\n"),
            "variable 'A ' contains whitespaces"
        );
        // Observed: 65535 bytes and a line break fit Go's scanner, 65536 do not.
        let fits = format!("A={}\n", "x".repeat(65_533));
        assert_eq!(
            parse_raw(&fits, &lookup_in(&[])).map(|entries| entries.len()),
            Ok(1)
        );
        let too_long = format!("A={}\n", "x".repeat(65_534));
        assert_eq!(raw_error(&too_long), "bufio.Scanner: token too long");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_ranges_lie_inside(
            text in "([A-Ca-c0-9_ \\t\\n\\r#=:\"'\\\\${}.\\-%é\u{a0}\u{feff}]|export |\\$\\{|\\\\0[0-7]{0,3}){0,40}",
        ) {
            let lookup = |name: &str| (name == "A").then(|| "a".to_owned());
            for result in [parse(&text, &lookup), parse_raw(&text, &lookup)] {
                let check = |range: &Range<usize>| {
                    proptest::prop_assert!(range.start <= range.end);
                    proptest::prop_assert!(text.get(range.clone()).is_some(), "{range:?}");
                    Ok(())
                };
                match result {
                    Ok(entries) => {
                        for entry in &entries {
                            check(&entry.key_range)?;
                            check(&entry.value_range)?;
                            for reference in &entry.references {
                                check(&reference.range)?;
                            }
                        }
                    }
                    Err(error) => {
                        check(&error.range)?;
                        proptest::prop_assert!(error.line >= 1);
                        let _ = error.in_file("/p/.env");
                    }
                }
            }
        }
    }
}
