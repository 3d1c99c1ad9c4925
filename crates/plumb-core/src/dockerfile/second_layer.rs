//! BuildKit's second layer (`instructions/parse.go`): what each instruction requires of its
//! arguments and flags. Every problem is reported, where BuildKit stops at the first.

use super::flags::{self, FlagValue};
use super::heredoc::is_heredoc_word;
use super::instruction::{Arguments, Dockerfile, Instruction, Keyword, Word};
use super::mount::{parse_device, parse_mount};
use super::rules::{
    argument_count, empty_volume, heredoc_destination, instruction_before_from, invalid_flag_value,
    invalid_healthcheck, invalid_mount, invalid_onbuild_trigger, invalid_stage_name,
    key_value_syntax, no_instructions, shell_requires_json,
};
use crate::diagnostic::Diagnostic;
use crate::go_units::duration::parse_duration;
use crate::rules::Rule;
use crate::source::Span;

pub fn check(dockerfile: &Dockerfile, diagnostics: &mut Vec<Diagnostic>) {
    let only_args = !dockerfile.instructions.is_empty()
        && dockerfile
            .instructions
            .iter()
            .all(|instruction| instruction.kind == Some(Keyword::Arg));
    if only_args {
        diagnostics.push(Diagnostic::new(
            &no_instructions::RULE,
            dockerfile.instructions[0].keyword.span,
            "dockerfile contains no stages to build",
        ));
    }
    let mut seen_from = false;
    for instruction in &dockerfile.instructions {
        match instruction.kind {
            Some(Keyword::From) => seen_from = true,
            Some(Keyword::Arg) | None => {}
            Some(_) if !seen_from => {
                diagnostics.push(
                    Diagnostic::new(
                        &instruction_before_from::RULE,
                        instruction.keyword.span,
                        "no build stage in current context",
                    )
                    .with_note("only ARG may come before the first FROM"),
                );
                // One is enough: without a FROM every later line would repeat it.
                seen_from = true;
            }
            Some(_) => {}
        }
        check_instruction(instruction, diagnostics);
        if let Arguments::Trigger(trigger) = &instruction.arguments {
            check_instruction(trigger, diagnostics);
        }
    }
}

/// BuildKit's `nodeArgs`: the argument values, with an ONBUILD trigger's keyword first.
fn argument_values(instruction: &Instruction) -> Vec<&str> {
    match &instruction.arguments {
        Arguments::Trigger(trigger) => std::iter::once(trigger.keyword.value.as_str())
            .chain(argument_values(trigger))
            .collect(),
        arguments => arguments.values(),
    }
}

/// The source words of the arguments, for pointing at one.
fn argument_words(arguments: &Arguments) -> Vec<&Word> {
    match arguments {
        Arguments::Exec(words) | Arguments::Words(words) => words.iter().collect(),
        Arguments::Shell(word) => vec![word],
        Arguments::KeyValues(pairs) => pairs.iter().map(|pair| &pair.key).collect(),
        Arguments::Healthcheck { kind, command } => std::iter::once(kind)
            .chain(argument_words(command))
            .collect(),
        Arguments::None | Arguments::Ignored | Arguments::Trigger(_) | Arguments::Invalid => {
            Vec::new()
        }
    }
}

struct Checker<'a> {
    instruction: &'a Instruction,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report(&mut self, rule: &'static Rule, span: Span, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(rule, span, message));
    }

    fn report_here(&mut self, rule: &'static Rule, message: impl Into<String>) {
        let span = self.instruction.keyword.span;
        self.report(rule, span, message);
    }

    fn require_exactly_one(&mut self, name: &str, count: usize) {
        if count != 1 {
            self.report_here(
                &argument_count::RULE,
                format!("{name} requires exactly one argument"),
            );
        }
    }

    fn require_at_least_one(&mut self, name: &str, count: usize) -> bool {
        if count == 0 {
            self.report_here(
                &argument_count::RULE,
                format!("{name} requires at least one argument"),
            );
        }
        count > 0
    }
}

fn check_instruction(instruction: &Instruction, diagnostics: &mut Vec<Diagnostic>) {
    let Some(keyword) = instruction.kind else {
        return;
    };
    if instruction.arguments == Arguments::Invalid {
        return;
    }
    let flags = flags::read_flags(instruction, diagnostics);
    let values = argument_values(instruction);
    let mut checker = Checker {
        instruction,
        diagnostics,
    };
    let name = keyword.as_str();
    match keyword {
        Keyword::Env | Keyword::Label => {
            if checker.require_at_least_one(name, values.len()) {
                check_blank_names(&mut checker, name);
            }
        }
        Keyword::Arg => {
            if checker.require_at_least_one(name, values.len()) {
                check_blank_names(&mut checker, name);
            }
        }
        Keyword::Maintainer | Keyword::Workdir | Keyword::User | Keyword::Stopsignal => {
            checker.require_exactly_one(name, values.len());
        }
        Keyword::Add | Keyword::Copy => check_sources_and_destination(&mut checker, name),
        Keyword::From => check_from(&mut checker, &values),
        Keyword::Onbuild => check_onbuild(&mut checker, &values),
        Keyword::Run => check_run(&mut checker, &flags),
        Keyword::Healthcheck => check_healthcheck(&mut checker, &values, &flags),
        Keyword::Expose => {
            checker.require_at_least_one(name, values.len());
        }
        Keyword::Volume => check_volume(&mut checker, &values),
        Keyword::Shell => {
            if checker.require_at_least_one(name, values.len())
                && !instruction.arguments.is_exec_form()
            {
                checker.report_here(
                    &shell_requires_json::RULE,
                    "SHELL requires the arguments to be in JSON form",
                );
            }
        }
        Keyword::Cmd | Keyword::Entrypoint => {}
    }
}

/// `ENV =x`, `LABEL =x`, `ARG =x`.
fn check_blank_names(checker: &mut Checker<'_>, name: &str) {
    let blank = match &checker.instruction.arguments {
        Arguments::KeyValues(pairs) => pairs
            .iter()
            .find(|pair| pair.key.value.is_empty())
            .map(|pair| pair.key.span),
        Arguments::Words(words) => words
            .iter()
            .find(|word| word.value.starts_with('='))
            .map(|word| word.span),
        _ => None,
    };
    if let Some(span) = blank {
        checker.report(
            &key_value_syntax::RULE,
            span,
            format!("{name} names can not be blank"),
        );
    }
}

fn check_sources_and_destination(checker: &mut Checker<'_>, name: &str) {
    let words = argument_words(&checker.instruction.arguments);
    let Some((destination, sources)) = words.split_last() else {
        return report_missing_destination(checker, name);
    };
    if sources.is_empty() {
        return report_missing_destination(checker, name);
    }
    if is_heredoc_word(&destination.value) {
        checker.report(
            &heredoc_destination::RULE,
            destination.span,
            format!("{name} cannot accept a heredoc as a destination"),
        );
    }
}

fn report_missing_destination(checker: &mut Checker<'_>, name: &str) {
    checker.report_here(
        &argument_count::RULE,
        format!("{name} requires at least two arguments, but only one was provided. Destination could not be determined"),
    );
}

fn check_from(checker: &mut Checker<'_>, values: &[&str]) {
    match values {
        [_] => {}
        [_, as_word, name] if as_word.eq_ignore_ascii_case("as") => {
            let lower = name.to_lowercase();
            let valid = lower.starts_with(|ch: char| ch.is_ascii_lowercase())
                && lower.chars().all(|ch| {
                    ch.is_ascii_lowercase() || ch.is_ascii_digit() || matches!(ch, '-' | '_' | '.')
                });
            if !valid {
                let span = argument_words(&checker.instruction.arguments)
                    .get(2)
                    .map_or(checker.instruction.keyword.span, |word| word.span);
                checker.report(
                    &invalid_stage_name::RULE,
                    span,
                    format!("invalid name for build stage: {name:?}, name can't start with a number or contain symbols"),
                );
            }
        }
        _ => checker.report_here(
            &argument_count::RULE,
            "FROM requires either one or three arguments",
        ),
    }
}

fn check_onbuild(checker: &mut Checker<'_>, values: &[&str]) {
    let Some(trigger) = values.first() else {
        return checker.report_here(
            &argument_count::RULE,
            "ONBUILD requires at least one argument",
        );
    };
    let trigger = trigger.trim().to_uppercase();
    let message = match trigger.as_str() {
        "ONBUILD" => "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".to_owned(),
        "MAINTAINER" | "FROM" => format!("{trigger} isn't allowed as an ONBUILD trigger"),
        _ => return,
    };
    let span = match &checker.instruction.arguments {
        Arguments::Trigger(trigger) => trigger.keyword.span,
        _ => checker.instruction.keyword.span,
    };
    checker.report(&invalid_onbuild_trigger::RULE, span, message);
}

fn check_run(checker: &mut Checker<'_>, flags: &[FlagValue<'_>]) {
    for flag in flags {
        let value = flag.value.unwrap_or_default();
        let problem = match flag.spec.name {
            "mount" => parse_mount(value)
                .err()
                .map(|message| (&invalid_mount::RULE, message)),
            "device" => parse_device(value)
                .err()
                .map(|message| (&invalid_flag_value::RULE, message)),
            "network" if !matches!(value, "default" | "none" | "host") => Some((
                &invalid_flag_value::RULE,
                format!("invalid network mode {value:?}"),
            )),
            "security" if !matches!(value, "sandbox" | "insecure") => Some((
                &invalid_flag_value::RULE,
                format!("security {value:?} is not valid"),
            )),
            _ => None,
        };
        if let Some((rule, message)) = problem {
            checker.report(rule, flag.span, message);
        }
    }
}

fn check_healthcheck(checker: &mut Checker<'_>, values: &[&str], flags: &[FlagValue<'_>]) {
    let Some((kind, command)) = values.split_first() else {
        return checker.report_here(
            &argument_count::RULE,
            "HEALTHCHECK requires at least one argument",
        );
    };
    let kind = kind.to_uppercase();
    match kind.as_str() {
        "NONE" if !command.is_empty() => {
            checker.report_here(
                &invalid_healthcheck::RULE,
                "HEALTHCHECK NONE takes no arguments",
            );
        }
        "NONE" => return,
        "CMD" if command.is_empty() => {
            checker.report_here(
                &invalid_healthcheck::RULE,
                "Missing command after HEALTHCHECK CMD",
            );
        }
        "CMD" => {}
        _ => checker.report_here(
            &invalid_healthcheck::RULE,
            format!("Unknown type {kind:?} in HEALTHCHECK (try CMD)"),
        ),
    }
    for flag in flags {
        let value = flag.value.unwrap_or_default();
        if value.is_empty() {
            continue;
        }
        let problem = if flag.spec.name == "retries" {
            match value.parse::<i32>() {
                Ok(retries) if retries < 0 => {
                    Some(format!("--retries cannot be negative ({retries})"))
                }
                Ok(_) => None,
                Err(_) => Some(go_parse_int_error(value)),
            }
        } else {
            match parse_duration(value) {
                Err(message) => Some(message),
                Ok(nanoseconds) if nanoseconds != 0 && nanoseconds < 1_000_000 => Some(format!(
                    "Interval {:?} cannot be less than 1ms",
                    flag.spec.name
                )),
                Ok(_) => None,
            }
        };
        if let Some(message) = problem {
            checker.report(&invalid_flag_value::RULE, flag.span, message);
        }
    }
}

/// Go's `strconv.ParseInt(value, 10, 32)` error.
fn go_parse_int_error(value: &str) -> String {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    let reason = if !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()) {
        "value out of range"
    } else {
        "invalid syntax"
    };
    format!("strconv.ParseInt: parsing {value:?}: {reason}")
}

fn check_volume(checker: &mut Checker<'_>, values: &[&str]) {
    if !checker.require_at_least_one("VOLUME", values.len()) {
        return;
    }
    let words = argument_words(&checker.instruction.arguments);
    if let Some(empty) = words.iter().find(|word| word.value.trim().is_empty()) {
        checker.report(
            &empty_volume::RULE,
            empty.span,
            "VOLUME specified can not be an empty string",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;
    use crate::source::SourceFile;

    fn problems(text: &str) -> Vec<String> {
        let (dockerfile, _) = parse(&SourceFile::new("Dockerfile", text));
        let mut diagnostics = Vec::new();
        check(&dockerfile, &mut diagnostics);
        diagnostics
            .into_iter()
            .map(|diagnostic| format!("{} {}", diagnostic.code(), diagnostic.message))
            .collect()
    }

    fn one(line: &str) -> Vec<String> {
        problems(&format!("FROM alpine\n{line}\n"))
    }

    #[test]
    fn valid_instructions_pass() {
        for line in [
            "ENV A=1 B=2",
            "ENV A 1 2",
            "ARG A B=2",
            "COPY --from=build --chown=1:1 --chmod=0644 --link a b /dst/",
            "ADD --checksum=sha256:00 --keep-git-dir --unpack=false --exclude=*.md a /b",
            "RUN --mount=type=cache,target=/c --network=none --security=insecure make",
            "HEALTHCHECK --interval=30s --timeout=0 --retries=3 CMD curl -f http://x/",
            "HEALTHCHECK NONE",
            "VOLUME /data /logs",
            "SHELL [\"/bin/bash\", \"-c\"]",
            "ONBUILD RUN make",
            "USER 1000:1000",
            "STOPSIGNAL SIGTERM",
            "EXPOSE 80/tcp",
            "CMD []",
        ] {
            assert_eq!(one(line), Vec::<String>::new(), "{line}");
        }
    }

    #[test]
    fn argument_counts() {
        assert_eq!(
            one("COPY a"),
            [
                "DF014 COPY requires at least two arguments, but only one was provided. Destination could not be determined"
            ]
        );
        assert_eq!(
            one("WORKDIR"),
            ["DF014 WORKDIR requires exactly one argument"]
        );
        assert_eq!(one("ENV"), ["DF014 ENV requires at least one argument"]);
        assert_eq!(
            one("EXPOSE"),
            ["DF014 EXPOSE requires at least one argument"]
        );
        assert_eq!(
            one("SHELL []"),
            ["DF014 SHELL requires at least one argument"]
        );
        assert_eq!(
            problems("FROM a b\n"),
            ["DF014 FROM requires either one or three arguments"]
        );
        assert_eq!(
            problems("FROM a AS\n"),
            ["DF014 FROM requires either one or three arguments"]
        );
        assert_eq!(
            problems("FROM\n"),
            ["DF014 FROM requires either one or three arguments"]
        );
    }

    #[test]
    fn stage_names_triggers_heredocs_and_shell() {
        assert_eq!(
            problems("FROM a AS 1x\n"),
            [
                "DF015 invalid name for build stage: \"1x\", name can't start with a number or contain symbols"
            ]
        );
        assert_eq!(
            problems("FROM a AS Build.Stage_1-x\n"),
            Vec::<String>::new()
        );
        assert_eq!(
            one("ONBUILD FROM x"),
            ["DF016 FROM isn't allowed as an ONBUILD trigger"]
        );
        assert_eq!(
            one("ONBUILD onbuild RUN x"),
            ["DF016 Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"]
        );
        assert_eq!(
            problems("FROM a\nCOPY a <<EOF\nx\nEOF\n"),
            ["DF017 COPY cannot accept a heredoc as a destination"]
        );
        assert_eq!(
            one("SHELL /bin/sh -c"),
            ["DF018 SHELL requires the arguments to be in JSON form"]
        );
        assert_eq!(one("ENV =x"), ["DF008 ENV names can not be blank"]);
        assert_eq!(one("ARG =x"), ["DF008 ARG names can not be blank"]);
        assert_eq!(
            one("VOLUME [\"/a\", \" \"]"),
            ["DF021 VOLUME specified can not be an empty string"]
        );
    }

    #[test]
    fn only_arg_before_the_first_from() {
        assert_eq!(problems("ARG A\nFROM x\n"), Vec::<String>::new());
        assert_eq!(
            problems("RUN a\nENV b=c\nFROM x\n"),
            ["DF019 no build stage in current context"]
        );
    }

    #[test]
    fn run_and_healthcheck_values() {
        assert_eq!(
            one("RUN --network=offline x"),
            ["DF012 invalid network mode \"offline\""]
        );
        assert_eq!(
            one("RUN --security=strict x"),
            ["DF012 security \"strict\" is not valid"]
        );
        assert_eq!(
            one("RUN --mount=type=volume x"),
            ["DF013 unsupported mount type \"volume\""]
        );
        assert_eq!(
            one("HEALTHCHECK --interval=10 CMD x"),
            ["DF012 time: missing unit in duration \"10\""]
        );
        assert_eq!(
            one("HEALTHCHECK --timeout=10us CMD x"),
            ["DF012 Interval \"timeout\" cannot be less than 1ms"]
        );
        assert_eq!(
            one("HEALTHCHECK --retries=-1 CMD x"),
            ["DF012 --retries cannot be negative (-1)"]
        );
        assert_eq!(
            one("HEALTHCHECK --retries=three CMD x"),
            ["DF012 strconv.ParseInt: parsing \"three\": invalid syntax"]
        );
        assert_eq!(
            one("HEALTHCHECK CMD"),
            ["DF020 Missing command after HEALTHCHECK CMD"]
        );
        assert_eq!(
            one("HEALTHCHECK NONE x"),
            ["DF020 HEALTHCHECK NONE takes no arguments"]
        );
        assert_eq!(
            one("HEALTHCHECK curl x"),
            ["DF020 Unknown type \"CURL\" in HEALTHCHECK (try CMD)"]
        );
    }
}
