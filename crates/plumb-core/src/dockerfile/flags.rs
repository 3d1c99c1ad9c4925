//! Instruction flags as BuildKit's second layer reads them (`instructions/bflag.go`): which
//! flags each instruction accepts, their types, and the errors for unknown, repeated and
//! malformed flags.

use super::instruction::{Arguments, Flag, Instruction, Keyword};
use super::rules::{duplicate_flag, invalid_flag_value, unknown_flag};
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::suggest::with_suggestion;

/// How a flag takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagKind {
    /// `--link`, `--link=true`, `--link=false`.
    Bool,
    /// `--from=build`; given at most once.
    Text,
    /// `--mount=…`; may be repeated.
    List,
}

#[derive(Debug)]
pub struct FlagSpec {
    pub name: &'static str,
    pub kind: FlagKind,
}

const fn spec(name: &'static str, kind: FlagKind) -> FlagSpec {
    FlagSpec { name, kind }
}

const ADD: &[FlagSpec] = &[
    spec("chown", FlagKind::Text),
    spec("chmod", FlagKind::Text),
    spec("link", FlagKind::Bool),
    spec("keep-git-dir", FlagKind::Bool),
    spec("checksum", FlagKind::Text),
    spec("unpack", FlagKind::Bool),
    spec("exclude", FlagKind::List),
];
const COPY: &[FlagSpec] = &[
    spec("chown", FlagKind::Text),
    spec("from", FlagKind::Text),
    spec("chmod", FlagKind::Text),
    spec("link", FlagKind::Bool),
    spec("exclude", FlagKind::List),
    spec("parents", FlagKind::Bool),
];
const FROM: &[FlagSpec] = &[spec("platform", FlagKind::Text)];
const RUN: &[FlagSpec] = &[
    spec("device", FlagKind::List),
    spec("mount", FlagKind::List),
    spec("network", FlagKind::Text),
    spec("security", FlagKind::Text),
];
const HEALTHCHECK: &[FlagSpec] = &[
    spec("interval", FlagKind::Text),
    spec("timeout", FlagKind::Text),
    spec("start-period", FlagKind::Text),
    spec("start-interval", FlagKind::Text),
    spec("retries", FlagKind::Text),
];

/// The flags `instruction` accepts, or `None` when BuildKit never parses its flags (ARG,
/// STOPSIGNAL and HEALTHCHECK NONE silently ignore any).
pub fn accepted(instruction: &Instruction) -> Option<&'static [FlagSpec]> {
    match instruction.kind? {
        Keyword::Add => Some(ADD),
        Keyword::Copy => Some(COPY),
        Keyword::From => Some(FROM),
        Keyword::Run => Some(RUN),
        Keyword::Arg | Keyword::Stopsignal => None,
        Keyword::Healthcheck => match &instruction.arguments {
            Arguments::Healthcheck { kind, .. } if kind.value.eq_ignore_ascii_case("NONE") => None,
            _ => Some(HEALTHCHECK),
        },
        _ => Some(&[]),
    }
}

/// One flag as given: its spec, its value (`None` for a bare `--link`) and where it is.
#[derive(Debug, Clone)]
pub struct FlagValue<'a> {
    pub spec: &'static FlagSpec,
    pub value: Option<&'a str>,
    pub span: Span,
}

impl FlagValue<'_> {
    /// A boolean flag's value (`--link` alone is true).
    pub fn is_true(&self) -> bool {
        self.value
            .is_none_or(|value| value.eq_ignore_ascii_case("true"))
    }
}

/// The accepted flags of an instruction, in order, with a diagnostic for each unknown,
/// repeated or malformed one (BuildKit stops at the first; plumb reports them all).
pub fn read_flags<'a>(
    instruction: &'a Instruction,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<FlagValue<'a>> {
    let Some(specs) = accepted(instruction) else {
        return Vec::new();
    };
    let mut read: Vec<FlagValue<'a>> = Vec::new();
    for flag in &instruction.flags {
        if flag.text == "--" {
            break;
        }
        if let Some(value) = read_flag(flag, specs, &read, diagnostics) {
            read.push(value);
        }
    }
    read
}

fn read_flag<'a>(
    flag: &'a Flag,
    specs: &'static [FlagSpec],
    read: &[FlagValue<'a>],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<FlagValue<'a>> {
    let (written_name, value) = match flag.text.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (flag.text.as_str(), None),
    };
    let name = written_name.strip_prefix("--").unwrap_or(written_name);
    let Some(spec) = specs.iter().find(|spec| spec.name == name) else {
        let names: Vec<&str> = specs.iter().map(|spec| spec.name).collect();
        let message = with_suggestion(format!("unknown flag: {written_name}"), name, &names, true);
        diagnostics.push(Diagnostic::new(&unknown_flag::RULE, flag.span, message));
        return None;
    };
    if spec.kind != FlagKind::List
        && let Some(first) = read.iter().find(|earlier| earlier.spec.name == spec.name)
    {
        diagnostics.push(
            Diagnostic::new(
                &duplicate_flag::RULE,
                flag.span,
                format!("duplicate flag specified: {written_name}"),
            )
            .with_label(first.span, "first given here"),
        );
        return None;
    }
    let problem = match (spec.kind, value) {
        (FlagKind::Bool, Some("")) | (FlagKind::Text | FlagKind::List, None) => {
            Some(format!("missing a value on flag: {written_name}"))
        }
        (FlagKind::Bool, Some(value))
            if !matches!(value.to_lowercase().as_str(), "true" | "false") =>
        {
            Some(format!(
                "expecting boolean value for flag {written_name}, not: {value}"
            ))
        }
        _ => None,
    };
    if let Some(message) = problem {
        diagnostics.push(Diagnostic::new(
            &invalid_flag_value::RULE,
            flag.span,
            message,
        ));
        return None;
    }
    Some(FlagValue {
        spec,
        value,
        span: flag.span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;
    use crate::source::SourceFile;

    fn problems(line: &str) -> Vec<String> {
        let (dockerfile, _) = parse(&SourceFile::new("Dockerfile", format!("FROM x\n{line}\n")));
        let mut diagnostics = Vec::new();
        read_flags(&dockerfile.instructions[1], &mut diagnostics);
        diagnostics
            .into_iter()
            .map(|diagnostic| format!("{} {}", diagnostic.code(), diagnostic.message))
            .collect()
    }

    #[test]
    fn reports_buildkit_flag_errors() {
        assert_eq!(
            problems("COPY --from=a --link=false a b"),
            Vec::<String>::new()
        );
        assert_eq!(
            problems("RUN --mnt=type=cache x"),
            ["DF010 unknown flag: --mnt (did you mean mount?)"]
        );
        assert_eq!(
            problems("COPY --from=a --from=b a b"),
            ["DF011 duplicate flag specified: --from"]
        );
        assert_eq!(
            problems("RUN --mount=type=tmpfs,target=/a --mount=type=tmpfs,target=/b x"),
            Vec::<String>::new()
        );
        assert_eq!(
            problems("COPY --link= a b"),
            ["DF012 missing a value on flag: --link"]
        );
        assert_eq!(
            problems("COPY --link=yes a b"),
            ["DF012 expecting boolean value for flag --link, not: yes"]
        );
        assert_eq!(
            problems("COPY --from a b"),
            ["DF012 missing a value on flag: --from"]
        );
        assert_eq!(problems("WORKDIR --x /a"), ["DF010 unknown flag: --x"]);
        assert_eq!(
            problems("COPY --Link a b"),
            ["DF010 unknown flag: --Link (did you mean link?)"]
        );
    }

    #[test]
    fn some_instructions_ignore_flags() {
        assert_eq!(problems("ARG --anything=1 A"), Vec::<String>::new());
        assert_eq!(problems("STOPSIGNAL --x SIGTERM"), Vec::<String>::new());
        assert_eq!(problems("HEALTHCHECK --x NONE"), Vec::<String>::new());
        assert_eq!(
            problems("HEALTHCHECK --x CMD true"),
            ["DF010 unknown flag: --x"]
        );
    }
}
