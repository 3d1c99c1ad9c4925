//! The fields BuildKit expands in each instruction, expanded with the variables in scope,
//! and the checks that need the expanded values (ports, signals, `--chmod`, volumes, stage
//! references of `COPY --from` and `RUN --mount`).

use super::{
    Dependency, Field, Globals, Resolver, Source, StageNames, Variables, arg_parts, argument_words,
};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::copy_options::{check_checksum_sources, check_chmod};
use crate::dockerfile::instruction::{Arguments, Instruction, Keyword};
use crate::dockerfile::mount::parse_mount;
use crate::dockerfile::ports_and_signals::{is_valid_signal, parse_port};
use crate::dockerfile::rules::{
    checksum_source, copy_from_variable, empty_volume, invalid_chmod, invalid_port,
    invalid_stop_signal, stage_reference, variable_expansion,
};
use crate::dockerfile::shell_lexer::{Env, Lexer, NoEnv};
use crate::source::Span;
use std::collections::BTreeSet;

impl Resolver<'_> {
    /// ENV: every key and value is expanded with the variables before the instruction.
    pub(super) fn env(
        &mut self,
        instruction: &Instruction,
        variables: &mut Variables,
    ) -> Vec<Field> {
        let Arguments::KeyValues(pairs) = &instruction.arguments else {
            return Vec::new();
        };
        let mut fields = Vec::new();
        // The names the pairs so far set.
        let mut set_here: BTreeSet<String> = BTreeSet::new();
        for pair in pairs {
            self.newly_unmatched.clear();
            let key = self.expand(&pair.key.value, pair.key.span, variables);
            let value = self.expand(&pair.value.value, pair.value.span, variables);
            // A name set by an earlier pair of the same ENV is DF115's finding, not DF103's
            // (unless an earlier pair already used it unset).
            for name in std::mem::take(&mut self.newly_unmatched) {
                if set_here.contains(&name) {
                    self.unmatched.remove(&name);
                }
            }
            if let (Some(name), Some(value)) = (key, value) {
                set_here.insert(name.clone());
                fields.push(Field { name, value });
            }
        }
        for field in &fields {
            if variables
                .insert(field.name.clone(), field.value.clone())
                .is_none()
            {
                self.added.insert(field.name.clone());
            }
        }
        fields
    }

    pub(super) fn key_values(
        &mut self,
        instruction: &Instruction,
        variables: &Variables,
    ) -> Vec<Field> {
        let Arguments::KeyValues(pairs) = &instruction.arguments else {
            return Vec::new();
        };
        pairs
            .iter()
            .filter_map(|pair| {
                let key = self.expand(&pair.key.value, pair.key.span, variables)?;
                let value = self.expand(&pair.value.value, pair.value.span, variables)?;
                Some(Field { name: key, value })
            })
            .collect()
    }

    /// ARG in a stage: a default is expanded; without one the global value is inherited.
    pub(super) fn stage_arg(
        &mut self,
        instruction: &Instruction,
        global: &Globals,
        variables: &mut Variables,
    ) -> Vec<Field> {
        let mut fields = Vec::new();
        for word in argument_words(instruction) {
            let (name, default) = arg_parts(word);
            let value = match default {
                Some(default) => self.expand(default, word.span, variables),
                None => global.get(name).map(str::to_owned),
            };
            if let Some(value) = value {
                if variables.insert(name.to_owned(), value.clone()).is_none() {
                    self.added.insert(name.to_owned());
                }
                fields.push(field(name, value));
            }
        }
        fields
    }

    pub(super) fn each_word(
        &mut self,
        instruction: &Instruction,
        name: &str,
        variables: &Variables,
    ) -> Vec<Field> {
        argument_words(instruction)
            .into_iter()
            .filter_map(|word| {
                let value = self.expand(&word.value, word.span, variables)?;
                Some(Field {
                    name: name.to_owned(),
                    value,
                })
            })
            .collect()
    }

    /// VOLUME paths must stay non-empty after expansion.
    pub(super) fn volume(
        &mut self,
        instruction: &Instruction,
        variables: &Variables,
    ) -> Vec<Field> {
        let fields = self.each_word(instruction, "path", variables);
        let words = argument_words(instruction);
        for (path, word) in fields.iter().zip(&words) {
            // Empty JSON strings are reported by the second layer already.
            if path.value.trim().is_empty() && !word.value.trim().is_empty() {
                self.diagnostics.push(Diagnostic::new(
                    &empty_volume::RULE,
                    word.span,
                    "VOLUME specified can not be an empty string",
                ));
            }
        }
        fields
    }

    /// EXPOSE: each argument is expanded and split into words, then read as a port spec.
    pub(super) fn expose(
        &mut self,
        instruction: &Instruction,
        variables: &Variables,
    ) -> Vec<Field> {
        let mut fields = Vec::new();
        for word in argument_words(instruction) {
            let ports = match self.lexer.process_words(&word.value, variables) {
                Ok(ports) => ports,
                Err(error) => {
                    self.diagnostics.push(Diagnostic::new(
                        &variable_expansion::RULE,
                        word.span,
                        error.0,
                    ));
                    continue;
                }
            };
            for port in ports {
                match parse_port(&port) {
                    Ok(exposed) => {
                        fields.extend(exposed.into_iter().map(|exposed| field("port", exposed)))
                    }
                    Err(message) => self.diagnostics.push(Diagnostic::new(
                        &invalid_port::RULE,
                        word.span,
                        message,
                    )),
                }
            }
        }
        fields
    }

    pub(super) fn stop_signal(
        &mut self,
        instruction: &Instruction,
        variables: &Variables,
    ) -> Vec<Field> {
        let fields = self.each_word(instruction, "signal", variables);
        for signal in &fields {
            if !is_valid_signal(&signal.value) {
                let span = argument_words(instruction)
                    .first()
                    .map_or(instruction.keyword.span, |word| word.span);
                self.diagnostics.push(Diagnostic::new(
                    &invalid_stop_signal::RULE,
                    span,
                    format!("invalid signal: {}", signal.value),
                ));
            }
        }
        fields
    }

    /// COPY and ADD: sources (heredocs aside), destination, and the flags BuildKit expands;
    /// then the options BuildKit checks when it copies.
    pub(super) fn copy(&mut self, instruction: &Instruction, variables: &Variables) -> Vec<Field> {
        let mut fields = Vec::new();
        let expanded_flags: &[&str] = if instruction.kind == Some(Keyword::Add) {
            &["chown", "chmod", "checksum"]
        } else {
            &["chown", "chmod"]
        };
        for flag in &instruction.flags {
            if expanded_flags.contains(&flag.name())
                && let Some(value) =
                    self.expand(flag.value().unwrap_or_default(), flag.span, variables)
            {
                fields.push(field(flag.name(), value));
            }
        }
        let words = argument_words(instruction);
        let mut sources = Vec::new();
        if let Some((destination, written_sources)) = words.split_last() {
            for source in written_sources {
                if crate::dockerfile::heredoc::is_heredoc_word(&source.value) {
                    fields.push(field("source", source.value.clone()));
                } else if let Some(value) = self.expand(&source.value, source.span, variables) {
                    sources.push(value.clone());
                    fields.push(field("source", value));
                }
            }
            if let Some(value) = self.expand(&destination.value, destination.span, variables) {
                fields.push(field("destination", value));
            }
        }
        self.expand_heredoc_bodies(instruction, variables);
        self.check_copy_options(instruction, &fields, &sources);
        fields
    }

    /// Heredoc sources with an unquoted delimiter are expanded (quotes kept as text).
    pub(super) fn expand_heredoc_bodies(
        &mut self,
        instruction: &Instruction,
        variables: &Variables,
    ) {
        let lexer = Lexer {
            skip_process_quotes: true,
            ..Lexer::new('\\')
        };
        for heredoc in instruction.heredocs.iter().filter(|heredoc| heredoc.expand) {
            if let Err(error) = lexer.expand(&heredoc.content, variables) {
                self.diagnostics.push(Diagnostic::new(
                    &variable_expansion::RULE,
                    heredoc.body_span,
                    error.0,
                ));
            }
        }
    }

    /// `--chmod` after expansion (an empty one is ignored), and `--checksum` only for one
    /// remote source of ADD.
    pub(super) fn check_copy_options(
        &mut self,
        instruction: &Instruction,
        expanded_flags: &[Field],
        sources: &[String],
    ) {
        for flag in &instruction.flags {
            let problem = match flag.name() {
                "chmod" => expanded_flags
                    .iter()
                    .find(|field| field.name == "chmod" && !field.value.is_empty())
                    .and_then(|chmod| check_chmod(&chmod.value).err())
                    .map(|(message, note)| (&invalid_chmod::RULE, message, note)),
                "checksum" if flag.value().is_some_and(|value| !value.is_empty()) => {
                    let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
                    check_checksum_sources(instruction.kind == Some(Keyword::Add), &sources)
                        .err()
                        .map(|message| (&checksum_source::RULE, message.to_owned(), None))
                }
                _ => None,
            };
            if let Some((rule, message, note)) = problem {
                let mut diagnostic = Diagnostic::new(rule, flag.span, message);
                if let Some(note) = note {
                    diagnostic = diagnostic.with_note(note);
                }
                self.diagnostics.push(diagnostic);
            }
        }
    }

    /// `COPY --from`: never expanded (an expression is an error), a stage index or name, or
    /// an image.
    pub(super) fn copy_from(
        &mut self,
        instruction: &Instruction,
        current: usize,
        current_label: &str,
        names: &StageNames,
    ) -> Option<Dependency> {
        let flag = instruction
            .flags
            .iter()
            .find(|flag| flag.name() == "from")?;
        let from = flag.value().unwrap_or_default();
        if from.is_empty() {
            return None;
        }
        let line = instruction.start_line;
        if Lexer::new(self.lexer.escape)
            .process_word(from, &NoEnv)
            .ok()
            .as_deref()
            != Some(from)
        {
            self.diagnostics.push(Diagnostic::new(
                &copy_from_variable::RULE,
                flag.span,
                "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround",
            ));
            return None;
        }
        let stage = match from.parse::<i64>() {
            Ok(number) => match usize::try_from(number)
                .ok()
                .filter(|&index| index < names.len())
            {
                Some(index) => Some(index),
                None => {
                    self.diagnostics.push(Diagnostic::new(
                        &stage_reference::RULE,
                        flag.span,
                        format!("invalid stage index {number}"),
                    ));
                    return None;
                }
            },
            Err(_) => names.last(&from.to_lowercase()),
        };
        let Some(index) = stage else {
            if let Some(diagnostic) = self.repository_problem(from, flag.span, true) {
                self.push_once(diagnostic);
            }
            return Some(Dependency {
                source: Source::Image(from.to_owned()),
                via: "copy",
                line,
            });
        };
        // BuildKit's cycle check runs first and catches a stage reading from itself.
        let message = if index == current {
            Some(format!(
                "circular dependency detected on stage: {current_label}"
            ))
        } else {
            (index > current).then(|| {
                format!("cannot copy from stage {from:?}, it needs to be defined before current stage {current_label:?}")
            })
        };
        if let Some(message) = message {
            self.diagnostics
                .push(Diagnostic::new(&stage_reference::RULE, flag.span, message));
        }
        Some(Dependency {
            source: Source::Stage(index),
            via: "copy",
            line,
        })
    }

    /// RUN --mount option values are expanded (all but `from`), then validated.
    pub(super) fn mounts(
        &mut self,
        instruction: &Instruction,
        variables: &Variables,
    ) -> Vec<Field> {
        let mut fields = Vec::new();
        for flag in instruction
            .flags
            .iter()
            .filter(|flag| flag.name() == "mount")
        {
            let value = flag.value().unwrap_or_default();
            if !value.contains('$') {
                fields.push(field("mount", value.to_owned()));
                continue;
            }
            let Ok(options) = crate::dockerfile::mount::csv_fields(value) else {
                continue;
            };
            let mut expanded = Vec::new();
            for option in options {
                match option.split_once('=') {
                    Some((key, raw)) if !key.eq_ignore_ascii_case("from") => {
                        let Some(value) = self.expand(raw, flag.span, variables) else {
                            return fields;
                        };
                        expanded.push(format!("{key}={value}"));
                    }
                    _ => expanded.push(option),
                }
            }
            let expanded = expanded.join(",");
            // A `from` with a variable stays unexpanded; the second layer reported it.
            if let Err(message) = parse_mount(&expanded)
                && !message.starts_with("'from'")
            {
                self.diagnostics.push(Diagnostic::new(
                    &crate::dockerfile::rules::invalid_mount::RULE,
                    flag.span,
                    message,
                ));
            }
            fields.push(field("mount", expanded));
        }
        fields
    }
}

pub(super) fn field(name: &str, value: String) -> Field {
    Field {
        name: name.to_owned(),
        value,
    }
}

/// The stages or images `RUN --mount from=` reads, with the mount and the flag's span.
pub(super) fn mount_dependencies(
    instruction: &Instruction,
    names: &StageNames,
) -> Vec<(Dependency, crate::dockerfile::mount::Mount, Span)> {
    instruction
        .flags
        .iter()
        .filter(|flag| flag.name() == "mount")
        .filter_map(|flag| {
            let mount = parse_mount(flag.value().unwrap_or_default()).ok()?;
            let from = mount.from.clone()?;
            let lower = from.to_lowercase();
            let dependency = Dependency {
                source: names
                    .last(&lower)
                    .map_or(Source::Image(from), Source::Stage),
                via: "mount",
                line: instruction.start_line,
            };
            Some((dependency, mount, flag.span))
        })
        .collect()
}
