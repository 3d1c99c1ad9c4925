//! The scripts mkosi runs (`mkosi.build`, `mkosi.prepare.chroot`, …) through the format
//! contract: read as `sh` reads them, so that the checks across files see their commands.
//! They are checked against their tree's configuration (`crate::cross_file::mkosi_scripts`).

use crate::diagnostic::Diagnostic;
use crate::format::{Document, FileInputs, Format};
use crate::lock::Lock;
use crate::options::Options;
use crate::rules::Rule;
use crate::shell::script::{Command, parse_script};
use crate::source::SourceFile;
use crate::suppression::{Suppression, line_comment_suppressions};
use crate::workspace::FileKind;

/// When mkosi runs a script, which decides what it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// `mkosi.sync`: before anything, with the network.
    Sync,
    /// `mkosi.prepare`: after the packages are installed, always with the network.
    Prepare,
    /// `mkosi.build`: in the build overlay (with `BuildPackages=`), with the network only
    /// when `WithNetwork=yes`.
    Build,
    /// `mkosi.postinst`: after the build output is copied in; network as for build.
    PostInstall,
    /// `mkosi.finalize`: last before the output; network as for build.
    Finalize,
    /// `mkosi.postoutput`, `mkosi.clean`, `mkosi.configure`: outside the image's build.
    Other,
}

impl Phase {
    /// Whether the script runs without a network unless `WithNetwork=yes`.
    pub fn needs_with_network(self) -> bool {
        matches!(self, Phase::Build | Phase::PostInstall | Phase::Finalize)
    }
}

/// A script as `sh` reads it.
#[derive(Debug, Clone)]
pub struct MkosiScriptDocument {
    pub commands: Vec<Command>,
    pub phase: Phase,
    /// `.chroot`: run inside the image rather than on the host.
    pub in_chroot: bool,
}

#[derive(Debug)]
pub struct MkosiScriptFormat;

/// The phase and chroot-ness of a script mkosi finds by its name, if `file_name` is one.
pub fn script_name(file_name: &str) -> Option<(Phase, bool)> {
    let rest = file_name.strip_prefix("mkosi.")?;
    let (name, in_chroot) = match rest.strip_suffix(".chroot") {
        Some(name) => (name, true),
        None => (rest, false),
    };
    let phase = match name {
        "sync" => Phase::Sync,
        "prepare" => Phase::Prepare,
        "build" => Phase::Build,
        "postinst" => Phase::PostInstall,
        "finalize" => Phase::Finalize,
        "postoutput" | "clean" | "configure" => Phase::Other,
        _ => return None,
    };
    Some((phase, in_chroot))
}

impl Format for MkosiScriptFormat {
    fn kind(&self) -> FileKind {
        FileKind::MkosiScript
    }

    fn recognizes(&self, file_name: &str) -> bool {
        script_name(file_name).is_some()
    }

    fn parse(
        &self,
        source: &SourceFile,
        _options: &Options,
        _lock: Option<&Lock>,
    ) -> (Document, Vec<Diagnostic>) {
        let name = source.path().rsplit('/').next().unwrap_or(source.path());
        let (phase, in_chroot) = script_name(name).unwrap_or((Phase::Other, false));
        let document = MkosiScriptDocument {
            commands: parse_script(source.text()),
            phase,
            in_chroot,
        };
        (Document::MkosiScript(Box::new(document)), Vec::new())
    }

    fn suppressions(&self, source: &SourceFile, _document: &Document) -> Vec<Suppression> {
        line_comment_suppressions(source.text(), |line| {
            line.find('#')
                .filter(|&at| at == 0 || line[..at].ends_with([' ', '\t']))
        })
    }

    /// Its checks need its tree's configuration: they run across files.
    fn check(
        &self,
        _source: &SourceFile,
        _document: &Document,
        _inputs: FileInputs<'_>,
        _diagnostics: &mut Vec<Diagnostic>,
    ) {
    }

    fn rules(&self) -> Vec<&'static Rule> {
        Vec::new()
    }
}
