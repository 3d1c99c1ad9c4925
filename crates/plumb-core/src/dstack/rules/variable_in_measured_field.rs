//! DS301: a setting that decides what runs, or with which rights, taken from a variable.

use crate::compose::interpolation::references;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: "DS301",
    name: "variable-in-measured-field",
    title: "Security-relevant setting taken from an unmeasured variable",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "dstack's attestation covers the compose file as written, `${VAR}` and all, but not the \
encrypted environment that fills the variables in: anyone who may send the app its \
environment can change a value there without changing the compose-hash a verifier checks. \
For the settings that decide which code runs and with which rights (`image`, `command`, \
`entrypoint`, `volumes`, `ports`, `privileged`, `cap_add`, `network_mode`) that defeats the \
measurement: `image: app@${DIGEST}` attests nothing about the image.

Write these settings literally. Keep variables for configuration the app is meant to \
receive (`environment:` values such as API keys), where the measured code decides what to \
do with them."
    ),
    failing_example: crate::rules::rule_example!(Files(&[
        (
            "compose.yaml",
            "services:\n  app:\n    image: registry.example.com/app:${TAG}\n",
        ),
        (
            "plumb.toml",
            "[dstack]\nkms = true\nallowed-envs = [\"TAG\"]\n"
        ),
    ])),
    passing_example: crate::rules::rule_example!(Files(&[
        (
            "compose.yaml",
            "services:\n  app:\n    image: registry.example.com/app@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\n    environment:\n      TOKEN: ${TOKEN}\n",
        ),
        (
            "plumb.toml",
            "[dstack]\nkms = true\nallowed-envs = [\"TOKEN\"]\n"
        ),
    ])),
};

/// The settings whose value decides what runs in the CVM, or with which rights.
const MEASURED_FIELDS: [&str; 8] = [
    "image",
    "command",
    "entrypoint",
    "volumes",
    "ports",
    "privileged",
    "cap_add",
    "network_mode",
];

pub fn check(service_name: &str, service: &Node, diagnostics: &mut Vec<Diagnostic>) {
    for field in MEASURED_FIELDS {
        let Some(value) = service.get(field) else {
            continue;
        };
        for scalar in super::strings(value) {
            let names: Vec<String> = scalar
                .as_str()
                .and_then(|template| references(template).ok())
                .unwrap_or_default()
                .into_iter()
                .map(|reference| reference.name)
                .collect();
            let Some(first) = names.first() else {
                continue;
            };
            diagnostics.push(Diagnostic::new(
                &RULE,
                scalar.span,
                format!(
                    "`{field}` of service \"{service_name}\" takes `{first}` from the environment, which dstack does not measure: it can change without changing the compose-hash"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::compose::rules::model_checks::testing::found;

    #[test]
    fn each_measured_value_with_a_variable_is_reported() {
        let found = found(
            &super::RULE,
            &[
                ("plumb.toml", "[dstack]\n"),
                (
                    "compose.yaml",
                    "services:\n  app:\n    image: app:${TAG:-1}\n    volumes:\n      - ${DATA}:/data\n      - /etc:/etc:ro\n    environment:\n      TOKEN: ${TOKEN}\n    command: [\"serve\", \"$$HOME\"]\n",
                ),
            ],
        );
        let texts: Vec<_> = found.iter().map(|found| found.text.as_str()).collect();
        assert_eq!(texts, ["app:${TAG:-1}", "${DATA}:/data"]);
        assert!(
            found[0]
                .message
                .contains("`image` of service \"app\" takes `TAG`")
        );
    }
}
