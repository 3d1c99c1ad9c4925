//! DS101: a variable the compose file needs that dstack never sets.

use crate::compose::interpolation::{ReferenceKind, references};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: "DS101",
    name: "variable-not-in-allowed-envs",
    title: "Variable not listed in allowed_envs",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "dstack runs the compose file with no `.env` and no shell environment of yours: the \
only variables it interpolates are the encrypted environment variables the app receives, \
and of those only the ones `allowed_envs` lists (the guest drops the others with a warning). \
A `${VAR}` whose name is not listed is therefore always empty in the CVM, and \
`${VAR:?message}` stops the app from starting.

List the name under `allowed-envs` in `[dstack]` of plumb.toml (or with `--allowed-env` when \
writing app-compose.json), and send its value as an encrypted environment variable. \
References with a default (`${VAR:-value}`, `${VAR-value}`) or an alternative are left \
alone: they are written to work without the variable. So are names that start with \
`DSTACK_`: Phala Cloud sets some itself (`DSTACK_APP_ID`, `DSTACK_GATEWAY_DOMAIN`), though a \
self-hosted dstack does not."
    ),
    failing_example: crate::rules::rule_example!(Files(&[
        (
            "compose.yaml",
            "services:\n  app:\n    image: alpine@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\n    environment:\n      API_KEY: ${API_KEY}\n",
        ),
        ("plumb.toml", "[dstack]\nkms = true\n"),
    ])),
    passing_example: crate::rules::rule_example!(Files(&[
        (
            "compose.yaml",
            "services:\n  app:\n    image: alpine@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\n    environment:\n      API_KEY: ${API_KEY}\n      LOG_LEVEL: ${LOG_LEVEL:-info}\n",
        ),
        (
            "plumb.toml",
            "[dstack]\nkms = true\nallowed-envs = [\"API_KEY\"]\n"
        ),
    ])),
};

/// The names a dstack platform may set itself (Phala Cloud's `DSTACK_APP_ID`…).
const PLATFORM_PREFIX: &str = "DSTACK_";

pub fn check(document: &Node, allowed_envs: &[String], diagnostics: &mut Vec<Diagnostic>) {
    for scalar in super::strings(document) {
        let Some(template) = scalar.as_str() else {
            continue;
        };
        // An invalid template is CP002's, reported when the project loads.
        let Ok(found) = references(template) else {
            continue;
        };
        let mut reported: Vec<&str> = Vec::new();
        for reference in &found {
            let needed = matches!(
                reference.kind,
                ReferenceKind::Plain
                    | ReferenceKind::ErrorWhenUnset { .. }
                    | ReferenceKind::ErrorWhenUnsetOrEmpty { .. }
            );
            let name = reference.name.as_str();
            if !needed
                || name.starts_with(PLATFORM_PREFIX)
                || allowed_envs.iter().any(|allowed| allowed == name)
                || reported.contains(&name)
            {
                continue;
            }
            reported.push(name);
            diagnostics.push(
                Diagnostic::new(
                    &RULE,
                    scalar.span,
                    format!("`{name}` is not in allowed_envs, so dstack never sets it: it is empty in the CVM"),
                )
                .with_note(format!("add \"{name}\" to allowed-envs under [dstack] in plumb.toml and send it encrypted")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::compose::rules::model_checks::testing::found;

    const TOML: (&str, &str) = (
        "plumb.toml",
        "[dstack]\nkms = true\nallowed-envs = [\"TOKEN\"]\n",
    );

    #[test]
    fn needed_variables_outside_the_list_are_reported_once_per_value() {
        let found = found(
            &super::RULE,
            &[
                TOML,
                (
                    "compose.yaml",
                    "services:\n  app:\n    image: app@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\n    command: [\"run\", \"$HOST:$HOST\", \"${TOKEN}\", \"${PORT:-80}\", \"$$LITERAL\", \"${DSTACK_APP_ID}\"]\n    environment:\n      - DB=${DB:?set DB}\n",
                ),
            ],
        );
        let texts: Vec<_> = found
            .iter()
            .map(|found| (found.text.as_str(), found.message.as_str()))
            .collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert_eq!(texts[0].0, "\"$HOST:$HOST\"");
        assert!(texts[0].1.starts_with("`HOST` is not in allowed_envs"));
        assert_eq!(texts[1].0, "DB=${DB:?set DB}");
    }

    #[test]
    fn nothing_without_dstack_as_the_target() {
        let found = found(
            &super::RULE,
            &[("compose.yaml", "services:\n  app:\n    image: ${IMAGE}\n")],
        );
        assert!(found.is_empty());
    }
}
