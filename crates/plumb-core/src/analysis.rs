//! Running every check over a workspace and collecting the findings in a deterministic order,
//! after configuration and inline suppressions have had their say.

use crate::config::Level;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile;
use crate::rules::{self, Rule};
use crate::source::{SourceFile, Span};
use crate::suppression::Suppressions;
use crate::workspace::{FileKind, Workspace, WorkspaceFile};

/// One analysed file: its decoded text and what it was read as.
#[derive(Debug, Clone)]
pub struct AnalyzedFile {
    pub source: SourceFile,
    pub kind: FileKind,
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
    pub fn file(&self, path: &str) -> Option<&SourceFile> {
        // Files are in path order (the workspace is a sorted map).
        self.files
            .binary_search_by(|file| file.source.path().cmp(path))
            .ok()
            .map(|index| &self.files[index].source)
    }

    /// Joins the analyses of a workspace's parts ([`analyze_part`]) into the analysis of the
    /// whole, in the same order.
    pub fn merge(parts: Vec<Analysis>) -> Analysis {
        let mut merged = Analysis::default();
        for part in parts {
            merged.files.extend(part.files);
            merged.diagnostics.extend(part.diagnostics);
        }
        merged
            .files
            .sort_by(|left, right| left.source.path().cmp(right.source.path()));
        merged
            .diagnostics
            .sort_by(|left, right| left.sort_key().cmp(&right.sort_key()));
        merged
    }

    /// How many findings are at `severity` or above.
    pub fn count_at_least(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity >= severity)
            .count()
    }
}

/// Checks every file in the workspace.
pub fn analyze(workspace: &Workspace) -> Analysis {
    analyze_part(workspace, 0, 1)
}

/// Checks one of `parts` shares of the workspace's checked files (every `parts`-th, from
/// the `part`-th), so threads can split the work without copying the workspace: merging
/// the analyses of every part ([`Analysis::merge`]) equals analysing the whole.
pub fn analyze_part(workspace: &Workspace, part: usize, parts: usize) -> Analysis {
    let mut analysis = Analysis::default();
    let checked = workspace
        .files
        .iter()
        .filter(|(_, file)| file.kind != FileKind::Dockerignore);
    for (path, file) in checked.skip(part).step_by(parts.max(1)) {
        let (source, mut diagnostics) = decode(path, file);
        let suppressions = match file.kind {
            FileKind::Dockerfile => {
                let dockerignore = workspace
                    .dockerignore_for(path)
                    .map(String::from_utf8_lossy);
                let (dockerfile, found) = dockerfile::check(&source, dockerignore.as_deref());
                diagnostics.extend(found);
                Suppressions::new(dockerfile::suppressions(&source, &dockerfile))
            }
            FileKind::Dockerignore => Suppressions::default(),
        };
        let config = file.config.as_ref().and_then(|(config_path, relative)| {
            Some((workspace.configs.get(config_path)?, relative.as_str()))
        });
        for mut diagnostic in diagnostics {
            let Some(rule) = rules::find(diagnostic.code) else {
                continue;
            };
            if is_suppressed(&suppressions, rule, diagnostic.span) {
                continue;
            }
            match config.and_then(|(config, relative)| config.level(rule, relative)) {
                Some(Level::Off) => continue,
                Some(Level::Report(severity)) => diagnostic.severity = severity,
                None => {}
            }
            diagnostic.file.clone_from(path);
            analysis.diagnostics.push(diagnostic);
        }
        analysis.files.push(AnalyzedFile {
            source,
            kind: file.kind,
        });
    }
    analysis
        .diagnostics
        .sort_by(|left, right| left.sort_key().cmp(&right.sort_key()));
    analysis
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
        analysis
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.code)
            .collect()
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
            .map(|diagnostic| (diagnostic.file.as_str(), diagnostic.code))
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
        let merged = Analysis::merge(parts);
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
