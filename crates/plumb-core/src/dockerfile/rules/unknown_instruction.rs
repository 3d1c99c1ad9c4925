//! DF001: an instruction BuildKit does not know.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Arguments, Instruction, Keyword};
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::suggest::with_suggestion;

pub static RULE: Rule = Rule {
    code: "DF001",
    name: "unknown-instruction",
    title: "Unknown instruction",
    severity: Severity::Error,
    upstream: &[
        Upstream::BuildkitError("unknown instruction"),
        Upstream::Hadolint("DL1000"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "BuildKit rejects the whole Dockerfile when a line starts with a word that is \
not an instruction. This is usually a typo, or a line that was meant to continue the previous \
instruction but lost its trailing escape character."
    ),
    failing_example: crate::rules::rule_example!(Text("FROM alpine:3.20\nRUNN echo hello\n")),
    passing_example: crate::rules::rule_example!(Text("FROM alpine:3.20\nRUN echo hello\n")),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in &context.dockerfile.instructions {
        check_instruction(instruction, diagnostics);
        if let Arguments::Trigger(trigger) = &instruction.arguments {
            check_instruction(trigger, diagnostics);
        }
    }
}

fn check_instruction(instruction: &Instruction, diagnostics: &mut Vec<Diagnostic>) {
    if instruction.kind.is_some() {
        return;
    }
    let written = &instruction.keyword.value;
    let names = Keyword::ALL.map(Keyword::as_str);
    let message = with_suggestion(
        format!("unknown instruction: {written}"),
        written,
        &names,
        false,
    );
    diagnostics.push(Diagnostic::new(&RULE, instruction.keyword.span, message));
}
