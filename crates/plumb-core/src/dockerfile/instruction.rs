//! The parsed shape of a Dockerfile: directives and instructions, each with spans.

use super::logical_line::LogicalLine;
use crate::source::Span;
use serde::Serialize;

/// Every instruction BuildKit knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
}

impl Keyword {
    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::Stopsignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
        }
    }

    /// Instructions are case-insensitive.
    pub fn parse(word: &str) -> Option<Keyword> {
        Keyword::ALL
            .into_iter()
            .find(|keyword| keyword.as_str().eq_ignore_ascii_case(word))
    }

    /// RUN, COPY and ADD may carry heredocs.
    pub fn takes_heredocs(self) -> bool {
        matches!(self, Keyword::Run | Keyword::Copy | Keyword::Add)
    }
}

/// A piece of text from the file with its value after the parser's own processing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Word {
    pub value: String,
    pub span: Span,
}

/// A `--name[=value]` flag, as BuildKit's first layer keeps it: quotes removed, escapes applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The whole processed flag, e.g. `--mount=type=cache,target=/x`.
    pub text: String,
    pub span: Span,
}

impl Flag {
    /// The name without dashes: `mount` for `--mount=…`.
    pub fn name(&self) -> &str {
        let text = self.text.trim_start_matches('-');
        text.split_once('=').map_or(text, |(name, _)| name)
    }

    /// The value after the first `=`, if any.
    pub fn value(&self) -> Option<&str> {
        self.text.split_once('=').map(|(_, value)| value)
    }
}

/// One `KEY=value` (or legacy `KEY value`) pair of ENV or LABEL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyValue {
    pub key: Word,
    pub value: Word,
    /// `false` for the legacy `KEY value` form.
    pub uses_equals: bool,
}

/// The arguments of an instruction, in the shape its BuildKit parser gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "form", content = "values", rename_all = "kebab-case")]
pub enum Arguments {
    /// Nothing after the keyword and flags.
    None,
    /// A JSON array of strings (`["a", "b"]`): RUN/CMD/ENTRYPOINT/SHELL, ADD/COPY/VOLUME.
    Exec(Vec<Word>),
    /// The rest of the line as one string: RUN/CMD/ENTRYPOINT/SHELL in shell form,
    /// MAINTAINER/USER/WORKDIR/STOPSIGNAL.
    Shell(Word),
    /// Separate words: FROM, EXPOSE, ADD/COPY/VOLUME without JSON, ARG.
    Words(Vec<Word>),
    /// ENV and LABEL pairs.
    KeyValues(Vec<KeyValue>),
    /// HEALTHCHECK: a type word (`CMD`, `NONE`) and the command after it.
    Healthcheck { kind: Word, command: Box<Arguments> },
    /// ONBUILD: the trigger instruction.
    Trigger(Box<Instruction>),
    /// An instruction BuildKit does not know; its arguments are ignored.
    Ignored,
    /// Arguments BuildKit rejects while parsing (a JSON array with a non-string element):
    /// the syntax finding says so, and no later check looks at them.
    Invalid,
}

impl Arguments {
    /// The values in BuildKit's node-chain order (ENV/LABEL as key, value, separator).
    pub fn values(&self) -> Vec<&str> {
        match self {
            Arguments::None | Arguments::Trigger(_) | Arguments::Invalid => Vec::new(),
            // BuildKit keeps one empty node for an instruction it does not know.
            Arguments::Ignored => vec![""],
            Arguments::Exec(words) | Arguments::Words(words) => {
                words.iter().map(|word| word.value.as_str()).collect()
            }
            Arguments::Shell(word) => vec![word.value.as_str()],
            Arguments::KeyValues(pairs) => pairs
                .iter()
                .flat_map(|pair| {
                    [
                        pair.key.value.as_str(),
                        pair.value.value.as_str(),
                        if pair.uses_equals { "=" } else { "" },
                    ]
                })
                .collect(),
            Arguments::Healthcheck { kind, command } => std::iter::once(kind.value.as_str())
                .chain(command.values())
                .collect(),
        }
    }

    /// True for the JSON (exec) form, including a HEALTHCHECK command in JSON.
    pub fn is_exec_form(&self) -> bool {
        match self {
            Arguments::Exec(_) => true,
            Arguments::Healthcheck { command, .. } => command.is_exec_form(),
            _ => false,
        }
    }
}

/// A here-document attached to RUN, COPY or ADD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// The delimiter word with quotes removed.
    pub name: String,
    /// The file descriptor before `<<` (`3<<EOF`), 0 if none.
    pub file_descriptor: u64,
    /// `false` when any part of the delimiter was quoted: the body is not expanded.
    pub expand: bool,
    /// `<<-`: leading tabs are stripped from the body and the terminator.
    pub chomp: bool,
    /// The body exactly as written, each line with its line ending.
    pub content: String,
    /// The body lines in the file.
    pub body_span: Span,
    /// The terminator line, absent when the file ended first.
    pub terminator_span: Option<Span>,
}

/// A `#` comment line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The text after `#`, trimmed.
    pub text: String,
    pub span: Span,
}

/// One instruction: a logical line plus any heredoc bodies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instruction {
    /// The keyword as written (case preserved).
    pub keyword: Word,
    /// The instruction, when BuildKit knows it.
    pub kind: Option<Keyword>,
    pub flags: Vec<Flag>,
    pub arguments: Arguments,
    pub heredocs: Vec<Heredoc>,
    /// The continuation-joined line, without heredoc bodies.
    pub original: String,
    /// From the keyword to the end of the last line, heredoc bodies included.
    pub span: Span,
    /// 1-based physical lines, the end including heredoc bodies.
    pub start_line: usize,
    pub end_line: usize,
    /// The comment block right above the instruction (blank lines do not end it, an empty
    /// `#` line does).
    pub comments: Vec<Comment>,
    /// Whitespace-only lines inside the continuation, each with its line ending: BuildKit
    /// skips them and warns that they will become errors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub empty_continuation_lines: Vec<Span>,
    /// Where each byte of `original` comes from: the joined line and this instruction's
    /// offset in it (non-zero for an ONBUILD trigger).
    #[serde(skip)]
    pub(crate) line: LogicalLine,
    #[serde(skip)]
    pub(crate) line_offset: usize,
}

impl Instruction {
    /// The last `--name` flag: the one BuildKit uses when a flag is repeated.
    pub fn last_flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().rev().find(|flag| flag.name() == name)
    }

    /// The file span of `original[start..end]`, across continuation lines.
    pub fn span_in_original(&self, start: usize, end: usize) -> Span {
        self.line
            .span(self.line_offset + start, self.line_offset + end)
    }
}

/// A parser directive at the top of the file: `# syntax=`, `# escape=` or `# check=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// Lower-cased name.
    pub name: String,
    pub value: String,
    pub span: Span,
    pub value_span: Span,
}

/// A parsed Dockerfile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dockerfile {
    pub directives: Vec<Directive>,
    /// The escape character in effect: `\` or `` ` ``.
    pub escape: char,
    pub instructions: Vec<Instruction>,
}

impl Dockerfile {
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives
            .iter()
            .find(|directive| directive.name == name)
    }
}
