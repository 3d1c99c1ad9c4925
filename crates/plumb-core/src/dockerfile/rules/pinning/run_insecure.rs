//! DF304: `RUN --security=insecure`.

use super::report_run_flag;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "DF304",
    name: "run-insecure",
    title: "RUN without the build sandbox",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`RUN --security=insecure` runs the command like `docker run --privileged`: \
every capability, no seccomp or AppArmor profile, access to the host's devices. A command \
that misbehaves, or a compromised dependency it downloads, can then change the machine that \
runs the build, not only the image. BuildKit only allows it when the builder was started with \
the `security.insecure` entitlement and the build asks for it (`--allow security.insecure`).

Keep such steps out of Dockerfiles that others build, or isolate them in a stage of their own \
and document why they need it (mounting filesystems, loop devices, nested containers). \
Neither hadolint nor BuildKit's checks report this."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\nRUN --security=insecure mount -t tmpfs none /mnt && make -C /src image\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\nRUN --mount=type=tmpfs,target=/mnt make -C /src image\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    report_run_flag(
        context,
        diagnostics,
        &RULE,
        ("security", "insecure"),
        "this RUN runs without the build sandbox (all capabilities, no seccomp or AppArmor); keep privileged steps out of the build or isolate them",
    );
}
