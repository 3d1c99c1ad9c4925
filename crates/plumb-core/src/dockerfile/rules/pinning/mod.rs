//! Rules about what the build pulls in and how it is identified: base images, the frontend, remote sources, build arguments, secrets and users.

use super::Check;
use crate::rules::Rule;

/// This topic's rules, in code order.
pub static RULES: &[&Rule] = &[];

/// Their checks.
pub static CHECKS: &[Check] = &[];
