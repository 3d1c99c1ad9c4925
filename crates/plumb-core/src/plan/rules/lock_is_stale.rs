//! PL101: the Dockerfiles name an image or source the lock did not resolve, or no longer
//! name one it did.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "PL101",
    name: "lock-is-stale",
    title: "plumb.lock does not match what the files name",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`plumb.lock` records the external references it resolved: images, and the ADD \
downloads and Git sources the Dockerfiles do not pin themselves. When a Dockerfile below it \
names another one (a new `FROM`, a changed tag, another URL), the lock pins nothing for it, \
and a plan made from it would pull whatever the tag names at build time; the finding is at \
the reference. When the Dockerfiles no longer name one the lock pins, the lock no longer \
says what the build uses (`plumb lock --check` fails too); that finding is at the start of \
the first Dockerfile the lock applies to. Editing any other line (a RUN, a COPY) does not \
make the lock stale.

Run `plumb lock` again. Under `--locked` a stale lock is an error, as in `cargo --locked`: \
CI should fail rather than plan with it."
    ),
    failing_example: crate::rules::rule_example!(Files(&[
        ("Dockerfile", "FROM registry.test/base:2\n"),
        (
            "plumb.lock",
            "{\"images\":{\"registry.test/base:1\":{\"digest\":\"sha256:1111111111111111111111111111111111111111111111111111111111111111\",\"media_type\":\"application/vnd.oci.image.manifest.v1+json\",\"platforms\":{\"linux/amd64\":{\"config\":\"sha256:2222222222222222222222222222222222222222222222222222222222222222\",\"env\":[],\"manifest\":\"sha256:1111111111111111111111111111111111111111111111111111111111111111\"}},\"source\":\"registry\"}},\"references\":\"sha256:0\",\"source_date_epoch\":1700000000,\"version\":1}\n",
        ),
    ])),
    passing_example: crate::rules::rule_example!(Files(&[
        ("Dockerfile", "FROM registry.test/base:1\n"),
        (
            "plumb.lock",
            "{\"images\":{\"registry.test/base:1\":{\"digest\":\"sha256:1111111111111111111111111111111111111111111111111111111111111111\",\"media_type\":\"application/vnd.oci.image.manifest.v1+json\",\"platforms\":{\"linux/amd64\":{\"config\":\"sha256:2222222222222222222222222222222222222222222222222222222222222222\",\"env\":[],\"manifest\":\"sha256:1111111111111111111111111111111111111111111111111111111111111111\"}},\"source\":\"registry\"}},\"references\":\"sha256:0\",\"source_date_epoch\":1700000000,\"version\":1}\n",
        ),
    ])),
};
