//! DF302: the image runs as root because the final stage's last USER is root.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Arguments, Keyword};
use crate::dockerfile::resolve::Source;
use crate::dockerfile::scope;
use crate::dockerfile::shell_lexer::Lexer;
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::Span;
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    code: "DF302",
    name: "last-user-root",
    title: "Image runs as root",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL3002")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "The last USER of the final stage is the user the container runs as. When \
it is `root` (or `0`), a process that is compromised, or simply buggy, owns the whole \
container, and a container escape starts with root's privileges on the host's kernel. Switch \
back to an unprivileged user after the steps that need root:

```dockerfile
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl
USER 10001
```

The rule follows the final stage, and the stages it is built on through `FROM <stage>`, to \
the last USER that applies; values are read after expanding ARG and ENV defaults. Like \
hadolint, it reports nothing when no stage in that chain has a USER: the base image decides, \
and many official images (`nginx`, `postgres`) deliberately start as root and drop privileges \
themselves.

**Compared with hadolint:** DL3002 reports the last root USER of *every* stage, build stages \
included, although only the final stage's user reaches the image; it does not follow `FROM \
<stage>`."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:bookworm-slim@sha256:b1211f6d19afd012477bd34fdcabb6b663d680e0f4b0537da6e6b0fd057a3ec3\nRUN useradd --uid 10001 --no-create-home app\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nCMD [\"curl\", \"--version\"]\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:bookworm-slim@sha256:b1211f6d19afd012477bd34fdcabb6b663d680e0f4b0537da6e6b0fd057a3ec3\nRUN useradd --uid 10001 --no-create-home app\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nUSER 10001\nCMD [\"curl\", \"--version\"]\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let lexer = Lexer::new(context.dockerfile.escape);
    // The last USER of each stage: its value and where it is.
    let mut last_user: BTreeMap<usize, (String, Span)> = BTreeMap::new();
    scope::walk(context, |stage, instruction, scope| {
        if instruction.kind != Some(Keyword::User) {
            return;
        }
        if let Arguments::Shell(word) = &instruction.arguments {
            let value = scope
                .expand(&lexer, &word.value)
                .unwrap_or_else(|| word.value.clone());
            last_user.insert(stage, (value, word.span));
        }
    });
    let stages = &context.resolution.stages;
    let Some(final_stage) = stages.len().checked_sub(1) else {
        return;
    };
    let mut index = final_stage;
    // Each step goes to an earlier stage, so the walk ends.
    let (value, span) = loop {
        if let Some(found) = last_user.get(&index) {
            break found;
        }
        match stages[index].source {
            Source::Stage(parent) if parent < index => index = parent,
            _ => return,
        }
    };
    let user = value.split(':').next().unwrap_or_default();
    if user != "root" && user != "0" {
        return;
    }
    let message = if index == final_stage {
        format!(
            "the image runs as root: the final stage's last USER is \"{value}\"; switch to an unprivileged user after the steps that need root"
        )
    } else {
        let name = stages[index].name.clone().map_or_else(
            || format!("stage {index}"),
            |name| format!("stage \"{name}\""),
        );
        format!(
            "the image runs as root: the final stage inherits USER \"{value}\" from {name}; add a USER with an unprivileged id to the final stage"
        )
    };
    diagnostics.push(Diagnostic::new(&RULE, *span, message));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::messages;

    #[test]
    fn final_stage_and_inherited_users() {
        assert!(
            messages(
                &RULE,
                "FROM alpine AS build\nUSER root\nFROM alpine\nRUN true\n"
            )
            .is_empty()
        );
        assert!(messages(&RULE, "FROM alpine\nUSER 0:0\nUSER app\n").is_empty());
        assert!(
            messages(&RULE, "FROM alpine\nARG RUN_AS=root\nUSER $RUN_AS\n")[0].contains("\"root\"")
        );
        let inherited = messages(
            &RULE,
            "FROM alpine AS base\nUSER root:root\nFROM base\nRUN true\n",
        );
        assert!(
            inherited[0].contains("from stage \"base\""),
            "{inherited:?}"
        );
        assert!(messages(&RULE, "FROM alpine\nRUN true\n").is_empty());
    }
}
