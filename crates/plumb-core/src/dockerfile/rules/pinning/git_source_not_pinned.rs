//! DF204: `ADD <git repository>` without a commit, or keeping its `.git` folder.

use super::remote_add_without_checksum::add_sources;
use super::sources::{GitSource, SourceKind, classify, is_commit};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::go_text::parse_bool;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "DF204",
    name: "git-source-not-pinned",
    title: "Git source not pinned to a commit",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`ADD https://github.com/org/repo.git#v1.2.3 /src` fetches whatever the tag \
or branch points at when the build runs; without a ref it fetches the default branch. Tags \
can be moved and branches move all the time, so the same Dockerfile builds different code.

Pin the commit and let BuildKit verify it: `ADD --checksum=<commit> \
https://github.com/org/repo.git#v1.2.3 /src` (Dockerfile 1.17 and later), or in the URL, \
`https://github.com/org/repo.git?tag=v1.2.3&checksum=<commit>`. A full commit hash as the \
ref (`#<40 hex digits>`) pins as well.

The rule also reports `--keep-git-dir=true` (or `?keep-git-dir=true`): the `.git` folder \
holds pack files and an index that differ from one clone to the next, so the layer is never \
the same twice. Keep it only when the build really reads Git metadata.

Checkout times are a separate matter: files from Git get the time of the checkout unless the \
URL says `?mtime=commit` (Dockerfile 1.23) or the image is exported with \
`rewrite-timestamp=true`. Neither hadolint nor BuildKit's checks report unpinned Git \
sources; hadolint's DL3020 even reports `ADD git@…` as a local file."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23@sha256:0a7b1ab0e1ad9b1ae0fbd9a9bdd0bd8bd1c8b0c4b7e9f7d8e5b7c4a1d2e3f4a5 AS build\nADD https://github.com/moby/buildkit.git#v0.20.0 /src\nWORKDIR /src\nRUN go build ./cmd/buildctl\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23@sha256:0a7b1ab0e1ad9b1ae0fbd9a9bdd0bd8bd1c8b0c4b7e9f7d8e5b7c4a1d2e3f4a5 AS build\nADD --checksum=121ecd5b9083b8eef32183cd404dd13e15b4a3b3 https://github.com/moby/buildkit.git#v0.20.0 /src\nWORKDIR /src\nRUN go build ./cmd/buildctl\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    add_sources(context, |instruction, word, value| {
        let SourceKind::Git(git) = classify(value) else {
            return;
        };
        let flag_checksum = instruction
            .last_flag("checksum")
            .and_then(|flag| flag.value())
            .is_some_and(|checksum| !checksum.is_empty());
        if !flag_checksum && !pins_commit(&git) {
            let follows = follows(&git);
            diagnostics.push(Diagnostic::new(
                &RULE,
                word.span,
                format!(
                    "Git source \"{value}\" follows {follows}; pin the commit with --checksum=<commit> (or ?checksum=<commit> in the URL)"
                ),
            ));
        }
        let keep_flag = instruction
            .last_flag("keep-git-dir")
            .filter(|flag| flag.value().map_or(Some(true), parse_bool) == Some(true));
        if keep_flag.is_some() || git.keep_git_dir == Some(true) {
            let span = keep_flag.map_or(word.span, |flag| flag.span);
            diagnostics.push(Diagnostic::new(
                &RULE,
                span,
                "keep-git-dir keeps the .git folder, whose pack files and index differ from one clone to the next; leave it out unless the build reads Git metadata",
            ));
        }
    });
}

/// Whether the URL itself pins a commit: a `checksum`/`commit` key, or a full commit hash as
/// the ref.
pub fn pins_commit(git: &GitSource) -> bool {
    git.checksum.is_some() || git.reference.as_deref().is_some_and(is_commit)
}

/// What an unpinned Git source fetches, for messages: `the ref "v1", which can move`.
pub fn follows(git: &GitSource) -> String {
    match &git.reference {
        Some(reference) => format!("the ref \"{reference}\", which can move"),
        None => "the default branch".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::findings;

    #[test]
    fn refs_checksums_and_kept_git_folders() {
        let text = "FROM alpine\nADD git@github.com:moby/buildkit.git /a\nADD https://github.com/moby/buildkit.git?tag=v1&commit=abc /b\nADD https://github.com/moby/buildkit.git#0123456789abcdef0123456789abcdef01234567 /c\nADD --keep-git-dir=true --checksum=abc https://github.com/moby/buildkit.git#main /d\nADD https://example.com/archive.tgz /e\n";
        let found: Vec<String> = findings(&RULE, text)
            .into_iter()
            .map(|diagnostic| diagnostic.message)
            .collect();
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].contains("follows the default branch"));
        assert!(found[1].starts_with("keep-git-dir keeps"));
    }
}
