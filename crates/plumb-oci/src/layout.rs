//! The OCI image layout directory: `oci-layout`, `index.json`, and `blobs/sha256/<hex>`
//! files whose contents hash to their names.

use crate::digest::{Digest, HashingWriter};
use crate::error::Error;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub(crate) struct Layout {
    root: PathBuf,
    blobs: PathBuf,
}

impl Layout {
    /// A new layout at `root`, which must be absent or empty: files left from another image
    /// would end up beside this one's.
    pub(crate) fn create(root: &Path) -> Result<Self, Error> {
        match fs::read_dir(root) {
            Ok(mut listing) => {
                if listing.next().is_some() {
                    return Err(Error::LayoutNotEmpty(root.to_owned()));
                }
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(Error::Read {
                    path: root.to_owned(),
                    source,
                });
            }
        }
        let blobs = root.join("blobs").join("sha256");
        fs::create_dir_all(&blobs).map_err(|source| Error::Write {
            path: blobs.clone(),
            source,
        })?;
        Ok(Self {
            root: root.to_owned(),
            blobs,
        })
    }

    /// Writes `bytes` as a blob, returning its digest.
    pub(crate) fn write_blob(&self, bytes: &[u8]) -> Result<Digest, Error> {
        let digest = Digest::of(bytes);
        let path = self.blobs.join(digest.hex());
        fs::write(&path, bytes).map_err(|source| Error::Write { path, source })?;
        Ok(digest)
    }

    /// A blob written as a stream: under a temporary name (`name` tells it from other
    /// blobs being written at the same time), renamed to its digest when done.
    pub(crate) fn stream_blob(&self, name: &str) -> Result<BlobStream, Error> {
        let path = self.blobs.join(format!(".partial-{name}"));
        let file = File::create(&path).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        Ok(BlobStream {
            writer: HashingWriter::new(BufWriter::with_capacity(256 * 1024, file)),
            path,
            blobs: self.blobs.clone(),
        })
    }

    /// A file at the top of the layout (`index.json`, `oci-layout`).
    pub(crate) fn write_file(&self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.root.join(name);
        fs::write(&path, bytes).map_err(|source| Error::Write { path, source })
    }
}

#[derive(Debug)]
pub(crate) struct BlobStream {
    writer: HashingWriter<BufWriter<File>>,
    path: PathBuf,
    blobs: PathBuf,
}

impl BlobStream {
    /// Where the blob is being written, for errors.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the blob and gives it its name: its digest and size.
    pub(crate) fn commit(self) -> Result<(Digest, u64), Error> {
        let (writer, digest, size) = self.writer.finish();
        writer.into_inner().map_err(|error| Error::Write {
            path: self.path.clone(),
            source: error.into_error(),
        })?;
        let named = self.blobs.join(digest.hex());
        fs::rename(&self.path, &named).map_err(|source| Error::Write {
            path: named,
            source,
        })?;
        Ok((digest, size))
    }
}

impl Write for BlobStream {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.writer.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blobs_are_named_by_their_digest() {
        let scratch = tempfile::tempdir().unwrap();
        let layout = Layout::create(&scratch.path().join("layout")).unwrap();
        let digest = layout.write_blob(b"config").unwrap();
        let mut stream = layout.stream_blob("layer-0").unwrap();
        stream.write_all(b"lay").unwrap();
        stream.write_all(b"er").unwrap();
        let (streamed, size) = stream.commit().unwrap();
        assert_eq!((streamed, size), (Digest::of(b"layer"), 5));
        let blobs = scratch.path().join("layout/blobs/sha256");
        let mut names: Vec<String> = fs::read_dir(&blobs)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        let mut expected = vec![digest.hex(), streamed.hex()];
        expected.sort();
        assert_eq!(names, expected, "no partial file left");
        assert_eq!(fs::read(blobs.join(digest.hex())).unwrap(), b"config");
    }

    #[test]
    fn a_layout_starts_empty() {
        let scratch = tempfile::tempdir().unwrap();
        assert!(
            Layout::create(scratch.path()).is_ok(),
            "an empty directory will do"
        );
        assert!(matches!(
            Layout::create(scratch.path()),
            Err(Error::LayoutNotEmpty(_))
        ));
    }
}
