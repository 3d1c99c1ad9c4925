//! One entry of a root filesystem, as both inputs (a directory, a tar archive) describe it
//! and every layer writes it.

use crate::tree_path::TreePath;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) path: TreePath,
    pub(crate) kind: EntryKind,
    pub(crate) metadata: Metadata,
}

/// What a tar header records besides the name and type, already normalised: the mode's
/// permission and special bits, numeric owners, the mtime clamped to SOURCE_DATE_EPOCH.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Metadata {
    /// `mode & 0o7777`: setuid, setgid and sticky included.
    pub(crate) mode: u32,
    pub(crate) uid: u64,
    pub(crate) gid: u64,
    /// Whole seconds, at most SOURCE_DATE_EPOCH.
    pub(crate) mtime: u64,
    /// Sorted by name.
    pub(crate) xattrs: Vec<Xattr>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Xattr {
    pub(crate) name: Box<[u8]>,
    pub(crate) value: Box<[u8]>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EntryKind {
    Directory,
    Regular {
        size: u64,
        data: DataSource,
        /// The entries that are one file under several names share this: the index of the
        /// first of them in the tree. `None` for a file with one name.
        hardlink_group: Option<usize>,
    },
    Symlink {
        target: Box<[u8]>,
    },
    CharDevice {
        major: u32,
        minor: u32,
    },
    BlockDevice {
        major: u32,
        minor: u32,
    },
    Fifo,
}

/// Where a regular file's bytes are read from when a layer is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DataSource {
    /// The file at the entry's path below the source directory.
    AtPath,
    /// `size` bytes at this offset of the source archive.
    InArchive { offset: u64 },
}

impl EntryKind {
    pub(crate) fn is_directory(&self) -> bool {
        matches!(self, Self::Directory)
    }
}
