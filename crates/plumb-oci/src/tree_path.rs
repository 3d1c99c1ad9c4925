//! Paths inside a root filesystem, as raw bytes, and the order layers list them in.

use std::cmp::Ordering;
use std::fmt;

/// A path below the tree's root: relative, `/`-separated, with no empty, `.` or `..`
/// component and no trailing slash. Bytes, because file names need not be UTF-8.
///
/// Paths order as `tar --sort=name` lists a tree: depth first, a directory right before its
/// contents, siblings by their bytes. Comparing with `/` as the lowest byte does exactly that
/// (`a/b` before `a-b`), since no name holds a NUL.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct TreePath(Box<[u8]>);

/// Why a name from an archive or a database names no place inside the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OutsideTree {
    Absolute,
    ParentComponent,
}

impl TreePath {
    /// An archive member's name: `./` and empty components dropped, `None` for the root
    /// itself. Absolute names and `..` are refused, never resolved.
    pub(crate) fn from_member_name(name: &[u8]) -> Result<Option<Self>, OutsideTree> {
        if name.starts_with(b"/") {
            return Err(OutsideTree::Absolute);
        }
        Self::from_components(name)
    }

    /// A path as dpkg lists it (`/usr/bin/env`, `/.` for the root).
    pub(crate) fn from_absolute(name: &[u8]) -> Result<Option<Self>, OutsideTree> {
        Self::from_components(name.strip_prefix(b"/").unwrap_or(name))
    }

    fn from_components(name: &[u8]) -> Result<Option<Self>, OutsideTree> {
        let mut path = Vec::with_capacity(name.len());
        for component in name.split(|&byte| byte == b'/') {
            match component {
                b"" | b"." => {}
                b".." => return Err(OutsideTree::ParentComponent),
                _ => {
                    if !path.is_empty() {
                        path.push(b'/');
                    }
                    path.extend_from_slice(component);
                }
            }
        }
        Ok((!path.is_empty()).then(|| Self(path.into_boxed_slice())))
    }

    /// Components already known to be valid names (from a directory listing).
    pub(crate) fn from_names<'a>(names: impl IntoIterator<Item = &'a [u8]>) -> Option<Self> {
        let joined = names.into_iter().collect::<Vec<_>>().join(&b'/');
        (!joined.is_empty()).then(|| Self(joined.into_boxed_slice()))
    }

    /// This path with one more component, a name from a directory listing.
    pub(crate) fn child(parent: Option<&Self>, name: &[u8]) -> Self {
        match parent {
            None => Self(name.into()),
            Some(parent) => Self([&parent.0[..], b"/", name].concat().into_boxed_slice()),
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub(crate) fn components(&self) -> impl DoubleEndedIterator<Item = &[u8]> {
        self.0.split(|&byte| byte == b'/')
    }

    pub(crate) fn file_name(&self) -> &[u8] {
        self.components().next_back().unwrap_or_default()
    }

    /// The first component: the top-level directory this path lies in (or is).
    pub(crate) fn top_level(&self) -> &[u8] {
        self.components().next().unwrap_or_default()
    }

    /// Whether `self` lies strictly below `ancestor`.
    pub(crate) fn is_below(&self, ancestor: &Self) -> bool {
        self.0
            .strip_prefix(&ancestor.0[..])
            .is_some_and(|rest| rest.starts_with(b"/"))
    }

    /// The parent's bytes, `None` for a top-level path.
    pub(crate) fn parent_bytes(&self) -> Option<&[u8]> {
        let slash = self.0.iter().rposition(|&byte| byte == b'/')?;
        Some(&self.0[..slash])
    }
}

impl Ord for TreePath {
    fn cmp(&self, other: &Self) -> Ordering {
        let key = |byte: &u8| if *byte == b'/' { 0 } else { *byte };
        self.0.iter().map(key).cmp(other.0.iter().map(key))
    }
}

impl PartialOrd for TreePath {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for TreePath {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&String::from_utf8_lossy(&self.0))
    }
}

impl fmt::Debug for TreePath {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:?}", String::from_utf8_lossy(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_tree::path;

    #[test]
    fn member_names_are_normalised() {
        assert_eq!(path("./usr//bin/").as_bytes(), b"usr/bin");
        assert_eq!(path("etc/./passwd").as_bytes(), b"etc/passwd");
        assert_eq!(TreePath::from_member_name(b"./"), Ok(None));
        assert_eq!(TreePath::from_member_name(b"."), Ok(None));
    }

    #[test]
    fn names_leaving_the_tree_are_refused() {
        assert_eq!(
            TreePath::from_member_name(b"/etc/passwd"),
            Err(OutsideTree::Absolute)
        );
        assert_eq!(
            TreePath::from_member_name(b"usr/../../etc"),
            Err(OutsideTree::ParentComponent)
        );
        assert_eq!(
            TreePath::from_absolute(b"/usr/bin/env").unwrap().unwrap(),
            path("usr/bin/env")
        );
        assert_eq!(TreePath::from_absolute(b"/."), Ok(None));
    }

    /// GNU tar's `--sort=name`: a directory's contents right after it, before a sibling
    /// whose name continues with a byte below `/`.
    #[test]
    fn order_is_depth_first() {
        let mut paths = ["a-b", "a/b", "a", "a.c", "a/b/c", "B", "a0"].map(path);
        paths.sort();
        let sorted: Vec<_> = paths.iter().map(ToString::to_string).collect();
        assert_eq!(sorted, ["B", "a", "a/b", "a/b/c", "a-b", "a.c", "a0"]);
    }

    #[test]
    fn relations() {
        let usr_bin = path("usr/bin");
        assert!(usr_bin.is_below(&path("usr")));
        assert!(!path("usr-local").is_below(&path("usr")));
        assert!(!usr_bin.is_below(&usr_bin));
        assert_eq!(usr_bin.parent_bytes(), Some(&b"usr"[..]));
        assert_eq!(path("usr").parent_bytes(), None);
        assert_eq!(usr_bin.file_name(), b"bin");
        assert_eq!(usr_bin.top_level(), b"usr");
        assert_eq!(TreePath::child(Some(&usr_bin), b"env"), path("usr/bin/env"));
        assert_eq!(
            TreePath::from_names([&b"usr"[..], b"bin"]),
            Some(usr_bin.clone())
        );
    }
}
