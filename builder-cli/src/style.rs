//! Terminal colours, only when the stream is a terminal and `NO_COLOR` is not set.

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

    /// Whether colours are on (renderers with their own palette ask).
    pub fn enabled(self) -> bool {
        self.enabled
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

    pub fn warning(self, text: &str) -> String {
        self.paint("1;33", text)
    }

    /// A word that says what was done, as cargo's "Compiling".
    pub fn done(self, text: &str) -> String {
        self.paint("1;32", text)
    }
}
