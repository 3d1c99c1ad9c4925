//! Real container tools accept what plumb-oci writes: buildah takes a three-layer busybox
//! image from the layout into its container storage and runs it, and a setuid mode, numeric
//! owners, a hard link pair and paths too long for USTAR's name field come out as they went
//! in; buildah and skopeo see the manifest and layers plumb-oci reported; and assembling the
//! same tree again gives the same manifest.

mod support;

use plumb_oci::{
    AssembledImage, Digest, Layering, PathPattern, PathRule, Platform, Source, assemble,
};
use std::fs;
use std::os::unix::fs::{PermissionsExt as _, chown, symlink};
use std::path::Path;
use std::process::{Command, Output};

const MESSAGE: &str = "hello from a plumb-oci layout\n";

/// More than USTAR's 100-byte name field: its files' paths are split into prefix and name.
const LONG_DIRECTORY: &str = "opt/a-directory-name-long-enough-that/the-paths-of-its-files-need-more-than-the-hundred-bytes-of-a-ustar";

/// A name longer than any USTAR field: only a PAX header holds the path.
fn pax_file_name() -> String {
    "p".repeat(110)
}

#[test]
fn buildah_runs_a_layered_image_from_the_layout() {
    if !plumb_tests::registry::required()
        || !plumb_tests::require(
            "root (chown to 1234:5678, buildah's container storage)",
            support::is_root(),
        )
    {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let tree = scratch.path().join("tree");
    build_tree(&tree);
    let layout = scratch.path().join("layout");
    let image = assemble_tree(&tree, &layout);
    let layer_names = support::layer_names(&image);
    assert_eq!(layer_names, ["busybox", "configuration", "unmatched"]);
    let again = assemble_tree(&tree, &scratch.path().join("layout-again"));
    assert_eq!(
        again.manifest_digest, image.manifest_digest,
        "the same tree assembles to the same manifest"
    );

    // Relative to the scratch directory, where the tools run: buildah names the image
    // `localhost/<path>`, and a temporary directory's name (`.tmpAbC123`) is no repository name.
    let reference = "oci:layout";
    let raw_manifest = succeeded(
        "skopeo inspect --raw",
        Command::new("skopeo")
            .current_dir(scratch.path())
            .args(["inspect", "--raw", reference])
            .output()
            .expect("skopeo starts"),
    );
    assert_eq!(
        Digest::of(raw_manifest.as_bytes()),
        image.manifest_digest,
        "skopeo reads the manifest plumb-oci reported:\n{raw_manifest}"
    );

    let container = buildah(scratch.path(), &["from", "--quiet", reference]);
    let container = container.trim();
    let script = format!(
        "set -e
        cat /etc/message
        ls /srv/data
        stat -c '%n %a %u %g %h' /usr/bin/setuid-tool /srv/owned/file /srv/data/first-name /srv/data/second-name
        stat -c '%n %a %u %g' /srv/owned
        cat '/{LONG_DIRECTORY}/ustar-prefix' '/{LONG_DIRECTORY}/{}'",
        pax_file_name()
    );
    let output = buildah(
        scratch.path(),
        &["run", container, "--", "/bin/sh", "-c", &script],
    );
    assert_eq!(
        output,
        format!(
            "{MESSAGE}\
             first-name\n\
             second-name\n\
             /usr/bin/setuid-tool 4755 0 0 1\n\
             /srv/owned/file 640 1234 5678 1\n\
             /srv/data/first-name 644 0 0 2\n\
             /srv/data/second-name 644 0 0 2\n\
             /srv/owned 750 1234 5678\n\
             ustar prefix\n\
             pax path\n"
        ),
        "contents, modes, owners and link counts in the container"
    );

    let inspect: serde_json::Value = serde_json::from_str(&buildah(
        scratch.path(),
        &["inspect", "--type", "container", container],
    ))
    .expect("buildah inspect prints JSON");
    assert_eq!(
        inspect["FromImageDigest"],
        image.manifest_digest.to_string(),
        "buildah stored the manifest as plumb-oci wrote it"
    );
    assert_eq!(
        inspect["FromImageID"],
        image.config_digest.hex(),
        "the image id is the digest of plumb-oci's config"
    );
    let stored_manifest: serde_json::Value =
        serde_json::from_str(inspect["Manifest"].as_str().expect("a manifest")).unwrap();
    let layer_digests: Vec<String> = image
        .layers
        .iter()
        .map(|layer| layer.digest.to_string())
        .collect();
    assert_eq!(
        each(&stored_manifest["layers"], "digest"),
        layer_digests,
        "the stored image has plumb-oci's layers"
    );
    let config = &inspect["OCIv1"];
    let diff_ids: Vec<String> = image
        .layers
        .iter()
        .map(|layer| layer.diff_id.to_string())
        .collect();
    assert_eq!(
        config["rootfs"]["diff_ids"],
        serde_json::json!(diff_ids),
        "the config buildah read has plumb-oci's diff_ids"
    );
    assert_eq!(
        each(&config["history"], "comment"),
        layer_names,
        "a history entry per layer"
    );

    buildah(scratch.path(), &["rm", container]);
}

/// busybox and its applets under `bin` (one layer), `etc` (another), and the entries whose
/// metadata must survive in the top layer.
fn build_tree(tree: &Path) {
    for directory in [
        "bin",
        "etc",
        "usr/bin",
        "srv/data",
        "srv/owned",
        LONG_DIRECTORY,
    ] {
        fs::create_dir_all(tree.join(directory)).unwrap();
    }
    fs::copy("/bin/busybox", tree.join("bin/busybox")).unwrap();
    for applet in ["sh", "cat", "ls", "stat"] {
        symlink("busybox", tree.join("bin").join(applet)).unwrap();
    }
    write_file(&tree.join("etc/message"), MESSAGE, 0o644);
    // Created by root, so no chown afterwards clears the setuid bit.
    write_file(&tree.join("usr/bin/setuid-tool"), "#!/bin/sh\n", 0o4755);
    write_file(&tree.join("srv/owned/file"), "owned\n", 0o640);
    fs::set_permissions(tree.join("srv/owned"), fs::Permissions::from_mode(0o750)).unwrap();
    for owned in ["srv/owned", "srv/owned/file"] {
        chown(tree.join(owned), Some(1234), Some(5678)).unwrap();
    }
    // Both names in one layer: a hard link never reaches into another layer.
    write_file(&tree.join("srv/data/first-name"), "linked\n", 0o644);
    fs::hard_link(
        tree.join("srv/data/first-name"),
        tree.join("srv/data/second-name"),
    )
    .unwrap();
    let long_directory = tree.join(LONG_DIRECTORY);
    write_file(
        &long_directory.join("ustar-prefix"),
        "ustar prefix\n",
        0o644,
    );
    write_file(&long_directory.join(pax_file_name()), "pax path\n", 0o644);
}

fn write_file(path: &Path, content: &str, mode: u32) {
    fs::write(path, content).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

fn assemble_tree(tree: &Path, layout: &Path) -> AssembledImage {
    let mut options = support::options();
    // The image holds the host's busybox, and says so.
    options.image.platform = Platform::linux(host_architecture());
    options.image.config.env = vec!["PATH=/bin".to_owned()];
    options.layering =
        Layering::PathRules(vec![rule("busybox", "bin"), rule("configuration", "etc")]);
    assemble(&Source::Directory(tree.to_owned()), layout, &options).unwrap()
}

fn rule(layer: &str, pattern: &str) -> PathRule {
    PathRule {
        layer: layer.to_owned(),
        patterns: vec![PathPattern::new(pattern).unwrap()],
    }
}

/// The OCI name of the architecture the tests run on.
fn host_architecture() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    }
}

/// The string `key` of each object in the JSON array `array`.
fn each<'a>(array: &'a serde_json::Value, key: &str) -> Vec<&'a str> {
    array
        .as_array()
        .unwrap_or_else(|| panic!("an array: {array}"))
        .iter()
        .map(|object| {
            object[key]
                .as_str()
                .unwrap_or_else(|| panic!("a string {key}: {object}"))
        })
        .collect()
}

/// Runs buildah as root in `scratch`, with its own container storage there, so the test neither
/// sees nor leaves images in the machine's; vfs needs no overlay mounts, chroot isolation no
/// runtime. The driver is a flag: buildah 1.28 ignores `STORAGE_DRIVER` when run as root.
fn buildah(scratch: &Path, arguments: &[&str]) -> String {
    let storage = scratch.join("storage");
    let output = Command::new("buildah")
        .current_dir(scratch)
        .env("BUILDAH_ISOLATION", "chroot")
        .arg("--storage-driver=vfs")
        .arg("--root")
        .arg(storage.join("root"))
        .arg("--runroot")
        .arg(storage.join("run"))
        .args(arguments)
        .output()
        .expect("buildah starts");
    succeeded(&format!("buildah {}", arguments.join(" ")), output)
}

/// The command's standard output; its standard error when it failed.
fn succeeded(command: &str, output: Output) -> String {
    assert!(
        output.status.success(),
        "{command} failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}
