//! DF422: `wget` printing a progress bar into the build log.

use super::support::program_calls;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::package_managers::{Options, Syntax, basename};
use crate::rules::{Example, FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF422",
    name: "wget-without-progress",
    title: "wget without a quiet progress setting",
    severity: Severity::Info,
    upstream: &[Upstream::Hadolint("DL3047")],
    fix: FixAvailability::None,
    explanation: "Without a terminal, GNU `wget` reports progress as lines of dots, one per \
few kilobytes: downloading a large file fills the build log with thousands of lines. Use \
`--progress=dot:giga`, or `-q`/`-nv` (`--quiet`, `--no-verbose`), or send the log to a file \
with `-o`. BusyBox `wget` (Alpine) knows only `-q`.",
    failing_example: Example::Text(
        "FROM debian:12\nRUN wget https://example.com/release.tar.gz -O /tmp/release.tar.gz\n",
    ),
    passing_example: Example::Text(
        "FROM debian:12\nRUN wget --progress=dot:giga https://example.com/release.tar.gz -O /tmp/release.tar.gz\n",
    ),
};

static WGET: Syntax = Syntax {
    long_with_value: &[],
    short_with_value: "oaOetTwQUiBlADRIXP",
    single_dash_long: false,
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for (script, program, arguments) in program_calls(context) {
        if basename(&program.value) != "wget" {
            continue;
        }
        let options = Options::parse(arguments, &WGET);
        let quiet = options.has(&[
            "progress",
            "q",
            "quiet",
            "no-verbose",
            "o",
            "output-file",
            "a",
            "append-output",
            "help",
            "version",
            "V",
        ]) || arguments.iter().any(|word| word.value == "-nv");
        if quiet {
            continue;
        }
        diagnostics.push(Diagnostic::new(
            &RULE,
            script.span(program.start, program.end),
            "`wget` without `--progress=dot:giga` (or `-q`, `-nv`) fills the build log with progress dots",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::messages;

    #[test]
    fn quiet_forms() {
        let text = "FROM debian\nRUN wget -qO- https://x && wget -nv https://x && wget --progress=bar:force https://x && wget -o /dev/null https://x && wget -O /x https://x\n";
        assert_eq!(messages(&RULE, text).len(), 1);
    }
}
