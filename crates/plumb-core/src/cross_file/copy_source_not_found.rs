//! DF032: a COPY or ADD source that matches nothing in the build context.

use crate::analysis::AnalyzedFile;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::context_sources::context_sources;
use crate::dockerfile::dockerignore::Dockerignore;
use crate::format::FileInputs;
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::workspace::Workspace;

pub static RULE: Rule = Rule {
    code: "DF032",
    name: "copy-source-not-found",
    title: "COPY or ADD source not in the build context",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError(
        "failed to compute cache key: not found",
    )],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "BuildKit fails the build when a `COPY` or `ADD` source, or a wildcard, \
matches nothing in the build context (`failed to compute cache key: \"/missing.txt\": not \
found`). plumb checks the sources against the context's files where the front end knows \
them: the CLI lists the build context's directory, and the browser knows the files of its \
workspace. When the context is given (a compose file's `build.context`), a missing source is \
an error. When nobody said which context the build uses, plumb takes the Dockerfile's own \
folder and reports a missing source only as `info`: builds often use another folder \
(`docker build -f images/app/Dockerfile .`), and some sources are made by a script before the \
build. Sources are read after variable expansion and path cleaning, relative to the \
context's root (a leading `/` too); a directory matches when a file lies below it, and \
wildcards match path component by component as Go's `filepath.Match` does. `COPY --from`, \
URLs, Git repositories and heredocs are not read from the context and are not checked. A \
source that only matches files the `.dockerignore` excludes is DF112's finding."
    ),
    failing_example: crate::rules::rule_example!(Files(&[
        (
            "Dockerfile",
            "FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n",
        ),
        ("package.json", "{}\n"),
    ])),
    passing_example: crate::rules::rule_example!(Files(&[
        (
            "Dockerfile",
            "FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n",
        ),
        ("package.json", "{}\n"),
        ("package-lock.json", "{}\n"),
    ])),
};

pub fn check(workspace: &Workspace, files: &[AnalyzedFile], diagnostics: &mut Vec<Diagnostic>) {
    for file in files {
        let Some(document) = file.document.as_dockerfile() else {
            continue;
        };
        let path = file.source.path();
        let build_context = workspace.build_context(path);
        if build_context.files.is_none() {
            continue;
        }
        let context = Context::new(&file.source, document, FileInputs::default());
        let ignore = build_context
            .ignore_file
            .as_deref()
            .and_then(|ignore| workspace.text(ignore))
            .and_then(|text| Dockerignore::parse(&text).ok().flatten());
        for source in context_sources(&context) {
            // A source the ignore file excludes is DF112's finding.
            let ignored = ignore.as_ref().is_some_and(|ignore| {
                !ignore.has_exclusions() && ignore.excluding_pattern(&source.path).is_some()
            });
            if source.path == "." || source.path == "/" || ignored {
                continue;
            }
            if build_context.has_match(&source.path) == Some(false) {
                let root = if build_context.directory.is_empty() {
                    ".".to_owned()
                } else {
                    format!("{}/", build_context.directory)
                };
                let verb = source.verb.to_uppercase();
                let mut diagnostic = if build_context.assumed {
                    // The folder may not be the context the build uses: worth knowing only.
                    let mut diagnostic = Diagnostic::new(
                        &RULE,
                        source.span,
                        format!(
                            "{verb} source {:?} matches nothing in {}the Dockerfile's folder",
                            source.path,
                            if build_context.directory.is_empty() {
                                String::new()
                            } else {
                                format!("{root}, ")
                            }
                        ),
                    )
                    .with_note(
                        "if the build uses this folder as its context, BuildKit fails with \"not found\"; \
                         a build from another context (`docker build -f … DIR`) may have it",
                    );
                    diagnostic.severity = Severity::Info;
                    diagnostic
                } else {
                    Diagnostic::new(
                        &RULE,
                        source.span,
                        format!(
                            "{verb} source {:?} matches nothing in the build context",
                            source.path
                        ),
                    )
                    .with_note(format!(
                        "the build context is {root}; BuildKit fails with \"not found\""
                    ))
                };
                diagnostic.file = path.to_owned();
                diagnostics.push(diagnostic);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::analyze;
    use crate::build_context::BuildContext;
    use crate::workspace::{FileKind, Workspace};

    fn findings(dockerfile: &str, context: &str, files: &[&str]) -> Vec<String> {
        let mut workspace = Workspace::new();
        workspace.add_file("svc/Dockerfile", FileKind::Dockerfile, dockerfile);
        let mut build_context = BuildContext {
            directory: context.into(),
            files: Some(std::sync::Arc::new(
                files.iter().map(|file| (*file).to_owned()).collect(),
            )),
            assumed: false,
            ignore_file: None,
            listing: None,
        };
        build_context.ignore_file = workspace.ignore_file_for("svc/Dockerfile", &build_context);
        workspace.set_build_context("svc/Dockerfile", build_context);
        analyze(&workspace)
            .diagnostics
            .into_iter()
            .filter(|diagnostic| diagnostic.is(&RULE))
            .map(|diagnostic| diagnostic.message)
            .collect()
    }

    #[test]
    fn sources_are_looked_up_in_the_context_given() {
        let text = "FROM alpine\nARG DIR=src\nCOPY $DIR/ /src/\nCOPY missing.txt /\nCOPY --from=alpine /etc/passwd /\nCOPY <<EOF /x\nhi\nEOF\nADD https://example.com/a.tgz /\nCOPY . /all\nCOPY ./*.md /docs/\n";
        assert_eq!(
            findings(text, "", &["src/main.c", "README.md"]),
            ["COPY source \"missing.txt\" matches nothing in the build context"]
        );
        assert_eq!(
            findings(text, "", &["src/main.c", "missing.txt"]),
            ["COPY source \"*.md\" matches nothing in the build context"]
        );
    }

    #[test]
    fn an_assumed_context_gives_an_info() {
        let mut workspace = Workspace::new();
        workspace.add_file(
            "app/Dockerfile",
            FileKind::Dockerfile,
            "FROM alpine\nCOPY gone /\n",
        );
        let mut context = workspace.build_context("app/Dockerfile");
        assert!(context.assumed);
        context.files = Some(std::sync::Arc::new(["Dockerfile".to_owned()].into()));
        workspace.set_build_context("app/Dockerfile", context);
        let analysis = analyze(&workspace);
        let found: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.is(&RULE))
            .collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, crate::diagnostic::Severity::Info);
        assert_eq!(
            found[0].message,
            "COPY source \"gone\" matches nothing in app/, the Dockerfile's folder"
        );
    }

    #[test]
    fn sources_the_ignore_file_excludes_are_left_to_df112() {
        let mut workspace = Workspace::new();
        workspace.add_file(
            "Dockerfile",
            FileKind::Dockerfile,
            "FROM alpine\nCOPY secret.txt /\n",
        );
        workspace.add_file(".dockerignore", FileKind::Dockerignore, "secret.txt\n");
        let mut context = workspace.build_context("Dockerfile");
        context.files = Some(std::sync::Arc::new(["Dockerfile".to_owned()].into()));
        workspace.set_build_context("Dockerfile", context);
        let codes: Vec<&str> = analyze(&workspace)
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.code())
            .filter(|code| ["DF032", "DF112"].contains(code))
            .collect();
        assert_eq!(codes, ["DF112"]);
    }

    #[test]
    fn nothing_is_reported_when_the_files_are_unknown() {
        let mut workspace = Workspace::new();
        workspace.add_file(
            "Dockerfile",
            FileKind::Dockerfile,
            "FROM alpine\nCOPY a /\n",
        );
        assert!(
            analyze(&workspace)
                .diagnostics
                .iter()
                .all(|diagnostic| !diagnostic.is(&RULE))
        );
    }
}
