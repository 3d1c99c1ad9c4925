//! DF226: files with build times left by a RUN in a Dockerfile that aims at reproducible
//! output.

use super::support::{
    Environment, has_cache_mount, instruction_mentions, is_shipped, removes, shipped_stages,
    word_span,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::{Context, RunScript};
use crate::package_managers::{Manager, basename, effective_argv};
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "DF226",
    name: "build-leftovers",
    title: "Build leaves files that differ on every build",
    severity: Severity::Info,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Some files written during a build record when it ran, so the layer differs \
on every build even when everything installed is identical:\n\n\
- installing Debian packages writes `/var/log/dpkg.log`, `/var/log/apt/*.log` and \
`/var/log/alternatives.log`, and the `ldconfig` it triggers writes \
`/var/cache/ldconfig/aux-cache` (which holds inode numbers): remove them in the same RUN, \
`rm -rf /var/log/* /var/cache/ldconfig/aux-cache`, as Docker's official images do;\n\
- anything the RUN itself writes into `/var/log`;\n\
- `pip install` compiles `.pyc` files stamped with the source files' modification times: \
pass `--no-compile` (`PIP_NO_COMPILE=1`), or declare `ARG SOURCE_DATE_EPOCH` in the stage so \
that Python writes hash-based `.pyc` files; `python -m compileall` likewise, or with \
`--invalidation-mode checked-hash`;\n\
- running Python code during the build writes `__pycache__` for every module it imports: set \
`ENV PYTHONDONTWRITEBYTECODE=1`.\n\n\
Only Dockerfiles that mention `SOURCE_DATE_EPOCH`, and so aim at reproducible images, are \
checked (elsewhere these files are harmless clutter), and only stages whose layers can end up \
in an image. There is no hadolint equivalent."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nARG SOURCE_DATE_EPOCH\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nARG SOURCE_DATE_EPOCH\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/* /var/log/* /var/cache/ldconfig/aux-cache\n",
    )),
};

const APT_INSTALLS: [&str; 7] = [
    "install",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "reinstall",
    "build-dep",
    "safe-upgrade",
];

fn aims_at_reproducibility(context: &Context<'_>) -> bool {
    context
        .dockerfile
        .instructions
        .iter()
        .any(|instruction| instruction_mentions(instruction, "SOURCE_DATE_EPOCH"))
}

/// System files with build times: `/var/log` and the ldconfig cache.
fn system_leftovers(script: &RunScript<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let commands = script.commands;
    let installer = script
        .package_commands()
        .find(|package| package.manager.is_apt() && APT_INSTALLS.contains(&package.subcommand()))
        .map(|package| {
            let name = format!("{} {}", package.manager.name(), package.subcommand());
            (package.command, name)
        })
        .or_else(|| {
            commands.iter().find_map(|command| {
                let argv = effective_argv(command);
                let program = basename(&argv.first()?.value);
                let installs = program == "dpkg"
                    && argv[1..]
                        .iter()
                        .any(|word| matches!(word.value.as_str(), "-i" | "--install"));
                installs.then(|| (command, "dpkg --install".to_owned()))
            })
        });
    let log_writer = commands.iter().find(|command| {
        command
            .redirections
            .iter()
            .any(|target| target.value.starts_with("/var/log/"))
    });
    let ldconfig = commands
        .iter()
        .find(|command| command.program() == Some("ldconfig"));
    let logs_kept =
        !removes(commands, &["/var/log"]) && !has_cache_mount(script.instruction, "/var/log");
    let aux_cache_kept = !removes(
        commands,
        &["/var/cache/ldconfig/aux-cache", "/var/cache/ldconfig"],
    );
    let mut left = Vec::new();
    if logs_kept && (installer.is_some() || log_writer.is_some()) {
        left.push("/var/log/*");
    }
    if aux_cache_kept && (installer.is_some() || ldconfig.is_some()) {
        left.push("/var/cache/ldconfig/aux-cache");
    }
    let Some((command, what)) = installer
        .or_else(|| log_writer.map(|command| (command, "writing to /var/log".to_owned())))
        .or_else(|| ldconfig.map(|command| (command, "ldconfig".to_owned())))
    else {
        return;
    };
    if left.is_empty() {
        return;
    }
    diagnostics.push(Diagnostic::new(
        &RULE,
        script.command_span(command),
        format!(
            "`{what}` leaves files with build times in the image: add `rm -rf {}` to this RUN",
            left.join(" ")
        ),
    ));
}

/// Python bytecode stamped with modification times.
fn python_leftovers(
    environment: &Environment<'_, '_>,
    script: &RunScript<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let epoch = environment.value(script, "SOURCE_DATE_EPOCH").is_some();
    for (index, command) in script.commands.iter().enumerate() {
        let argv = effective_argv(command);
        let Some(program) = argv.first() else {
            continue;
        };
        if let Some(package) = script.package_command(index) {
            if package.manager == Manager::Pip
                && package.subcommand() == "install"
                && !epoch
                && !package.has_option(&["no-compile"])
                && !environment.is_truthy(script, "PIP_NO_COMPILE")
            {
                let word = package.subcommand.unwrap_or(package.program);
                diagnostics.push(Diagnostic::new(
                    &RULE,
                    word_span(script, word),
                    "`pip install` writes .pyc files stamped with install times: add `--no-compile` or declare `ARG SOURCE_DATE_EPOCH` in this stage",
                ));
            }
            continue;
        }
        let name = basename(&program.value);
        let is_python = name == "python"
            || name
                .strip_prefix("python")
                .is_some_and(|version| version.chars().all(|ch| ch.is_ascii_digit() || ch == '.'));
        if !is_python {
            continue;
        }
        let arguments = &argv[1..];
        let module = arguments
            .windows(2)
            .find(|pair| pair[0].value == "-m")
            .map(|pair| pair[1].value.as_str());
        match module {
            Some("compileall") => {
                let hashed = arguments
                    .iter()
                    .any(|word| word.value.starts_with("--invalidation-mode"))
                    || epoch;
                if !hashed {
                    diagnostics.push(Diagnostic::new(
                        &RULE,
                        script.command_span(command),
                        "`compileall` writes .pyc files stamped with source times: add `--invalidation-mode checked-hash`",
                    ));
                }
            }
            Some("venv" | "pip" | "ensurepip") => {}
            _ if arguments.is_empty()
                || arguments
                    .iter()
                    .any(|word| word.value == "--version" || word.value == "-V") => {}
            _ => {
                if !environment.is_truthy(script, "PYTHONDONTWRITEBYTECODE")
                    && !arguments.iter().any(|word| word.value == "-B")
                {
                    diagnostics.push(Diagnostic::new(
                        &RULE,
                        script.command_span(command),
                        "running Python writes __pycache__ files stamped with build times: set `ENV PYTHONDONTWRITEBYTECODE=1` (or run `python -B`)",
                    ));
                }
            }
        }
    }
}

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    if !aims_at_reproducibility(context) {
        return;
    }
    let shipped = shipped_stages(context);
    let environment = Environment::new(context);
    for script in context.run_scripts() {
        if !is_shipped(&shipped, script) {
            continue;
        }
        system_leftovers(script, diagnostics);
        python_leftovers(&environment, script, diagnostics);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::messages;

    #[test]
    fn only_reproducible_dockerfiles_are_checked() {
        assert!(messages(&RULE, "FROM debian\nRUN apt-get install -y x\n").is_empty());
        assert_eq!(
            messages(
                &RULE,
                "FROM debian\nARG SOURCE_DATE_EPOCH\nRUN apt-get install -y x && rm -rf /var/log/*\n"
            ),
            [
                "`apt-get install` leaves files with build times in the image: add `rm -rf /var/cache/ldconfig/aux-cache` to this RUN"
            ]
        );
    }

    #[test]
    fn python_bytecode() {
        let text = "ARG SOURCE_DATE_EPOCH=0\nFROM python:3.12\nRUN pip install x && python -m compileall /app && python manage.py collectstatic && python -m venv /v\n";
        assert_eq!(messages(&RULE, text).len(), 3);
        let text = "ARG SOURCE_DATE_EPOCH=0\nFROM python:3.12\nARG SOURCE_DATE_EPOCH\nENV PYTHONDONTWRITEBYTECODE=1\nRUN pip install x && python -m compileall /app && python manage.py collectstatic\n";
        assert_eq!(messages(&RULE, text), Vec::<String>::new());
    }
}
