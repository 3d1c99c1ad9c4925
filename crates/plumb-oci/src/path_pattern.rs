//! The path patterns of layering rules: `/`-separated components where `*` matches any
//! bytes within a component, `?` one byte, and a `**` component any number of components.
//! A pattern matches an entry when it matches the entry's path or one of its ancestors, so
//! `usr/share/doc` takes everything below that directory too.

use crate::error::Error;
use crate::tree_path::TreePath;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPattern {
    text: String,
    components: Vec<Component>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Component {
    AnyDepth,
    Glob(Vec<u8>),
}

impl PathPattern {
    /// Relative, without empty, `.` or `..` components: `usr/share/locale`, `usr/lib/*/perl*`,
    /// `**/__pycache__`.
    pub fn new(text: &str) -> Result<Self, Error> {
        let invalid = |reason| Error::Pattern {
            pattern: text.to_owned(),
            reason,
        };
        if text.starts_with('/') {
            return Err(invalid("patterns are relative to the tree's root"));
        }
        let components = text
            .split('/')
            .map(|component| match component {
                "" => Err(invalid("an empty component")),
                "." | ".." => Err(invalid("`.` and `..` name no entry of the tree")),
                "**" => Ok(Component::AnyDepth),
                glob => Ok(Component::Glob(glob.as_bytes().to_vec())),
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            text: text.to_owned(),
            components,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the pattern matches `path` or an ancestor of it: run over the path's
    /// components as a set of positions in the pattern, done once any reaches its end.
    pub(crate) fn matches(&self, path: &TreePath) -> bool {
        let mut positions = self.closure(vec![0]);
        for name in path.components() {
            if positions.contains(&self.components.len()) {
                return true;
            }
            let mut next = Vec::new();
            for &position in &positions {
                match self.components.get(position) {
                    Some(Component::AnyDepth) => next.push(position),
                    Some(Component::Glob(glob)) if glob_matches(glob, name) => {
                        next.push(position + 1);
                    }
                    _ => {}
                }
            }
            positions = self.closure(next);
            if positions.is_empty() {
                return false;
            }
        }
        positions.contains(&self.components.len())
    }

    /// The positions, with those a `**` can skip to without consuming a component.
    fn closure(&self, mut positions: Vec<usize>) -> Vec<usize> {
        let mut index = 0;
        while index < positions.len() {
            let position = positions[index];
            if self.components.get(position) == Some(&Component::AnyDepth)
                && !positions.contains(&(position + 1))
            {
                positions.push(position + 1);
            }
            index += 1;
        }
        positions.sort_unstable();
        positions.dedup();
        positions
    }
}

/// `*` and `?` within one component, by bytes; the classic backtracking over the last `*`.
fn glob_matches(glob: &[u8], name: &[u8]) -> bool {
    let (mut at_glob, mut at_name) = (0, 0);
    let mut last_star: Option<(usize, usize)> = None;
    while at_name < name.len() {
        match glob.get(at_glob) {
            Some(b'*') => {
                last_star = Some((at_glob, at_name));
                at_glob += 1;
            }
            Some(&byte) if byte == b'?' || byte == name[at_name] => {
                at_glob += 1;
                at_name += 1;
            }
            _ => match last_star {
                Some((star, matched)) => {
                    at_glob = star + 1;
                    at_name = matched + 1;
                    last_star = Some((star, matched + 1));
                }
                None => return false,
            },
        }
    }
    glob[at_glob..].iter().all(|&byte| byte == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, path: &str) -> bool {
        PathPattern::new(pattern).unwrap().matches(
            &TreePath::from_member_name(path.as_bytes())
                .unwrap()
                .unwrap(),
        )
    }

    #[test]
    fn a_pattern_takes_its_directory_and_everything_below() {
        assert!(matches("usr/share/doc", "usr/share/doc"));
        assert!(matches("usr/share/doc", "usr/share/doc/bash/copyright"));
        assert!(!matches("usr/share/doc", "usr/share"));
        assert!(!matches("usr/share/doc", "usr/share/doc-base"));
    }

    #[test]
    fn globs() {
        assert!(matches(
            "usr/lib/*/perl*",
            "usr/lib/x86_64-linux-gnu/perl5/5.36"
        ));
        assert!(!matches("usr/lib/*/perl*", "usr/lib/perl5"));
        assert!(matches("etc/?asswd", "etc/passwd"));
        assert!(matches("**/__pycache__", "__pycache__/x.pyc"));
        assert!(matches(
            "**/__pycache__",
            "usr/lib/python3/dist/__pycache__/a.pyc"
        ));
        assert!(!matches("**/__pycache__", "usr/lib/python3/cache"));
        assert!(matches("usr/**/*.so", "usr/lib/a/b/libc.so"));
        assert!(matches("usr/**", "usr"));
        assert!(matches("*", "anything/below"));
    }

    #[test]
    fn component_globs() {
        assert!(glob_matches(b"*.so*", b"libz.so.1"));
        assert!(glob_matches(b"a*b*c", b"aXbYbZc"));
        assert!(!glob_matches(b"a*b*c", b"aXbYbZ"));
        assert!(glob_matches(b"", b""));
        assert!(!glob_matches(b"", b"x"));
        assert!(glob_matches(b"**", b"x"));
    }

    #[test]
    fn invalid_patterns_are_refused() {
        for pattern in ["/usr", "usr//lib", "usr/../etc", "", "./usr"] {
            assert!(PathPattern::new(pattern).is_err(), "{pattern}");
        }
    }
}
