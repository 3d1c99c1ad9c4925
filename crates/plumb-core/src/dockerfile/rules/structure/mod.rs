//! Rules about the file's structure: BuildKit's build checks and hadolint's rules on instructions, stages, ARG/ENV and casing.

pub mod consecutive_run;
pub mod constant_platform_flag;
pub mod copy_destination_slash;
pub mod copy_from_unknown_stage;
pub mod copy_ignored_file;
pub mod duplicate_stage_name;
pub mod env_self_reference;
pub mod expose_invalid_format;
pub mod expose_proto_casing;
pub mod from_as_casing;
pub mod global_arg_not_redeclared;
pub mod instruction_casing;
pub mod invalid_definition_description;
pub mod invalid_label_key;
pub mod json_args_recommended;
pub mod legacy_key_value;
pub mod maintainer_deprecated;
pub mod multiple_instructions;
pub mod no_empty_continuation;
pub mod redundant_target_platform;
pub mod relative_destination;
pub mod reserved_stage_name;
pub mod stage_name_casing;
pub mod workdir_relative_path;

use super::Registered;
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Arguments, Instruction, Keyword, Word};
use crate::dockerfile::resolve::{Resolution, ResolvedInstruction, ResolvedStage};

/// This topic's rules with their checks, in code order.
pub static RULES: &[Registered] = &[
    checked!(no_empty_continuation),
    checked!(multiple_instructions),
    checked!(workdir_relative_path),
    checked!(duplicate_stage_name),
    checked!(reserved_stage_name),
    checked!(copy_from_unknown_stage),
    checked!(redundant_target_platform),
    checked!(constant_platform_flag),
    checked!(copy_ignored_file),
    checked!(expose_invalid_format),
    checked!(copy_destination_slash),
    checked!(env_self_reference),
    checked!(relative_destination),
    checked!(global_arg_not_redeclared),
    checked!(stage_name_casing),
    checked!(from_as_casing),
    checked!(instruction_casing),
    checked!(json_args_recommended),
    checked!(maintainer_deprecated),
    checked!(legacy_key_value),
    checked!(expose_proto_casing),
    checked!(invalid_definition_description),
    checked!(consecutive_run),
    checked!(invalid_label_key),
];

/// The words of a FROM line: the base, and the `AS` keyword and stage name when there are
/// exactly three words.
struct FromWords<'a> {
    base: &'a Word,
    stage: Option<(&'a Word, &'a Word)>,
}

fn from_words(instruction: &Instruction) -> Option<FromWords<'_>> {
    if instruction.kind != Some(Keyword::From) {
        return None;
    }
    let Arguments::Words(words) = &instruction.arguments else {
        return None;
    };
    match words.as_slice() {
        [base] => Some(FromWords { base, stage: None }),
        [base, as_word, name] if as_word.value.eq_ignore_ascii_case("as") => Some(FromWords {
            base,
            stage: Some((as_word, name)),
        }),
        _ => None,
    }
}

/// BuildKit's rule for stage names (`^[a-z][a-z0-9-_.]*$` after lower-casing); other names
/// are rejected before any check runs.
fn is_valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|first| first.is_ascii_lowercase())
        && chars.all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || "-_.".contains(ch))
}

/// The words of the list instructions (COPY, ADD, VOLUME, EXPOSE…), JSON or not.
pub(crate) fn list_words(instruction: &Instruction) -> &[Word] {
    match &instruction.arguments {
        Arguments::Words(words) | Arguments::Exec(words) => words,
        _ => &[],
    }
}

/// The resolved values of a stage's own instruction (ONBUILD triggers it inherits aside).
pub(crate) fn resolved<'a>(
    context: &Context<'a>,
    stage: usize,
    instruction: &Instruction,
) -> Option<&'a ResolvedInstruction> {
    resolved_in(context.resolution, stage, instruction)
}

/// [`resolved`] in a resolution without a rule's context.
pub(crate) fn resolved_in<'a>(
    resolution: &'a Resolution,
    stage: usize,
    instruction: &Instruction,
) -> Option<&'a ResolvedInstruction> {
    let stage = resolution.stages.get(stage)?;
    let keyword = instruction.kind?.as_str();
    // The inherited triggers come first, at lines before the stage's FROM, then the stage's
    // own instructions in file order: the lines never decrease.
    let line = instruction.start_line;
    let first = stage
        .instructions
        .partition_point(|resolved| resolved.line < line);
    stage.instructions[first..]
        .iter()
        .take_while(|resolved| resolved.line == line)
        .find(|resolved| resolved.keyword == keyword && resolved.line > stage.line)
}

/// The values of the fields called `name`.
pub(crate) fn field_values<'a>(resolved: &'a ResolvedInstruction, name: &str) -> Vec<&'a str> {
    resolved
        .fields
        .iter()
        .filter(|field| field.name == name)
        .map(|field| field.value.as_str())
        .collect()
}

/// A COPY or ADD's sources, each expanded value with the word it was written as; `None`
/// when an expansion failed (the values no longer line up with the words).
pub(crate) fn expanded_sources<'a>(
    resolved: &'a ResolvedInstruction,
    instruction: &'a Instruction,
) -> Option<Vec<(&'a str, &'a Word)>> {
    let (_, written) = list_words(instruction).split_last()?;
    let values = field_values(resolved, "source");
    (values.len() == written.len()).then(|| values.into_iter().zip(written).collect())
}

/// The stage a stage is built on, when it is an earlier stage of the file.
fn parent_stage(stage: &ResolvedStage) -> Option<usize> {
    match stage.source {
        crate::dockerfile::resolve::Source::Stage(parent) => Some(parent),
        _ => None,
    }
}

/// A path BuildKit (or, for a drive letter, a Windows image) treats as absolute.
fn is_absolute_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('\\')
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

/// Whether a written path (quotes removed) starts with a variable whose value plumb cannot
/// know: a build argument without default, or something from the base image's ENV.
fn starts_with_unknown_variable(
    written: &str,
    known: &crate::dockerfile::resolve::Variables,
) -> bool {
    let unquoted = written.trim_start_matches(['"', '\'']);
    let Some(after) = unquoted.strip_prefix('$') else {
        return false;
    };
    let after = after.strip_prefix('{').unwrap_or(after);
    let name: String = after
        .chars()
        .take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '_')
        .collect();
    !name.is_empty() && !known.contains_key(&name)
}

/// One port spec of an EXPOSE word, after expansion, split as BuildKit's `parsePort` does.
struct PortSpec<'a> {
    word: &'a Word,
    /// The whole word is this one spec, written without variables or quotes.
    literal: bool,
    raw: String,
    ip: String,
    host_port: String,
    container_port: String,
    proto: String,
}

/// Every EXPOSE spec of the stages whose protocol BuildKit accepts (`tcp`, `udp`, `sctp` in
/// any case, or none); the others are an error of their own (DF026).
fn expose_specs<'a>(context: &Context<'a>) -> Vec<PortSpec<'a>> {
    use crate::dockerfile::shell_lexer::Lexer;
    let lexer = Lexer::new(context.dockerfile.escape);
    let mut specs = Vec::new();
    for (stage, instruction) in context.instructions() {
        if instruction.kind != Some(Keyword::Expose) {
            continue;
        }
        let Some(stage) = stage.and_then(|stage| context.resolution.stages.get(stage)) else {
            continue;
        };
        for word in list_words(instruction) {
            // The stage's variables as of its end: a value changed after the EXPOSE is rare.
            let Ok(expanded) = lexer.process_words(&word.value, &stage.variables) else {
                continue;
            };
            let literal = expanded.len() == 1
                && expanded[0] == word.value
                && !word
                    .value
                    .contains(['$', '"', '\'', context.dockerfile.escape]);
            for raw in expanded {
                let parts: Vec<&str> = raw.split(':').collect();
                let (ip, host_port, container) = match parts.as_slice() {
                    [container] => (String::new(), "", *container),
                    [host, container] => (String::new(), *host, *container),
                    [ip @ .., host, container] => (ip.join(":"), *host, *container),
                    [] => continue,
                };
                let (port, proto) = container.split_once('/').unwrap_or((container, ""));
                if port.is_empty()
                    || !matches!(proto.to_lowercase().as_str(), "" | "tcp" | "udp" | "sctp")
                {
                    continue;
                }
                specs.push(PortSpec {
                    word,
                    literal,
                    ip,
                    host_port: host_port.to_owned(),
                    container_port: container.to_owned(),
                    proto: proto.to_owned(),
                    raw,
                });
            }
        }
    }
    specs
}

/// `text` as a double-quoted word that BuildKit's word lexer reads back as exactly `text`
/// (no expansion): `"`, `$` and the escape character are escaped.
fn quote_literal(text: &str, escape: char) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for ch in text.chars() {
        if ch == '"' || ch == '$' || ch == escape {
            quoted.push(escape);
        }
        quoted.push(ch);
    }
    quoted.push('"');
    quoted
}

/// Keyword text in the case the written keyword uses: `LABEL` after `MAINTAINER`, `label`
/// after `maintainer`.
fn in_case_of(written: &str, keyword: &str) -> String {
    if written == written.to_lowercase() {
        keyword.to_lowercase()
    } else {
        keyword.to_uppercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_quoting_survives_the_lexer() {
        use crate::dockerfile::shell_lexer::{Lexer, NoEnv};
        for text in ["plain", "a \"b\" $HOME \\x", "back`tick", "it's"] {
            for escape in ['\\', '`'] {
                let quoted = quote_literal(text, escape);
                let read = Lexer::new(escape).process_word(&quoted, &NoEnv).unwrap();
                assert_eq!(read, text, "{quoted}");
            }
        }
    }

    #[test]
    fn each_instruction_finds_its_own_resolved_values() {
        let text = "FROM alpine AS base\nONBUILD WORKDIR /t\nONBUILD COPY t /t\nWORKDIR /a\nCOPY a /a\nFROM base\nCOPY b /b\nUSER 1\nWORKDIR c\nRUN true\nCOPY d \\\n  /d\n";
        let parsed = crate::testing::Parsed::new(text);
        let context = parsed.context();
        let found: Vec<(usize, String)> = context
            .instructions()
            .filter_map(|(stage, instruction)| {
                let resolved = resolved(&context, stage?, instruction)?;
                let values: Vec<&str> = resolved
                    .fields
                    .iter()
                    .map(|field| field.value.as_str())
                    .collect();
                Some((instruction.start_line, values.join(" ")))
            })
            .collect();
        let expected = [
            (4, "/a"),
            (5, "a /a"),
            (7, "b /b"),
            (8, "1"),
            (9, "c"),
            (10, ""),
            (11, "d /d"),
        ];
        assert_eq!(
            found,
            expected.map(|(line, values)| (line, values.to_owned()))
        );
    }

    #[test]
    fn absolute_paths() {
        assert!(is_absolute_path("/app"));
        assert!(is_absolute_path("C:\\app"));
        assert!(is_absolute_path("c:/app"));
        assert!(!is_absolute_path("app"));
        assert!(!is_absolute_path("./app"));
        assert!(!is_absolute_path(""));
    }
}
