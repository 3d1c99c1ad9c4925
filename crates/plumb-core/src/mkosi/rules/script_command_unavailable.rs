//! MK101: a command a script runs that no package list of its tree provides.

use crate::command_packages::Providers;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "MK101",
    name: "script-command-not-installed",
    title: "Script runs a command no package list provides",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::Unsafe,
    explanation: crate::rules::rule_text!(
        "mkosi's images start minimal: a build script has what `Packages=` and \
`BuildPackages=` install (and, for a script that runs outside the image, the tools tree's \
`ToolsTreePackages=` or the host). A script that runs `npm`, `pip`, `cargo`, `go`, `make` or \
`gcc` when no list names a package that provides it fails with `command not found` after \
the packages were installed, minutes into the build, or works only on a host that happens \
to have the tool. plumb knows the packages that provide common build tools in Debian and \
Ubuntu, Fedora and its relatives, and Arch; where `Distribution=` says which, the fix adds \
the usual one to `BuildPackages=` (for `mkosi.prepare` and `mkosi.build`) or `Packages=` \
(for the scripts that run in the final image). It is unsafe: the image then has another \
package."
    ),
    failing_example: crate::rules::rule_example!(Files(&[
        (
            "mkosi.conf",
            "[Distribution]\nDistribution=debian\n\n[Content]\nPackages=nodejs\n",
        ),
        ("mkosi.build", "#!/bin/sh\nset -e\nnpm run build\n"),
    ])),
    passing_example: crate::rules::rule_example!(Files(&[
        (
            "mkosi.conf",
            "[Distribution]\nDistribution=debian\n\n[Content]\nPackages=nodejs\nBuildPackages=npm\n",
        ),
        ("mkosi.build", "#!/bin/sh\nset -e\nnpm run build\n"),
    ])),
};

/// The finding for `command` (at `span` of the script), which no package provides.
pub fn finding(
    command: &str,
    providers: &Providers,
    span: crate::source::Span,
    lists: &str,
) -> Diagnostic {
    let packages: Vec<&str> = providers
        .debian
        .iter()
        .chain(providers.fedora)
        .chain(providers.arch)
        .copied()
        .collect();
    let mut unique = packages.clone();
    unique.sort_unstable();
    unique.dedup();
    Diagnostic::new(
        &RULE,
        span,
        format!(
            "the script runs {command}, but no package that provides it ({}) is in {lists}",
            unique.join(", ")
        ),
    )
}
