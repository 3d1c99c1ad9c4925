//! DF409: consecutive short RUN instructions that could be one.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Instruction, Keyword};
use crate::rules::{FixAvailability, Rule, Upstream};
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    code: "DF409",
    name: "consecutive-run",
    title: "Consecutive RUN instructions could be merged",
    severity: Severity::Info,
    upstream: &[Upstream::Hadolint("DL3059")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Every `RUN` adds a layer and a step to the build cache. Short commands run one \
after the other (`RUN apt-get update` then `RUN apt-get install …`) are usually better as one \
`RUN` joined with `&&`: fewer layers, and no stale cache of the first step under a changed \
second one.\n\n\
plumb uses hadolint's trigger: a `RUN` right after another `RUN` (comments in between do \
not matter, any other instruction does) with the same flags, when each of the two runs a single \
command (hadolint counts every simple command twice against its limit of two; `[ … ]` tests \
and bare assignments do not count, commands inside `$(…)` do). A `RUN` that is reported is \
not counted as the previous one for the next. `RUN`s with several commands are left alone, on \
the assumption that they were split on purpose."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
    )),
};

/// Words ShellCheck does not read as simple commands: tests and the ends of compound commands.
const NOT_COMMANDS: [&str; 5] = ["[", "[[", "fi", "done", "esac"];

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    // Commands per RUN, by the instruction's address; exec-form RUNs have no script and
    // count as one command.
    let counts: BTreeMap<usize, usize> = context
        .run_scripts()
        .iter()
        .map(|script| {
            let count = script
                .commands
                .iter()
                .filter(|command| {
                    command
                        .program()
                        .is_some_and(|program| !NOT_COMMANDS.contains(&program))
                })
                .count();
            (std::ptr::from_ref(script.instruction) as usize, count)
        })
        .collect();
    let commands_of = |instruction: &Instruction| {
        counts
            .get(&(std::ptr::from_ref(instruction) as usize))
            .copied()
            .unwrap_or(1)
    };
    // The RUN the next one is compared with: its flags and number of commands.
    let mut previous: Option<(&Instruction, Vec<&str>, usize)> = None;
    for instruction in &context.dockerfile.instructions {
        if instruction.kind != Some(Keyword::Run) {
            previous = None;
            continue;
        }
        let mut flags: Vec<&str> = instruction
            .flags
            .iter()
            .map(|flag| flag.text.as_str())
            .collect();
        flags.sort_unstable();
        let count = commands_of(instruction);
        match &previous {
            Some((earlier, earlier_flags, earlier_count))
                if *earlier_flags == flags && count <= 1 && *earlier_count <= 1 =>
            {
                diagnostics.push(
                    Diagnostic::new(
                        &RULE,
                        instruction.keyword.span,
                        "multiple consecutive RUN instructions; consider merging them into one",
                    )
                    .with_label(earlier.keyword.span, "the RUN before it"),
                );
            }
            _ => previous = Some((instruction, flags, count)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn hadolint_trigger() {
        let text = "FROM alpine\nRUN a\n# note\nRUN b\nRUN c\nRUN d && e\nRUN g\nRUN h\nRUN --mount=type=cache,target=/x i\nRUN --mount=type=cache,target=/x j\nWORKDIR /x\nRUN k\n";
        assert_eq!(lines(&RULE, text), [4, 5, 8, 10]);
        let text = "FROM alpine\nRUN if [ -f x ]; then y; fi\nRUN A=1\nRUN [\"a\", \"b\"]\nRUN echo $(date)\nRUN a | b\n";
        assert_eq!(lines(&RULE, text), [3, 4]);
    }
}
