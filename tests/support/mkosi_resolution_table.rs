//! plumb-core's table of how mkosi 24 resolves each setting, in the form
//! tests/oracles/mkosi_resolution.py prints mkosi 24.3's, and the Rust source of the table
//! from that form.

use plumb_core::mkosi::resolution::{Default, Destination, Item, Kind, Matching, Scope, table};

fn item_text(item: Item) -> String {
    match item {
        Item::String => "string".to_owned(),
        Item::Path { required } => format!("path:{}", u8::from(required)),
        Item::Tree {
            absolute,
            required,
            directory,
        } => format!(
            "tree:{}:{}:{}",
            u8::from(absolute),
            u8::from(required),
            u8::from(directory)
        ),
        Item::Enum { name, values } => format!("enum:{name}:{}", values.join("|")),
        Item::Profile => "profile".to_owned(),
        Item::Other => "other".to_owned(),
    }
}

fn kind_text(kind: Kind) -> String {
    match kind {
        Kind::String => "string".to_owned(),
        Kind::Boolean => "boolean".to_owned(),
        Kind::Feature => "feature".to_owned(),
        Kind::Enum { name, values } => format!("enum:{name}:{}", values.join("|")),
        Kind::EnumOrBoolean { yes, no, values } => {
            format!("enum-or-boolean:{yes}:{no}:{}", values.join("|"))
        }
        Kind::Compression(names) => {
            let names: Vec<String> = names
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            format!("compression:{}", names.join("|"))
        }
        Kind::Number => "number".to_owned(),
        Kind::NonNegative(what) => format!("non-negative:{what}"),
        Kind::Bytes => "bytes".to_owned(),
        Kind::Filename => "filename".to_owned(),
        Kind::Profile => "profile".to_owned(),
        Kind::Seed => "seed".to_owned(),
        Kind::Uuid => "uuid".to_owned(),
        Kind::Path {
            required,
            resolve,
            constants,
        } => format!(
            "path:{}:{}:{}",
            u8::from(required),
            u8::from(resolve),
            constants.join(",")
        ),
        Kind::List {
            separator,
            unescape,
            reset,
            item,
            sorted,
        } => format!(
            "list:\"{separator}\":{}:{}:{}{}",
            u8::from(unescape),
            u8::from(reset),
            item_text(item),
            if sorted { ":sorted" } else { "" }
        ),
        Kind::Dict {
            separator,
            unescape,
            reset,
            from_host,
        } => format!(
            "dict:\"{separator}\":{}:{}:{}",
            u8::from(unescape),
            u8::from(reset),
            if from_host {
                "environment"
            } else {
                "key-value"
            }
        ),
        Kind::Other => "other".to_owned(),
    }
}

fn matching_text(matching: Matching) -> &'static str {
    match matching {
        Matching::No => "",
        Matching::String => "string",
        Matching::Glob => "glob",
        Matching::Enum => "enum",
        Matching::Repositories => "repositories",
        Matching::List => "list",
        Matching::Architecture => "architecture",
        Matching::Version => "version",
        Matching::BuildSources => "build_sources",
        Matching::KeyValue => "key_value",
        Matching::Feature => "feature",
    }
}

const SCOPES: [(Scope, &str); 8] = [
    (Scope::Local, "local"),
    (Scope::Universal, "universal"),
    (Scope::Multiversal, "multiversal"),
    (Scope::Inherit, "inherit"),
    (Scope::Main, "main"),
    (Scope::Tools, "tools"),
    (Scope::Initrd, "initrd"),
    (Scope::InitrdInherit, "initrd-inherit"),
];

/// plumb's table of mkosi `release` in the oracle's form.
pub fn printed(release: &str) -> String {
    table(release)
        .expect("plumb resolves the release")
        .iter()
        .map(|resolution| {
            let default = match resolution.default {
                Default::Json(json) => json,
                Default::Computed => "computed",
            };
            format!(
                "{}\t{}\t{default}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                resolution.name,
                kind_text(resolution.kind),
                matching_text(resolution.matching),
                SCOPES
                    .iter()
                    .find(|(scope, _)| *scope == resolution.scope)
                    .map(|(_, name)| name)
                    .unwrap(),
                resolution.specifier.map(String::from).unwrap_or_default(),
                resolution.paths.join(","),
                if resolution.path_text { "text" } else { "" },
                if resolution.optional { "optional" } else { "" },
                match resolution.destination {
                    Destination::Own => String::new(),
                    Destination::Shared(owner) => format!("={owner}"),
                    Destination::Internal => "-".to_owned(),
                },
            )
        })
        .collect()
}

/// A Rust string literal of `text`.
fn literal(text: &str) -> String {
    format!("{text:?}")
}

fn strings(values: &str, separator: char) -> String {
    let quoted: Vec<String> = values
        .split(separator)
        .filter(|value| !value.is_empty())
        .map(literal)
        .collect();
    format!("&[{}]", quoted.join(", "))
}

/// `Enum { name, values }` from `<Name>:<a>|<b>`.
fn enumeration(text: &str) -> String {
    let (name, values) = text.split_once(':').unwrap();
    format!(
        "Enum {{ name: {}, values: {} }}",
        literal(name),
        strings(values, '|')
    )
}

fn item_source(text: &str) -> String {
    if text == "string" {
        "Item::String".to_owned()
    } else if let Some(required) = text.strip_prefix("path:") {
        format!("Item::Path {{ required: {} }}", required == "1")
    } else if let Some(flags) = text.strip_prefix("tree:") {
        let [absolute, required, directory] = flags.splitn(3, ':').collect::<Vec<_>>()[..] else {
            panic!("{text}")
        };
        format!(
            "Item::Tree {{ absolute: {}, required: {}, directory: {} }}",
            absolute == "1",
            required == "1",
            directory == "1"
        )
    } else if let Some(rest) = text.strip_prefix("enum:") {
        format!("Item::{}", enumeration(rest))
    } else if text == "profile" {
        "Item::Profile".to_owned()
    } else {
        "Item::Other".to_owned()
    }
}

fn kind_source(text: &str) -> String {
    let (name, rest) = text.split_once(':').unwrap_or((text, ""));
    match name {
        "string" => "Kind::String".to_owned(),
        "boolean" => "Kind::Boolean".to_owned(),
        "feature" => "Kind::Feature".to_owned(),
        "number" => "Kind::Number".to_owned(),
        "bytes" => "Kind::Bytes".to_owned(),
        "filename" => "Kind::Filename".to_owned(),
        "profile" => "Kind::Profile".to_owned(),
        "seed" => "Kind::Seed".to_owned(),
        "uuid" => "Kind::Uuid".to_owned(),
        "enum" => format!("Kind::{}", enumeration(rest)),
        "non-negative" => format!("Kind::NonNegative({})", literal(rest)),
        "enum-or-boolean" => {
            let [yes, no, values] = rest.splitn(3, ':').collect::<Vec<_>>()[..] else {
                panic!("{text}")
            };
            format!(
                "Kind::EnumOrBoolean {{ yes: {}, no: {}, values: {} }}",
                literal(yes),
                literal(no),
                strings(values, '|')
            )
        }
        "compression" => {
            let pairs: Vec<String> = rest
                .split('|')
                .map(|pair| {
                    let (name, value) = pair.split_once('=').unwrap();
                    format!("({}, {})", literal(name), literal(value))
                })
                .collect();
            format!("Kind::Compression(&[{}])", pairs.join(", "))
        }
        "path" => {
            let [required, resolve, constants] = rest.splitn(3, ':').collect::<Vec<_>>()[..] else {
                panic!("{text}")
            };
            format!(
                "Kind::Path {{ required: {}, resolve: {}, constants: {} }}",
                required == "1",
                resolve == "1",
                strings(constants, ',')
            )
        }
        "list" => {
            // `"<separator>":<unescape>:<reset>:<item>[:sorted]`, the separator a quoted
            // character.
            let separator = rest.chars().nth(1).unwrap();
            let [unescape, reset, item] = rest[4..].splitn(3, ':').collect::<Vec<_>>()[..] else {
                panic!("{text}")
            };
            let (item, sorted) = match item.strip_suffix(":sorted") {
                Some(item) => (item, true),
                None => (item, false),
            };
            format!(
                "Kind::List {{ separator: {separator:?}, unescape: {}, reset: {}, item: {}, sorted: {sorted} }}",
                unescape == "1",
                reset == "1",
                item_source(item)
            )
        }
        "dict" => {
            // `"<separator>":<unescape>:<reset>:<item>`, like a list's.
            let separator = rest.chars().nth(1).unwrap();
            let [unescape, reset, item] = rest[4..].splitn(3, ':').collect::<Vec<_>>()[..] else {
                panic!("{text}")
            };
            format!(
                "Kind::Dict {{ separator: {separator:?}, unescape: {}, reset: {}, from_host: {} }}",
                unescape == "1",
                reset == "1",
                item == "environment"
            )
        }
        _ => "Kind::Other".to_owned(),
    }
}

fn matching_source(text: &str) -> &'static str {
    match text {
        "string" => "Matching::String",
        "glob" => "Matching::Glob",
        "enum" => "Matching::Enum",
        "repositories" => "Matching::Repositories",
        "list" => "Matching::List",
        "architecture" => "Matching::Architecture",
        "version" => "Matching::Version",
        "build_sources" => "Matching::BuildSources",
        "key_value" => "Matching::KeyValue",
        "feature" => "Matching::Feature",
        _ => "Matching::No",
    }
}

/// The Rust source of the table the oracle printed, from the mkosi `origin` names.
pub fn source(printed: &str, release: &str, origin: &str) -> String {
    let mut source = format!(
        "//! How mkosi {release} resolves each of its settings, as its `mkosi/config.py` ({origin})\n\
         //! declares it, in its order. Generated by\n\
         //! `PLUMB_UPDATE_MKOSI_SETTINGS=1 cargo test -p plumb-tests --test mkosi_settings`.\n\n\
         use super::resolution::{{Default, Destination, Item, Kind, Matching, Resolution, Scope}};\n\n\
         pub static RESOLUTION: &[Resolution] = &[\n",
    );
    for line in printed.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let default = match fields[2] {
            "computed" => "Default::Computed".to_owned(),
            json => format!("Default::Json({})", literal(json)),
        };
        let specifier = match fields[5].chars().next() {
            Some(character) => format!("Some({character:?})"),
            None => "None".to_owned(),
        };
        source.push_str(&format!(
            "    Resolution {{ name: {}, kind: {}, default: {default}, matching: {}, scope: Scope::{:?}, specifier: {specifier}, paths: {}, path_text: {}, optional: {}, destination: {} }},\n",
            literal(fields[0]),
            kind_source(fields[1]),
            matching_source(fields[3]),
            SCOPES
                .iter()
                .find(|(_, name)| *name == fields[4])
                .map(|(scope, _)| scope)
                .unwrap(),
            strings(fields[6], ','),
            fields[7] == "text",
            fields[8] == "optional",
            match fields[9] {
                "" => "Destination::Own".to_owned(),
                "-" => "Destination::Internal".to_owned(),
                owner => format!("Destination::Shared({})", literal(&owner[1..])),
            },
        ));
    }
    source.push_str("];\n");
    source
}
