//! The compose rules. Each file declares one rule; the format's check
//! ([`super::format`]) raises them from what loading the project reports, and from the
//! loaded model ([`model_checks`]).

pub mod model_checks;

// Raised across files, against the Dockerfile a build names (`crate::cross_file`).
pub mod build_arg_not_declared;
pub mod build_target_not_found;
pub mod dockerfile_not_found;

pub mod docker_socket_mount;
pub mod invalid_project;
pub mod legacy_boolean;
pub mod obsolete_version;
pub mod privileged;
pub mod unset_variable;
pub mod yaml_syntax;

use crate::rules::Rule;

/// Every compose rule, in code order.
pub static RULES: &[&Rule] = &[
    &yaml_syntax::RULE,
    &invalid_project::RULE,
    &unset_variable::RULE,
    &legacy_boolean::RULE,
    &privileged::RULE,
    &docker_socket_mount::RULE,
    &obsolete_version::RULE,
];
