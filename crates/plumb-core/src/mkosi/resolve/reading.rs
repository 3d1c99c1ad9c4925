//! Reading a configuration file or directory as mkosi's `parse_config_one` does: the
//! file's conditions first; for a directory, its `mkosi.local.conf` (whose values then win
//! over every other file's), the default `mkosi.*` paths beside it, its `mkosi.conf`, then
//! (at the top) the profile and the sorted `mkosi.conf.d/`. `Include=` reads each named file
//! or directory once, as soon as it is assigned.
//!
//! mkosi 26 differs: `mkosi.local/` is read too, default paths may be globs in a directory
//! (`mkosi.build.d/*`), an unknown setting only warns, a setting the image may not set is
//! refused, and the profiles `Profiles=` lists are read after the drop-ins (each that
//! exists), also in included directories.

use super::context::Context;
use super::values::{Place, parse};
use super::{Failure, Location, glob, paths};
use crate::mkosi::ini::{self, ConfFile, IniError};
use crate::mkosi::resolution::{Destination, Kind, Resolution, Scope};
use serde_json::Value;

/// Configurations mkosi ships and `Include=` names without a path (mkosi 24 has the first
/// two).
const BUILTIN_CONFIGS: [&str; 5] = [
    "mkosi-tools",
    "mkosi-initrd",
    "mkosi-vm",
    "mkosi-addon",
    "mkosi-obs",
];

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
            let conditions = self.settings.condition_sections;
            refuse_errors(&file, conf, errors, |section| {
                section.is_none_or(|name| conditions.contains(&name))
            })?;
            if !self.conditions_hold(&file, conf)? {
                return Ok(false);
            }
            refuse_errors(&file, conf, errors, |section| {
                section.is_some_and(|name| self.reads_settings_of(name))
            })?;
        }
        let conf = parsed.map(|(conf, _)| conf);
        let directory = paths::parent(&file).to_owned();
        if extras {
            if local {
                self.read_local(&directory)?;
            }
            self.read_default_paths()?;
        }
        if let Some(conf) = &conf {
            if self.v26() {
                self.files_read.push(file.clone());
            }
            self.assign_all(&file, conf)?;
        }
        if profiles && !self.v26() {
            self.read_profile()?;
        }
        let dropins = format!("{directory}/mkosi.conf.d");
        if extras && self.files.is_directory(&dropins) {
            let mut entries = self.files.entries(&dropins);
            entries.sort();
            for entry in entries {
                let entry = format!("{dropins}/{entry}");
                if self.files.is_directory(&entry) {
                    self.read_in(&entry, false, false)?;
                } else if has_suffix(&entry, ".conf") {
                    self.read(&entry, false, false)?;
                }
            }
        }
        if profiles && self.v26() {
            self.read_profiles()?;
        }
        Ok(true)
    }

    /// Whether settings are read from the section `name`.
    fn reads_settings_of(&self, name: &str) -> bool {
        self.settings.sections.contains(&name) || self.settings.legacy_sections.contains(&name)
    }

    /// The local configuration of `directory` (`mkosi.local.conf`, and in mkosi 26
    /// `mkosi.local/` before it), whose values win over the other files' (not over the
    /// command line).
    fn read_local(&mut self, directory: &str) -> Result<(), Failure> {
        let local_directory = format!("{directory}/mkosi.local");
        let local_file = format!("{directory}/mkosi.local.conf");
        let mut locals = Vec::new();
        if self.v26() && self.files.is_directory(&local_directory) {
            locals.push(local_directory);
        }
        if self.files.is_file(&local_file) {
            locals.push(local_file);
        }
        for local in locals {
            if self.files.is_directory(&local) {
                self.read_in(&local, false, false)?;
            } else {
                self.read(&local, false, false)?;
            }
            for resolution in self.table {
                if self.config.contains_key(resolution.name) {
                    let value = self.finalize(resolution.name)?;
                    self.cli.insert(resolution.name, value);
                    self.config.remove(resolution.name);
                }
            }
        }
        Ok(())
    }

    /// Whether the image being read may not set `resolution` (mkosi 26's
    /// `setting_prohibited`: main-image settings in a subimage, and universal ones).
    fn prohibited(&self, resolution: &Resolution) -> bool {
        self.v26()
            && self.image.is_some()
            && (resolution.scope.main_only() || resolution.scope == Scope::Universal)
    }

    /// Reads the directory `path` from inside it, as mkosi does with `chdir` (with its
    /// profiles when `profiles`, its local configuration when `local`).
    pub fn read_in(&mut self, path: &str, profiles: bool, local: bool) -> Result<bool, Failure> {
        let outer = std::mem::replace(&mut self.cwd, path.to_owned());
        let read = self.read(path, profiles, local);
        self.cwd = outer;
        read
    }

    /// The settings a file or directory named by a default path sets (`mkosi.build`,
    /// `mkosi.extra/`…) in the directory being read.
    fn read_default_paths(&mut self) -> Result<(), Failure> {
        for resolution in self.table {
            if self.prohibited(resolution) {
                continue;
            }
            for default_path in resolution.paths {
                let glob = default_path
                    .rsplit_once('/')
                    .filter(|(_, pattern)| pattern.contains('*'));
                if let Some((directory, pattern)) = glob {
                    self.read_default_directory(resolution.name, directory, pattern)?;
                    continue;
                }
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

    /// The files of the default directory `directory` (`mkosi.build.d`) whose names match
    /// `pattern`, in order, each assigned to setting `name` (mkosi 26).
    fn read_default_directory(
        &mut self,
        name: &str,
        directory: &str,
        pattern: &str,
    ) -> Result<(), Failure> {
        let found = paths::resolve(&self.cwd, directory);
        if !self.files.exists(&found) {
            return Ok(());
        }
        if !self.files.is_directory(&found) {
            return Err(Failure::refused(
                format!("{found} should be a directory, but isn't."),
                None,
            ));
        }
        let mut entries: Vec<String> = self
            .files
            .entries(&found)
            .into_iter()
            .filter(|entry| glob::matches(pattern, entry))
            .collect();
        entries.sort();
        for entry in entries {
            self.assign(name, &format!("{directory}/{entry}"), None)?;
        }
        Ok(())
    }

    /// Every setting `conf` assigns, in order.
    fn assign_all(&mut self, file: &str, conf: &ConfFile) -> Result<(), Failure> {
        for section in &conf.sections {
            if !self.reads_settings_of(&section.name) {
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
                    .or_else(|| self.settings.renamed(name));
                let Some(setting) = setting else {
                    if self.v26() {
                        self.warn(format!("Unknown setting {name}"));
                        continue;
                    }
                    return Err(Failure::refused(
                        format!("Unknown setting {name}"),
                        Some(key_at),
                    ));
                };
                let resolution = self.resolution(setting.name);
                if self.prohibited(resolution) {
                    return Err(Failure::refused(
                        format!(
                            "Setting {name} cannot be configured in {} image",
                            self.image_name()
                        ),
                        Some(key_at),
                    ));
                }
                if !self.v26()
                    && resolution.scope.imposed()
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

    /// Parses `text` into setting `name` of the files' namespace (into the setting whose
    /// value it shares, in mkosi 26).
    fn assign(&mut self, name: &str, text: &str, at: Option<Location>) -> Result<(), Failure> {
        let parser = self.resolution(name);
        let resolution = match parser.destination {
            Destination::Shared(owner) => self.resolution(owner),
            _ => parser,
        };
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
                    environment: &self.host.environment,
                };
                parse(parser.kind, text, old.as_ref(), &place)
                    .map_err(|message| Failure::refused(message, at))?
            }
        };
        if parser.kind == Kind::Other {
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
                // mkosi 26 reads an included directory's profiles too.
                self.read_in(&path, self.v26(), false)?;
            } else {
                self.read(&path, false, false)?;
            }
        }
        Ok(())
    }

    /// The profiles `Profiles=` lists, each from `mkosi.profiles/NAME` and
    /// `mkosi.profiles/NAME.conf` where they exist (mkosi 26).
    fn read_profiles(&mut self) -> Result<(), Failure> {
        let profiles = match self.finalize("Profiles")? {
            Some(Value::Array(profiles)) => profiles,
            Some(_) => return Ok(()),
            None => {
                return Err(Failure::unsupported(
                    "the profiles are not known to plumb",
                    None,
                ));
            }
        };
        for profile in profiles.iter().filter_map(Value::as_str) {
            for name in [profile.to_owned(), format!("{profile}.conf")] {
                let found = paths::resolve(&self.cwd, &format!("mkosi.profiles/{name}"));
                if self.files.is_directory(&found) {
                    self.read_in(&found, false, false)?;
                } else if self.files.exists(&found) {
                    self.read(&found, false, false)?;
                }
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
            self.read_in(&found, false, false)?;
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
