//! DF105: fROM is not a valid image with the ARG defaults.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF105",
    name: "invalid-default-arg-in-from",
    title: "FROM is not a valid image with the ARG defaults",
    severity: Severity::Warning,
    upstream: &[Upstream::BuildkitCheck("InvalidDefaultArgInFrom")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A FROM line built from global ARGs should name a valid image even when no build argument is passed, so that the file builds with its defaults and tools can resolve the base image. An ARG without a default, for example, leaves `alpine:${TAG}` as `alpine:`.\n\nBuildKit's check also fires when the defaults give a repository with capitals; plumb reports that as DF033 only (BuildKit then fails the build with `repository name must be lowercase`)."
    ),
    failing_example: crate::rules::rule_example!(Text("ARG TAG\nFROM alpine:${TAG}\n")),
    passing_example: crate::rules::rule_example!(Text("ARG TAG=3.20\nFROM alpine:${TAG}\n")),
};
