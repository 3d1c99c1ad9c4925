//! What each input gives for the unusual entries, and how bad input is refused: with the
//! entry's name, never a panic.

mod support;

use plumb_oci::{
    ApiFilesystems, Compression, EntryProblem, Error, Options, Source, XattrSelection, assemble,
};
use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

/// A member header with the name written as given (the `tar` crate's builder refuses
/// absolute names and `..`).
fn raw_header(name: &[u8], entry_type: tar::EntryType, size: u64, link: &[u8]) -> tar::Header {
    let mut header = tar::Header::new_ustar();
    header.as_old_mut().name[..name.len()].copy_from_slice(name);
    header.as_old_mut().linkname[..link.len()].copy_from_slice(link);
    header.set_entry_type(entry_type);
    header.set_mode(0o644);
    header.set_uid(0);
    header.set_gid(0);
    header.set_mtime(0);
    header.set_size(size);
    header.set_cksum();
    header
}

fn archive(members: &[(tar::Header, &[u8])]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for (header, data) in members {
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(data);
        bytes.resize(bytes.len().next_multiple_of(512), 0);
    }
    bytes.extend_from_slice(&[0; 1024]);
    bytes
}

fn directory(name: &[u8]) -> (tar::Header, &'static [u8]) {
    (raw_header(name, tar::EntryType::Directory, 0, b""), b"")
}

fn file(name: &[u8], data: &'static [u8]) -> (tar::Header, &'static [u8]) {
    (
        raw_header(name, tar::EntryType::Regular, data.len() as u64, b""),
        data,
    )
}

fn assemble_archive(bytes: &[u8], options: &Options) -> Result<plumb_oci::AssembledImage, Error> {
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("input.tar");
    fs::write(&path, bytes).unwrap();
    assemble(
        &Source::Archive(path),
        &scratch.path().join("layout"),
        options,
    )
}

fn problem_of(result: Result<plumb_oci::AssembledImage, Error>) -> (String, EntryProblem) {
    match result {
        Err(Error::Entry { entry, problem, .. }) => (entry, problem),
        other => panic!("expected an entry problem, got {other:?}"),
    }
}

#[test]
fn members_leaving_the_tree_are_refused_by_name() {
    let options = support::options();
    let bytes = archive(&[file(b"../etc/passwd", b"root")]);
    assert_eq!(
        problem_of(assemble_archive(&bytes, &options)),
        ("../etc/passwd".to_owned(), EntryProblem::ParentComponent)
    );
    let bytes = archive(&[file(b"/etc/passwd", b"root")]);
    assert_eq!(
        problem_of(assemble_archive(&bytes, &options)),
        ("/etc/passwd".to_owned(), EntryProblem::AbsoluteName)
    );
    let bytes = archive(&[
        directory(b"etc/"),
        (
            raw_header(b"etc/x", tar::EntryType::Link, 0, b"../../x"),
            b"",
        ),
    ]);
    assert!(matches!(
        problem_of(assemble_archive(&bytes, &options)).1,
        EntryProblem::HardlinkTarget {
            reason: "outside the tree",
            ..
        }
    ));
}

#[test]
fn truncated_and_corrupt_archives_are_refused() {
    let options = support::options();
    let whole = archive(&[directory(b"etc/"), file(b"etc/motd", &[b'm'; 700])]);
    assert!(assemble_archive(&whole, &options).is_ok());
    let cuts = [
        whole.len() - 1024, // at a block boundary, the end-of-archive blocks missing
        1024 + 300,         // inside the file's data
        512 + 100,          // inside the file's header
    ];
    for cut in cuts {
        let result = assemble_archive(&whole[..cut], &options);
        assert!(
            matches!(result, Err(Error::CorruptArchive { .. })),
            "cut at {cut}: {result:?}"
        );
    }
    let mut corrupt = whole.clone();
    corrupt[512 + 10] ^= 1;
    let result = assemble_archive(&corrupt, &options);
    assert!(
        matches!(result, Err(Error::CorruptArchive { ref after, .. }) if after.as_deref() == Some("etc/")),
        "{result:?}"
    );
}

#[test]
fn an_archive_must_hold_one_tree() {
    let options = support::options();
    let cases: [(Vec<u8>, &str, EntryProblem); 6] = [
        (
            archive(&[file(b"a", b"1"), file(b"./a", b"2")]),
            "a",
            EntryProblem::Duplicate,
        ),
        (
            archive(&[file(b"usr/bin/env", b"")]),
            "usr/bin/env",
            EntryProblem::MissingParent,
        ),
        (
            archive(&[file(b"usr", b""), file(b"usr/env", b"")]),
            "usr/env",
            EntryProblem::ParentNotDirectory,
        ),
        (
            archive(&[file(b".wh.etc", b"")]),
            ".wh.etc",
            EntryProblem::WhiteoutName,
        ),
        (
            archive(&[(raw_header(b"x", tar::EntryType::Link, 0, b"y"), b"")]),
            "x",
            EntryProblem::HardlinkTarget {
                target: "y".into(),
                reason: "not in the archive",
            },
        ),
        (
            archive(&[
                directory(b"d/"),
                (raw_header(b"x", tar::EntryType::Link, 0, b"d"), b""),
            ]),
            "x",
            EntryProblem::HardlinkTarget {
                target: "d".into(),
                reason: "a directory",
            },
        ),
    ];
    for (bytes, entry, problem) in cases {
        assert_eq!(
            problem_of(assemble_archive(&bytes, &options)),
            (entry.to_owned(), problem)
        );
    }
    let sparse = archive(&[(raw_header(b"s", tar::EntryType::GNUSparse, 0, b""), b"")]);
    assert!(matches!(
        problem_of(assemble_archive(&sparse, &options)).1,
        EntryProblem::UnsupportedType(_)
    ));
}

#[test]
fn bad_arguments_are_refused() {
    let scratch = tempfile::tempdir().unwrap();
    let options = support::options();
    let missing = scratch.path().join("missing");
    let result = assemble(
        &Source::Directory(missing.clone()),
        &scratch.path().join("l1"),
        &options,
    );
    assert!(
        matches!(result, Err(Error::Read { ref path, .. }) if *path == missing),
        "{result:?}"
    );
    let plain = scratch.path().join("plain");
    fs::write(&plain, b"").unwrap();
    let result = assemble(
        &Source::Directory(plain),
        &scratch.path().join("l2"),
        &options,
    );
    assert!(matches!(result, Err(Error::NotADirectory(_))), "{result:?}");
    let tree = scratch.path().join("tree");
    fs::create_dir(&tree).unwrap();
    let layout = scratch.path().join("layout");
    fs::create_dir(&layout).unwrap();
    fs::write(layout.join("stale"), b"").unwrap();
    let result = assemble(&Source::Directory(tree.clone()), &layout, &options);
    assert!(
        matches!(result, Err(Error::LayoutNotEmpty(_))),
        "{result:?}"
    );
    let mut bad = options.clone();
    bad.source_date_epoch = u64::MAX;
    assert!(matches!(
        assemble(
            &Source::Directory(tree.clone()),
            &scratch.path().join("l3"),
            &bad
        ),
        Err(Error::SourceDateEpoch(_))
    ));
    bad = options;
    bad.compression = Compression::Gzip { level: 10 };
    assert!(matches!(
        assemble(&Source::Directory(tree), &scratch.path().join("l4"), &bad),
        Err(Error::CompressionLevel(10))
    ));
}

/// Files in /proc say they are empty and are not: a file whose size changed while it was
/// read is refused with its path, whoever runs the test.
#[test]
fn a_file_that_changes_size_is_refused() {
    let scratch = tempfile::tempdir().unwrap();
    let result = assemble(
        &Source::Directory("/proc/sys/kernel/random".into()),
        &scratch.path().join("layout"),
        &support::options(),
    );
    assert!(
        matches!(result, Err(Error::Entry { ref entry, problem: EntryProblem::ContentChanged { expected: 0 }, .. }) if entry == "boot_id"),
        "{result:?}"
    );
}

fn single_layer(layout: &Path) -> Vec<support::Listed> {
    let tars = support::layer_tars(layout);
    assert_eq!(tars.len(), 1);
    support::listing(&tars[0])
}

fn names(listing: &[support::Listed]) -> Vec<&str> {
    listing.iter().map(|listed| listed.name.as_str()).collect()
}

#[test]
fn sockets_are_skipped_fifos_kept() {
    let scratch = tempfile::tempdir().unwrap();
    let tree = scratch.path().join("tree");
    fs::create_dir(&tree).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(tree.join("socket")).unwrap();
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        tree.join("fifo"),
        rustix::fs::Mode::from_raw_mode(0o640),
    )
    .unwrap();
    fs::set_permissions(tree.join("fifo"), fs::Permissions::from_mode(0o640)).unwrap();
    let layout = scratch.path().join("layout");
    assemble(&Source::Directory(tree), &layout, &support::options()).unwrap();
    let listing = single_layer(&layout);
    assert_eq!(names(&listing), ["fifo"]);
    assert_eq!((listing[0].kind, listing[0].mode), ('6', 0o640));
}

/// The device numbers of the layer's headers.
fn device_numbers(tar: &[u8], name: &str) -> (u32, u32) {
    let mut archive = tar::Archive::new(tar);
    let entry = archive
        .entries()
        .unwrap()
        .map(Result::unwrap)
        .find(|entry| entry.path_bytes().as_ref() == name.as_bytes())
        .unwrap();
    let header = entry.header();
    (
        header.device_major().unwrap().unwrap(),
        header.device_minor().unwrap().unwrap(),
    )
}

#[test]
fn devices_from_an_archive() {
    let mut char_device = raw_header(b"dev/null", tar::EntryType::Char, 0, b"");
    char_device.set_device_major(1).unwrap();
    char_device.set_device_minor(3).unwrap();
    char_device.set_cksum();
    let mut block_device = raw_header(b"dev/vda", tar::EntryType::Block, 0, b"");
    block_device.set_device_major(253).unwrap();
    block_device.set_device_minor(1_048_575).unwrap();
    block_device.set_cksum();
    let bytes = archive(&[directory(b"dev/"), (char_device, b""), (block_device, b"")]);
    let scratch = tempfile::tempdir().unwrap();
    fs::write(scratch.path().join("in.tar"), &bytes).unwrap();
    let mut options = support::options();
    options.compression = Compression::Uncompressed;
    assemble(
        &Source::Archive(scratch.path().join("in.tar")),
        &scratch.path().join("layout"),
        &options,
    )
    .unwrap();
    let tar = support::layer_tars(&scratch.path().join("layout")).remove(0);
    assert_eq!(device_numbers(&tar, "dev/null"), (1, 3));
    assert_eq!(device_numbers(&tar, "dev/vda"), (253, 1_048_575));
    let kinds: Vec<char> = support::listing(&tar)
        .iter()
        .map(|listed| listed.kind)
        .collect();
    assert_eq!(kinds, ['5', '3', '4']);
}

/// mknod needs root: CI runs the tests as root, elsewhere this one says it did not run.
#[test]
fn devices_from_a_directory() {
    if !support::is_root() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the tests as root (mknod)"
        );
        eprintln!("skipped: creating device nodes needs root");
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let tree = scratch.path().join("tree");
    fs::create_dir_all(tree.join("dev")).unwrap();
    rustix::fs::mknodat(
        rustix::fs::CWD,
        tree.join("dev/null"),
        rustix::fs::FileType::CharacterDevice,
        rustix::fs::Mode::from_raw_mode(0o666),
        rustix::fs::makedev(1, 3),
    )
    .unwrap();
    let mut options = support::options();
    options.compression = Compression::Uncompressed;
    assemble(
        &Source::Directory(tree),
        &scratch.path().join("layout"),
        &options,
    )
    .unwrap();
    let tar = support::layer_tars(&scratch.path().join("layout")).remove(0);
    assert_eq!(device_numbers(&tar, "dev/null"), (1, 3));
}

fn api_filesystem_tree(scratch: &Path) -> PathBuf {
    let tree = scratch.join("tree");
    for directory in ["dev/pts", "proc/1", "sys/kernel", "devices"] {
        fs::create_dir_all(tree.join(directory)).unwrap();
    }
    for file in [
        "dev/console",
        "proc/1/status",
        "sys/kernel/x",
        "devices/kept",
    ] {
        fs::write(tree.join(file), b"x").unwrap();
    }
    tree
}

#[test]
fn api_filesystem_contents_are_skipped_only_when_asked() {
    let scratch = tempfile::tempdir().unwrap();
    let tree = api_filesystem_tree(scratch.path());
    let mut options = support::options();
    assemble(
        &Source::Directory(tree.clone()),
        &scratch.path().join("kept"),
        &options,
    )
    .unwrap();
    assert_eq!(single_layer(&scratch.path().join("kept")).len(), 11);
    options.api_filesystems = ApiFilesystems::SkipContents;
    let skipped = assemble(
        &Source::Directory(tree),
        &scratch.path().join("skipped"),
        &options,
    )
    .unwrap();
    assert_eq!(
        names(&single_layer(&scratch.path().join("skipped"))),
        ["dev/", "devices/", "devices/kept", "proc/", "sys/"]
    );
    // The same from an archive of the whole tree (the layer kept above).
    fs::write(
        scratch.path().join("whole.tar"),
        support::layer_tars(&scratch.path().join("kept")).remove(0),
    )
    .unwrap();
    let from_archive = assemble(
        &Source::Archive(scratch.path().join("whole.tar")),
        &scratch.path().join("archived"),
        &options,
    )
    .unwrap();
    assert_eq!(skipped, from_archive);
}

#[test]
fn xattr_values_are_bytes_and_can_be_left_out() {
    let scratch = tempfile::tempdir().unwrap();
    let tree = scratch.path().join("tree");
    fs::create_dir(&tree).unwrap();
    fs::write(tree.join("f"), b"").unwrap();
    xattr::set(tree.join("f"), "user.multi", b"line\none\0").unwrap();
    xattr::set(tree.join("f"), "user.drop", b"x").unwrap();
    let mut options = support::options();
    options.compression = Compression::Uncompressed;
    options.xattrs = XattrSelection::AllExcept(vec!["user.drop".to_owned()]);
    let image = assemble(
        &Source::Directory(tree.clone()),
        &scratch.path().join("layout"),
        &options,
    )
    .unwrap();
    let tar = support::layer_tars(&scratch.path().join("layout")).remove(0);
    let record = b"37 SCHILY.xattr.user.multi=line\none\0\n";
    assert!(tar.windows(record.len()).any(|window| window == record));
    assert!(!tar.windows(9).any(|window| window == b"user.drop"));
    // Read back as an archive, the newline survives.
    fs::write(scratch.path().join("layer.tar"), &tar).unwrap();
    let again = assemble(
        &Source::Archive(scratch.path().join("layer.tar")),
        &scratch.path().join("again"),
        &options,
    )
    .unwrap();
    assert_eq!(again.layers[0].diff_id, image.layers[0].diff_id);
    options.xattrs = XattrSelection::None;
    assemble(
        &Source::Directory(tree),
        &scratch.path().join("none"),
        &options,
    )
    .unwrap();
    let tar = support::layer_tars(&scratch.path().join("none")).remove(0);
    assert_eq!(tar.len(), 512 + 1024, "one header, no PAX header");
}

#[test]
fn compression_choices() {
    let scratch = tempfile::tempdir().unwrap();
    let tree = scratch.path().join("tree");
    fs::create_dir(&tree).unwrap();
    fs::write(
        tree.join("text"),
        "plumb ".repeat(5000) + &"0123456789".repeat(300),
    )
    .unwrap();
    let mut options = support::options();
    let assembled = |options: &Options, name: &str| {
        assemble(
            &Source::Directory(tree.clone()),
            &scratch.path().join(name),
            options,
        )
        .unwrap()
    };
    options.compression = Compression::Uncompressed;
    let plain = assembled(&options, "plain");
    assert_eq!(plain.layers[0].digest, plain.layers[0].diff_id);
    assert_eq!(plain.compressor.to_string(), "uncompressed");
    options.compression = Compression::Gzip { level: 1 };
    let fast = assembled(&options, "fast");
    options.compression = Compression::Gzip { level: 9 };
    let best = assembled(&options, "best");
    assert_eq!(fast.layers[0].diff_id, plain.layers[0].diff_id);
    assert_eq!(best.layers[0].diff_id, plain.layers[0].diff_id);
    assert_ne!(fast.layers[0].digest, best.layers[0].digest);
    assert_eq!(
        best.compressor.to_string(),
        "gzip;level=9;flate2=1.1.11;miniz_oxide=0.9.1"
    );
    support::layer_tars(&scratch.path().join("best"));
    support::layer_tars(&scratch.path().join("plain"));
}

#[test]
fn the_config_and_index_say_what_the_options_say() {
    let scratch = tempfile::tempdir().unwrap();
    let tree = scratch.path().join("tree");
    fs::create_dir(&tree).unwrap();
    let mut options = support::options();
    options.image.ref_name = Some("app:1".to_owned());
    options.image.created_by = "plan step build-app".to_owned();
    options.image.config.cmd = vec!["/app".to_owned()];
    let layout = scratch.path().join("layout");
    let image = assemble(&Source::Directory(tree), &layout, &options).unwrap();
    let index: serde_json::Value =
        serde_json::from_slice(&fs::read(layout.join("index.json")).unwrap()).unwrap();
    assert_eq!(
        index["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"],
        "app:1"
    );
    assert_eq!(
        index["manifests"][0]["digest"],
        image.manifest_digest.to_string()
    );
    assert_eq!(
        fs::read(layout.join("oci-layout")).unwrap(),
        b"{\"imageLayoutVersion\":\"1.0.0\"}"
    );
    let config: serde_json::Value = serde_json::from_slice(
        &fs::read(layout.join("blobs/sha256").join(image.config_digest.hex())).unwrap(),
    )
    .unwrap();
    assert_eq!(config["created"], "2023-11-14T22:13:20Z");
    assert_eq!(config["history"][0]["created"], "2023-11-14T22:13:20Z");
    assert_eq!(config["history"][0]["created_by"], "plan step build-app");
    assert_eq!(config["config"]["Cmd"][0], "/app");
    assert_eq!(
        config["rootfs"]["diff_ids"][0],
        image.layers[0].diff_id.to_string()
    );
    // An empty tree is one layer of two zero blocks.
    assert_eq!(image.layers[0].uncompressed_size, 1024);
}
