//! DF115: an ENV value that refers to a variable the same ENV sets.

use super::parent_stage;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Arguments, Keyword};
use crate::dockerfile::shell_lexer::{Lexer, NoEnv};
use crate::rules::{Example, FixAvailability, Rule, Upstream};
use std::collections::BTreeSet;

pub static RULE: Rule = Rule {
    code: "DF115",
    name: "env-self-reference",
    title: "ENV value refers to a variable set in the same ENV",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL3044")],
    fix: FixAvailability::None,
    explanation: "All the values of one `ENV` instruction are expanded with the variables as \
they were *before* the instruction. In `ENV APP_HOME=/opt/app PATH=$APP_HOME/bin:$PATH`, \
`$APP_HOME` is not `/opt/app` but whatever it was before (usually nothing, or the base \
image's value), so `PATH` gets `/bin`. Set the variable in an earlier `ENV` and refer to it \
in a later one.\n\n\
plumb reports a reference to a key set by an earlier pair of the same instruction, unless the \
variable was already declared (`ARG` or `ENV`) before the instruction in this stage or the \
stages it is built on, where the old value is often the same one on purpose (`ARG VERSION` \
then `ENV VERSION=$VERSION URL=…/$VERSION`). A reference to the pair's own key \
(`PATH=$PATH:/x`) is fine. hadolint's DL3044 also reports references to keys set by a *later* \
pair (which read the old value, as anyone would expect) and counts declarations anywhere \
earlier in the file, global `ARG`s and other stages included, which are not visible in the \
stage.",
    failing_example: Example::Text(
        "FROM debian:bookworm-slim\nENV APP_HOME=/opt/app PATH=$APP_HOME/bin:$PATH\n",
    ),
    passing_example: Example::Text(
        "FROM debian:bookworm-slim\nENV APP_HOME=/opt/app\nENV PATH=$APP_HOME/bin:$PATH\n",
    ),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let lexer = Lexer::new(context.dockerfile.escape);
    let stages = &context.resolution.stages;
    // The names declared by the end of each stage.
    let mut declared_by_end: Vec<BTreeSet<String>> = Vec::with_capacity(stages.len());
    for (index, stage) in stages.iter().enumerate() {
        let mut declared = parent_stage(stage)
            .and_then(|parent| declared_by_end.get(parent).cloned())
            .unwrap_or_default();
        for instruction in context.stage_instructions(index) {
            match (&instruction.arguments, instruction.kind) {
                (Arguments::Words(words), Some(Keyword::Arg)) => {
                    for word in words {
                        let name = word
                            .value
                            .split_once('=')
                            .map_or(word.value.as_str(), |(name, _)| name);
                        declared.insert(name.to_owned());
                    }
                }
                (Arguments::KeyValues(pairs), Some(Keyword::Env)) => {
                    for (position, pair) in pairs.iter().enumerate() {
                        let Ok(expansion) = lexer.expand(&pair.value.value, &NoEnv) else {
                            continue;
                        };
                        for earlier in &pairs[..position] {
                            let name = &earlier.key.value;
                            if !expansion.unmatched.contains(name)
                                || declared.contains(name)
                                || *name == pair.key.value
                            {
                                continue;
                            }
                            diagnostics.push(
                                Diagnostic::new(
                                    &RULE,
                                    pair.value.span,
                                    format!(
                                        "${name} refers to the value {name} had before this ENV, not the one it sets here; set {name} in an earlier ENV"
                                    ),
                                )
                                .with_label(earlier.key.span, "set by the same instruction"),
                            );
                        }
                    }
                    declared.extend(pairs.iter().map(|pair| pair.key.value.clone()));
                }
                _ => {}
            }
        }
        declared_by_end.push(declared);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::lines;

    #[test]
    fn references_to_earlier_pairs_of_the_same_env() {
        let text = "FROM alpine AS base\nENV A=1 B=$A C=${A:-x}\nENV D=$E E=2\nENV PATH=/x:$PATH\nARG V\nENV V=$V URL=/$V\nENV F='$F' G=\\$F H='$F'\nFROM base\nENV A=3 I=$A\nFROM alpine\nENV J=1 K=\"${J}\"\n";
        assert_eq!(lines("DF115", text), [2, 2, 11]);
    }
}
