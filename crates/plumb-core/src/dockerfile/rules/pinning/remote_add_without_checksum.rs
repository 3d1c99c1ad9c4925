//! DF203: `ADD https://…` without `--checksum`.

use super::expanded_sources;
use super::sources::{SourceKind, classify};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Arguments, Instruction, Keyword, Word};
use crate::dockerfile::scope::{self, Scope};
use crate::dockerfile::shell_lexer::Lexer;
use crate::rules::{FixAvailability, Rule};
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    code: "DF203",
    name: "remote-add-without-checksum",
    title: "Remote ADD without a checksum",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!("`ADD https://…` downloads whatever the server returns at build time. A \
re-published release, a compromised mirror or a redirect changes the image without any \
change to the Dockerfile, and BuildKit checks nothing unless it is told what to expect. \
With `--checksum=sha256:<digest>` (Dockerfile 1.6 and later) BuildKit verifies the download \
and fails the build when it differs:

```dockerfile
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \\
    https://github.com/moby/buildkit/releases/download/v0.20.0/buildkit-v0.20.0.linux-amd64.tar.gz /tmp/
```

`--checksum` applies to a single source, so an ADD with several URLs has to be split. The \
rule looks at sources after expanding the stage's ARG and ENV values; Git URLs are the \
subject of DF204. Neither hadolint nor BuildKit's checks report this. No fix is offered: the \
digest has to come from the publisher or from a download you trust."),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:bookworm-slim@sha256:b1211f6d19afd012477bd34fdcabb6b663d680e0f4b0537da6e6b0fd057a3ec3\nADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /usr/local/bin/tini\nRUN chmod +x /usr/local/bin/tini\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:bookworm-slim@sha256:b1211f6d19afd012477bd34fdcabb6b663d680e0f4b0537da6e6b0fd057a3ec3\nADD --checksum=sha256:93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c https://github.com/krallin/tini/releases/download/v0.19.0/tini /usr/local/bin/tini\nRUN chmod +x /usr/local/bin/tini\n",
    )),
};

/// Every ADD source with its value after expansion (as written when it cannot be expanded).
pub fn add_sources<'a>(
    context: &Context<'a>,
    mut visit: impl FnMut(&'a Instruction, &'a Word, &str),
) {
    let lexer = Lexer::new(context.dockerfile.escape);
    let mut each = |instruction: &'a Instruction, scope: Option<&Scope>| {
        if instruction.kind != Some(Keyword::Add) {
            return;
        }
        for (source, value) in expanded_sources(instruction, scope, &lexer) {
            visit(instruction, source, &value);
        }
    };
    scope::walk(context, |_, instruction, scope| {
        each(instruction, Some(scope));
        if let Arguments::Trigger(trigger) = &instruction.arguments {
            each(trigger, None);
        }
    });
}

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let mut found: Vec<(&Instruction, &Word, String)> = Vec::new();
    add_sources(context, |instruction, word, value| {
        if classify(value) == SourceKind::Http {
            found.push((instruction, word, value.to_owned()));
        }
    });
    // How many downloads each instruction has.
    let mut downloads: BTreeMap<usize, usize> = BTreeMap::new();
    for (instruction, _, _) in &found {
        *downloads
            .entry(std::ptr::from_ref(*instruction) as usize)
            .or_default() += 1;
    }
    for (instruction, word, value) in &found {
        let has_checksum = instruction
            .last_flag("checksum")
            .and_then(|flag| flag.value())
            .is_some_and(|value| !value.is_empty());
        if has_checksum {
            continue;
        }
        let downloads = downloads[&(std::ptr::from_ref(*instruction) as usize)];
        let mut diagnostic = Diagnostic::new(
            &RULE,
            word.span,
            format!(
                "\"{value}\" is downloaded without a checksum; add --checksum=sha256:<digest> so that a changed download fails the build"
            ),
        );
        if downloads > 1 {
            diagnostic =
                diagnostic.with_note("--checksum applies to a single source: use one ADD per URL");
        }
        if value != &word.value {
            diagnostic = diagnostic.with_note(format!("`{}` expands to \"{value}\"", word.value));
        }
        diagnostics.push(diagnostic);
    }
}
