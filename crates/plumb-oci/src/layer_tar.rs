//! One layer's tar stream: its entries in tree order, each header from `tar_header`, file
//! bytes padded to the block, two zero blocks at the end and nothing after them.

use crate::content::ContentReader;
use crate::entry::EntryKind;
use crate::error::Error;
use crate::tar_header::{self, BLOCK, HeaderFields, typeflag};
use crate::tree::Tree;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// Writes the entries at `members` (indices into the tree, ascending) to `out`; `out_path`
/// names it in errors. Of a hard link group, the first member in this layer holds the bytes
/// and later ones link to it; a member whose group's first name is in another layer is
/// therefore a full copy, so every layer unpacks on its own.
pub(crate) fn write_layer_tar(
    tree: &Tree,
    members: &[usize],
    content: &mut ContentReader<'_>,
    out: &mut impl Write,
    out_path: &Path,
) -> Result<(), Error> {
    let write_error = |source| Error::Write {
        path: out_path.to_owned(),
        source,
    };
    let mut first_names: BTreeMap<usize, usize> = BTreeMap::new();
    let mut header = Vec::with_capacity(2 * BLOCK);
    let mut name = Vec::new();
    for &index in members {
        let entry = &tree.entries()[index];
        name.clear();
        name.extend_from_slice(entry.path.as_bytes());
        let (typeflag, size, link_name, device): (u8, u64, &[u8], (u32, u32)) = match &entry.kind {
            EntryKind::Directory => {
                name.push(b'/');
                (typeflag::DIRECTORY, 0, &[], (0, 0))
            }
            EntryKind::Regular {
                size,
                hardlink_group,
                ..
            } => match hardlink_group.map(|group| *first_names.entry(group).or_insert(index)) {
                Some(first) if first != index => (
                    typeflag::HARDLINK,
                    0,
                    tree.entries()[first].path.as_bytes(),
                    (0, 0),
                ),
                _ => (typeflag::REGULAR, *size, &[], (0, 0)),
            },
            EntryKind::Symlink { target } => (typeflag::SYMLINK, 0, target, (0, 0)),
            EntryKind::CharDevice { major, minor } => {
                (typeflag::CHAR_DEVICE, 0, &[], (*major, *minor))
            }
            EntryKind::BlockDevice { major, minor } => {
                (typeflag::BLOCK_DEVICE, 0, &[], (*major, *minor))
            }
            EntryKind::Fifo => (typeflag::FIFO, 0, &[], (0, 0)),
        };
        header.clear();
        tar_header::encode(
            &HeaderFields {
                name: &name,
                typeflag,
                metadata: &entry.metadata,
                size,
                link_name,
                device,
            },
            &mut header,
        )
        .map_err(|problem| tree.problem(entry, problem))?;
        out.write_all(&header).map_err(write_error)?;
        if typeflag == typeflag::REGULAR {
            content.read_chunks(entry, |chunk| out.write_all(chunk).map_err(write_error))?;
            let padding = size.next_multiple_of(BLOCK as u64) - size;
            out.write_all(&[0; BLOCK][..padding as usize])
                .map_err(write_error)?;
        }
    }
    out.write_all(&[0; 2 * BLOCK]).map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_tree::{directory, file, symlink, tree_with_links};

    fn layer(tree: &Tree, members: &[usize]) -> Vec<(String, char, Option<String>, Vec<u8>)> {
        let mut tar = Vec::new();
        write_layer_tar(
            tree,
            members,
            &mut ContentReader::new(tree),
            &mut tar,
            Path::new("layer"),
        )
        .unwrap();
        assert!(tar.ends_with(&[0; 2 * BLOCK]) && tar.len() % BLOCK == 0);
        let mut archive = tar::Archive::new(tar.as_slice());
        archive
            .entries()
            .unwrap()
            .map(|entry| {
                let mut entry = entry.unwrap();
                let mut content = Vec::new();
                std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
                (
                    String::from_utf8(entry.path_bytes().into_owned()).unwrap(),
                    char::from(entry.header().entry_type().as_byte()),
                    entry
                        .link_name_bytes()
                        .map(|link| String::from_utf8(link.into_owned()).unwrap()),
                    content,
                )
            })
            .collect()
    }

    #[test]
    fn the_first_name_of_a_file_in_the_layer_holds_its_bytes() {
        let scratch = tempfile::tempdir().unwrap();
        std::fs::create_dir(scratch.path().join("d")).unwrap();
        std::fs::write(scratch.path().join("d/one"), b"data").unwrap();
        std::fs::hard_link(scratch.path().join("d/one"), scratch.path().join("d/two")).unwrap();
        let tree = tree_with_links(
            scratch.path(),
            vec![
                (directory("d"), None),
                (file("d/one", 4), Some((0, 1))),
                (file("d/two", 4), Some((0, 1))),
                (symlink("d/link", "one"), None),
            ],
        );
        let text = |name: &str, kind, link: Option<&str>, content: &[u8]| {
            (
                name.to_owned(),
                kind,
                link.map(str::to_owned),
                content.to_vec(),
            )
        };
        assert_eq!(
            layer(&tree, &[0, 1, 2, 3]),
            [
                text("d/", '5', None, b""),
                text("d/link", '2', Some("one"), b""),
                text("d/one", '0', None, b"data"),
                text("d/two", '1', Some("d/one"), b""),
            ]
        );
        // Without the first name in the layer, the second is the file in full.
        assert_eq!(
            layer(&tree, &[0, 3]),
            [
                text("d/", '5', None, b""),
                text("d/two", '0', None, b"data")
            ]
        );
    }
}
