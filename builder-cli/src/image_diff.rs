//! An OCI image layout read (its manifest, config and layers), and two builds of one step
//! compared as `plumb verify` reports them: the manifest digest, the config digest and
//! every layer's diff_id, and for a layer that differs, file by file what
//! differs (content, mtime, mode, owner, link target, extended attributes, order, or present
//! in one build only), with the history entry that made the layer.

use crate::json_text::text;
use anyhow::{Context as _, Result, bail};
use plumb_core::digest::sha256_of_reader;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// One image of an OCI layout: its manifest, config, and layers.
pub struct LayoutImage {
    layout: PathBuf,
    pub manifest_digest: String,
    pub config_digest: String,
    /// The uncompressed layers' digests, from the config.
    pub diff_ids: Vec<String>,
    /// The layers' blob digests and media types, in the same order.
    layers: Vec<String>,
    media_types: Vec<String>,
    /// What made each layer, from the config's history (entries that made no layer left out).
    made_by: Vec<String>,
}

impl LayoutImage {
    pub fn read(layout: &Path) -> Result<Self> {
        let index = json(&layout.join("index.json"))?;
        let manifest_digest = match index["manifests"].as_array().map(Vec::as_slice) {
            Some([manifest]) => text(&manifest["digest"]).to_owned(),
            _ => bail!("{} holds not exactly one image", layout.display()),
        };
        let manifest = json(&blob(layout, &manifest_digest))?;
        let config_digest = text(&manifest["config"]["digest"]).to_owned();
        let config = json(&blob(layout, &config_digest))?;
        let strings = |value: &Value, key: &str| -> Vec<String> {
            value
                .as_array()
                .into_iter()
                .flatten()
                .map(|item| text(&item[key]).to_owned())
                .collect()
        };
        let diff_ids = config["rootfs"]["diff_ids"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|id| text(id).to_owned())
            .collect();
        let made_by = config["history"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["empty_layer"] != true)
            .map(|entry| text(&entry["created_by"]).to_owned())
            .collect();
        Ok(Self {
            layout: layout.to_path_buf(),
            manifest_digest,
            config_digest,
            diff_ids,
            layers: strings(&manifest["layers"], "digest"),
            media_types: strings(&manifest["layers"], "mediaType"),
            made_by,
        })
    }

    /// The layout's directory.
    pub fn path(&self) -> &Path {
        &self.layout
    }

    /// The config and layer digests, as `result.json` and `report.json` write them.
    pub fn digests(&self) -> Value {
        serde_json::json!({ "config": self.config_digest, "layers": self.layers })
    }

    /// Each entry of layer `index`, in the layer's order.
    fn entries(&self, index: usize) -> Result<Vec<(String, Entry)>> {
        let path = blob(&self.layout, &self.layers[index]);
        let file =
            fs::File::open(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let media_type = self.media_types[index].as_str();
        let reader: Box<dyn std::io::Read> = if media_type.ends_with("+gzip") {
            Box::new(flate2::read::GzDecoder::new(file))
        } else if media_type.ends_with(".tar") {
            Box::new(file)
        } else {
            bail!(
                "layer {} is {media_type}, which plumb cannot read yet",
                index + 1
            );
        };
        let mut archive = tar::Archive::new(reader);
        let mut entries = Vec::new();
        for entry in archive.entries()? {
            let mut entry = entry?;
            let name = entry.path()?.to_string_lossy().into_owned();
            let header = entry.header().clone();
            let mut xattrs = BTreeMap::new();
            if let Some(extensions) = entry.pax_extensions()? {
                for extension in extensions {
                    let extension = extension?;
                    let key = extension.key().unwrap_or_default();
                    if let Some(attribute) = key.strip_prefix("SCHILY.xattr.") {
                        xattrs.insert(
                            attribute.to_owned(),
                            String::from_utf8_lossy(extension.value_bytes()).into_owned(),
                        );
                    }
                }
            }
            let link = entry
                .link_name()?
                .map(|target| target.to_string_lossy().into_owned());
            let mut contents = Vec::new();
            entry.read_to_end(&mut contents)?;
            let (content, _) = sha256_of_reader(contents.as_slice())?;
            entries.push((
                name,
                Entry {
                    content,
                    mtime: header.mtime().unwrap_or_default(),
                    mode: header.mode().unwrap_or_default(),
                    owner: (
                        header.uid().unwrap_or_default(),
                        header.gid().unwrap_or_default(),
                    ),
                    link,
                    xattrs,
                },
            ));
        }
        Ok(entries)
    }
}

#[derive(PartialEq)]
struct Entry {
    content: String,
    mtime: u64,
    mode: u32,
    owner: (u64, u64),
    link: Option<String>,
    xattrs: BTreeMap<String, String>,
}

/// Every difference between two builds of one image; empty when they are the same.
/// `built_by` says what made the image's last layer, the one the build added (buildah
/// without `--layers` commits a stage's instructions as one layer on top of its base's).
pub fn differences(
    first: &LayoutImage,
    second: &LayoutImage,
    built_by: &str,
) -> Result<Vec<String>> {
    let mut found = Vec::new();
    if first.manifest_digest == second.manifest_digest {
        return Ok(found);
    }
    found.push(format!(
        "manifest {} and {}",
        first.manifest_digest, second.manifest_digest
    ));
    if first.config_digest != second.config_digest {
        found.push(format!(
            "config {} and {}",
            first.config_digest, second.config_digest
        ));
    }
    if first.diff_ids.len() != second.diff_ids.len() {
        found.push(format!(
            "{} layers and {} layers",
            first.diff_ids.len(),
            second.diff_ids.len()
        ));
        return Ok(found);
    }
    for (index, (one, other)) in first.diff_ids.iter().zip(&second.diff_ids).enumerate() {
        if one == other {
            continue;
        }
        let history = first.made_by.get(index).map_or("", String::as_str);
        let source = if index + 1 == first.diff_ids.len() {
            built_by.to_owned()
        } else {
            "the base image".to_owned()
        };
        found.push(format!(
            "layer {} of {}, from {source} (its history: {history:?}): diff_id {one} and {other}",
            index + 1,
            first.diff_ids.len()
        ));
        found.extend(
            layer_differences(&first.entries(index)?, &second.entries(index)?)
                .into_iter()
                .map(|difference| format!("  {difference}")),
        );
    }
    Ok(found)
}

/// File by file, what differs between two versions of a layer.
fn layer_differences(first: &[(String, Entry)], second: &[(String, Entry)]) -> Vec<String> {
    let mut found = Vec::new();
    let by_name = |entries: &[(String, Entry)]| -> BTreeMap<String, usize> {
        entries
            .iter()
            .enumerate()
            .map(|(position, (name, _))| (name.clone(), position))
            .collect()
    };
    let (names, other_names) = (by_name(first), by_name(second));
    for (name, &position) in &names {
        let Some(&other_position) = other_names.get(name) else {
            found.push(format!("{name}: in the first build only"));
            continue;
        };
        let (one, other) = (&first[position].1, &second[other_position].1);
        if one.content != other.content {
            found.push(format!(
                "{name}: content {} and {}",
                one.content, other.content
            ));
        }
        if one.mtime != other.mtime {
            found.push(format!("{name}: mtime {} and {}", one.mtime, other.mtime));
        }
        if one.mode != other.mode {
            found.push(format!("{name}: mode {:o} and {:o}", one.mode, other.mode));
        }
        if one.owner != other.owner {
            found.push(format!(
                "{name}: owner {}:{} and {}:{}",
                one.owner.0, one.owner.1, other.owner.0, other.owner.1
            ));
        }
        if one.link != other.link {
            found.push(format!("{name}: link {:?} and {:?}", one.link, other.link));
        }
        if one.xattrs != other.xattrs {
            found.push(format!(
                "{name}: extended attributes {:?} and {:?}",
                one.xattrs, other.xattrs
            ));
        }
    }
    for name in other_names.keys().filter(|name| !names.contains_key(*name)) {
        found.push(format!("{name}: in the second build only"));
    }
    // The same entries in another order make another tar, so another digest.
    if names.keys().eq(other_names.keys())
        && let Some(at) = first
            .iter()
            .zip(second)
            .position(|((one, _), (other, _))| one != other)
    {
        found.push(format!(
            "the entries are in another order, from entry {} on ({} and {})",
            at + 1,
            first[at].0,
            second[at].0
        ));
    }
    if found.is_empty() {
        found
            .push("the same files; the tar headers differ (order or metadata not compared)".into());
    }
    found
}

fn blob(layout: &Path, digest: &str) -> PathBuf {
    layout
        .join("blobs/sha256")
        .join(digest.strip_prefix("sha256:").unwrap_or(digest))
}

fn json(path: &Path) -> Result<Value> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("{} is not JSON", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(content: &str, mtime: u64) -> Entry {
        Entry {
            content: content.into(),
            mtime,
            mode: 0o644,
            owner: (0, 0),
            link: None,
            xattrs: BTreeMap::new(),
        }
    }

    #[test]
    fn each_file_says_what_differs() {
        let first = vec![
            ("a".to_owned(), entry("sha256:1", 0)),
            ("b".to_owned(), entry("sha256:2", 0)),
            ("gone".to_owned(), entry("sha256:3", 0)),
        ];
        let second = vec![
            ("a".to_owned(), entry("sha256:9", 0)),
            ("b".to_owned(), entry("sha256:2", 5)),
            ("new".to_owned(), entry("sha256:3", 0)),
        ];
        assert_eq!(
            layer_differences(&first, &second),
            [
                "a: content sha256:1 and sha256:9",
                "b: mtime 0 and 5",
                "gone: in the first build only",
                "new: in the second build only",
            ]
        );
        let reordered: Vec<(String, Entry)> = vec![
            ("b".to_owned(), entry("sha256:2", 0)),
            ("a".to_owned(), entry("sha256:1", 0)),
        ];
        assert_eq!(
            layer_differences(&first[..2], &reordered),
            ["the entries are in another order, from entry 1 on (a and b)"]
        );
    }
}
