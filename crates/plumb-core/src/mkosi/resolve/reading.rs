//! Reading a configuration file or directory as mkosi 24's `parse_config_one` does: the
//! file's conditions first; for a directory, its `mkosi.local.conf` (whose values then win
//! over every other file's), the default `mkosi.*` paths beside it, its `mkosi.conf`, then
//! (at the top) the profile and the sorted `mkosi.conf.d/`. `Include=` reads each named file
//! or directory once, as soon as it is assigned.

use super::conditions::SECTIONS as CONDITION_SECTIONS;
use super::context::Context;
use super::values::{Place, parse};
use super::{Failure, Location, paths};
use crate::mkosi::ini::{self, ConfFile, IniError};
use crate::mkosi::resolution::Kind;
use serde_json::Value;

/// Configurations mkosi ships and `Include=` names without a path.
const BUILTIN_CONFIGS: [&str; 2] = ["mkosi-tools", "mkosi-initrd"];

impl Context<'_> {
    /// Reads the file or directory `path` (absolute); false when its conditions do not hold.
    pub fn read(&mut self, path: &str, profiles: bool, local: bool) -> Result<bool, Failure> {
        let extras = self.files.is_directory(path);
        let file = if extras {
            format!("{}/mkosi.conf", path.trim_end_matches('/'))
        } else {
            path.to_owned()
        };
        let parsed = self
            .files
            .read(&file)
            .map(|text| ini::parse(&text, self.settings.syntax));
        if let Some((conf, errors)) = &parsed {
            // mkosi reads the conditions first, and the settings only when they hold.
            refuse_errors(&file, conf, errors, |section| {
                section.is_none_or(|name| CONDITION_SECTIONS.contains(&name))
            })?;
            if !self.conditions_hold(&file, conf)? {
                return Ok(false);
            }
            refuse_errors(&file, conf, errors, |section| {
                section.is_some_and(|name| self.settings.sections.contains(&name))
            })?;
        }
        let conf = parsed.map(|(conf, _)| conf);
        let directory = paths::parent(&file).to_owned();
        if extras {
            let local_file = format!("{directory}/mkosi.local.conf");
            if local && self.files.is_file(&local_file) {
                self.read(&local_file, false, false)?;
                // mkosi.local.conf wins over the other files (not over the command line).
                for resolution in self.table {
                    if self.config.contains_key(resolution.name) {
                        let value = self.finalize(resolution.name)?;
                        self.cli.insert(resolution.name, value);
                        self.config.remove(resolution.name);
                    }
                }
            }
            self.read_default_paths()?;
        }
        if let Some(conf) = &conf {
            self.assign_all(&file, conf)?;
        }
        if profiles {
            self.read_profile()?;
        }
        let dropins = format!("{directory}/mkosi.conf.d");
        if extras && self.files.is_directory(&dropins) {
            let mut entries = self.files.entries(&dropins);
            entries.sort();
            for entry in entries {
                let entry = format!("{dropins}/{entry}");
                if self.files.is_directory(&entry) {
                    self.read_in(&entry, false)?;
                } else if has_suffix(&entry, ".conf") {
                    self.read(&entry, false, false)?;
                }
            }
        }
        Ok(true)
    }

    /// Reads the directory `path` from inside it, as mkosi does with `chdir` (with its
    /// `mkosi.local.conf` when `local`).
    pub fn read_in(&mut self, path: &str, local: bool) -> Result<bool, Failure> {
        let outer = std::mem::replace(&mut self.cwd, path.to_owned());
        let read = self.read(path, false, local);
        self.cwd = outer;
        read
    }

    /// The settings a file or directory named by a default path sets (`mkosi.build`,
    /// `mkosi.extra/`…) in the directory being read.
    fn read_default_paths(&mut self) -> Result<(), Failure> {
        for resolution in self.table {
            for default_path in resolution.paths {
                let found = paths::resolve(&self.cwd, default_path);
                if !self.files.exists(&found) {
                    continue;
                }
                let text = match resolution.path_text {
                    true => match self.files.read(&found) {
                        Some(text) => text.trim_end_matches('\n').to_owned(),
                        None => continue,
                    },
                    false => (*default_path).to_owned(),
                };
                self.assign(resolution.name, &text, None)?;
            }
        }
        Ok(())
    }

    /// Every setting `conf` assigns, in order.
    fn assign_all(&mut self, file: &str, conf: &ConfFile) -> Result<(), Failure> {
        for section in &conf.sections {
            if !self.settings.sections.contains(&section.name.as_str()) {
                continue;
            }
            for assignment in &section.assignments {
                let at = Location::value(file, assignment);
                let key_at = Location {
                    file: file.to_owned(),
                    span: assignment.key_span,
                };
                let name = match assignment.key.strip_prefix('@') {
                    Some(name) => {
                        self.warn(format!(
                            "The '@' specifier is deprecated, please use {name} instead of {}",
                            assignment.key
                        ));
                        name
                    }
                    None => assignment.key.as_str(),
                };
                let setting = self
                    .settings
                    .get(name)
                    .or_else(|| self.settings.renamed(name))
                    .ok_or_else(|| {
                        Failure::refused(format!("Unknown setting {name}"), Some(key_at.clone()))
                    })?;
                let resolution = self.resolution(setting.name);
                if resolution.universal
                    && !resolution.is_collection()
                    && let Some(image) = &self.image
                {
                    return Err(Failure::refused(
                        format!("Setting {name} cannot be configured in subimage {image}"),
                        Some(key_at),
                    ));
                }
                if self.immutable.contains(name) {
                    return Err(Failure::refused(
                        format!("Setting {name} cannot be modified anymore at this point"),
                        Some(key_at),
                    ));
                }
                if section.name != setting.section {
                    self.warn(format!(
                        "Setting {name} should be configured in [{}], not [{}].",
                        setting.section, section.name
                    ));
                }
                if name != setting.name {
                    self.warn(format!(
                        "Setting {name} is deprecated, please use {} instead.",
                        setting.name
                    ));
                }
                let value = self.expand(&assignment.value, file)?;
                self.assign(setting.name, &value, Some(at))?;
                self.read_new_includes()?;
            }
        }
        Ok(())
    }

    /// Parses `text` into setting `name` of the files' namespace.
    fn assign(&mut self, name: &str, text: &str, at: Option<Location>) -> Result<(), Failure> {
        let resolution = self.resolution(name);
        if name == "Include"
            && text
                .split([',', '\n'])
                .any(|item| BUILTIN_CONFIGS.contains(&item))
        {
            return Err(Failure::unsupported(
                format!(
                    "Include={text} names a configuration mkosi ships, which plumb does not hold"
                ),
                at,
            ));
        }
        let value = match self.config.get(resolution.name) {
            // An assignment to a value plumb does not know leaves it unknown.
            Some(None) => None,
            old => {
                let old = old.cloned().flatten();
                let place = Place {
                    directory: &self.cwd,
                    files: self.files,
                };
                parse(resolution.kind, text, old.as_ref(), &place)
                    .map_err(|message| Failure::refused(message, at))?
            }
        };
        if resolution.kind == Kind::Other {
            self.config.insert(resolution.name, None);
        } else {
            self.config.insert(resolution.name, value);
        }
        Ok(())
    }

    /// Reads the files and directories `Include=` names that are not read yet.
    fn read_new_includes(&mut self) -> Result<(), Failure> {
        let included: Vec<String> = [self.cli.get("Include"), self.config.get("Include")]
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(|path| path.as_str().map(str::to_owned))
            .collect();
        for path in included {
            if !self.includes.insert(path.clone()) {
                continue;
            }
            if self.files.is_directory(&path) {
                self.read_in(&path, false)?;
            } else {
                self.read(&path, false, false)?;
            }
        }
        Ok(())
    }

    /// The profile `Profile=` names, from `mkosi.profiles/`.
    fn read_profile(&mut self) -> Result<(), Failure> {
        let profile = self.finalize("Profile")?;
        self.immutable.insert("Profile");
        let Some(Value::String(profile)) = profile else {
            return Ok(());
        };
        let found = [profile.clone(), format!("{profile}.conf")]
            .into_iter()
            .map(|name| paths::resolve(&self.cwd, &format!("mkosi.profiles/{name}")))
            .find(|path| self.files.exists(path))
            .ok_or_else(|| {
                Failure::refused(
                    format!("Profile '{profile}' not found in mkosi.profiles/"),
                    None,
                )
            })?;
        self.config
            .insert("Profile", Some(Value::String(profile.clone())));
        if self.files.is_directory(&found) {
            self.read_in(&found, false)?;
        } else {
            self.read(&found, false, false)?;
        }
        Ok(())
    }
}

/// Whether pathlib's `suffix` of `path`'s name is `suffix` (a name starting with `.` has
/// none).
pub fn has_suffix(path: &str, suffix: &str) -> bool {
    let name = paths::name(path);
    name.rfind('.')
        .is_some_and(|at| at > 0 && &name[at..] == suffix)
}

/// Refuses the first of `errors` in a section `reads` (by name; `None` outside any).
fn refuse_errors(
    file: &str,
    conf: &ConfFile,
    errors: &[IniError],
    reads: impl Fn(Option<&str>) -> bool,
) -> Result<(), Failure> {
    let section = |error: &IniError| {
        error
            .section
            .map(|index| conf.sections[index].name.as_str())
    };
    match errors.iter().find(|error| reads(section(error))) {
        Some(error) => Err(Failure::refused(
            error.message.clone(),
            Some(Location {
                file: file.to_owned(),
                span: error.span,
            }),
        )),
        None => Ok(()),
    }
}
