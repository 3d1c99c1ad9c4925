//! DF106: a relative WORKDIR before any absolute one.

use super::{field_values, is_absolute_path, parent_stage, resolved, starts_with_unknown_variable};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Arguments, Keyword};
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF106",
    name: "workdir-relative-path",
    title: "Relative WORKDIR without an absolute one first",
    severity: Severity::Warning,
    upstream: &[
        Upstream::BuildkitCheck("WorkdirRelativePath"),
        Upstream::Hadolint("DL3000"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A relative `WORKDIR` is resolved against the working directory the stage \
already has. When no absolute `WORKDIR` came before it in this Dockerfile, that directory is \
the base image's, which its maintainers may change at any time: `WORKDIR app` on an image \
whose working directory is `/usr/src` gives `/usr/src/app`, and `/app` once the image \
changes. Start with an absolute path.\n\n\
As BuildKit does, plumb only reports the first `WORKDIR` of a stage (counting the stages it \
is built on, and `ONBUILD WORKDIR` triggers they run) and looks at the path after variable \
expansion; later relative paths build on the first one. A path that starts with a variable \
plumb cannot know (a build argument without default, the base image's ENV) is not reported. \
A drive-letter path (`C:\\app`) counts as absolute, as it does for a Windows image.\n\n\
hadolint's DL3000 is stricter: it reports every `WORKDIR` that does not start with `/`, a \
drive letter or `$`, even after an absolute one."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM nginx:1.27 AS web\nWORKDIR usr/share/nginx/html\nCOPY public .\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM nginx:1.27 AS web\nWORKDIR /usr/share/nginx\nWORKDIR html\nCOPY public .\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let stages = &context.resolution.stages;
    // Whether each stage has set a WORKDIR by its end.
    let mut set_by_end: Vec<bool> = Vec::with_capacity(stages.len());
    for (index, stage) in stages.iter().enumerate() {
        let inherited = parent_stage(stage)
            .and_then(|parent| set_by_end.get(parent).copied())
            .unwrap_or(false);
        // ONBUILD triggers of the parent run first; their lines come before the stage's FROM.
        let by_trigger = stage
            .instructions
            .iter()
            .any(|resolved| resolved.keyword == "WORKDIR" && resolved.line < stage.line);
        let mut set = inherited || by_trigger;
        for instruction in context.stage_instructions(index) {
            if instruction.kind != Some(Keyword::Workdir) {
                continue;
            }
            let Arguments::Shell(written) = &instruction.arguments else {
                continue;
            };
            let Some(value) = resolved(context, index, instruction)
                .and_then(|resolved| field_values(resolved, "value").first().copied())
            else {
                set = true;
                continue;
            };
            if !set
                && !is_absolute_path(value)
                && !starts_with_unknown_variable(&written.value, &stage.variables)
            {
                diagnostics.push(
                    Diagnostic::new(
                        &RULE,
                        written.span,
                        format!(
                            "relative workdir {value:?} can have unexpected results if the base image changes"
                        ),
                    )
                    .with_note("no absolute WORKDIR was set before it in this stage or the stages it is built on"),
                );
            }
            set = true;
        }
        set_by_end.push(set);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn only_the_first_workdir_of_a_stage_chain() {
        let text = "FROM alpine AS base\nWORKDIR /srv\nFROM base\nWORKDIR app\nFROM alpine\nWORKDIR app\nWORKDIR more\n";
        assert_eq!(lines(&RULE, text), [6]);
    }

    #[test]
    fn paths_are_expanded() {
        let text = "FROM alpine\nENV DIR=app\nWORKDIR $DIR\nFROM alpine\nENV ROOT=/srv\nWORKDIR ${ROOT}/app\nFROM alpine\nWORKDIR $HOME/app\nFROM alpine\nWORKDIR ${GOPATH}\n";
        assert_eq!(lines(&RULE, text), [3]);
    }

    #[test]
    fn onbuild_workdir_counts_for_children() {
        let text = "FROM alpine AS base\nONBUILD WORKDIR /app\nFROM base\nWORKDIR src\n";
        assert!(lines(&RULE, text).is_empty());
    }
}
