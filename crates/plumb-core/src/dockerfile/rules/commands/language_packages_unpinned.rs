//! DF222: language packages installed without a version.

use super::os_packages_unpinned::is_expansion;
use super::support::{list_words, other_places, word_span};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::package_managers::{Manager, PackageCommand};
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::shell::script::ShellWord;

pub static RULE: Rule = Rule {
    code: "DF222",
    name: "language-packages-unpinned",
    title: "Language packages without versions",
    severity: Severity::Warning,
    upstream: &[
        Upstream::Hadolint("DL3013"),
        Upstream::Hadolint("DL3016"),
        Upstream::Hadolint("DL3028"),
        Upstream::Hadolint("DL3062"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`pip install flask`, `npm install -g typescript`, `gem install bundler`, \
`go install golang.org/x/tools/gopls@latest` and `cargo install ripgrep` install the newest \
release on the day of the build: the image changes, and may break, without any change to the \
Dockerfile. Name the version: `flask==3.0.3`, `typescript@5.5.4`, `bundler:2.5.16` (or \
`-v 2.5.16`), `gopls@v0.16.1`, `ripgrep@14.1.0` (or `--version`). Better still, install from a \
lockfile (see DF223).\n\n\
What counts as pinned follows hadolint: for pip (and `uv pip`) a version operator \
(`==`, `>=`, `~=`, …), a VCS URL with `@ref`, a local `.whl`/`.tar.gz` or a path; installs \
from `-r`/`--requirement`, `-c`/`--constraint` or `.` are left to DF223. For npm \
(`install`/`i`/`add`), yarn and pnpm (`add`) an `@version` after the (scoped) name, a git URL \
with `#ref`, a tarball or a folder. For gem a `:version` or a `-v`/`--version` option. For \
`go install`/`go get`/`go run` an `@version` other than `@latest`/`@none`, or a local path. \
For `cargo install` an `@version`, `--version`, `--git` with `--rev` or `--tag`, or `--path`.\n\n\
Differences from hadolint: plumb also checks `uv pip install`, `npm i`/`npm add`, \
`yarn add`, `pnpm add` and `cargo install`; it treats an npm `@latest` as unpinned, knows \
which options take a value (hadolint's gem rule skips the word after any option, so \
`gem install --no-document rails` goes unreported there), does not mistake `go run main.go` \
for a package, looks through `sudo`, reads the packages of a variable the same RUN set to a \
literal list (`tools='black ruff'; pip install $tools`) split as `sh` splits them, and skips \
other arguments that are only a variable."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask gunicorn\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3 gunicorn==22.0.0\n",
    )),
};

const PIP_VERSION_OPERATORS: [&str; 7] = ["==", ">=", "<=", ">", "<", "!=", "~="];
const VCS_PREFIXES: [&str; 4] = ["git+", "hg+", "svn+", "bzr+"];

fn pip_pinned(package: &str) -> bool {
    let vcs = VCS_PREFIXES
        .iter()
        .any(|prefix| package.starts_with(prefix))
        || package.starts_with("git:");
    PIP_VERSION_OPERATORS
        .iter()
        .any(|operator| package.contains(operator))
        || (vcs && package.contains('@'))
        || package.ends_with(".whl")
        || package.ends_with(".tar.gz")
        || (!vcs && package.contains('/'))
}

fn npm_pinned(package: &str) -> bool {
    const GIT: [&str; 4] = ["git://", "git+ssh://", "git+http://", "git+https://"];
    if GIT.iter().any(|prefix| package.starts_with(prefix)) {
        return package.contains('#');
    }
    if [".tar", ".tar.gz", ".tgz"]
        .iter()
        .any(|suffix| package.ends_with(suffix))
        || ["/", "./", "../", "~/"]
            .iter()
            .any(|prefix| package.starts_with(prefix))
    {
        return true;
    }
    let unscoped = match package.strip_prefix('@') {
        Some(scoped) => scoped.split_once('/').map_or("", |(_, name)| name),
        None => package,
    };
    unscoped
        .split_once('@')
        .is_some_and(|(_, version)| !version.is_empty() && version != "latest")
}

fn go_pinned(package: &str) -> bool {
    package == "."
        || package.starts_with('.')
        || package.starts_with('/')
        || package.ends_with(".go")
        || package
            .rsplit_once('@')
            .is_some_and(|(_, version)| !matches!(version, "" | "latest" | "none"))
}

/// `name@latest` → `name`, keeping a leading `@scope`.
fn without_tag(name: &str) -> &str {
    match name.rfind('@') {
        Some(index) if index > 0 => &name[..index],
        _ => name,
    }
}

/// The unpinned package words of an install, and how to write one pinned.
fn unpinned<'a>(package: &PackageCommand<'a>) -> Vec<(&'a ShellWord, String)> {
    let subcommand = package.subcommand();
    let operands = &package.operands;
    let pick = |words: &[&'a ShellWord], pinned: fn(&str) -> bool, pin: &dyn Fn(&str) -> String| {
        words
            .iter()
            .filter(|word| !is_expansion(&word.value) && !pinned(&word.value))
            .map(|word| (*word, pin(&word.value)))
            .collect::<Vec<_>>()
    };
    match package.manager {
        Manager::Pip | Manager::UvPip if subcommand == "install" => {
            if package.has_option(&["r", "requirement", "requirements", "c", "constraint"])
                || operands.iter().any(|word| word.value == ".")
            {
                return Vec::new();
            }
            pick(operands, pip_pinned, &|name| format!("{name}==<version>"))
        }
        Manager::Npm if matches!(subcommand, "install" | "i" | "add") => {
            pick(operands, npm_pinned, &|name| {
                format!("{}@<version>", without_tag(name))
            })
        }
        Manager::Yarn | Manager::Pnpm if subcommand == "add" => {
            pick(operands, npm_pinned, &|name| {
                format!("{}@<version>", without_tag(name))
            })
        }
        Manager::Yarn
            if subcommand == "global"
                && operands.first().is_some_and(|word| word.value == "add") =>
        {
            pick(&operands[1..], npm_pinned, &|name| {
                format!("{name}@<version>")
            })
        }
        Manager::Gem if matches!(subcommand, "install" | "i") => {
            if package.has_option(&["v", "version"]) {
                return Vec::new();
            }
            pick(operands, |name| name.contains(':'), &|name| {
                format!("{name}:<version>")
            })
        }
        Manager::Go if matches!(subcommand, "install" | "get") => {
            pick(operands, go_pinned, &|name| {
                format!("{}@<version>", without_tag(name))
            })
        }
        Manager::Go if subcommand == "run" => {
            pick(&operands[..operands.len().min(1)], go_pinned, &|name| {
                format!("{name}@<version>")
            })
        }
        Manager::Cargo if subcommand == "install" => {
            if package.has_option(&["version", "vers", "path"]) {
                return Vec::new();
            }
            if package.has_option(&["git"]) {
                if package.has_option(&["rev", "tag"]) {
                    return Vec::new();
                }
                let git = package
                    .options
                    .flags
                    .iter()
                    .find(|flag| flag.name == "git")
                    .map(|flag| flag.word);
                return git
                    .map(|word| (word, "--git <url> --rev <commit>".to_owned()))
                    .into_iter()
                    .collect();
            }
            pick(operands, |name| name.contains('@'), &|name| {
                format!("{name}@<version>")
            })
        }
        _ => Vec::new(),
    }
}

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for script in context.run_scripts() {
        for package in script.package_commands() {
            let found = unpinned(package);
            let Some((first, example)) = found.first() else {
                continue;
            };
            let words: Vec<&ShellWord> = found.iter().map(|(word, _)| *word).collect();
            let message = format!(
                "{} package{} {} {} not pinned to a version: use `{example}`",
                package.manager.name(),
                if words.len() == 1 { "" } else { "s" },
                list_words(&words),
                if words.len() == 1 { "is" } else { "are" },
            );
            let mut diagnostic = Diagnostic::new(&RULE, word_span(script, first), message);
            for other in other_places(first, &words[1..]) {
                diagnostic = diagnostic.with_label(word_span(script, other), "not pinned either");
            }
            diagnostics.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::messages;

    #[test]
    fn pinned_forms() {
        let pinned = [
            "FROM python\nRUN pip install 'flask>=3' ./pkg git+https://x/y.git@v1 dist/x.whl -e . && pip install -r requirements.txt six",
            "FROM node\nRUN npm install -g typescript@5.5.4 @types/node@20 ./local git+https://x/y.git#v1 && npm install && npm ci",
            "FROM ruby\nRUN gem install bundler:2.5.16 && gem install rails -v 7.1 && gem install --no-document rake:13.2",
            "FROM golang\nRUN go install golang.org/x/tools/gopls@v0.16.1 ./cmd/... && go run main.go",
            "FROM rust\nRUN cargo install ripgrep@14.1.0 && cargo install --locked --version 1.0 fd-find && cargo install --git https://x/y --rev abc",
        ];
        for text in pinned {
            assert_eq!(messages(&RULE, text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn packages_in_variables_of_the_same_run() {
        let text =
            "FROM python:3.12\nRUN tools='black==24.4.2 ruff'; pip install --no-cache-dir $tools\n";
        assert_eq!(
            messages(&RULE, text),
            [
                "pip package `ruff` (from `$tools`) is not pinned to a version: use `ruff==<version>`"
            ]
        );
        let text = "FROM node:20\nRUN tools=\"$(cat tools.txt)\" && npm install -g $tools\n";
        assert_eq!(messages(&RULE, text), Vec::<String>::new());
    }

    #[test]
    fn unpinned_forms() {
        let text = "FROM node\nRUN npm i -g npm@latest @angular/cli && yarn global add pm2 && gem install --no-document rails \
&& go install github.com/x/y@latest && cargo install ripgrep && pip3 install --upgrade pip setuptools==70 && python -m pip install six";
        assert_eq!(
            messages(&RULE, text),
            [
                "npm packages `npm@latest`, `@angular/cli` are not pinned to a version: use `npm@<version>`",
                "yarn package `pm2` is not pinned to a version: use `pm2@<version>`",
                "gem package `rails` is not pinned to a version: use `rails:<version>`",
                "go package `github.com/x/y@latest` is not pinned to a version: use `github.com/x/y@<version>`",
                "cargo package `ripgrep` is not pinned to a version: use `ripgrep@<version>`",
                "pip package `pip` is not pinned to a version: use `pip==<version>`",
                "pip package `six` is not pinned to a version: use `six==<version>`",
            ]
        );
    }
}
