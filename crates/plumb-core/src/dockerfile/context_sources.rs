//! The sources COPY and ADD read from the build context (not `COPY --from`, URLs, Git
//! repositories or heredocs), after variable expansion and path cleaning, with where each is
//! written.

use super::check_context::Context;
use super::dockerignore::go_clean;
use super::heredoc::is_heredoc_word;
use super::instruction::Keyword;
use super::rules::structure::{expanded_sources, resolved};
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
        let Some(sources_written) = expanded_sources(resolved, instruction) else {
            continue;
        };
        for (value, word) in sources_written {
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
