//! CP102: `yes`, `no`, `on`, `off` as booleans.

use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::Span;
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: "CP102",
    name: "legacy-boolean",
    title: "YAML 1.1 boolean",
    severity: Severity::Warning,
    upstream: &[Upstream::DockerCompose(
        "\"yes\" for boolean is not supported by YAML 1.2, please use `true`",
    )],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "YAML 1.2 reads `yes`, `no`, `on` and `off` as strings. docker compose still turns \
them into booleans for the settings it knows to be booleans (`privileged`, `tty`, `init`, \
`read_only`, …) and warns; elsewhere (`use_api_socket`, an extension, an environment value) \
they stay strings. Write `true` and `false`.\n\n\
The fix writes the boolean docker compose reads (`y`, `yes` and `on` in any case, quoted or \
not, are `true`; `n`, `no` and `off` are `false`), so the project loads the same. It is not \
offered where the value comes from a variable (`${TTY:-yes}`), nor where an anchor's value \
is copied elsewhere by an alias or a merge key, since a copy in an extension would stay a \
string."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.28\n    tty: yes\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.28\n    tty: true\n",
    )])),
};

/// The fix for a legacy boolean written at `span`: the boolean docker compose reads there,
/// when the value is the word itself (plain or quoted) and written for this setting alone.
pub fn fix(text: &str, documents: &[Node], span: Span) -> Option<Fix> {
    let written = text.get(span.start..span.end)?;
    let word = ['"', '\'']
        .iter()
        .find_map(|quote| {
            written
                .strip_prefix(*quote)
                .and_then(|rest| rest.strip_suffix(*quote))
        })
        .unwrap_or(written);
    let spelled = match word.to_ascii_lowercase().as_str() {
        "y" | "yes" | "on" => "true",
        "n" | "no" | "off" => "false",
        _ => return None,
    };
    if super::scalar_copies(documents, span) != 1 {
        return None;
    }
    Some(Fix {
        title: format!("write `{spelled}`"),
        applicability: Applicability::Safe,
        edits: vec![Edit::new(span, spelled)],
    })
}
