//! DS104: an app-compose.json larger than dstack's guests copy.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "DS104",
    name: "app-compose-too-large",
    title: "app-compose.json larger than guests accept",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "The guest copies app-compose.json from the host with a size cap and refuses a larger \
file: 128 KiB in dstack 0.4.2 to 0.5.4, 256 KiB in 0.5.5 to 0.5.11, 50 MiB from 0.6. A \
large embedded compose file or pre-launch script is the usual cause; move scripts into the \
image."
    ),
    failing_example: crate::rules::rule_example!(Built {
        path: "app-compose.json",
        description: "an app-compose.json whose pre_launch_script makes it 300 KiB",
        build: || {
            format!(
                "{{\"manifest_version\": 2, \"name\": \"app\", \"runner\": \"docker-compose\", \"pre_launch_script\": \"{}\"}}",
                "#".repeat(300 * 1024)
            )
            .into_bytes()
        },
    }),
    passing_example: crate::rules::rule_example!(Files(&[(
        "app-compose.json",
        "{\"manifest_version\": 2, \"name\": \"app\", \"runner\": \"docker-compose\"}",
    )])),
};

/// Sizes from which guests refuse the file, with the versions that do.
const LIMITS: [(usize, &str); 3] = [
    (50 << 20, "every dstack version (50 MiB from 0.6)"),
    (256 << 10, "dstack 0.5.5 to 0.5.11 (256 KiB) and older"),
    (128 << 10, "dstack 0.4.2 to 0.5.4 (128 KiB)"),
];

pub fn check(size: usize, diagnostics: &mut Vec<Diagnostic>) {
    if let Some((_, refused_by)) = LIMITS.iter().find(|(limit, _)| size > *limit) {
        diagnostics.push(Diagnostic::new(
            &RULE,
            Span::point(0),
            format!("{size} bytes: refused by {refused_by}"),
        ));
    }
}
