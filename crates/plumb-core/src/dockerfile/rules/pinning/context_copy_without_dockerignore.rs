//! DF208: copying the whole build context when there is no `.dockerignore`.

use super::expanded_sources;
use super::sources::{SourceKind, classify, clean};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::Keyword;
use crate::dockerfile::scope;
use crate::dockerfile::shell_lexer::Lexer;
use crate::rules::{FixAvailability, Rule};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "DF208",
    name: "context-copy-without-dockerignore",
    title: "Whole build context copied without a .dockerignore",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`COPY . /app` copies everything in the build context: the `.git` folder, \
local `.env` files and credentials, `node_modules` and build output from the developer's \
machine, editor swap files. They end up in a layer of the image, the layer differs between \
two checkouts of the same commit, and any change to any of these files invalidates the cache \
of every later step.

A `.dockerignore` next to the Dockerfile (or `<name>.Dockerfile.dockerignore` for a named \
Dockerfile) keeps them out of the context. A good start:

```text
.git
**/.env
**/node_modules
**/*.log
Dockerfile*
```

The rule reports the first `COPY` or `ADD` of the context root (`.`, `./`, `/`, `*`) in a \
Dockerfile whose build context has no `.dockerignore`, once, with the other such copies as \
labels; `COPY --from` reads a stage, not the context, and is not reported. plumb treats the \
Dockerfile's folder as the build context. Neither hadolint nor BuildKit's checks report this."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM node:22-alpine@sha256:96cc8323e25c8cc6ddcb8b965e135cfd57846e8003ec0d7bcec16c5fd5f6d39f\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM node:22-alpine@sha256:96cc8323e25c8cc6ddcb8b965e135cfd57846e8003ec0d7bcec16c5fd5f6d39f\nWORKDIR /app\nCOPY package.json package-lock.json ./\nCOPY src ./src\nRUN npm ci && npm run build\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    if context.dockerignore.is_some() {
        return;
    }
    let lexer = Lexer::new(context.dockerfile.escape);
    let mut found: Vec<Span> = Vec::new();
    scope::walk(context, |_, instruction, scope| {
        let is_add = match instruction.kind {
            Some(Keyword::Add) => true,
            Some(Keyword::Copy) => false,
            _ => return,
        };
        if instruction.last_flag("from").is_some() {
            return;
        }
        for (source, value) in expanded_sources(instruction, Some(scope), &lexer) {
            if is_add && classify(&value) != SourceKind::Local {
                continue;
            }
            let cleaned = clean(&value);
            if cleaned == "/" || cleaned == "/*" {
                found.push(source.span);
            }
        }
    });
    let Some((first, others)) = found.split_first() else {
        return;
    };
    let mut diagnostic = Diagnostic::new(
        &RULE,
        *first,
        "this copies the whole build context, which has no .dockerignore: .git, local secrets and build output end up in the image; add a .dockerignore",
    );
    for span in others {
        diagnostic = diagnostic.with_label(*span, "the whole context is copied here too");
    }
    diagnostics.push(diagnostic);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{findings, findings_in_context};

    #[test]
    fn root_copies_once_per_file() {
        let text = "FROM alpine AS a\nCOPY ./ /src\nCOPY --from=a . /b\nADD [\"*\", \"/c/\"]\nCOPY src/.. /d\nCOPY src /e\nADD https://example.com/ /f\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].labels.len(), 2);
        assert!(findings_in_context(&RULE, text, Some(".git\n")).is_empty());
    }
}
