//! The header blocks of one tar entry, every field written deliberately: USTAR when the entry
//! fits it (long names split into prefix and name), a PAX extended header before it only
//! for what USTAR cannot hold, its records sorted by key. Never GNU long names or sparse
//! headers; no atime or ctime; empty user and group names.

use crate::entry::Metadata;
use crate::error::EntryProblem;

pub(crate) const BLOCK: usize = 512;

/// The largest values USTAR's octal fields hold: 7 digits for ids and device numbers, 11 for
/// the size.
const MAX_ID: u64 = 0o777_7777;
const MAX_SIZE: u64 = 0o777_7777_7777;
const NAME_FIELD: usize = 100;
const PREFIX_FIELD: usize = 155;

/// USTAR type flags.
pub(crate) mod typeflag {
    pub(crate) const REGULAR: u8 = b'0';
    pub(crate) const HARDLINK: u8 = b'1';
    pub(crate) const SYMLINK: u8 = b'2';
    pub(crate) const CHAR_DEVICE: u8 = b'3';
    pub(crate) const BLOCK_DEVICE: u8 = b'4';
    pub(crate) const DIRECTORY: u8 = b'5';
    pub(crate) const FIFO: u8 = b'6';
    pub(crate) const PAX_EXTENDED: u8 = b'x';
}

/// One entry's header as a layer writes it.
#[derive(Debug)]
pub(crate) struct HeaderFields<'a> {
    /// Relative, with a trailing `/` for a directory.
    pub(crate) name: &'a [u8],
    pub(crate) typeflag: u8,
    pub(crate) metadata: &'a Metadata,
    /// The bytes that follow the header: a regular file's size, else 0.
    pub(crate) size: u64,
    /// A symbolic link's target or the path a hard link names.
    pub(crate) link_name: &'a [u8],
    pub(crate) device: (u32, u32),
}

/// Appends the entry's header blocks to `out`.
pub(crate) fn encode(fields: &HeaderFields<'_>, out: &mut Vec<u8>) -> Result<(), EntryProblem> {
    let mut records: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let (prefix, name) = split_name(fields.name).unwrap_or_else(|| {
        records.push((b"path".to_vec(), fields.name.to_vec()));
        (&[][..], truncated(fields.name, NAME_FIELD))
    });
    if fields.link_name.len() > NAME_FIELD {
        records.push((b"linkpath".to_vec(), fields.link_name.to_vec()));
    }
    let metadata = fields.metadata;
    let mut numeric = |key: &str, value: u64, limit: u64| {
        if value > limit {
            records.push((key.as_bytes().to_vec(), value.to_string().into_bytes()));
            0
        } else {
            value
        }
    };
    let uid = numeric("uid", metadata.uid, MAX_ID);
    let gid = numeric("gid", metadata.gid, MAX_ID);
    let size = numeric("size", fields.size, MAX_SIZE);
    for xattr in &metadata.xattrs {
        if xattr.name.contains(&b'=') || xattr.name.contains(&0) {
            return Err(EntryProblem::XattrName(
                String::from_utf8_lossy(&xattr.name).into_owned(),
            ));
        }
        records.push((
            [&b"SCHILY.xattr."[..], &xattr.name].concat(),
            xattr.value.to_vec(),
        ));
    }
    for number in [fields.device.0, fields.device.1] {
        if u64::from(number) > MAX_ID {
            return Err(EntryProblem::DeviceNumber(number.into()));
        }
    }

    if !records.is_empty() {
        records.sort();
        let data: Vec<u8> = records
            .iter()
            .flat_map(|(key, value)| pax_record(key, value))
            .collect();
        let base_name = fields.name.strip_suffix(b"/").unwrap_or(fields.name);
        let base_name = base_name
            .rsplit(|&byte| byte == b'/')
            .next()
            .unwrap_or_default();
        let pax_name = [&b"PaxHeaders/"[..], base_name].concat();
        let pax_metadata = Metadata {
            mode: 0o644,
            uid: 0,
            gid: 0,
            mtime: metadata.mtime,
            xattrs: Vec::new(),
        };
        out.extend_from_slice(&ustar_block(&UstarFields {
            prefix: &[],
            name: truncated(&pax_name, NAME_FIELD),
            typeflag: typeflag::PAX_EXTENDED,
            metadata: &pax_metadata,
            uid: 0,
            gid: 0,
            size: data.len() as u64,
            link_name: &[],
            device: (0, 0),
        }));
        out.extend_from_slice(&data);
        out.resize(out.len().next_multiple_of(BLOCK), 0);
    }
    out.extend_from_slice(&ustar_block(&UstarFields {
        prefix,
        name,
        typeflag: fields.typeflag,
        metadata,
        uid,
        gid,
        size,
        link_name: truncated(fields.link_name, NAME_FIELD),
        device: fields.device,
    }));
    Ok(())
}

/// A name USTAR holds: whole in the name field, or split at a `/` into prefix and name
/// (the shortest prefix that leaves a name that fits). `None` when neither fits.
fn split_name(name: &[u8]) -> Option<(&[u8], &[u8])> {
    if name.len() <= NAME_FIELD {
        return Some((&[], name));
    }
    name.iter()
        .enumerate()
        .take(PREFIX_FIELD + 1)
        .filter(|(_, byte)| **byte == b'/')
        .map(|(slash, _)| (&name[..slash], &name[slash + 1..]))
        .find(|(_, rest)| !rest.is_empty() && rest.len() <= NAME_FIELD)
}

fn truncated(bytes: &[u8], length: usize) -> &[u8] {
    &bytes[..bytes.len().min(length)]
}

/// `<length> <key>=<value>\n`, the length counting its own digits.
fn pax_record(key: &[u8], value: &[u8]) -> Vec<u8> {
    let rest = key.len() + value.len() + 3;
    let mut length = rest + 1;
    while rest + length.to_string().len() != length {
        length = rest + length.to_string().len();
    }
    [length.to_string().as_bytes(), b" ", key, b"=", value, b"\n"].concat()
}

struct UstarFields<'a> {
    prefix: &'a [u8],
    name: &'a [u8],
    typeflag: u8,
    metadata: &'a Metadata,
    /// As written: 0 where a PAX record holds the value.
    uid: u64,
    gid: u64,
    size: u64,
    link_name: &'a [u8],
    device: (u32, u32),
}

fn ustar_block(fields: &UstarFields<'_>) -> [u8; BLOCK] {
    let mut header = tar::Header::new_ustar();
    let ustar = header
        .as_ustar_mut()
        .expect("a header made as USTAR reads as one");
    ustar.name = [0; NAME_FIELD];
    ustar.name[..fields.name.len()].copy_from_slice(fields.name);
    ustar.prefix = [0; PREFIX_FIELD];
    ustar.prefix[..fields.prefix.len()].copy_from_slice(fields.prefix);
    octal(&mut ustar.mode, fields.metadata.mode.into());
    octal(&mut ustar.uid, fields.uid);
    octal(&mut ustar.gid, fields.gid);
    octal(&mut ustar.size, fields.size);
    octal(&mut ustar.mtime, fields.metadata.mtime);
    ustar.typeflag = [fields.typeflag];
    ustar.linkname = [0; NAME_FIELD];
    ustar.linkname[..fields.link_name.len()].copy_from_slice(fields.link_name);
    ustar.magic = *b"ustar\0";
    ustar.version = *b"00";
    ustar.uname = [0; 32];
    ustar.gname = [0; 32];
    octal(&mut ustar.dev_major, fields.device.0.into());
    octal(&mut ustar.dev_minor, fields.device.1.into());
    ustar.pad = [0; 12];
    // Summed with the checksum field as spaces; written as six digits, NUL, space.
    ustar.cksum = [b' '; 8];
    let sum: u32 = header.as_bytes().iter().map(|&byte| u32::from(byte)).sum();
    let ustar = header
        .as_ustar_mut()
        .expect("a header made as USTAR reads as one");
    ustar.cksum[..6].copy_from_slice(format!("{sum:06o}").as_bytes());
    ustar.cksum[6] = 0;
    *header.as_bytes()
}

/// Zero-padded octal digits filling the field but its last byte, a NUL. The callers keep
/// values within the field's digits.
fn octal(field: &mut [u8], value: u64) {
    let digits = field.len() - 1;
    let text = format!("{value:0digits$o}");
    field[..digits].copy_from_slice(&text.as_bytes()[text.len() - digits..]);
    field[digits] = 0;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Xattr;

    fn metadata() -> Metadata {
        Metadata {
            mode: 0o4755,
            uid: 0,
            gid: 0,
            mtime: 1_700_000_000,
            xattrs: Vec::new(),
        }
    }

    fn encoded(name: &[u8], metadata: &Metadata, link_name: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        encode(
            &HeaderFields {
                name,
                typeflag: typeflag::REGULAR,
                metadata,
                size: 5,
                link_name,
                device: (0, 0),
            },
            &mut out,
        )
        .unwrap();
        out
    }

    #[test]
    fn a_short_entry_is_one_ustar_block() {
        let block = encoded(b"usr/bin/su", &metadata(), b"");
        assert_eq!(block.len(), BLOCK);
        assert_eq!(&block[..10], b"usr/bin/su");
        assert_eq!(&block[100..108], b"0004755\0");
        assert_eq!(&block[108..116], b"0000000\0");
        assert_eq!(&block[124..136], b"00000000005\0");
        assert_eq!(&block[136..148], b"14524770400\0");
        assert_eq!(block[156], b'0');
        assert_eq!(&block[257..265], b"ustar\x0000");
        assert!(
            block[265..329].iter().all(|&byte| byte == 0),
            "no user or group names"
        );
        let header = tar::Header::from_byte_slice(&block);
        assert_eq!(
            header.cksum().unwrap(),
            header
                .as_bytes()
                .iter()
                .enumerate()
                .map(|(at, &byte)| if (148..156).contains(&at) {
                    32
                } else {
                    u32::from(byte)
                })
                .sum::<u32>()
        );
        assert_eq!(
            &block[148..156],
            format!("{:06o}\0 ", header.cksum().unwrap()).as_bytes()
        );
    }

    #[test]
    fn long_names_use_the_prefix_field_before_pax() {
        let name = [&b"d/"[..], &[b'x'; 120], b"/file"].concat();
        let block = encoded(&name, &metadata(), b"");
        assert_eq!(block.len(), BLOCK, "no PAX header");
        // `d` leaves 125 bytes, too many for the name field: the next slash is taken.
        assert_eq!(split_name(&name), Some((&name[..122], &b"file"[..])));
        assert_eq!(&block[345..467], &name[..122]);
        assert_eq!(&block[..5], b"file\0");
        assert_eq!(split_name(&[b'y'; 101]), None);
        // A directory's trailing slash is no place to split.
        let directory = [&[b'z'; 150][..], b"/"].concat();
        assert_eq!(split_name(&directory), None);
    }

    #[test]
    fn pax_records_hold_what_ustar_cannot_sorted_by_key() {
        let mut metadata = metadata();
        metadata.uid = 3_000_000;
        metadata.xattrs = vec![Xattr {
            name: b"security.capability".as_slice().into(),
            value: b"\x01\x00".as_slice().into(),
        }];
        let name = [b'n'; 300];
        let link = [b'l'; 101];
        let blocks = encoded(&name, &metadata, &link);
        let header = tar::Header::from_byte_slice(&blocks[..BLOCK]);
        assert_eq!(header.entry_type(), tar::EntryType::XHeader);
        assert_eq!(&blocks[..BLOCK][..12], b"PaxHeaders/n");
        let size = header.size().unwrap() as usize;
        let records = &blocks[BLOCK..BLOCK + size];
        let keys: Vec<&[u8]> = records
            .split(|&byte| byte == b'\n')
            .filter(|record| !record.is_empty())
            .map(|record| {
                let key_value = &record[record.iter().position(|&b| b == b' ').unwrap() + 1..];
                &key_value[..key_value.iter().position(|&b| b == b'=').unwrap()]
            })
            .collect();
        assert_eq!(
            keys,
            [
                &b"SCHILY.xattr.security.capability"[..],
                b"linkpath",
                b"path",
                b"uid"
            ]
        );
        assert!(records.starts_with(b"39 SCHILY.xattr.security.capability=\x01\x00\n"));
        let ustar = &blocks[blocks.len() - BLOCK..];
        assert_eq!(&ustar[108..116], b"0000000\0", "uid in the PAX record only");
    }

    #[test]
    fn record_lengths_count_their_own_digits() {
        assert_eq!(pax_record(b"path", b"abc"), b"12 path=abc\n");
        // 94 + 3 = 97 without the length; with two digits 99; a third digit would be 100.
        let value = vec![b'v'; 90];
        let record = pax_record(b"path", &value);
        assert_eq!(record.len(), 99);
        assert!(record.starts_with(b"99 "));
        let value = vec![b'v'; 92];
        let record = pax_record(b"path", &value);
        assert_eq!(record.len(), 102);
        assert!(record.starts_with(b"102 "));
    }

    #[test]
    fn unrepresentable_entries_are_refused() {
        let mut metadata = metadata();
        metadata.xattrs = vec![Xattr {
            name: b"user.a=b".as_slice().into(),
            value: b"".as_slice().into(),
        }];
        let mut out = Vec::new();
        let fields = HeaderFields {
            name: b"f",
            typeflag: typeflag::REGULAR,
            metadata: &metadata,
            size: 0,
            link_name: b"",
            device: (0, 0),
        };
        assert!(matches!(
            encode(&fields, &mut out),
            Err(EntryProblem::XattrName(_))
        ));
        let plain = self::metadata();
        let device = HeaderFields {
            typeflag: typeflag::CHAR_DEVICE,
            metadata: &plain,
            device: (1, 3_000_000),
            ..fields
        };
        assert_eq!(
            encode(&device, &mut out),
            Err(EntryProblem::DeviceNumber(3_000_000))
        );
    }
}
