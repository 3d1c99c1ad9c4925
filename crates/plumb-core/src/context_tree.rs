//! The digest of a build context's contents: what the builder receives of it, and nothing
//! the machine or the moment adds. The front end lists the context (the entries its ignore
//! file lets through: path, type, content digest, whether executable, link target); the core
//! turns the listing into one digest, so that two clones, a browser and a CLI agree on it.
//!
//! Each entry becomes a record `{"path", "type", "mode", "sha256" | "target"}`: paths
//! `/`-separated and relative to the context, `type` `file`, `directory` or `symlink`, and the
//! mode normalised as git normalises it (`0755` for directories, executable files and
//! symlinks' own `0777`, `0644` for other files), so neither the umask's group and other bits
//! nor mtimes or owners count. The records, sorted by path, are written as one canonical JSON
//! array (RFC 8785); its SHA-256 is the context's digest.

use crate::canonical_json;
use crate::digest;
use serde::Serialize;

/// What one path of the context is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntryKind {
    /// `sha256` is the content's digest, `sha256:<hex>`.
    File {
        sha256: String,
        executable: bool,
    },
    Directory,
    Symlink {
        target: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ContextEntry {
    /// Relative to the context, `/`-separated.
    pub path: String,
    pub kind: EntryKind,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the context lists {path} twice, as different things")]
pub struct ListedTwice {
    pub path: String,
}

#[derive(Serialize)]
struct Record<'a> {
    path: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    mode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<&'a str>,
}

impl ContextEntry {
    fn record(&self) -> Record<'_> {
        let (kind, mode, sha256, target) = match &self.kind {
            EntryKind::File { sha256, executable } => {
                let mode = if *executable { "0755" } else { "0644" };
                ("file", mode, Some(sha256.as_str()), None)
            }
            EntryKind::Directory => ("directory", "0755", None, None),
            EntryKind::Symlink { target } => ("symlink", "0777", None, Some(target.as_str())),
        };
        Record {
            path: &self.path,
            kind,
            mode,
            sha256,
            target,
        }
    }
}

/// The listing of a context known only by its files' paths (relative, `/`-separated) and
/// contents, as a browser knows it: each a regular file that is not executable, with every
/// folder above it.
pub fn listing_of_files<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Vec<ContextEntry> {
    let mut entries = Vec::new();
    let mut directories = std::collections::BTreeSet::new();
    for (path, contents) in files {
        let mut parent = path;
        while let Some(slash) = parent.rfind('/') {
            parent = &parent[..slash];
            if !directories.insert(parent.to_owned()) {
                break;
            }
        }
        entries.push(ContextEntry {
            path: path.to_owned(),
            kind: EntryKind::File {
                sha256: digest::sha256(contents),
                executable: false,
            },
        });
    }
    entries.extend(directories.into_iter().map(|path| ContextEntry {
        path,
        kind: EntryKind::Directory,
    }));
    entries
}

/// The canonical bytes the digest is taken over: the records sorted by path.
pub fn canonical_listing(entries: &[ContextEntry]) -> Result<Vec<u8>, ListedTwice> {
    let mut sorted: Vec<&ContextEntry> = entries.iter().collect();
    sorted.sort();
    sorted.dedup();
    if let Some(pair) = sorted.windows(2).find(|pair| pair[0].path == pair[1].path) {
        return Err(ListedTwice {
            path: pair[0].path.clone(),
        });
    }
    let records: Vec<Record> = sorted.iter().map(|entry| entry.record()).collect();
    // Strings only: the canonical form always exists.
    Ok(canonical_json::to_vec(&records).unwrap_or_default())
}

/// The context's digest, `sha256:<hex>`.
pub fn tree_digest(entries: &[ContextEntry]) -> Result<String, ListedTwice> {
    canonical_listing(entries).map(|bytes| digest::sha256(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, content: &[u8], executable: bool) -> ContextEntry {
        ContextEntry {
            path: path.into(),
            kind: EntryKind::File {
                sha256: digest::sha256(content),
                executable,
            },
        }
    }

    fn listing() -> Vec<ContextEntry> {
        vec![
            file("start.sh", b"#!/bin/sh\n", true),
            ContextEntry {
                path: "src".into(),
                kind: EntryKind::Directory,
            },
            file("src/main.js", b"console.log(1)\n", false),
            ContextEntry {
                path: "current".into(),
                kind: EntryKind::Symlink {
                    target: "src".into(),
                },
            },
        ]
    }

    #[test]
    fn the_records_are_written_in_path_order_as_canonical_json() {
        let bytes = canonical_listing(&listing()).unwrap();
        let start = digest::sha256(b"#!/bin/sh\n");
        let main = digest::sha256(b"console.log(1)\n");
        let expected = format!(
            "[{{\"mode\":\"0777\",\"path\":\"current\",\"target\":\"src\",\"type\":\"symlink\"}},\
             {{\"mode\":\"0755\",\"path\":\"src\",\"type\":\"directory\"}},\
             {{\"mode\":\"0644\",\"path\":\"src/main.js\",\"sha256\":\"{main}\",\"type\":\"file\"}},\
             {{\"mode\":\"0755\",\"path\":\"start.sh\",\"sha256\":\"{start}\",\"type\":\"file\"}}]"
        );
        assert_eq!(String::from_utf8(bytes).unwrap(), expected);
        assert_eq!(
            tree_digest(&listing()).unwrap(),
            digest::sha256(expected.as_bytes())
        );
    }

    #[test]
    fn the_order_of_the_listing_does_not_count_but_every_fact_does() {
        let mut reversed = listing();
        reversed.reverse();
        let digest_of = |entries: &[ContextEntry]| tree_digest(entries).unwrap();
        assert_eq!(digest_of(&reversed), digest_of(&listing()));

        let mut not_executable = listing();
        not_executable[0] = file("start.sh", b"#!/bin/sh\n", false);
        let mut edited = listing();
        edited[2] = file("src/main.js", b"console.log(2)\n", false);
        let mut relinked = listing();
        relinked[3].kind = EntryKind::Symlink {
            target: "src/main.js".into(),
        };
        let fewer = &listing()[..3];
        for changed in [&not_executable[..], &edited, &relinked, fewer] {
            assert_ne!(digest_of(changed), digest_of(&listing()));
        }
    }

    #[test]
    fn a_path_listed_twice_as_different_things_is_refused() {
        let mut twice = listing();
        twice.push(listing()[0].clone());
        assert!(tree_digest(&twice).is_ok(), "the same entry twice is one");
        twice.push(file("start.sh", b"other", true));
        assert_eq!(
            tree_digest(&twice),
            Err(ListedTwice {
                path: "start.sh".into()
            })
        );
    }
}
