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

use super::Check;
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Arguments, Instruction, Keyword, Word};
use crate::dockerfile::resolve::{ResolvedInstruction, ResolvedStage};
use crate::rules::Rule;

/// This topic's rules, in code order.
pub static RULES: &[&Rule] = &[
    &no_empty_continuation::RULE,
    &multiple_instructions::RULE,
    &workdir_relative_path::RULE,
    &duplicate_stage_name::RULE,
    &reserved_stage_name::RULE,
    &copy_from_unknown_stage::RULE,
    &redundant_target_platform::RULE,
    &constant_platform_flag::RULE,
    &copy_ignored_file::RULE,
    &expose_invalid_format::RULE,
    &copy_destination_slash::RULE,
    &env_self_reference::RULE,
    &relative_destination::RULE,
    &stage_name_casing::RULE,
    &from_as_casing::RULE,
    &instruction_casing::RULE,
    &json_args_recommended::RULE,
    &maintainer_deprecated::RULE,
    &legacy_key_value::RULE,
    &expose_proto_casing::RULE,
    &invalid_definition_description::RULE,
    &consecutive_run::RULE,
    &invalid_label_key::RULE,
];

/// Their checks.
pub static CHECKS: &[Check] = &[
    no_empty_continuation::check,
    multiple_instructions::check,
    workdir_relative_path::check,
    duplicate_stage_name::check,
    reserved_stage_name::check,
    copy_from_unknown_stage::check,
    redundant_target_platform::check,
    constant_platform_flag::check,
    copy_ignored_file::check,
    expose_invalid_format::check,
    copy_destination_slash::check,
    env_self_reference::check,
    relative_destination::check,
    stage_name_casing::check,
    from_as_casing::check,
    instruction_casing::check,
    json_args_recommended::check,
    maintainer_deprecated::check,
    legacy_key_value::check,
    expose_proto_casing::check,
    invalid_definition_description::check,
    consecutive_run::check,
    invalid_label_key::check,
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
fn list_words(instruction: &Instruction) -> &[Word] {
    match &instruction.arguments {
        Arguments::Words(words) | Arguments::Exec(words) => words,
        _ => &[],
    }
}

/// The resolved values of a stage's own instruction (ONBUILD triggers it inherits aside).
fn resolved<'a>(
    context: &Context<'a>,
    stage: usize,
    instruction: &Instruction,
) -> Option<&'a ResolvedInstruction> {
    let stage = context.resolution.stages.get(stage)?;
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
fn field_values<'a>(resolved: &'a ResolvedInstruction, name: &str) -> Vec<&'a str> {
    resolved
        .fields
        .iter()
        .filter(|field| field.name == name)
        .map(|field| field.value.as_str())
        .collect()
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
mod test_support {
    //! Running one rule over a text, and applying its fixes the way `plumb check --fix` does.

    use crate::diagnostic::{Applicability, Diagnostic, Edit};
    use crate::source::SourceFile;

    /// The findings of `code` in `text`.
    pub fn findings(code: &str, text: &str) -> Vec<Diagnostic> {
        findings_with_ignore(code, text, None)
    }

    pub fn findings_with_ignore(
        code: &str,
        text: &str,
        dockerignore: Option<&str>,
    ) -> Vec<Diagnostic> {
        let file = SourceFile::new("Dockerfile", text);
        let (_, diagnostics) = crate::dockerfile::check(&file, dockerignore);
        diagnostics
            .into_iter()
            .filter(|diagnostic| diagnostic.code == code)
            .collect()
    }

    /// Lines (1-based) where `code` fires.
    pub fn lines(code: &str, text: &str) -> Vec<usize> {
        let file = SourceFile::new("Dockerfile", text);
        findings(code, text)
            .iter()
            .map(|diagnostic| file.position(diagnostic.span.start).line)
            .collect()
    }

    /// Applies the first fix of every finding of `code` (unsafe ones too), non-overlapping
    /// edits only, until nothing changes; then checks the rule no longer fires.
    pub fn fixed(code: &str, text: &str) -> String {
        let mut text = text.to_owned();
        for _ in 0..8 {
            let diagnostics = findings(code, &text);
            let mut edits: Vec<&Edit> = Vec::new();
            for diagnostic in &diagnostics {
                let Some(fix) = diagnostic.fixes.first() else {
                    continue;
                };
                assert!(matches!(
                    fix.applicability,
                    Applicability::Safe | Applicability::Unsafe
                ));
                let fits = fix.edits.iter().all(|edit| {
                    edits.iter().all(|taken| {
                        edit.span.end <= taken.span.start || taken.span.end <= edit.span.start
                    })
                });
                if fits {
                    edits.extend(&fix.edits);
                }
            }
            if edits.is_empty() {
                break;
            }
            edits.sort_by_key(|edit| edit.span.start);
            let mut result = String::new();
            let mut position = 0;
            for edit in edits {
                result.push_str(&text[position..edit.span.start]);
                result.push_str(&edit.replacement);
                position = edit.span.end;
            }
            result.push_str(&text[position..]);
            text = result;
        }
        assert!(
            findings(code, &text).is_empty(),
            "{code} still fires after its fixes:\n{text}"
        );
        text
    }

    /// Whether any finding of `code` in `text` offers a fix.
    pub fn has_fix(code: &str, text: &str) -> bool {
        findings(code, text)
            .iter()
            .any(|diagnostic| !diagnostic.fixes.is_empty())
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
    fn fixes_repair_the_failing_examples() {
        use crate::rules::{Example, FixAvailability};
        for rule in RULES
            .iter()
            .filter(|rule| rule.fix != FixAvailability::None)
        {
            let Example::Text(text) = rule.failing_example else {
                continue;
            };
            assert!(
                test_support::has_fix(rule.code, text),
                "{}: the failing example offers no fix",
                rule.code
            );
            // `fixed` asserts that the rule no longer fires on the result.
            test_support::fixed(rule.code, text);
        }
    }

    #[test]
    fn each_instruction_finds_its_own_resolved_values() {
        use crate::dockerfile::{parse, resolve};
        use crate::source::SourceFile;
        let text = "FROM alpine AS base\nONBUILD WORKDIR /t\nONBUILD COPY t /t\nWORKDIR /a\nCOPY a /a\nFROM base\nCOPY b /b\nUSER 1\nWORKDIR c\nRUN true\nCOPY d \\\n  /d\n";
        let file = SourceFile::new("Dockerfile", text);
        let (dockerfile, _) = parse(&file);
        let (resolution, _) = resolve(&dockerfile);
        let context = Context::new(&file, &dockerfile, &resolution, None);
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
