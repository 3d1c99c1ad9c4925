//! The state of one resolution, as mkosi's `ParseContext` keeps it: the values given on the
//! command line and those read from files, kept apart so that `[Match]` sees what is set so
//! far and the command line wins; and `finalize`, which gives a setting its value from them
//! or from its default. mkosi 24 writes a default into the files' namespace once it is
//! asked for; mkosi 26 keeps defaults apart, and resets optional settings to empty.

use super::distributions;
use super::files::TreeFiles;
use super::{Failure, Host, Warning};
use crate::mkosi::resolution::{Default, Resolution};
use crate::mkosi::settings::Settings;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// A setting's value as far as plumb knows it: `None` when it depends on a value plumb does
/// not compute; `Some(Value::Null)` is mkosi's `None`.
pub type Known = Option<Value>;

/// Settings by name, each present once something sets it.
pub type Namespace = BTreeMap<&'static str, Known>;

/// The CA bundles mkosi 26 takes as `ProxyPeerCertificate=` by default, the first found.
const CA_BUNDLES: [&str; 2] = [
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/certs/ca-certificates.crt",
];

pub struct Context<'a> {
    pub settings: Settings,
    pub table: &'static [Resolution],
    pub files: &'a dyn TreeFiles,
    pub host: &'a Host,
    /// The directory mkosi runs in.
    pub directory: String,
    /// The directory relative paths are read from now.
    pub cwd: String,
    pub cli: Namespace,
    pub config: Namespace,
    /// The defaults computed so far (mkosi 26).
    pub defaults: Namespace,
    /// The configuration files read for the image so far (mkosi 26's `Files`).
    pub files_read: Vec<String>,
    /// The subimage being read, `None` for the main image.
    pub image: Option<String>,
    /// The files and directories already included.
    pub includes: BTreeSet<String>,
    /// Settings that may no longer change (`Profile=` once profiles are read).
    pub immutable: BTreeSet<&'static str>,
    pub warnings: Vec<Warning>,
}

impl<'a> Context<'a> {
    /// Whether the tree is read as mkosi 26 reads it, where that differs from mkosi 24.
    pub fn v26(&self) -> bool {
        self.settings.release == "26"
    }

    /// The image's name as mkosi 26 calls it (`main` for the main image).
    pub fn image_name(&self) -> &str {
        self.image.as_deref().unwrap_or("main")
    }

    pub fn resolution(&self, name: &str) -> &'static Resolution {
        self.table
            .iter()
            .find(|resolution| resolution.name == name)
            .expect("every setting has a resolution")
    }

    /// The value of setting `name` now, which becomes its value in the files' namespace.
    pub fn finalize(&mut self, name: &str) -> Result<Known, Failure> {
        if self.v26() {
            return self.finalize_v26(name);
        }
        let resolution = self.resolution(name);
        let name = resolution.name;
        if let Some(given) = self.cli.get(name).cloned() {
            match given {
                None => return Ok(None),
                Some(Value::Array(items)) => {
                    return Ok(self
                        .config
                        .get(name)
                        .cloned()
                        .unwrap_or(Some(json!([])))
                        .map(|old| {
                            let mut all = old.as_array().cloned().unwrap_or_default();
                            all.extend(items);
                            Value::Array(all)
                        }));
                }
                Some(Value::Null) => {}
                Some(value) => return Ok(Some(value)),
            }
        }
        if let Some(value) = self.files_value(name) {
            return Ok(value);
        }
        let default = if self.is_set(name) && resolution.is_collection() {
            Some(emptied(resolution))
        } else {
            self.table_default(resolution)?
        };
        self.config.insert(name, default.clone());
        Ok(default)
    }

    /// The files' value of `name`, when the command line leaves it to them and they set it.
    fn files_value(&self, name: &str) -> Option<Known> {
        if self.cli.contains_key(name) {
            return None;
        }
        self.config
            .get(name)
            .filter(|value| value.as_ref() != Some(&Value::Null))
            .cloned()
    }

    /// Whether the command line or a file assigned `name`.
    fn is_set(&self, name: &str) -> bool {
        self.cli.contains_key(name) || self.config.contains_key(name)
    }

    /// The table's default of `resolution`, or the one computed from other settings and the
    /// host.
    fn table_default(&mut self, resolution: &Resolution) -> Result<Known, Failure> {
        Ok(match resolution.default {
            Default::Computed => self.computed_default(resolution.name)?,
            Default::Json(json) => Some(match resolution.name {
                "Architecture" => json!(self.host.architecture),
                _ => serde_json::from_str(json).expect("the table's defaults are JSON"),
            }),
        })
    }

    /// mkosi 26's `finalize_value`: the command line's value, merged with the files' for a
    /// list or dictionary; else the files'; else the default, kept apart from the files'
    /// namespace (an optional setting that was reset stays empty).
    fn finalize_v26(&mut self, name: &str) -> Result<Known, Failure> {
        let resolution = self.resolution(name);
        let name = resolution.name;
        if let Some(given) = self.cli.get(name).cloned() {
            match (given, self.config.get(name).cloned()) {
                (None, _) | (_, Some(None)) => return Ok(None),
                (Some(Value::Null), _) => {}
                (Some(Value::Array(items)), Some(Some(Value::Array(mut all)))) => {
                    all.extend(items);
                    return Ok(Some(Value::Array(all)));
                }
                (Some(Value::Object(items)), Some(Some(Value::Object(mut all)))) => {
                    all.extend(items);
                    return Ok(Some(Value::Object(all)));
                }
                (Some(value), _) => return Ok(Some(value)),
            }
        }
        if let Some(value) = self.files_value(name) {
            return Ok(value);
        }
        let default = if self.is_set(name) && resolution.optional {
            Some(emptied(resolution))
        } else if let Some(default) = self.defaults.get(name) {
            default.clone()
        } else {
            self.table_default(resolution)?
        };
        self.defaults.insert(name, default.clone());
        Ok(default)
    }

    /// The finalized value of `name` as text, `None` when plumb does not know it.
    fn text(&mut self, name: &str) -> Result<Option<Option<String>>, Failure> {
        Ok(self.finalize(name)?.map(|value| match value {
            Value::Null => None,
            Value::String(text) => Some(text),
            other => Some(other.to_string()),
        }))
    }

    /// mkosi 26 fetches repository keys remotely by default where the tools tree, or the
    /// host without one, is Ubuntu and the image is Arch or RPM based.
    fn repository_key_fetch(&mut self) -> Result<Known, Failure> {
        let release = self.settings.release;
        let Some(Some(distribution)) = self.text("Distribution")? else {
            return Ok(None);
        };
        let needs = distribution == "arch" || distributions::installs_rpms(release, &distribution);
        let tools = match self.text("ToolsTree")? {
            None => return Ok(None),
            Some(Some(tree)) if tree == "default" || tree == "yes" => {
                match self.text("ToolsTreeDistribution")? {
                    None => return Ok(None),
                    Some(tools) => tools,
                }
            }
            Some(None) => self.host.distribution.clone(),
            // The distribution of a tools tree on disk, which plumb does not read.
            Some(Some(_)) => return Ok(None),
        };
        Ok(Some(json!(needs && tools.as_deref() == Some("ubuntu"))))
    }

    /// What mkosi's default factory gives `name`, from the settings it depends on and the
    /// host.
    fn computed_default(&mut self, name: &str) -> Result<Known, Failure> {
        let release = self.settings.release;
        let host_distribution = self
            .host
            .distribution
            .as_deref()
            .filter(|name| distributions::builds(release, name));
        Ok(match name {
            "Distribution" => Some(json!(host_distribution.unwrap_or("custom"))),
            "Release" => self.text("Distribution")?.map(|distribution| {
                let distribution = distribution.unwrap_or_default();
                match (&self.host.release, host_distribution) {
                    (Some(host_release), Some(host)) if host == distribution => {
                        json!(host_release)
                    }
                    _ => json!(distributions::default_release(release, &distribution)),
                }
            }),
            "ToolsTreeDistribution" => Some(json!(host_distribution.map_or("custom", |host| {
                distributions::tools_tree_distribution(release, host)
            }))),
            "ToolsTreeRelease" => self.text("ToolsTreeDistribution")?.map(|distribution| {
                distribution.map_or(Value::Null, |distribution| {
                    json!(distributions::default_release(release, &distribution))
                })
            }),
            "ToolsTreeMirror" => {
                let mirror = self.text("Mirror")?;
                let distribution = self.text("Distribution")?;
                let tools = self.text("ToolsTreeDistribution")?;
                match (mirror, distribution, tools) {
                    (Some(mirror), Some(distribution), Some(tools)) => Some(match mirror {
                        Some(mirror) if distribution == tools => json!(mirror),
                        _ => Value::Null,
                    }),
                    _ => None,
                }
            }
            "Output" => {
                let id = self.text("ImageId")?;
                let version = self.text("ImageVersion")?;
                match (id, version) {
                    (Some(id), Some(version)) => {
                        let mut output = self
                            .image
                            .clone()
                            .or(id)
                            .unwrap_or_else(|| "image".to_owned());
                        if let Some(version) = version {
                            output = format!("{output}_{version}");
                        }
                        Some(json!(output))
                    }
                    _ => None,
                }
            }
            "Dependencies" => Some(json!(match self.image {
                Some(_) => Vec::new(),
                None => super::images::subimage_names(self)?,
            })),
            "BuildSources" => Some(json!([{"Source": self.directory, "Target": null}])),
            "PackageManagerTrees" => self.finalize("SkeletonTrees")?,
            "ProxyClientKey" => self.finalize("ProxyClientCertificate")?,
            "CompressOutput" => {
                let format = self.text("Format")?;
                let distribution = self.text("Distribution")?;
                let release = self.text("Release")?;
                match (format, distribution, release) {
                    (Some(format), Some(distribution), Some(release)) => {
                        Some(json!(match format.as_deref().unwrap_or_default() {
                            "tar" | "cpio" | "uki" | "esp" | "addon" => {
                                // mkosi 24 compresses Ubuntu focal's with xz.
                                let focal = !self.v26()
                                    && distribution.as_deref() == Some("ubuntu")
                                    && release.as_deref() == Some("focal");
                                if focal { "xz" } else { "zstd" }
                            }
                            "oci" => "gz",
                            _ => "none",
                        }))
                    }
                    _ => None,
                }
            }
            // mkosi looks for these among the names of the configured environment's
            // variables, which never hold `=`; so only the process environment counts.
            "SourceDateEpoch" => match self.host.environment.get("SOURCE_DATE_EPOCH") {
                Some(text) if !text.is_empty() => {
                    let kind = self.resolution(name).kind;
                    let place = super::values::Place {
                        directory: &self.cwd,
                        files: self.files,
                        environment: &self.host.environment,
                    };
                    super::values::parse(kind, text, None, &place)
                        .map_err(|message| Failure::refused(message, None))?
                }
                _ => Some(Value::Null),
            },
            "ProxyUrl" => match self.finalize("Environment")? {
                None => None,
                Some(environment) => {
                    let names = ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"];
                    if names.iter().any(|name| environment.get(name).is_some()) {
                        Some(json!(""))
                    } else {
                        Some(
                            names
                                .iter()
                                .find_map(|name| self.host.environment.get(*name))
                                .map_or(Value::Null, |url| json!(url)),
                        )
                    }
                }
            },
            "OutputExtension" => self.text("Format")?.map(|format| {
                json!(match format.as_deref().unwrap_or_default() {
                    "cpio" => "cpio",
                    "tar" => "tar",
                    "uki" | "addon" => "efi",
                    "directory" | "none" | "oci" => "",
                    _ => "raw",
                })
            }),
            "Checksum" => self.finalize("Sign")?,
            "RepositoryKeyFetch" => self.repository_key_fetch()?,
            "ProxyExclude" => match self.finalize("Environment")? {
                None => None,
                Some(environment) => {
                    let names = ["no_proxy", "NO_PROXY"];
                    if names.iter().any(|name| environment.get(name).is_some()) {
                        Some(json!([""]))
                    } else {
                        Some(
                            names
                                .iter()
                                .find_map(|name| self.host.environment.get(*name))
                                .map_or(Value::Null, |hosts| {
                                    json!(hosts.split(',').collect::<Vec<_>>())
                                }),
                        )
                    }
                }
            },
            "ProxyPeerCertificate" => Some(
                CA_BUNDLES
                    .iter()
                    .find(|path| self.files.exists(path))
                    .map_or(Value::Null, |path| json!(path)),
            ),
            // A random seed for each run, and whatever else plumb does not compute.
            _ => None,
        })
    }
}

/// What an assignment that resets `resolution` leaves: an empty dictionary or list, else
/// `null`.
fn emptied(resolution: &Resolution) -> Value {
    match resolution.default {
        Default::Json(json) if json.starts_with('{') => json!({}),
        _ if resolution.is_collection() => json!([]),
        _ => Value::Null,
    }
}
