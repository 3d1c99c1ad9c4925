//! One image step before it is written for a backend: the Dockerfile, the stage, the
//! platform, what pins each input, and what the backend must be told. The backends' argv
//! and the bake file are all drawn from this one description.

use super::context_names::context_name;
use super::pinning::PulledImage;
use crate::dockerfile::external_images::ImageUse;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageBuild {
    /// A readable name, unique in the plan: `<dockerfile>:<stage> <platform>`.
    pub name: String,
    /// Workspace path.
    pub dockerfile: String,
    /// The context's workspace directory, `.` for the root.
    pub context: String,
    /// The stage's name when the build must name it (`--target`); the last stage of a
    /// file is built without.
    pub target: Option<String>,
    pub platform: String,
    pub images: Vec<PulledImage>,
    /// The named build contexts: name → directory (workspace path).
    pub named_contexts: BTreeMap<String, String>,
    pub build_args: BTreeMap<String, String>,
    pub secrets: BTreeSet<String>,
    pub source_date_epoch: u64,
    pub offline: bool,
}

impl ImageBuild {
    /// The `# syntax=` frontend, pinned: BuildKit's `BUILDKIT_SYNTAX` value.
    pub fn pinned_frontend(&self) -> Option<String> {
        self.images
            .iter()
            .find(|image| image.used_as == ImageUse::Frontend)
            .and_then(|image| Some(by_digest(&image.reference, image.digest.as_deref()?)))
    }

    /// The named contexts BuildKit must be told: the images pinned by the plan (not by
    /// their own reference), as the name the Dockerfile uses → `docker-image://…@digest`,
    /// and the named directories.
    pub fn build_contexts(&self) -> BTreeMap<String, String> {
        let directories = self
            .named_contexts
            .iter()
            .map(|(name, path)| (name.clone(), path.clone()));
        self.images
            .iter()
            .filter(|image| image.used_as != ImageUse::Frontend && !image.reference.contains('@'))
            .filter_map(|image| {
                let digest = image.digest.as_deref()?;
                Some((
                    context_name(&image.reference),
                    format!("docker-image://{}", by_digest(&image.reference, digest)),
                ))
            })
            .chain(directories)
            .collect()
    }

    /// Every build argument the build gets: the plan's time, then those given.
    pub fn all_build_args(&self) -> BTreeMap<String, String> {
        let mut arguments = self.build_args.clone();
        arguments.insert(
            "SOURCE_DATE_EPOCH".into(),
            self.source_date_epoch.to_string(),
        );
        arguments
    }

    /// The flags both backends take alike: `--build-arg` for each of `arguments`,
    /// `--secret` for each secret (its file a placeholder), `--network none` when offline.
    pub fn shared_flags(&self, arguments: BTreeMap<String, String>) -> Vec<String> {
        let mut flags = Vec::new();
        for (name, value) in arguments {
            flags.extend(["--build-arg".into(), format!("{name}={value}")]);
        }
        for secret in &self.secrets {
            flags.extend([
                "--secret".into(),
                format!("id={secret},src={{secret:{secret}}}"),
            ]);
        }
        if self.offline {
            flags.extend(["--network".into(), "none".into()]);
        }
        flags
    }

    /// The file's path relative to its context (how bake and `docker build` name it when
    /// it lies inside), else as it is.
    pub fn dockerfile_in_context(&self) -> &str {
        if self.context == "." {
            return &self.dockerfile;
        }
        self.dockerfile
            .strip_prefix(&self.context)
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or(&self.dockerfile)
    }
}

/// `reference` with its digest instead of nothing more: the tag stays for readers.
fn by_digest(reference: &str, digest: &str) -> String {
    match reference.split_once('@') {
        Some(_) => reference.to_owned(),
        None => format!("{reference}@{digest}"),
    }
}
