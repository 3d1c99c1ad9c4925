//! Rules about what the build pulls in and how it is identified: base images, the frontend, remote sources, build arguments, secrets and users.

pub mod add_instead_of_copy;
pub mod context_copy_without_dockerignore;
pub mod copy_entire_filesystem;
pub mod git_source_not_pinned;
pub mod image_not_pinned;
pub mod last_user_root;
pub mod non_numeric_user;
pub mod remote_add_without_checksum;
pub mod run_insecure;
pub mod run_network_host;
pub mod secrets_in_arg_or_env;
pub mod source_date_epoch;
pub(crate) mod sources;
pub mod syntax_not_pinned;
pub mod unpinned_build_arg;
pub mod untrusted_registry;
pub mod use_add_to_extract;

use super::Registered;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::check_context::Context;
use crate::dockerfile::heredoc::is_heredoc_word;
use crate::dockerfile::instruction::{Arguments, Instruction, Keyword, Word};
use crate::dockerfile::scope::Scope;
use crate::dockerfile::shell_lexer::Lexer;
use crate::rules::Rule;

/// This topic's rules with their checks, in code order.
pub static RULES: &[Registered] = &[
    checked!(image_not_pinned),
    checked!(syntax_not_pinned),
    checked!(remote_add_without_checksum),
    checked!(git_source_not_pinned),
    checked!(unpinned_build_arg),
    checked!(source_date_epoch),
    checked!(non_numeric_user),
    checked!(context_copy_without_dockerignore),
    checked!(add_instead_of_copy),
    checked!(use_add_to_extract),
    checked!(secrets_in_arg_or_env),
    checked!(last_user_root),
    checked!(copy_entire_filesystem),
    checked!(run_insecure),
    checked!(run_network_host),
    checked!(untrusted_registry),
];

/// The source words and the destination word of COPY or ADD (heredoc sources included).
fn copy_words(instruction: &Instruction) -> Option<(&[Word], &Word)> {
    let (Arguments::Words(words) | Arguments::Exec(words)) = &instruction.arguments else {
        return None;
    };
    let (destination, sources) = words.split_last()?;
    Some((sources, destination))
}

/// The file sources of a COPY or ADD (heredocs left out), each with its value as BuildKit
/// expands it in `scope` (as written when the expansion fails, or without a scope).
fn expanded_sources<'i>(
    instruction: &'i Instruction,
    scope: Option<&Scope>,
    lexer: &Lexer,
) -> Vec<(&'i Word, String)> {
    let Some((sources, _)) = copy_words(instruction) else {
        return Vec::new();
    };
    sources
        .iter()
        .filter(|source| !is_heredoc_word(&source.value))
        .map(|source| {
            let value = scope
                .and_then(|scope| scope.expand(lexer, &source.value))
                .unwrap_or_else(|| source.value.clone());
            (source, value)
        })
        .collect()
}

/// Reports, at the flag, every RUN (ONBUILD triggers included) whose last `--name` flag is
/// `value`.
fn report_run_flag(
    context: &Context<'_>,
    diagnostics: &mut Vec<Diagnostic>,
    rule: &'static Rule,
    (name, value): (&str, &str),
    message: &str,
) {
    for instruction in &context.dockerfile.instructions {
        let run = match &instruction.arguments {
            Arguments::Trigger(trigger) => trigger,
            _ => instruction,
        };
        if run.kind != Some(Keyword::Run) {
            continue;
        }
        if let Some(flag) = run
            .last_flag(name)
            .filter(|flag| flag.value() == Some(value))
        {
            diagnostics.push(Diagnostic::new(rule, flag.span, message));
        }
    }
}
