//! Rules about the file's structure: BuildKit's build checks and hadolint's rules on instructions, stages, ARG/ENV and casing.

use super::Check;
use crate::rules::Rule;

/// This topic's rules, in code order.
pub static RULES: &[&Rule] = &[];

/// Their checks.
pub static CHECKS: &[Check] = &[];
