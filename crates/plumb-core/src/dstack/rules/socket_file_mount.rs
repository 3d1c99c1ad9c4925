//! DS102: the dstack API socket mounted as a file.

use super::super::version::{DstackVersion, SOCKET_DIRECTORY};
use super::volume_sources;
use crate::compose::rules::model_checks::Service;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "DS102",
    name: "dstack-socket-file-mount",
    title: "dstack socket mounted as a file",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "A bind mount of a single file holds on to the file's inode. When the guest agent \
restarts it creates its socket anew, and a container that mounted \
`/var/run/dstack.sock` keeps the old, dead one: calls to the dstack API (keys, quotes) fail \
until the container restarts. Since dstack 0.5.6 the sockets also live in the directory \
`/var/run/dstack/`, whose mount follows the new socket; the SDKs try \
`/var/run/dstack/dstack.sock` first. With `version` in `[dstack]` of plumb.toml older than \
0.5.6, where the directory does not exist, the rule is silent.

The fix mounts the directory instead: `/var/run/dstack:/var/run/dstack`."
    ),
    failing_example: crate::rules::rule_example!(Files(&[
        (
            "compose.yaml",
            "services:\n  app:\n    image: registry.example.com/app@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\n    volumes:\n      - /var/run/dstack.sock:/var/run/dstack.sock\n",
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

/// The short syntax the fix rewrites, and what it writes.
const FILE_MOUNT: &str = "/var/run/dstack.sock:/var/run/dstack.sock";
const DIRECTORY_MOUNT: &str = "/var/run/dstack:/var/run/dstack";

pub fn check(
    service: &Service<'_>,
    text: &str,
    version: Option<DstackVersion>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if version.is_some_and(|version| version < SOCKET_DIRECTORY) {
        return;
    }
    for (source, volume) in volume_sources(service) {
        if !matches!(source, "/var/run/dstack.sock" | "/run/dstack.sock") {
            continue;
        }
        let diagnostic = Diagnostic::new(
            &RULE,
            volume.span,
            format!(
                "service \"{}\" mounts the dstack socket as a file ({source}), which goes stale when the guest agent restarts; mount the directory /var/run/dstack",
                service.name
            ),
        );
        // Only the short syntax written plainly, as the fix writes it.
        diagnostics.push(match text.get(volume.span.range()) {
            Some(FILE_MOUNT) => diagnostic.with_fix(Fix {
                title: format!("mount {DIRECTORY_MOUNT}"),
                applicability: Applicability::Safe,
                edits: vec![Edit::new(volume.span, DIRECTORY_MOUNT)],
            }),
            _ => diagnostic,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::compose::rules::model_checks::testing::found;

    const COMPOSE: (&str, &str) = (
        "compose.yaml",
        "services:\n  app:\n    image: app@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\n    volumes:\n      - /var/run/dstack.sock:/var/run/dstack.sock\n",
    );

    #[test]
    fn releases_before_the_socket_directory_have_no_other_way() {
        let on = |toml: &'static str| found(&super::RULE, &[COMPOSE, ("plumb.toml", toml)]).len();
        assert_eq!(on("[dstack]\n"), 1);
        assert_eq!(on("[dstack]\nversion = \"0.5.6\"\n"), 1);
        assert_eq!(on("[dstack]\nversion = \"0.5.5\"\n"), 0);
    }
}
