//! Test helpers for rules: one rule's findings in a text, and its fixes applied by the fix
//! engine the CLI and the browser use.

use crate::analysis::{Analysis, analyze};
use crate::diagnostic::Diagnostic;
use crate::fix::{FixLevel, fix_workspace};
use crate::rules::{Category, Rule};
use crate::source::SourceFile;
use crate::workspace::{FileKind, Workspace};

/// A Dockerfile parsed as the analysis parses it (linux/amd64), for tests of what rules see.
pub struct Parsed {
    pub file: SourceFile,
    pub document: crate::dockerfile::Document,
}

impl Parsed {
    pub fn new(text: &str) -> Parsed {
        let file = SourceFile::new(PATH, text);
        let (document, _) =
            crate::dockerfile::parse_document(&file, &crate::options::Options::default(), None);
        Parsed { file, document }
    }

    /// What a rule sees of it, without an ignore file.
    pub fn context(&self) -> crate::dockerfile::check_context::Context<'_> {
        crate::dockerfile::check_context::Context::new(
            &self.file,
            &self.document,
            crate::format::FileInputs::default(),
        )
    }
}

/// The path the helpers give the text.
const PATH: &str = "Dockerfile";

fn workspace(text: &str, dockerignore: Option<&str>) -> Workspace {
    let mut workspace = Workspace::new();
    workspace.add_file(PATH, FileKind::Dockerfile, text);
    if let Some(dockerignore) = dockerignore {
        workspace.add_file(".dockerignore", FileKind::Dockerignore, dockerignore);
    }
    workspace
}

fn of_rule(analysis: Analysis, rule: &Rule) -> Vec<Diagnostic> {
    analysis
        .diagnostics
        .into_iter()
        .filter(|diagnostic| diagnostic.is(rule))
        .collect()
}

/// The findings of `rule` in the Dockerfile `text`.
pub fn findings(rule: &Rule, text: &str) -> Vec<Diagnostic> {
    findings_in_context(rule, text, None)
}

/// The same, with this `.dockerignore` in the build context.
pub fn findings_in_context(rule: &Rule, text: &str, dockerignore: Option<&str>) -> Vec<Diagnostic> {
    of_rule(analyze(&workspace(text, dockerignore)), rule)
}

/// The messages of `rule`'s findings.
pub fn messages(rule: &Rule, text: &str) -> Vec<String> {
    findings(rule, text)
        .into_iter()
        .map(|diagnostic| diagnostic.message)
        .collect()
}

/// The lines (1-based) where `rule` fires.
pub fn lines(rule: &Rule, text: &str) -> Vec<usize> {
    let file = SourceFile::new(PATH, text);
    findings(rule, text)
        .iter()
        .map(|diagnostic| file.position(diagnostic.span.start).line)
        .collect()
}

/// Whether any finding of `rule` offers a fix.
pub fn has_fix(rule: &Rule, text: &str) -> bool {
    findings(rule, text)
        .iter()
        .any(|diagnostic| !diagnostic.fixes.is_empty())
}

/// `text` after every fix of `rule` (unsafe ones too), applied until nothing changes. Asserts that the
/// rule fired, that it no longer fires, and that the fixes added no syntax error.
pub fn fixed(rule: &Rule, text: &str) -> String {
    let before = analyze(&workspace(text, None));
    assert!(
        before
            .diagnostics
            .iter()
            .any(|diagnostic| diagnostic.is(rule)),
        "{} does not fire on:\n{text}",
        rule.code
    );
    let fixed = fix_workspace(&workspace(text, None), FixLevel::Unsafe, Some(rule));
    let result = fixed
        .files
        .get(PATH)
        .cloned()
        .unwrap_or_else(|| text.to_owned());
    let syntax_errors = |analysis: &Analysis| {
        analysis
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.rule.category() == Category::Syntax)
            .count()
    };
    // A fix may repair a syntax error too (DF401's renames make `FROM Builder` a stage).
    assert!(
        syntax_errors(&fixed.analysis) <= syntax_errors(&before),
        "the fixes broke the file:\n{result}"
    );
    let left = of_rule(fixed.analysis, rule);
    assert!(
        left.is_empty(),
        "{} still fires after its fixes: {left:?}\n{result}",
        rule.code
    );
    result
}
