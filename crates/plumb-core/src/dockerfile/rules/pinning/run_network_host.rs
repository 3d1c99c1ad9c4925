//! DF305: `RUN --network=host`.

use super::report_run_flag;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "DF305",
    name: "run-network-host",
    title: "RUN on the host's network",
    severity: Severity::Info,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`RUN --network=host` gives the command the network of the machine that \
runs the build instead of the build's own isolated network: it can reach services bound to \
the host's loopback (a local registry, a database, the Docker API on TCP), and what it \
downloads depends on that machine. The result can differ from builder to builder, and \
BuildKit only allows it with the `network.host` entitlement (`--allow network.host`).

Prefer the default network, or `--network=none` for steps that should not reach the network \
at all, and pass what the step needs as pinned inputs (`ADD --checksum`, build contexts, \
secret mounts). Neither hadolint nor BuildKit's checks report this."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM python:3.12-slim@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8\nCOPY requirements.txt .\nRUN --network=host pip install --no-cache-dir --index-url http://localhost:3141/root/pypi -r requirements.txt\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM python:3.12-slim@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8\nCOPY requirements.txt .\nRUN pip install --no-cache-dir --require-hashes -r requirements.txt\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    report_run_flag(
        context,
        diagnostics,
        &RULE,
        ("network", "host"),
        "this RUN uses the host's network, so what it reaches and downloads depends on the machine that builds; use the default network or --network=none",
    );
}
