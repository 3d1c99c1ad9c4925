//! The ARG and ENV names a stage has declared at each of its instructions, and the values a
//! build without `--build-arg` gives them: what a RUN sees in its environment and what a
//! COPY, ADD or USER expands. A stage built FROM an earlier stage starts with that stage's
//! declarations, as BuildKit copies them.

use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Arguments, Instruction, Keyword, Word};
use crate::dockerfile::persistent_map::PersistentMap;
use crate::dockerfile::resolve::{Source, automatic_arg};
use crate::dockerfile::shell_lexer::{Env, Lexer};
use crate::source::Span;
use std::cell::OnceCell;
use std::collections::BTreeMap;

/// One declared name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// The value without build arguments; `None` for an ARG with no default anywhere.
    pub value: Option<String>,
    /// Declared by ARG (rather than ENV).
    pub is_arg: bool,
    /// Where it was declared (the ARG word or the ENV key).
    pub span: Span,
}

/// The names in scope before an instruction. Copies share their entries, so every
/// instruction keeps its own at the cost of a reference count.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    names: PersistentMap<String, Declared>,
}

impl Scope {
    pub fn get(&self, name: &str) -> Option<&Declared> {
        self.names.get(name)
    }

    /// `word` expanded as BuildKit expands COPY, ADD or USER arguments; `None` when the
    /// expansion fails.
    pub fn expand(&self, lexer: &Lexer, word: &str) -> Option<String> {
        lexer.process_word(word, self).ok()
    }

    fn declare(&mut self, name: &str, declared: Declared) {
        self.names.insert(name.to_owned(), declared);
    }
}

/// Names with a value are what an expansion sees.
impl Env for Scope {
    fn get(&self, name: &str) -> Option<&str> {
        self.names.get(name)?.value.as_deref()
    }
}

/// A top-level instruction from the first FROM on, with its stage and the scope before it.
#[derive(Debug)]
pub struct ScopedInstruction<'a> {
    pub stage: usize,
    pub instruction: &'a Instruction,
    pub scope: Scope,
}

/// Calls `visit(stage, instruction, scope)` for every top-level instruction from the first
/// FROM on, with the scope before the instruction (see [`Context::scoped_instructions`]).
pub fn walk<'a>(context: &Context<'a>, mut visit: impl FnMut(usize, &'a Instruction, &Scope)) {
    for scoped in context.scoped_instructions() {
        visit(scoped.stage, scoped.instruction, &scoped.scope);
    }
}

/// Every top-level instruction from the first FROM on with the scope before it, in order.
pub fn scoped_instructions<'a>(context: &Context<'a>) -> Vec<ScopedInstruction<'a>> {
    let lexer = Lexer::new(context.dockerfile.escape);
    let globals = Globals::new(context);
    let stages = &context.resolution.stages;
    // Each finished stage's scope at its end: the start of the stages built on it.
    let mut finished: Vec<Scope> = Vec::new();
    let mut current: Option<(usize, Scope)> = None;
    let mut scoped = Vec::new();
    for (stage, instruction) in context.instructions() {
        let Some(stage) = stage else { continue };
        if current.as_ref().is_none_or(|(index, _)| *index != stage) {
            if let Some((_, scope)) = current.take() {
                finished.push(scope);
            }
            let scope = match stages.get(stage).map(|s| &s.source) {
                Some(Source::Stage(parent)) => finished.get(*parent).cloned().unwrap_or_default(),
                _ => Scope::default(),
            };
            current = Some((stage, scope));
        }
        let Some((_, scope)) = current.as_mut() else {
            continue;
        };
        scoped.push(ScopedInstruction {
            stage,
            instruction,
            scope: scope.clone(),
        });
        match (&instruction.kind, &instruction.arguments) {
            (Some(Keyword::Arg), Arguments::Words(words)) => {
                for word in words {
                    declare_arg(scope, &lexer, &globals, word);
                }
            }
            (Some(Keyword::Env), Arguments::KeyValues(pairs)) => {
                for pair in pairs {
                    let value = scope
                        .expand(&lexer, &pair.value.value)
                        .unwrap_or_else(|| pair.value.value.clone());
                    let key = scope
                        .expand(&lexer, &pair.key.value)
                        .unwrap_or_else(|| pair.key.value.clone());
                    scope.declare(
                        &key,
                        Declared {
                            value: Some(value),
                            is_arg: false,
                            span: pair.key.span,
                        },
                    );
                }
            }
            _ => {}
        }
    }
    scoped
}

fn declare_arg(scope: &mut Scope, lexer: &Lexer, globals: &Globals<'_, '_>, word: &Word) {
    let (name, default) = match word.value.split_once('=') {
        Some((name, default)) => (name, Some(default)),
        None => (word.value.as_str(), None),
    };
    let value = match default {
        Some(default) => Some(
            scope
                .expand(lexer, default)
                .unwrap_or_else(|| default.to_owned()),
        ),
        None => globals
            .value(name)
            .map(str::to_owned)
            .or_else(|| scope.get(name).and_then(|declared| declared.value.clone())),
    };
    scope.declare(
        name,
        Declared {
            value,
            is_arg: true,
            span: word.span,
        },
    );
}

/// The values global ARGs give a stage's `ARG name` without a default, looked up once the
/// first such ARG is met.
struct Globals<'c, 'a> {
    context: &'c Context<'a>,
    /// Each name's last global declaration with a value.
    last_values: OnceCell<BTreeMap<&'a str, &'a str>>,
}

impl<'c, 'a> Globals<'c, 'a> {
    fn new(context: &'c Context<'a>) -> Self {
        Self {
            context,
            last_values: OnceCell::new(),
        }
    }

    /// The last global declaration of `name` with a value, else the automatic ARG's.
    fn value(&self, name: &str) -> Option<&'a str> {
        let last_values = self.last_values.get_or_init(|| {
            let mut values = BTreeMap::new();
            for arg in &self.context.resolution.global_args {
                if let Some(value) = arg.value.as_deref() {
                    values.insert(arg.name.as_str(), value);
                }
            }
            values
        });
        last_values
            .get(name)
            .copied()
            .or_else(|| automatic_arg(&self.context.resolution.automatic_args, name))
    }
}

/// The span of the name in an `ARG name[=default]` word, when the text is written plainly.
pub fn arg_name_span(file_text: &str, word: &Word, name: &str) -> Span {
    let written = file_text.get(word.span.range()).unwrap_or("");
    if written.starts_with(name) {
        Span::new(word.span.start, word.span.start + name.len())
    } else {
        word.span
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_follow_stages_and_defaults() {
        let text = "ARG V=1.0\nFROM alpine AS base\nARG V\nARG W\nENV E=$V-x\nRUN true\nFROM base\nRUN true\nFROM alpine\nRUN true\n";
        let parsed = crate::testing::Parsed::new(text);
        let context = parsed.context();
        let mut seen = Vec::new();
        walk(&context, |stage, instruction, scope| {
            if instruction.kind == Some(Keyword::Run) {
                let show = |name: &str| {
                    scope
                        .get(name)
                        .map(|declared| declared.value.clone().unwrap_or("<unset>".into()))
                };
                seen.push((stage, show("V"), show("W"), show("E")));
            }
        });
        let some = |text: &str| Some(text.to_owned());
        assert_eq!(
            seen,
            [
                (0, some("1.0"), some("<unset>"), some("1.0-x")),
                (1, some("1.0"), some("<unset>"), some("1.0-x")),
                (2, None, None, None),
            ]
        );
    }

    #[test]
    fn every_stage_built_on_a_stage_starts_with_its_scope() {
        let text = "ARG G=1\nARG G\nFROM alpine AS a\nARG V=1\nFROM a AS b\nARG W=2\nFROM a AS c\nARG G\nRUN true\nFROM b\nRUN true\nFROM a\nRUN true\n";
        let parsed = crate::testing::Parsed::new(text);
        let context = parsed.context();
        let mut seen = Vec::new();
        walk(&context, |stage, instruction, scope| {
            if instruction.kind == Some(Keyword::Run) {
                let show = |name: &str| scope.get(name).and_then(|declared| declared.value.clone());
                seen.push((stage, show("V"), show("W"), show("G")));
            }
        });
        let some = |text: &str| Some(text.to_owned());
        assert_eq!(
            seen,
            [
                (2, some("1"), None, some("1")),
                (3, some("1"), some("2"), None),
                (4, some("1"), None, None),
            ]
        );
    }
}
