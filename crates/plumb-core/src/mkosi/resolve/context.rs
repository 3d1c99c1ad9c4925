//! The state of one resolution, as mkosi's `ParseContext` keeps it: the values given on the
//! command line and those read from files, kept apart so that `[Match]` sees what is set so
//! far and the command line wins; and `finalize`, which gives a setting its value from them
//! or from its default.

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
    /// The subimage being read, `None` for the main image.
    pub image: Option<String>,
    /// The files and directories already included.
    pub includes: BTreeSet<String>,
    /// Settings that may no longer change (`Profile=` once profiles are read).
    pub immutable: BTreeSet<&'static str>,
    pub warnings: Vec<Warning>,
}

impl<'a> Context<'a> {
    pub fn resolution(&self, name: &str) -> &'static Resolution {
        self.table
            .iter()
            .find(|resolution| resolution.name == name)
            .expect("every setting has a resolution")
    }

    /// The value of setting `name` now, which becomes its value in the files' namespace.
    pub fn finalize(&mut self, name: &str) -> Result<Known, Failure> {
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
        if !self.cli.contains_key(name)
            && let Some(value) = self.config.get(name)
            && value.as_ref() != Some(&Value::Null)
        {
            return Ok(value.clone());
        }
        let default = if (self.cli.contains_key(name) || self.config.contains_key(name))
            && resolution.is_collection()
        {
            Some(match resolution.default {
                Default::Json(json) if json.starts_with('{') => json!({}),
                _ => json!([]),
            })
        } else {
            match resolution.default {
                Default::Computed => self.computed_default(name)?,
                Default::Json(json) => Some(match name {
                    "Architecture" => json!(self.host.architecture),
                    _ => serde_json::from_str(json).expect("the table's defaults are JSON"),
                }),
            }
        };
        self.config.insert(name, default.clone());
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

    /// What mkosi's default factory gives `name`, from the settings it depends on and the
    /// host.
    fn computed_default(&mut self, name: &str) -> Result<Known, Failure> {
        let host_distribution = self.host.distribution.as_deref();
        Ok(match name {
            "Distribution" => Some(json!(host_distribution.unwrap_or("custom"))),
            "Release" => self.text("Distribution")?.map(|distribution| {
                let distribution = distribution.unwrap_or_default();
                match (&self.host.release, host_distribution) {
                    (Some(release), Some(host)) if host == distribution => json!(release),
                    _ => json!(distributions::default_release(&distribution)),
                }
            }),
            "ToolsTreeDistribution" => Some(json!(
                host_distribution.map_or("custom", distributions::tools_tree_distribution)
            )),
            "ToolsTreeRelease" => self.text("ToolsTreeDistribution")?.map(|distribution| {
                distribution.map_or(Value::Null, |distribution| {
                    json!(distributions::default_release(&distribution))
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
                            "tar" | "cpio" | "uki" | "esp" => {
                                let focal = distribution.as_deref() == Some("ubuntu")
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
            // A random seed for each run, and whatever else plumb does not compute.
            _ => None,
        })
    }
}
