//! DF229: archives created without the options that make them deterministic.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::package_managers::{Options, Syntax, basename, effective_argv};
use crate::rules::{FixAvailability, Rule};
use crate::shell::script::{Command, Connector};

pub static RULE: Rule = Rule {
    code: "DF229",
    name: "archive-not-deterministic",
    title: "Archive created without deterministic options",
    severity: Severity::Info,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "An archive records more than its files' contents: `tar` stores members in \
the order the file system lists them and with their modification times, `gzip` stores the \
input's name and time, `zip` stores times and extra attributes. Built twice, the same files \
give different archives, and so different layers and digests. Use \
`tar --sort=name --mtime=@${SOURCE_DATE_EPOCH} --owner=0 --group=0 --numeric-owner`, \
`gzip -n`, and `zip -X` on files whose times were set (`touch -d @${SOURCE_DATE_EPOCH}`).\n\n\
Reported for `tar` creating an archive without `--sort=name` or `--mtime`, for `gzip`/`pigz` \
compressing without `-n`, and for `zip` without `-X`. A `tar -c … | tar -x …` copy makes no \
archive and is not reported. There is no hadolint equivalent."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN tar -czf /opt/app.tar.gz -C /src .\n"
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nARG SOURCE_DATE_EPOCH\nRUN tar --sort=name --mtime=\"@${SOURCE_DATE_EPOCH}\" --owner=0 --group=0 --numeric-owner -cf - -C /src . | gzip -n > /opt/app.tar.gz\n",
    )),
};

static TAR: Syntax = Syntax {
    long_with_value: &[
        "file",
        "directory",
        "exclude",
        "files-from",
        "mtime",
        "owner",
        "group",
        "sort",
        "transform",
        "use-compress-program",
    ],
    short_with_value: "fCTXIbHLV",
    single_dash_long: false,
};
static GZIP: Syntax = Syntax {
    long_with_value: &["suffix", "blocksize", "processes"],
    short_with_value: "SbpI",
    single_dash_long: false,
};
static ZIP: Syntax = Syntax {
    long_with_value: &[
        "temp-path",
        "output-file",
        "exclude",
        "include",
        "password",
        "compression-method",
    ],
    short_with_value: "bOxiPZnt",
    single_dash_long: false,
};

/// What a command leaves out, if it creates an archive non-deterministically.
fn missing(commands: &[Command], index: usize) -> Option<(String, String)> {
    let argv = effective_argv(&commands[index]);
    let (program, arguments) = argv.split_first()?;
    let name = basename(&program.value);
    match name {
        "tar" | "gtar" => {
            // Old-style first argument: `tar czf x.tgz dir`.
            let old_style = arguments.first().filter(|word| {
                !word.value.starts_with('-')
                    && !word.value.is_empty()
                    && word.value.bytes().all(|byte| byte.is_ascii_alphabetic())
            });
            let options = Options::parse(arguments, &TAR);
            let creates = options.has(&["c", "create"])
                || old_style.is_some_and(|word| word.value.contains('c'));
            if !creates {
                return None;
            }
            let to_stdout = old_style.is_none()
                && options
                    .values(&["f", "file"])
                    .last()
                    .is_none_or(|file| *file == "-");
            let next_is_tar = commands[index].then == Connector::Pipe
                && commands.get(index + 1).is_some_and(|next| {
                    effective_argv(next)
                        .first()
                        .is_some_and(|word| matches!(basename(&word.value), "tar" | "gtar"))
                });
            if to_stdout && next_is_tar {
                return None;
            }
            let sorted = options.values(&["sort"]).contains(&"name");
            let dated = options.has(&["mtime"]);
            let lacking: Vec<&str> = [
                (!sorted).then_some("--sort=name"),
                (!dated).then_some("--mtime"),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!lacking.is_empty()).then(|| ("tar".to_owned(), lacking.join(" and ")))
        }
        "gzip" | "pigz" => {
            let options = Options::parse(arguments, &GZIP);
            let compresses = !options.has(&[
                "d",
                "decompress",
                "uncompress",
                "l",
                "list",
                "t",
                "test",
                "h",
                "help",
                "V",
                "version",
            ]);
            (compresses && !options.has(&["n", "no-name"]))
                .then(|| (name.to_owned(), "-n".to_owned()))
        }
        "zip" => {
            let options = Options::parse(arguments, &ZIP);
            (!options.has(&["X", "no-extra", "h", "help", "v"]) && !options.operands.is_empty())
                .then(|| ("zip".to_owned(), "-X".to_owned()))
        }
        _ => None,
    }
}

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for script in context.run_scripts() {
        for (index, command) in script.commands.iter().enumerate() {
            let Some((tool, lacking)) = missing(script.commands, index) else {
                continue;
            };
            diagnostics.push(Diagnostic::new(
                &RULE,
                script.command_span(command),
                format!("`{tool}` without {lacking} makes an archive that differs on every build"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::messages;

    #[test]
    fn creation_modes() {
        let text = "FROM debian\nRUN tar czf /a.tgz src && tar -xzf x.tgz && tar -cf - . | tar -xf - -C /dst && gzip -d x.gz && gzip -9 y && zip -r a.zip d && zip -rX b.zip d\n";
        assert_eq!(
            messages(&RULE, text),
            [
                "`tar` without --sort=name and --mtime makes an archive that differs on every build",
                "`gzip` without -n makes an archive that differs on every build",
                "`zip` without -X makes an archive that differs on every build",
            ]
        );
    }
}
