//! `%` specifiers in values and conditions, expanded as mkosi 24 and 26 expand them: `%%`,
//! a setting's value (`%d` Distribution, `%r` Release, `%a` Architecture…), `%C` the
//! configuration file's directory, `%P` the directory being read, `%D` the directory mkosi
//! runs in, `%F` the distribution's file system, and in mkosi 26 `%I` the image's name. An
//! unknown specifier, or a setting not set yet, warns and vanishes.

use super::context::Context;
use super::{Failure, paths};
use crate::mkosi::resolve::distributions;
use serde_json::Value;

impl Context<'_> {
    /// `text`, read in the configuration file `file`, with its specifiers expanded.
    pub fn expand(&mut self, text: &str, file: &str) -> Result<String, Failure> {
        let mut result = String::new();
        let mut characters = text.chars();
        while let Some(character) = characters.next() {
            if character != '%' {
                result.push(character);
                continue;
            }
            let Some(specifier) = characters.next() else {
                result.push('%');
                break;
            };
            match self.specifier(specifier, text, file)? {
                Some(expansion) => result.push_str(&expansion),
                None => continue,
            }
        }
        Ok(result)
    }

    /// What `%<specifier>` expands to, `None` when it vanishes (with a warning).
    fn specifier(
        &mut self,
        specifier: char,
        text: &str,
        file: &str,
    ) -> Result<Option<String>, Failure> {
        if specifier == '%' {
            return Ok(Some("%".to_owned()));
        }
        let setting = self
            .table
            .iter()
            .find(|resolution| resolution.specifier == Some(specifier));
        if let Some(setting) = setting {
            return match self.finalize(setting.name)? {
                None => Err(Failure::unsupported(
                    format!(
                        "%{specifier} in {text} stands for {}, whose value plumb does not compute",
                        setting.name
                    ),
                    None,
                )),
                Some(Value::Null) => {
                    self.warn(format!(
                        "Setting {} specified by specifier '%{specifier}' in {text} is not yet set, ignoring",
                        setting.name
                    ));
                    Ok(None)
                }
                Some(value) => Ok(Some(python_text(&value))),
            };
        }
        Ok(Some(match specifier {
            'C' => paths::parent(&paths::resolve(&self.cwd, file)).to_owned(),
            'P' => self.cwd.clone(),
            'D' => self.directory.clone(),
            'I' if self.v26() => self.image_name().to_owned(),
            'F' => match self.finalize("Distribution")? {
                Some(Value::String(distribution)) => {
                    distributions::filesystem(self.settings.release, &distribution).to_owned()
                }
                _ => {
                    return Err(Failure::unsupported(
                        format!("%F in {text} needs the distribution, which plumb does not know"),
                        None,
                    ));
                }
            },
            _ => {
                self.warn(format!(
                    "Unknown specifier '%{specifier}' found in {text}, ignoring"
                ));
                return Ok(None);
            }
        }))
    }
}

/// A value as Python's `str()` writes it.
fn python_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        other => other.to_string(),
    }
}
