//! The Dockerfile rules, one file each, declared with their checks in one table per folder.
//! The syntax rules (DF0xx) and the expansion checks (DF103-DF105), in this folder, are
//! raised by the parsing and resolving layers where BuildKit raises them; the others run over
//! the parsed file and live in topic folders, each with its own table: `structure/`,
//! `commands/`, `pinning/`.

use crate::diagnostic::Diagnostic;
use crate::dockerfile::check_context::Context;
use crate::rules::Rule;

/// A rule's check over a whole Dockerfile.
pub type Check = fn(&Context<'_>, &mut Vec<Diagnostic>);

/// A Dockerfile rule and what raises it.
#[derive(Debug, Clone, Copy)]
pub struct Registered {
    pub rule: &'static Rule,
    /// The check over the parsed file; `None` when the parsing and resolving layers raise the
    /// rule themselves.
    pub check: Option<Check>,
}

/// `checked!(module)`: the rule `module::RULE`, raised by `module::check`.
macro_rules! checked {
    ($module:ident) => {
        $crate::dockerfile::rules::Registered {
            rule: &$module::RULE,
            check: Some($module::check),
        }
    };
}

/// `raised!(module)`: the rule `module::RULE`, raised by the parsing and resolving layers.
macro_rules! raised {
    ($module:ident) => {
        $crate::dockerfile::rules::Registered {
            rule: &$module::RULE,
            check: None,
        }
    };
}

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
pub mod repository_not_lowercase;
pub mod shell_requires_json;
pub mod stage_reference;
pub mod undefined_arg_in_from;
pub mod undefined_variable;
pub mod unknown_flag;
pub mod unknown_instruction;
pub mod unsupported_syntax_feature;
pub mod variable_expansion;

/// Every Dockerfile rule, with its check where it has one.
pub fn registered() -> impl Iterator<Item = &'static Registered> {
    [
        LAYER_RULES,
        structure::RULES,
        commands::RULES,
        pinning::RULES,
    ]
    .into_iter()
    .flatten()
}

/// Every Dockerfile rule.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    registered().map(|registered| registered.rule)
}

/// Every check to run over a parsed Dockerfile.
pub fn checks() -> impl Iterator<Item = Check> {
    registered().filter_map(|registered| registered.check)
}

/// The rules of this folder: the syntax rules (DF0xx) and the variable checks done while
/// expanding (DF103-DF105), raised by the parsing and resolving layers, and the unknown
/// instruction check that runs over the parsed file.
static LAYER_RULES: &[Registered] = &[
    checked!(unknown_instruction),
    raised!(invalid_heredoc),
    raised!(invalid_directive),
    raised!(repeated_directive),
    raised!(json_array_not_strings),
    raised!(no_instructions),
    raised!(line_too_long),
    raised!(key_value_syntax),
    raised!(not_utf8),
    raised!(unknown_flag),
    raised!(duplicate_flag),
    raised!(invalid_flag_value),
    raised!(invalid_mount),
    raised!(argument_count),
    raised!(invalid_stage_name),
    raised!(invalid_onbuild_trigger),
    raised!(heredoc_destination),
    raised!(shell_requires_json),
    raised!(instruction_before_from),
    raised!(invalid_healthcheck),
    raised!(empty_volume),
    raised!(copy_from_variable),
    raised!(variable_expansion),
    raised!(stage_reference),
    raised!(empty_base_name),
    raised!(invalid_port),
    raised!(invalid_stop_signal),
    raised!(invalid_chmod),
    raised!(checksum_source),
    raised!(unsupported_syntax_feature),
    raised!(invalid_platform),
    raised!(repository_not_lowercase),
    raised!(undefined_variable),
    raised!(undefined_arg_in_from),
    raised!(invalid_default_arg_in_from),
];

#[cfg(test)]
mod tests {
    use super::pinning;
    use crate::rules::{Example, FixAvailability};
    use crate::testing::{fixed, has_fix};

    #[test]
    fn every_fix_repairs_its_failing_example() {
        for rule in super::all().filter(|rule| rule.fix != FixAvailability::None) {
            let Example::Text(text) = rule.failing_example else {
                continue;
            };
            // DF207 fixes only `root` (to 0); its example shows names, which have no
            // mechanical fix.
            if rule == &pinning::non_numeric_user::RULE {
                continue;
            }
            // DF201 fixes only with a plumb.lock, which an example of one file has not; its
            // own tests fix with one.
            if rule == &pinning::image_not_pinned::RULE {
                continue;
            }
            assert!(
                has_fix(rule, text),
                "{}: the failing example offers no fix",
                rule.code
            );
            // `fixed` asserts that the rule no longer fires on the result.
            fixed(rule, text);
        }
    }
}
