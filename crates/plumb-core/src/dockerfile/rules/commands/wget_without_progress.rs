//! DF422: `wget` printing a progress bar into the build log.

use super::support::program_calls;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::image_family::{Family, stage_family};
use crate::dockerfile::resolve::Source;
use crate::package_managers::{Options, Syntax, basename};
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF422",
    name: "wget-without-progress",
    title: "wget without a quiet progress setting",
    severity: Severity::Info,
    upstream: &[Upstream::Hadolint("DL3047")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Without a terminal, GNU `wget` reports progress as lines of dots, one per \
few kilobytes: downloading a large file fills the build log with thousands of lines. Use \
`--progress=dot:giga`, or `-q`/`-nv` (`--quiet`, `--no-verbose`), or send the log to a file \
with `-o`.\n\n\
BusyBox `wget`, the one an Alpine image has, prints no lines of dots and knows none of \
these options but `-q`: a stage built on an Alpine image (by its name: `alpine`, \
`node:22-alpine`) is not checked unless an earlier RUN of the stage, or of a stage it is \
built on, installs the `wget` package (GNU wget). Differences from hadolint: DL3047 also \
reports BusyBox `wget`."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN wget https://example.com/release.tar.gz -O /tmp/release.tar.gz\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN wget --progress=dot:giga https://example.com/release.tar.gz -O /tmp/release.tar.gz\n",
    )),
};

static WGET: Syntax = Syntax {
    long_with_value: &[],
    short_with_value: "oaOetTwQUiBlADRIXP",
    single_dash_long: false,
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let gnu_wget = GnuWget::new(context);
    for (script, program, arguments) in program_calls(context) {
        if basename(&program.value) != "wget"
            || !gnu_wget.may_run(script.stage, script.instruction.start_line)
        {
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

/// Where the `wget` a RUN calls may be GNU wget: in a stage not built on Alpine, or once a
/// package manager installed the `wget` package.
struct GnuWget {
    /// Per stage: built on Alpine, as far as the image's name tells.
    busybox: Vec<bool>,
    /// Per stage: the first line of the stage that installs `wget`.
    installed_at: Vec<Option<usize>>,
    /// Per stage: a stage it is built on installs `wget`.
    inherited: Vec<bool>,
}

impl GnuWget {
    fn new(context: &Context<'_>) -> Self {
        let stages = &context.resolution.stages;
        let busybox = (0..stages.len())
            .map(|index| stage_family(context, index) == Family::Alpine)
            .collect();
        let mut installed_at: Vec<Option<usize>> = vec![None; stages.len()];
        for script in context.run_scripts() {
            let installs = script.package_commands().any(|command| {
                command
                    .operands
                    .iter()
                    .any(|operand| is_wget_package(&operand.value))
            });
            if let Some(first) = installed_at.get_mut(script.stage)
                && installs
                && first.is_none()
            {
                *first = Some(script.instruction.start_line);
            }
        }
        let mut inherited = vec![false; stages.len()];
        for (index, stage) in stages.iter().enumerate() {
            if let Source::Stage(parent) = stage.source
                && parent < index
            {
                inherited[index] = inherited[parent] || installed_at[parent].is_some();
            }
        }
        Self {
            busybox,
            installed_at,
            inherited,
        }
    }

    fn may_run(&self, stage: usize, line: usize) -> bool {
        !self.busybox.get(stage).copied().unwrap_or(false)
            || self.inherited.get(stage).copied().unwrap_or(false)
            || self
                .installed_at
                .get(stage)
                .copied()
                .flatten()
                .is_some_and(|installed| installed <= line)
    }
}

/// `wget`, also with a version (`wget=1.24.5-r0`, `wget~1.24`).
fn is_wget_package(operand: &str) -> bool {
    operand.split(['=', '<', '>', '~']).next() == Some("wget")
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

    #[test]
    fn busybox_wget_on_alpine_is_left_alone() {
        let cases = [
            ("FROM alpine:3.20\nRUN wget https://x\n", 0),
            (
                "FROM golang:1.26-alpine3.24 AS base\nFROM base\nRUN wget https://x\n",
                0,
            ),
            // Once GNU wget is installed, in the stage or a stage it is built on.
            (
                "FROM alpine:3.20\nRUN wget https://x\nRUN apk add --no-cache wget && wget https://x\n",
                1,
            ),
            (
                "FROM alpine:3.20 AS tools\nRUN apk add wget\nFROM tools\nRUN wget https://x\n",
                1,
            ),
            ("FROM debian:12\nRUN wget https://x\n", 1),
        ];
        for (text, count) in cases {
            assert_eq!(messages(&RULE, text).len(), count, "{text}");
        }
    }
}
