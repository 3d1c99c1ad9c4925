//! Interpolation of a whole compose file (compose-go's `interpolation.Interpolate`): every
//! string value, at any depth and in extensions too, but never a key; then the values at
//! the paths compose-go types (`scale`, `privileged`, `ports.[].target`, …) are cast from
//! strings, with YAML 1.1 booleans (`yes`, `off`) accepted with a warning.

use std::collections::BTreeMap;

use super::interpolation::{self, VariableReference};
use super::problem::{LoadError, Place, Warning, WarningKind};
use super::tree::{ITEM, TreePath};
use crate::go_units::strconv;
use crate::source::Span;
use crate::yaml::{Node, Value};

/// A variable a file's values use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableUse {
    pub reference: VariableReference,
    /// The compose path of the value (`services.web.image`).
    pub path: String,
    pub place: Place,
}

/// What interpolating a file found besides its values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Interpolation {
    pub warnings: Vec<Warning>,
    pub uses: Vec<VariableUse>,
}

/// Interpolates every string value of `document` with `variables`, casting typed paths.
pub fn interpolate_model(
    document: &mut Node,
    variables: &BTreeMap<String, String>,
    source: &str,
    found: &mut Interpolation,
) -> Result<(), LoadError> {
    let Value::Mapping(entries) = &mut document.value else {
        return Ok(());
    };
    for entry in entries {
        let Some(key) = entry.key.as_str() else {
            continue;
        };
        let path = TreePath::root().next(key);
        walk(&mut entry.value, &path, variables, source, found)?;
    }
    Ok(())
}

fn walk(
    node: &mut Node,
    path: &TreePath,
    variables: &BTreeMap<String, String>,
    source: &str,
    found: &mut Interpolation,
) -> Result<(), LoadError> {
    let place = Place::of(node);
    let span = node.span;
    let file = node.file;
    match &mut node.value {
        Value::String(template) => {
            let interpolated =
                interpolation::interpolate(template, variables).map_err(|error| {
                    LoadError::new(error.message(&path.to_string(), template), Some(place))
                })?;
            let offset = template_offset(source, span, template);
            for reference in interpolated.references {
                let reference_span = match offset {
                    Some(start) => {
                        Span::new(start + reference.range.start, start + reference.range.end)
                    }
                    None => span,
                };
                if reference.is_unset_without_default() {
                    found.warnings.push(Warning {
                        message: interpolation::unset_variable_warning(&reference.name),
                        place: Some(Place {
                            file,
                            span: reference_span,
                        }),
                        kind: WarningKind::UnsetVariable,
                    });
                }
                found.uses.push(VariableUse {
                    reference,
                    path: path.to_string(),
                    place: Place {
                        file,
                        span: reference_span,
                    },
                });
            }
            let value = match cast_for(path) {
                Some(cast) => cast(&interpolated.value, &mut found.warnings, place).map_err(
                    |reason| {
                        LoadError::new(
                            format!("error while interpolating {path}: failed to cast to expected type: {reason}"),
                            Some(place),
                        )
                    },
                )?,
                None => Value::String(interpolated.value),
            };
            node.value = value;
        }
        Value::Mapping(entries) => {
            for entry in entries {
                let Some(key) = entry.key.as_str() else {
                    continue;
                };
                walk(&mut entry.value, &path.next(key), variables, source, found)?;
            }
        }
        Value::Sequence(items) => {
            let next = path.next(ITEM);
            for item in items {
                walk(item, &next, variables, source, found)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Where the template's first byte is in the file, when the value is written as it reads
/// (plain, or quoted without escapes), so references can be pointed at exactly.
fn template_offset(source: &str, span: Span, template: &str) -> Option<usize> {
    let written = source.get(span.range())?;
    if written == template {
        return Some(span.start);
    }
    let quoted = written.len() == template.len() + 2
        && written.get(1..written.len() - 1) == Some(template)
        && (written.starts_with('"') || written.starts_with('\''));
    quoted.then_some(span.start + 1)
}

type Cast = fn(&str, &mut Vec<Warning>, Place) -> Result<Value, String>;

/// compose-go's `interpolateTypeCastMapping`.
const CASTS: &[(&str, Cast)] = &[
    ("services.*.cpu_count", to_int64),
    ("services.*.cpu_percent", to_float),
    ("services.*.cpu_period", to_int64),
    ("services.*.cpu_quota", to_int64),
    ("services.*.cpu_rt_period", to_int64),
    ("services.*.cpu_rt_runtime", to_int64),
    ("services.*.cpus", to_float32),
    ("services.*.cpu_shares", to_int64),
    ("services.*.init", to_boolean),
    ("services.*.deploy.replicas", to_int),
    ("services.*.deploy.update_config.parallelism", to_int),
    (
        "services.*.deploy.update_config.max_failure_ratio",
        to_float,
    ),
    ("services.*.deploy.rollback_config.parallelism", to_int),
    (
        "services.*.deploy.rollback_config.max_failure_ratio",
        to_float,
    ),
    ("services.*.deploy.restart_policy.max_attempts", to_int),
    ("services.*.deploy.placement.max_replicas_per_node", to_int),
    ("services.*.healthcheck.retries", to_int),
    ("services.*.healthcheck.disable", to_boolean),
    ("services.*.oom_kill_disable", to_boolean),
    ("services.*.oom_score_adj", to_int64),
    ("services.*.pids_limit", to_int64),
    ("services.*.ports.[].target", to_int),
    ("services.*.privileged", to_boolean),
    ("services.*.read_only", to_boolean),
    ("services.*.scale", to_int),
    ("services.*.stdin_open", to_boolean),
    ("services.*.tty", to_boolean),
    ("services.*.ulimits.*", to_int),
    ("services.*.ulimits.*.hard", to_int),
    ("services.*.ulimits.*.soft", to_int),
    ("services.*.volumes.[].read_only", to_boolean),
    ("services.*.volumes.[].volume.nocopy", to_boolean),
    ("networks.*.external", to_boolean),
    ("networks.*.internal", to_boolean),
    ("networks.*.attachable", to_boolean),
    ("networks.*.enable_ipv4", to_boolean),
    ("networks.*.enable_ipv6", to_boolean),
    ("volumes.*.external", to_boolean),
    ("secrets.*.external", to_boolean),
    ("configs.*.external", to_boolean),
];

fn cast_for(path: &TreePath) -> Option<Cast> {
    CASTS
        .iter()
        .find(|(pattern, _)| path.matches(pattern))
        .map(|(_, cast)| *cast)
}

fn to_int(text: &str, _: &mut Vec<Warning>, _: Place) -> Result<Value, String> {
    strconv::parse_int(text, 10, "Atoi").map(|value| Value::Int(value.into()))
}

fn to_int64(text: &str, _: &mut Vec<Warning>, _: Place) -> Result<Value, String> {
    strconv::parse_int(text, 10, "ParseInt").map(|value| Value::Int(value.into()))
}

fn to_float(text: &str, _: &mut Vec<Warning>, _: Place) -> Result<Value, String> {
    strconv::parse_float(text, 64).map(Value::Float)
}

/// compose-go reads `cpus` as a float32; binding the model rounds it as the field does.
fn to_float32(text: &str, _: &mut Vec<Warning>, _: Place) -> Result<Value, String> {
    strconv::parse_float(text, 32).map(Value::Float)
}

fn to_boolean(text: &str, warnings: &mut Vec<Warning>, place: Place) -> Result<Value, String> {
    let legacy = |value: bool| {
        let spelled = if value { "true" } else { "false" };
        Warning {
            message: format!(
                "{text:?} for boolean is not supported by YAML 1.2, please use `{spelled}`"
            ),
            place: Some(place),
            kind: WarningKind::LegacyBoolean,
        }
    };
    match text.to_ascii_lowercase().as_str() {
        "true" => Ok(Value::Bool(true)),
        "false" => Ok(Value::Bool(false)),
        "y" | "yes" | "on" => {
            warnings.push(legacy(true));
            Ok(Value::Bool(true))
        }
        "n" | "no" | "off" => {
            warnings.push(legacy(false));
            Ok(Value::Bool(false))
        }
        _ => Err(format!("invalid boolean: {text}")),
    }
}
