//! Trees for the tests: generated as data, created on disk (in any order, with any mtimes)
//! or written as a tar archive by the `tar` crate; and layouts read back.

#![allow(dead_code)] // Each test file uses part of it.

use flate2::read::GzDecoder;
use plumb_oci::{Options, Platform};
use proptest::prelude::*;
use rustix::fs::{AtFlags, CWD, FileType, Mode, Timespec, Timestamps};
use sha2::{Digest as _, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::io::Read as _;
use std::os::unix::fs::{PermissionsExt as _, lchown};
use std::path::Path;

pub const SOURCE_DATE_EPOCH: u64 = 1_700_000_000;

pub fn options() -> Options {
    Options::new(SOURCE_DATE_EPOCH, Platform::linux("amd64"))
}

/// The layers' names (their history comments), bottom first.
pub fn layer_names(image: &plumb_oci::AssembledImage) -> Vec<&str> {
    image
        .layers
        .iter()
        .map(|layer| layer.name.as_str())
        .collect()
}

pub fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// A tree as data: every node's parent comes before it.
#[derive(Debug, Clone)]
pub struct Spec {
    pub nodes: Vec<Node>,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub path: String,
    pub kind: Kind,
    pub mode: u32,
    pub owner: (u32, u32),
    /// Below SOURCE_DATE_EPOCH, kept; `None`: whatever the copy is given, above it.
    pub mtime: Option<u64>,
    pub xattrs: Vec<(String, Vec<u8>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Directory,
    File(Vec<u8>),
    Symlink(String),
    /// Another name of the file node at this index (which has the metadata).
    Hardlink(usize),
    Fifo,
    CharDevice(u32, u32),
}

const NAMES: &[&str] = &["a", "b", "a-b", "a.b", "B", "ä", "z0", "usr"];
const FILE_MODES: &[u32] = &[0o644, 0o755, 0o4755, 0o2755, 0o600, 0o444, 0o6711, 0o1644];
const DIRECTORY_MODES: &[u32] = &[0o755, 0o700, 0o1777, 0o2775];
const OWNERS: &[(u32, u32)] = &[(0, 0), (1000, 1000), (65_534, 65_534), (3_000_000, 7)];

fn long_name(length: usize) -> String {
    "n".repeat(length)
}

/// Generated trees: nested directories, files (empty, small, a few kilobytes), symbolic
/// links, hard links, FIFOs and (as root) devices, names that sort around `/`, names that
/// need USTAR's prefix field or a PAX header, special mode bits, old mtimes, xattrs.
pub fn specs() -> impl Strategy<Value = Spec> {
    let node = (
        any::<usize>(),
        any::<usize>(),
        0..12u8,
        any::<usize>(),
        proptest::option::weighted(0.3, 0..1_000_000u64),
        proptest::collection::vec(any::<u8>(), 0..3000),
        0..4u8,
        any::<usize>(),
    );
    proptest::collection::vec(node, 1..40).prop_map(|nodes| {
        let mut spec = Spec { nodes: Vec::new() };
        let devices = is_root();
        for (parent, name, kind, mode, old_mtime, content, xattr, owner) in nodes {
            let directories: Vec<usize> = (0..spec.nodes.len())
                .filter(|&index| spec.nodes[index].kind == Kind::Directory)
                .collect();
            let parent = match parent % (directories.len() + 1) {
                0 => None,
                pick => Some(spec.nodes[directories[pick - 1]].path.clone()),
            };
            let name = match name % (NAMES.len() + 2) {
                index if index < NAMES.len() => NAMES[index].to_owned(),
                index if index == NAMES.len() => long_name(60),
                _ => long_name(101),
            };
            let path = parent.map_or(name.clone(), |parent| format!("{parent}/{name}"));
            if path.len() > 400 || spec.nodes.iter().any(|node| node.path == path) {
                continue;
            }
            let files: Vec<usize> = (0..spec.nodes.len())
                .filter(|&index| matches!(spec.nodes[index].kind, Kind::File(_)))
                .collect();
            let kind = match kind {
                0..=2 => Kind::Directory,
                3..=5 => Kind::File(content),
                6 => Kind::Symlink(
                    ["../a", "/etc/passwd", "b/c", &long_name(120)][mode % 4].to_owned(),
                ),
                7 if !files.is_empty() => Kind::Hardlink(files[mode % files.len()]),
                8 => Kind::Fifo,
                9 if devices => Kind::CharDevice(1, 3),
                10 => Kind::File(Vec::new()),
                _ => Kind::File(content[..content.len().min(10)].to_vec()),
            };
            let mode = match kind {
                Kind::Directory => DIRECTORY_MODES[mode % DIRECTORY_MODES.len()],
                Kind::Symlink(_) => 0o777,
                _ => FILE_MODES[mode % FILE_MODES.len()],
            };
            let xattrs = match (&kind, xattr) {
                (Kind::Directory | Kind::File(_), 1) => {
                    vec![("user.plumb".to_owned(), b"v".to_vec())]
                }
                (Kind::Directory | Kind::File(_), 2) => vec![
                    ("user.z".to_owned(), vec![0, 1, 2]),
                    ("user.a".to_owned(), b"with = and \t".to_vec()),
                ],
                _ => Vec::new(),
            };
            spec.nodes.push(Node {
                path,
                kind,
                mode,
                owner: if is_root() {
                    OWNERS[owner % OWNERS.len()]
                } else {
                    own_ids()
                },
                mtime: old_mtime.map(|offset| SOURCE_DATE_EPOCH - 1 - offset),
                xattrs,
            });
        }
        spec
    })
}

fn own_ids() -> (u32, u32) {
    (
        rustix::process::geteuid().as_raw(),
        rustix::process::getegid().as_raw(),
    )
}

/// The order nodes are created in on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    AsListed,
    /// Directories first, then everything else last to first; of two hard-linked names the
    /// one listed later is created first.
    Reversed,
}

/// Creates the tree at `root` (which must exist). Nodes without an old mtime get
/// `late_mtime + index`, above SOURCE_DATE_EPOCH.
pub fn create_on_disk(spec: &Spec, root: &Path, order: Order, late_mtime: u64) {
    let mut sequence: Vec<usize> = (0..spec.nodes.len()).collect();
    if order == Order::Reversed {
        sequence.sort_by_key(|&index| spec.nodes[index].kind != Kind::Directory);
        let first_other = sequence
            .iter()
            .position(|&index| spec.nodes[index].kind != Kind::Directory)
            .unwrap_or(sequence.len());
        sequence[first_other..].reverse();
    }
    let disk = |index: usize| root.join(&spec.nodes[index].path);
    let mut created = vec![false; spec.nodes.len()];
    for &index in &sequence {
        let node = &spec.nodes[index];
        let path = disk(index);
        match &node.kind {
            Kind::Directory => fs::create_dir(&path).unwrap(),
            Kind::File(content) => {
                if !created[index] {
                    fs::write(&path, content).unwrap();
                }
            }
            Kind::Symlink(target) => std::os::unix::fs::symlink(target, &path).unwrap(),
            Kind::Hardlink(file) => {
                if created[*file] {
                    fs::hard_link(disk(*file), &path).unwrap();
                } else {
                    let Kind::File(content) = &spec.nodes[*file].kind else {
                        unreachable!()
                    };
                    fs::write(&path, content).unwrap();
                    fs::hard_link(&path, disk(*file)).unwrap();
                    created[*file] = true;
                }
            }
            Kind::Fifo => rustix::fs::mkfifoat(CWD, &path, Mode::from_raw_mode(0o600)).unwrap(),
            Kind::CharDevice(major, minor) => rustix::fs::mknodat(
                CWD,
                &path,
                FileType::CharacterDevice,
                Mode::from_raw_mode(0o600),
                rustix::fs::makedev(*major, *minor),
            )
            .unwrap(),
        }
        created[index] = true;
    }
    // Metadata last, deepest first, so that nothing created later touches a directory's mtime.
    let mut by_depth: Vec<usize> = (0..spec.nodes.len()).collect();
    by_depth.sort_by_key(|&index| std::cmp::Reverse(spec.nodes[index].path.matches('/').count()));
    for index in by_depth {
        let node = &spec.nodes[index];
        if matches!(node.kind, Kind::Hardlink(_)) {
            continue;
        }
        let path = disk(index);
        // Owners before modes (chown clears setuid), xattrs while the file is writable.
        if is_root() {
            lchown(&path, Some(node.owner.0), Some(node.owner.1)).unwrap();
        }
        for (name, value) in &node.xattrs {
            xattr::set(&path, name, value).unwrap();
        }
        if !matches!(node.kind, Kind::Symlink(_)) {
            fs::set_permissions(&path, fs::Permissions::from_mode(node.mode)).unwrap();
        }
        let mtime = node.mtime.unwrap_or(late_mtime + index as u64);
        let time = Timespec {
            tv_sec: mtime as i64,
            tv_nsec: 123_456_789,
        };
        let times = Timestamps {
            last_access: time,
            last_modification: time,
        };
        rustix::fs::utimensat(CWD, &path, &times, AtFlags::SYMLINK_NOFOLLOW).unwrap();
    }
}

/// The tree as a GNU-format archive from the `tar` crate, members last to first (hard links
/// before the files they name), with its own late mtimes.
pub fn write_archive(spec: &Spec, archive: &Path, late_mtime: u64) {
    let mut builder = tar::Builder::new(fs::File::create(archive).unwrap());
    for (index, node) in spec.nodes.iter().enumerate().rev() {
        let metadata_node = match node.kind {
            Kind::Hardlink(file) => &spec.nodes[file],
            _ => node,
        };
        if !metadata_node.xattrs.is_empty() && !matches!(node.kind, Kind::Hardlink(_)) {
            let records: Vec<u8> = metadata_node
                .xattrs
                .iter()
                .flat_map(|(name, value)| pax_record(&format!("SCHILY.xattr.{name}"), value))
                .collect();
            let mut header = tar::Header::new_ustar();
            header.set_entry_type(tar::EntryType::XHeader);
            header.set_size(records.len() as u64);
            header.set_cksum();
            builder.append(&header, records.as_slice()).unwrap();
        }
        let mut header = tar::Header::new_gnu();
        header.set_mode(metadata_node.mode);
        header.set_uid(metadata_node.owner.0.into());
        header.set_gid(metadata_node.owner.1.into());
        header.set_mtime(metadata_node.mtime.unwrap_or(late_mtime + index as u64));
        header.set_size(0);
        let path = &node.path;
        match &node.kind {
            Kind::Directory => {
                header.set_entry_type(tar::EntryType::Directory);
                builder
                    .append_data(&mut header, format!("./{path}/"), &[][..])
                    .unwrap();
            }
            Kind::File(content) => {
                header.set_entry_type(tar::EntryType::Regular);
                header.set_size(content.len() as u64);
                builder
                    .append_data(&mut header, path, content.as_slice())
                    .unwrap();
            }
            Kind::Symlink(target) => {
                header.set_entry_type(tar::EntryType::Symlink);
                builder.append_link(&mut header, path, target).unwrap();
            }
            Kind::Hardlink(file) => {
                header.set_entry_type(tar::EntryType::Link);
                builder
                    .append_link(&mut header, path, &spec.nodes[*file].path)
                    .unwrap();
            }
            Kind::Fifo => {
                header.set_entry_type(tar::EntryType::Fifo);
                builder.append_data(&mut header, path, &[][..]).unwrap();
            }
            Kind::CharDevice(major, minor) => {
                header.set_entry_type(tar::EntryType::Char);
                header.set_device_major(*major).unwrap();
                header.set_device_minor(*minor).unwrap();
                builder.append_data(&mut header, path, &[][..]).unwrap();
            }
        }
    }
    builder.into_inner().unwrap();
}

fn pax_record(key: &str, value: &[u8]) -> Vec<u8> {
    let rest = key.len() + value.len() + 3;
    let mut length = rest + 1;
    while rest + length.to_string().len() != length {
        length = rest + length.to_string().len();
    }
    [
        length.to_string().as_bytes(),
        b" ",
        key.as_bytes(),
        b"=",
        value,
        b"\n",
    ]
    .concat()
}

/// One tar entry as a test compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub name: String,
    pub kind: char,
    pub mode: u32,
    pub owner: (u64, u64),
    pub mtime: u64,
    pub link: Option<String>,
    pub content: Vec<u8>,
    pub xattrs: Vec<(String, Vec<u8>)>,
}

/// What the layers of one (single-layer) image must hold for `spec`, in order: sorted
/// depth first, the first name of a hard link group holding the bytes.
pub fn expected_listing(spec: &Spec) -> Vec<Listed> {
    let key = |path: &str| {
        path.bytes()
            .map(|byte| if byte == b'/' { 0 } else { byte })
            .collect::<Vec<u8>>()
    };
    let mut order: Vec<usize> = (0..spec.nodes.len()).collect();
    order.sort_by_key(|&index| key(&spec.nodes[index].path));
    let mut first_name: BTreeMap<usize, String> = BTreeMap::new();
    order
        .into_iter()
        .map(|index| {
            let node = &spec.nodes[index];
            let (file, metadata) = match node.kind {
                Kind::Hardlink(file) => (Some(file), &spec.nodes[file]),
                Kind::File(_) => (Some(index), node),
                _ => (None, node),
            };
            let mut listed = Listed {
                name: node.path.clone(),
                kind: '0',
                mode: metadata.mode,
                owner: (metadata.owner.0.into(), metadata.owner.1.into()),
                mtime: metadata.mtime.unwrap_or(SOURCE_DATE_EPOCH),
                link: None,
                content: Vec::new(),
                xattrs: sorted(&metadata.xattrs),
            };
            match (&node.kind, file) {
                (Kind::Directory, _) => {
                    listed.kind = '5';
                    listed.name.push('/');
                }
                (Kind::Symlink(target), _) => {
                    listed.kind = '2';
                    listed.link = Some(target.clone());
                }
                (Kind::Fifo, _) => listed.kind = '6',
                (Kind::CharDevice(..), _) => listed.kind = '3',
                (_, Some(file)) => match first_name.get(&file) {
                    Some(first) => {
                        listed.kind = '1';
                        listed.link = Some(first.clone());
                    }
                    None => {
                        first_name.insert(file, node.path.clone());
                        let Kind::File(content) = &spec.nodes[file].kind else {
                            unreachable!()
                        };
                        listed.content = content.clone();
                    }
                },
                _ => unreachable!(),
            }
            listed
        })
        .collect()
}

fn sorted(xattrs: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    let mut xattrs = xattrs.to_vec();
    xattrs.sort();
    xattrs
}

/// Every file below `layout`, by relative path.
pub fn layout_files(layout: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![layout.to_owned()];
    while let Some(directory) = pending.pop() {
        for entry in fs::read_dir(&directory).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let name = path
                    .strip_prefix(layout)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.insert(name, fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Checks that every blob hashes to its name, and returns the layers' tars, uncompressed,
/// in the manifest's order.
pub fn layer_tars(layout: &Path) -> Vec<Vec<u8>> {
    for (name, bytes) in layout_files(layout) {
        if let Some(hex) = name.strip_prefix("blobs/sha256/") {
            assert_eq!(sha256_hex(&bytes), hex, "{name}");
        }
    }
    let index: serde_json::Value =
        serde_json::from_slice(&fs::read(layout.join("index.json")).unwrap()).unwrap();
    let blob = |digest: &serde_json::Value| {
        fs::read(
            layout
                .join("blobs/sha256")
                .join(digest.as_str().unwrap().strip_prefix("sha256:").unwrap()),
        )
        .unwrap()
    };
    let manifest: serde_json::Value =
        serde_json::from_slice(&blob(&index["manifests"][0]["digest"])).unwrap();
    let config: serde_json::Value =
        serde_json::from_slice(&blob(&manifest["config"]["digest"])).unwrap();
    let layers = manifest["layers"].as_array().unwrap();
    assert_eq!(
        config["rootfs"]["diff_ids"].as_array().unwrap().len(),
        layers.len()
    );
    layers
        .iter()
        .zip(config["rootfs"]["diff_ids"].as_array().unwrap())
        .map(|(layer, diff_id)| {
            let bytes = blob(&layer["digest"]);
            let tar = if layer["mediaType"] == "application/vnd.oci.image.layer.v1.tar+gzip" {
                let mut tar = Vec::new();
                GzDecoder::new(bytes.as_slice())
                    .read_to_end(&mut tar)
                    .unwrap();
                tar
            } else {
                bytes
            };
            assert_eq!(
                format!("sha256:{}", sha256_hex(&tar)),
                diff_id.as_str().unwrap()
            );
            tar
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A layer's entries as the `tar` crate reads them.
pub fn listing(tar: &[u8]) -> Vec<Listed> {
    let mut archive = tar::Archive::new(tar);
    archive
        .entries()
        .unwrap()
        .map(|entry| {
            let mut entry = entry.unwrap();
            let mut xattrs = Vec::new();
            if let Some(extensions) = entry.pax_extensions().unwrap() {
                for extension in extensions {
                    let extension = extension.unwrap();
                    if let Some(name) = extension.key().unwrap().strip_prefix("SCHILY.xattr.") {
                        xattrs.push((name.to_owned(), extension.value_bytes().to_vec()));
                    }
                }
            }
            let header = entry.header().clone();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            Listed {
                name: String::from_utf8(entry.path_bytes().into_owned()).unwrap(),
                kind: char::from(header.entry_type().as_byte()),
                mode: header.mode().unwrap(),
                owner: (header.uid().unwrap(), header.gid().unwrap()),
                mtime: header.mtime().unwrap(),
                link: entry
                    .link_name_bytes()
                    .map(|link| String::from_utf8(link.into_owned()).unwrap()),
                content,
                xattrs,
            }
        })
        .collect()
}
