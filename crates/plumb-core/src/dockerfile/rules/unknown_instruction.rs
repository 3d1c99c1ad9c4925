//! DF001: an instruction BuildKit does not know.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::instruction::{Arguments, Dockerfile, Instruction, Keyword};
use crate::rules::{Example, FixAvailability, Rule, Upstream};

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
    explanation: "BuildKit rejects the whole Dockerfile when a line starts with a word that is \
not an instruction. This is usually a typo, or a line that was meant to continue the previous \
instruction but lost its trailing escape character.",
    failing_example: Example::Text("FROM alpine:3.20\nRUNN echo hello\n"),
    passing_example: Example::Text("FROM alpine:3.20\nRUN echo hello\n"),
};

pub fn check(dockerfile: &Dockerfile, diagnostics: &mut Vec<Diagnostic>) {
    for instruction in &dockerfile.instructions {
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
    let mut message = format!("unknown instruction: {written}");
    if let Some(suggestion) = suggest(written) {
        message.push_str(&format!(" (did you mean {suggestion}?)"));
    }
    diagnostics.push(Diagnostic::new(&RULE, instruction.keyword.span, message));
}

/// BuildKit's suggestion: the closest instruction within edit distance 2, in the case the
/// word was written in (all lower or all upper), or none on an exact match.
fn suggest(written: &str) -> Option<String> {
    let lower = written.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for keyword in Keyword::ALL {
        let name = keyword.as_str().to_lowercase();
        let distance = levenshtein(&lower, &name);
        if distance == 0 {
            // An exact match means the problem is elsewhere.
            return None;
        }
        if distance < best.map_or(3, |(best, _)| best) {
            best = Some((distance, keyword.as_str()));
        }
    }
    let (_, name) = best?;
    Some(if written == written.to_lowercase() {
        name.to_lowercase()
    } else {
        name.to_owned()
    })
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, &b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != b_char);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_instructions_in_the_written_case() {
        assert_eq!(suggest("RUNN").as_deref(), Some("RUN"));
        assert_eq!(suggest("cpy").as_deref(), Some("copy"));
        assert_eq!(suggest("Frm").as_deref(), Some("FROM"));
        assert_eq!(suggest("XYZZY"), None);
        assert_eq!(suggest("run"), None);
    }
}
