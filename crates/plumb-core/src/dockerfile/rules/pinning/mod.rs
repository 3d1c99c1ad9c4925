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
mod scope;
pub mod secrets_in_arg_or_env;
pub mod source_date_epoch;
mod sources;
pub mod syntax_not_pinned;
pub mod unpinned_build_arg;
pub mod use_add_to_extract;

use super::Check;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::check_context::Context;
use crate::dockerfile::heredoc::is_heredoc_word;
use crate::dockerfile::instruction::{Arguments, Flag, Instruction, Keyword, Word};
use crate::dockerfile::shell_lexer::Lexer;
use crate::rules::Rule;
use scope::Scope;

/// This topic's rules, in code order.
pub static RULES: &[&Rule] = &[
    &image_not_pinned::RULE,
    &syntax_not_pinned::RULE,
    &remote_add_without_checksum::RULE,
    &git_source_not_pinned::RULE,
    &unpinned_build_arg::RULE,
    &source_date_epoch::RULE,
    &non_numeric_user::RULE,
    &context_copy_without_dockerignore::RULE,
    &add_instead_of_copy::RULE,
    &use_add_to_extract::RULE,
    &secrets_in_arg_or_env::RULE,
    &last_user_root::RULE,
    &copy_entire_filesystem::RULE,
    &run_insecure::RULE,
    &run_network_host::RULE,
];

/// Their checks.
pub static CHECKS: &[Check] = &[
    image_not_pinned::check,
    syntax_not_pinned::check,
    remote_add_without_checksum::check,
    git_source_not_pinned::check,
    unpinned_build_arg::check,
    source_date_epoch::check,
    non_numeric_user::check,
    context_copy_without_dockerignore::check,
    add_instead_of_copy::check,
    use_add_to_extract::check,
    secrets_in_arg_or_env::check,
    last_user_root::check,
    copy_entire_filesystem::check,
    run_insecure::check,
    run_network_host::check,
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

/// The value of the last `--name` flag (BuildKit keeps the last of a repeated flag).
fn last_flag<'a>(instruction: &'a Instruction, name: &str) -> Option<&'a Flag> {
    instruction
        .flags
        .iter()
        .rev()
        .find(|flag| flag.name() == name)
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
        if let Some(flag) = last_flag(run, name).filter(|flag| flag.value() == Some(value)) {
            diagnostics.push(Diagnostic::new(rule, flag.span, message));
        }
    }
}

#[cfg(test)]
mod test_support {
    //! Running one rule over a text, and applying its fixes.

    use crate::diagnostic::Diagnostic;
    use crate::dockerfile;
    use crate::rules::Rule;
    use crate::source::SourceFile;

    /// The findings of `rule` in `text`.
    pub fn findings(rule: &Rule, text: &str, dockerignore: Option<&str>) -> Vec<Diagnostic> {
        let file = SourceFile::new("Dockerfile", text);
        let (_, diagnostics) = dockerfile::check(&file, dockerignore);
        diagnostics
            .into_iter()
            .filter(|diagnostic| diagnostic.code == rule.code)
            .collect()
    }

    /// The messages of `rule`'s findings in `text`.
    pub fn messages(rule: &Rule, text: &str) -> Vec<String> {
        findings(rule, text, None)
            .into_iter()
            .map(|diagnostic| diagnostic.message)
            .collect()
    }

    /// Applies the first fix of every finding of `rule` (edits must not overlap) and checks
    /// that the result parses without new syntax errors and no longer triggers the rule.
    pub fn fixed(rule: &Rule, text: &str) -> String {
        let mut edits: Vec<_> = findings(rule, text, None)
            .into_iter()
            .filter_map(|diagnostic| diagnostic.fixes.into_iter().next())
            .flat_map(|fix| fix.edits)
            .collect();
        assert!(!edits.is_empty(), "no fix offered for {text:?}");
        edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
        let mut result = text.to_owned();
        for edit in edits {
            result.replace_range(edit.span.range(), &edit.replacement);
        }
        let (_, before) = dockerfile::check(&SourceFile::new("Dockerfile", text), None);
        let (_, after) = dockerfile::check(&SourceFile::new("Dockerfile", &result), None);
        let syntax = |diagnostics: &[Diagnostic]| {
            diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.code.starts_with("DF0"))
                .count()
        };
        assert_eq!(
            syntax(&before),
            syntax(&after),
            "the fix broke the file:\n{result}"
        );
        assert!(
            findings(rule, &result, None).is_empty(),
            "the fixed file still triggers {}:\n{result}",
            rule.code
        );
        result
    }
}
