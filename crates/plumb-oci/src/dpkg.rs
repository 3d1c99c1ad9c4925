//! The packages dpkg installed in a tree and the entries each owns: `var/lib/dpkg/status`
//! for names, architectures and versions, `var/lib/dpkg/info/<name>[:<arch>].list` for the
//! files. Diversions are not followed: a diverted file belongs to whichever package lists
//! its path, or to none.

use crate::content::ContentReader;
use crate::entry::EntryKind;
use crate::error::Error;
use crate::tree::Tree;
use crate::tree_path::TreePath;
use std::fmt;

const STATUS: &str = "var/lib/dpkg/status";
const INFO: &str = "var/lib/dpkg/info";

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Package {
    pub name: String,
    pub architecture: String,
    pub version: String,
}

/// `name:architecture=version`, as apt takes a package pinned to its version.
impl fmt::Display for Package {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{}:{}={}",
            self.name, self.architecture, self.version
        )
    }
}

/// A package and the tree's entries it lists, in tree order.
#[derive(Debug)]
pub(crate) struct InstalledPackage {
    pub(crate) package: Package,
    pub(crate) entries: Vec<usize>,
}

/// The installed packages, sorted by name and architecture.
pub(crate) fn installed_packages(
    tree: &Tree,
    content: &mut ContentReader<'_>,
) -> Result<Vec<InstalledPackage>, Error> {
    let status = regular_file(tree, STATUS).ok_or(Error::NoDpkgDatabase)?;
    let status = content.read_to_vec(&tree.entries()[status])?;
    let mut packages = Vec::new();
    for package in read_status(&String::from_utf8_lossy(&status))? {
        let list = [
            format!("{INFO}/{}:{}.list", package.name, package.architecture),
            format!("{INFO}/{}.list", package.name),
        ]
        .iter()
        .find_map(|path| regular_file(tree, path));
        let mut entries = Vec::new();
        if let Some(list) = list {
            let list = content.read_to_vec(&tree.entries()[list])?;
            entries.extend(
                list.split(|&byte| byte == b'\n')
                    .filter_map(|line| TreePath::from_absolute(line).ok().flatten())
                    .filter_map(|path| tree.find_through_links(&path)),
            );
            entries.sort_unstable();
            entries.dedup();
        }
        packages.push(InstalledPackage { package, entries });
    }
    packages.sort_by(|one, other| one.package.cmp(&other.package));
    Ok(packages)
}

fn regular_file(tree: &Tree, path: &str) -> Option<usize> {
    let index = tree.find(&TreePath::from_member_name(path.as_bytes()).ok()??)?;
    matches!(tree.entries()[index].kind, EntryKind::Regular { .. }).then_some(index)
}

/// The stanzas of a status file whose packages have files on disk: every state but
/// `not-installed` and `config-files`.
fn read_status(text: &str) -> Result<Vec<Package>, Error> {
    let mut packages = Vec::new();
    let mut line_number = 0;
    let mut stanza_start = 1;
    let mut fields: [Option<&str>; 4] = [None; 4];
    let mut lines = text.lines().chain([""]);
    loop {
        let Some(line) = lines.next() else {
            return Ok(packages);
        };
        line_number += 1;
        if line.trim().is_empty() {
            if fields.iter().any(Option::is_some) {
                if let Some(package) = stanza_package(&fields, stanza_start)? {
                    packages.push(package);
                }
                fields = [None; 4];
            }
            stanza_start = line_number + 1;
            continue;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(Error::Dpkg {
                database: STATUS.to_owned(),
                line: line_number,
                message: "a line that is neither a field nor its continuation".to_owned(),
            });
        };
        let slot = match key {
            "Package" => 0,
            "Status" => 1,
            "Architecture" => 2,
            "Version" => 3,
            _ => continue,
        };
        fields[slot] = Some(value.trim());
    }
}

fn stanza_package(fields: &[Option<&str>; 4], line: usize) -> Result<Option<Package>, Error> {
    let [name, status, architecture, version] = *fields;
    let Some(name) = name else {
        return Err(Error::Dpkg {
            database: STATUS.to_owned(),
            line,
            message: "a stanza without a Package field".to_owned(),
        });
    };
    let state = status.and_then(|status| status.split_whitespace().nth(2));
    if matches!(state, None | Some("not-installed" | "config-files")) {
        return Ok(None);
    }
    Ok(Some(Package {
        name: name.to_owned(),
        architecture: architecture.unwrap_or_default().to_owned(),
        version: version.unwrap_or_default().to_owned(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installed_stanzas_are_read() {
        let status = "\
Package: zlib1g
Status: install ok installed
Priority: optional
Architecture: amd64
Multi-Arch: same
Version: 1:1.2.13.dfsg-1
Description: compression library - runtime
 zlib is a library implementing the deflate compression method.
 .
 More text: with a colon.

Package: removed
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0

Package: bash
Status: install ok half-configured
Architecture: amd64
Version: 5.2.15-2+b2
";
        let packages = read_status(status).unwrap();
        let names: Vec<_> = packages.iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            ["zlib1g:amd64=1:1.2.13.dfsg-1", "bash:amd64=5.2.15-2+b2"]
        );
    }

    #[test]
    fn malformed_status_files_are_refused_with_the_line() {
        let error =
            read_status("Package: a\nStatus: install ok installed\n\nStatus: x\n").unwrap_err();
        assert!(matches!(error, Error::Dpkg { line: 4, .. }), "{error}");
        let error = read_status("Package: a\nnonsense\n").unwrap_err();
        assert!(matches!(error, Error::Dpkg { line: 2, .. }), "{error}");
    }
}
