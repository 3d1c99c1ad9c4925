//! `plumb.lock`: the external inputs of a workspace pinned by digest, written as canonical
//! JSON (RFC 8785) so that the same resolution gives the same bytes everywhere. It pins
//! images (the `# syntax=` frontend and every `FROM` base, `COPY --from` and mount image of
//! every Dockerfile, and the image of every compose service that builds none): what a tag
//! resolved to, each platform's manifest and config, and each config's `Env`; and the ADD
//! sources the Dockerfiles do not pin themselves: each download by the SHA-256 of its
//! bytes, each Git source by the commit its ref named.
//!
//! The lock records the references it resolved and their digest, so it goes stale only when
//! the files name other images, not when any other line changes; finding which references
//! changed needs no network. Resolving is the front end's work (it talks to registries); the
//! model, its bytes and the staleness check are here, pure.

use crate::analysis::Analysis;
use crate::canonical_json;
use crate::compose::service_images;
use crate::digest;
use crate::dockerfile::Document;
use crate::dockerfile::external_images::external_images;
use crate::dockerfile::image_reference;
use crate::dockerfile::remote_sources::{RemoteKind, remote_sources};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The lock's file name, in the directory it locks.
pub const LOCK_FILE: &str = "plumb.lock";

/// The format version this code writes and reads.
pub const LOCK_VERSION: u64 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    pub version: u64,
    /// The digest of the references resolved (see [`references_digest`]).
    pub references: String,
    /// By reference, as the Dockerfiles name it.
    pub images: BTreeMap<String, LockedImage>,
    /// ADD downloads without `--checksum`, by URL as the build fetches it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub downloads: BTreeMap<String, LockedDownload>,
    /// ADD Git sources without a commit, by source as the build fetches it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub git: BTreeMap<String, LockedGit>,
    /// When the lock was first written, in seconds since 1970: the time a plan's build
    /// writes when nothing more specific gives one (kept when the lock is written again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_date_epoch: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedImage {
    /// Where it was resolved: `registry` or `containers-storage` (the same image has other
    /// digests in each, compressed differently).
    pub source: String,
    /// What the reference names: an image index or a single manifest, `sha256:<hex>`.
    pub digest: String,
    pub media_type: String,
    /// By platform (`os/architecture[/variant]`).
    pub platforms: BTreeMap<String, PlatformImage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformImage {
    pub manifest: String,
    pub config: String,
    /// The image's environment (`NAME=value`), which the build's stages start with.
    pub env: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedDownload {
    /// The SHA-256 of the bytes downloaded, `sha256:<hex>` (what `ADD --checksum` takes).
    pub sha256: String,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedGit {
    /// The ref resolved: the source's own, or `HEAD` when it names none.
    pub reference: String,
    /// The commit it named (an annotated tag's commit, not the tag object).
    pub commit: String,
}

/// The external references of a workspace's files that a lock pins, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExternalReferences {
    pub images: BTreeSet<String>,
    pub downloads: BTreeSet<String>,
    /// Each Git source as written, with the repository and the ref it fetches.
    pub git: BTreeMap<String, GitRef>,
}

/// Where a Git source is fetched from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitRef {
    pub remote: String,
    /// The ref fetched (`None`: the repository's HEAD).
    pub reference: Option<String>,
}

impl ExternalReferences {
    /// All of them, the identity of what a lock resolves.
    pub fn all(&self) -> BTreeSet<String> {
        self.images
            .iter()
            .chain(&self.downloads)
            .chain(self.git.keys())
            .cloned()
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LockError {
    #[error("not a plumb.lock: {0}")]
    Unreadable(String),
    #[error("plumb.lock has format version {0}; this plumb reads version {LOCK_VERSION}")]
    Version(u64),
    #[error("{0}")]
    Canonical(#[from] canonical_json::CanonicalError),
}

/// Which references changed since the lock was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staleness {
    /// Named by the files, not in the lock.
    pub added: Vec<String>,
    /// In the lock, no longer named.
    pub removed: Vec<String>,
}

impl Staleness {
    pub fn is_fresh(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

impl Lock {
    /// The lock of `images` alone.
    pub fn new(images: BTreeMap<String, LockedImage>) -> Self {
        Self::with_sources(images, BTreeMap::new(), BTreeMap::new())
    }

    /// The lock of images, downloads and Git sources, resolved for exactly their references.
    pub fn with_sources(
        images: BTreeMap<String, LockedImage>,
        downloads: BTreeMap<String, LockedDownload>,
        git: BTreeMap<String, LockedGit>,
    ) -> Self {
        let mut lock = Self {
            version: LOCK_VERSION,
            references: String::new(),
            images,
            downloads,
            git,
            source_date_epoch: None,
        };
        lock.references = references_digest(&lock.keys().cloned().collect());
        lock
    }

    /// Every reference the lock resolved: its images, downloads and Git sources.
    fn keys(&self) -> impl Iterator<Item = &String> {
        self.images
            .keys()
            .chain(self.downloads.keys())
            .chain(self.git.keys())
    }

    /// The bytes of the lock file: canonical JSON and a final newline.
    pub fn to_bytes(&self) -> Result<Vec<u8>, LockError> {
        let mut bytes = canonical_json::to_vec(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, LockError> {
        let version = serde_json::from_slice::<serde_json::Value>(bytes)
            .map_err(|error| LockError::Unreadable(error.to_string()))?
            .get("version")
            .and_then(serde_json::Value::as_u64);
        match version {
            Some(LOCK_VERSION) => serde_json::from_slice(bytes)
                .map_err(|error| LockError::Unreadable(error.to_string())),
            Some(other) => Err(LockError::Version(other)),
            None => Err(LockError::Unreadable("no format version".into())),
        }
    }

    /// How the references the files name now differ from those the lock resolved. A
    /// reference written with the digest the lock pinned for it (`ref@sha256:…`, what DF201's
    /// fix writes) is the locked `ref`.
    pub fn staleness(&self, references: &BTreeSet<String>) -> Staleness {
        let mut matched = BTreeSet::new();
        let mut added = Vec::new();
        for reference in references {
            match self.locked_key(reference) {
                Some(key) => {
                    matched.insert(key);
                }
                None => added.push(reference.clone()),
            }
        }
        let removed = self
            .keys()
            .filter(|key| !matched.contains(key.as_str()))
            .cloned()
            .collect();
        Staleness { added, removed }
    }

    /// The environment the lock recorded for the image `reference` names, on `platform`
    /// (`os/architecture[/variant]`): what a stage built on it starts with.
    pub fn image_env(&self, reference: &str, platform: &str) -> Option<&[String]> {
        let key = self.locked_key(reference)?;
        let image = self.images.get(key)?.platforms.get(platform)?;
        Some(&image.env)
    }

    /// The key of the lock entry that pins `reference`, if one does.
    fn locked_key(&self, reference: &str) -> Option<&str> {
        if let Some(key) = self.keys().find(|key| *key == reference) {
            return Some(key);
        }
        let (written, digest) = reference.split_once('@')?;
        self.images
            .get_key_value(written)
            .filter(|(_, image)| image.digest == digest)
            .map(|(key, _)| key.as_str())
    }
}

/// The digest of a set of references: SHA-256 of their canonical JSON array, in order.
pub fn references_digest(references: &BTreeSet<String>) -> String {
    // An array of strings is always in the canonical subset.
    digest::sha256(&canonical_json::to_vec(references).unwrap_or_default())
}

/// Every external reference of the analysed Dockerfiles and compose files that a lock can
/// pin: the images they pull, as complete references (no variable left without a value)
/// that parse, and the ADD downloads and Git sources they do not pin themselves.
pub fn external_references(workspace: &Workspace, analysis: &Analysis) -> ExternalReferences {
    let mut references = references_of(
        analysis
            .files
            .iter()
            .filter_map(|file| file.document.as_dockerfile()),
    );
    for compose_file in service_images::project_files(workspace) {
        references
            .images
            .extend(compose_images(workspace, compose_file));
    }
    references
}

/// The images the services of `compose_file`'s project pull (those that build nothing)
/// that a lock can pin; none when docker compose refuses the project.
pub fn compose_images(workspace: &Workspace, compose_file: &str) -> BTreeSet<String> {
    service_images::service_images(workspace, compose_file)
        .unwrap_or_default()
        .iter()
        .filter_map(|service| service.pulled())
        .filter(|pulled| lockable(pulled))
        .map(str::to_owned)
        .collect()
}

/// Whether a reference names one image: no variable left, and it parses.
pub fn lockable(reference: &str) -> bool {
    !reference.contains('$') && image_reference::parse(reference).is_ok()
}

/// [`external_references`] of some Dockerfiles.
pub fn references_of<'a>(documents: impl IntoIterator<Item = &'a Document>) -> ExternalReferences {
    let mut references = ExternalReferences::default();
    for document in documents {
        references.images.extend(
            external_images(&document.dockerfile, &document.resolution)
                .into_iter()
                .map(|image| image.pulled)
                .filter(|pulled| lockable(pulled)),
        );
        for source in remote_sources(document) {
            if source.pinned.is_some() {
                continue;
            }
            match source.kind {
                RemoteKind::Download => {
                    references.downloads.insert(source.url);
                }
                RemoteKind::Git { remote, reference } => {
                    references
                        .git
                        .insert(source.url, GitRef { remote, reference });
                }
            }
        }
    }
    references
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FileKind, analyze};

    fn image(digest: &str) -> LockedImage {
        LockedImage {
            source: "registry".into(),
            digest: digest.into(),
            media_type: "application/vnd.oci.image.manifest.v1+json".into(),
            platforms: BTreeMap::from([(
                "linux/amd64".into(),
                PlatformImage {
                    manifest: digest.into(),
                    config: "sha256:c0".into(),
                    env: vec!["PATH=/bin".into()],
                },
            )]),
        }
    }

    fn references(text: &str) -> BTreeSet<String> {
        let mut workspace = Workspace::new();
        workspace.add_file("Dockerfile", FileKind::Dockerfile, text);
        external_references(&workspace, &analyze(&workspace)).all()
    }

    #[test]
    fn the_lock_is_canonical_json_and_reads_back() {
        let lock = Lock::new(BTreeMap::from([
            ("registry.test/b:1".to_owned(), image("sha256:b1")),
            ("registry.test/a:1".to_owned(), image("sha256:a1")),
        ]));
        let bytes = lock.to_bytes().unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.starts_with("{\"images\":{\"registry.test/a:1\":{\"digest\":\"sha256:a1\""));
        assert!(text.ends_with(&format!(
            "\"references\":\"{}\",\"version\":1}}\n",
            lock.references
        )));
        assert_eq!(Lock::parse(&bytes).unwrap(), lock);
        assert_eq!(
            lock.references,
            references_digest(&BTreeSet::from([
                "registry.test/a:1".to_owned(),
                "registry.test/b:1".to_owned()
            ]))
        );
    }

    #[test]
    fn other_versions_and_other_files_are_refused() {
        assert_eq!(Lock::parse(b"{\"version\":2}"), Err(LockError::Version(2)));
        assert!(matches!(Lock::parse(b"[]"), Err(LockError::Unreadable(_))));
        assert!(matches!(
            Lock::parse(b"{\"version\":1,\"images\":{}}"),
            Err(LockError::Unreadable(_))
        ));
    }

    #[test]
    fn only_other_references_make_the_lock_stale() {
        let text = "ARG BASE=registry.test/a:1\nFROM $BASE AS build\nRUN make\nFROM registry.test/b:1\nCOPY --from=build /out /\n";
        let named = references(text);
        assert_eq!(
            named,
            BTreeSet::from([
                "registry.test/a:1".to_owned(),
                "registry.test/b:1".to_owned()
            ])
        );
        let lock = Lock::new(
            named
                .iter()
                .map(|reference| (reference.clone(), image("sha256:00")))
                .collect(),
        );
        let edited = references(&text.replace("RUN make", "RUN make install"));
        assert!(lock.staleness(&edited).is_fresh());

        let moved = references(&text.replace("registry.test/b:1", "registry.test/b:2"));
        assert_eq!(
            lock.staleness(&moved),
            Staleness {
                added: vec!["registry.test/b:2".into()],
                removed: vec!["registry.test/b:1".into()],
            }
        );
    }

    #[test]
    fn the_locked_digest_written_into_the_file_keeps_the_lock_fresh() {
        let lock = Lock::new(BTreeMap::from([(
            "registry.test/a:1".to_owned(),
            image("sha256:a1"),
        )]));
        let written = |text: &str| BTreeSet::from([text.to_owned()]);
        assert!(
            lock.staleness(&written("registry.test/a:1@sha256:a1"))
                .is_fresh()
        );
        assert_eq!(
            lock.staleness(&written("registry.test/a:1@sha256:b2")),
            Staleness {
                added: vec!["registry.test/a:1@sha256:b2".into()],
                removed: vec!["registry.test/a:1".into()],
            }
        );
    }

    #[test]
    fn references_a_lock_cannot_pin_are_left_out() {
        assert!(references("ARG TAG\nFROM registry.test/a:${TAG}\nFROM scratch\n").is_empty());
    }

    #[test]
    fn downloads_and_git_sources_are_locked_unless_the_file_pins_them() {
        let text = "FROM scratch\nARG V=1\nADD https://example.com/t-$V.tgz /t\nADD --checksum=sha256:00 https://example.com/pinned /p\nADD https://example.com/r.git#main /r\n";
        let named = references(text);
        assert_eq!(
            named,
            BTreeSet::from([
                "https://example.com/r.git#main".to_owned(),
                "https://example.com/t-1.tgz".to_owned()
            ])
        );
        let lock = Lock::with_sources(
            BTreeMap::new(),
            BTreeMap::from([(
                "https://example.com/t-1.tgz".to_owned(),
                LockedDownload {
                    sha256: "sha256:11".into(),
                    size: 3,
                },
            )]),
            BTreeMap::from([(
                "https://example.com/r.git#main".to_owned(),
                LockedGit {
                    reference: "main".into(),
                    commit: "c0".repeat(20),
                },
            )]),
        );
        assert_eq!(lock.references, references_digest(&named));
        assert!(lock.staleness(&named).is_fresh());
        assert_eq!(Lock::parse(&lock.to_bytes().unwrap()).unwrap(), lock);
        let bumped = references(&text.replace("V=1", "V=2"));
        assert_eq!(
            lock.staleness(&bumped),
            Staleness {
                added: vec!["https://example.com/t-2.tgz".into()],
                removed: vec!["https://example.com/t-1.tgz".into()],
            }
        );
    }
}
