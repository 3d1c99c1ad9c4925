//! The whole assembly: read the tree, cut it into layers, write each layer's blob (several
//! at a time, each on its own thread, which changes no byte), then the config, manifest and
//! index.

use crate::content::ContentReader;
use crate::digest::{Digest, HashingWriter};
use crate::dpkg::Package;
use crate::error::Error;
use crate::gzip::{Compression, CompressorIdentity};
use crate::image_json::{self, Descriptor, LayerHistory, MANIFEST_MEDIA_TYPE};
use crate::layer_tar::write_layer_tar;
use crate::layering::{PlannedLayer, plan_layers};
use crate::layout::Layout;
use crate::options::Options;
use crate::rfc3339;
use crate::tar_reader::read_archive;
use crate::tree::Tree;
use crate::walk::read_directory;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;

/// A root filesystem to make an image of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A directory, walked without following symbolic links.
    Directory(PathBuf),
    /// An uncompressed tar archive (USTAR, PAX or GNU), read in place.
    Archive(PathBuf),
}

/// What was written, with every digest a plan or a verification needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssembledImage {
    pub manifest_digest: Digest,
    pub manifest_size: u64,
    pub config_digest: Digest,
    pub config_size: u64,
    /// Bottom layer first.
    pub layers: Vec<AssembledLayer>,
    pub compressor: CompressorIdentity,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssembledLayer {
    /// The history comment: the path rule's layer, the packages, `rootfs`…
    pub name: String,
    /// The dpkg packages whose files it holds (empty for other policies).
    pub packages: Vec<Package>,
    /// The digest of the uncompressed tar.
    pub diff_id: Digest,
    pub uncompressed_size: u64,
    /// The blob's digest and size, as the manifest lists it.
    pub digest: Digest,
    pub size: u64,
    /// Tar entries, parent directories included (PAX headers not counted).
    pub entries: usize,
}

/// Makes an OCI image layout at `layout` (absent or empty) from the tree at `source`.
pub fn assemble(
    source: &Source,
    layout: &Path,
    options: &Options,
) -> Result<AssembledImage, Error> {
    options.validate()?;
    let tree = match source {
        Source::Directory(path) => read_directory(path, options)?,
        Source::Archive(path) => read_archive(path, options)?,
    };
    let planned = plan_layers(&tree, &options.layering, &mut ContentReader::new(&tree))?;
    let layout = Layout::create(layout)?;
    let layers = write_layers(&tree, planned, &layout, options.compression)?;

    let created = rfc3339::utc(options.source_date_epoch);
    let history: Vec<LayerHistory<'_>> = layers
        .iter()
        .map(|layer| LayerHistory {
            diff_id: layer.diff_id,
            comment: &layer.name,
        })
        .collect();
    let config = image_json::config(&options.image, &created, &history)?;
    let config_digest = layout.write_blob(&config)?;
    let layer_media_type = options.compression.layer_media_type();
    let manifest = image_json::manifest(
        config_digest,
        config.len() as u64,
        layers
            .iter()
            .map(|layer| Descriptor::new(layer_media_type, layer.digest, layer.size))
            .collect(),
    )?;
    let manifest_digest = layout.write_blob(&manifest)?;
    let index = image_json::index(
        Descriptor::new(MANIFEST_MEDIA_TYPE, manifest_digest, manifest.len() as u64),
        &options.image,
    )?;
    layout.write_file("index.json", &index)?;
    layout.write_file("oci-layout", &image_json::oci_layout()?)?;
    Ok(AssembledImage {
        manifest_digest,
        manifest_size: manifest.len() as u64,
        config_digest,
        config_size: config.len() as u64,
        layers,
        compressor: options.compression.identity(),
    })
}

/// Writes the layers on up to one thread per core. After a failure no further layer is
/// started, and the failure of the lowest layer is reported: every layer below it had
/// started, so that is the same failure on every run.
fn write_layers(
    tree: &Tree,
    planned: Vec<PlannedLayer>,
    layout: &Layout,
    compression: Compression,
) -> Result<Vec<AssembledLayer>, Error> {
    let workers = thread::available_parallelism()
        .map_or(1, usize::from)
        .min(planned.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let mut results: Vec<(usize, Result<AssembledLayer, Error>)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut content = ContentReader::new(tree);
                    let mut done = Vec::new();
                    while !failed.load(Ordering::Relaxed) {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(layer) = planned.get(index) else {
                            break;
                        };
                        let result =
                            write_layer(tree, layer, index, &mut content, layout, compression);
                        failed.fetch_or(result.is_err(), Ordering::Relaxed);
                        done.push((index, result));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

fn write_layer(
    tree: &Tree,
    layer: &PlannedLayer,
    index: usize,
    content: &mut ContentReader<'_>,
    layout: &Layout,
    compression: Compression,
) -> Result<AssembledLayer, Error> {
    let blob = layout.stream_blob(&format!("layer-{index}"))?;
    let blob_path = blob.path().to_owned();
    let mut tar = HashingWriter::new(compression.encoder(blob));
    write_layer_tar(tree, &layer.members, content, &mut tar, &blob_path)?;
    let (encoder, diff_id, uncompressed_size) = tar.finish();
    let blob = encoder.finish().map_err(|source| Error::Write {
        path: blob_path.clone(),
        source,
    })?;
    let (digest, size) = blob.commit()?;
    Ok(AssembledLayer {
        name: layer.name.clone(),
        packages: layer.packages.clone(),
        diff_id,
        uncompressed_size,
        digest,
        size,
        entries: layer.members.len(),
    })
}
