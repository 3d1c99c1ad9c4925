//! Terminal colours, only when the stream is a terminal and `NO_COLOR` is not set.

use plumb_core::Severity;
use std::io::IsTerminal;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    enabled: bool,
}

impl Style {
    pub fn stdout() -> Self {
        Self::when(std::io::stdout().is_terminal())
    }

    pub fn stderr() -> Self {
        Self::when(std::io::stderr().is_terminal())
    }

    fn when(is_terminal: bool) -> Self {
        Self {
            enabled: is_terminal
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()),
        }
    }

    #[cfg(test)]
    pub fn plain() -> Self {
        Self { enabled: false }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    pub fn error(self, text: &str) -> String {
        self.paint("1;31", text)
    }

    pub fn severity(self, severity: Severity, text: &str) -> String {
        match severity {
            Severity::Error => self.paint("1;31", text),
            Severity::Warning => self.paint("1;33", text),
            Severity::Info => self.paint("1;36", text),
        }
    }

    /// Primary markers (`^`) in red, secondary ones (`-`) in blue.
    pub fn severity_marker(self, marker: char, text: &str) -> String {
        if marker == '^' {
            self.paint("1;31", text)
        } else {
            self.paint("1;34", text)
        }
    }

    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn dim(self, text: &str) -> String {
        self.paint("34", text)
    }
}
