//! `plumb check --fix` and `--diff`: apply fixes repeatedly until nothing changes, then
//! write the files or show the change as a unified diff.

use crate::discover::Loaded;
use anyhow::{Context, Result, bail};
use plumb_core::fix::apply_fixes;
use plumb_core::{FileKind, analyze};
use similar::TextDiff;
use std::collections::{BTreeMap, BTreeSet};

/// A fix can enable another (an edit moves text another rule looks at); more rounds than
/// this mean the fixes do not converge.
const MAX_ROUNDS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    Write,
    Diff,
}

#[derive(Debug, Default)]
pub struct FixOutcome {
    pub fixed: usize,
    pub files: usize,
    pub diff: String,
}

impl FixOutcome {
    pub fn summary(&self) -> String {
        match self.fixed {
            0 => "No fixes applied.".to_owned(),
            1 => format!("Applied 1 fix in {} file.", self.files),
            count => format!(
                "Applied {count} fixes in {} file{}.",
                self.files,
                if self.files == 1 { "" } else { "s" }
            ),
        }
    }
}

/// Fixes the findings of every rule but the `ignored` ones (plumb codes).
pub fn fix_workspace(
    loaded: &mut Loaded,
    mode: FixMode,
    include_unsafe: bool,
    ignored: &BTreeSet<&str>,
) -> Result<FixOutcome> {
    let mut outcome = FixOutcome::default();
    let mut originals: BTreeMap<String, String> = BTreeMap::new();
    for _ in 0..MAX_ROUNDS {
        let analysis = analyze(&loaded.workspace);
        let mut changed = false;
        for file in analysis
            .files
            .iter()
            .filter(|file| file.kind == FileKind::Dockerfile)
        {
            let path = file.source.path();
            // Text that was not UTF-8 was decoded lossily: writing it back would lose bytes
            // (whether or not its DF009 finding is reported).
            if loaded.not_utf8.contains(path) {
                continue;
            }
            let findings: Vec<_> = analysis
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.file == path && !ignored.contains(diagnostic.code))
                .cloned()
                .collect();
            let (fixed, applied) = apply_fixes(file.source.text(), &findings, include_unsafe);
            if applied == 0 || fixed == file.source.text() {
                continue;
            }
            originals
                .entry(path.to_owned())
                .or_insert_with(|| file.source.text().to_owned());
            loaded.workspace.replace_contents(path, fixed.into_bytes());
            outcome.fixed += applied;
            changed = true;
        }
        if !changed {
            break;
        }
    }
    let analysis = analyze(&loaded.workspace);
    for (path, original) in &originals {
        let Some(fixed) = analysis.file(path).map(|file| file.text().to_owned()) else {
            continue;
        };
        outcome.files += 1;
        match mode {
            FixMode::Diff => {
                let diff = TextDiff::from_lines(original.as_str(), fixed.as_str());
                outcome.diff.push_str(
                    &diff
                        .unified_diff()
                        .header(&format!("a/{path}"), &format!("b/{path}"))
                        .to_string(),
                );
            }
            FixMode::Write => {
                let Some(real) = &loaded.real_paths[path] else {
                    bail!("cannot write {path}: it was read from standard input");
                };
                std::fs::write(real, fixed).with_context(|| format!("cannot write {path}"))?;
            }
        }
    }
    Ok(outcome)
}
