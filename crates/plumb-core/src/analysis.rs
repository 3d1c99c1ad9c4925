//! Running every check over a workspace and collecting the findings in a deterministic order,
//! after configuration and inline suppressions have had their say.

use crate::config::Level;
use crate::cross_file;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile;
use crate::format::{Document, FileInputs, format_of};
use crate::rules::Rule;
use crate::source::{SourceFile, Span};
use crate::suppression::Suppressions;
use crate::workspace::{FileKind, Workspace, WorkspaceFile};

/// One analysed file: its decoded text, what it was read as, and its parsed document.
#[derive(Debug, Clone)]
pub struct AnalyzedFile {
    pub source: SourceFile,
    pub kind: FileKind,
    /// The file was not UTF-8: its text was decoded lossily, so writing it back would lose
    /// bytes.
    pub decoded_lossily: bool,
    /// The parsed (and resolved) file, for views and plans.
    pub document: Document,
    suppressions: Suppressions,
}

/// The result of an analysis.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// In path order.
    pub files: Vec<AnalyzedFile>,
    /// Ordered by file, position, then code.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// The analysed file at `path`.
    pub fn analyzed(&self, path: &str) -> Option<&AnalyzedFile> {
        // Files are in path order (the workspace is a sorted map).
        self.files
            .binary_search_by(|file| file.source.path().cmp(path))
            .ok()
            .map(|index| &self.files[index])
    }

    pub fn file(&self, path: &str) -> Option<&SourceFile> {
        self.analyzed(path).map(|file| &file.source)
    }

    /// How many findings are at `severity` or above.
    pub fn count_at_least(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity >= severity)
            .count()
    }
}

/// Checks every file in the workspace, then what spans files.
pub fn analyze(workspace: &Workspace) -> Analysis {
    complete(workspace, vec![analyze_part(workspace, 0, 1)])
}

/// Checks one of `parts` shares of the workspace's checked files (every `parts`-th, from
/// the `part`-th), each file on its own, so threads can split the work without copying the
/// workspace. [`complete`] joins the parts and runs the checks across files.
pub fn analyze_part(workspace: &Workspace, part: usize, parts: usize) -> Analysis {
    let mut analysis = Analysis::default();
    let checked = workspace
        .files
        .iter()
        .filter_map(|(path, file)| Some((path, file, format_of(file.kind)?)));
    for (path, file, format) in checked.skip(part).step_by(parts.max(1)) {
        let (source, mut diagnostics) = decode(path, file);
        let decoded_lossily = !diagnostics.is_empty();
        let lock = workspace.lock_for(path);
        let (document, found) = format.parse(&source, &workspace.options, lock);
        diagnostics.extend(found);
        let build_context = workspace.build_context(path);
        let ignore_file = build_context
            .ignore_file
            .as_deref()
            .and_then(|ignore| workspace.contents(ignore))
            .map(String::from_utf8_lossy);
        let inputs = FileInputs {
            ignore_file: ignore_file.as_deref(),
            lock,
            trusted_registries: workspace
                .config_for(path)
                .map_or(&[], |(config, _)| config.trusted_registries.as_slice()),
            workspace: Some(workspace),
            dstack: workspace
                .config_for(path)
                .and_then(|(config, _)| config.dstack.as_ref()),
            mkosi: workspace
                .config_for(path)
                .and_then(|(config, _)| config.mkosi.as_ref()),
        };
        format.check(&source, &document, inputs, &mut diagnostics);
        let analyzed = AnalyzedFile {
            suppressions: Suppressions::new(format.suppressions(&source, &document)),
            source,
            kind: file.kind,
            decoded_lossily,
            document,
        };
        for mut diagnostic in diagnostics {
            if admit(workspace, &analyzed, &mut diagnostic) {
                diagnostic.file.clone_from(path);
                analysis.diagnostics.push(diagnostic);
            }
        }
        analysis.files.push(analyzed);
    }
    analysis
}

/// Joins the analyses of a workspace's parts ([`analyze_part`]), runs the checks across
/// files over them, and orders the whole.
pub fn complete(workspace: &Workspace, parts: Vec<Analysis>) -> Analysis {
    let mut analysis = Analysis::default();
    for part in parts {
        analysis.files.extend(part.files);
        analysis.diagnostics.extend(part.diagnostics);
    }
    analysis
        .files
        .sort_by(|left, right| left.source.path().cmp(right.source.path()));
    let mut found = Vec::new();
    cross_file::check(workspace, &analysis.files, &mut found);
    for mut diagnostic in found {
        let admitted = analysis
            .analyzed(&diagnostic.file)
            .is_some_and(|file| admit(workspace, file, &mut diagnostic));
        if admitted {
            analysis.diagnostics.push(diagnostic);
        }
    }
    analysis
        .diagnostics
        .sort_by(|left, right| left.sort_key().cmp(&right.sort_key()));
    analysis
}

/// Whether a finding in `file` is reported after its inline suppressions, `plumb.toml` and
/// the workspace's ignored rules; applies a configured severity.
pub(crate) fn admit(
    workspace: &Workspace,
    file: &AnalyzedFile,
    diagnostic: &mut Diagnostic,
) -> bool {
    let rule = diagnostic.rule;
    if is_suppressed(&file.suppressions, rule, diagnostic.span) || workspace.ignored.contains(rule)
    {
        return false;
    }
    let config = workspace.config_for(file.source.path());
    match config.and_then(|(config, relative)| config.level(rule, relative)) {
        Some(Level::Off) => false,
        Some(Level::Report(severity)) => {
            diagnostic.severity = severity;
            true
        }
        None => true,
    }
}

fn is_suppressed(suppressions: &Suppressions, rule: &Rule, span: Span) -> bool {
    suppressions.cover(rule, span.start)
}

/// Decodes the file as UTF-8, replacing invalid sequences and saying so.
fn decode(path: &str, file: &WorkspaceFile) -> (SourceFile, Vec<Diagnostic>) {
    match std::str::from_utf8(&file.contents) {
        Ok(text) => (SourceFile::new(path, text), Vec::new()),
        Err(error) => {
            let source = SourceFile::new(path, String::from_utf8_lossy(&file.contents));
            let offset = error.valid_up_to();
            let rule = &dockerfile::rules::not_utf8::RULE;
            let diagnostic = Diagnostic::new(
                rule,
                Span::new(offset, offset + '\u{FFFD}'.len_utf8()),
                "file is not valid UTF-8; invalid bytes were replaced with U+FFFD",
            );
            (source, vec![diagnostic])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(analysis: &Analysis) -> Vec<&'static str> {
        analysis.diagnostics.iter().map(Diagnostic::code).collect()
    }

    #[test]
    fn findings_are_sorted_and_carry_the_file() {
        let mut workspace = Workspace::new();
        workspace.add_file(
            "b/Dockerfile",
            FileKind::Dockerfile,
            "FROM scratch\nFOO\nBAR\n",
        );
        workspace.add_file("a/Dockerfile", FileKind::Dockerfile, "");
        let analysis = analyze(&workspace);
        let places: Vec<(&str, &str)> = analysis
            .diagnostics
            .iter()
            .map(|diagnostic| (diagnostic.file.as_str(), diagnostic.code()))
            .collect();
        assert_eq!(
            places,
            [
                ("a/Dockerfile", "DF006"),
                ("b/Dockerfile", "DF001"),
                ("b/Dockerfile", "DF001")
            ]
        );
    }

    #[test]
    fn inline_pragmas_and_config_apply() {
        let mut workspace = Workspace::new();
        let text = "FROM scratch\n# plumb: ignore=DF001\nFOO\n# hadolint ignore=DL1000\nBAR\nBAZ\n";
        workspace.add_file("Dockerfile", FileKind::Dockerfile, text);
        let analysis = analyze(&workspace);
        assert_eq!(codes(&analysis), ["DF001"]);
        assert_eq!(
            analysis
                .file("Dockerfile")
                .unwrap()
                .slice(analysis.diagnostics[0].span),
            "BAZ"
        );

        workspace
            .add_config("plumb.toml", "[severity]\nDF001 = \"info\"")
            .unwrap();
        workspace.use_config("Dockerfile", "plumb.toml", "Dockerfile");
        let analysis = analyze(&workspace);
        assert_eq!(analysis.diagnostics[0].severity, Severity::Info);
        assert_eq!(analysis.count_at_least(Severity::Warning), 0);
    }

    #[test]
    fn analysing_parts_equals_analysing_the_whole() {
        let mut workspace = Workspace::new();
        for (index, text) in ["FROM scratch\nFOO\n", "RUN x\n", "FROM alpine\nCMD a\n", ""]
            .iter()
            .enumerate()
        {
            workspace.add_file(format!("{index}/Dockerfile"), FileKind::Dockerfile, *text);
        }
        workspace.add_file("0/.dockerignore", FileKind::Dockerignore, "*\n");
        let whole = analyze(&workspace);
        let parts: Vec<Analysis> = (0..3)
            .map(|part| analyze_part(&workspace, part, 3))
            .collect();
        let merged = complete(&workspace, parts);
        assert_eq!(merged.diagnostics, whole.diagnostics);
        let paths = |analysis: &Analysis| -> Vec<String> {
            analysis
                .files
                .iter()
                .map(|file| file.source.path().to_owned())
                .collect()
        };
        assert_eq!(paths(&merged), paths(&whole));
    }

    #[test]
    fn invalid_utf8_is_decoded_with_an_info_finding() {
        let mut workspace = Workspace::new();
        workspace.add_file(
            "Dockerfile",
            FileKind::Dockerfile,
            b"FROM scratch\nLABEL a=Jos\xe9\n".to_vec(),
        );
        let analysis = analyze(&workspace);
        assert_eq!(codes(&analysis), ["DF009"]);
        assert_eq!(analysis.diagnostics[0].severity, Severity::Info);
        assert!(analysis.files[0].source.text().contains("Jos\u{FFFD}"));
    }
}
