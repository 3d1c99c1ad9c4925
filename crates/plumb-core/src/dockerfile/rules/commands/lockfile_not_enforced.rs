//! DF223: dependency installs that may ignore or rewrite the lockfile.

use super::support::{Earlier, Environment, insert_after, word_span};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::{Context, RunScript};
use crate::dockerfile::instruction::{Instruction, Keyword};
use crate::package_managers::{Manager, PackageCommand, package_commands};
use crate::rules::{FixAvailability, Rule};
use crate::shell::script::parse_script;
use std::cell::OnceCell;

pub static RULE: Rule = Rule {
    code: "DF223",
    name: "lockfile-not-enforced",
    title: "Dependency install does not enforce the lockfile",
    severity: Severity::Info,
    upstream: &[],
    fix: FixAvailability::Unsafe,
    explanation: crate::rules::rule_text!(
        "A lockfile pins every direct and indirect dependency, but only if the \
install refuses to stray from it. Without the enforcing form the install resolves version \
ranges again when the lockfile is missing or out of date, and the image gets whatever was \
newest that day:\n\n\
- `npm install` → `npm ci` (needs `package-lock.json` or `npm-shrinkwrap.json`);\n\
- `yarn install` → `yarn install --frozen-lockfile` (Yarn 1) or `--immutable` (Yarn 2+);\n\
- `pnpm install` → `pnpm install --frozen-lockfile`;\n\
- `pip install -r requirements.txt` → `pip install --require-hashes -r requirements.txt` with \
hashes in the file (pip's hash-checking mode; `uv pip` likewise);\n\
- `cargo install` → `cargo install --locked` (otherwise the crate's `Cargo.lock` is ignored);\n\
- `bundle install` → `bundle config set frozen true` (or `--frozen`, `--deployment`, \
`BUNDLE_FROZEN=true`, `BUNDLE_DEPLOYMENT=true`);\n\
- `uv sync` → `uv sync --locked` (or `--frozen`, `UV_LOCKED=1`, `UV_FROZEN=1`);\n\
- `pipenv install` → `pipenv install --deploy` (or `pipenv sync`).\n\n\
`poetry install` and `composer install` already install exactly what their lockfile says \
when it exists, and are not reported.\n\n\
The fixes (`npm ci`, `--frozen-lockfile`, `--locked`, `--deploy`) are unsafe: the build then \
fails when the lockfile is missing or does not match, which is the point, but needs the \
lockfile copied into the build first. There is no hadolint equivalent; hadolint's DL3016 \
only checks `npm install <package>` (see DF222)."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n",
    )),
};

/// What is wrong with a package command, with its fix when there is a mechanical one.
fn problem<'a>(
    (environment, bundle): (&Environment<'_, 'a>, &BundleConfig<'a>),
    script: &RunScript<'_>,
    package: &PackageCommand<'_>,
) -> Option<(String, Option<Fix>)> {
    let subcommand = package.subcommand();
    let unsafe_fix = |title: String, edit: Edit| {
        Some(Fix {
            title,
            applicability: Applicability::Unsafe,
            edits: vec![edit],
        })
    };
    let add_option = |option: &str| {
        let after = package.subcommand.unwrap_or(package.program);
        unsafe_fix(
            format!("add `{option}`"),
            insert_after(script, after, &format!(" {option}")),
        )
    };
    match package.manager {
        Manager::Npm
            if matches!(subcommand, "install" | "i")
                && package.operands.is_empty()
                && !package.has_option(&["g", "global"]) =>
        {
            let word = package.subcommand?;
            Some((
                format!("`npm {subcommand}` may ignore or rewrite the lockfile: use `npm ci`"),
                unsafe_fix(
                    "use `npm ci`".into(),
                    Edit {
 file: None,
                        span: word_span(script, word),
                        replacement: "ci".into(),
                    },
                ),
            ))
        }
        Manager::Yarn
            if matches!(subcommand, "" | "install")
                && !package.has_option(&[
                    "frozen-lockfile",
                    "immutable",
                    "version",
                    "help",
                    "v",
                    "h",
                ])
                && !environment.is_truthy(script, "YARN_ENABLE_IMMUTABLE_INSTALLS")
                && !environment.is_truthy(script, "YARN_FROZEN_LOCKFILE") =>
        {
            Some((
                "`yarn install` without `--frozen-lockfile` (Yarn 1) or `--immutable` (Yarn 2+) may rewrite the lockfile"
                    .into(),
                add_option("--frozen-lockfile"),
            ))
        }
        Manager::Pnpm
            if matches!(subcommand, "install" | "i")
                && package.operands.is_empty()
                && !package.has_option(&["frozen-lockfile"])
                && !environment.is_truthy(script, "CI") =>
        {
            Some((
                "`pnpm install` without `--frozen-lockfile` may rewrite the lockfile".into(),
                add_option("--frozen-lockfile"),
            ))
        }
        Manager::Pip | Manager::UvPip
            if subcommand == "install"
                && package.has_option(&["r", "requirement", "requirements"])
                && !package.has_option(&["require-hashes"])
                && !environment.is_truthy(script, "PIP_REQUIRE_HASHES") =>
        {
            Some((
                format!(
                    "`{} install -r` without `--require-hashes` installs whatever matches the requirements today: pin them with hashes",
                    package.manager.name()
                ),
                None,
            ))
        }
        Manager::Cargo if subcommand == "install" && !package.has_option(&["locked", "frozen"]) => {
            Some((
                "`cargo install` without `--locked` ignores the crate's Cargo.lock".into(),
                add_option("--locked"),
            ))
        }
        Manager::Bundle
            if matches!(subcommand, "" | "install")
                && !package.has_option(&["frozen", "deployment", "version", "help"])
                && !environment.is_truthy(script, "BUNDLE_FROZEN")
                && !environment.is_truthy(script, "BUNDLE_DEPLOYMENT")
                && !bundle_configured(environment, bundle, script) =>
        {
            Some((
                "`bundle install` without frozen or deployment mode may update Gemfile.lock: run `bundle config set frozen true` first"
                    .into(),
                None,
            ))
        }
        Manager::Uv
            if subcommand == "sync"
                && !package.has_option(&["locked", "frozen"])
                && !environment.is_truthy(script, "UV_LOCKED")
                && !environment.is_truthy(script, "UV_FROZEN") =>
        {
            Some((
                "`uv sync` without `--locked` or `--frozen` may update uv.lock".into(),
                add_option("--locked"),
            ))
        }
        Manager::Pipenv
            if subcommand == "install"
                && package.operands.is_empty()
                && !package.has_option(&["deploy", "ignore-pipfile"]) =>
        {
            Some((
                "`pipenv install` without `--deploy` may update Pipfile.lock".into(),
                add_option("--deploy"),
            ))
        }
        _ => None,
    }
}

/// Whether `commands` run `bundle config [set] [--local|--global] frozen|deployment true`.
fn configures_bundle(commands: &[crate::shell::script::Command]) -> bool {
    package_commands(commands).any(|package| {
        package.manager == Manager::Bundle
            && package.subcommand() == "config"
            && package.operands.windows(2).any(|pair| {
                matches!(pair[0].value.as_str(), "frozen" | "deployment")
                    && matches!(pair[1].value.as_str(), "true" | "1")
            })
    })
}

fn run_configures_bundle(instruction: &Instruction) -> bool {
    instruction.kind == Some(Keyword::Run)
        && instruction.original.contains("bundle")
        && configures_bundle(&parse_script(&instruction.original))
}

/// Where `bundle config` sets frozen or deployment mode, looked for once per file and once
/// per RUN rather than for every `bundle install`.
#[derive(Default)]
struct BundleConfig<'a> {
    /// The RUNs that set it.
    runs: OnceCell<Earlier<'a>>,
    /// Whether the current RUN's script sets it.
    current: OnceCell<bool>,
}

/// The mode set in this RUN or an earlier one of the stage.
fn bundle_configured<'a>(
    environment: &Environment<'_, 'a>,
    bundle: &BundleConfig<'a>,
    script: &RunScript<'_>,
) -> bool {
    *bundle
        .current
        .get_or_init(|| configures_bundle(script.commands))
        || bundle
            .runs
            .get_or_init(|| Earlier::new(environment.context(), run_configures_bundle))
            .last(script.stage, script.instruction)
            .is_some()
}

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let environment = Environment::new(context);
    let mut bundle = BundleConfig::default();
    for script in context.run_scripts() {
        bundle.current = OnceCell::new();
        for package in script.package_commands() {
            let Some((message, fix)) = problem((&environment, &bundle), script, package) else {
                continue;
            };
            let word = package.subcommand.unwrap_or(package.program);
            let mut diagnostic = Diagnostic::new(&RULE, word_span(script, word), message);
            if let Some(fix) = fix {
                diagnostic = diagnostic.with_fix(fix);
            }
            diagnostics.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed, messages};

    #[test]
    fn enforcing_forms_pass() {
        let text = "FROM node\nENV UV_LOCKED=1\nRUN npm ci && npm install -g pnpm@9 && yarn --frozen-lockfile && yarn install --immutable \
&& pnpm install --frozen-lockfile && pip install --require-hashes -r requirements.txt && cargo install --locked ripgrep@14.1.0 \
&& bundle config set --local frozen true && bundle install && uv sync && pipenv install --deploy && poetry install && yarn build\n";
        assert_eq!(messages(&RULE, text), Vec::<String>::new());
    }

    #[test]
    fn fixes_enforce_the_lockfile() {
        let fixed = fixed(
            &RULE,
            "FROM node\nRUN npm install && yarn && pnpm i && cargo install ripgrep@14.1.0 && uv sync --no-dev && pipenv install\n",
        );
        assert_eq!(
            fixed,
            "FROM node\nRUN npm ci && yarn --frozen-lockfile && pnpm i --frozen-lockfile && cargo install --locked ripgrep@14.1.0 && uv sync --locked --no-dev && pipenv install --deploy\n"
        );
    }

    #[test]
    fn pip_and_bundle_have_no_fix() {
        assert_eq!(
            messages(
                &RULE,
                "FROM ruby\nRUN bundle install --jobs 4 && pip3 install -r requirements.txt\n"
            )
            .len(),
            2
        );
    }
}
