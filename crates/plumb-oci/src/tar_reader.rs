//! A root filesystem read from a tar archive. The `tar` crate reads the headers (in raw
//! mode, every header as it is); PAX records and GNU long names are applied here, because
//! the crate's own PAX parsing splits records at newlines, which binary xattr values hold.
//! Member names are normalised and checked, hard links resolved to the files they name, and
//! file contents stay in the archive: each entry records where its bytes are.

use crate::entry::{DataSource, Entry, EntryKind, Metadata, Xattr};
use crate::error::{EntryProblem, Error};
use crate::options::Options;
use crate::tree::{LinkKey, Origin, Tree};
use crate::tree_path::{OutsideTree, TreePath};
use crate::walk::clamped_mtime;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read as _};
use std::os::unix::fs::FileExt as _;
use std::path::Path;
use tar::EntryType;

const BLOCK: u64 = 512;

/// One member before hard links are resolved.
enum Member {
    Entry(Entry),
    Hardlink { path: TreePath, target: TreePath },
}

impl Member {
    fn path(&self) -> &TreePath {
        match self {
            Self::Entry(entry) => &entry.path,
            Self::Hardlink { path, .. } => path,
        }
    }
}

/// What extension headers said about the member after them.
#[derive(Default)]
struct Extensions {
    path: Option<Vec<u8>>,
    link_path: Option<Vec<u8>>,
    size: Option<u64>,
    uid: Option<u64>,
    gid: Option<u64>,
    mtime: Option<i64>,
    xattrs: Vec<Xattr>,
    sparse: bool,
    /// Whether any extension header preceded the member.
    any: bool,
}

pub(crate) fn read_archive(archive: &Path, options: &Options) -> Result<Tree, Error> {
    let read_error = |source| Error::Read {
        path: archive.to_owned(),
        source,
    };
    let file = File::open(archive).map_err(read_error)?;
    let mut reader = tar::Archive::new(BufReader::new(file.try_clone().map_err(read_error)?));
    let mut members = Vec::new();
    // Where the block after the last header's data starts: the end-of-archive marker.
    let mut end = 0;
    let mut last_name: Option<String> = None;
    let corrupt = |after: &Option<String>, message: String| Error::CorruptArchive {
        archive: archive.to_owned(),
        after: after.clone(),
        message,
    };
    let mut extensions = Extensions::default();
    for member in reader.entries_with_seek().map_err(read_error)?.raw(true) {
        let mut member = member.map_err(|error| corrupt(&last_name, error.to_string()))?;
        let header_size = member.size();
        end = member
            .raw_file_position()
            .saturating_add(header_size.div_ceil(BLOCK).saturating_mul(BLOCK));
        let entry_type = member.header().entry_type();
        if matches!(
            entry_type,
            EntryType::XHeader
                | EntryType::XGlobalHeader
                | EntryType::GNULongName
                | EntryType::GNULongLink
        ) {
            let mut data = Vec::new();
            member
                .read_to_end(&mut data)
                .map_err(|error| corrupt(&last_name, error.to_string()))?;
            let global = entry_type == EntryType::XGlobalHeader;
            extensions
                .add(entry_type, data)
                .map_err(|message| corrupt(&last_name, message))?;
            if global {
                // git archive writes the commit as a global comment; anything else would
                // change how every later member reads.
                if extensions.path.is_some() || extensions.has_metadata() {
                    return Err(corrupt(
                        &last_name,
                        "a global PAX header other than a comment is not supported".to_owned(),
                    ));
                }
                extensions = Extensions::default();
            }
            continue;
        }
        let header = member.header();
        let name = extensions
            .path
            .take()
            .unwrap_or_else(|| header.path_bytes().into_owned());
        let shown = String::from_utf8_lossy(&name).into_owned();
        last_name = Some(shown.clone());
        let problem = |problem| Error::Entry {
            origin: archive.to_owned(),
            entry: shown.clone(),
            problem,
        };
        let header_error = |error: std::io::Error| corrupt(&last_name, error.to_string());
        let pending = std::mem::take(&mut extensions);
        if pending.sparse || entry_type == EntryType::GNUSparse {
            return Err(problem(EntryProblem::UnsupportedType(
                "GNU sparse file".into(),
            )));
        }
        if pending.size.is_some_and(|size| size != header_size) {
            return Err(problem(EntryProblem::UnsupportedType(
                "member whose size only a PAX record holds (8 GiB or more)".into(),
            )));
        }
        let path = match TreePath::from_member_name(&name) {
            Ok(Some(path)) => path,
            Ok(None) if entry_type == EntryType::Directory => continue,
            Ok(None) => {
                return Err(problem(EntryProblem::UnsupportedType(
                    "root that is no directory".into(),
                )));
            }
            Err(OutsideTree::Absolute) => return Err(problem(EntryProblem::AbsoluteName)),
            Err(OutsideTree::ParentComponent) => {
                return Err(problem(EntryProblem::ParentComponent));
            }
        };
        let link_name = pending
            .link_path
            .clone()
            .or_else(|| header.link_name_bytes().map(|target| target.into_owned()));
        let link_name = || {
            link_name.clone().ok_or_else(|| {
                problem(EntryProblem::UnsupportedType(
                    "link without a target".into(),
                ))
            })
        };
        let device = || -> Result<(u32, u32), Error> {
            Ok((
                header.device_major().map_err(header_error)?.unwrap_or(0),
                header.device_minor().map_err(header_error)?.unwrap_or(0),
            ))
        };
        let kind = match entry_type {
            // Old archives mark directories by a trailing slash alone.
            EntryType::Regular if name.ends_with(b"/") => EntryKind::Directory,
            EntryType::Regular | EntryType::Continuous => EntryKind::Regular {
                size: header_size,
                data: DataSource::InArchive {
                    offset: member.raw_file_position(),
                },
                hardlink_group: None,
            },
            EntryType::Directory => EntryKind::Directory,
            EntryType::Symlink => EntryKind::Symlink {
                target: link_name()?.into(),
            },
            EntryType::Char => {
                let (major, minor) = device()?;
                EntryKind::CharDevice { major, minor }
            }
            EntryType::Block => {
                let (major, minor) = device()?;
                EntryKind::BlockDevice { major, minor }
            }
            EntryType::Fifo => EntryKind::Fifo,
            EntryType::Link => {
                let link_name = link_name()?;
                let Ok(Some(target)) = TreePath::from_member_name(&link_name) else {
                    return Err(problem(EntryProblem::HardlinkTarget {
                        target: String::from_utf8_lossy(&link_name).into_owned(),
                        reason: "outside the tree",
                    }));
                };
                members.push(Member::Hardlink { path, target });
                continue;
            }
            other => {
                return Err(problem(EntryProblem::UnsupportedType(format!(
                    "{:?}",
                    char::from(other.as_byte())
                ))));
            }
        };
        let mtime = match pending.mtime {
            Some(mtime) => mtime,
            None => i64::try_from(header.mtime().map_err(header_error)?).unwrap_or(i64::MAX),
        };
        let metadata = Metadata {
            mode: header.mode().map_err(header_error)? & 0o7777,
            uid: match pending.uid {
                Some(uid) => uid,
                None => header.uid().map_err(header_error)?,
            },
            gid: match pending.gid {
                Some(gid) => gid,
                None => header.gid().map_err(header_error)?,
            },
            mtime: clamped_mtime(mtime, options.source_date_epoch),
            xattrs: pending
                .xattrs
                .into_iter()
                .filter(|xattr| options.xattrs.keeps(&xattr.name))
                .collect(),
        };
        members.push(Member::Entry(Entry {
            path,
            kind,
            metadata,
        }));
    }
    if extensions.any {
        return Err(corrupt(
            &last_name,
            "the archive ends with extension headers and no member after them".to_owned(),
        ));
    }
    check_end_of_archive(&file, end).map_err(|message| corrupt(&last_name, message))?;
    let entries = resolve_hardlinks(archive, members)?
        .into_iter()
        .filter(|(entry, _)| !options.api_filesystems.hides(&entry.path))
        .collect();
    Tree::new(Origin::Archive(archive.to_owned()), entries)
}

impl Extensions {
    /// Takes in one extension header's data.
    fn add(&mut self, entry_type: EntryType, data: Vec<u8>) -> Result<(), String> {
        self.any = true;
        match entry_type {
            EntryType::GNULongName => self.path = Some(without_trailing_nuls(data)),
            EntryType::GNULongLink => self.link_path = Some(without_trailing_nuls(data)),
            _ => {
                for (key, value) in pax_records(&data)? {
                    self.add_record(key, value)?;
                }
            }
        }
        Ok(())
    }

    fn add_record(&mut self, key: &[u8], value: &[u8]) -> Result<(), String> {
        let number = || {
            std::str::from_utf8(value)
                .ok()
                .and_then(|text| text.parse::<u64>().ok())
                .ok_or_else(|| {
                    format!(
                        "the PAX record {} is no number",
                        String::from_utf8_lossy(key)
                    )
                })
        };
        match key {
            b"path" => self.path = Some(value.to_vec()),
            b"linkpath" => self.link_path = Some(value.to_vec()),
            b"size" => self.size = Some(number()?),
            b"uid" => self.uid = Some(number()?),
            b"gid" => self.gid = Some(number()?),
            b"mtime" => self.mtime = Some(whole_seconds(value)),
            _ => {
                if let Some(name) = key.strip_prefix(b"SCHILY.xattr.") {
                    self.xattrs.retain(|xattr| *xattr.name != *name);
                    self.xattrs.push(Xattr {
                        name: name.into(),
                        value: value.into(),
                    });
                    self.xattrs.sort();
                } else if key.starts_with(b"GNU.sparse.") {
                    self.sparse = true;
                }
            }
        }
        Ok(())
    }

    /// Whether a record other than a path changes how a member reads (for global headers,
    /// whose `comment` alone is harmless).
    fn has_metadata(&self) -> bool {
        self.link_path.is_some()
            || self.size.is_some()
            || self.uid.is_some()
            || self.gid.is_some()
            || self.mtime.is_some()
            || !self.xattrs.is_empty()
            || self.sparse
    }
}

fn without_trailing_nuls(mut bytes: Vec<u8>) -> Vec<u8> {
    while bytes.last() == Some(&0) {
        bytes.pop();
    }
    bytes
}

/// A PAX record's key and value.
type PaxRecord<'a> = (&'a [u8], &'a [u8]);

/// PAX records, `<length> <key>=<value>\n`, delimited by their lengths (values may hold
/// newlines).
fn pax_records(mut data: &[u8]) -> Result<Vec<PaxRecord<'_>>, String> {
    let malformed = || "a malformed PAX record".to_owned();
    let mut records = Vec::new();
    while !data.is_empty() {
        let space = data
            .iter()
            .position(|&byte| byte == b' ')
            .ok_or_else(malformed)?;
        let length: usize = std::str::from_utf8(&data[..space])
            .ok()
            .and_then(|digits| digits.parse().ok())
            .filter(|&length| length > space + 1 && length <= data.len())
            .ok_or_else(malformed)?;
        let record = &data[space + 1..length];
        let record = record.strip_suffix(b"\n").ok_or_else(malformed)?;
        let equals = record
            .iter()
            .position(|&byte| byte == b'=')
            .ok_or_else(malformed)?;
        records.push((&record[..equals], &record[equals + 1..]));
        data = &data[length..];
    }
    Ok(records)
}

/// A PAX time (`1700000000.25`) in whole seconds; unreadable counts as 0. Times before the
/// epoch end up as 0 anyway, so truncating toward zero is rounding down where it matters.
fn whole_seconds(value: &[u8]) -> i64 {
    let text = String::from_utf8_lossy(value);
    let whole = text.split_once('.').map_or(&*text, |(whole, _)| whole);
    whole.parse().unwrap_or(0)
}

/// The block after the last member must be there and zero: an archive cut off at a block
/// boundary looks complete to a reader that stops at the end of the file.
fn check_end_of_archive(file: &File, end: u64) -> Result<(), String> {
    let mut block = [0; BLOCK as usize];
    file.read_exact_at(&mut block, end).map_err(|_| {
        "the archive is truncated: it ends without its end-of-archive blocks".to_owned()
    })?;
    if block.iter().any(|&byte| byte != 0) {
        return Err("unreadable data after the last member".to_owned());
    }
    Ok(())
}

/// Every hard link made an entry of its own: a name for the regular file it links to (the
/// group's metadata is that file's), or a copy of the symbolic link, device or FIFO it
/// links to, as the same tree read from a directory would be.
fn resolve_hardlinks(
    archive: &Path,
    members: Vec<Member>,
) -> Result<Vec<(Entry, Option<LinkKey>)>, Error> {
    let mut by_path = BTreeMap::new();
    for (index, member) in members.iter().enumerate() {
        if by_path.insert(member.path().clone(), index).is_some() {
            return Err(Error::Entry {
                origin: archive.to_owned(),
                entry: member.path().to_string(),
                problem: EntryProblem::Duplicate,
            });
        }
    }
    let link_error = |path: &TreePath, target: &TreePath, reason| Error::Entry {
        origin: archive.to_owned(),
        entry: path.to_string(),
        problem: EntryProblem::HardlinkTarget {
            target: target.to_string(),
            reason,
        },
    };
    let mut resolved = Vec::with_capacity(members.len());
    for (index, member) in members.iter().enumerate() {
        let (path, target) = match member {
            Member::Entry(entry) => {
                resolved.push((entry.clone(), link_key(entry, index)));
                continue;
            }
            Member::Hardlink { path, target } => (path, target),
        };
        let mut next = target;
        let mut hops = 0;
        let (root, file) = loop {
            let Some(&target_index) = by_path.get(next) else {
                return Err(link_error(path, target, "not in the archive"));
            };
            match &members[target_index] {
                Member::Entry(entry) if entry.kind.is_directory() => {
                    return Err(link_error(path, target, "a directory"));
                }
                Member::Entry(file) => break (target_index, file),
                Member::Hardlink { target, .. } => {
                    hops += 1;
                    if hops > members.len() {
                        return Err(link_error(path, target, "a loop of hard links"));
                    }
                    next = target;
                }
            }
        };
        let entry = Entry {
            path: path.clone(),
            ..file.clone()
        };
        resolved.push((entry, link_key(file, root)));
    }
    Ok(resolved)
}

/// Regular files are keyed by the member that holds their bytes.
fn link_key(file: &Entry, member: usize) -> Option<LinkKey> {
    matches!(file.kind, EntryKind::Regular { .. }).then_some((0, member as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pax_times_round_down() {
        assert_eq!(whole_seconds(b"1700000000"), 1_700_000_000);
        assert_eq!(whole_seconds(b"1700000000.999"), 1_700_000_000);
        assert_eq!(whole_seconds(b"-1.5"), -1);
        assert_eq!(whole_seconds(b"nonsense"), 0);
    }

    #[test]
    fn pax_records_are_delimited_by_their_length() {
        let data = b"23 SCHILY.xattr.a=x\ny\n\n12 path=abc\n";
        assert_eq!(
            pax_records(data).unwrap(),
            [
                (&b"SCHILY.xattr.a"[..], &b"x\ny\n"[..]),
                (&b"path"[..], &b"abc"[..])
            ]
        );
        for malformed in [
            &b"12 path=abc"[..],
            b"99 path=abc\n",
            b"x path=abc\n",
            b"9 pathabc\n",
        ] {
            assert!(pax_records(malformed).is_err(), "{malformed:?}");
        }
    }
}
