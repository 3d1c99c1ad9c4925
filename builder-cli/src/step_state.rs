//! The executor's state directory: each step's result under its id, written in a directory
//! beside it and renamed into place when the step succeeded, so a result is either whole or
//! absent. A step interrupted at any moment (kill -9 included) leaves only its partial
//! directory, which the next run discards before doing the step again; a finished step is
//! reused, so a finished build run again does no work.
//!
//! ```text
//! <state>/steps/<id hex>/           a finished step: image/ (OCI layout), result.json, step.log
//! <state>/steps/<id hex>.partial/   a step being run, or interrupted
//! ```

use anyhow::{Context as _, Result};
use std::fs;
use std::path::{Path, PathBuf};

pub struct StepState {
    finished: PathBuf,
    partial: PathBuf,
}

impl StepState {
    /// Where the step with `id` (`sha256:<hex>`) keeps its result below `state`.
    pub fn new(state: &Path, id: &str) -> Self {
        let name = id.strip_prefix("sha256:").unwrap_or(id);
        let steps = state.join("steps");
        Self {
            finished: steps.join(name),
            partial: steps.join(format!("{name}.partial")),
        }
    }

    /// The finished result's directory, if the step has one.
    pub fn finished(&self) -> Option<&Path> {
        self.finished.is_dir().then_some(self.finished.as_path())
    }

    /// An empty directory to run the step in: whatever an interrupted run left is removed.
    pub fn begin(&self) -> Result<&Path> {
        if self.partial.exists() {
            fs::remove_dir_all(&self.partial).with_context(|| {
                format!("cannot remove the interrupted {}", self.partial.display())
            })?;
        }
        fs::create_dir_all(&self.partial)
            .with_context(|| format!("cannot make {}", self.partial.display()))?;
        Ok(&self.partial)
    }

    /// Makes the partial result the finished one, in one rename.
    pub fn finish(&self) -> Result<&Path> {
        fs::rename(&self.partial, &self.finished)
            .with_context(|| format!("cannot finish {}", self.finished.display()))?;
        Ok(&self.finished)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_is_whole_or_absent_and_an_interrupted_one_is_redone() {
        let state = tempfile::tempdir().unwrap();
        let step = StepState::new(state.path(), "sha256:ab12");
        assert!(step.finished().is_none());
        let partial = step.begin().unwrap().to_owned();
        fs::write(partial.join("half"), "").unwrap();
        // Interrupted: the next run starts from an empty directory.
        let again = step.begin().unwrap();
        assert!(fs::read_dir(again).unwrap().next().is_none());
        fs::write(again.join("whole"), "").unwrap();
        let finished = step.finish().unwrap().to_owned();
        assert_eq!(step.finished(), Some(finished.as_path()));
        assert!(finished.join("whole").is_file() && !partial.exists());
    }
}
