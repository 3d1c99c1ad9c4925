//! The remote sources of a Dockerfile's ADD instructions: HTTP(S) downloads and Git
//! repositories, with their values as BuildKit expands them, and what the Dockerfile itself
//! pins each to (`--checksum`, a Git source's `checksum`/`commit` key or a commit as its
//! ref). The lock resolves the others; the plan takes each from one or the other.

use super::Document;
use super::check_context::instructions_by_stage;
use super::instruction::Keyword;
use super::rules::pinning::sources::{SourceKind, classify, is_commit};
use super::rules::structure::{expanded_sources, field_values, resolved_in};
use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteSource {
    /// The stage whose ADD fetches it.
    pub stage: usize,
    /// The source after expansion, as the build fetches it.
    pub url: String,
    /// The source word as written.
    pub span: Span,
    pub kind: RemoteKind,
    /// The digest the Dockerfile pins it to: a download's `sha256:…`, a Git commit.
    pub pinned: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteKind {
    Download,
    Git {
        /// The repository's address, without the source's query and fragment.
        remote: String,
        /// The ref fetched (`None`: the repository's HEAD).
        reference: Option<String>,
    },
}

impl RemoteKind {
    /// What it is, for messages.
    pub fn describe(&self) -> &'static str {
        match self {
            RemoteKind::Download => "the download",
            RemoteKind::Git { .. } => "the Git source",
        }
    }
}

/// Every download and Git source of the ADD instructions of the file's stages, in file order;
/// a source whose expansion failed is left out.
pub fn remote_sources(document: &Document) -> Vec<RemoteSource> {
    let mut sources = Vec::new();
    for (stage, instruction) in instructions_by_stage(&document.dockerfile) {
        if instruction.kind != Some(Keyword::Add) {
            continue;
        }
        let Some(stage) = stage else { continue };
        let Some(resolved) = resolved_in(&document.resolution, stage, instruction) else {
            continue;
        };
        let Some(sources_written) = expanded_sources(resolved, instruction) else {
            continue;
        };
        let checksum = field_values(resolved, "checksum")
            .last()
            .filter(|checksum| !checksum.is_empty())
            .map(|checksum| (*checksum).to_owned());
        for (value, word) in sources_written {
            let (kind, pinned) = match classify(value) {
                SourceKind::Http => (RemoteKind::Download, checksum.clone()),
                SourceKind::Git(git) => {
                    let commit = git
                        .reference
                        .clone()
                        .filter(|reference| is_commit(reference));
                    let pinned = git.checksum.or(checksum.clone()).or(commit);
                    let kind = RemoteKind::Git {
                        remote: git.remote,
                        reference: git.reference,
                    };
                    (kind, pinned)
                }
                SourceKind::Local => continue,
            };
            sources.push(RemoteSource {
                stage,
                url: value.to_owned(),
                span: word.span,
                kind,
                pinned,
            });
        }
    }
    sources
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Parsed;

    #[test]
    fn downloads_and_git_sources_are_expanded_with_what_pins_them() {
        let commit = "a".repeat(40);
        let text = format!(
            "FROM scratch\nARG V=1.2\nADD https://example.com/tool-$V.tgz /t\nADD --checksum=sha256:00 https://example.com/b /b\nADD https://example.com/repo.git#v1:sub ./local /r\nADD git@example.com:org/repo.git?commit={commit} /s\nADD https://example.com/r.git#{commit} /c\n"
        );
        let document = Parsed::new(&text).document;
        let sources = remote_sources(&document);
        let found: Vec<(&str, Option<&str>)> = sources
            .iter()
            .map(|source| (source.url.as_str(), source.pinned.as_deref()))
            .collect();
        let git_source = format!("git@example.com:org/repo.git?commit={commit}");
        let pinned_ref = format!("https://example.com/r.git#{commit}");
        assert_eq!(
            found,
            [
                ("https://example.com/tool-1.2.tgz", None),
                ("https://example.com/b", Some("sha256:00")),
                ("https://example.com/repo.git#v1:sub", None),
                (git_source.as_str(), Some(commit.as_str())),
                (pinned_ref.as_str(), Some(commit.as_str())),
            ]
        );
        assert_eq!(
            sources[2].kind,
            RemoteKind::Git {
                remote: "https://example.com/repo.git".into(),
                reference: Some("v1".into())
            }
        );
    }
}
