//! What an assembly is asked to do: everything that decides the image's bytes is here, so
//! the same tree with the same options gives the same layout.

use crate::error::Error;
use crate::gzip::Compression;
use crate::layering::Layering;
use crate::tree_path::TreePath;
use std::collections::{BTreeMap, BTreeSet};

/// The largest mtime a USTAR header holds in its eleven octal digits.
pub(crate) const LATEST_SOURCE_DATE_EPOCH: u64 = 0o777_7777_7777;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Every mtime later than this is set to it; `created` in the config and its history.
    pub source_date_epoch: u64,
    pub compression: Compression,
    pub layering: Layering,
    pub api_filesystems: ApiFilesystems,
    pub xattrs: XattrSelection,
    pub image: ImageOptions,
}

impl Options {
    /// Gzip at level 6, one layer, everything of the tree kept but SELinux labels.
    pub fn new(source_date_epoch: u64, platform: Platform) -> Self {
        Self {
            source_date_epoch,
            compression: Compression::default(),
            layering: Layering::Single,
            api_filesystems: ApiFilesystems::Keep,
            xattrs: XattrSelection::default(),
            image: ImageOptions {
                platform,
                config: ContainerConfig::default(),
                created_by: "plumb-oci".to_owned(),
                ref_name: None,
            },
        }
    }

    pub(crate) fn validate(&self) -> Result<(), Error> {
        if self.source_date_epoch > LATEST_SOURCE_DATE_EPOCH {
            return Err(Error::SourceDateEpoch(self.source_date_epoch));
        }
        self.compression.validate()
    }
}

/// What to do with the contents of `proc/`, `sys/` and `dev/`, where a container runtime
/// mounts its own file systems. The directories themselves are always kept (they are the
/// mount points).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiFilesystems {
    /// Keep whatever the tree has there: an image builder's output normally has them empty,
    /// and what it put there on purpose (mkosi can leave device nodes in `dev/`) stays.
    Keep,
    /// Leave out everything below them, as mkosi's own archives do: for a tree copied from
    /// a running system.
    SkipContents,
}

impl ApiFilesystems {
    pub(crate) fn hides(self, path: &TreePath) -> bool {
        self == Self::SkipContents
            && matches!(path.top_level(), b"proc" | b"sys" | b"dev")
            && path.parent_bytes().is_some()
    }
}

/// Which extended attributes the layers carry, for both inputs alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XattrSelection {
    None,
    /// All but those whose name starts with one of these.
    AllExcept(Vec<String>),
}

impl Default for XattrSelection {
    /// `security.selinux` is left out: SELinux hosts label every file they write, so the
    /// label says where the tree was built rather than what it is.
    fn default() -> Self {
        Self::AllExcept(vec!["security.selinux".to_owned()])
    }
}

impl XattrSelection {
    pub(crate) fn keeps(&self, name: &[u8]) -> bool {
        match self {
            Self::None => false,
            Self::AllExcept(prefixes) => !prefixes
                .iter()
                .any(|prefix| name.starts_with(prefix.as_bytes())),
        }
    }
}

/// What the image's config and index say about it, beyond its layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageOptions {
    pub platform: Platform,
    pub config: ContainerConfig,
    /// Every history entry's `created_by`: what made the image (a plan step, say).
    pub created_by: String,
    /// `org.opencontainers.image.ref.name` on the manifest's entry in index.json.
    pub ref_name: Option<String>,
}

/// OCI platform names: `amd64`, `arm64` (variant `v8`), `linux`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Platform {
    pub architecture: String,
    pub os: String,
    pub variant: Option<String>,
}

impl Platform {
    pub fn linux(architecture: &str) -> Self {
        Self {
            architecture: architecture.to_owned(),
            os: "linux".to_owned(),
            variant: None,
        }
    }
}

/// The config's `config` object: how a container of the image runs. Empty values are left
/// out of the JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerConfig {
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    /// `NAME=value`, in this order.
    pub env: Vec<String>,
    pub labels: BTreeMap<String, String>,
    pub user: Option<String>,
    pub working_dir: Option<String>,
    /// `80/tcp`, `53/udp`.
    pub exposed_ports: BTreeSet<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_tree::path;

    #[test]
    fn only_the_contents_of_api_filesystems_are_skipped() {
        let skip = ApiFilesystems::SkipContents;
        assert!(skip.hides(&path("dev/null")));
        assert!(skip.hides(&path("proc/1/status")));
        assert!(!skip.hides(&path("dev")));
        assert!(!skip.hides(&path("devices/x")));
        assert!(!skip.hides(&path("usr/dev/x")));
        assert!(!ApiFilesystems::Keep.hides(&path("dev/null")));
    }

    #[test]
    fn xattr_selection() {
        let default = XattrSelection::default();
        assert!(default.keeps(b"security.capability"));
        assert!(default.keeps(b"user.comment"));
        assert!(!default.keeps(b"security.selinux"));
        assert!(!XattrSelection::None.keeps(b"user.comment"));
    }

    #[test]
    fn limits_are_checked() {
        let mut options = Options::new(1_700_000_000, Platform::linux("amd64"));
        assert!(options.validate().is_ok());
        options.source_date_epoch = LATEST_SOURCE_DATE_EPOCH + 1;
        assert!(matches!(options.validate(), Err(Error::SourceDateEpoch(_))));
    }
}
