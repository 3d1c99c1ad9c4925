//! Dockerfiles, read exactly as BuildKit reads them.
//!
//! The parser ([`parse`]) is BuildKit's first layer: directives, comments, continuation
//! lines, heredocs, keyword/flags/arguments. [`parse_document`] runs BuildKit's three layers,
//! [`check_document`] the rules; [`DockerfileFormat`] is how the analysis reaches both.

mod arguments;
pub mod check_context;
mod command_split;
pub mod context_sources;
mod copy_options;
pub mod directives;
pub mod dockerignore;
pub mod external_images;
pub mod flags;
mod frontend_version;
mod go_text;
mod heredoc;
pub mod image_family;
pub mod image_reference;
pub mod instruction;
mod json_array;
mod logical_line;
pub mod mount;
mod parser;
pub mod persistent_map;
mod platform;
mod ports_and_signals;
pub mod remote_sources;
pub mod resolve;
pub mod rules;
mod scope;
mod second_layer;
pub mod shell_lexer;
mod shell_pattern;
mod suppressions;
mod words;

pub use instruction::{Arguments, Dockerfile, Heredoc, Instruction, Keyword};
pub use parser::parse;
pub use resolve::{Resolution, resolve};
pub use suppressions::suppressions;

use crate::diagnostic::Diagnostic;
use crate::format::{Document as FormatDocument, FileInputs, Format};
use crate::lock::Lock;
use crate::options::Options;
use crate::rules::Rule;
use crate::source::SourceFile;
use crate::suppression::Suppression;
use crate::workspace::FileKind;

/// Whether a file name is a Dockerfile's: `Dockerfile`, `Containerfile`, `*.Dockerfile`,
/// `Dockerfile.*` (and the same for Containerfile), case as written.
pub fn is_dockerfile_name(file_name: &str) -> bool {
    ["Dockerfile", "Containerfile"].iter().any(|base| {
        file_name == *base
            || file_name
                .strip_suffix(base)
                .is_some_and(|stem| stem.ends_with('.') && stem.len() > 1)
            || file_name
                .strip_prefix(base)
                .is_some_and(|suffix| suffix.starts_with('.') && suffix.len() > 1)
    })
}

/// A parsed Dockerfile and its resolved stages: what the analysis keeps for views and plans.
#[derive(Debug, Clone)]
pub struct Document {
    pub dockerfile: Dockerfile,
    pub resolution: Resolution,
    /// The RUN scripts read into shell commands, for the rules.
    pub run_commands: check_context::RunCommands,
}

/// BuildKit's three layers: the parser, what each instruction requires, the features of the
/// pinned frontend, and the stages with their variables (base images' ENV from `lock`, where
/// it pins them). Reports what BuildKit rejects.
pub fn parse_document(
    file: &SourceFile,
    options: &Options,
    lock: Option<&Lock>,
) -> (Document, Vec<Diagnostic>) {
    let (dockerfile, mut diagnostics) = parse(file);
    second_layer::check(&dockerfile, &mut diagnostics);
    frontend_version::check(&dockerfile, &mut diagnostics);
    let (resolution, found) = resolve::resolve(&dockerfile, options, lock);
    diagnostics.extend(found);
    let run_commands = check_context::RunCommands::read(&dockerfile);
    let document = Document {
        dockerfile,
        resolution,
        run_commands,
    };
    (document, diagnostics)
}

/// Runs the rules over a parsed Dockerfile. `diagnostics` holds the file's findings so far:
/// `# check=error=true` makes BuildKit fail on its build checks, wherever they were raised,
/// except the findings BuildKit's check would not certainly report
/// ([`Diagnostic::outside_build_check`]).
pub fn check_document(
    file: &SourceFile,
    document: &Document,
    inputs: FileInputs<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let context = check_context::Context::new(file, document, inputs);
    let dockerfile = &document.dockerfile;
    for check in rules::checks() {
        check(&context, diagnostics);
    }
    let checks_are_errors = dockerfile
        .directive("check")
        .and_then(|directive| directives::parse_check_options(&directive.value).ok())
        .is_some_and(|options| options.error);
    if checks_are_errors {
        for diagnostic in diagnostics.iter_mut() {
            let is_build_check = diagnostic
                .rule
                .upstream
                .iter()
                .any(|upstream| matches!(upstream, crate::rules::Upstream::BuildkitCheck(_)));
            if is_build_check && !diagnostic.outside_build_check {
                diagnostic.severity = crate::diagnostic::Severity::Error;
            }
        }
    }
}

/// Parses the file and runs every Dockerfile rule over it, for a linux/amd64 build.
/// `dockerignore` is the text of the build context's `.dockerignore`, if there is one.
pub fn check(file: &SourceFile, dockerignore: Option<&str>) -> (Document, Vec<Diagnostic>) {
    let (document, mut diagnostics) = parse_document(file, &Options::default(), None);
    let inputs = FileInputs {
        ignore_file: dockerignore,
        ..FileInputs::default()
    };
    check_document(file, &document, inputs, &mut diagnostics);
    (document, diagnostics)
}

/// Dockerfiles through the format contract.
#[derive(Debug)]
pub struct DockerfileFormat;

impl Format for DockerfileFormat {
    fn kind(&self) -> FileKind {
        FileKind::Dockerfile
    }

    fn recognizes(&self, file_name: &str) -> bool {
        is_dockerfile_name(file_name)
    }

    fn parse(
        &self,
        source: &SourceFile,
        options: &Options,
        lock: Option<&Lock>,
    ) -> (FormatDocument, Vec<Diagnostic>) {
        let (document, diagnostics) = parse_document(source, options, lock);
        (FormatDocument::Dockerfile(Box::new(document)), diagnostics)
    }

    fn suppressions(&self, source: &SourceFile, document: &FormatDocument) -> Vec<Suppression> {
        document
            .as_dockerfile()
            .map(|document| suppressions(source, &document.dockerfile))
            .unwrap_or_default()
    }

    fn check(
        &self,
        source: &SourceFile,
        document: &FormatDocument,
        inputs: FileInputs<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if let Some(document) = document.as_dockerfile() {
            check_document(source, document, inputs, diagnostics);
        }
    }

    fn rules(&self) -> Vec<&'static Rule> {
        rules::all().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::is_dockerfile_name;

    #[test]
    fn check_error_true_turns_build_checks_into_errors() {
        use crate::diagnostic::Severity;
        let severities = |text: &str| -> Vec<Severity> {
            let (_, diagnostics) =
                super::check(&crate::source::SourceFile::new("Dockerfile", text), None);
            diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.is(&super::rules::undefined_variable::RULE))
                .map(|diagnostic| diagnostic.severity)
                .collect()
        };
        let text = "# check=error=true\nFROM scratch\nWORKDIR /$UNDEFINED\n";
        assert_eq!(severities(text), [Severity::Error]);
        // A name the base image may set: BuildKit fails only if the image does not set it.
        let text = "# check=error=true\nFROM alpine\nWORKDIR /$UNDEFINED\n";
        assert_eq!(severities(text), [Severity::Info]);
    }

    #[test]
    fn recognises_dockerfile_names() {
        for name in [
            "Dockerfile",
            "Containerfile",
            "app.Dockerfile",
            "Dockerfile.dev",
            "x.Containerfile",
        ] {
            assert!(is_dockerfile_name(name), "{name}");
        }
        for name in [
            "dockerfile.txt",
            "Dockerfile.",
            ".Dockerfile",
            "MyDockerfile",
            "compose.yaml",
        ] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }
}
