//! What a plan is asked for, beyond the workspace's files: every choice a front end makes,
//! as explicit input, so the browser and the CLI plan the same bytes for the same choices.

use crate::context_tree::ContextEntry;
use crate::options::Platform;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The program that executes a plan's image steps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Backend {
    /// Debian's buildah 1.28: `buildah build` (the executor's backend).
    #[default]
    Buildah,
    /// `docker buildx build`, for any BuildKit builder (and bake files).
    Buildx,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Buildah => "buildah",
            Backend::Buildx => "buildx",
        }
    }

    /// The version plans are written for (the executor refuses another).
    pub fn version(self) -> &'static str {
        match self {
            Backend::Buildah => "1.28",
            Backend::Buildx => "0.13",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanOptions {
    pub backend: Backend,
    /// Empty: the workspace's target platform.
    pub platforms: Vec<Platform>,
    /// The stage built from each Dockerfile; `None`: its last stage.
    pub target: Option<String>,
    pub build_args: BTreeMap<String, String>,
    /// `--build-context NAME=DIR`: directories the Dockerfiles name as `FROM NAME`,
    /// `COPY --from=NAME` or `--mount=from=NAME`, by name.
    pub named_contexts: BTreeMap<String, NamedContext>,
    /// Secret ids; the executor gets their values elsewhere.
    pub secrets: BTreeSet<String>,
    /// `--source-date-epoch`: wins over every other source of the time.
    pub source_date_epoch: Option<u64>,
    /// The commit time of the checkout, when the front end knows it.
    pub commit_time: Option<u64>,
    /// `--locked`: anything unpinned is an error.
    pub locked: bool,
    /// No step gets a network.
    pub offline: bool,
    /// Builds per step that the executor compares.
    pub rebuilds: u64,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            backend: Backend::default(),
            platforms: Vec::new(),
            target: None,
            build_args: BTreeMap::new(),
            named_contexts: BTreeMap::new(),
            secrets: BTreeSet::new(),
            source_date_epoch: None,
            commit_time: None,
            locked: false,
            offline: false,
            rebuilds: 2,
        }
    }
}

/// A directory given to the build under a name, with what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedContext {
    /// Workspace path of the directory, `.` for the root.
    pub path: String,
    /// Every entry below it, as the front end listed it (no ignore file applies); `None`
    /// when it could not, and the plan then has no tree digest for it.
    pub listing: Option<Arc<Vec<ContextEntry>>>,
}
