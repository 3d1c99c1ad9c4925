//! The Dockerfile rules, one file each. The syntax rules (DF0xx) and the expansion checks
//! (DF103-DF105), in this folder, are raised by the parsing and resolving layers where
//! BuildKit raises them; the others run over the parsed file and live in topic folders,
//! each with its own list: `structure/`, `commands/`, `pinning/`.

pub mod commands;
pub mod pinning;
pub mod structure;

pub mod argument_count;
pub mod checksum_source;
pub mod copy_from_variable;
pub mod duplicate_flag;
pub mod empty_base_name;
pub mod empty_volume;
pub mod heredoc_destination;
pub mod instruction_before_from;
pub mod invalid_chmod;
pub mod invalid_default_arg_in_from;
pub mod invalid_directive;
pub mod invalid_flag_value;
pub mod invalid_healthcheck;
pub mod invalid_heredoc;
pub mod invalid_mount;
pub mod invalid_onbuild_trigger;
pub mod invalid_platform;
pub mod invalid_port;
pub mod invalid_stage_name;
pub mod invalid_stop_signal;
pub mod json_array_not_strings;
pub mod key_value_syntax;
pub mod line_too_long;
pub mod no_instructions;
pub mod not_utf8;
pub mod repeated_directive;
pub mod shell_requires_json;
pub mod stage_reference;
pub mod undefined_arg_in_from;
pub mod undefined_variable;
pub mod unknown_flag;
pub mod unknown_instruction;
pub mod unsupported_syntax_feature;
pub mod variable_expansion;

use crate::diagnostic::Diagnostic;
use crate::dockerfile::check_context::Context;
use crate::rules::Rule;

/// A rule's check over a whole Dockerfile.
pub type Check = fn(&Context<'_>, &mut Vec<Diagnostic>);

/// The checks of syntax rules that are not raised while parsing.
static SYNTAX_CHECKS: &[Check] = &[unknown_instruction::check];

/// Every Dockerfile rule.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    [
        LAYER_RULES,
        structure::RULES,
        commands::RULES,
        pinning::RULES,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// Every check to run over a parsed Dockerfile.
pub fn checks() -> impl Iterator<Item = Check> {
    [
        SYNTAX_CHECKS,
        structure::CHECKS,
        commands::CHECKS,
        pinning::CHECKS,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// The rules raised by the parsing and resolving layers: the syntax rules (DF0xx) and
/// the variable checks done while expanding (DF103-DF105).
static LAYER_RULES: &[&Rule] = &[
    &unknown_instruction::RULE,
    &invalid_heredoc::RULE,
    &invalid_directive::RULE,
    &repeated_directive::RULE,
    &json_array_not_strings::RULE,
    &no_instructions::RULE,
    &line_too_long::RULE,
    &key_value_syntax::RULE,
    &not_utf8::RULE,
    &unknown_flag::RULE,
    &duplicate_flag::RULE,
    &invalid_flag_value::RULE,
    &invalid_mount::RULE,
    &argument_count::RULE,
    &invalid_stage_name::RULE,
    &invalid_onbuild_trigger::RULE,
    &heredoc_destination::RULE,
    &shell_requires_json::RULE,
    &instruction_before_from::RULE,
    &invalid_healthcheck::RULE,
    &empty_volume::RULE,
    &copy_from_variable::RULE,
    &variable_expansion::RULE,
    &stage_reference::RULE,
    &empty_base_name::RULE,
    &invalid_port::RULE,
    &invalid_stop_signal::RULE,
    &invalid_chmod::RULE,
    &checksum_source::RULE,
    &unsupported_syntax_feature::RULE,
    &invalid_platform::RULE,
    &undefined_variable::RULE,
    &undefined_arg_in_from::RULE,
    &invalid_default_arg_in_from::RULE,
];
