//! Source files and positions.
//!
//! Everything inside the core speaks byte offsets ([`Span`]) into one [`SourceFile`]. Humans
//! want 1-based lines and columns, the browser editor wants UTF-16 columns: both are computed
//! here, at the boundary, from one line index per file.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A half-open byte range `start..end` into one source file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// An empty span at `offset`, for things that are missing at a point.
    pub const fn point(offset: usize) -> Self {
        Self::new(offset, offset)
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    pub fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// A 1-based line and column. `column` counts Unicode scalar values; `utf16_column` counts
/// UTF-16 code units (what JavaScript editors index by). Both are 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub utf16_column: usize,
}

/// One input file: its path as given, its text, and where its lines start.
#[derive(Debug, Clone)]
pub struct SourceFile {
    path: String,
    text: String,
    line_starts: Vec<usize>,
    /// The lines with non-ASCII text, by index, each with [`Checkpoint`]s; on the other
    /// lines a column is a byte count.
    wide_lines: Vec<(usize, Vec<Checkpoint>)>,
}

/// A character boundary of a non-ASCII line with the columns before it, so that a position
/// counts characters from the checkpoint before it rather than from the line start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Checkpoint {
    offset: usize,
    chars: usize,
    utf16: usize,
}

/// Bytes between checkpoints (at least).
const CHECKPOINT_STRIDE: usize = 64;

/// The checkpoints of a non-ASCII line starting at `start`: its start, then one every
/// [`CHECKPOINT_STRIDE`] bytes or so.
fn checkpoints(line: &str, start: usize) -> Vec<Checkpoint> {
    let mut found = vec![Checkpoint {
        offset: start,
        chars: 0,
        utf16: 0,
    }];
    let (mut chars, mut utf16, mut last) = (0, 0, 0);
    for (index, ch) in line.char_indices() {
        if index - last >= CHECKPOINT_STRIDE {
            found.push(Checkpoint {
                offset: start + index,
                chars,
                utf16,
            });
            last = index;
        }
        chars += 1;
        utf16 += ch.len_utf16();
    }
    found
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(index, _)| index + 1))
            .collect();
        let mut wide_lines = Vec::new();
        if !text.is_ascii() {
            for (line, &start) in line_starts.iter().enumerate() {
                let end = line_starts.get(line + 1).copied().unwrap_or(text.len());
                let content = &text[start..end];
                if !content.is_ascii() {
                    wide_lines.push((line, checkpoints(content, start)));
                }
            }
        }
        Self {
            path: path.into(),
            text,
            line_starts,
            wide_lines,
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text under `span`. Spans always come from this file, so they are in bounds and on
    /// character boundaries; an out-of-range span yields an empty string rather than a panic.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// Number of lines; a trailing newline does not start a new (empty) line.
    pub fn line_count(&self) -> usize {
        let count = self.line_starts.len();
        if count > 1 && self.line_starts[count - 1] == self.text.len() {
            count - 1
        } else {
            count
        }
    }

    /// 0-based index of the line containing `offset` (offsets past the end map to the last line).
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// The byte span of 0-based line `line`, without its line terminator (`\n` or `\r\n`).
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_starts[line.min(self.line_starts.len() - 1)];
        let mut end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        Span::new(start, end.max(start))
    }

    /// The 1-based position of a byte offset. Offsets inside a multi-byte character count as
    /// that character.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.floor_char_boundary(offset);
        let line = self.line_index(offset);
        let Ok(wide) = self
            .wide_lines
            .binary_search_by_key(&line, |&(wide, _)| wide)
        else {
            // An ASCII line: one byte, one column.
            let column = offset - self.line_starts[line] + 1;
            return Position {
                line: line + 1,
                column,
                utf16_column: column,
            };
        };
        let checkpoints = &self.wide_lines[wide].1;
        let before = checkpoints.partition_point(|checkpoint| checkpoint.offset <= offset);
        let from = checkpoints[before.saturating_sub(1)];
        let prefix = &self.text[from.offset..offset];
        Position {
            line: line + 1,
            column: from.chars + prefix.chars().count() + 1,
            utf16_column: from.utf16 + prefix.encode_utf16().count() + 1,
        }
    }

    fn floor_char_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_utf16_units_after_non_ascii_text() {
        // "é" is 2 bytes/1 char/1 UTF-16 unit; "☕" is 3 bytes/1 char/1 unit; "𝄞" is 4 bytes/1 char/2 units.
        let file = SourceFile::new("Dockerfile", "# café ☕ 𝄞\nFROM x\n");
        let from = file.text().find("FROM").unwrap();
        assert_eq!(
            file.position(from),
            Position {
                line: 2,
                column: 1,
                utf16_column: 1
            }
        );
        let after_clef = file.text().find('\n').unwrap();
        assert_eq!(
            file.position(after_clef),
            Position {
                line: 1,
                column: 11,
                utf16_column: 12
            }
        );
        let coffee = file.text().find('☕').unwrap();
        assert_eq!(file.position(coffee).column, 8);
        // An offset inside the coffee cup's bytes is reported at the cup.
        assert_eq!(file.position(coffee + 1).column, 8);
    }

    #[test]
    fn positions_on_long_lines_count_every_character_before_them() {
        let long: String = (0..300)
            .map(|index| match index % 7 {
                0 => "é",
                1 => "𝄞x",
                2 => "☕",
                _ => "ab",
            })
            .collect();
        let text = format!("ascii line\n{long}\n\r\nplain {long} end\n𝄞\nlast");
        let file = SourceFile::new("f", text.as_str());
        for offset in 0..=text.len() + 2 {
            // Counting from the line start, as a position is defined.
            let at = {
                let mut at = offset.min(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            };
            let start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
            let prefix = &text[start..at];
            let expected = Position {
                line: text[..at].matches('\n').count() + 1,
                column: prefix.chars().count() + 1,
                utf16_column: prefix.encode_utf16().count() + 1,
            };
            assert_eq!(file.position(offset), expected, "offset {offset}");
        }
    }

    #[test]
    fn line_spans_exclude_crlf_and_trailing_newline_adds_no_line() {
        let file = SourceFile::new("f", "a\r\nbc\n");
        assert_eq!(file.line_count(), 2);
        assert_eq!(file.slice(file.line_span(0)), "a");
        assert_eq!(file.slice(file.line_span(1)), "bc");
        let unterminated = SourceFile::new("f", "a\nb");
        assert_eq!(unterminated.line_count(), 2);
        assert_eq!(unterminated.slice(unterminated.line_span(1)), "b");
    }

    #[test]
    fn empty_file_has_one_empty_line() {
        let file = SourceFile::new("f", "");
        assert_eq!(file.line_count(), 1);
        assert_eq!(
            file.position(0),
            Position {
                line: 1,
                column: 1,
                utf16_column: 1
            }
        );
        assert_eq!(file.slice(Span::new(3, 9)), "");
    }
}
