//! DS201: a service dstack would build inside the CVM.

use crate::compose::rules::model_checks::Service;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "DS201",
    name: "build-inside-cvm",
    title: "Service built inside the CVM",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "dstack starts the app with `docker compose up --build`: a service with `build:` is \
built inside the CVM when it boots, from whatever its base images, package mirrors and \
downloads serve at that moment. The compose-hash then measures the recipe, not the image \
that runs, and two boots of the same measured file may run different code; the build also \
needs the context's files, which app-compose.json does not carry.

Build the image outside, reproducibly (`plumb plan` and `plumb build`), push it, and name \
it by digest in `image:`."
    ),
    failing_example: crate::rules::rule_example!(Files(&[
        ("compose.yaml", "services:\n  app:\n    build: .\n"),
        ("plumb.toml", "[dstack]\n"),
        ("Dockerfile", "FROM scratch\n"),
    ])),
    passing_example: crate::rules::rule_example!(Files(&[
        (
            "compose.yaml",
            "services:\n  app:\n    image: registry.example.com/app@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\n",
        ),
        ("plumb.toml", "[dstack]\n"),
    ])),
};

pub fn check(service: &Service<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let Some(build) = service.written("build") else {
        return;
    };
    diagnostics.push(Diagnostic::new(
        &RULE,
        build.span,
        format!(
            "dstack builds service \"{}\" inside the CVM at boot: the compose-hash measures the recipe, not the image that runs",
            service.name
        ),
    ));
}
