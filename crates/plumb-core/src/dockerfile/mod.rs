//! Dockerfiles, read exactly as BuildKit reads them.
//!
//! The parser ([`parse`]) is BuildKit's first layer: directives, comments, continuation
//! lines, heredocs, keyword/flags/arguments. [`check`] runs the parser and the rules.

mod arguments;
pub mod check_context;
mod command_split;
mod copy_options;
pub mod directives;
pub mod dockerignore;
pub mod flags;
mod frontend_version;
mod go_duration;
mod go_text;
mod heredoc;
pub mod image_reference;
pub mod instruction;
mod json_array;
mod logical_line;
pub mod mount;
pub mod package_managers;
mod parser;
pub mod persistent_map;
mod platform;
mod ports_and_signals;
pub mod resolve;
pub mod rules;
mod second_layer;
pub mod shell_commands;
pub mod shell_lexer;
mod shell_pattern;
mod suggest;
mod suppressions;
mod words;

pub use instruction::{Arguments, Dockerfile, Heredoc, Instruction, Keyword};
pub use parser::parse;
pub use resolve::{Resolution, resolve};
pub use suppressions::suppressions;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

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

/// Parses the file and runs every Dockerfile rule over it. `dockerignore` is the text of the
/// build context's `.dockerignore`, if there is one.
pub fn check(file: &SourceFile, dockerignore: Option<&str>) -> (Dockerfile, Vec<Diagnostic>) {
    let (dockerfile, mut diagnostics) = parse(file);
    second_layer::check(&dockerfile, &mut diagnostics);
    frontend_version::check(&dockerfile, &mut diagnostics);
    let (resolution, found) = resolve::resolve(&dockerfile);
    diagnostics.extend(found);
    let context = check_context::Context::new(file, &dockerfile, &resolution, dockerignore);
    for check in rules::checks() {
        check(&context, &mut diagnostics);
    }
    // `# check=error=true` makes BuildKit fail on its build checks.
    let checks_are_errors = dockerfile
        .directive("check")
        .and_then(|directive| directives::parse_check_options(&directive.value).ok())
        .is_some_and(|options| options.error);
    if checks_are_errors {
        for diagnostic in &mut diagnostics {
            let is_build_check = crate::rules::find(diagnostic.code).is_some_and(|rule| {
                rule.upstream
                    .iter()
                    .any(|upstream| matches!(upstream, crate::rules::Upstream::BuildkitCheck(_)))
            });
            if is_build_check {
                diagnostic.severity = crate::diagnostic::Severity::Error;
            }
        }
    }
    (dockerfile, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::is_dockerfile_name;

    #[test]
    fn check_error_true_turns_build_checks_into_errors() {
        let text = "# check=error=true\nFROM alpine\nWORKDIR /$UNDEFINED\n";
        let (_, diagnostics) =
            super::check(&crate::source::SourceFile::new("Dockerfile", text), None);
        let undefined = diagnostics
            .iter()
            .find(|diagnostic| diagnostic.code == "DF103")
            .unwrap();
        assert_eq!(undefined.severity, crate::diagnostic::Severity::Error);
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
