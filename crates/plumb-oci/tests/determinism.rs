//! The same tree gives the same bytes: created on disk in other orders at other times, or
//! given as an archive, in one layer or several.

mod support;

use plumb_oci::{Compression, Layering, PathPattern, PathRule, Source, assemble};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use support::{Listed, Order, SOURCE_DATE_EPOCH};

fn layerings() -> impl Strategy<Value = Layering> {
    let rule = |layer: &str, patterns: &[&str]| PathRule {
        layer: layer.to_owned(),
        patterns: patterns
            .iter()
            .map(|text| PathPattern::new(text).unwrap())
            .collect(),
    };
    prop_oneof![
        Just(Layering::Single),
        Just(Layering::PathRules(vec![
            rule("a", &["a"]),
            rule("b", &["*/b*", "B", "**/usr"]),
        ])),
    ]
}

fn compressions() -> impl Strategy<Value = Compression> {
    prop_oneof![
        Just(Compression::default()),
        Just(Compression::Gzip { level: 1 }),
        Just(Compression::Uncompressed),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn one_tree_one_layout(spec in support::specs(), layering in layerings(), compression in compressions()) {
        let scratch = tempfile::tempdir().unwrap();
        let at = |name: &str| scratch.path().join(name);
        let mut options = support::options();
        options.layering = layering.clone();
        options.compression = compression;

        fs::create_dir(at("listed")).unwrap();
        support::create_on_disk(&spec, &at("listed"), Order::AsListed, SOURCE_DATE_EPOCH + 1_000);
        fs::create_dir(at("reversed")).unwrap();
        support::create_on_disk(&spec, &at("reversed"), Order::Reversed, SOURCE_DATE_EPOCH + 500_000);
        support::write_archive(&spec, &at("tree.tar"), SOURCE_DATE_EPOCH + 77);

        let listed = assemble(&Source::Directory(at("listed")), &at("layout-listed"), &options).unwrap();
        let reversed = assemble(&Source::Directory(at("reversed")), &at("layout-reversed"), &options).unwrap();
        let archived = assemble(&Source::Archive(at("tree.tar")), &at("layout-archived"), &options).unwrap();
        prop_assert_eq!(&listed, &reversed);
        prop_assert_eq!(&listed, &archived);
        let files = support::layout_files(&at("layout-listed"));
        prop_assert!(files == support::layout_files(&at("layout-reversed")));
        prop_assert!(files == support::layout_files(&at("layout-archived")));

        let tars = support::layer_tars(&at("layout-listed"));
        let layers: Vec<Vec<Listed>> = tars.iter().map(|tar| support::listing(tar)).collect();
        for (summary, layer) in listed.layers.iter().zip(&layers) {
            prop_assert_eq!(summary.entries, layer.len());
            check_layer_stands_alone(layer)?;
        }
        let expected = support::expected_listing(&spec);
        if layering == Layering::Single {
            prop_assert_eq!(&layers[0], &expected);
            // The layer read back as an archive is the same layer.
            fs::write(at("layer.tar"), &tars[0]).unwrap();
            let again = assemble(&Source::Archive(at("layer.tar")), &at("layout-again"), &options).unwrap();
            prop_assert_eq!(again.layers[0].diff_id, listed.layers[0].diff_id);
        } else {
            check_split(&layers, &expected)?;
        }
    }
}

/// Sorted depth first; every entry's parent directory before it; hard links name an earlier
/// entry of the same layer.
fn check_layer_stands_alone(layer: &[Listed]) -> Result<(), TestCaseError> {
    let key = |listed: &Listed| -> Vec<u8> {
        listed
            .name
            .trim_end_matches('/')
            .bytes()
            .map(|byte| if byte == b'/' { 0 } else { byte })
            .collect()
    };
    prop_assert!(
        layer.windows(2).all(|pair| key(&pair[0]) < key(&pair[1])),
        "sorted"
    );
    for (index, listed) in layer.iter().enumerate() {
        let earlier: Vec<&str> = layer[..index]
            .iter()
            .map(|other| other.name.as_str())
            .collect();
        if let Some((parent, _)) = listed.name.trim_end_matches('/').rsplit_once('/') {
            prop_assert!(
                earlier.contains(&format!("{parent}/").as_str()),
                "{} without its parent",
                listed.name
            );
        }
        if listed.kind == '1' {
            prop_assert!(
                earlier.contains(&listed.link.as_deref().unwrap()),
                "{} links outside",
                listed.name
            );
        }
    }
    Ok(())
}

/// Every directory as it is in the whole tree; every other entry in exactly one layer, hard
/// links whose first name went to another layer as copies.
fn check_split(layers: &[Vec<Listed>], expected: &[Listed]) -> Result<(), TestCaseError> {
    let expected_by_name: BTreeMap<&str, &Listed> = expected
        .iter()
        .map(|listed| (listed.name.as_str(), listed))
        .collect();
    let mut others = Vec::new();
    for layer in layers {
        for listed in resolved(layer) {
            if listed.kind == '5' {
                prop_assert_eq!(Some(&&listed), expected_by_name.get(listed.name.as_str()));
            } else {
                others.push(listed);
            }
        }
    }
    others.sort_by(|one, other| one.name.cmp(&other.name));
    let mut expected_others: Vec<Listed> = resolved(expected)
        .into_iter()
        .filter(|listed| listed.kind != '5')
        .collect();
    expected_others.sort_by(|one, other| one.name.cmp(&other.name));
    prop_assert_eq!(others, expected_others);
    Ok(())
}

/// Hard links replaced by the regular files they stand for.
fn resolved(listing: &[Listed]) -> Vec<Listed> {
    listing
        .iter()
        .map(|listed| match (&listed.kind, &listed.link) {
            ('1', Some(target)) => {
                let file = listing.iter().find(|other| &other.name == target).unwrap();
                Listed {
                    name: listed.name.clone(),
                    ..file.clone()
                }
            }
            _ => listed.clone(),
        })
        .collect()
}

#[test]
fn building_twice_gives_the_same_manifest_digest() {
    let scratch = tempfile::tempdir().unwrap();
    let tree = scratch.path().join("tree");
    fs::create_dir_all(tree.join("usr/bin")).unwrap();
    fs::write(tree.join("usr/bin/tool"), b"#!/bin/sh\n").unwrap();
    let options = support::options();
    let first = assemble(
        &Source::Directory(tree.clone()),
        &scratch.path().join("one"),
        &options,
    )
    .unwrap();
    let second = assemble(
        &Source::Directory(tree),
        &scratch.path().join("two"),
        &options,
    )
    .unwrap();
    assert_eq!(first.manifest_digest, second.manifest_digest);
    assert_eq!(first, second);
}
