//! The contract every file format implements, and the list of formats. A format recognises
//! its files, parses one into a [`Document`] (with spans and the problems the real tool would
//! reject), says which inline suppressions it carries, and runs its checks over it. The
//! analysis ([`crate::analysis`]) drives the formats and keeps their documents; checks across
//! files run afterwards ([`crate::cross_file`]).

use crate::compose;
use crate::diagnostic::Diagnostic;
use crate::dockerfile;
use crate::lock::Lock;
use crate::options::Options;
use crate::rules::Rule;
use crate::source::SourceFile;
use crate::suppression::Suppression;
use crate::workspace::FileKind;

/// A parsed file, kept in the analysis so views and plans reuse it without parsing again.
#[derive(Debug, Clone)]
pub enum Document {
    Dockerfile(Box<dockerfile::Document>),
    Compose(Box<compose::format::ComposeDocument>),
    AppCompose(Box<crate::dstack::app_compose_format::AppComposeDocument>),
    Mkosi(Box<crate::mkosi::format::MkosiDocument>),
    MkosiScript(Box<crate::mkosi::script_format::MkosiScriptDocument>),
}

impl Document {
    pub fn as_dockerfile(&self) -> Option<&dockerfile::Document> {
        match self {
            Document::Dockerfile(document) => Some(document),
            _ => None,
        }
    }

    pub fn as_compose(&self) -> Option<&compose::format::ComposeDocument> {
        match self {
            Document::Compose(document) => Some(document),
            _ => None,
        }
    }

    pub fn as_mkosi(&self) -> Option<&crate::mkosi::format::MkosiDocument> {
        match self {
            Document::Mkosi(document) => Some(document),
            _ => None,
        }
    }

    pub fn as_mkosi_script(&self) -> Option<&crate::mkosi::script_format::MkosiScriptDocument> {
        match self {
            Document::MkosiScript(document) => Some(document),
            _ => None,
        }
    }

    pub fn as_app_compose(&self) -> Option<&crate::dstack::app_compose_format::AppComposeDocument> {
        match self {
            Document::AppCompose(document) => Some(document),
            _ => None,
        }
    }
}

/// What a format's checks see of one file besides its document.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileInputs<'a> {
    /// The text of the build context's ignore file, if it has one.
    pub ignore_file: Option<&'a str>,
    /// The `plumb.lock` that applies to the file (the nearest above it), if any.
    pub lock: Option<&'a Lock>,
    /// The only registries images may come from, as the file's configuration lists them;
    /// empty: any.
    pub trusted_registries: &'a [String],
    /// The workspace the file is in, for formats whose files read others (a compose
    /// project's `.env`, `extends` and `include` files).
    pub workspace: Option<&'a crate::workspace::Workspace>,
    /// `[dstack]` of the file's configuration: dstack is the deployment target.
    pub dstack: Option<&'a crate::dstack::DstackSection>,
    /// `[mkosi]` of the file's configuration: the mkosi release checked against.
    pub mkosi: Option<&'a crate::mkosi::MkosiSection>,
}

/// One file format.
pub trait Format: Sync {
    /// The kind of file it reads.
    fn kind(&self) -> FileKind;

    /// Whether a file name alone says a file is of this format.
    fn recognizes(&self, file_name: &str) -> bool;

    /// Whether a file's place says it is of this format whatever its name (mkosi's
    /// `mkosi.conf.d/*.conf`); by default, only its name does.
    fn recognizes_path(&self, _path: &str) -> bool {
        false
    }

    /// Parses a file, reporting what the real tool would reject. `lock`: the `plumb.lock`
    /// that applies to it, whose pins say what the file's external inputs hold.
    fn parse(
        &self,
        source: &SourceFile,
        options: &Options,
        lock: Option<&Lock>,
    ) -> (Document, Vec<Diagnostic>);

    /// The inline suppressions the file carries.
    fn suppressions(&self, source: &SourceFile, document: &Document) -> Vec<Suppression>;

    /// Runs the format's checks over a parsed file.
    fn check(
        &self,
        source: &SourceFile,
        document: &Document,
        inputs: FileInputs<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    );

    /// Every rule of the format.
    fn rules(&self) -> Vec<&'static Rule>;
}

/// Every format plumb reads.
pub static FORMATS: &[&dyn Format] = &[
    &dockerfile::DockerfileFormat,
    &compose::format::ComposeFormat,
    &crate::dstack::app_compose_format::AppComposeFormat,
    &crate::mkosi::format::MkosiFormat,
    &crate::mkosi::script_format::MkosiScriptFormat,
];

/// The format that reads files of `kind`, if any (ignore files are inputs, not checked).
pub fn format_of(kind: FileKind) -> Option<&'static dyn Format> {
    FORMATS.iter().copied().find(|format| format.kind() == kind)
}
