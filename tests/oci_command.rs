//! `plumb oci assemble`: a directory and its tar archive give the same image, run after run;
//! the layers are the ones asked for; SOURCE_DATE_EPOCH comes from the option or the
//! environment; what cannot be done is refused with exit status 2 and a reason.

use plumb_tests::plumb::Run;
use serde_json::Value;
use std::fs;
use std::os::unix::fs::{PermissionsExt as _, symlink};
use std::path::Path;
use std::process::Command;

plumb_tests::use_plumb_binary!();

/// A small tree: a setuid program, a link to it, a configuration file.
fn tree(root: &Path) {
    fs::create_dir_all(root.join("usr/bin")).unwrap();
    fs::create_dir_all(root.join("etc")).unwrap();
    fs::write(root.join("usr/bin/tool"), b"#!/bin/sh\necho tool\n").unwrap();
    fs::set_permissions(
        root.join("usr/bin/tool"),
        fs::Permissions::from_mode(0o4755),
    )
    .unwrap();
    symlink("tool", root.join("usr/bin/alias")).unwrap();
    fs::write(root.join("etc/tool.conf"), b"verbose = yes\n").unwrap();
}

fn assembled(directory: &Path, arguments: &[&str]) -> Value {
    let run = plumb(
        directory,
        &[&["oci", "assemble"], arguments, &["--format", "json"]].concat(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

fn manifest(report: &Value) -> &str {
    report["manifest"]["digest"].as_str().unwrap()
}

#[test]
fn a_directory_and_its_archive_give_the_same_layered_image() {
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path();
    tree(&root.join("tree"));
    let archived = Command::new("tar")
        .args(["-C", "tree", "-cf", "tree.tar", "."])
        .current_dir(root)
        .status()
        .unwrap();
    assert!(archived.success());
    let options = [
        "--source-date-epoch",
        "1700000000",
        "--layer",
        "programs=usr/bin",
    ];
    let from_directory = assembled(root, &[&["tree", "-o", "one"], &options[..]].concat());
    let again = assembled(root, &[&["tree", "-o", "two"], &options[..]].concat());
    let from_archive = assembled(root, &[&["tree.tar", "-o", "three"], &options[..]].concat());
    assert_eq!(from_directory, again);
    assert_eq!(from_directory, from_archive);

    let names: Vec<&str> = from_directory["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|layer| layer["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["programs", "unmatched"]);
    let index: Value =
        serde_json::from_slice(&fs::read(root.join("one/index.json")).unwrap()).unwrap();
    assert_eq!(
        index["manifests"][0]["digest"].as_str(),
        Some(manifest(&from_directory))
    );
    let hex = manifest(&from_directory).strip_prefix("sha256:").unwrap();
    assert!(root.join("one/blobs/sha256").join(hex).is_file());
}

#[test]
fn source_date_epoch_comes_from_the_option_or_the_environment() {
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path();
    tree(&root.join("tree"));
    let given = assembled(
        root,
        &["tree", "-o", "given", "--source-date-epoch", "1700000000"],
    );
    let output = Command::new(plumb_binary())
        .args([
            "oci",
            "assemble",
            "tree",
            "-o",
            "from-environment",
            "--format",
            "json",
        ])
        .current_dir(root)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(output.status.success());
    let from_environment: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(manifest(&given), manifest(&from_environment));
    let other = assembled(
        root,
        &["tree", "-o", "other", "--source-date-epoch", "1600000000"],
    );
    assert_ne!(manifest(&given), manifest(&other));
}

#[test]
fn what_cannot_be_done_is_refused_with_a_reason() {
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path();
    tree(&root.join("tree"));
    fs::create_dir(root.join("taken")).unwrap();
    fs::write(root.join("taken/file"), b"").unwrap();
    let refused = |arguments: &[&str], reason: &str| {
        let run: Run = plumb(root, &[&["oci", "assemble"], arguments].concat());
        assert_eq!(run.code, 2, "{arguments:?}: {}", run.stderr);
        assert!(run.stderr.contains(reason), "{arguments:?}: {}", run.stderr);
    };
    refused(&["tree", "-o", "taken"], "must be empty or absent");
    refused(
        &["missing", "-o", "out"],
        "cannot read the root filesystem missing",
    );
    refused(
        &["tree", "-o", "out", "--layer", "no-patterns"],
        "NAME=PATTERN",
    );
    refused(
        &["tree", "-o", "out", "--layer", "bad=/usr"],
        "relative to the tree's root",
    );
    refused(
        &["tree", "-o", "out", "--dpkg-layers", "2"],
        "no dpkg database",
    );
    refused(
        &["tree", "-o", "out", "--platform", "linux"],
        "is not a platform",
    );
    refused(&["tree/etc/tool.conf", "-o", "out"], "tool.conf");
}
