//! mkosi's settings as data: which sections exist, which setting belongs in which, and the
//! old names mkosi still accepts with a warning. One table per mkosi release plumb knows.

use super::settings_v26;

/// Whether repeated assignments replace a value or add to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    /// The last assignment wins.
    Single,
    /// Assignments append; an empty one resets.
    List,
    /// `KEY=VALUE` entries merge, a later key winning.
    Dict,
}

/// One setting of a release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    pub name: &'static str,
    /// The section it belongs in (`Distribution`, `Output`, …).
    pub section: &'static str,
    pub collection: Collection,
    /// Old names mkosi still reads as this setting, warning that they are deprecated.
    pub deprecated_names: &'static [&'static str],
}

impl Setting {
    pub const fn new(
        name: &'static str,
        section: &'static str,
        collection: Collection,
        deprecated_names: &'static [&'static str],
    ) -> Self {
        Self {
            name,
            section,
            collection,
            deprecated_names,
        }
    }
}

/// The sections whose settings configure an image.
pub const SETTINGS_SECTIONS: [&str; 8] = [
    "Include",
    "Config",
    "Distribution",
    "Output",
    "Content",
    "Validation",
    "Build",
    "Runtime",
];

/// The sections that hold conditions rather than settings.
pub const CONDITION_SECTIONS: [&str; 4] = ["Match", "TriggerMatch", "Assert", "TriggerAssert"];

/// `[Host]`, which mkosi 25 renamed `[Runtime]`: still read, each setting in it warned about.
pub const LEGACY_HOST_SECTION: &str = "Host";

/// The settings of a release.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub release: &'static str,
    pub table: &'static [Setting],
}

/// mkosi 26, the release plumb checks against by default.
pub const MKOSI_26: Settings = Settings {
    release: "26",
    table: settings_v26::SETTINGS,
};

impl Settings {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_belong_in_known_sections_and_names_are_unique() {
        for setting in MKOSI_26.table {
            assert!(
                SETTINGS_SECTIONS.contains(&setting.section),
                "{}",
                setting.name
            );
            assert_eq!(MKOSI_26.get(setting.name), Some(setting));
        }
        assert_eq!(MKOSI_26.table.len(), 179);
        assert_eq!(MKOSI_26.get("Packages").unwrap().section, "Content");
        assert_eq!(MKOSI_26.renamed("QemuMem").unwrap().name, "RAM");
        assert_eq!(
            MKOSI_26.get("Environment").unwrap().collection,
            Collection::Dict
        );
    }
}
