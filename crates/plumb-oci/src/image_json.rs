//! The image's JSON documents (config, manifest, index, `oci-layout`) as RFC 8785
//! canonical bytes, written with the `canon-json` formatter as plumb-core writes plans.
//! Every number in them is a size below 2^53, so all JCS implementations agree on them.

use crate::digest::Digest;
use crate::error::Error;
use crate::options::{ImageOptions, Platform};
use serde::Serialize;
use std::collections::BTreeMap;

pub(crate) const MANIFEST_MEDIA_TYPE: &str = "application/vnd.oci.image.manifest.v1+json";
const INDEX_MEDIA_TYPE: &str = "application/vnd.oci.image.index.v1+json";
const CONFIG_MEDIA_TYPE: &str = "application/vnd.oci.image.config.v1+json";
const REF_NAME: &str = "org.opencontainers.image.ref.name";

/// A blob as another document refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Descriptor {
    #[serde(rename = "mediaType")]
    pub(crate) media_type: &'static str,
    #[serde(serialize_with = "as_text")]
    pub(crate) digest: Digest,
    pub(crate) size: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) platform: Option<PlatformJson>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) annotations: BTreeMap<&'static str, String>,
}

impl Descriptor {
    pub(crate) fn new(media_type: &'static str, digest: Digest, size: u64) -> Self {
        Self {
            media_type,
            digest,
            size,
            platform: None,
            annotations: BTreeMap::new(),
        }
    }
}

fn as_text<S: serde::Serializer>(digest: &Digest, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(digest)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct PlatformJson {
    architecture: String,
    os: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    variant: Option<String>,
}

impl From<&Platform> for PlatformJson {
    fn from(platform: &Platform) -> Self {
        Self {
            architecture: platform.architecture.clone(),
            os: platform.os.clone(),
            variant: platform.variant.clone(),
        }
    }
}

/// One layer as the config's history records it.
#[derive(Debug)]
pub(crate) struct LayerHistory<'a> {
    pub(crate) diff_id: Digest,
    pub(crate) comment: &'a str,
}

/// The image config: platform, how containers run, the layers' diff_ids, one history entry
/// per layer, `created` at SOURCE_DATE_EPOCH.
pub(crate) fn config(
    image: &ImageOptions,
    created: &str,
    layers: &[LayerHistory<'_>],
) -> Result<Vec<u8>, Error> {
    #[derive(Serialize)]
    struct Config<'a> {
        #[serde(flatten)]
        platform: PlatformJson,
        created: &'a str,
        config: RunConfig<'a>,
        rootfs: RootFs,
        history: Vec<History<'a>>,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct RunConfig<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        user: Option<&'a str>,
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        exposed_ports: BTreeMap<&'a str, serde_json::Map<String, serde_json::Value>>,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        env: &'a [String],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        entrypoint: &'a [String],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        cmd: &'a [String],
        #[serde(skip_serializing_if = "Option::is_none")]
        working_dir: Option<&'a str>,
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        labels: &'a BTreeMap<String, String>,
    }
    #[derive(Serialize)]
    struct RootFs {
        r#type: &'static str,
        #[serde(serialize_with = "digests_as_text")]
        diff_ids: Vec<Digest>,
    }
    #[derive(Serialize)]
    struct History<'a> {
        created: &'a str,
        created_by: &'a str,
        comment: &'a str,
    }
    let run = &image.config;
    canonical(
        "the image config",
        &Config {
            platform: (&image.platform).into(),
            created,
            config: RunConfig {
                user: run.user.as_deref(),
                exposed_ports: run
                    .exposed_ports
                    .iter()
                    .map(|port| (port.as_str(), serde_json::Map::new()))
                    .collect(),
                env: &run.env,
                entrypoint: &run.entrypoint,
                cmd: &run.cmd,
                working_dir: run.working_dir.as_deref(),
                labels: &run.labels,
            },
            rootfs: RootFs {
                r#type: "layers",
                diff_ids: layers.iter().map(|layer| layer.diff_id).collect(),
            },
            history: layers
                .iter()
                .map(|layer| History {
                    created,
                    created_by: &image.created_by,
                    comment: layer.comment,
                })
                .collect(),
        },
    )
}

fn digests_as_text<S: serde::Serializer>(
    digests: &[Digest],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(digests.iter().map(ToString::to_string))
}

pub(crate) fn manifest(
    config_digest: Digest,
    config_size: u64,
    layers: Vec<Descriptor>,
) -> Result<Vec<u8>, Error> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Manifest {
        schema_version: u32,
        media_type: &'static str,
        config: Descriptor,
        layers: Vec<Descriptor>,
    }
    canonical(
        "the image manifest",
        &Manifest {
            schema_version: 2,
            media_type: MANIFEST_MEDIA_TYPE,
            config: Descriptor::new(CONFIG_MEDIA_TYPE, config_digest, config_size),
            layers,
        },
    )
}

/// index.json: the one manifest, with its platform and, when asked, its reference name.
pub(crate) fn index(mut manifest: Descriptor, image: &ImageOptions) -> Result<Vec<u8>, Error> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Index {
        schema_version: u32,
        media_type: &'static str,
        manifests: Vec<Descriptor>,
    }
    manifest.platform = Some((&image.platform).into());
    if let Some(name) = &image.ref_name {
        manifest.annotations.insert(REF_NAME, name.clone());
    }
    canonical(
        "index.json",
        &Index {
            schema_version: 2,
            media_type: INDEX_MEDIA_TYPE,
            manifests: vec![manifest],
        },
    )
}

pub(crate) fn oci_layout() -> Result<Vec<u8>, Error> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct OciLayout {
        image_layout_version: &'static str,
    }
    canonical(
        "oci-layout",
        &OciLayout {
            image_layout_version: "1.0.0",
        },
    )
}

fn canonical(what: &'static str, value: &impl Serialize) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut bytes, canon_json::CanonicalFormatter::new());
    value
        .serialize(&mut serializer)
        .map_err(|error| Error::Json {
            what,
            message: error.to_string(),
        })?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::{ContainerConfig, Platform};

    fn image() -> ImageOptions {
        ImageOptions {
            platform: Platform {
                variant: Some("v8".to_owned()),
                ..Platform::linux("arm64")
            },
            config: ContainerConfig {
                entrypoint: vec!["/bin/app".to_owned()],
                cmd: vec!["--serve".to_owned()],
                env: vec!["PATH=/usr/bin".to_owned(), "A=1".to_owned()],
                labels: [
                    ("z".to_owned(), "1".to_owned()),
                    ("a".to_owned(), "2".to_owned()),
                ]
                .into(),
                user: Some("1000:1000".to_owned()),
                working_dir: Some("/srv".to_owned()),
                exposed_ports: ["8080/tcp".to_owned(), "53/udp".to_owned()].into(),
            },
            created_by: "plumb step 1".to_owned(),
            ref_name: Some("app:1".to_owned()),
        }
    }

    #[test]
    fn the_config_is_canonical_with_everything_asked_for() {
        let diff_id = Digest::of(b"layer");
        let bytes = config(
            &image(),
            "2023-11-14T22:13:20Z",
            &[LayerHistory {
                diff_id,
                comment: "rootfs",
            }],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            format!(
                "{{\"architecture\":\"arm64\",\"config\":{{\"Cmd\":[\"--serve\"],\
                 \"Entrypoint\":[\"/bin/app\"],\"Env\":[\"PATH=/usr/bin\",\"A=1\"],\
                 \"ExposedPorts\":{{\"53/udp\":{{}},\"8080/tcp\":{{}}}},\
                 \"Labels\":{{\"a\":\"2\",\"z\":\"1\"}},\"User\":\"1000:1000\",\
                 \"WorkingDir\":\"/srv\"}},\"created\":\"2023-11-14T22:13:20Z\",\
                 \"history\":[{{\"comment\":\"rootfs\",\"created\":\"2023-11-14T22:13:20Z\",\
                 \"created_by\":\"plumb step 1\"}}],\"os\":\"linux\",\
                 \"rootfs\":{{\"diff_ids\":[\"{diff_id}\"],\"type\":\"layers\"}},\"variant\":\"v8\"}}"
            )
        );
    }

    #[test]
    fn an_empty_run_config_is_an_empty_object() {
        let image = ImageOptions {
            config: ContainerConfig::default(),
            platform: Platform::linux("amd64"),
            ..image()
        };
        let bytes = config(&image, "1970-01-01T00:00:00Z", &[]).unwrap();
        assert!(String::from_utf8(bytes).unwrap().contains("\"config\":{},"));
    }

    #[test]
    fn manifest_and_index() {
        let config = Digest::of(b"config");
        let layer = Descriptor::new(
            "application/vnd.oci.image.layer.v1.tar+gzip",
            Digest::of(b"layer"),
            5,
        );
        let manifest_bytes = manifest(config, 6, vec![layer.clone()]).unwrap();
        assert_eq!(
            String::from_utf8(manifest_bytes.clone()).unwrap(),
            format!(
                "{{\"config\":{{\"digest\":\"{}\",\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":6}},\
                 \"layers\":[{{\"digest\":\"{}\",\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"size\":5}}],\
                 \"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"schemaVersion\":2}}",
                config, layer.digest
            )
        );
        let descriptor = Descriptor::new(
            MANIFEST_MEDIA_TYPE,
            Digest::of(&manifest_bytes),
            manifest_bytes.len() as u64,
        );
        let index_bytes = String::from_utf8(index(descriptor.clone(), &image()).unwrap()).unwrap();
        assert_eq!(
            index_bytes,
            format!(
                "{{\"manifests\":[{{\"annotations\":{{\"org.opencontainers.image.ref.name\":\"app:1\"}},\
                 \"digest\":\"{}\",\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\
                 \"platform\":{{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}},\"size\":{}}}],\
                 \"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"schemaVersion\":2}}",
                descriptor.digest, descriptor.size
            )
        );
        assert_eq!(oci_layout().unwrap(), b"{\"imageLayoutVersion\":\"1.0.0\"}");
    }
}
