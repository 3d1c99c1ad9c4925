//! hadolint's `.hadolint.yaml`, read into a [`Config`] so that hadolint users keep their
//! configuration: `ignored` and `override` name hadolint codes (each applies to the plumb
//! rules that answer to it), `failure-threshold` and `no-fail` decide what fails a run, and
//! `trustedRegistries` feeds DF306. Settings about hadolint's own output (`format`,
//! `no-color`, `verbose`, label schemas) are accepted and have no effect. Codes plumb has no
//! rule for are skipped, as hadolint accepts any code.

use crate::config::{Config, ConfigError, FailThreshold, Level};
use crate::diagnostic::Severity;
use crate::source::Span;
use crate::yaml::{self, Node, Value};

pub fn parse(text: &str) -> Result<Config, ConfigError> {
    let documents = yaml::parse(text).map_err(|error| ConfigError {
        message: error.to_string(),
        span: error.span,
    })?;
    let mut config = Config::default();
    let Some(root) = documents.into_iter().next().filter(|root| !root.is_null()) else {
        return Ok(config);
    };
    let entries = root
        .as_mapping()
        .ok_or_else(|| wrong_type(&root, "a mapping of settings"))?;
    let mut ignored = Vec::new();
    let mut no_fail = false;
    for entry in entries {
        let value = &entry.value;
        match entry.key.as_str().unwrap_or_default() {
            "ignored" => ignored = strings(value)?,
            "override" => read_overrides(value, &mut config)?,
            "failure-threshold" => config.fail_threshold = Some(threshold(value)?),
            "trustedRegistries" => config.trusted_registries = strings(value)?,
            "no-fail" => no_fail = boolean(value)?,
            _ => {}
        }
    }
    // hadolint drops ignored rules whatever `override` says.
    for code in ignored {
        set_level(&mut config, &code, Level::Off);
    }
    if no_fail {
        config.fail_threshold = Some(FailThreshold::Never);
    }
    Ok(config)
}

fn read_overrides(value: &Node, config: &mut Config) -> Result<(), ConfigError> {
    if value.is_null() {
        return Ok(());
    }
    let entries = value
        .as_mapping()
        .ok_or_else(|| wrong_type(value, "a mapping of severities to rule codes"))?;
    for entry in entries {
        let severity = match entry.key.as_str() {
            Some("error") => Severity::Error,
            Some("warning") => Severity::Warning,
            // plumb has no level below info: hadolint's style rules are plumb's info ones.
            Some("info" | "style") => Severity::Info,
            _ => {
                return Err(ConfigError {
                    message: "override takes error, warning, info and style".into(),
                    span: entry.key.span,
                });
            }
        };
        for code in strings(&entry.value)? {
            set_level(config, &code, Level::Report(severity));
        }
    }
    Ok(())
}

fn set_level(config: &mut Config, code: &str, level: Level) {
    for rule in crate::config::rules_answering(code) {
        config.global.levels.insert(rule.code, level);
    }
}

fn threshold(value: &Node) -> Result<FailThreshold, ConfigError> {
    Ok(match value.as_str() {
        Some("error") => FailThreshold::At(Severity::Error),
        Some("warning") => FailThreshold::At(Severity::Warning),
        Some("info" | "style") => FailThreshold::At(Severity::Info),
        Some("ignore" | "none") => FailThreshold::Never,
        _ => {
            return Err(wrong_type(
                value,
                "one of error, warning, info, style, ignore and none",
            ));
        }
    })
}

fn strings(value: &Node) -> Result<Vec<String>, ConfigError> {
    match &value.value {
        Value::Null => Ok(Vec::new()),
        Value::Sequence(items) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| wrong_type(item, "a string"))
            })
            .collect(),
        _ => Err(wrong_type(value, "a list of strings")),
    }
}

fn boolean(value: &Node) -> Result<bool, ConfigError> {
    match value.value {
        Value::Bool(flag) => Ok(flag),
        _ => Err(wrong_type(value, "true or false")),
    }
}

fn wrong_type(value: &Node, expected: &str) -> ConfigError {
    ConfigError {
        message: format!("expected {expected} here"),
        span: if value.span.is_empty() {
            Span::point(value.span.start)
        } else {
            value.span
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    fn level(config: &Config, code: &str) -> Option<Level> {
        config.level(rules::find(code).unwrap(), "Dockerfile")
    }

    #[test]
    fn hadolint_codes_configure_the_rules_that_answer_to_them() {
        let config = parse(
            "ignored: [DL3008, DL9999]\noverride:\n  error: [DL3006]\n  style: [DL3020]\n\
             failure-threshold: error\ntrustedRegistries:\n  - docker.io\n  - \"*.example.com\"\n\
             format: json\nno-color: true\n",
        )
        .unwrap();
        assert_eq!(level(&config, "DF220"), Some(Level::Off));
        assert_eq!(
            level(&config, "DF201"),
            Some(Level::Report(Severity::Error))
        );
        assert_eq!(level(&config, "DF209"), Some(Level::Report(Severity::Info)));
        assert_eq!(
            config.fail_threshold,
            Some(FailThreshold::At(Severity::Error))
        );
        assert_eq!(config.trusted_registries, ["docker.io", "*.example.com"]);
    }

    #[test]
    fn ignored_wins_over_override_and_no_fail_over_the_threshold() {
        let config =
            parse("override:\n  error: [DL3008]\nignored: [DL3008]\nno-fail: true\nfailure-threshold: info\n")
                .unwrap();
        assert_eq!(level(&config, "DF220"), Some(Level::Off));
        assert_eq!(config.fail_threshold, Some(FailThreshold::Never));
    }

    #[test]
    fn an_empty_file_configures_nothing() {
        assert_eq!(parse("").unwrap(), Config::default());
        assert_eq!(parse("# nothing\n").unwrap(), Config::default());
    }

    #[test]
    fn errors_point_at_the_value() {
        let text = "ignored: DL3008\n";
        let error = parse(text).unwrap_err();
        assert_eq!(&text[error.span.range()], "DL3008");
        let text = "failure-threshold: fatal\n";
        let error = parse(text).unwrap_err();
        assert_eq!(&text[error.span.range()], "fatal");
        let text = "override:\n  severe: [DL3008]\n";
        let error = parse(text).unwrap_err();
        assert_eq!(&text[error.span.range()], "severe");
        assert!(parse("ignored: [\n").is_err());
    }
}
