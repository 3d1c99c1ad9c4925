//! compose-go's `ResolveRelativePaths`: the paths a model holds (build contexts, env files,
//! bind mounts, config and secret files, …) made absolute against the project directory,
//! with `~` as the environment's `HOME`. Remote build contexts (`https://`, `git@`, …)
//! stay as written.

use std::collections::BTreeMap;

use super::posix_path as path;
use super::problem::LoadError;
use super::tree::{ITEM, TreePath};
use crate::yaml::{Node, Value};

/// Makes the model's relative paths absolute against `directory`.
pub fn resolve_relative_paths(
    model: &mut Node,
    directory: &str,
    environment: &BTreeMap<String, String>,
) -> Result<(), LoadError> {
    let resolver = Resolver {
        directory: directory.to_owned(),
        home: environment.get("HOME").cloned(),
    };
    resolver.walk(model, &TreePath::root())
}

struct Resolver {
    directory: String,
    home: Option<String>,
}

type Resolve = fn(&Resolver, &mut Node) -> Result<(), LoadError>;

const RESOLVERS: &[(&str, Resolve)] = &[
    ("services.*.build.context", Resolver::context_path),
    (
        "services.*.build.additional_contexts.*",
        Resolver::context_path,
    ),
    ("services.*.build.ssh.*", Resolver::unix_path),
    ("services.*.env_file.*.path", Resolver::absolute_path),
    ("services.*.label_file.*", Resolver::absolute_path),
    ("services.*.extends.file", Resolver::absolute_path),
    // compose-go also resolves symbolic links here, which needs the file system.
    ("services.*.develop.watch.*.path", Resolver::absolute_path),
    ("services.*.volumes.*", Resolver::volume_mount),
    ("configs.*.file", Resolver::unix_path),
    ("secrets.*.file", Resolver::unix_path),
    ("volumes.*", Resolver::volume_driver_options),
];

impl Resolver {
    fn walk(&self, node: &mut Node, path: &TreePath) -> Result<(), LoadError> {
        if let Some((_, resolve)) = RESOLVERS.iter().find(|(pattern, _)| path.matches(pattern)) {
            return resolve(self, node);
        }
        match &mut node.value {
            Value::Mapping(entries) => {
                for entry in entries {
                    let Some(key) = entry.key.as_str() else {
                        continue;
                    };
                    let next = path.next(key);
                    self.walk(&mut entry.value, &next)?;
                }
            }
            Value::Sequence(items) => {
                let next = path.next(ITEM);
                for item in items {
                    self.walk(item, &next)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// compose-go's `ExpandUser`: a leading `~` is `HOME` (`~user` too, as `HOME/user`).
    fn expand_user(&self, text: &str) -> String {
        match (text.strip_prefix('~'), &self.home) {
            (Some(rest), Some(home)) => path::join(&[home, rest]),
            _ => text.to_owned(),
        }
    }

    fn absolute_path(&self, node: &mut Node) -> Result<(), LoadError> {
        match &mut node.value {
            Value::Sequence(items) => items
                .iter_mut()
                .try_for_each(|item| self.absolute_path(item)),
            Value::String(text) => {
                let expanded = self.expand_user(text);
                *text = if path::is_absolute(&expanded) || expanded.is_empty() {
                    expanded
                } else {
                    path::join(&[&self.directory, &expanded])
                };
                Ok(())
            }
            _ => Err(LoadError::at(
                format!("unexpected type {}", super::tree::go_type(&node.value)),
                node,
            )),
        }
    }

    fn context_path(&self, node: &mut Node) -> Result<(), LoadError> {
        let Some(text) = node.as_str() else {
            return Ok(());
        };
        let remote = [
            "https://",
            "http://",
            "git://",
            "ssh://",
            "github.com/",
            "git@",
        ]
        .iter()
        .any(|prefix| text.starts_with(prefix));
        if text.contains("://") || text.starts_with("service:") || remote {
            return Ok(());
        }
        self.absolute_path(node)
    }

    /// A path that may be a Windows one (`C:\…`, `\\server\…`), which stays as written.
    fn unix_path(&self, node: &mut Node) -> Result<(), LoadError> {
        if let Value::String(text) = &mut node.value {
            let expanded = self.expand_user(text);
            *text = if path::is_absolute(&expanded) || is_windows_absolute(&expanded) {
                expanded
            } else {
                path::join(&[&self.directory, &expanded])
            };
        }
        Ok(())
    }

    fn volume_mount(&self, node: &mut Node) -> Result<(), LoadError> {
        if !matches!(node.value, Value::Mapping(_))
            || node.get("type").and_then(Node::as_str) != Some("bind")
        {
            return Ok(());
        }
        let origin = node.clone();
        let Some(source) = super::tree::get_mut(node, "source") else {
            return Err(LoadError::at(
                "invalid mount config for type \"bind\": field Source must not be empty",
                &origin,
            ));
        };
        self.unix_path(source)
    }

    /// A local volume whose driver options bind a host directory: the device is a path.
    fn volume_driver_options(&self, node: &mut Node) -> Result<(), LoadError> {
        if node.get("driver").and_then(Node::as_str) != Some("local") {
            return Ok(());
        }
        let Some(options) = super::tree::get_mut(node, "driver_opts") else {
            return Ok(());
        };
        if options.get("o").and_then(Node::as_str) != Some("bind") {
            return Ok(());
        }
        match super::tree::get_mut(options, "device") {
            Some(device) => self.unix_path(device),
            None => Ok(()),
        }
    }
}

/// compose-go's `IsWindowsAbs` for paths that do not start with `/`.
fn is_windows_absolute(text: &str) -> bool {
    let bytes = text.as_bytes();
    let separator = |byte: u8| byte == b'\\' || byte == b'/';
    (bytes.len() >= 3 && bytes[1] == b':' && separator(bytes[2]))
        || (bytes.len() >= 2 && separator(bytes[0]) && separator(bytes[1]))
}
