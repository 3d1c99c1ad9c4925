//! Deterministic OCI image layouts from a root filesystem (a directory or a tar archive):
//! the same tree and options give the same bytes on every run and machine, in one layer or
//! several. docs/oci-assembly.md says what is guaranteed and how.
//!
//! ```no_run
//! use plumb_oci::{Options, Platform, Source, assemble};
//! let options = Options::new(1_700_000_000, Platform::linux("amd64"));
//! let image = assemble(&Source::Directory("rootfs".into()), "layout".as_ref(), &options)?;
//! println!("{}", image.manifest_digest);
//! # Ok::<(), plumb_oci::Error>(())
//! ```

mod assemble;
mod content;
mod digest;
mod dpkg;
mod entry;
mod error;
mod gzip;
mod image_json;
mod layer_tar;
mod layering;
mod layout;
mod options;
mod package_grouping;
mod path_pattern;
mod rfc3339;
mod tar_header;
mod tar_reader;
#[cfg(test)]
mod test_tree;
mod tree;
mod tree_path;
mod walk;

pub use assemble::{AssembledImage, AssembledLayer, Source, assemble};
pub use digest::Digest;
pub use dpkg::Package;
pub use error::{EntryProblem, Error};
pub use gzip::{
    Compression, CompressorIdentity, DEFAULT_GZIP_LEVEL, FLATE2_VERSION, MINIZ_OXIDE_VERSION,
};
pub use layering::{Layering, PathRule};
pub use options::{
    ApiFilesystems, ContainerConfig, ImageOptions, Options, Platform, XattrSelection,
};
pub use package_grouping::PackageGrouping;
pub use path_pattern::PathPattern;
pub use rfc3339::utc as rfc3339_utc;
