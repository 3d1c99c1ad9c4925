//! The sources COPY and ADD read from the build context (not `COPY --from`, URLs, Git
//! repositories or heredocs), after variable expansion and path cleaning, with where each is
//! written.

use super::check_context::Context;
use super::dockerignore::go_clean;
use super::heredoc::is_heredoc_word;
use super::instruction::Keyword;
use super::rules::structure::{field_values, list_words, resolved};
use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextSource {
    /// `copy` or `add`, for messages.
    pub verb: &'static str,
    /// The cleaned path, as Go's `filepath.Clean` leaves it.
    pub path: String,
    /// The source word as written.
    pub span: Span,
}

pub fn context_sources(context: &Context<'_>) -> Vec<ContextSource> {
    let mut sources = Vec::new();
    for (stage, instruction) in context.instructions() {
        let verb = match instruction.kind {
            Some(Keyword::Add) => "add",
            Some(Keyword::Copy)
                if !instruction.flags.iter().any(|flag| {
                    flag.name() == "from" && flag.value().is_some_and(|from| !from.is_empty())
                }) =>
            {
                "copy"
            }
            _ => continue,
        };
        let Some(stage) = stage else { continue };
        let Some(resolved) = resolved(context, stage, instruction) else {
            continue;
        };
        let Some((_, written)) = list_words(instruction).split_last() else {
            continue;
        };
        let values = field_values(resolved, "source");
        if values.len() != written.len() {
            continue;
        }
        for (value, word) in values.iter().zip(written) {
            if is_heredoc_word(&word.value) || value.contains("://") || value.starts_with("git@") {
                continue;
            }
            sources.push(ContextSource {
                verb,
                path: go_clean(value),
                span: word.span,
            });
        }
    }
    sources
}
