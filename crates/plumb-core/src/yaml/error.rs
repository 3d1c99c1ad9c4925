//! A YAML document that cannot be read: the first problem, where it is, and its line (as
//! go-yaml and compose-go number lines in their messages).

use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub span: Span,
    /// The 1-based line the problem is on.
    pub line: usize,
    pub kind: YamlErrorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// The text is not YAML (go-yaml's messages start `yaml: line N:`).
    Syntax,
    /// The text is YAML but not a tree go-yaml decodes: a key written twice, a bad merge,
    /// an alias into its own anchor, too many values.
    Structure,
}

impl YamlError {
    pub fn syntax(message: &str, span: Span, line: usize) -> Self {
        Self {
            message: syntax_message(message),
            span,
            line,
            kind: YamlErrorKind::Syntax,
        }
    }

    pub fn at(message: impl Into<String>, span: Span, line: usize) -> Self {
        Self {
            message: message.into(),
            span,
            line,
            kind: YamlErrorKind::Structure,
        }
    }
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            YamlErrorKind::Syntax => {
                write!(formatter, "yaml: line {}: {}", self.line, self.message)
            }
            YamlErrorKind::Structure => write!(formatter, "line {}: {}", self.line, self.message),
        }
    }
}

/// The parser's wording where go-yaml says the same thing in words compose users know.
fn syntax_message(message: &str) -> String {
    if message.contains("tab") {
        return "found a tab character that violates indentation".to_owned();
    }
    message.to_owned()
}
