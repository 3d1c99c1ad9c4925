//! DF115: an ENV value that refers to a variable the same ENV sets.

use super::parent_stage;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Arguments, Keyword};
use crate::dockerfile::shell_lexer::{Lexer, NoEnv};
use crate::rules::{FixAvailability, Rule, Upstream};
use std::collections::{BTreeMap, BTreeSet};

pub static RULE: Rule = Rule {
    code: "DF115",
    name: "env-self-reference",
    title: "ENV value refers to a variable set in the same ENV",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL3044")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "All the values of one `ENV` instruction are expanded with the variables as \
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
stage."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:bookworm-slim\nENV APP_HOME=/opt/app PATH=$APP_HOME/bin:$PATH\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:bookworm-slim\nENV APP_HOME=/opt/app\nENV PATH=$APP_HOME/bin:$PATH\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let lexer = Lexer::new(context.dockerfile.escape);
    let stages = &context.resolution.stages;
    // The names declared by the end of each stage.
    let mut declared_by_end: Vec<BTreeSet<String>> = Vec::with_capacity(stages.len());
    // How many stages are built on each: the last of them takes the names over.
    let mut children = vec![0usize; stages.len()];
    for (index, stage) in stages.iter().enumerate() {
        if let Some(parent) = parent_stage(stage).filter(|&parent| parent < index) {
            children[parent] += 1;
        }
    }
    for (index, stage) in stages.iter().enumerate() {
        let mut declared = match parent_stage(stage) {
            Some(parent) if parent < declared_by_end.len() => {
                children[parent] -= 1;
                if children[parent] == 0 {
                    std::mem::take(&mut declared_by_end[parent])
                } else {
                    declared_by_end[parent].clone()
                }
            }
            _ => BTreeSet::new(),
        };
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
                    // The earlier pairs of this ENV, by name.
                    let mut earlier_pairs: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
                    for (position, pair) in pairs.iter().enumerate() {
                        if position > 0 {
                            let key = pairs[position - 1].key.value.as_str();
                            earlier_pairs.entry(key).or_default().push(position - 1);
                        }
                        let Ok(expansion) = lexer.expand(&pair.value.value, &NoEnv) else {
                            continue;
                        };
                        // The earlier pairs setting a name the value uses, in their order.
                        let mut referred: Vec<usize> = expansion
                            .unmatched
                            .iter()
                            .filter(|name| !declared.contains(*name) && **name != pair.key.value)
                            .filter_map(|name| earlier_pairs.get(name.as_str()))
                            .flatten()
                            .copied()
                            .collect();
                        referred.sort_unstable();
                        for earlier in referred.into_iter().map(|index| &pairs[index]) {
                            let name = &earlier.key.value;
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
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn references_to_earlier_pairs_of_the_same_env() {
        let text = "FROM alpine AS base\nENV A=1 B=$A C=${A:-x}\nENV D=$E E=2\nENV PATH=/x:$PATH\nARG V\nENV V=$V URL=/$V\nENV F='$F' G=\\$F H='$F'\nFROM base\nENV A=3 I=$A\nFROM alpine\nENV J=1 K=\"${J}\"\n";
        assert_eq!(lines(&RULE, text), [2, 2, 11]);
    }

    #[test]
    fn each_earlier_pair_is_reported_in_order() {
        let text = "FROM scratch\nENV A=1 B=2 A=3 C=$B$A D=${A} A=$A\n";
        let found: Vec<(String, Vec<usize>)> = crate::testing::findings(&RULE, text)
            .iter()
            .map(|diagnostic| {
                let labels = diagnostic
                    .labels
                    .iter()
                    .map(|label| label.span.start)
                    .collect();
                (
                    diagnostic
                        .message
                        .split(' ')
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                    labels,
                )
            })
            .collect();
        let key = |pair: &str| text.find(pair).unwrap();
        assert_eq!(
            found,
            [
                ("$A".to_owned(), vec![key("A=1")]),
                ("$B".to_owned(), vec![key("B=2")]),
                ("$A".to_owned(), vec![key("A=3")]),
                ("$A".to_owned(), vec![key("A=1")]),
                ("$A".to_owned(), vec![key("A=3")]),
            ]
        );
    }
}
