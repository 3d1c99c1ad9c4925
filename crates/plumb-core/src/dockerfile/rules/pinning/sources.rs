//! What a COPY or ADD source is, as BuildKit decides it (`convert_copy.go`,
//! `dfgitutil.ParseGitRef`, `gitutil.ParseURL`): a Git repository, an HTTP(S) download, or a
//! path in the build context (or in the `--from` stage).

use crate::dockerfile::go_text::parse_bool;

/// A COPY or ADD source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    Git(GitSource),
    Http,
    Local,
}

/// What a Git source says about the revision it fetches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GitSource {
    /// The repository's address: the source without its query and fragment.
    pub remote: String,
    /// The ref from the fragment (`#v1.2:subdir`) or the `ref`/`tag`/`branch` query keys.
    pub reference: Option<String>,
    /// The `checksum` or `commit` query key.
    pub checksum: Option<String>,
    /// The `keep-git-dir` query key.
    pub keep_git_dir: Option<bool>,
}

/// Reads a source the way ADD does.
pub fn classify(source: &str) -> SourceKind {
    if let Some(git) = git_source(source) {
        return SourceKind::Git(git);
    }
    if source.starts_with("http://") || source.starts_with("https://") {
        SourceKind::Http
    } else {
        SourceKind::Local
    }
}

/// Reads a build context (compose's `build.context`, a value of `additional_contexts`) the
/// way buildx does: as ADD reads a source, except that `github.com/…` is a GitHub repository.
pub fn classify_context(context: &str) -> SourceKind {
    match context.strip_prefix("github.com/") {
        Some(repository) => classify(&format!("git://github.com/{repository}")),
        None => classify(context),
    }
}

/// `ParseGitRef`: `scheme://` URLs with a Git protocol (HTTP(S) only when the path ends in
/// `.git`) and SCP-like `user@host:path`. `./`, `../` and the deprecated `github.com/…` form
/// are local paths for ADD.
fn git_source(source: &str) -> Option<GitSource> {
    if source.starts_with("./") || source.starts_with("../") || source.starts_with("github.com/") {
        return None;
    }
    let (before_fragment, fragment) = match source.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (source, None),
    };
    let (address, query) = match before_fragment.split_once('?') {
        Some((address, query)) => (address, Some(query)),
        None => (before_fragment, None),
    };
    if let Some(scheme_end) = scheme_length(source) {
        let scheme = source[..scheme_end].to_ascii_lowercase();
        if !["http", "https", "ssh", "git"].contains(&scheme.as_str()) {
            return None;
        }
        let after_scheme = &address[scheme_end + 3..];
        let path = after_scheme
            .find('/')
            .map_or("", |slash| &after_scheme[slash..]);
        if scheme.starts_with("http") && !path.ends_with(".git") {
            return None;
        }
    } else if !is_scp_like(address) {
        return None;
    }
    let mut git = GitSource {
        remote: address.to_owned(),
        ..GitSource::default()
    };
    if let Some(fragment) = fragment.filter(|fragment| !fragment.is_empty()) {
        let reference = fragment
            .split_once(':')
            .map_or(fragment, |(reference, _)| reference);
        if !reference.is_empty() {
            git.reference = Some(reference.to_owned());
        }
    }
    for pair in query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "ref" | "tag" | "branch" if !value.is_empty() => {
                git.reference = Some(value.to_owned());
            }
            "checksum" | "commit" if !value.is_empty() => git.checksum = Some(value.to_owned()),
            "keep-git-dir" => {
                git.keep_git_dir = if value.is_empty() {
                    Some(true)
                } else {
                    parse_bool(value)
                };
            }
            _ => {}
        }
    }
    Some(git)
}

/// The length of the scheme when `text` starts with `[a-zA-Z0-9]+://`.
fn scheme_length(text: &str) -> Option<usize> {
    let length = text
        .bytes()
        .take_while(|byte| byte.is_ascii_alphanumeric())
        .count();
    (length > 0 && text[length..].starts_with("://")).then_some(length)
}

/// `^([a-zA-Z0-9-_]+)@([a-zA-Z0-9-.]+):` (the rest is path, query and fragment).
fn is_scp_like(address: &str) -> bool {
    let Some((user, rest)) = address.split_once('@') else {
        return false;
    };
    let Some((host, _)) = rest.split_once(':') else {
        return false;
    };
    let valid = |text: &str, extra: u8| {
        !text.is_empty()
            && text
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == extra)
    };
    valid(user, b'_') && valid(host, b'.')
}

/// Whether a Git revision names a commit: a full SHA-1 or SHA-256 object name.
pub fn is_commit(revision: &str) -> bool {
    matches!(revision.len(), 40 | 64) && revision.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// Names that look like archives ADD might unpack (hadolint's list, plus Zstandard).
const ARCHIVE_EXTENSIONS: [&str; 17] = [
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz", ".zst", ".tzst",
];

pub fn looks_like_archive(path: &str) -> bool {
    ARCHIVE_EXTENSIONS
        .iter()
        .any(|extension| path.ends_with(extension))
}

/// Tar archives, plain or compressed in a format BuildKit decompresses when ADD unpacks a
/// local archive (gzip, bzip2, xz, zstd).
pub fn is_tarball(path: &str) -> bool {
    let name = basename(path);
    [".tar", ".tgz", ".tbz", ".tbz2", ".tb2", ".txz", ".tzst"]
        .iter()
        .any(|extension| name.ends_with(extension))
        || [".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst"]
            .iter()
            .any(|extension| name.ends_with(extension))
}

/// The last path component.
pub fn basename(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

/// `path.Clean("/" + path)`: the path relative to the root it is read from.
pub fn clean(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_classified_like_buildkit() {
        let git = |text: &str| match classify(text) {
            SourceKind::Git(git) => Some(git),
            _ => None,
        };
        let pinned =
            git("https://github.com/moby/buildkit.git?tag=v0.20.0&checksum=0123abc").unwrap();
        assert_eq!(pinned.reference.as_deref(), Some("v0.20.0"));
        assert_eq!(pinned.checksum.as_deref(), Some("0123abc"));
        assert_eq!(pinned.remote, "https://github.com/moby/buildkit.git");
        let fragment = git("git@github.com:moby/buildkit.git#main:docs").unwrap();
        assert_eq!(fragment.reference.as_deref(), Some("main"));
        assert_eq!(
            git("ssh://git@example.com/x.git?keep-git-dir")
                .unwrap()
                .keep_git_dir,
            Some(true)
        );
        assert!(git("HTTPS://github.com/moby/buildkit.git").is_some());
        assert_eq!(
            classify("https://github.com/moby/buildkit"),
            SourceKind::Http
        );
        assert_eq!(
            classify("https://example.com/a.git/file.tgz"),
            SourceKind::Http
        );
        // Only lower-case `http(s)://` is a download; other schemes are context paths.
        assert_eq!(classify("HTTPS://example.com/file"), SourceKind::Local);
        assert_eq!(classify("ftp://example.com/file"), SourceKind::Local);
        assert_eq!(classify("github.com/moby/buildkit"), SourceKind::Local);
        assert_eq!(classify("./user@host:path"), SourceKind::Local);
        assert_eq!(classify("app.tar.gz"), SourceKind::Local);
        let SourceKind::Git(github) = classify_context("github.com/docker/buildx#v0.20.0") else {
            panic!("github.com/… is a Git context");
        };
        assert_eq!(github.reference.as_deref(), Some("v0.20.0"));
        assert_eq!(classify_context("./github.com/x"), SourceKind::Local);
    }

    #[test]
    fn paths_and_names() {
        assert_eq!(clean("."), "/");
        assert_eq!(clean("./"), "/");
        assert_eq!(clean("/"), "/");
        assert_eq!(clean("a/../.."), "/");
        assert_eq!(clean("./src/"), "/src");
        assert!(is_tarball("dist/app-1.2.tar.gz"));
        assert!(is_tarball("rootfs.tar"));
        assert!(!is_tarball("notes.gz"));
        assert!(looks_like_archive("notes.gz"));
        assert!(!looks_like_archive("app.zip"));
        assert!(is_commit("0123456789abcdef0123456789abcdef01234567"));
        assert!(!is_commit("0123456"));
        assert_eq!(basename("/tmp/app.tgz"), "app.tgz");
    }
}
