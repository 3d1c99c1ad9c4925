//! Several layers from one tree: by path rules and by dpkg packages. Each layer unpacks on
//! its own, and together they are the tree.

mod support;

use plumb_oci::{
    AssembledImage, Error, Layering, PackageGrouping, PathPattern, PathRule, Source, assemble,
};
use std::fs;
use std::num::NonZeroUsize;
use std::path::Path;
use support::Listed;

fn write(tree: &Path, path: &str, content: &str) {
    let path = tree.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

fn rule(layer: &str, patterns: &[&str]) -> PathRule {
    PathRule {
        layer: layer.to_owned(),
        patterns: patterns
            .iter()
            .map(|text| PathPattern::new(text).unwrap())
            .collect(),
    }
}

fn assembled(tree: &Path, layout: &Path, layering: Layering) -> (AssembledImage, Vec<Vec<Listed>>) {
    let mut options = support::options();
    options.layering = layering;
    let image = assemble(&Source::Directory(tree.to_owned()), layout, &options).unwrap();
    let layers = support::layer_tars(layout)
        .iter()
        .map(|tar| support::listing(tar))
        .collect();
    (image, layers)
}

fn names(layer: &[Listed]) -> Vec<&str> {
    layer.iter().map(|listed| listed.name.as_str()).collect()
}

#[test]
fn path_rules_split_the_tree_with_parents_in_every_layer() {
    let scratch = tempfile::tempdir().unwrap();
    let tree = scratch.path().join("tree");
    write(&tree, "usr/share/doc/bash/copyright", "GPL");
    write(&tree, "usr/bin/bash", "ELF");
    write(&tree, "etc/bash.bashrc", "PS1");
    // One file, two names: `etc/bash-link` sorts first and stays in the top layer.
    fs::hard_link(tree.join("usr/bin/bash"), tree.join("etc/bash-link")).unwrap();
    fs::create_dir_all(tree.join("srv")).unwrap();
    let layering = Layering::PathRules(vec![
        rule("documentation", &["usr/share/doc"]),
        rule("nothing", &["opt"]),
        rule("binaries", &["usr/bin", "usr/sbin"]),
    ]);
    let (image, layers) = assembled(&tree, &scratch.path().join("layout"), layering);
    let layer_names = support::layer_names(&image);
    assert_eq!(layer_names, ["documentation", "binaries", "unmatched"]);
    assert_eq!(
        names(&layers[0]),
        [
            "usr/",
            "usr/share/",
            "usr/share/doc/",
            "usr/share/doc/bash/",
            "usr/share/doc/bash/copyright"
        ]
    );
    assert_eq!(names(&layers[1]), ["usr/", "usr/bin/", "usr/bin/bash"]);
    assert_eq!(
        names(&layers[2]),
        [
            "etc/",
            "etc/bash-link",
            "etc/bash.bashrc",
            "srv/",
            "usr/",
            "usr/share/"
        ]
    );
    // A directory has the same header in every layer.
    assert_eq!(layers[0][0], layers[1][0]);
    assert_eq!(layers[0][0], layers[2][4]);
    // Hard links do not cross layers: each layer has the file in full.
    assert_eq!(
        (layers[1][2].kind, layers[1][2].content.as_slice()),
        ('0', &b"ELF"[..])
    );
    assert_eq!(
        (layers[2][1].kind, layers[2][1].content.as_slice()),
        ('0', &b"ELF"[..])
    );
    for (summary, layer) in image.layers.iter().zip(&layers) {
        assert_eq!(summary.entries, layer.len());
        assert!(summary.packages.is_empty());
    }
}

/// A Debian-like tree: `bin` links to `usr/bin` (merged /usr), dpkg's lists name `/bin/ls`.
fn debian_tree(tree: &Path) {
    write(
        tree,
        "var/lib/dpkg/status",
        "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nMulti-Arch: same\nVersion: 2.36-9\n\n\
         Package: coreutils\nStatus: install ok installed\nArchitecture: amd64\nVersion: 9.1-1\n\n\
         Package: base-files\nStatus: install ok installed\nArchitecture: amd64\nVersion: 12.4\n\n\
         Package: gone\nStatus: deinstall ok config-files\nArchitecture: amd64\nVersion: 1\n",
    );
    write(
        tree,
        "var/lib/dpkg/info/base-files.list",
        "/.\n/etc\n/etc/os-release\n/usr\n",
    );
    write(
        tree,
        "var/lib/dpkg/info/coreutils.list",
        "/.\n/bin\n/bin/ls\n/usr/share/doc/shared\n",
    );
    write(
        tree,
        "var/lib/dpkg/info/libc6:amd64.list",
        "/.\n/usr/lib/libc.so.6\n/usr/share/doc/shared\n/usr/lib/missing\n",
    );
    write(tree, "var/lib/dpkg/info/gone.list", "/etc/gone\n");
    write(tree, "etc/os-release", "ID=debian\n");
    write(tree, "etc/gone", "left\n");
    write(tree, "etc/hostname", "box\n");
    write(tree, "usr/bin/ls", &"ls".repeat(500));
    write(tree, "usr/lib/libc.so.6", &"libc".repeat(2000));
    write(tree, "usr/share/doc/shared", "shared\n");
    std::os::unix::fs::symlink("usr/bin", tree.join("bin")).unwrap();
}

#[test]
fn dpkg_packages_make_layers() {
    let scratch = tempfile::tempdir().unwrap();
    let tree = scratch.path().join("tree");
    debian_tree(&tree);
    // coreutils' and libc6's files are larger than 500 bytes: a layer each.
    let budget = PackageGrouping::SizeBudget(500);
    let (image, layers) = assembled(
        &tree,
        &scratch.path().join("layout"),
        Layering::DpkgPackages(budget),
    );
    let layer_names = support::layer_names(&image);
    assert_eq!(
        layer_names,
        [
            "dpkg: base-files",
            "dpkg: coreutils",
            "dpkg: libc6",
            "not owned by a dpkg package"
        ]
    );
    let packages: Vec<String> = image.layers[2]
        .packages
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(packages, ["libc6:amd64=2.36-9"]);
    assert_eq!(names(&layers[0]), ["etc/", "etc/os-release", "usr/"]);
    // `/bin/ls` through the `bin` link; the file coreutils and libc6 both list goes to the
    // first by name; the link itself is coreutils' too (its list names `/bin`).
    assert_eq!(
        names(&layers[1]),
        [
            "bin",
            "usr/",
            "usr/bin/",
            "usr/bin/ls",
            "usr/share/",
            "usr/share/doc/",
            "usr/share/doc/shared"
        ]
    );
    assert_eq!(names(&layers[2]), ["usr/", "usr/lib/", "usr/lib/libc.so.6"]);
    let top = names(&layers[3]);
    for unowned in [
        "etc/gone",
        "etc/hostname",
        "var/lib/dpkg/status",
        "var/lib/dpkg/info/gone.list",
    ] {
        assert!(top.contains(&unowned), "{unowned} in {top:?}");
    }

    // Three layers of about equal size: libc6 alone weighs more than two thirds.
    let count = PackageGrouping::Layers(NonZeroUsize::new(3).unwrap());
    let (image, _) = assembled(
        &tree,
        &scratch.path().join("count"),
        Layering::DpkgPackages(count),
    );
    let layer_names = support::layer_names(&image);
    assert_eq!(
        layer_names,
        [
            "dpkg: base-files to coreutils (2 packages)",
            "dpkg: libc6",
            "not owned by a dpkg package"
        ]
    );
}

#[test]
fn dpkg_layers_are_the_same_from_an_archive() {
    let scratch = tempfile::tempdir().unwrap();
    let tree = scratch.path().join("tree");
    debian_tree(&tree);
    let mut options = support::options();
    assemble(
        &Source::Directory(tree.clone()),
        &scratch.path().join("single"),
        &options,
    )
    .unwrap();
    fs::write(
        scratch.path().join("tree.tar"),
        support::layer_tars(&scratch.path().join("single")).remove(0),
    )
    .unwrap();
    options.layering =
        Layering::DpkgPackages(PackageGrouping::Layers(NonZeroUsize::new(2).unwrap()));
    let from_directory = assemble(
        &Source::Directory(tree),
        &scratch.path().join("directory"),
        &options,
    )
    .unwrap();
    let from_archive = assemble(
        &Source::Archive(scratch.path().join("tree.tar")),
        &scratch.path().join("archive"),
        &options,
    )
    .unwrap();
    assert_eq!(from_directory, from_archive);
    assert_eq!(from_directory.layers.len(), 3);
}

#[test]
fn dpkg_layering_needs_a_database() {
    let scratch = tempfile::tempdir().unwrap();
    let tree = scratch.path().join("tree");
    write(&tree, "etc/hostname", "box\n");
    let mut options = support::options();
    options.layering = Layering::DpkgPackages(PackageGrouping::SizeBudget(1 << 20));
    let result = assemble(
        &Source::Directory(tree),
        &scratch.path().join("layout"),
        &options,
    );
    assert!(matches!(result, Err(Error::NoDpkgDatabase)), "{result:?}");
}
