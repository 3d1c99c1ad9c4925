//! DF109: `COPY --from` / `--mount=from=` naming neither a stage nor a usable image.

use super::from_words;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::image_reference;
use crate::dockerfile::instruction::{Flag, Keyword};
use crate::dockerfile::mount::parse_mount;
use crate::rules::{FixAvailability, Rule, Upstream};
use std::collections::BTreeSet;

pub static RULE: Rule = Rule {
    code: "DF109",
    name: "copy-from-unknown-stage",
    title: "COPY --from names no stage",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL3022")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`COPY --from=name` and `RUN --mount=from=name` read from the stage called \
`name`, and when there is none, from the image `name`. A misspelt stage name therefore does \
not fail where it is written: BuildKit tries to pull an image of that name, and the build \
fails later with a registry error, or, worse, succeeds with an unrelated image.\n\n\
plumb reports a name that is no stage of the file when it cannot be an image either (it is \
not a valid image reference: BuildKit stops with `failed to parse stage name`), or when it is \
one typo away from a stage name and looks like a bare Docker Hub name (no registry, tag or \
digest). A repository with capitals is DF033's finding (an error), not this rule's.\n\n\
hadolint's DL3022 reports every name that is not a stage defined *above* and contains no \
`:`, so it also flags images such as `--from=nginx` and stages defined later. Stages defined \
later or the stage itself are a BuildKit error here (DF024), numbers out of range too; plumb \
leaves real images alone."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=biuld /out/app /usr/local/bin/app\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /usr/local/bin/app\nCOPY --from=nginx:1.27 /etc/nginx/mime.types /etc/mime.types\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let stages: Vec<String> = context
        .dockerfile
        .instructions
        .iter()
        .filter_map(|instruction| from_words(instruction)?.stage)
        .map(|(_, name)| name.value.to_lowercase())
        .collect();
    let names: BTreeSet<&str> = stages.iter().map(String::as_str).collect();
    for (stage, instruction) in context.instructions() {
        if stage.is_none() {
            continue;
        }
        for flag in &instruction.flags {
            let (from, how) = match (instruction.kind, flag.name()) {
                (Some(Keyword::Copy), "from") => {
                    (flag.value().unwrap_or_default().to_owned(), "COPY --from")
                }
                (Some(Keyword::Run), "mount") => {
                    let Some(from) = parse_mount(flag.value().unwrap_or_default())
                        .ok()
                        .and_then(|mount| mount.from)
                    else {
                        continue;
                    };
                    (from, "RUN --mount from")
                }
                _ => continue,
            };
            check_reference(&from, how, flag, (&stages, &names), diagnostics);
        }
    }
}

fn check_reference(
    from: &str,
    how: &str,
    flag: &Flag,
    (stages, names): (&[String], &BTreeSet<&str>),
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Variables (DF022), stage numbers (DF024) and stage names are someone else's business.
    if from.is_empty()
        || from.contains('$')
        || from.parse::<i64>().is_ok()
        || names.contains(from.to_lowercase().as_str())
    {
        return;
    }
    // Capitals in the repository are DF033's.
    if image_reference::lowercase_problem(from).is_some() {
        return;
    }
    if let Err(reason) = image_reference::parse(from) {
        let mut diagnostic = Diagnostic::new(
            &RULE,
            flag.span,
            format!("{how}={from} names no stage and is not a valid image reference: {reason}"),
        );
        if let Some(stage) = closest_stage(&from.to_lowercase(), stages) {
            diagnostic = diagnostic.with_note(format!("did you mean the stage {stage:?}?"));
        }
        if !from.is_ascii() {
            diagnostic = diagnostic.with_note(
                "BuildKit reads flag values byte by byte, so characters outside ASCII arrive garbled and match no stage name",
            );
        }
        diagnostics.push(diagnostic);
        return;
    }
    if from.contains(['/', ':', '@']) {
        return;
    }
    if let Some(stage) = closest_stage(from, stages) {
        diagnostics.push(
            Diagnostic::new(
                &RULE,
                flag.span,
                format!("{how}={from} names no stage, so BuildKit pulls an image of that name (did you mean {stage}?)"),
            )
            .with_note(format!("`{from}` is one typo away from the stage `{stage}`")),
        );
    }
}

/// A stage name one typo away (two for long names), when neither name merely extends the
/// other (`alpine` is not a typo of a stage `alpine3`).
fn closest_stage<'a>(name: &str, stages: &'a [String]) -> Option<&'a str> {
    if name.chars().count() < 3 {
        return None;
    }
    stages
        .iter()
        .filter(|stage| !stage.starts_with(name) && !name.starts_with(stage.as_str()))
        .map(|stage| (typo_distance(name, stage), stage))
        .filter(|(distance, stage)| {
            let shorter = name.chars().count().min(stage.chars().count());
            *distance <= if shorter <= 5 { 1 } else { 2 }
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, stage)| stage.as_str())
}

/// Edit distance counting a swap of two neighbours as one edit (optimal string alignment).
fn typo_distance(left: &str, right: &str) -> usize {
    let a: Vec<char> = left.chars().collect();
    let b: Vec<char> = right.chars().collect();
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in table.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in table[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (table[i - 1][j] + 1)
                .min(table[i][j - 1] + 1)
                .min(table[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(table[i - 2][j - 2] + 1);
            }
            table[i][j] = best;
        }
    }
    table[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use super::typo_distance;
    use crate::testing::lines;

    #[test]
    fn distances() {
        assert_eq!(typo_distance("biuld", "build"), 1);
        assert_eq!(typo_distance("buld", "build"), 1);
        assert_eq!(typo_distance("gcc", "go"), 2);
        assert_eq!(typo_distance("", "ab"), 2);
    }

    #[test]
    fn invalid_references_and_typos() {
        let text = "FROM golang AS build\nFROM node AS assets\nFROM alpine AS alpine3\nFROM alpine\nCOPY --from=Build /a /a\nCOPY --from=Buidl /a /a\nCOPY --from=biuld /a /a\nCOPY --from=asets /a /a\nCOPY --from=alpine /a /a\nCOPY --from=nginx /a /a\nCOPY --from=biuld:1 /a /a\nRUN --mount=from=assest,target=/x true\nRUN --mount=from=assets,target=/x true\nCOPY --from=my_app! /a /a\n";
        // `Buidl` has a capital: DF033's finding.
        assert_eq!(lines(&RULE, text), [7, 8, 12, 14]);
    }
}
