//! `plumb.toml`: severity overrides, ignored rules and per-path settings. hadolint's
//! `.hadolint.yaml` says some of the same things and is read into the same [`Config`]
//! ([`crate::hadolint_config`]).
//!
//! ```toml
//! # Rules never reported (plumb codes or upstream codes such as DL3008).
//! ignore = ["DF401"]
//! # The lowest severity that fails `plumb check` (error, warning, info or never);
//! # `--fail-level` has the last word.
//! fail-level = "error"
//! # The only registries images may come from (DF306); `*.` and `.*` match a suffix/prefix.
//! trusted-registries = ["docker.io", "*.example.com"]
//!
//! [severity]
//! DF201 = "error"     # error, warning, info, or off
//!
//! [dstack]          # the app-compose.json options (crate::dstack::DstackSection)
//! kms = true
//!
//! [mkosi]           # the mkosi release checked against (crate::mkosi::MkosiSection)
//! version = "24"
//!
//! [[per-path]]
//! paths = ["legacy/**"]
//! ignore = ["DF201"]
//! severity = { DF001 = "warning" }
//! ```

use crate::diagnostic::Severity;
use crate::dstack::DstackSection;
use crate::glob;
use crate::mkosi::MkosiSection;
use crate::rules::{self, Rule};
use crate::source::Span;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// The names of configuration files, in the order a folder's are preferred: a folder's
/// `plumb.toml` applies below it, else its `.hadolint.yaml` (hadolint's own name for it).
pub const CONFIG_FILES: &[&str] = &["plumb.toml", ".hadolint.yaml", ".hadolint.yml"];

/// A `plumb.toml` that could not be used, with the position of the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    pub message: String,
    pub span: Span,
}

/// What a configuration says about one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    Report(Severity),
}

/// The lowest severity that fails a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailThreshold {
    At(Severity),
    /// No finding fails the run.
    Never,
}

impl FailThreshold {
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailThreshold::At(threshold) => severity >= threshold,
            FailThreshold::Never => false,
        }
    }
}

/// A parsed, validated `plumb.toml` (or `.hadolint.yaml`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub(crate) global: Settings,
    per_path: Vec<(Vec<String>, Settings)>,
    /// What fails a run of the files the config applies to, if it says.
    pub fail_threshold: Option<FailThreshold>,
    /// The registries images may come from; empty: any.
    pub trusted_registries: Vec<String>,
    /// `[dstack]`: the options of the app-compose.json the project deploys with.
    pub dstack: Option<DstackSection>,
    /// `[mkosi]`: the mkosi release the configuration is checked against.
    pub mkosi: Option<MkosiSection>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Settings {
    /// Rule code → level; resolved to plumb codes.
    pub(crate) levels: BTreeMap<&'static str, Level>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    per_path: Vec<PathSettingsFile>,
    fail_level: Option<Spanned<String>>,
    #[serde(default)]
    trusted_registries: Vec<String>,
    dstack: Option<DstackSection>,
    mkosi: Option<MkosiSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PathSettingsFile {
    paths: Vec<String>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

impl Config {
    /// Parses and validates a `plumb.toml`: unknown keys, unknown rule codes and unknown
    /// severities are errors.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        Self::parse_toml(text)
    }

    /// Parses a configuration by its file name: `.hadolint.yaml` and `.hadolint.yml` (or any
    /// `*hadolint*.yaml`, as hadolint's `--config` takes) as hadolint reads them, anything else
    /// as `plumb.toml`.
    pub fn parse_named(path: &str, text: &str) -> Result<Config, ConfigError> {
        let file_name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let yaml = file_name.ends_with(".yaml") || file_name.ends_with(".yml");
        if yaml && file_name.contains("hadolint") {
            crate::hadolint_config::parse(text)
        } else {
            Self::parse_toml(text)
        }
    }

    fn parse_toml(text: &str) -> Result<Config, ConfigError> {
        let file: ConfigFile = toml::from_str(text).map_err(|error| ConfigError {
            message: error.message().to_owned(),
            span: error
                .span()
                .map_or(Span::point(0), |range| Span::new(range.start, range.end)),
        })?;
        let fail_threshold = match &file.fail_level {
            None => None,
            Some(level) => Some(match level.get_ref().as_str() {
                "never" => FailThreshold::Never,
                other => FailThreshold::At(other.parse().map_err(|message| ConfigError {
                    message: format!("{message}, or never"),
                    span: span_of(level),
                })?),
            }),
        };
        if let Some(section) = &file.dstack {
            section.validate()?;
        }
        if let Some(section) = &file.mkosi {
            section.validate()?;
        }
        let mut config = Config {
            global: Settings::resolve(&file.ignore, &file.severity)?,
            per_path: Vec::new(),
            fail_threshold,
            trusted_registries: file.trusted_registries,
            dstack: file.dstack,
            mkosi: file.mkosi,
        };
        for path_settings in &file.per_path {
            config.per_path.push((
                path_settings.paths.clone(),
                Settings::resolve(&path_settings.ignore, &path_settings.severity)?,
            ));
        }
        Ok(config)
    }

    /// The level configured for `rule` for a file at `relative_path` (relative to the
    /// config's directory): the last matching per-path setting wins, then the global one;
    /// `None` when the configuration does not mention the rule.
    pub fn level(&self, rule: &Rule, relative_path: &str) -> Option<Level> {
        self.per_path
            .iter()
            .rev()
            .filter(|(patterns, _)| {
                patterns
                    .iter()
                    .any(|pattern| glob::matches(pattern, relative_path))
            })
            .find_map(|(_, settings)| settings.levels.get(rule.code))
            .or_else(|| self.global.levels.get(rule.code))
            .copied()
    }
}

impl Settings {
    fn resolve(
        ignore: &[Spanned<String>],
        severity: &BTreeMap<Spanned<String>, Spanned<String>>,
    ) -> Result<Settings, ConfigError> {
        let mut settings = Settings::default();
        for name in ignore {
            for rule in rules_named(name)? {
                settings.levels.insert(rule.code, Level::Off);
            }
        }
        for (name, level) in severity {
            let level = match level.get_ref().as_str() {
                "off" => Level::Off,
                other => Level::Report(other.parse().map_err(|message| ConfigError {
                    message: format!("{message}, or off"),
                    span: span_of(level),
                })?),
            };
            for rule in rules_named(name)? {
                settings.levels.insert(rule.code, level);
            }
        }
        Ok(settings)
    }
}

/// The rules a configured name refers to: a plumb code names one rule, an upstream code
/// every rule that lists it.
pub(crate) fn rules_answering(name: &str) -> Vec<&'static Rule> {
    rules::all()
        .iter()
        .copied()
        .filter(|rule| rule.answers_to(name))
        .collect()
}

fn rules_named(name: &Spanned<String>) -> Result<Vec<&'static Rule>, ConfigError> {
    let found = rules_answering(name.get_ref());
    if found.is_empty() {
        return Err(ConfigError {
            message: format!("unknown rule `{}` (see `plumb rules`)", name.get_ref()),
            span: span_of(name),
        });
    }
    Ok(found)
}

fn span_of<T>(spanned: &Spanned<T>) -> Span {
    let range = spanned.span();
    Span::new(range.start, range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(code: &str) -> &'static Rule {
        rules::find(code).unwrap()
    }

    #[test]
    fn per_path_settings_override_global_ones() {
        let config = Config::parse(
            r#"
ignore = ["DF006"]
[severity]
DF001 = "warning"
[[per-path]]
paths = ["legacy/**"]
severity = { DF001 = "off", DF006 = "info" }
"#,
        )
        .unwrap();
        let level = |code, path| config.level(rule(code), path);
        assert_eq!(
            level("DF001", "Dockerfile"),
            Some(Level::Report(Severity::Warning))
        );
        assert_eq!(level("DF001", "legacy/a/Dockerfile"), Some(Level::Off));
        assert_eq!(level("DF006", "Dockerfile"), Some(Level::Off));
        assert_eq!(
            level("DF006", "legacy/Dockerfile"),
            Some(Level::Report(Severity::Info))
        );
        assert_eq!(level("DF002", "Dockerfile"), None);
    }

    #[test]
    fn upstream_codes_name_plumb_rules() {
        let config = Config::parse("ignore = [\"DL1000\"]").unwrap();
        assert_eq!(config.level(rule("DF001"), "Dockerfile"), Some(Level::Off));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let text = "ignore = [\"DF999\"]";
        let error = Config::parse(text).unwrap_err();
        assert_eq!(&text[error.span.range()], "\"DF999\"");
        assert!(error.message.contains("unknown rule `DF999`"));

        let text = "[severity]\nDF001 = \"fatal\"";
        let error = Config::parse(text).unwrap_err();
        assert_eq!(&text[error.span.range()], "\"fatal\"");

        let error = Config::parse("colour = true").unwrap_err();
        assert!(error.message.contains("colour"), "{}", error.message);

        let text = "fail-level = \"fatal\"";
        let error = Config::parse(text).unwrap_err();
        assert_eq!(&text[error.span.range()], "\"fatal\"");
        assert!(error.message.ends_with("or never"), "{}", error.message);
    }

    #[test]
    fn fail_level_and_trusted_registries_are_read() {
        let config =
            Config::parse("fail-level = \"never\"\ntrusted-registries = [\"docker.io\"]").unwrap();
        assert_eq!(config.fail_threshold, Some(FailThreshold::Never));
        assert_eq!(config.trusted_registries, ["docker.io"]);
        let config = Config::parse("fail-level = \"error\"").unwrap();
        let threshold = config.fail_threshold.unwrap();
        assert!(threshold.fails(Severity::Error) && !threshold.fails(Severity::Warning));
    }
}
