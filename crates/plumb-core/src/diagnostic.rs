//! Diagnostics are data: what was found, where, and how to fix it. Rendering them for a
//! terminal, as JSON or as SARIF happens outside the checks.

use crate::rules::Rule;
use crate::source::Span;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run at the default fail level.
    Info,
    /// Probably a problem.
    Warning,
    /// The real tool would reject the input, or it is certainly wrong.
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|severity| severity.as_str() == text)
            .ok_or_else(|| format!("unknown severity `{text}` (expected error, warning or info)"))
    }
}

/// A secondary location that explains the finding ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The file it points into, when that is not the finding's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub span: Span,
    pub message: String,
}

/// Whether applying a fix keeps the file's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Meaning-preserving; applied by `--fix`.
    Safe,
    /// May change behaviour; applied only with `--unsafe-fixes`.
    Unsafe,
}

/// Replace the text under `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// The file it changes, when that is not the finding's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    /// An edit to the finding's own file.
    pub fn new(span: Span, replacement: impl Into<String>) -> Self {
        Self {
            file: None,
            span,
            replacement: replacement.into(),
        }
    }
}

/// A mechanical fix: a set of non-overlapping edits (to the finding's file unless an edit
/// names another).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule that found it (serialised as its code).
    #[serde(rename = "code", serialize_with = "serialize_code")]
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    /// The workspace path of the file; filled in by the analysis when it collects findings.
    pub file: String,
    pub span: Span,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<Fix>,
    /// BuildKit's build check for the rule does not report this finding, or may not (it
    /// knows what plumb cannot, such as the base image's ENV): `# check=error=true` leaves
    /// its severity alone.
    #[serde(skip)]
    pub outside_build_check: bool,
}

impl Diagnostic {
    /// A finding of `rule` at `span`, with the rule's default severity.
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.severity,
            message: message.into(),
            file: String::new(),
            span,
            labels: Vec::new(),
            notes: Vec::new(),
            fixes: Vec::new(),
            outside_build_check: false,
        }
    }

    /// This finding at another severity than the rule's default.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Marks a finding BuildKit's build check would not (certainly) report, so that
    /// `# check=error=true` does not make it an error.
    pub fn outside_build_check(mut self) -> Self {
        self.outside_build_check = true;
        self
    }

    /// The code of the rule that found it.
    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    /// Whether `rule` found it.
    pub fn is(&self, rule: &Rule) -> bool {
        self.rule == rule
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            file: None,
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    /// The deterministic output order: file, then position, then code.
    pub fn sort_key(&self) -> (&str, usize, &str, usize) {
        (&self.file, self.span.start, self.rule.code, self.span.end)
    }
}

fn serialize_code<S: serde::Serializer>(
    rule: &&'static Rule,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(rule.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::Info < Severity::Warning && Severity::Warning < Severity::Error);
        assert_eq!("warning".parse::<Severity>(), Ok(Severity::Warning));
        assert!("fatal".parse::<Severity>().unwrap_err().contains("fatal"));
    }
}
