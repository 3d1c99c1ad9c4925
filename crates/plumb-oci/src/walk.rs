//! A root filesystem read from a directory: every entry by `symlink_metadata` (links are
//! entries, never followed), in any order; `Tree` sorts them.

use crate::entry::{DataSource, Entry, EntryKind, Metadata, Xattr};
use crate::error::Error;
use crate::options::Options;
use crate::tree::{LinkKey, Origin, Tree};
use crate::tree_path::TreePath;
use std::ffi::OsStr;
use std::fs::{self, Metadata as FsMetadata};
use std::io;
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _};
use std::path::{Path, PathBuf};

pub(crate) fn read_directory(root: &Path, options: &Options) -> Result<Tree, Error> {
    let read_error = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Read { path, source }
    };
    if !fs::metadata(root).map_err(read_error(root))?.is_dir() {
        return Err(Error::NotADirectory(root.to_owned()));
    }
    let mut entries = Vec::new();
    let mut directories: Vec<(PathBuf, Option<TreePath>)> = vec![(root.to_owned(), None)];
    while let Some((directory, tree_path)) = directories.pop() {
        for listed in fs::read_dir(&directory).map_err(read_error(&directory))? {
            let listed = listed.map_err(read_error(&directory))?;
            let disk_path = listed.path();
            let path = TreePath::child(tree_path.as_ref(), listed.file_name().as_bytes());
            if options.api_filesystems.hides(&path) {
                continue;
            }
            // Not followed: DirEntry::metadata is lstat.
            let metadata = listed.metadata().map_err(read_error(&disk_path))?;
            let Some((kind, link_key)) = kind(&disk_path, &metadata)? else {
                continue;
            };
            if kind.is_directory() {
                directories.push((disk_path.clone(), Some(path.clone())));
            }
            let metadata = Metadata {
                mode: metadata.mode() & 0o7777,
                uid: u64::from(metadata.uid()),
                gid: u64::from(metadata.gid()),
                mtime: clamped_mtime(metadata.mtime(), options.source_date_epoch),
                xattrs: xattrs(&disk_path, options)?,
            };
            entries.push((
                Entry {
                    path,
                    kind,
                    metadata,
                },
                link_key,
            ));
        }
    }
    Tree::new(Origin::Directory(root.to_owned()), entries)
}

/// Before the epoch counts as the epoch: a tar header has no negative times.
pub(crate) fn clamped_mtime(mtime: i64, source_date_epoch: u64) -> u64 {
    u64::try_from(mtime).unwrap_or(0).min(source_date_epoch)
}

/// The entry's type, and for a file with several names what identifies it; `None` for a
/// socket, which no archive holds.
fn kind(path: &Path, metadata: &FsMetadata) -> Result<Option<(EntryKind, Option<LinkKey>)>, Error> {
    let file_type = metadata.file_type();
    let (major, minor) = device_numbers(metadata.rdev());
    let kind = if file_type.is_dir() {
        EntryKind::Directory
    } else if file_type.is_file() {
        let link_key = (metadata.nlink() > 1).then(|| (metadata.dev(), metadata.ino()));
        let kind = EntryKind::Regular {
            size: metadata.len(),
            data: DataSource::AtPath,
            hardlink_group: None,
        };
        return Ok(Some((kind, link_key)));
    } else if file_type.is_symlink() {
        let target = fs::read_link(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        EntryKind::Symlink {
            target: target.as_os_str().as_bytes().into(),
        }
    } else if file_type.is_char_device() {
        EntryKind::CharDevice { major, minor }
    } else if file_type.is_block_device() {
        EntryKind::BlockDevice { major, minor }
    } else if file_type.is_fifo() {
        EntryKind::Fifo
    } else {
        return Ok(None);
    };
    Ok(Some((kind, None)))
}

/// Linux's `dev_t` layout (glibc's `gnu_dev_major`/`gnu_dev_minor`): 12 bits of major and
/// 20 of minor, split around the low byte.
fn device_numbers(device: u64) -> (u32, u32) {
    let major = ((device >> 8) & 0xfff) | ((device >> 32) & !0xfff);
    let minor = (device & 0xff) | ((device >> 12) & !0xff);
    (major as u32, minor as u32)
}

/// The selected extended attributes, sorted by name. A file system without them has none.
fn xattrs(path: &Path, options: &Options) -> Result<Vec<Xattr>, Error> {
    if options.xattrs == crate::options::XattrSelection::None {
        return Ok(Vec::new());
    }
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let names = match xattr::list(path) {
        Ok(names) => names,
        Err(error) if error.kind() == io::ErrorKind::Unsupported => return Ok(Vec::new()),
        Err(error) => return Err(read_error(error)),
    };
    let mut xattrs = Vec::new();
    for name in names {
        if !options.xattrs.keeps(name.as_bytes()) {
            continue;
        }
        // Gone since the listing: as if it had not been there.
        if let Some(value) = xattr::get(path, &name).map_err(read_error)? {
            xattrs.push(Xattr {
                name: OsStr::as_bytes(&name).into(),
                value: value.into(),
            });
        }
    }
    xattrs.sort();
    Ok(xattrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_numbers_split_as_glibc_does() {
        // makedev(1, 3) is /dev/null; makedev(259, 65536) uses the high bits of both.
        assert_eq!(device_numbers(0x0103), (1, 3));
        let major: u64 = 259;
        let minor: u64 = 65_536;
        let device = ((major & 0xfff) << 8)
            | ((major & !0xfff) << 32)
            | (minor & 0xff)
            | ((minor & !0xff) << 12);
        assert_eq!(device_numbers(device), (259, 65_536));
    }

    #[test]
    fn mtimes_are_clamped() {
        assert_eq!(clamped_mtime(1_800_000_000, 1_700_000_000), 1_700_000_000);
        assert_eq!(clamped_mtime(1_600_000_000, 1_700_000_000), 1_600_000_000);
        assert_eq!(clamped_mtime(-5, 1_700_000_000), 0);
    }
}

#[cfg(test)]
mod directory_tests {
    use super::*;
    use crate::options::{ApiFilesystems, Platform};

    #[test]
    fn a_directory_is_read_without_following_links() {
        let scratch = tempfile::tempdir().unwrap();
        let root = scratch.path();
        fs::create_dir_all(root.join("dev/pts")).unwrap();
        fs::write(root.join("dev/console"), b"").unwrap();
        fs::write(root.join("file"), b"12345").unwrap();
        fs::hard_link(root.join("file"), root.join("again")).unwrap();
        std::os::unix::fs::symlink("/etc/shadow", root.join("link")).unwrap();
        let mut options = Options::new(1_700_000_000, Platform::linux("amd64"));
        let described = |options: &Options| -> Vec<String> {
            read_directory(root, options)
                .unwrap()
                .entries()
                .iter()
                .map(|entry| format!("{} {:?}", entry.path, entry.kind))
                .collect()
        };
        assert_eq!(
            described(&options),
            [
                "again Regular { size: 5, data: AtPath, hardlink_group: Some(0) }",
                "dev Directory",
                "dev/console Regular { size: 0, data: AtPath, hardlink_group: None }",
                "dev/pts Directory",
                "file Regular { size: 5, data: AtPath, hardlink_group: Some(0) }",
                "link Symlink { target: [47, 101, 116, 99, 47, 115, 104, 97, 100, 111, 119] }",
            ]
        );
        options.api_filesystems = ApiFilesystems::SkipContents;
        assert_eq!(
            described(&options)[1..3],
            [
                "dev Directory",
                "file Regular { size: 5, data: AtPath, hardlink_group: Some(0) }"
            ]
        );
    }
}
