//! MK005: a value mkosi's parser refuses when it reads the line.

use super::rename;
use crate::diagnostic::{Diagnostic, Severity};
use crate::mkosi::ini::Assignment;
use crate::mkosi::settings::{Setting, Values};
use crate::mkosi::tree::boolean;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "MK005",
    name: "invalid-value",
    title: "Value mkosi refuses",
    severity: Severity::Error,
    upstream: &[],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "mkosi parses each assignment as it reads it, and stops at a value its setting does \
not take, even one a later file would override: a boolean setting takes `1 true yes y t on \
always` or `0 false no n f off never` in any letter case (`Invalid boolean literal: \
'maybe'`); an enumeration takes its values exactly (`'Debian' is not a valid \
Distribution`); settings such as `Bootable=` or `CacheOnly=` take their own words or a \
boolean. The messages are mkosi's. A value that differs from an allowed one only in letter \
case gets a safe fix; a close one is suggested. Values with a `%` specifier are not judged, \
since mkosi expands them first."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nDistribution=Debian\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nDistribution=debian\n",
    )])),
};

pub fn check(assignment: &Assignment, setting: &Setting, diagnostics: &mut Vec<Diagnostic>) {
    let value = assignment.value.as_str();
    let Some((message, allowed)) = refusal(value, setting) else {
        return;
    };
    let diagnostic = Diagnostic::new(
        &RULE,
        assignment.value_span,
        format!("{}={value}: {message}", setting.name),
    );
    diagnostics.push(rename(diagnostic, value, allowed, "value"));
}

/// mkosi's message when `setting`'s parser refuses `value`, with the values it takes; `None`
/// when it takes it, or when it is empty (a reset) or holds a specifier.
pub fn refusal(value: &str, setting: &Setting) -> Option<(String, &'static [&'static str])> {
    if value.is_empty() || value.contains('%') {
        return None;
    }
    let refused_boolean = || format!("Invalid boolean literal: '{value}'");
    match setting.values {
        Values::Boolean if boolean(value).is_none() => Some((refused_boolean(), &[])),
        Values::Enum { name, values } if !values.contains(&value) => {
            Some((format!("'{value}' is not a valid {name}"), values))
        }
        Values::Choice(values) if !values.contains(&value) && boolean(value).is_none() => {
            Some((refused_boolean(), values))
        }
        _ => None,
    }
}
