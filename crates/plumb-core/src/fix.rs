//! The one fix engine, for the CLI, the browser and the tests: analyse, apply each finding's
//! first allowed fix, and repeat until nothing changes. Within a round findings are taken in
//! output order (file, start, code); a fix whose edits overlap an edit already taken waits
//! for the next round, when it is found again in the fixed text.

use crate::analysis::{Analysis, analyze};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::rules::Rule;
use crate::workspace::Workspace;
use std::collections::{BTreeMap, BTreeSet};

/// A fix can enable another (an edit moves text another rule looks at); more rounds than this
/// mean the fixes do not converge.
const MAX_ROUNDS: usize = 16;

/// Which fixes may be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixLevel {
    /// Meaning-preserving fixes only (`plumb check --fix`).
    Safe,
    /// Also those that may change behaviour (`--unsafe-fixes`).
    Unsafe,
}

impl FixLevel {
    fn allows(self, applicability: Applicability) -> bool {
        self == FixLevel::Unsafe || applicability == Applicability::Safe
    }
}

/// What fixing a workspace did.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The new text of every file a fix changed, by workspace path.
    pub files: BTreeMap<String, String>,
    /// How many fixes were applied, over all rounds.
    pub applied: usize,
    /// False when fixes still applied after the last allowed round.
    pub converged: bool,
    /// The analysis of the fixed workspace.
    pub analysis: Analysis,
}

/// Applies the allowed fixes (of `only` this rule, if given) to `workspace` until nothing
/// changes. Files that were not UTF-8 are left alone: their text was decoded lossily, and
/// writing it back would lose bytes.
pub fn fix_workspace(workspace: &Workspace, level: FixLevel, only: Option<&Rule>) -> Fixed {
    let mut workspace = workspace.clone();
    let mut files = BTreeMap::new();
    let mut applied = 0;
    let mut analysis = analyze(&workspace);
    for _ in 0..MAX_ROUNDS {
        let (texts, count) = apply_round(&analysis, level, only);
        if count == 0 {
            return Fixed {
                files,
                applied,
                converged: true,
                analysis,
            };
        }
        applied += count;
        for (path, text) in texts {
            workspace.replace_contents(&path, text.clone().into_bytes());
            files.insert(path, text);
        }
        analysis = analyze(&workspace);
    }
    let converged = apply_round(&analysis, level, only).1 == 0;
    Fixed {
        files,
        applied,
        converged,
        analysis,
    }
}

/// One round: the fixed text of every file an allowed fix changes, and how many fixes that is.
fn apply_round(
    analysis: &Analysis,
    level: FixLevel,
    only: Option<&Rule>,
) -> (BTreeMap<String, String>, usize) {
    let lossy: BTreeSet<&str> = analysis
        .files
        .iter()
        .filter(|file| file.decoded_lossily)
        .map(|file| file.source.path())
        .collect();
    let mut chosen: BTreeMap<&str, Vec<&Edit>> = BTreeMap::new();
    let mut applied = 0;
    let wanted = analysis
        .diagnostics
        .iter()
        .filter(|diagnostic| only.is_none_or(|rule| diagnostic.is(rule)));
    for diagnostic in wanted {
        let Some(fix) = diagnostic
            .fixes
            .iter()
            .find(|fix| level.allows(fix.applicability))
        else {
            continue;
        };
        let fits = !fix.edits.is_empty()
            && fix.edits.iter().all(|edit| {
                let file = edit_file(diagnostic, edit);
                !lossy.contains(file)
                    && analysis
                        .file(file)
                        .is_some_and(|source| fits_text(source.text(), edit))
                    && chosen
                        .get(file)
                        .is_none_or(|taken| taken.iter().all(|other| !overlaps(other, edit)))
            });
        if fits {
            for edit in &fix.edits {
                chosen
                    .entry(edit_file(diagnostic, edit))
                    .or_default()
                    .push(edit);
            }
            applied += 1;
        }
    }
    let texts = chosen
        .into_iter()
        .filter_map(|(path, edits)| {
            let text = analysis.file(path)?.text();
            let fixed = apply_edits(text, edits);
            (fixed != text).then(|| (path.to_owned(), fixed))
        })
        .collect();
    (texts, applied)
}

/// The file an edit changes: its own, or the finding's.
fn edit_file<'a>(diagnostic: &'a Diagnostic, edit: &'a Edit) -> &'a str {
    edit.file.as_deref().unwrap_or(&diagnostic.file)
}

/// The texts after one fix of one finding, by path: the finding's file and every other file
/// its edits reach (an editor's quick fix). `None` when an edit does not fit its file, when
/// a file was not UTF-8, or when two of the fix's edits overlap.
pub fn apply_fix(
    analysis: &Analysis,
    diagnostic: &Diagnostic,
    fix: &Fix,
) -> Option<BTreeMap<String, String>> {
    let mut by_file: BTreeMap<&str, Vec<&Edit>> = BTreeMap::new();
    for edit in &fix.edits {
        let file = edit_file(diagnostic, edit);
        let source = analysis.analyzed(file)?;
        let taken = by_file.entry(file).or_default();
        if source.decoded_lossily
            || !fits_text(source.source.text(), edit)
            || taken.iter().any(|other| overlaps(other, edit))
        {
            return None;
        }
        taken.push(edit);
    }
    by_file
        .into_iter()
        .map(|(path, edits)| {
            let text = analysis.file(path)?.text();
            Some((path.to_owned(), apply_edits(text, edits)))
        })
        .collect()
}

fn fits_text(text: &str, edit: &Edit) -> bool {
    edit.span.end <= text.len()
        && text.is_char_boundary(edit.span.start)
        && text.is_char_boundary(edit.span.end)
}

/// The text with non-overlapping `edits` applied.
fn apply_edits(text: &str, mut edits: Vec<&Edit>) -> String {
    edits.sort_by_key(|edit| (edit.span.start, edit.span.end));
    let mut result = String::with_capacity(text.len());
    let mut position = 0;
    for edit in edits {
        result.push_str(&text[position..edit.span.start]);
        result.push_str(&edit.replacement);
        position = edit.span.end;
    }
    result.push_str(&text[position..]);
    result
}

/// Two edits conflict when their ranges overlap, or both insert at the same point.
fn overlaps(left: &Edit, right: &Edit) -> bool {
    let same_point =
        left.span.is_empty() && right.span.is_empty() && left.span.start == right.span.start;
    same_point || (left.span.start < right.span.end && right.span.start < left.span.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::FileKind;

    fn workspace(text: &str) -> Workspace {
        let mut workspace = Workspace::new();
        workspace.add_file("Dockerfile", FileKind::Dockerfile, text);
        workspace
    }

    #[test]
    fn applies_fixes_until_nothing_changes() {
        let fixed = fix_workspace(
            &workspace("FROM alpine:3 as base\nrun echo\n"),
            FixLevel::Safe,
            None,
        );
        assert!(fixed.converged);
        assert_eq!(
            fixed.files["Dockerfile"],
            "FROM alpine:3 AS base\nRUN echo\n"
        );
        assert_eq!(fixed.applied, 2);
        let safe_fix_left = fixed.analysis.diagnostics.iter().any(|diagnostic| {
            diagnostic
                .fixes
                .iter()
                .any(|fix| fix.applicability == Applicability::Safe)
        });
        assert!(!safe_fix_left);
    }

    #[test]
    fn one_fix_of_one_finding() {
        let text = "FROM alpine:3 as base\nrun echo\n";
        let analysis = analyze(&workspace(text));
        let casing = analysis
            .diagnostics
            .iter()
            .find(|diagnostic| {
                !diagnostic.fixes.is_empty() && text[diagnostic.span.range()] == *"run"
            })
            .expect("a finding with a fix on `run`");
        let fixed = apply_fix(&analysis, casing, &casing.fixes[0]).expect("the fix applies");
        // Only this finding's fix: `as` is left for its own.
        assert_eq!(fixed["Dockerfile"], "FROM alpine:3 as base\nRUN echo\n");
        assert_eq!(fixed.len(), 1);
    }

    #[test]
    fn unsafe_fixes_need_the_unsafe_level() {
        let text = "FROM node:22\nCOPY package.json package-lock.json ./\nRUN npm install\n";
        let safe = fix_workspace(&workspace(text), FixLevel::Safe, None);
        assert!(
            !safe
                .files
                .get("Dockerfile")
                .is_some_and(|t| t.contains("npm ci"))
        );
        let all = fix_workspace(&workspace(text), FixLevel::Unsafe, None);
        assert!(all.files["Dockerfile"].contains("npm ci"));
    }

    #[test]
    fn files_that_were_not_utf8_are_left_alone() {
        let mut workspace = Workspace::new();
        workspace.add_file(
            "Dockerfile",
            FileKind::Dockerfile,
            b"from alpine\nLABEL a=\xe9\n".to_vec(),
        );
        let fixed = fix_workspace(&workspace, FixLevel::Unsafe, None);
        assert!(fixed.files.is_empty());
        assert_eq!(fixed.applied, 0);
        // Also when the finding that says so is not reported.
        workspace.ignore(&crate::dockerfile::rules::not_utf8::RULE);
        assert!(
            fix_workspace(&workspace, FixLevel::Unsafe, None)
                .files
                .is_empty()
        );
    }

    #[test]
    fn overlapping_edits_wait_for_the_next_round() {
        let edit = |start, end, replacement: &str| Edit {
            file: None,
            span: crate::source::Span::new(start, end),
            replacement: replacement.into(),
        };
        let (a, b, c) = (edit(0, 3, "RUN"), edit(1, 2, "X"), edit(6, 10, "COPY"));
        assert!(overlaps(&a, &b) && !overlaps(&a, &c));
        assert!(overlaps(&edit(4, 4, "x"), &edit(4, 4, "y")));
        assert_eq!(
            apply_edits("run a\ncopy b c\n", vec![&c, &a]),
            "RUN a\nCOPY b c\n"
        );
    }
}
