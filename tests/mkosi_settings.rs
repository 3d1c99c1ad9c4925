//! plumb-core's table of mkosi 24's settings against mkosi 24.3 itself (Debian
//! bookworm-backports' package, which scripts/test installs): the same settings in the same
//! order, each in its section, single, list or dict alike, with the same deprecated names;
//! and its table of how each is resolved against mkosi's own parsers and defaults.

use plumb_core::mkosi::settings::{Collection, MKOSI_24, Values};
use plumb_tests::mkosi;
use plumb_tests::mkosi_resolution_table as resolution;
use plumb_tests::plumb::workspace_root;
use std::fs;

/// plumb's table of mkosi 24 in the oracle's form.
fn plumb_table() -> String {
    MKOSI_24
        .table
        .iter()
        .map(|setting| {
            let collection = match setting.collection {
                Collection::Single => "single",
                Collection::List => "list",
                Collection::Dict => "dict",
            };
            let values = match setting.values {
                Values::Any => "any".to_owned(),
                Values::Boolean => "boolean".to_owned(),
                Values::Enum { name, values } => format!("enum:{name}:{}", values.join("|")),
                Values::Choice(values) => format!("choice:{}", values.join("|")),
            };
            format!(
                "{}\t{}\t{collection}\t{}\t{values}\n",
                setting.name,
                setting.section,
                setting.deprecated_names.join(",")
            )
        })
        .collect()
}

/// The Rust expression of a setting's values as the oracle prints them.
fn values_source(printed: &str) -> String {
    let list = |values: &str| {
        let quoted: Vec<String> = values
            .split('|')
            .map(|value| format!("\"{value}\""))
            .collect();
        format!("&[{}]", quoted.join(", "))
    };
    if printed == "boolean" {
        "Values::Boolean".to_owned()
    } else if let Some(rest) = printed.strip_prefix("enum:") {
        let (name, values) = rest.split_once(':').unwrap();
        format!(
            "Values::Enum {{ name: \"{name}\", values: {} }}",
            list(values)
        )
    } else if printed == "choice:auto|enabled|disabled" {
        "FEATURE".to_owned()
    } else if let Some(values) = printed.strip_prefix("choice:") {
        format!("Values::Choice({})", list(values))
    } else {
        "Values::Any".to_owned()
    }
}

/// The Rust source of the table the oracle printed.
fn generated_source(printed: &str) -> String {
    let mut source = String::from(
        "//! mkosi 24's settings, as the `SETTINGS` table of its `mkosi/config.py` (24.3, Debian\n\
         //! bookworm-backports) declares them, in its order. Generated from the installed mkosi by\n\
         //! `PLUMB_UPDATE_MKOSI_SETTINGS=1 cargo test -p plumb-tests --test mkosi_settings`.\n\n\
         use super::settings::{Collection, FEATURE, Setting, Values};\n\npub static SETTINGS: &[Setting] = &[\n",
    );
    for line in printed.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let collection = match fields[2] {
            "list" => "Collection::List",
            "dict" => "Collection::Dict",
            _ => "Collection::Single",
        };
        let deprecated: Vec<String> = fields[3]
            .split(',')
            .filter(|name| !name.is_empty())
            .map(|name| format!("\"{name}\""))
            .collect();
        source.push_str(&format!(
            "    Setting::new(\"{}\", \"{}\", {collection}, &[{}], {}),\n",
            fields[0],
            fields[1],
            deprecated.join(", "),
            values_source(fields[4])
        ));
    }
    source.push_str("];\n");
    source
}

/// Compares plumb's table in `file` (printed as `plumb`) with what the oracle `script`
/// prints, or with PLUMB_UPDATE_MKOSI_SETTINGS set writes `file` from it by `generate`.
fn compare_with_mkosi(script: &str, file: &str, plumb: String, generate: fn(&str) -> String) {
    if !mkosi::required() {
        return;
    }
    let printed = mkosi::oracle(script, &[]);
    let path = workspace_root()
        .join("crates/plumb-core/src/mkosi")
        .join(file);
    if std::env::var_os("PLUMB_UPDATE_MKOSI_SETTINGS").is_some() {
        fs::write(&path, generate(&printed)).unwrap();
        return;
    }
    assert!(printed.lines().count() > 100, "{printed}");
    assert!(
        plumb == printed,
        "{} differs from mkosi 24.3's: run `PLUMB_UPDATE_MKOSI_SETTINGS=1 cargo test -p plumb-tests --test mkosi_settings`, then cargo fmt, and rebuild",
        path.display()
    );
}

#[test]
fn the_mkosi_24_table_is_mkosi_24_3s() {
    compare_with_mkosi(
        "mkosi_settings.py",
        "settings_v24.rs",
        plumb_table(),
        generated_source,
    );
}

#[test]
fn the_mkosi_24_resolution_table_is_mkosi_24_3s() {
    compare_with_mkosi(
        "mkosi_resolution.py",
        "resolution_v24.rs",
        resolution::printed("24"),
        |printed| resolution::source(printed, "24", "24.3, Debian bookworm-backports"),
    );
    update_from_mkosi_26_source();
}

/// mkosi 26 is packaged nowhere this project installs from, so its resolution table is
/// generated from a checkout of systemd/mkosi at v26, named by PLUMB_MKOSI_26_SOURCE, when
/// the tables are updated (docs/mkosi.md); tests/mkosi_resolve_26.rs checks what it does.
fn update_from_mkosi_26_source() {
    let (Some(_), Some(source)) = (
        std::env::var_os("PLUMB_UPDATE_MKOSI_SETTINGS"),
        std::env::var_os("PLUMB_MKOSI_26_SOURCE"),
    ) else {
        return;
    };
    let printed = mkosi::oracle_from(std::path::Path::new(&source), "mkosi_resolution.py");
    let path = workspace_root().join("crates/plumb-core/src/mkosi/resolution_v26.rs");
    fs::write(
        path,
        resolution::source(&printed, "26", "tag v26 of systemd/mkosi"),
    )
    .unwrap();
}
