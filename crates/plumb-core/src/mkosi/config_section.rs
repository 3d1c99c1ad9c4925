//! `[mkosi]` in plumb.toml: which mkosi release the configuration is checked against.
//!
//! ```toml
//! [mkosi]
//! version = "24"   # 24, 26 (the default) or 27
//! ```

use super::settings::{RELEASES, Settings};
use crate::config::ConfigError;
use crate::source::Span;
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MkosiSection {
    version: Option<Spanned<String>>,
}

impl MkosiSection {
    /// Refuses a release plumb does not know, where it is written.
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        match &self.version {
            Some(version) if Settings::release(version.get_ref()).is_none() => {
                let known: Vec<&str> = RELEASES.iter().map(|settings| settings.release).collect();
                let range = version.span();
                Err(ConfigError {
                    message: format!(
                        "version is an mkosi release plumb knows: {}",
                        known.join(" or ")
                    ),
                    span: Span::new(range.start, range.end),
                })
            }
            _ => Ok(()),
        }
    }

    /// The settings of the release the section names, if it names one.
    pub fn settings(&self) -> Option<Settings> {
        Settings::release(self.version.as_ref()?.get_ref())
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn the_release_is_one_plumb_knows() {
        let config = Config::parse("[mkosi]\nversion = \"24\"\n").unwrap();
        assert_eq!(config.mkosi.unwrap().settings().unwrap().release, "24");
        let text = "[mkosi]\nversion = \"14\"\n";
        let error = Config::parse(text).unwrap_err();
        assert_eq!(&text[error.span.start..error.span.end], "\"14\"");
    }
}
