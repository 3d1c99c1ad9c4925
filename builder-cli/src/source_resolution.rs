//! Resolving the ADD sources a Dockerfile does not pin, for `plumb lock`: a download is
//! fetched once (curl) and pinned by the SHA-256 of its bytes; a Git source's ref is looked
//! up in the repository (`git ls-remote`) and pinned by the commit it names.

use anyhow::{Context as _, Result, bail};
use plumb_core::digest::sha256_of_reader;
use plumb_core::lock::{LockedDownload, LockedGit};
use std::process::Command;

/// The bytes at `url`, by digest and size.
pub fn download(url: &str) -> Result<LockedDownload> {
    let file = tempfile::NamedTempFile::new().context("cannot make a file for the download")?;
    let output = Command::new("curl")
        .args(["--fail", "--location", "--silent", "--show-error"])
        .args(["--proto", "=http,https", "--output"])
        .arg(file.path())
        .arg("--")
        .arg(url)
        .output()
        .context("cannot run curl (Debian package curl)")?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        bail!("cannot download {url}: {}", said.trim());
    }
    let (sha256, size) =
        sha256_of_reader(file.as_file()).with_context(|| format!("cannot read what {url} gave"))?;
    Ok(LockedDownload { sha256, size })
}

/// The commit `reference` (the repository's HEAD when `None`) names in the repository at
/// `remote`.
pub fn git_commit(remote: &str, reference: Option<&str>) -> Result<LockedGit> {
    let wanted = reference.unwrap_or("HEAD");
    // A pattern matches a ref's name, not its peeled `^{}` line: both are asked for.
    let output = Command::new("git")
        .args(["ls-remote", "--"])
        .arg(remote)
        .arg(wanted)
        .arg(format!("{wanted}^{{}}"))
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        bail!("git cannot list the refs of {remote}: {}", said.trim());
    }
    let listing = String::from_utf8_lossy(&output.stdout);
    match commit_named(&listing, wanted) {
        Some(commit) => Ok(LockedGit {
            reference: wanted.to_owned(),
            commit: commit.to_owned(),
        }),
        None => bail!("{remote} has no ref {wanted}"),
    }
}

/// The commit `wanted` names in a `git ls-remote` listing (`<id>\t<ref>` lines): a tag's
/// commit first (its peeled `^{}` line, for an annotated tag), then a branch, then the ref
/// as written.
fn commit_named<'a>(listing: &'a str, wanted: &str) -> Option<&'a str> {
    let refs: Vec<(&str, &str)> = listing
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .collect();
    let find = |name: &str| {
        refs.iter()
            .find(|(_, listed)| *listed == name)
            .map(|(commit, _)| *commit)
    };
    find(&format!("refs/tags/{wanted}^{{}}"))
        .or_else(|| find(&format!("refs/tags/{wanted}")))
        .or_else(|| find(&format!("refs/heads/{wanted}")))
        .or_else(|| find(wanted))
}

#[cfg(test)]
mod tests {
    use super::commit_named;

    #[test]
    fn an_annotated_tag_names_its_commit() {
        let listing = "1111111111111111111111111111111111111111\tHEAD\n2222222222222222222222222222222222222222\trefs/heads/v1\n3333333333333333333333333333333333333333\trefs/tags/v1\n4444444444444444444444444444444444444444\trefs/tags/v1^{}\n";
        assert_eq!(
            commit_named(listing, "v1"),
            Some("4444444444444444444444444444444444444444")
        );
        assert_eq!(
            commit_named(listing, "HEAD"),
            Some("1111111111111111111111111111111111111111")
        );
        assert_eq!(commit_named(listing, "v2"), None);
    }
}
