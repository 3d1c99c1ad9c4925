//! How layer blobs are compressed, and the compressor's identity: gzip bytes depend on the
//! deflate implementation, its version and the level, so all three are part of what a plan
//! records.

use crate::error::Error;
use flate2::GzBuilder;
use flate2::write::GzEncoder;
use std::fmt;
use std::io::{self, Write};

/// Pinned exactly in the workspace's Cargo.toml; a test checks the pins match.
pub const FLATE2_VERSION: &str = "1.1.11";
pub const MINIZ_OXIDE_VERSION: &str = "0.9.1";

/// flate2's default, and what `gzip` without a level does.
pub const DEFAULT_GZIP_LEVEL: u32 = 6;

/// The gzip header's OS byte: "unknown", flate2's default, the same on every host (GNU
/// gzip writes 3, Unix).
const GZIP_OS_UNKNOWN: u8 = 255;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// flate2 over miniz_oxide at `level` (0 to 9).
    Gzip { level: u32 },
    /// Plain tar blobs: the layer digest is the diff_id.
    Uncompressed,
}

impl Default for Compression {
    fn default() -> Self {
        Self::Gzip {
            level: DEFAULT_GZIP_LEVEL,
        }
    }
}

/// Which compressor made a layer's bytes, as data. Its string form is stable:
/// `gzip;level=6;flate2=1.1.11;miniz_oxide=0.9.1`, or `uncompressed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompressorIdentity {
    /// `gzip` or `uncompressed`.
    pub algorithm: &'static str,
    pub level: Option<u32>,
    /// The crates whose code produced the bytes, with their exact versions.
    pub implementation: Vec<(&'static str, &'static str)>,
}

impl fmt::Display for CompressorIdentity {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.algorithm)?;
        if let Some(level) = self.level {
            write!(formatter, ";level={level}")?;
        }
        for (name, version) in &self.implementation {
            write!(formatter, ";{name}={version}")?;
        }
        Ok(())
    }
}

impl Compression {
    pub fn identity(&self) -> CompressorIdentity {
        match *self {
            Self::Gzip { level } => CompressorIdentity {
                algorithm: "gzip",
                level: Some(level),
                implementation: vec![
                    ("flate2", FLATE2_VERSION),
                    ("miniz_oxide", MINIZ_OXIDE_VERSION),
                ],
            },
            Self::Uncompressed => CompressorIdentity {
                algorithm: "uncompressed",
                level: None,
                implementation: Vec::new(),
            },
        }
    }

    pub(crate) fn validate(&self) -> Result<(), Error> {
        match *self {
            Self::Gzip { level } if level > 9 => Err(Error::CompressionLevel(level)),
            _ => Ok(()),
        }
    }

    pub(crate) fn layer_media_type(&self) -> &'static str {
        match self {
            Self::Gzip { .. } => "application/vnd.oci.image.layer.v1.tar+gzip",
            Self::Uncompressed => "application/vnd.oci.image.layer.v1.tar",
        }
    }

    /// The gzip header has no name, mtime 0 and the fixed OS byte, so the bytes depend only
    /// on the input and the level.
    pub(crate) fn encoder<W: Write>(&self, output: W) -> LayerEncoder<W> {
        match *self {
            Self::Gzip { level } => LayerEncoder::Gzip(
                GzBuilder::new()
                    .mtime(0)
                    .operating_system(GZIP_OS_UNKNOWN)
                    .write(output, flate2::Compression::new(level)),
            ),
            Self::Uncompressed => LayerEncoder::Plain(output),
        }
    }
}

#[derive(Debug)]
pub(crate) enum LayerEncoder<W: Write> {
    Gzip(GzEncoder<W>),
    Plain(W),
}

impl<W: Write> LayerEncoder<W> {
    /// Ends the stream (the gzip trailer) and gives the output back.
    pub(crate) fn finish(self) -> io::Result<W> {
        match self {
            Self::Gzip(encoder) => encoder.finish(),
            Self::Plain(output) => Ok(output),
        }
    }
}

impl<W: Write> Write for LayerEncoder<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Self::Gzip(encoder) => encoder.write(bytes),
            Self::Plain(output) => output.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Self::Gzip(encoder) => encoder.flush(),
            Self::Plain(output) => output.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::Digest;
    use proptest::prelude::*;

    fn gzip(level: u32, chunks: &[&[u8]]) -> Vec<u8> {
        let mut encoder = Compression::Gzip { level }.encoder(Vec::new());
        for chunk in chunks {
            encoder.write_all(chunk).unwrap();
        }
        encoder.finish().unwrap()
    }

    fn sample() -> Vec<u8> {
        (0..200_000u32)
            .flat_map(|index| (index.wrapping_mul(2_654_435_761) >> 27).to_le_bytes())
            .collect()
    }

    #[test]
    fn the_header_is_fixed() {
        let bytes = gzip(6, &[b"layer"]);
        // Magic, deflate, no flags, mtime 0, XFL 0 (neither fastest nor best), OS 255.
        assert_eq!(bytes[..10], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
        assert_eq!(gzip(9, &[b"layer"])[8], 2);
        assert_eq!(gzip(1, &[b"layer"])[8], 4);
    }

    /// The bytes of this version of flate2 and miniz_oxide at level 6. If another backend
    /// takes over (a flate2 feature such as `zlib-rs` switched on anywhere in the build) or
    /// a version changes, this fails: the layers' digests would change with it.
    #[test]
    fn the_deflate_implementation_is_the_pinned_one() {
        assert_eq!(
            Digest::of(&gzip(6, &[&sample()])).to_string(),
            "sha256:dc8b6540e44d628115d91ce56bbb2651611e64a7ccd12020b8dfe4814a0f870a"
        );
    }

    #[test]
    fn the_pins_in_the_workspace_match_the_identity() {
        let manifest =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml"))
                .unwrap();
        let manifest: toml::Table = toml::from_str(&manifest).unwrap();
        let dependencies = &manifest["workspace"]["dependencies"];
        assert_eq!(
            dependencies["flate2"].as_str(),
            Some(format!("={FLATE2_VERSION}").as_str())
        );
        assert_eq!(
            dependencies["flate2-miniz-oxide"]["version"].as_str(),
            Some(format!("={MINIZ_OXIDE_VERSION}").as_str())
        );
    }

    #[test]
    fn identities_have_a_stable_text() {
        assert_eq!(
            Compression::default().identity().to_string(),
            "gzip;level=6;flate2=1.1.11;miniz_oxide=0.9.1"
        );
        assert_eq!(
            Compression::Uncompressed.identity().to_string(),
            "uncompressed"
        );
        assert!(Compression::Gzip { level: 10 }.validate().is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        /// How the tar stream happens to be cut into writes never changes the bytes.
        #[test]
        fn output_does_not_depend_on_write_sizes(cuts in proptest::collection::vec(0usize..800_000, 0..8)) {
            let data = sample();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|cut| cut % data.len()).collect();
            cuts.sort_unstable();
            let mut chunks = Vec::new();
            let mut start = 0;
            for cut in cuts {
                chunks.push(&data[start..cut]);
                start = cut;
            }
            chunks.push(&data[start..]);
            prop_assert_eq!(gzip(6, &chunks), gzip(6, &[&data]));
        }
    }
}
