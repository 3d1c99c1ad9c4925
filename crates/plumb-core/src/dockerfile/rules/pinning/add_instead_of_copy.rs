//! DF209: ADD of local files or folders that are not archives.

use super::copy_words;
use super::sources::{SourceKind, classify, looks_like_archive};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::heredoc::is_heredoc_word;
use crate::dockerfile::instruction::{Arguments, Instruction, Keyword};
use crate::dockerfile::scope;
use crate::dockerfile::shell_lexer::Lexer;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF209",
    name: "add-instead-of-copy",
    title: "ADD used to copy local files",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL3020")],
    fix: FixAvailability::Unsafe,
    explanation: crate::rules::rule_text!(
        "ADD does more than copy: it downloads URLs, clones Git repositories and \
unpacks local tar archives. For plain files and folders it does what COPY does, but a reader \
cannot tell which behaviour was meant, and a file that happens to be a tar archive is \
unpacked whatever its name. Use COPY for local files and keep ADD for what only ADD does.

The rule reports an ADD with a source in the build context whose name does not look like an \
archive (`.tar`, `.tar.gz`, `.tgz`, `.tar.xz`, `.tar.zst`, …). The fix rewrites `ADD` as \
`COPY` when every source is such a file and the instruction has no ADD-only flag \
(`--checksum`, `--keep-git-dir`, `--unpack`); it is marked unsafe because BuildKit recognises \
archives by their content, not by their name.

**Compared with hadolint:** DL3020 (an error there) treats every source that is not an \
`http(s)://` URL or an archive name as a local file, so it also reports `ADD \
git@github.com:org/repo.git`, which BuildKit clones; plumb reads sources as BuildKit does \
and leaves Git sources to DF204. hadolint reads sources as written; plumb after expanding the \
stage's ARG and ENV defaults."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM nginx:1.27-alpine@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10\nADD nginx.conf /etc/nginx/nginx.conf\nADD site/ /usr/share/nginx/html/\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM nginx:1.27-alpine@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10\nCOPY nginx.conf /etc/nginx/nginx.conf\nCOPY site/ /usr/share/nginx/html/\nADD rootfs.tar.gz /\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let lexer = Lexer::new(context.dockerfile.escape);
    scope::walk(context, |_, instruction, scope| {
        let expand = |value: &str| {
            scope
                .expand(&lexer, value)
                .unwrap_or_else(|| value.to_owned())
        };
        check_add(instruction, &expand, diagnostics);
        if let Arguments::Trigger(trigger) = &instruction.arguments {
            check_add(trigger, &|value: &str| value.to_owned(), diagnostics);
        }
    });
}

fn check_add(
    instruction: &Instruction,
    expand: &dyn Fn(&str) -> String,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if instruction.kind != Some(Keyword::Add) {
        return;
    }
    let Some((sources, _)) = copy_words(instruction) else {
        return;
    };
    let mut plain_files = Vec::new();
    let mut others = 0;
    for source in sources {
        if is_heredoc_word(&source.value) {
            plain_files.push(source.value.clone());
            continue;
        }
        let value = expand(&source.value);
        if classify(&value) == SourceKind::Local && !looks_like_archive(&value) {
            plain_files.push(value);
        } else {
            others += 1;
        }
    }
    let Some(first) = plain_files.first() else {
        return;
    };
    let message = if is_heredoc_word(first) {
        format!("ADD writes the inline file {first}, which COPY does as well; use COPY")
    } else {
        format!(
            "ADD copies the local file or folder \"{first}\", which is not an archive; use COPY"
        )
    };
    let mut diagnostic = Diagnostic::new(&RULE, instruction.keyword.span, message);
    let add_only = instruction
        .flags
        .iter()
        .any(|flag| matches!(flag.name(), "checksum" | "keep-git-dir" | "unpack"));
    if others == 0 && !add_only {
        let written = &instruction.keyword.value;
        let replacement = if written.chars().all(|ch| ch.is_ascii_lowercase()) {
            "copy"
        } else {
            "COPY"
        };
        diagnostic = diagnostic.with_fix(Fix {
            title: "use COPY".into(),
            applicability: Applicability::Unsafe,
            edits: vec![Edit {
                file: None,
                span: instruction.keyword.span,
                replacement: replacement.into(),
            }],
        });
    } else if others > 0 {
        diagnostic = diagnostic.with_note(
            "the same ADD also fetches or unpacks other sources: move the plain files to their own COPY",
        );
    }
    diagnostics.push(diagnostic);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{findings, fixed};

    #[test]
    fn local_files_archives_and_remote_sources() {
        let text = "FROM alpine\nARG CONF=app.conf\nADD $CONF /etc/\nADD app.tar.gz /opt/\nADD https://example.com/x /x\nADD git@github.com:moby/buildkit.git /src\nADD a.tgz b.txt /m/\nADD <<EOF /greeting\nhello\nEOF\nONBUILD ADD . /app\n";
        let found = findings(&RULE, text);
        let summary: Vec<(usize, bool)> = found
            .iter()
            .map(|diagnostic| (diagnostic.span.start, diagnostic.fixes.is_empty()))
            .collect();
        assert_eq!(summary.len(), 4, "{found:#?}");
        assert!(found[0].message.contains("\"app.conf\""));
        assert!(!summary[0].1 && summary[1].1 && !summary[2].1 && !summary[3].1);
    }

    #[test]
    fn the_fix_keeps_the_keyword_case() {
        let text =
            "FROM alpine\nadd config /etc/app/\nADD --chown=10001 --link bin/ /usr/local/bin/\n";
        assert_eq!(
            fixed(&RULE, text),
            "FROM alpine\ncopy config /etc/app/\nCOPY --chown=10001 --link bin/ /usr/local/bin/\n"
        );
    }
}
