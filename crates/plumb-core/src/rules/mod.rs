//! Rule metadata and the registry of every rule plumb has.
//!
//! A rule's code is its identity forever: a family prefix (`DF` Dockerfile, `CP` compose,
//! `MK` mkosi, `DS` dstack target, `PL` plan) and three digits whose hundreds digit is the
//! category. Each format module defines its rules, one file per rule; this module only
//! lists them. The rules reference (`docs/rules.md`) is generated from this metadata.

pub mod docs_file;
pub mod reference;
mod registry;

pub use registry::{all, find, find_by_upstream};

use crate::diagnostic::Severity;
use crate::workspace::{FileKind, Workspace};
use serde::Serialize;

/// A rule's explanation as written, in a build with the `rule-docs` feature; without it
/// (the browser's build, which fetches the documentation when it is asked for) empty, so the
/// text is not part of the program.
#[cfg(feature = "rule-docs")]
macro_rules! rule_text {
    ($text:expr) => {
        $text
    };
}
#[cfg(not(feature = "rule-docs"))]
macro_rules! rule_text {
    ($text:expr) => {
        ""
    };
}
pub(crate) use rule_text;

/// A rule's example as written (a variant of [`Example`]: `rule_example!(Text("…"))`), in a
/// build with the `rule-docs` feature; an empty text without it (see [`rule_text`]).
#[cfg(feature = "rule-docs")]
macro_rules! rule_example {
    ($variant:ident $($example:tt)*) => {
        $crate::rules::Example::$variant $($example)*
    };
}
#[cfg(not(feature = "rule-docs"))]
macro_rules! rule_example {
    ($($example:tt)*) => {
        $crate::rules::Example::Text("")
    };
}
pub(crate) use rule_example;

/// Everything plumb knows about one rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable code, e.g. `DF001`.
    pub code: &'static str,
    /// Kebab-case name, e.g. `unknown-instruction`.
    pub name: &'static str,
    /// One line saying what is wrong.
    pub title: &'static str,
    pub severity: Severity,
    /// The same problem as other tools name it.
    pub upstream: &'static [Upstream],
    pub fix: FixAvailability,
    /// Markdown: why this matters and what to do.
    pub explanation: &'static str,
    /// A file that triggers the rule (a test checks it does).
    pub failing_example: Example,
    /// The same file, corrected (a test checks it does not trigger the rule).
    pub passing_example: Example,
}

/// An example file for a rule's documentation.
#[derive(Debug, Clone, Copy)]
pub enum Example {
    /// The file's text, shown verbatim in the docs.
    Text(&'static str),
    /// A file that cannot be shown (too large, not text): described in words, built for tests,
    /// at `path`.
    Built {
        path: &'static str,
        description: &'static str,
        build: fn() -> Vec<u8>,
    },
    /// Several files by path: the first is the one the rule reports on; with the others it
    /// makes the build context, whose files are then known (`.dockerignore` among them); a
    /// `plumb.toml` among them configures the first.
    Files(&'static [(&'static str, &'static str)]),
}

impl Example {
    /// The path of the file the rule reports on.
    pub fn path(&self) -> &'static str {
        match self {
            Example::Files(files) => files.first().map_or("Dockerfile", |(path, _)| path),
            Example::Built { path, .. } => path,
            Example::Text(_) => "Dockerfile",
        }
    }

    /// The bytes of the file the rule reports on.
    pub fn bytes(&self) -> Vec<u8> {
        match self {
            Example::Text(text) => text.as_bytes().to_vec(),
            Example::Files(files) => files
                .first()
                .map(|(_, text)| text.as_bytes().to_vec())
                .unwrap_or_default(),
            Example::Built { build, .. } => build(),
        }
    }

    /// The example as a workspace: its files, and for [`Example::Files`] the build context
    /// with every file of the example known.
    pub fn workspace(&self) -> Workspace {
        let mut workspace = Workspace::new();
        let path = self.path();
        let kind = FileKind::detect(path).unwrap_or(FileKind::Dockerfile);
        workspace.add_file(path, kind, self.bytes());
        if let Example::Files(files) = self {
            for (other, text) in &files[1..] {
                if other.ends_with(".dockerignore") {
                    workspace.add_file(*other, FileKind::Dockerignore, *text);
                }
                // The other files of an mkosi tree: its configuration and scripts.
                if let Some(kind @ (FileKind::Mkosi | FileKind::MkosiScript)) =
                    FileKind::detect(other)
                {
                    workspace.add_file(*other, kind, *text);
                }
                if other.rsplit('/').next() == Some("plumb.toml")
                    && workspace.add_config(*other, text).is_ok()
                {
                    workspace.use_config(path, other, path);
                }
                if other.rsplit('/').next() == Some(crate::lock::LOCK_FILE) {
                    let directory = crate::build_context::BuildContext::directory_of(other);
                    workspace.set_lock(directory, crate::lock::Lock::parse(text.as_bytes()).ok());
                }
            }
            if kind == FileKind::Compose {
                let in_memory = files
                    .iter()
                    .map(|(file, text)| (*file, text.as_bytes()))
                    .collect();
                crate::compose::builds::add_compose_builds(
                    &mut workspace,
                    &mut crate::compose::builds::FilesInMemory(in_memory),
                );
            } else {
                let mut context = workspace.build_context(path);
                context.files = Some(std::sync::Arc::new(
                    files.iter().map(|(file, _)| (*file).to_owned()).collect(),
                ));
                workspace.set_build_context(path, context);
            }
        }
        workspace
    }
}

/// Codes are unique (the registry's tests check it), so they are a rule's identity.
impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

/// Rules order by code.
impl PartialOrd for Rule {
    fn partial_cmp(&self, other: &Rule) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Rule {
    fn cmp(&self, other: &Rule) -> std::cmp::Ordering {
        self.code.cmp(other.code)
    }
}

impl Rule {
    pub fn family(&self) -> Family {
        Family::of_code(self.code).expect("registry test guarantees a known family")
    }

    pub fn category(&self) -> Category {
        Category::of_code(self.code).expect("registry test guarantees a known category")
    }

    /// Whether `name` (a plumb code or any upstream code) refers to this rule.
    pub fn answers_to(&self, name: &str) -> bool {
        self.code.eq_ignore_ascii_case(name)
            || self.upstream.iter().any(|upstream| upstream.code() == name)
    }
}

/// The file format a rule applies to, from the code's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Dockerfile,
    Compose,
    Mkosi,
    Dstack,
    Plan,
}

impl Family {
    pub const ALL: [Family; 5] = [
        Family::Dockerfile,
        Family::Compose,
        Family::Mkosi,
        Family::Dstack,
        Family::Plan,
    ];

    pub fn prefix(self) -> &'static str {
        match self {
            Family::Dockerfile => "DF",
            Family::Compose => "CP",
            Family::Mkosi => "MK",
            Family::Dstack => "DS",
            Family::Plan => "PL",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Family::Dockerfile => "Dockerfile",
            Family::Compose => "Docker Compose",
            Family::Mkosi => "mkosi",
            Family::Dstack => "dstack target",
            Family::Plan => "Build plan",
        }
    }

    fn of_code(code: &str) -> Option<Family> {
        Family::ALL
            .into_iter()
            .find(|family| code.starts_with(family.prefix()))
    }
}

/// What kind of problem a rule finds; the hundreds digit of its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// What the real tool rejects.
    Syntax,
    Correctness,
    Reproducibility,
    Security,
    Maintainability,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Syntax,
        Category::Correctness,
        Category::Reproducibility,
        Category::Security,
        Category::Maintainability,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Correctness => "correctness",
            Category::Reproducibility => "reproducibility",
            Category::Security => "security",
            Category::Maintainability => "maintainability and style",
        }
    }

    fn of_code(code: &str) -> Option<Category> {
        let digits = code.get(2..)?;
        if digits.len() != 3 || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        Category::ALL
            .get(usize::from(digits.as_bytes()[0] - b'0'))
            .copied()
    }
}

/// The same problem in another tool's vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "tool", content = "code", rename_all = "kebab-case")]
pub enum Upstream {
    /// A hadolint rule, e.g. `DL3008`.
    Hadolint(&'static str),
    /// A BuildKit build check, e.g. `JSONArgsRecommended`.
    BuildkitCheck(&'static str),
    /// An error BuildKit's Dockerfile frontend raises, by its message.
    BuildkitError(&'static str),
    /// What docker compose says (an error or a warning), by its message.
    DockerCompose(&'static str),
    /// A dclint rule, e.g. `no-build-and-image`.
    Dclint(&'static str),
}

impl Upstream {
    pub fn code(self) -> &'static str {
        match self {
            Upstream::Hadolint(code)
            | Upstream::BuildkitCheck(code)
            | Upstream::BuildkitError(code)
            | Upstream::DockerCompose(code)
            | Upstream::Dclint(code) => code,
        }
    }

    pub fn tool(self) -> &'static str {
        match self {
            Upstream::Hadolint(_) => "hadolint",
            Upstream::BuildkitCheck(_) => "BuildKit check",
            Upstream::BuildkitError(_) => "BuildKit error",
            Upstream::DockerCompose(_) => "docker compose",
            Upstream::Dclint(_) => "dclint",
        }
    }
}

/// Whether a rule offers a mechanical fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixAvailability {
    None,
    Safe,
    Unsafe,
}
