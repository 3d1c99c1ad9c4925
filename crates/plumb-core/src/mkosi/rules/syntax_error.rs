//! MK001: what mkosi's configuration reader dies on.

use crate::diagnostic::{Diagnostic, Severity};
use crate::mkosi::ini::IniError;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "MK001",
    name: "syntax-error",
    title: "mkosi cannot read the file",
    severity: Severity::Error,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "mkosi reads its configuration with its own reader, not Python's configparser, and \
stops at the first line it cannot read: a section header without its `]` or with an empty \
name, a setting before any section, a line without `=`, a `=` without a setting name before \
it. The messages are mkosi's. An indented line continues the value above it (blank and \
comment lines inside do not end it), and `#` starts a comment anywhere on a line, even in \
a value: there is no way to write a literal `#`."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nDistribution debian\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nDistribution=debian\n",
    )])),
};

pub fn finding(error: &IniError) -> Diagnostic {
    Diagnostic::new(&RULE, error.span, error.message.clone())
}
