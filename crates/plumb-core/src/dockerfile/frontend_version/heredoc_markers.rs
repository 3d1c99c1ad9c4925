//! Where each heredoc's `<<NAME` is written in an instruction's words.

use crate::dockerfile::instruction::Word;
use crate::source::Span;

/// Where a heredoc's `<<NAME` is written.
#[derive(Debug, Clone, Copy)]
pub(super) struct Marker {
    pub(super) span: Span,
    /// Whitespace between `<<` (or `<<-`) and the delimiter.
    pub(super) spaced: bool,
}

/// Finds heredoc markers in argument words, in order.
#[derive(Debug, Default)]
pub(super) struct MarkerSearch {
    word: usize,
    offset: usize,
}

impl MarkerSearch {
    pub(super) fn next(&mut self, words: &[&Word], name: &str) -> Option<Marker> {
        while let Some(word) = words.get(self.word) {
            let text = word.value.as_str();
            while let Some(found) = text.get(self.offset..).and_then(|rest| rest.find("<<")) {
                let at = self.offset + found;
                self.offset = at + 2;
                let after_arrows = &text[at + 2..];
                let after_dash = after_arrows.strip_prefix('-').unwrap_or(after_arrows);
                let after_space = after_dash.trim_start_matches([' ', '\t']);
                let spaced = after_space.len() < after_dash.len();
                let after_quotes = after_space.trim_start_matches(['\'', '"']);
                if after_quotes.starts_with(name) {
                    let end = text.len() - after_quotes.len() + name.len();
                    self.offset = end;
                    let span = if at == 0 || word.span.len() == text.len() {
                        let start = word.span.start + at;
                        Span::new(start, (word.span.start + end).min(word.span.end).max(start))
                    } else {
                        word.span
                    };
                    return Some(Marker { span, spaced });
                }
                // `<<` ended the word: the delimiter is the next word (`COPY << EOF /dest`).
                if after_space.is_empty()
                    && let Some(next) = words.get(self.word + 1)
                    && next.value.trim_start_matches(['\'', '"']).starts_with(name)
                {
                    let start = if word.span.len() == text.len() {
                        word.span.start + at
                    } else {
                        word.span.start
                    };
                    self.word += 1;
                    self.offset = next.value.len();
                    return Some(Marker {
                        span: Span::new(start, next.span.end),
                        spaced: true,
                    });
                }
            }
            self.word += 1;
            self.offset = 0;
        }
        None
    }
}
