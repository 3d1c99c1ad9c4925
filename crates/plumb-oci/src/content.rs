//! Regular files' bytes, read from where the tree came from: the file below the source
//! directory, or the member's range of the source archive.

use crate::entry::{DataSource, Entry, EntryKind};
use crate::error::{EntryProblem, Error};
use crate::tree::Tree;
use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Read as _};
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::FileExt as _;

const CHUNK: usize = 256 * 1024;

/// Reads the files of one tree; one per thread, each with its own buffer and archive handle.
#[derive(Debug)]
pub(crate) struct ContentReader<'t> {
    tree: &'t Tree,
    archive: Option<File>,
    buffer: Vec<u8>,
}

impl<'t> ContentReader<'t> {
    pub(crate) fn new(tree: &'t Tree) -> Self {
        Self {
            tree,
            archive: None,
            buffer: vec![0; CHUNK],
        }
    }

    /// Hands the file's bytes to `sink` in chunks. A file on disk must still have the size
    /// it had when the tree was read: its header is written already.
    pub(crate) fn read_chunks(
        &mut self,
        entry: &Entry,
        mut sink: impl FnMut(&[u8]) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let EntryKind::Regular { size, data, .. } = entry.kind else {
            return Ok(());
        };
        let origin = self.tree.origin().path();
        let read_error = |source| Error::Read {
            path: match data {
                DataSource::AtPath => origin.join(OsStr::from_bytes(entry.path.as_bytes())),
                DataSource::InArchive { .. } => origin.to_owned(),
            },
            source,
        };
        let changed = || {
            self.tree
                .problem(entry, EntryProblem::ContentChanged { expected: size })
        };
        let mut done = 0;
        match data {
            DataSource::InArchive { offset } => {
                let archive = match &self.archive {
                    Some(archive) => archive,
                    None => self.archive.insert(File::open(origin).map_err(read_error)?),
                };
                while done < size {
                    let length = CHUNK.min(usize::try_from(size - done).unwrap_or(CHUNK));
                    let chunk = &mut self.buffer[..length];
                    archive
                        .read_exact_at(chunk, offset + done)
                        .map_err(read_error)?;
                    sink(chunk)?;
                    done += length as u64;
                }
            }
            DataSource::AtPath => {
                let mut file = File::open(origin.join(OsStr::from_bytes(entry.path.as_bytes())))
                    .map_err(read_error)?;
                loop {
                    let read = match file.read(&mut self.buffer) {
                        Ok(read) => read,
                        Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                        Err(error) => return Err(read_error(error)),
                    };
                    if read == 0 {
                        break;
                    }
                    done += read as u64;
                    if done > size {
                        return Err(changed());
                    }
                    sink(&self.buffer[..read])?;
                }
                if done != size {
                    return Err(changed());
                }
            }
        }
        Ok(())
    }

    /// A whole file, for the small files the layering reads (dpkg's database).
    pub(crate) fn read_to_vec(&mut self, entry: &Entry) -> Result<Vec<u8>, Error> {
        let mut bytes = Vec::new();
        self.read_chunks(entry, |chunk| {
            bytes.extend_from_slice(chunk);
            Ok(())
        })?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_tree::{file, tree};
    use crate::tree::Origin;
    use crate::tree_path::TreePath;

    #[test]
    fn files_are_read_from_the_directory_and_must_keep_their_size() {
        let scratch = tempfile::tempdir().unwrap();
        std::fs::write(scratch.path().join("f"), b"four").unwrap();
        let tree = tree(scratch.path(), vec![file("f", 4), file("gone", 1)]);
        let mut reader = ContentReader::new(&tree);
        assert_eq!(reader.read_to_vec(&tree.entries()[0]).unwrap(), b"four");
        match reader.read_to_vec(&tree.entries()[1]) {
            Err(Error::Read { path, .. }) => assert_eq!(path, scratch.path().join("gone")),
            other => panic!("{other:?}"),
        }
        std::fs::write(scratch.path().join("f"), b"longer").unwrap();
        assert!(matches!(
            reader.read_to_vec(&tree.entries()[0]),
            Err(Error::Entry {
                problem: EntryProblem::ContentChanged { expected: 4 },
                ..
            })
        ));
    }

    #[test]
    fn archive_members_are_read_from_their_range() {
        let scratch = tempfile::tempdir().unwrap();
        let archive = scratch.path().join("a.tar");
        std::fs::write(&archive, b"..........hello......").unwrap();
        let entry = crate::entry::Entry {
            kind: EntryKind::Regular {
                size: 5,
                data: DataSource::InArchive { offset: 10 },
                hardlink_group: None,
            },
            ..file("hello", 0)
        };
        let tree = Tree::new(Origin::Archive(archive), vec![(entry, None)]).unwrap();
        let mut reader = ContentReader::new(&tree);
        assert_eq!(reader.read_to_vec(&tree.entries()[0]).unwrap(), b"hello");
        assert_eq!(tree.entries()[0].path, TreePath::child(None, b"hello"));
    }
}
