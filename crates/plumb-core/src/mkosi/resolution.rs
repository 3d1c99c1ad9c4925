//! How mkosi resolves each setting, as data: the kind of value its parser makes, its default,
//! how `[Match]` compares it, whether subimages inherit it, its specifier and the default
//! `mkosi.*` paths that set it. `resolve` follows these to compute a tree's configuration.

use super::resolution_v24;

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
    /// A UUID or `random`.
    Seed,
    /// A path made absolute from the directory being read (`resolve`); `required` ones must
    /// exist; the `constants` are taken as written.
    Path {
        required: bool,
        resolve: bool,
        constants: &'static [&'static str],
    },
    /// Items split at `separator` and line breaks; `unescape` splits them as a shell would;
    /// with `reset`, an empty assignment empties the list.
    List {
        separator: char,
        unescape: bool,
        reset: bool,
        item: Item,
    },
    /// A value plumb does not compute (keys, drives, dictionaries…): mkosi's own summary is
    /// the authority for it.
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
    /// `SOURCE[:TARGET]`; an `absolute` target must start with `/`.
    Tree {
        absolute: bool,
    },
    Enum {
        name: &'static str,
        values: &'static [&'static str],
    },
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
    /// One of the list's items.
    Repositories,
    /// A version comparison (`>=1.2`).
    Version,
    /// The target of one of the trees.
    BuildSources,
    /// `KEY` present, or `KEY=VALUE`.
    KeyValue,
    /// The same feature value.
    Feature,
}

/// How one setting is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolution {
    pub name: &'static str,
    pub kind: Kind,
    pub default: Default,
    pub matching: Matching,
    /// Set once for the main image and every subimage.
    pub universal: bool,
    /// The `%c` specifier that expands to the value.
    pub specifier: Option<char>,
    /// Files or directories that set the value when they exist beside a configuration.
    pub paths: &'static [&'static str],
    /// A default path's contents are the value (`mkosi.version`), not its path.
    pub path_text: bool,
}

impl Resolution {
    /// Whether assignments add up (a list or a dictionary) rather than replace.
    pub fn is_collection(&self) -> bool {
        matches!(self.kind, Kind::List { .. })
            || matches!(self.default, Default::Json(json) if json.starts_with(['[', '{']))
    }
}

/// The resolution table of mkosi `release`, for the releases plumb resolves (24).
pub fn table(release: &str) -> Option<&'static [Resolution]> {
    (release == "24").then_some(resolution_v24::RESOLUTION)
}
