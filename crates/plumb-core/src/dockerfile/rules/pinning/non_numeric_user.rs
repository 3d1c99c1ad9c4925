//! DF207: `USER name` and `--chown=name` instead of numeric ids.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::image_family::{Family, stage_family};
use crate::dockerfile::instruction::{Arguments, Keyword};
use crate::dockerfile::scope;
use crate::dockerfile::shell_lexer::Lexer;
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "DF207",
    name: "non-numeric-user",
    title: "User or group given by name",
    severity: Severity::Info,
    upstream: &[Upstream::Hadolint("DL3066")],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!("A user name means nothing until it is looked up in the image's \
`/etc/passwd` (and a group name in `/etc/group`). `USER app` fails at run time in an image \
without those files, such as a distroless or `scratch` image; Kubernetes cannot check \
`runAsNonRoot` for a name; and `COPY --chown=app:app` makes the build read the files of the \
stage at that moment, so the owner depends on which `useradd` ran before and which id it \
picked. Numeric ids say exactly what they mean: `USER 10001:10001`, \
`COPY --chown=10001:10001`. Create the account with the same explicit id \
(`useradd --uid 10001 …`) when programs need a name.

For USER the rule looks at the user part, as hadolint's DL3066 does (a named group after a \
numeric user is accepted); for `--chown` of COPY and ADD, which DL3066 does not check, at both \
parts. Values are read after expanding the stage's ARG and ENV defaults, and a value that \
expands to nothing is left alone; hadolint instead skips every USER that mentions a declared \
ARG and reports one that mentions an undeclared variable. `root` has a mechanical fix, `0`, which is safe: the root account is uid 0 and \
gid 0 everywhere.\n\n\
Stages built on Windows (`FROM --platform=windows/…`, `nanoserver` and `servercore` images \
and tags) are not checked: Windows accounts have names, not numeric ids \
(`USER ContainerUser`), and BuildKit ignores `--chown` there; DL3066 reports them."),
    failing_example: crate::rules::rule_example!(Text(
        "FROM python:3.12-slim@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8\nRUN useradd --create-home --uid 10001 app\nCOPY --chown=app:app . /home/app/src\nUSER app\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM python:3.12-slim@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8\nRUN useradd --create-home --uid 10001 app\nCOPY --chown=10001:10001 . /home/app/src\nUSER 10001\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let lexer = Lexer::new(context.dockerfile.escape);
    let windows: Vec<bool> = (0..context.resolution.stages.len())
        .map(|index| stage_family(context, index) == Family::Windows)
        .collect();
    scope::walk(context, |stage, instruction, scope| {
        match instruction.kind {
            _ if windows.get(stage).copied().unwrap_or(false) => {}
            Some(Keyword::User) => {
                let Arguments::Shell(word) = &instruction.arguments else {
                    return;
                };
                let Some(value) = scope.expand(&lexer, &word.value) else {
                    return;
                };
                let user = value.split(':').next().unwrap_or_default();
                if user.is_empty() || is_numeric(user) {
                    return;
                }
                let written = context.file.slice(word.span);
                let mut diagnostic = Diagnostic::new(
                    &RULE,
                    word.span,
                    format!(
                        "USER \"{value}\" names the user; use a numeric id so the image does not depend on /etc/passwd"
                    ),
                );
                if written == value
                    && let Some(replacement) = root_as_zero(&value, false)
                {
                    diagnostic = diagnostic.with_fix(fix(word.span, replacement));
                }
                diagnostics.push(diagnostic);
            }
            Some(Keyword::Copy | Keyword::Add) => {
                let Some(flag) = instruction.last_flag("chown") else {
                    return;
                };
                let raw = flag.value().unwrap_or_default();
                let Some(value) = scope.expand(&lexer, raw) else {
                    return;
                };
                let named: Vec<&str> = value
                    .split(':')
                    .filter(|part| !part.is_empty() && !is_numeric(part))
                    .collect();
                if named.is_empty() {
                    return;
                }
                let keyword = instruction.keyword.value.to_uppercase();
                let mut diagnostic = Diagnostic::new(
                    &RULE,
                    flag.span,
                    format!(
                        "{keyword} --chown=\"{value}\" names the owner; use numeric ids so the owner does not depend on the stage's /etc/passwd and /etc/group"
                    ),
                );
                let written = context.file.slice(flag.span);
                if written == flag.text
                    && raw == value
                    && let Some(replacement) = root_as_zero(&value, true)
                {
                    let prefix = &flag.text[..flag.text.len() - raw.len()];
                    diagnostic =
                        diagnostic.with_fix(fix(flag.span, format!("{prefix}{replacement}")));
                }
                diagnostics.push(diagnostic);
            }
            _ => {}
        }
    });
}

fn is_numeric(part: &str) -> bool {
    part.bytes().all(|byte| byte.is_ascii_digit())
}

/// `root` → `0` in each part, when every named part is `root` (for USER, only the user part
/// has to be numeric).
fn root_as_zero(value: &str, every_part: bool) -> Option<String> {
    let parts: Vec<&str> = value.split(':').collect();
    let checked = if every_part { &parts[..] } else { &parts[..1] };
    if !checked
        .iter()
        .all(|part| is_numeric(part) || *part == "root")
    {
        return None;
    }
    Some(
        parts
            .iter()
            .map(|part| if *part == "root" { "0" } else { part })
            .collect::<Vec<_>>()
            .join(":"),
    )
}

fn fix(span: Span, replacement: String) -> Fix {
    Fix {
        title: format!("write the root account as {replacement}"),
        applicability: Applicability::Safe,
        edits: vec![Edit::new(span, replacement)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{findings, fixed};

    #[test]
    fn names_ids_and_variables() {
        let text = "FROM alpine\nARG APP_UID=10001\nARG NAME=app\nARG UNSET\nUSER $APP_UID\nUSER 1000:www-data\nUSER ${NAME}\nUSER $UNSET\nCOPY --chown=1000:staff a /a\nADD --chown=${APP_UID} b /b\nUSER nobody\n";
        let found: Vec<String> = findings(&RULE, text)
            .into_iter()
            .map(|diagnostic| diagnostic.message)
            .collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with("USER \"app\""));
        assert!(found[1].starts_with("COPY --chown=\"1000:staff\""));
        assert!(found[2].starts_with("USER \"nobody\""));
    }

    #[test]
    fn windows_accounts_are_names() {
        let text = "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022 AS win\nUSER ContainerUser\nFROM win\nCOPY --chown=ContainerAdministrator a /a\nFROM --platform=windows/amd64 golang:1.26\nUSER ContainerAdministrator\nFROM debian:12\nUSER app\n";
        let lines: Vec<usize> = findings(&RULE, text)
            .iter()
            .map(|diagnostic| diagnostic.span.start)
            .map(|start| text[..start].lines().count())
            .collect();
        assert_eq!(lines, [8], "only the Linux stage");
    }

    #[test]
    fn root_becomes_zero() {
        let text = "FROM debian\nCOPY --chown=root:root etc /etc\nUSER root\nRUN apt-get update\nUSER root:adm\nFROM debian\nadd --chown=root a /a\n";
        assert_eq!(
            fixed(&RULE, text),
            "FROM debian\nCOPY --chown=0:0 etc /etc\nUSER 0\nRUN apt-get update\nUSER 0:adm\nFROM debian\nadd --chown=0 a /a\n"
        );
    }
}
