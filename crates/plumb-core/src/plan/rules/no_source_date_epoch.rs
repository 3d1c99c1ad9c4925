//! PL203: nothing says what time the build writes.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "PL203",
    name: "no-source-date-epoch",
    title: "No SOURCE_DATE_EPOCH for the plan",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Every timestamp an image holds (its creation time, its history, the files \
of its layers) is set to the plan's `SOURCE_DATE_EPOCH`. It comes from \
`--source-date-epoch`, else from `plumb.lock` (which records the time it was first \
written), else from the commit time of the git checkout planned. With none of them the plan \
uses 0 (1970-01-01) and says so here, because a time nobody chose is easy to change by \
accident. Under `--locked` it is an error."
    ),
    failing_example: crate::rules::rule_example!(Text("FROM scratch\nCOPY app /app\n")),
    passing_example: crate::rules::rule_example!(Files(&[
        ("Dockerfile", "FROM scratch\nCOPY app /app\n"),
        ("app", ""),
        (
            "plumb.lock",
            "{\"images\":{},\"references\":\"sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945\",\"source_date_epoch\":1700000000,\"version\":1}\n",
        ),
    ])),
};
