//! A resolved tree written as `mkosi --json summary` writes it (`{"Images": […]}`, and in
//! mkosi 26 `"Tools"`, keys sorted, four-space indents), with only the values plumb
//! computes; or as readable text, each image's settings by section as mkosi's own summary
//! groups them.

use super::{Image, Resolved};
use crate::mkosi::resolution::{self, Destination};
use crate::mkosi::settings::Settings;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// An image as mkosi's JSON writes it: `Image` and each setting plumb computes, by name (a
/// sorted map, whichever order serde_json's own maps keep in a build).
fn image_json(image: &Image) -> BTreeMap<&str, Value> {
    let mut object = BTreeMap::new();
    object.insert("Image", json!(image.name));
    for (name, value) in &image.values {
        if let Some(value) = value {
            object.insert(*name, value.clone());
        }
    }
    object
}

/// The JSON of `mkosi --json summary` of release `settings` for the settings plumb
/// computes.
pub fn json(resolved: &Resolved, settings: &Settings) -> String {
    let images: Vec<BTreeMap<&str, Value>> = resolved.images.iter().map(image_json).collect();
    let mut document = BTreeMap::from([("Images", json!(images))]);
    if settings.release != "24" {
        // The default tools tree, which plumb leaves to mkosi (it refuses trees that
        // want one).
        document.insert("Tools", Value::Null);
    }
    let mut output = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut output, formatter);
    document
        .serialize(&mut serializer)
        .expect("a JSON value serialises");
    let mut text = String::from_utf8(output).expect("serde_json writes UTF-8");
    text.push('\n');
    text
}

/// A value as the text summary shows it.
fn shown(value: &Value) -> Vec<String> {
    match value {
        Value::Null => vec!["none".to_owned()],
        Value::String(text) => vec![text.clone()],
        Value::Bool(flag) => vec![if *flag { "yes" } else { "no" }.to_owned()],
        Value::Array(items) if items.is_empty() => vec!["none".to_owned()],
        Value::Array(items) => items.iter().flat_map(shown).collect(),
        Value::Object(tree) if tree.contains_key("Source") => {
            let source = tree["Source"].as_str().unwrap_or_default();
            vec![match tree.get("Target").and_then(Value::as_str) {
                Some(target) => format!("{source}:{target}"),
                None => source.to_owned(),
            }]
        }
        // A dictionary (`Environment=`), a `NAME=value` line each as mkosi shows it.
        Value::Object(entries) if entries.is_empty() => vec!["none".to_owned()],
        Value::Object(entries) => entries
            .iter()
            .map(|(name, value)| format!("{name}={}", value.as_str().unwrap_or_default()))
            .collect(),
        other => vec![other.to_string()],
    }
}

/// The summary as text: per image, per section, each setting and its value (`left to
/// mkosi` where plumb does not compute it).
pub fn text(resolved: &Resolved, settings: &Settings) -> String {
    let mut output = String::new();
    let main = if settings.release == "24" {
        "default"
    } else {
        "main"
    };
    let written = |name: &str| {
        resolution::table(settings.release).is_none_or(|table| {
            table.iter().any(|resolution| {
                resolution.name == name && resolution.destination == Destination::Own
            })
        })
    };
    for image in &resolved.images {
        output.push_str(&format!(
            "IMAGE: {}\n",
            image.name.as_deref().unwrap_or(main)
        ));
        for section in settings.sections {
            let shown_here: Vec<_> = settings
                .table
                .iter()
                .filter(|setting| setting.section == *section && written(setting.name))
                .collect();
            if shown_here.is_empty() {
                continue;
            }
            output.push_str(&format!("\n    {}:\n", section.to_uppercase()));
            for setting in shown_here {
                let lines = match image.values.get(setting.name) {
                    Some(Some(value)) => shown(value),
                    _ => vec!["(left to mkosi)".to_owned()],
                };
                for (index, line) in lines.iter().enumerate() {
                    let label = if index == 0 { setting.name } else { "" };
                    let colon = if index == 0 { ':' } else { ' ' };
                    output.push_str(&format!("{label:>34}{colon} {line}\n"));
                }
            }
        }
        output.push('\n');
    }
    output
}
