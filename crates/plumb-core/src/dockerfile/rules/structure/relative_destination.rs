//! DF116: COPY/ADD to a relative destination before any WORKDIR.

use super::{
    field_values, is_absolute_path, list_words, parent_stage, resolved,
    starts_with_unknown_variable,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::Keyword;
use crate::dockerfile::resolve::Source;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF116",
    name: "relative-destination-without-workdir",
    title: "COPY to a relative destination without WORKDIR",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL3045")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A relative `COPY` or `ADD` destination is resolved against the working \
directory. Until the stage sets one with `WORKDIR`, that is the base image's, which the \
image's maintainers may change: the files then land somewhere else and later instructions \
no longer find them. Set `WORKDIR` first, or copy to an absolute path.\n\n\
A `WORKDIR` of the stage it is built on (or an `ONBUILD WORKDIR` it runs) counts, as in \
hadolint's DL3045, which only looks at `COPY`; plumb looks at `ADD` too. plumb looks at the destination after variable expansion; one that starts \
with a variable plumb cannot know is left alone, as hadolint leaves every `$` destination \
alone. Unlike hadolint, plumb does not report stages built on `scratch`, whose working \
directory is always `/`."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM node:22-bookworm-slim\nCOPY package.json package-lock.json ./\nRUN npm ci\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM node:22-bookworm-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let stages = &context.resolution.stages;
    let mut set_by_end: Vec<bool> = Vec::with_capacity(stages.len());
    // Whether each stage's chain of parents starts with `FROM scratch`.
    let mut scratch_by_stage: Vec<bool> = Vec::with_capacity(stages.len());
    for (index, stage) in stages.iter().enumerate() {
        let mut set = parent_stage(stage)
            .and_then(|parent| set_by_end.get(parent).copied())
            .unwrap_or(false)
            || stage
                .instructions
                .iter()
                .any(|resolved| resolved.keyword == "WORKDIR" && resolved.line < stage.line);
        let from_scratch = match stage.source {
            Source::Scratch => true,
            Source::Stage(parent) if parent < index => scratch_by_stage[parent],
            _ => false,
        };
        scratch_by_stage.push(from_scratch);
        for instruction in context.stage_instructions(index) {
            match instruction.kind {
                Some(Keyword::Workdir) => set = true,
                Some(Keyword::Copy | Keyword::Add) if !set && !from_scratch => {
                    let Some(written) = list_words(instruction).last() else {
                        continue;
                    };
                    let Some(destination) =
                        resolved(context, index, instruction).and_then(|resolved| {
                            field_values(resolved, "destination").first().copied()
                        })
                    else {
                        continue;
                    };
                    if destination.is_empty()
                        || is_absolute_path(destination)
                        || starts_with_unknown_variable(&written.value, &stage.variables)
                    {
                        continue;
                    }
                    let keyword = instruction.kind.map_or("COPY", Keyword::as_str);
                    diagnostics.push(
                        Diagnostic::new(
                            &RULE,
                            written.span,
                            format!(
                                "{keyword} to the relative destination {destination:?} without a WORKDIR set; set WORKDIR first or use an absolute path"
                            ),
                        )
                        .with_note("until WORKDIR is set, relative paths depend on the base image's working directory"),
                    );
                }
                _ => {}
            }
        }
        set_by_end.push(set);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn relative_destinations_before_workdir() {
        let text = "FROM alpine AS base\nCOPY a .\nCOPY b /abs\nWORKDIR /app\nCOPY c .\nFROM base\nCOPY d rel/\nFROM alpine\nENV DIR=/srv\nCOPY e $DIR\nCOPY f $UNKNOWN/x\nADD g rel\nFROM scratch\nCOPY h .\n";
        assert_eq!(lines(&RULE, text), [2, 12]);
    }
}
