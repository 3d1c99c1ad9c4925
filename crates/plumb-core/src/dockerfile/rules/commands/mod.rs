//! Rules about the shell commands RUN executes: package managers, language installers, downloads piped to shells, pipefail, users.

use super::Check;
use crate::rules::Rule;

/// This topic's rules, in code order.
pub static RULES: &[&Rule] = &[];

/// Their checks.
pub static CHECKS: &[Check] = &[];
