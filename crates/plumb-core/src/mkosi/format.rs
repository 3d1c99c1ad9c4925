//! mkosi configuration files through the format contract: which files they are, read with
//! mkosi's reader, checked against the settings of the release plumb.toml names (`[mkosi]
//! version`, else 26).

use super::ini::{self, ConfFile};
use super::rules;
use super::settings::{MKOSI_26, RELEASES};
use crate::diagnostic::Diagnostic;
use crate::format::{Document, FileInputs, Format};
use crate::lock::Lock;
use crate::options::Options;
use crate::rules::Rule;
use crate::source::SourceFile;
use crate::suppression::{Suppression, line_comment_suppressions};
use crate::workspace::FileKind;

/// A configuration file as mkosi 26 reads it, with what its reader refused (which of those
/// lines mkosi refuses depends on the release checked: see [`ini`]).
#[derive(Debug, Clone)]
pub struct MkosiDocument {
    pub file: ConfFile,
    pub errors: Vec<ini::IniError>,
}

#[derive(Debug)]
pub struct MkosiFormat;

/// The names mkosi reads configuration from in a directory.
const FILE_NAMES: [&str; 4] = [
    "mkosi.conf",
    "mkosi.local.conf",
    "mkosi.tools.conf",
    "mkosi.initrd.conf",
];

/// The directories whose `*.conf` files mkosi reads as configuration.
const CONF_DIRECTORIES: [&str; 4] = [
    "mkosi.conf.d",
    "mkosi.images",
    "mkosi.profiles",
    "mkosi.local",
];

/// Whether mkosi reads the file at `path` as configuration: by its name, or as a `*.conf`
/// in `mkosi.conf.d/`, `mkosi.images/`, `mkosi.profiles/` or `mkosi.local/`.
pub fn is_mkosi_path(path: &str) -> bool {
    let mut parts = path.rsplit(['/', '\\']);
    let name = parts.next().unwrap_or(path);
    FILE_NAMES.contains(&name)
        || name.ends_with(".conf")
            && parts
                .next()
                .is_some_and(|directory| CONF_DIRECTORIES.contains(&directory))
}

/// Whether a file named on the command line whatever its name reads as mkosi
/// configuration: a `.conf` whose first line that is not blank or a comment is the header
/// of a section mkosi reads.
pub fn looks_like_mkosi(text: &str) -> bool {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .find(|line| !line.is_empty())
        .and_then(|line| line.strip_prefix('[')?.strip_suffix(']'))
        .is_some_and(|name| {
            RELEASES
                .iter()
                .any(|settings| settings.reads_section(name.trim()))
        })
}

impl Format for MkosiFormat {
    fn kind(&self) -> FileKind {
        FileKind::Mkosi
    }

    fn recognizes(&self, file_name: &str) -> bool {
        FILE_NAMES.contains(&file_name)
    }

    fn recognizes_path(&self, path: &str) -> bool {
        is_mkosi_path(path)
    }

    fn parse(
        &self,
        source: &SourceFile,
        _options: &Options,
        _lock: Option<&Lock>,
    ) -> (Document, Vec<Diagnostic>) {
        // MK001 comes with the other checks, which know the release.
        let (file, errors) = ini::parse(source.text(), MKOSI_26.syntax);
        (
            Document::Mkosi(Box::new(MkosiDocument { file, errors })),
            Vec::new(),
        )
    }

    /// `#` starts a comment anywhere on a line, as mkosi reads it.
    fn suppressions(&self, source: &SourceFile, _document: &Document) -> Vec<Suppression> {
        line_comment_suppressions(source.text(), |line| line.find('#'))
    }

    fn check(
        &self,
        source: &SourceFile,
        document: &Document,
        inputs: FileInputs<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let settings = inputs
            .mkosi
            .and_then(super::MkosiSection::settings)
            .unwrap_or(MKOSI_26);
        let Some(document) = document.as_mkosi() else {
            return;
        };
        if settings.syntax == MKOSI_26.syntax {
            rules::check(
                &document.file,
                &document.errors,
                source.text(),
                &settings,
                diagnostics,
            );
        } else {
            // Read again, as this release splits comments off.
            let (file, errors) = ini::parse(source.text(), settings.syntax);
            rules::check(&file, &errors, source.text(), &settings, diagnostics);
        }
    }

    fn rules(&self) -> Vec<&'static Rule> {
        rules::RULES.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mkosi_files_by_name_and_by_folder() {
        for path in [
            "mkosi.conf",
            "image/mkosi.local.conf",
            "mkosi.conf.d/10-debian.conf",
            "x/mkosi.images/base.conf",
        ] {
            assert!(is_mkosi_path(path), "{path}");
        }
        for path in [
            "nginx.conf",
            "mkosi.uki-profiles/a.conf",
            "mkosi.conf.d/README",
        ] {
            assert!(!is_mkosi_path(path), "{path}");
        }
        assert!(looks_like_mkosi(
            "# base\n\n[Distribution]\nDistribution=debian\n"
        ));
        assert!(!looks_like_mkosi("[server]\nport=80\n"));
    }
}
