//! How mkosi resolves each setting, as data: the kind of value its parser makes, its default,
//! how `[Match]` compares it, whether subimages inherit it, its specifier and the default
//! `mkosi.*` paths that set it. `resolve` follows these to compute a tree's configuration.

use super::{resolution_v24, resolution_v26};

/// What a setting's parser makes of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any text; empty resets.
    String,
    Boolean,
    /// `auto`, `enabled`, `disabled` or a boolean.
    Feature,
    /// One of the values of the enumeration `name`.
    Enum {
        name: &'static str,
        values: &'static [&'static str],
    },
    /// One of the values, or a boolean meaning `yes` or `no` (`CacheOnly=`).
    EnumOrBoolean {
        yes: &'static str,
        no: &'static str,
        values: &'static [&'static str],
    },
    /// A compression named by any of its names (`name=value`), or a boolean (zstd or none).
    Compression(&'static [(&'static str, &'static str)]),
    /// An integer.
    Number,
    /// An integer at least 0; the text names it in mkosi's errors.
    NonNegative(&'static str),
    /// A size in bytes with an optional K, M or G suffix, rounded up to 4096.
    Bytes,
    /// A file name without `/`.
    Filename,
    /// A profile name (a file name).
    Profile,
    /// A UUID, or `random` for none (mkosi 24's `Seed=`).
    Seed,
    /// A UUID, or `random` for a fresh one (mkosi 26's `Seed=`).
    Uuid,
    /// A path made absolute from the directory being read (`resolve`); `required` ones must
    /// exist; the `constants` are taken as written.
    Path {
        required: bool,
        resolve: bool,
        constants: &'static [&'static str],
    },
    /// Items split at `separator` and line breaks; `unescape` splits them as a shell would;
    /// with `reset`, an empty assignment empties the list; `sorted` lists are kept in
    /// mkosi 26's package order (names, then paths, then expressions).
    List {
        separator: char,
        unescape: bool,
        reset: bool,
        item: Item,
        sorted: bool,
    },
    /// `KEY=value` items split at `separator` and line breaks (as a shell would, with
    /// `unescape`), added to the dictionary so far; with `reset`, an empty assignment empties
    /// it. With `from_host`, a key without `=` takes the host's environment variable
    /// (`Environment=`).
    Dict {
        separator: char,
        unescape: bool,
        reset: bool,
        from_host: bool,
    },
    /// A value plumb does not compute (keys, drives, credentials read from files…): mkosi's
    /// own summary is the authority for it.
    Other,
}

/// What each item of a list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    String,
    /// A path, absolute from the directory being read; `required` ones must exist.
    Path {
        required: bool,
    },
    /// `SOURCE[:TARGET]`; an `absolute` target must start with `/`; a `required` source
    /// must exist (as a directory, with `directory`).
    Tree {
        absolute: bool,
        required: bool,
        directory: bool,
    },
    Enum {
        name: &'static str,
        values: &'static [&'static str],
    },
    /// A profile's name (a file name; mkosi 26's `Profiles=`).
    Profile,
    Other,
}

/// A setting's value when nothing sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Default {
    /// This JSON value.
    Json(&'static str),
    /// Computed from other settings or from the host.
    Computed,
}

/// How `[Match]` compares a condition with the setting's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matching {
    /// The setting cannot be matched on.
    No,
    /// The same text.
    String,
    /// A shell glob (`fnmatch`).
    Glob,
    /// The same enumeration value.
    Enum,
    /// One of the list's items (mkosi 24's `Repositories=`).
    Repositories,
    /// One of the list's items, or an empty list for an empty condition (mkosi 26).
    List,
    /// The same architecture, or for `uefi` one that UEFI runs on (mkosi 26).
    Architecture,
    /// A version comparison (`>=1.2`).
    Version,
    /// The target of one of the trees.
    BuildSources,
    /// `KEY` present, or `KEY=VALUE`.
    KeyValue,
    /// The same feature value.
    Feature,
}

/// Where a setting may be set, and which images inherit it from the main image (mkosi 26's
/// `SettingScope`; mkosi 24 knows `Local` and `Universal` only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Anywhere; no image inherits it.
    Local,
    /// In the main image (and the tools tree); subimages take the main image's value.
    Universal,
    /// In the main image only; subimages and the tools tree take its value.
    Multiversal,
    /// Anywhere; subimages start from the main image's value.
    Inherit,
    /// In the main image only; no image inherits it.
    Main,
    /// In the main image only, for the default tools tree.
    Tools,
    /// In the main image only, for the default initrd.
    Initrd,
    /// Like `Inherit`, but only the default initrd inherits it.
    InitrdInherit,
}

impl Scope {
    /// Whether only the main image may set it (mkosi 26's `is_main_setting`).
    pub fn main_only(self) -> bool {
        matches!(
            self,
            Self::Main | Self::Tools | Self::Initrd | Self::Multiversal
        )
    }

    /// Whether subimages take the main image's value over their own.
    pub fn imposed(self) -> bool {
        matches!(self, Self::Universal | Self::Multiversal)
    }

    /// Whether the setting belongs to another image (the tools tree's or the default
    /// initrd's), so it is not in the main image's summary.
    pub fn elsewhere(self) -> bool {
        matches!(self, Self::Tools | Self::Initrd)
    }
}

/// Where the summary writes a setting's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// Under its own name.
    Own,
    /// It sets the value of this setting (mkosi 26's `KernelModulesInclude=` sets
    /// `KernelModules=`'s).
    Shared(&'static str),
    /// Nowhere: mkosi reads it (`Include=`) or hands it to another image (`ToolsTree*=`).
    Internal,
}

/// How one setting is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolution {
    pub name: &'static str,
    pub kind: Kind,
    pub default: Default,
    pub matching: Matching,
    pub scope: Scope,
    /// The `%c` specifier that expands to the value.
    pub specifier: Option<char>,
    /// Files or directories that set the value when they exist beside a configuration.
    pub paths: &'static [&'static str],
    /// A default path's contents are the value (`mkosi.version`), not its path.
    pub path_text: bool,
    /// Its field of mkosi's `Config` is a list, a dictionary or may be `None`: mkosi 26 gives
    /// an assignment that resets it the parser's empty value rather than the default.
    pub optional: bool,
    pub destination: Destination,
}

impl Resolution {
    /// Whether assignments add up (a list or a dictionary) rather than replace.
    pub fn is_collection(&self) -> bool {
        matches!(self.kind, Kind::List { .. })
            || matches!(self.default, Default::Json(json) if json.starts_with(['[', '{']))
    }
}

/// The resolution table of mkosi `release`, for the releases plumb resolves (24 and 26).
pub fn table(release: &str) -> Option<&'static [Resolution]> {
    match release {
        "24" => Some(resolution_v24::RESOLUTION),
        "26" => Some(resolution_v26::RESOLUTION),
        _ => None,
    }
}
