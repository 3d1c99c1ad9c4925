//! mkosi's settings as data: which sections exist, which setting belongs in which, and the
//! old names mkosi still accepts with a warning. One table per mkosi release plumb knows.

use super::ini::Syntax;
use super::{settings_v24, settings_v26, settings_v27};

/// Whether repeated assignments replace a value or add to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    /// The last assignment wins.
    Single,
    /// Assignments append; an empty one resets. Items are split at the setting's delimiter
    /// (`,` for most) and line breaks.
    List,
    /// A list whose items are split at commas and any whitespace: mkosi 27's lists that
    /// name no delimiter (`Packages=curl git` is two packages there, one before).
    Words,
    /// `KEY=VALUE` entries merge, a later key winning.
    Dict,
}

/// The values a setting takes, where mkosi's parser checks them when it reads the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// Not checked here (paths, sizes, free text…).
    Any,
    /// A boolean literal (`yes`, `no`, `1`, `off`…).
    Boolean,
    /// One of an enumeration's values, refused with the enumeration's name.
    Enum {
        name: &'static str,
        values: &'static [&'static str],
    },
    /// One of these values, or a boolean literal (`Bootable=auto`, `CacheOnly=metadata`).
    Choice(&'static [&'static str]),
}

/// mkosi's tri-state features (`Bootable=`, `KVM=`…): `auto`, `enabled`, `disabled` or a
/// boolean.
pub const FEATURE: Values = Values::Choice(&["auto", "enabled", "disabled"]);

/// One setting of a release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    pub name: &'static str,
    /// The section it belongs in (`Distribution`, `Output`, …).
    pub section: &'static str,
    pub collection: Collection,
    /// Old names mkosi still reads as this setting, warning that they are deprecated.
    pub deprecated_names: &'static [&'static str],
    pub values: Values,
}

impl Setting {
    pub const fn new(
        name: &'static str,
        section: &'static str,
        collection: Collection,
        deprecated_names: &'static [&'static str],
        values: Values,
    ) -> Self {
        Self {
            name,
            section,
            collection,
            deprecated_names,
            values,
        }
    }
}

/// The settings of a release.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub release: &'static str,
    pub table: &'static [Setting],
    /// The sections whose settings configure an image.
    pub sections: &'static [&'static str],
    /// Sections still read under an old name (mkosi 25 renamed `[Host]` to `[Runtime]`);
    /// each setting in one is said to belong in its own section.
    pub legacy_sections: &'static [&'static str],
    /// The sections that hold conditions rather than settings.
    pub condition_sections: &'static [&'static str],
    pub syntax: Syntax,
    /// Whether an unknown setting stops mkosi (24) rather than being skipped with a warning.
    pub refuses_unknown_settings: bool,
    /// The characters mkosi expands after a `%` (`%%` among them); it drops any other.
    pub specifiers: &'static [char],
}

/// mkosi 24 (Debian bookworm-backports' 24.3).
pub const MKOSI_24: Settings = Settings {
    release: "24",
    table: settings_v24::SETTINGS,
    sections: &[
        "Config",
        "Distribution",
        "Output",
        "Content",
        "Validation",
        "Host",
    ],
    legacy_sections: &[],
    condition_sections: &["Match", "TriggerMatch"],
    syntax: Syntax {
        semicolon_comments: true,
    },
    refuses_unknown_settings: true,
    specifiers: &[
        'p', 'd', 'r', 'a', 't', 'o', 'O', 'v', 'i', 'C', 'P', 'D', 'F', '%',
    ],
};

/// mkosi 26, the release plumb checks against by default.
pub const MKOSI_26: Settings = Settings {
    release: "26",
    table: settings_v26::SETTINGS,
    sections: &[
        "Include",
        "Config",
        "Distribution",
        "Output",
        "Content",
        "Validation",
        "Build",
        "Runtime",
    ],
    legacy_sections: &["Host"],
    condition_sections: &["Match", "TriggerMatch", "Assert", "TriggerAssert"],
    syntax: Syntax {
        semicolon_comments: false,
    },
    refuses_unknown_settings: false,
    // `%p` went with Profile= in mkosi 25; `%I` (the subimage) came.
    specifiers: &[
        'd', 'r', 'a', 't', 'o', 'O', 'v', 'i', 'C', 'P', 'D', 'I', 'F', '%',
    ],
};

/// mkosi 27 (27.1), the newest release: mkosi 26's sections and syntax, with its own
/// settings.
pub const MKOSI_27: Settings = Settings {
    release: "27",
    table: settings_v27::SETTINGS,
    ..MKOSI_26
};

/// The releases plumb knows, oldest first.
pub const RELEASES: [Settings; 3] = [MKOSI_24, MKOSI_26, MKOSI_27];

impl Settings {
    /// The release called `name` (`24`, `26`).
    pub fn release(name: &str) -> Option<Settings> {
        RELEASES
            .into_iter()
            .find(|settings| settings.release == name)
    }

    /// Whether mkosi reads the section `name`: the others are skipped unseen.
    pub fn reads_section(&self, name: &str) -> bool {
        self.sections.contains(&name)
            || self.legacy_sections.contains(&name)
            || self.condition_sections.contains(&name)
    }

    /// Every section mkosi reads under its current name, for suggestions.
    pub fn section_names(&self) -> Vec<&'static str> {
        self.sections
            .iter()
            .chain(self.condition_sections)
            .copied()
            .collect()
    }

    /// The setting named `name`.
    pub fn get(&self, name: &str) -> Option<&'static Setting> {
        self.table.iter().find(|setting| setting.name == name)
    }

    /// The setting that still accepts `name` as a deprecated name.
    pub fn renamed(&self, name: &str) -> Option<&'static Setting> {
        self.table
            .iter()
            .find(|setting| setting.deprecated_names.contains(&name))
    }

    /// Every name a setting has now, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.table.iter().map(|setting| setting.name)
    }
}

/// The release the plumb.toml that applies to `path` names (`[mkosi] version`), else
/// `default`.
pub fn release_for(
    workspace: &crate::workspace::Workspace,
    path: &str,
    default: Settings,
) -> Settings {
    workspace
        .config_for(path)
        .and_then(|(config, _)| config.mkosi.as_ref()?.settings())
        .unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_belong_in_known_sections_and_names_are_unique() {
        for settings in RELEASES {
            for setting in settings.table {
                assert!(
                    settings.sections.contains(&setting.section),
                    "{}",
                    setting.name
                );
                assert_eq!(settings.get(setting.name), Some(setting));
            }
        }
        assert_eq!(MKOSI_24.get("Include").unwrap().section, "Config");
        assert!(!MKOSI_24.reads_section("Runtime") && MKOSI_26.reads_section("Host"));
        assert_eq!(MKOSI_26.table.len(), 179);
        assert_eq!(MKOSI_26.get("Packages").unwrap().section, "Content");
        assert_eq!(MKOSI_26.renamed("QemuMem").unwrap().name, "RAM");
        assert_eq!(
            MKOSI_26.get("Environment").unwrap().collection,
            Collection::Dict
        );
    }

    #[test]
    fn each_release_has_its_own_settings() {
        assert!(MKOSI_27.get("OutputSize").is_some() && MKOSI_26.get("OutputSize").is_none());
        assert!(MKOSI_26.get("UnitProperties").is_some());
        assert!(MKOSI_27.get("UnitProperties").is_none());
        assert_eq!(Settings::release("27").unwrap().table.len(), 191);
        assert_eq!(MKOSI_27.condition_sections, MKOSI_26.condition_sections);
    }
}
