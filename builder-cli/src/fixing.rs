//! `plumb check --fix` and `--diff`: the core's fix engine applies fixes until nothing
//! changes; this writes the files or shows the change as a unified diff.

use crate::discover::Loaded;
use anyhow::{Context, Result, bail};
use plumb_core::fix::{FixLevel, fix_workspace};
use similar::TextDiff;

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

/// Fixes the loaded files with the core's fix engine, then writes them or diffs them.
pub fn fix_files(loaded: &mut Loaded, mode: FixMode, level: FixLevel) -> Result<FixOutcome> {
    let fixed = fix_workspace(&loaded.workspace, level, None);
    let mut outcome = FixOutcome {
        fixed: fixed.applied,
        files: fixed.files.len(),
        diff: String::new(),
    };
    for (path, text) in &fixed.files {
        match mode {
            FixMode::Diff => {
                let original = loaded.workspace.text(path).unwrap_or_default();
                let diff = TextDiff::from_lines(original.as_ref(), text.as_str());
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
                std::fs::write(real, text).with_context(|| format!("cannot write {path}"))?;
            }
        }
    }
    for (path, text) in fixed.files {
        loaded.workspace.replace_contents(&path, text.into_bytes());
    }
    Ok(outcome)
}
