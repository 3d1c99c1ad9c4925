//! DF210: COPY of a tar archive that a later RUN unpacks.

use super::sources::{basename, is_tarball};
use super::{copy_words, expanded_sources};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::Keyword;
use crate::dockerfile::scope;
use crate::dockerfile::shell_lexer::Lexer;
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::shell::script::Command;
use crate::source::Span;
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    code: "DF210",
    name: "use-add-to-extract",
    title: "Archive copied, then unpacked in RUN",
    severity: Severity::Info,
    upstream: &[Upstream::Hadolint("DL3010")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`COPY app.tar.gz /tmp/` followed by `RUN tar -xzf /tmp/app.tar.gz -C /opt` \
stores the archive in one layer and its contents in the next: the image carries both, and \
deleting the archive later only hides it. `ADD app.tar.gz /opt/` unpacks a local tar archive \
(plain, gzip, bzip2, xz or zstd) straight into place in one layer.

The rule reports a COPY from the build context of a file named like a tar archive (or to such \
a name) when a later RUN of the same stage runs `tar -x` (or `zcat`, `gunzip`, `xzcat`, …) \
on a file of that name.

**Compared with hadolint:** DL3010 also counts plain `.gz`, `.bz2`, `.xz`, `.Z` or `.lz` \
files decompressed with `gunzip`, `unxz` and the like, which ADD would copy as they are (it \
unpacks tar archives only); and because every FROM clears what it remembered, it only \
reports archives of the last stage. plumb reports every stage, reads the names after \
expanding ARG and ENV values, and follows heredoc RUNs and `zstdcat … | tar -x` pipes."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:bookworm-slim@sha256:b1211f6d19afd012477bd34fdcabb6b663d680e0f4b0537da6e6b0fd057a3ec3\nCOPY dist/app-1.4.2.tar.gz /tmp/\nRUN tar -xzf /tmp/app-1.4.2.tar.gz -C /opt \\\n && rm /tmp/app-1.4.2.tar.gz\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:bookworm-slim@sha256:b1211f6d19afd012477bd34fdcabb6b663d680e0f4b0537da6e6b0fd057a3ec3\nADD dist/app-1.4.2.tar.gz /opt/\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let lexer = Lexer::new(context.dockerfile.escape);
    // The archives copied and not yet reported, by stage and file name: where each is
    // copied.
    let mut copied: BTreeMap<(usize, String), Vec<Span>> = BTreeMap::new();
    scope::walk(context, |stage, instruction, scope| {
        match instruction.kind {
            Some(Keyword::Copy) if instruction.last_flag("from").is_none() => {
                let Some((_, destination)) = copy_words(instruction) else {
                    return;
                };
                let target = scope
                    .expand(&lexer, &destination.value)
                    .unwrap_or_else(|| destination.value.clone());
                let renamed = !target.ends_with('/') && is_tarball(&target);
                for (source, value) in expanded_sources(instruction, Some(scope), &lexer) {
                    let name = if renamed {
                        basename(&target)
                    } else if is_tarball(&value) {
                        basename(&value)
                    } else {
                        continue;
                    };
                    copied
                        .entry((stage, name.to_owned()))
                        .or_default()
                        .push(source.span);
                }
            }
            Some(Keyword::Run) => {
                let Some(script) = context.run_script(instruction) else {
                    return;
                };
                for command in script.commands {
                    let Some(file) = unpacked_file(command) else {
                        continue;
                    };
                    // The stage's ARG and ENV values are in the RUN's environment.
                    let file = scope
                        .expand(&lexer, file)
                        .unwrap_or_else(|| file.to_owned());
                    let name = basename(&file);
                    let Some(spans) = copied.remove(&(stage, name.to_owned())) else {
                        continue;
                    };
                    for span in spans {
                        diagnostics.push(
                            Diagnostic::new(
                                &RULE,
                                span,
                                format!(
                                    "\"{name}\" is copied and then unpacked by a RUN; ADD unpacks a local tar archive in one step without keeping it in a layer"
                                ),
                            )
                            .with_label(script.command_span(command), "unpacked here"),
                        );
                    }
                }
            }
            _ => {}
        }
    });
}

/// The archive a command unpacks: `tar -x… file`, `tar xf file`, `tar --extract --file=file`,
/// or a decompressor reading the file.
fn unpacked_file(command: &Command) -> Option<&str> {
    let program = command.program()?;
    let arguments = command.arguments();
    let values = || arguments.iter().map(|word| word.value.as_str());
    match program {
        "tar" | "bsdtar" | "gtar" => {
            let first = values().next().unwrap_or_default();
            let extracts = values().any(|argument| {
                matches!(argument, "--extract" | "--get")
                    || (argument.starts_with('-')
                        && !argument.starts_with("--")
                        && argument.contains('x'))
            }) || (!first.starts_with('-') && first.contains('x'));
            if !extracts {
                return None;
            }
            values()
                .filter_map(|argument| argument.strip_prefix("--file=").or(Some(argument)))
                .find(|argument| !argument.starts_with('-') && is_tarball(argument))
        }
        "zcat" | "gzcat" | "gunzip" | "bunzip2" | "bzcat" | "unxz" | "xzcat" | "zstdcat"
        | "unzstd" => values().find(|argument| !argument.starts_with('-') && is_tarball(argument)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::findings;

    #[test]
    fn copies_then_unpacks() {
        let text = "FROM alpine AS a\nCOPY app.tgz /tmp/\nCOPY release.tar.gz /tmp/pkg.tar.gz\nCOPY notes.gz /tmp/\nRUN tar --extract --file=/tmp/app.tgz && zcat /tmp/pkg.tar.gz | tar -x && gunzip /tmp/notes.gz\nFROM alpine\nCOPY other.tar /tmp/\nRUN tar -cf /tmp/other.tar /etc\nFROM alpine\nRUN tar xf /tmp/app.tgz\n";
        let found: Vec<String> = findings(&RULE, text)
            .into_iter()
            .map(|diagnostic| diagnostic.message)
            .collect();
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with("\"app.tgz\""));
        assert!(found[1].starts_with("\"pkg.tar.gz\""));
    }
}
