//! A logical line: the text BuildKit hands to an instruction's parser after joining
//! continuation lines, with a map back to byte offsets in the file.

use crate::source::Span;

/// Joined text plus, for each joined piece, where it came from in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogicalLine {
    text: String,
    /// `(offset in text, offset in file)` at the start of each piece, ascending.
    pieces: Vec<(usize, usize)>,
}

impl LogicalLine {
    /// Appends `piece`, which starts at byte `file_offset` of the file.
    pub fn push(&mut self, piece: &str, file_offset: usize) {
        if piece.is_empty() {
            return;
        }
        self.pieces.push((self.text.len(), file_offset));
        self.text.push_str(piece);
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The file offset of byte `offset` of the joined text. The end of the text maps to just
    /// after its last byte.
    pub fn file_offset(&self, offset: usize) -> usize {
        let index = self
            .pieces
            .partition_point(|&(text_start, _)| text_start <= offset);
        match index.checked_sub(1) {
            Some(piece) => {
                let (text_start, file_start) = self.pieces[piece];
                file_start + (offset - text_start)
            }
            None => self.pieces.first().map_or(0, |&(_, file_start)| file_start),
        }
    }

    /// The file span of `start..end` in the joined text. A range that ends exactly where a
    /// piece ends stays in that piece rather than jumping to the next line.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let file_start = self.file_offset(start);
        let file_end = if end > start {
            self.file_offset(end - 1) + 1
        } else {
            file_start
        };
        Span::new(file_start, file_end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_joined_offsets_back_to_the_file() {
        // File: "RUN a \\\n  b\n" -> pieces "RUN a " at 0 and "  b" at 8.
        let mut line = LogicalLine::default();
        line.push("RUN a ", 0);
        line.push("  b", 8);
        assert_eq!(line.text(), "RUN a   b");
        assert_eq!(line.span(0, 3), Span::new(0, 3));
        // "a   b" spans both physical lines.
        assert_eq!(line.span(4, 9), Span::new(4, 11));
        assert_eq!(line.span(9, 9), Span::new(11, 11));
    }
}
