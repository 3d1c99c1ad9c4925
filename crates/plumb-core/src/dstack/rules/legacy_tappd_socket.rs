//! DS401: the legacy tappd socket.

use super::volume_sources;
use crate::compose::rules::model_checks::Service;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "DS401",
    name: "legacy-tappd-socket",
    title: "Legacy tappd socket",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`/var/run/tappd.sock` is the API of dstack before 0.5 (tappd). The guest agent still \
answers on it for old apps, but new SDK calls and features are only on the dstack socket. \
Mount the directory `/var/run/dstack` and use `/var/run/dstack/dstack.sock` with a current \
SDK; the SDKs' calls changed too (`tdxQuote` became `getQuote`)."
    ),
    failing_example: crate::rules::rule_example!(Files(&[
        (
            "compose.yaml",
            "services:\n  app:\n    image: registry.example.com/app@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\n    volumes:\n      - /var/run/tappd.sock:/var/run/tappd.sock\n",
        ),
        ("plumb.toml", "[dstack]\n"),
    ])),
    passing_example: crate::rules::rule_example!(Files(&[
        (
            "compose.yaml",
            "services:\n  app:\n    image: registry.example.com/app@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\n    volumes:\n      - /var/run/dstack:/var/run/dstack\n",
        ),
        ("plumb.toml", "[dstack]\n"),
    ])),
};

pub fn check(service: &Service<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for (source, volume) in volume_sources(service) {
        if matches!(source, "/var/run/tappd.sock" | "/run/tappd.sock") {
            diagnostics.push(Diagnostic::new(
                &RULE,
                volume.span,
                format!(
                    "service \"{}\" mounts the legacy tappd socket; use the dstack socket in /var/run/dstack",
                    service.name
                ),
            ));
        }
    }
}
