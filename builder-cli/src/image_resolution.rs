//! Resolving an image reference to digests, for `plumb lock`: skopeo reads the raw manifest
//! (an index or one image's) and each config from the registry or the local container
//! storage, and plumb takes the digests of exactly those bytes, checking each against the
//! digest that named it.

use crate::cli::ImageSource;
use anyhow::{Context as _, Result, bail};
use plumb_core::digest::sha256;
use plumb_core::dockerfile::image_reference;
use plumb_core::lock::{LockedImage, PlatformImage};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const INDEX_TYPES: [&str; 2] = [
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    media_type: Option<String>,
    /// An index's entries.
    manifests: Option<Vec<Descriptor>>,
    /// An image manifest's config.
    config: Option<Descriptor>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    digest: String,
    platform: Option<Platform>,
}

#[derive(Deserialize)]
struct Platform {
    os: String,
    architecture: String,
    variant: Option<String>,
}

impl Platform {
    fn name(&self) -> String {
        match &self.variant {
            Some(variant) => format!("{}/{}/{variant}", self.os, self.architecture),
            None => format!("{}/{}", self.os, self.architecture),
        }
    }
}

#[derive(Deserialize)]
struct Config {
    #[serde(flatten)]
    platform: Platform,
    config: Option<ConfigFields>,
}

#[derive(Deserialize)]
struct ConfigFields {
    #[serde(rename = "Env")]
    env: Option<Vec<String>>,
}

/// Where skopeo finds one image: the reference as written, or a repository at a digest.
struct Location<'a> {
    source: ImageSource,
    /// `registry/path` (or the path alone for Docker Hub).
    repository: String,
    written: &'a str,
    loopback: bool,
}

impl Location<'_> {
    fn name(&self, digest: Option<&str>) -> String {
        let reference = match digest {
            Some(digest) => format!("{}@{digest}", self.repository),
            None => self.written.to_owned(),
        };
        match self.source {
            ImageSource::Registry => format!("docker://{reference}"),
            ImageSource::ContainersStorage => format!("containers-storage:{reference}"),
        }
    }

    /// The raw bytes skopeo reads: the manifest at `digest` (or the written reference), or
    /// its config.
    fn read(&self, digest: Option<&str>, config: bool) -> Result<Vec<u8>> {
        let name = self.name(digest);
        let mut arguments = vec!["inspect", "--raw"];
        if config {
            arguments.push("--config");
        }
        // A registry on a loopback address speaks plain HTTP, as docker allows for localhost.
        if self.loopback && self.source == ImageSource::Registry {
            arguments.push("--tls-verify=false");
        }
        arguments.push(&name);
        skopeo(&arguments, &format!("read {name}"))
    }

    /// `read`, and the bytes must have the digest `expected`.
    fn read_checked(&self, at: Option<&str>, config: bool, expected: &str) -> Result<Vec<u8>> {
        let bytes = self.read(at, config)?;
        let found = sha256(&bytes);
        if found != expected {
            let what = if config { "the config" } else { "the manifest" };
            bail!(
                "{what} of {} has digest {found}, not {expected}",
                self.name(at)
            );
        }
        Ok(bytes)
    }
}

/// What `written` resolves to in `source`. In the local container storage a name without a
/// registry is looked up as written, then under `localhost/`, where buildah and podman keep
/// the images built here (and where their builds find `FROM busybox:1` first).
pub fn resolve(written: &str, source: ImageSource) -> Result<LockedImage> {
    match source {
        ImageSource::Registry => resolve_as(written, source),
        ImageSource::ContainersStorage => in_storage(written, |name| resolve_as(name, source)),
    }
}

/// The digest of the manifest the local container storage holds under `written` (found as
/// [`resolve`] finds it): one read, to check that a pin still holds.
pub fn stored_digest(written: &str) -> Result<String> {
    if written.contains('@') {
        return Ok(resolve(written, ImageSource::ContainersStorage)?.digest);
    }
    in_storage(written, |name| {
        let reference = image_reference::parse(name).map_err(anyhow::Error::msg)?;
        let (repository, loopback) = repository_of(&reference);
        let location = Location {
            source: ImageSource::ContainersStorage,
            repository,
            written: name,
            loopback,
        };
        Ok(sha256(&location.read(None, false)?))
    })
}

/// `look` for `written` in the local storage, then, for a name without a registry, for
/// `localhost/written`.
fn in_storage<T>(written: &str, look: impl Fn(&str) -> Result<T>) -> Result<T> {
    let reference = image_reference::parse(written).map_err(anyhow::Error::msg)?;
    match look(written) {
        Err(error) if reference.registry.is_none() => look(&format!("localhost/{written}"))
            .map_err(|_| {
                error.context(format!(
                    "not in the local storage as {written} or localhost/{written}"
                ))
            }),
        found => found,
    }
}

/// What `written` names in `source`, exactly.
fn resolve_as(written: &str, source: ImageSource) -> Result<LockedImage> {
    let reference = image_reference::parse(written).map_err(anyhow::Error::msg)?;
    let (repository, loopback) = repository_of(&reference);
    let location = Location {
        source,
        repository,
        written,
        loopback,
    };
    // skopeo takes a tag or a digest, not both: a pinned reference is read by its digest.
    let top = match &reference.digest {
        Some(digest) => location.read_checked(Some(digest), false, digest)?,
        None => location.read(None, false)?,
    };
    let digest = sha256(&top);
    let manifest: Manifest = serde_json::from_slice(&top)
        .with_context(|| format!("{written}: the registry's manifest is not JSON"))?;
    let is_index = manifest.manifests.is_some()
        || manifest
            .media_type
            .as_deref()
            .is_some_and(|media_type| INDEX_TYPES.contains(&media_type));
    let mut platforms = BTreeMap::new();
    let media_type;
    if is_index {
        media_type = manifest
            .media_type
            .unwrap_or_else(|| INDEX_TYPES[0].to_owned());
        for entry in manifest.manifests.unwrap_or_default() {
            // Attestations ride in indexes as `unknown/unknown` entries; they are not images.
            let Some(platform) = entry.platform.filter(|platform| platform.os != "unknown") else {
                continue;
            };
            let bytes = location.read_checked(Some(&entry.digest), false, &entry.digest)?;
            let image: Manifest = serde_json::from_slice(&bytes)
                .with_context(|| format!("{written}: manifest {} is not JSON", entry.digest))?;
            let (config, env, _) = config_of(&location, &image, Some(&entry.digest))?;
            let name = platform.name();
            // Windows indexes tell images apart by `os.version` alone, which the lock's
            // platform names do not hold yet: refuse rather than keep one of them.
            if platforms.contains_key(&name) {
                bail!(
                    "{written}: the index has several images for {name}, which plumb.lock cannot tell apart yet"
                );
            }
            platforms.insert(
                name,
                PlatformImage {
                    manifest: entry.digest,
                    config,
                    env,
                },
            );
        }
    } else {
        media_type = manifest
            .media_type
            .clone()
            .unwrap_or_else(|| "application/vnd.oci.image.manifest.v1+json".to_owned());
        // Read the config the way the manifest was read: by the written tag, or its digest.
        let at = reference.digest.as_deref();
        let (config, env, platform) = config_of(&location, &manifest, at)?;
        platforms.insert(
            platform,
            PlatformImage {
                manifest: digest.clone(),
                config,
                env,
            },
        );
    }
    Ok(LockedImage {
        source: match source {
            ImageSource::Registry => "registry",
            ImageSource::ContainersStorage => "containers-storage",
        }
        .to_owned(),
        digest,
        media_type,
        platforms,
    })
}

/// The config digest, Env and platform of an image manifest, which is read at `at` (a
/// digest, or the written reference when `None`).
fn config_of(
    location: &Location,
    manifest: &Manifest,
    at: Option<&str>,
) -> Result<(String, Vec<String>, String)> {
    let shown = location.name(at);
    let Some(descriptor) = &manifest.config else {
        bail!("{shown}: the manifest has no config");
    };
    let bytes = location.read_checked(at, true, &descriptor.digest)?;
    let config: Config = serde_json::from_slice(&bytes)
        .with_context(|| format!("{shown}: config {} is not JSON", descriptor.digest))?;
    let env = config
        .config
        .and_then(|fields| fields.env)
        .unwrap_or_default();
    Ok((descriptor.digest.clone(), env, config.platform.name()))
}

/// Whether a registry host (with its port) is this machine.
/// The repository skopeo names the image by (`registry/path`, or the path alone for Docker
/// Hub) and whether its registry is on a loopback address (spoken to over plain HTTP).
fn repository_of(reference: &image_reference::ImageReference) -> (String, bool) {
    let loopback = reference.registry.as_deref().is_some_and(is_loopback);
    let repository = match &reference.registry {
        Some(registry) => format!("{registry}/{}", reference.path),
        None => reference.path.clone(),
    };
    (repository, loopback)
}

/// Copies the image `written` names, at `digest`, from its registry into the local
/// container storage under `written`, where a `--pull=never` build finds it. skopeo checks
/// that the manifest it fetched has that digest.
pub fn copy_to_storage(written: &str, digest: &str) -> Result<()> {
    let reference = image_reference::parse(written).map_err(anyhow::Error::msg)?;
    let (repository, loopback) = repository_of(&reference);
    let (source, destination) = (
        format!("docker://{repository}@{digest}"),
        format!("containers-storage:{written}"),
    );
    let mut arguments = vec!["copy", "--quiet"];
    if loopback {
        arguments.push("--src-tls-verify=false");
    }
    arguments.extend([source.as_str(), destination.as_str()]);
    let cannot = format!("copy {repository}@{digest} into the local storage");
    skopeo(&arguments, &cannot).map(drop)
}

/// Copies the image of the OCI layout at `layout` to `destination`, a skopeo destination
/// (`docker://…`, `containers-storage:…`), its bytes and so its digest unchanged.
pub fn copy_layout(layout: &Path, destination: &str) -> Result<()> {
    let source = format!("oci:{}", layout.display());
    let mut arguments = vec!["copy", "--quiet", "--preserve-digests"];
    let loopback = destination
        .strip_prefix("docker://")
        .and_then(|rest| rest.split('/').next())
        .is_some_and(is_loopback);
    if loopback {
        arguments.push("--dest-tls-verify=false");
    }
    arguments.extend([source.as_str(), destination]);
    let cannot = format!("copy the image to {destination}");
    skopeo(&arguments, &cannot).map(drop)
}

/// What skopeo prints when it runs `arguments`; when it fails, that it `cannot` do it, in
/// its own words.
fn skopeo(arguments: &[&str], cannot: &str) -> Result<Vec<u8>> {
    let output = Command::new("skopeo")
        .args(arguments)
        .output()
        .context("cannot run skopeo (Debian package skopeo)")?;
    if !output.status.success() {
        bail!(
            "skopeo cannot {cannot}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}

fn is_loopback(registry: &str) -> bool {
    let host = match registry.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => registry.split(':').next().unwrap_or_default(),
    };
    host == "localhost"
        || host == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|address| address.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_registries() {
        for host in [
            "localhost:5000",
            "127.0.0.1:5000",
            "127.1.2.3",
            "[::1]:5000",
        ] {
            assert!(is_loopback(host), "{host}");
        }
        for host in ["registry.example:5000", "10.0.0.1:5000", "example.org"] {
            assert!(!is_loopback(host), "{host}");
        }
    }
}
