//! MK206: CacheOnly= that needs a package cache the tree does not keep.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "MK206",
    name: "cache-only-without-cache",
    title: "CacheOnly= without a cache",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`CacheOnly=always` (or `yes`) installs only from the package cache and never reads \
the repositories; `metadata` skips refreshing their metadata. Both are only as \
reproducible as the cache is full and unchanged, and need one: `PackageCacheDirectory=`, \
`CacheDirectory=` or an `mkosi.cache/` beside the configuration. Without one, mkosi uses \
the host's default cache, whose contents the tree does not decide."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nCacheOnly=always\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "mkosi.conf",
        "[Distribution]\nCacheOnly=always\n\n[Output]\nPackageCacheDirectory=cache\n",
    )])),
};

pub fn finding(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        span,
        format!(
            "CacheOnly={value} needs a package cache, but the tree names none (PackageCacheDirectory=, CacheDirectory= or mkosi.cache/)"
        ),
    )
}
