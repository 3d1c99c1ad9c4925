//! A build context: the directory a Dockerfile is built from, the ignore file that filters it,
//! and, when the front end knows them, the files in it. A workspace input rather than a rule
//! that the context is the Dockerfile's folder, so a compose file can put it elsewhere.

use crate::glob;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The files of a build context, relative to its directory: one listing, shared by the
/// Dockerfiles built from it (the analysis asks for each one's context).
pub type ContextFiles = Arc<BTreeSet<String>>;

/// A build context's entries with their contents' digests, shared like [`ContextFiles`].
pub type ContextListing = Arc<Vec<crate::context_tree::ContextEntry>>;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BuildContext {
    /// The context's directory as a workspace path, `/`-separated without a trailing slash
    /// (empty for the workspace's root).
    pub directory: String,
    /// The workspace path of the ignore file that applies, if any.
    pub ignore_file: Option<String>,
    /// The files the builder receives: every file in the directory that the ignore file
    /// lets through, relative to the directory and `/`-separated; `None` when the front end
    /// does not know them (then nothing is checked against them).
    pub files: Option<ContextFiles>,
    /// What a plan hashes of the context (`context_tree`): every entry the ignore file lets
    /// through, with its content digest, when the front end listed them so; `None` when
    /// it did not (a plan then hashes the workspace's own files of the context, if it has
    /// them all).
    pub listing: Option<ContextListing>,
    /// Nobody said this is the context: it is the Dockerfile's own folder by default, which
    /// is often but not always what the build uses (`docker build -f dir/Dockerfile .`).
    pub assumed: bool,
}

impl BuildContext {
    /// The directory part of a workspace path (empty for a file at the root).
    pub fn directory_of(path: &str) -> &str {
        path.rfind('/').map_or("", |slash| &path[..slash])
    }

    /// The workspace path of `relative`, a path inside the context.
    pub fn workspace_path(&self, relative: &str) -> String {
        if self.directory.is_empty() {
            relative.to_owned()
        } else {
            format!("{}/{relative}", self.directory)
        }
    }

    /// The paths below `directory` (a workspace path, empty for the root) that the
    /// builder receives from it: relative to it, without those `ignore` excludes.
    pub fn files_below<'a>(
        paths: impl IntoIterator<Item = &'a str>,
        directory: &str,
        ignore: Option<&crate::dockerfile::dockerignore::Dockerignore>,
    ) -> BTreeSet<String> {
        let prefix = if directory.is_empty() {
            String::new()
        } else {
            format!("{directory}/")
        };
        paths
            .into_iter()
            .filter_map(|path| path.strip_prefix(&prefix))
            .filter(|relative| {
                ignore.is_none_or(|ignore| !ignore.matches_or_parent_matches(relative))
            })
            .map(str::to_owned)
            .collect()
    }

    /// Whether any known file is `path` or lies below it, or (with wildcards) matches it or
    /// lies below a directory that does, component by component as Go's `filepath.Match`
    /// (which BuildKit uses for COPY sources) matches. `None` when the files are not known.
    pub fn has_match(&self, path: &str) -> Option<bool> {
        let files = self.files.as_ref()?;
        let pattern: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
        if pattern.is_empty() {
            return Some(true);
        }
        let literal = !path.contains(['*', '?', '[', '\\']);
        if literal {
            let joined = pattern.join("/");
            let below = format!("{joined}/");
            let found = files
                .range(joined.clone()..)
                .next()
                .is_some_and(|file| file == &joined || file.starts_with(&below));
            return Some(found);
        }
        Some(files.iter().any(|file| {
            let parts: Vec<&str> = file.split('/').collect();
            parts.len() >= pattern.len()
                && pattern
                    .iter()
                    .zip(&parts)
                    .all(|(pattern, part)| glob::segment_matches(pattern, part))
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(files: &[&str]) -> BuildContext {
        BuildContext {
            directory: "app".into(),
            ignore_file: None,
            files: Some(Arc::new(
                files.iter().map(|file| (*file).to_owned()).collect(),
            )),
            assumed: false,
            listing: None,
        }
    }

    #[test]
    fn literal_paths_match_files_and_directories() {
        let context = context(&["package.json", "src/index.js", "srcs"]);
        assert_eq!(context.has_match("package.json"), Some(true));
        assert_eq!(context.has_match("src"), Some(true));
        assert_eq!(context.has_match("src/"), Some(true));
        assert_eq!(context.has_match("/src/index.js"), Some(true));
        assert_eq!(context.has_match("sr"), Some(false));
        assert_eq!(context.has_match("missing.txt"), Some(false));
        assert_eq!(context.has_match("."), Some(false));
        assert_eq!(context.workspace_path("a/b"), "app/a/b");
        assert_eq!(BuildContext::default().has_match("x"), None);
    }

    #[test]
    fn wildcards_match_component_by_component() {
        let context = context(&["package.json", "package-lock.json", "src/a.js", "docs/x.md"]);
        assert_eq!(context.has_match("package*.json"), Some(true));
        assert_eq!(context.has_match("*.lock"), Some(false));
        assert_eq!(context.has_match("src/*.js"), Some(true));
        assert_eq!(context.has_match("*.js"), Some(false));
        assert_eq!(context.has_match("d?cs"), Some(true));
        assert_eq!(context.has_match("[a-c]*"), Some(false));
    }
}
