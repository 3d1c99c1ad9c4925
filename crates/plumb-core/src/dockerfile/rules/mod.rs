//! The Dockerfile rules, one file each. Syntax rules (DF0xx) are raised by the parser where
//! BuildKit would stop; the others run over the parsed file.

pub mod invalid_directive;
pub mod invalid_heredoc;
pub mod json_array_not_strings;
pub mod key_value_syntax;
pub mod line_too_long;
pub mod no_instructions;
pub mod not_utf8;
pub mod repeated_directive;
pub mod unknown_instruction;

use crate::rules::Rule;

/// Every Dockerfile rule, in code order.
pub static RULES: &[&Rule] = &[
    &unknown_instruction::RULE,
    &invalid_heredoc::RULE,
    &invalid_directive::RULE,
    &repeated_directive::RULE,
    &json_array_not_strings::RULE,
    &no_instructions::RULE,
    &line_too_long::RULE,
    &key_value_syntax::RULE,
    &not_utf8::RULE,
];
