//! DF102: more than one CMD, ENTRYPOINT or HEALTHCHECK in a stage.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Instruction, Keyword};
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF102",
    name: "multiple-instructions",
    title: "Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage counts",
    severity: Severity::Warning,
    upstream: &[
        Upstream::BuildkitCheck("MultipleInstructionsDisallowed"),
        Upstream::Hadolint("DL4003"),
        Upstream::Hadolint("DL4004"),
        Upstream::Hadolint("DL3012"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "An image has one command, one entrypoint and one health check. When a stage \
sets one of them twice, the earlier instruction has no effect at all: it is overwritten by the \
later one. Keep only the instruction you mean, or merge them.\n\n\
Like BuildKit, plumb reports the earlier instructions, the ones that are ignored. hadolint \
(DL4003 for CMD, DL4004 for ENTRYPOINT, DL3012 for HEALTHCHECK) reports the later ones \
instead. The `CMD` of a `HEALTHCHECK CMD …` is part of the health check and does not count as \
a CMD. Each stage is counted on its own."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nENTRYPOINT [\"echo\", \"Hello, Norway!\"]\nENTRYPOINT [\"echo\", \"Hello, Sweden!\"]\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20\nHEALTHCHECK --interval=30s CMD [\"wget\", \"-q\", \"--spider\", \"http://localhost:8080\"]\nCMD [\"httpd\", \"-f\", \"-p\", \"8080\"]\n",
    )),
};

const ONCE: [Keyword; 3] = [Keyword::Cmd, Keyword::Entrypoint, Keyword::Healthcheck];

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    // The last instruction of each kind seen in the current stage.
    let mut last: [Option<&Instruction>; 3] = [None; 3];
    let mut current_stage = None;
    for (stage, instruction) in context.instructions() {
        if stage != current_stage {
            current_stage = stage;
            last = [None; 3];
        }
        let Some(slot) = ONCE
            .iter()
            .position(|keyword| instruction.kind == Some(*keyword))
        else {
            continue;
        };
        if stage.is_some()
            && let Some(earlier) = last[slot]
        {
            let name = ONCE[slot].as_str();
            diagnostics.push(
                Diagnostic::new(
                    &RULE,
                    earlier.keyword.span,
                    format!(
                        "multiple {name} instructions should not be used in the same stage because only the last one will be used"
                    ),
                )
                .with_label(instruction.keyword.span, format!("this later {name} replaces it")),
            );
        }
        last[slot] = Some(instruction);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn earlier_instructions_per_stage_are_reported() {
        let text = "FROM a AS one\nCMD x\nHEALTHCHECK NONE\nCMD y\nHEALTHCHECK CMD true\nCMD z\nFROM one\nCMD w\nENTRYPOINT [\"a\"]\n";
        assert_eq!(lines(&RULE, text), [2, 3, 4]);
    }
}
