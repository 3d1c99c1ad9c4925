//! `[Match]` and `[TriggerMatch]`, evaluated as mkosi evaluates them before it reads a
//! file: within a `[Match]` section every condition must hold, except those marked `|`, of
//! which one must; a file's `[Match]` sections must all hold; of its `[TriggerMatch]`
//! sections, one. `!` negates a condition. Settings not set yet are compared by their
//! default. mkosi 26 then checks `[Assert]` and `[TriggerAssert]` the same way, and
//! refuses the tree where they fail.

use super::context::Context;
use super::values::{feature, member};
use super::{Failure, Location, glob, paths, versions};
use crate::mkosi::ini::ConfFile;
use crate::mkosi::resolution::{Kind, Matching, Scope};
use serde_json::Value;

/// The sections that decide whether a file is read, and those that must hold (mkosi 26).
const MATCHES: [&str; 2] = ["Match", "TriggerMatch"];
const ASSERTS: [&str; 2] = ["Assert", "TriggerAssert"];

/// The architectures UEFI runs on (mkosi 26's `Architecture.to_efi`), for `uefi`.
const UEFI_ARCHITECTURES: [&str; 7] = [
    "x86",
    "x86-64",
    "arm",
    "arm64",
    "riscv32",
    "riscv64",
    "loongarch64",
];

impl Context<'_> {
    /// Whether the configuration `file` (read as `conf`) applies; an assertion that fails
    /// refuses the tree.
    pub fn conditions_hold(&mut self, file: &str, conf: &ConfFile) -> Result<bool, Failure> {
        if !self.sections_hold(file, conf, MATCHES)? {
            return Ok(false);
        }
        if self.v26() && !self.sections_hold(file, conf, ASSERTS)? {
            let first = conf
                .sections
                .iter()
                .find(|section| section.name == ASSERTS[1]);
            return Err(Failure::refused(
                "None of the [TriggerAssert] sections was satisfied",
                first.map(|section| Location {
                    file: file.to_owned(),
                    span: section.name_span,
                }),
            ));
        }
        Ok(true)
    }

    /// Whether the sections named `[plain, trigger]` of `conf` hold; a failing `[Assert]`
    /// refuses the tree.
    fn sections_hold(
        &mut self,
        file: &str,
        conf: &ConfFile,
        [plain, trigger_name]: [&str; 2],
    ) -> Result<bool, Failure> {
        let asserts = plain == "Assert";
        let mut matched_trigger: Option<bool> = None;
        for section in &conf.sections {
            if section.name != plain && section.name != trigger_name {
                continue;
            }
            let trigger_section = section.name == trigger_name;
            let mut any_triggered: Option<bool> = None;
            for assignment in &section.assignments {
                let at = Location::value(file, assignment);
                let trigger = assignment.value.starts_with('|');
                let value = assignment.value.trim_start_matches('|');
                let negate = value.starts_with('!');
                let value = value.strip_prefix('!').unwrap_or(value);
                let value = self.expand(value, file)?;
                if value.is_empty() && !self.v26() {
                    return Err(Failure::refused("Match value cannot be empty", Some(at)));
                }
                let holds = self.condition(&assignment.key, &section.name, &value, &at)? != negate;
                if !trigger && !holds {
                    if trigger_section {
                        any_triggered = Some(false);
                        break;
                    }
                    if asserts {
                        return Err(Failure::refused(
                            format!(
                                "{}={} in [Assert] section was not satisfied",
                                assignment.key, assignment.value
                            ),
                            Some(at),
                        ));
                    }
                    return Ok(false);
                }
                if trigger {
                    any_triggered = Some(any_triggered.unwrap_or(false) || holds);
                }
            }
            if !trigger_section && any_triggered == Some(false) {
                if asserts {
                    return Err(Failure::refused(
                        "Trigger condition in [Assert] section was not satisfied",
                        Some(Location {
                            file: file.to_owned(),
                            span: section.name_span,
                        }),
                    ));
                }
                return Ok(false);
            }
            if trigger_section {
                matched_trigger =
                    Some(matched_trigger.unwrap_or(false) || any_triggered != Some(false));
            }
        }
        Ok(matched_trigger != Some(false))
    }

    /// Whether the condition `key=value` holds.
    fn condition(
        &mut self,
        key: &str,
        section: &str,
        value: &str,
        at: &Location,
    ) -> Result<bool, Failure> {
        let cannot = || {
            Failure::refused(
                format!("{key} cannot be used in [{section}]"),
                Some(at.clone()),
            )
        };
        let setting = self
            .settings
            .get(key)
            .or_else(|| self.settings.renamed(key));
        let Some(setting) = setting else {
            return match key {
                "PathExists" => Ok(self.files.exists(&paths::resolve(&self.cwd, value))),
                "HostArchitecture" => {
                    if let Kind::Enum { name, values } = self.resolution("Architecture").kind {
                        member(value, name, values)
                            .map_err(|message| Failure::refused(message, Some(at.clone())))?;
                    }
                    Ok(value == self.host.architecture)
                }
                "Image" if self.v26() => Ok(value == self.image_name()),
                "SystemdVersion" => match &self.host.systemd_version {
                    Some(version) => Ok(!value.is_empty() && versions::satisfies(value, version)),
                    None => Err(Failure::systemd_version_unknown(at.clone())),
                },
                _ => Err(cannot()),
            };
        };
        let resolution = self.resolution(setting.name);
        if resolution.matching == Matching::No {
            return Err(cannot());
        }
        if self.v26() && resolution.scope == Scope::Main && self.image.is_some() {
            return Err(Failure::refused(
                format!("{key} cannot be matched on outside of the main image"),
                Some(at.clone()),
            ));
        }
        if key != setting.name {
            self.warn(format!(
                "Setting {key} is deprecated, please use {} instead.",
                setting.name
            ));
        }
        let Some(current) = self.finalize(setting.name)? else {
            return Err(Failure::unsupported(
                format!("[Match] {key}= compares with a value plumb does not compute"),
                Some(at.clone()),
            ));
        };
        if current.is_null() {
            return Ok(false);
        }
        let text = current.as_str().unwrap_or_default();
        Ok(match resolution.matching {
            Matching::String => value == text,
            Matching::Glob => glob::matches(value, text),
            Matching::Enum => {
                if let Kind::Enum { name, values } = resolution.kind {
                    member(value, name, values)
                        .map_err(|message| Failure::refused(message, Some(at.clone())))?;
                }
                value == text
            }
            Matching::Feature => {
                feature(value).map_err(|message| Failure::refused(message, Some(at.clone())))?
                    == text
            }
            Matching::Repositories => current
                .as_array()
                .is_some_and(|items| items.iter().any(|item| item.as_str() == Some(value))),
            Matching::List => current.as_array().is_some_and(|items| match value {
                "" => items.is_empty(),
                _ => items.iter().any(|item| item.as_str() == Some(value)),
            }),
            Matching::Architecture if value == "uefi" => UEFI_ARCHITECTURES.contains(&text),
            Matching::Architecture => {
                if let Kind::Enum { name, values } = resolution.kind {
                    member(value, name, values)
                        .map_err(|message| Failure::refused(message, Some(at.clone())))?;
                }
                value == text
            }
            Matching::BuildSources => {
                let wanted = paths::pure(value.trim_start_matches('/'));
                current.as_array().is_some_and(|trees| {
                    trees
                        .iter()
                        .filter_map(|tree| tree.get("Target").and_then(Value::as_str))
                        .any(|target| target == wanted)
                })
            }
            Matching::Version => versions::satisfies(value, text),
            Matching::KeyValue => {
                current
                    .as_object()
                    .is_some_and(|entries| match value.split_once('=') {
                        None => entries.contains_key(value),
                        Some((key, wanted)) => {
                            entries.get(key).and_then(Value::as_str) == Some(wanted)
                        }
                    })
            }
            Matching::No => {
                return Err(Failure::unsupported(
                    format!("plumb does not evaluate [Match] {key}= yet"),
                    Some(at.clone()),
                ));
            }
        })
    }
}
