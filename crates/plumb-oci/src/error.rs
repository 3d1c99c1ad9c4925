//! What can go wrong, always with the file, archive or tree path it concerns.

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("{path}: cannot write: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("{0}: not a directory")]
    NotADirectory(PathBuf),
    /// The layout directory already holds files, which could mix with the new image's.
    #[error("{0}: the layout directory must be empty or absent")]
    LayoutNotEmpty(PathBuf),
    /// `entry` is the entry's path in the tree (or its name in the archive), `origin` the
    /// directory or archive it comes from.
    #[error("{origin}: {entry}: {problem}")]
    Entry {
        origin: PathBuf,
        entry: String,
        problem: EntryProblem,
    },
    /// The archive itself cannot be read on: a bad checksum, a cut-off end.
    #[error("{archive}: {message}{}", after.as_ref().map(|name| format!(" (after {name})")).unwrap_or_default())]
    CorruptArchive {
        archive: PathBuf,
        after: Option<String>,
        message: String,
    },
    #[error("{database}: line {line}: {message}")]
    Dpkg {
        database: String,
        line: usize,
        message: String,
    },
    #[error("the tree has no dpkg database (var/lib/dpkg/status)")]
    NoDpkgDatabase,
    #[error("path pattern `{pattern}`: {reason}")]
    Pattern {
        pattern: String,
        reason: &'static str,
    },
    #[error("gzip level {0}: levels are 0 to 9")]
    CompressionLevel(u32),
    /// Beyond the tar header's eleven octal digits (the year 2242).
    #[error("SOURCE_DATE_EPOCH {0} is beyond what a tar header holds (8589934591)")]
    SourceDateEpoch(u64),
    #[error("cannot serialise {what}: {message}")]
    Json { what: &'static str, message: String },
}

/// What is wrong with one entry of the tree.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryProblem {
    #[error("an absolute name: archive members must be relative")]
    AbsoluteName,
    #[error("a `..` component leaves the tree")]
    ParentComponent,
    #[error("the archive holds this path twice")]
    Duplicate,
    #[error("its parent directory is not in the archive")]
    MissingParent,
    #[error("its parent is not a directory")]
    ParentNotDirectory,
    /// `.wh.` names are whiteouts in a layer: they would delete files below them.
    #[error("a `.wh.` name, which means a deletion in an OCI layer")]
    WhiteoutName,
    #[error("a hard link to `{target}`, which is {reason}")]
    HardlinkTarget {
        target: String,
        reason: &'static str,
    },
    #[error("unsupported entry type {0}")]
    UnsupportedType(String),
    #[error("the device number {0} does not fit a tar header")]
    DeviceNumber(u64),
    #[error("the extended attribute name `{0}` cannot be a PAX record key")]
    XattrName(String),
    #[error("{0}")]
    Pax(String),
    #[error("its size changed while it was read (it had {expected} bytes)")]
    ContentChanged { expected: u64 },
}
