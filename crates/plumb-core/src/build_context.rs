//! A build context: the directory a Dockerfile is built from, the ignore file that filters it,
//! and, when the front end knows them, the files in it. A workspace input rather than a rule
//! that the context is the Dockerfile's folder, so a compose file can put it elsewhere.

use std::collections::BTreeSet;

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
    pub files: Option<BTreeSet<String>>,
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
                    .all(|(pattern, part)| go_match(pattern, part))
        }))
    }
}

/// Go's `filepath.Match` for one path component: `*`, `?`, `[…]` classes with ranges and `^`
/// negation, `\` escapes. A malformed pattern matches nothing, as Go reports it an error.
pub fn go_match(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    // Positions to retry from after a `*`: the classic linear-time wildcard matcher.
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, n));
                p += 1;
                continue;
            }
            Some('?') => {
                p += 1;
                n += 1;
                continue;
            }
            Some('[') => {
                if let Some((matched, next)) = class_matches(&pattern, p, name[n]) {
                    if matched {
                        p = next;
                        n += 1;
                        continue;
                    }
                } else {
                    return false;
                }
            }
            Some('\\') if p + 1 < pattern.len() && pattern[p + 1] == name[n] => {
                p += 2;
                n += 1;
                continue;
            }
            // An escaped character that is not this one.
            Some('\\') if p + 1 < pattern.len() => {}
            Some(&literal) if literal == name[n] => {
                p += 1;
                n += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((star_p, star_n)) => {
                p = star_p + 1;
                n = star_n + 1;
                star = Some((star_p, star_n + 1));
            }
            None => return false,
        }
    }
    pattern[p..].iter().all(|&ch| ch == '*')
}

/// Whether `ch` is in the class starting at `pattern[start]` (`[`), and where the class ends;
/// `None` for a malformed class.
fn class_matches(pattern: &[char], start: usize, ch: char) -> Option<(bool, usize)> {
    let mut index = start + 1;
    let negated = pattern.get(index) == Some(&'^');
    if negated {
        index += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let low = match pattern.get(index)? {
            ']' if !first => break,
            '\\' => {
                index += 1;
                *pattern.get(index)?
            }
            &other => other,
        };
        index += 1;
        let high = if pattern.get(index) == Some(&'-') && pattern.get(index + 1) != Some(&']') {
            index += 1;
            let high = match pattern.get(index)? {
                '\\' => {
                    index += 1;
                    *pattern.get(index)?
                }
                &other => other,
            };
            index += 1;
            high
        } else {
            low
        };
        matched |= low <= ch && ch <= high;
        first = false;
    }
    Some((matched != negated, index + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(files: &[&str]) -> BuildContext {
        BuildContext {
            directory: "app".into(),
            ignore_file: None,
            files: Some(files.iter().map(|file| (*file).to_owned()).collect()),
            assumed: false,
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

    #[test]
    fn go_match_follows_filepath_match() {
        assert!(go_match("*", "anything"));
        assert!(go_match("a*b*c", "axxbyyc"));
        assert!(!go_match("a*b", "axxc"));
        assert!(go_match("[^a]x", "bx"));
        assert!(!go_match("[^a]x", "ax"));
        assert!(go_match("[a-c]", "b"));
        assert!(go_match("\\*", "*"));
        assert!(!go_match("[", "a"));
        assert!(go_match("ünï*", "ünïcode"));
    }
}
