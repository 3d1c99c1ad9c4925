//! What several command rules need to know about a RUN beyond its own words: the stages
//! whose layers end up in an image, the SHELL and environment in effect, cache mounts, and
//! edits that insert an option.

use crate::diagnostic::Edit;
use crate::dockerfile::check_context::{Context, RunScript};
use crate::dockerfile::instruction::{Arguments, Instruction, Keyword};
use crate::dockerfile::mount::parse_mount;
use crate::dockerfile::resolve::Source;
use crate::package_managers::{Options, Syntax, basename, effective_argv};
use crate::shell::script::{Command, ShellWord};
use crate::source::Span;
use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;

/// Every command of every RUN script as the script, the program word and its arguments,
/// looking through wrappers such as `sudo` and `env` ([`effective_argv`]).
pub fn program_calls<'c, 'a>(
    context: &'c Context<'a>,
) -> impl Iterator<Item = (&'c RunScript<'a>, &'c ShellWord, &'c [ShellWord])> {
    context.run_scripts().iter().flat_map(|script| {
        script.commands.iter().filter_map(move |command| {
            let (program, arguments) = effective_argv(command).split_first()?;
            Some((script, program, arguments))
        })
    })
}

/// The options of `useradd`/`groupadd` and of Debian's and BusyBox's `adduser`/`addgroup`
/// that take a value.
pub static USER_TOOLS: Syntax = Syntax {
    long_with_value: &[
        "base-dir",
        "comment",
        "home-dir",
        "home",
        "expiredate",
        "inactive",
        "gid",
        "groups",
        "skel",
        "key",
        "password",
        "shell",
        "uid",
        "root",
        "prefix",
        "selinux-user",
        "gecos",
        "ingroup",
        "firstuid",
        "lastuid",
        "firstgid",
        "lastgid",
        "conf",
        "users",
    ],
    short_with_value: "bcdefgGkKpsuRPZh",
    single_dash_long: false,
};

/// Values `PIP_NO_CACHE_DIR`-style switches treat as on.
pub const TRUTHY: [&str; 10] = [
    "1", "true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES",
];

/// Options with no value: for commands whose value-taking options do not matter.
pub static PLAIN: Syntax = Syntax {
    long_with_value: &[],
    short_with_value: "",
    single_dash_long: false,
};

/// For each stage, whether its layers can end up in a built image: the last stage, every
/// stage no other stage uses (another build target), and the stages these are built on.
/// Stages only copied or mounted from are build helpers, and so are their bases.
pub fn shipped_stages(context: &Context<'_>) -> Vec<bool> {
    let stages = &context.resolution.stages;
    let count = stages.len();
    let mut used = vec![false; count];
    for stage in stages {
        if let Source::Stage(base) = stage.source
            && base < count
        {
            used[base] = true;
        }
        for dependency in &stage.dependencies {
            if let Source::Stage(from) = dependency.source
                && from < count
            {
                used[from] = true;
            }
        }
    }
    let mut shipped = vec![false; count];
    for (index, &is_used) in used.iter().enumerate() {
        if is_used && index + 1 != count {
            continue;
        }
        let mut current = Some(index);
        while let Some(stage) = current.filter(|&stage| stage < count && !shipped[stage]) {
            shipped[stage] = true;
            current = match stages[stage].source {
                Source::Stage(base) if base < stage => Some(base),
                _ => None,
            };
        }
    }
    shipped
}

/// Whether the RUN's stage can end up in an image (see [`shipped_stages`]).
pub fn is_shipped(shipped: &[bool], script: &RunScript<'_>) -> bool {
    shipped.get(script.stage).copied().unwrap_or(true)
}

/// The instructions that shaped the filesystem and environment a RUN sees: those of the
/// base stages (oldest first) and the earlier ones of its own stage. Listing them for every
/// RUN would cost as much as the file each time: [`Earlier`] and [`Environment`] answer the
/// rules' questions about them; this is what their tests compare with.
#[cfg(test)]
pub fn instructions_before<'a>(
    context: &Context<'a>,
    stage: usize,
    before: &Instruction,
) -> Vec<&'a Instruction> {
    let stages = &context.resolution.stages;
    let mut chain = vec![stage];
    while let Some(&last) = chain.last() {
        match stages.get(last).map(|stage| &stage.source) {
            Some(Source::Stage(base)) if *base < last => chain.push(*base),
            _ => break,
        }
    }
    chain.reverse();
    let mut found = Vec::new();
    for (index, &member) in chain.iter().enumerate() {
        let own = index + 1 == chain.len();
        for (instruction_stage, instruction) in context.instructions() {
            if instruction_stage != Some(member) {
                continue;
            }
            if own && instruction.span.start >= before.span.start {
                break;
            }
            found.push(instruction);
        }
    }
    found
}

/// The instructions satisfying a condition among those that shaped each RUN (see
/// [`instructions_before`]), found by looking at every instruction once rather than at all
/// the earlier ones for every RUN.
#[derive(Debug)]
pub struct Earlier<'a> {
    /// For each stage, its instructions that satisfy the condition, in file order.
    matching: Vec<Vec<&'a Instruction>>,
    /// For each stage, the last of them in the stages it is built on.
    inherited: Vec<Option<&'a Instruction>>,
}

impl<'a> Earlier<'a> {
    pub fn new(context: &Context<'a>, condition: impl Fn(&Instruction) -> bool) -> Self {
        let stages = &context.resolution.stages;
        let mut matching: Vec<Vec<&'a Instruction>> = Vec::with_capacity(stages.len());
        let mut inherited = Vec::with_capacity(stages.len());
        for (index, stage) in stages.iter().enumerate() {
            let from_base = match stage.source {
                Source::Stage(base) if base < index => {
                    matching[base].last().copied().or(inherited[base])
                }
                _ => None,
            };
            inherited.push(from_base);
            let own = context.stage_instructions(index).iter();
            matching.push(own.filter(|instruction| condition(instruction)).collect());
        }
        Self {
            matching,
            inherited,
        }
    }

    /// The last instruction satisfying the condition in
    /// `instructions_before(context, stage, before)`.
    pub fn last(&self, stage: usize, before: &Instruction) -> Option<&'a Instruction> {
        let own = self.matching.get(stage)?;
        let count = own.partition_point(|instruction| instruction.span.start < before.span.start);
        match count.checked_sub(1) {
            Some(last) => Some(own[last]),
            None => self.inherited[stage],
        }
    }
}

/// The environment variables RUNs see, indexed once per file (and the script's own
/// assignments once per script) rather than read from every earlier instruction for every
/// question.
#[derive(Debug)]
pub struct Environment<'c, 'a> {
    context: &'c Context<'a>,
    /// Each name's ENV and ARG declarations in the stages, in file order.
    declared: OnceCell<BTreeMap<&'a str, Vec<Declaration>>>,
    /// The first `NAME=value` word of each name in the script last asked about, with the
    /// script's address.
    assignments: RefCell<Option<(usize, BTreeMap<String, String>)>>,
}

/// An ENV or ARG setting a name, with the value the name has from there on.
#[derive(Debug)]
struct Declaration {
    stage: usize,
    /// The instruction's start.
    start: usize,
    value: String,
}

impl<'c, 'a> Environment<'c, 'a> {
    pub fn new(context: &'c Context<'a>) -> Self {
        Self {
            context,
            declared: OnceCell::new(),
            assignments: RefCell::new(None),
        }
    }

    /// The value an environment variable has for a RUN: set by `ENV` or `ARG` in its stage
    /// or a base stage, or assigned in the script itself (`NAME=value cmd`, `export
    /// NAME=value`). `None` when it is not set; the value is as written, unexpanded, and
    /// empty for an `ARG` declared without a default (its value comes from `--build-arg`).
    pub fn value(&self, script: &RunScript<'_>, name: &str) -> Option<String> {
        if let Some(value) = self.assigned(script, name) {
            return Some(value);
        }
        let declared = self.declared.get_or_init(|| self.declarations());
        let stage = script.stage;
        value_at(
            self.context,
            declared.get(name)?,
            (stage, script.instruction.span.start),
        )
        .map(str::to_owned)
    }

    pub fn context(&self) -> &'c Context<'a> {
        self.context
    }

    /// Whether a variable is switched on for the RUN (`1`, `true`, `yes`, `on`…).
    pub fn is_truthy(&self, script: &RunScript<'_>, name: &str) -> bool {
        self.value(script, name)
            .is_some_and(|value| TRUTHY.contains(&value.as_str()))
    }

    /// The value of the script's first word starting with `name=`.
    fn assigned(&self, script: &RunScript<'_>, name: &str) -> Option<String> {
        let words = || script.commands.iter().flat_map(|command| &command.words);
        if name.contains('=') {
            let prefix = format!("{name}=");
            return words().find_map(|word| Some(word.value.strip_prefix(&prefix)?.to_owned()));
        }
        let address = std::ptr::from_ref(script) as usize;
        let mut cache = self.assignments.borrow_mut();
        if cache.as_ref().is_none_or(|(cached, _)| *cached != address) {
            let mut first = BTreeMap::new();
            for word in words() {
                if let Some((key, value)) = word.value.split_once('=') {
                    first
                        .entry(key.to_owned())
                        .or_insert_with(|| value.to_owned());
                }
            }
            *cache = Some((address, first));
        }
        cache.as_ref()?.1.get(name).cloned()
    }

    /// Every ENV pair and ARG word of the stages, by name, with the value it leaves.
    fn declarations(&self) -> BTreeMap<&'a str, Vec<Declaration>> {
        let context = self.context;
        // An ARG without a default takes the first global ARG of its name, if that has a value.
        let mut globals: BTreeMap<&str, Option<&str>> = BTreeMap::new();
        for global in &context.resolution.global_args {
            globals
                .entry(global.name.as_str())
                .or_insert(global.value.as_deref());
        }
        let mut declared: BTreeMap<&'a str, Vec<Declaration>> = BTreeMap::new();
        for stage in 0..context.resolution.stages.len() {
            for instruction in context.stage_instructions(stage) {
                let start = instruction.span.start;
                let mut declare = |name: &'a str, value: Option<String>| {
                    let list = declared.entry(name).or_default();
                    let value = value.unwrap_or_else(|| {
                        // The value so far in this stage, else the one the base stages left.
                        let so_far = match list.last() {
                            Some(last) if last.stage == stage => Some(last.value.as_str()),
                            _ => value_at(context, list, (stage, start)),
                        };
                        so_far.unwrap_or_default().to_owned()
                    });
                    list.push(Declaration {
                        stage,
                        start,
                        value,
                    });
                };
                match (&instruction.kind, &instruction.arguments) {
                    (Some(Keyword::Env), Arguments::KeyValues(pairs)) => {
                        for pair in pairs {
                            let value = unquote(&pair.value.value).to_owned();
                            declare(pair.key.value.as_str(), Some(value));
                        }
                    }
                    (Some(Keyword::Arg), Arguments::Words(words)) => {
                        for word in words {
                            match word.value.split_once('=') {
                                Some((key, default)) => {
                                    declare(key, Some(unquote(default).to_owned()));
                                }
                                None => {
                                    let global = globals.get(word.value.as_str()).copied();
                                    declare(&word.value, global.flatten().map(str::to_owned));
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        declared
    }
}

/// The value a name's `declarations` (in file order) give it at `(stage, offset)`: the last
/// one before `offset` in the stage, else the last one of the stages it is built on.
fn value_at<'d>(
    context: &Context<'_>,
    declarations: &'d [Declaration],
    (stage, offset): (usize, usize),
) -> Option<&'d str> {
    let before = declarations
        .partition_point(|declaration| (declaration.stage, declaration.start) < (stage, offset));
    if let Some(last) = before.checked_sub(1).map(|index| &declarations[index])
        && last.stage == stage
    {
        return Some(&last.value);
    }
    let stages = &context.resolution.stages;
    let mut current = stage;
    loop {
        let base = match stages.get(current)?.source {
            Source::Stage(base) if base < current => base,
            _ => return None,
        };
        let through = declarations.partition_point(|declaration| declaration.stage <= base);
        if let Some(last) = through.checked_sub(1).map(|index| &declarations[index])
            && last.stage == base
        {
            return Some(&last.value);
        }
        current = base;
    }
}

/// `"value"` or `'value'` → `value`: ENV and ARG keep their quotes until expansion.
fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

/// The SHELL instructions, for [`shell_for`].
pub fn shells<'a>(context: &Context<'a>) -> Earlier<'a> {
    Earlier::new(context, |instruction| {
        instruction.kind == Some(Keyword::Shell)
    })
}

/// The SHELL in effect for a RUN, from its stage or a base stage; `None` for the default
/// `/bin/sh -c` (or whatever the base image sets, which a Dockerfile cannot see). `shells`
/// is the file's [`shells`].
pub fn shell_for(shells: &Earlier<'_>, script: &RunScript<'_>) -> Option<Vec<String>> {
    shells
        .last(script.stage, script.instruction)
        .and_then(|instruction| match &instruction.arguments {
            Arguments::Exec(words) => Some(words.iter().map(|word| word.value.clone()).collect()),
            _ => None,
        })
}

/// Whether the RUN has a `--mount=type=cache` or `type=tmpfs` whose target contains
/// `fragment`.
pub fn has_cache_mount(instruction: &Instruction, fragment: &str) -> bool {
    cache_mount_targets(instruction)
        .iter()
        .any(|target| target.contains(fragment))
}

/// Whether a cache or tmpfs mount covers `path`: its target is `path` or a folder above it.
pub fn cache_mount_covers(instruction: &Instruction, path: &str) -> bool {
    cache_mount_targets(instruction).iter().any(|target| {
        let target = target.trim_end_matches('/');
        path == target
            || path
                .strip_prefix(target)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

fn cache_mount_targets(instruction: &Instruction) -> Vec<String> {
    instruction
        .flags
        .iter()
        .filter(|flag| flag.name() == "mount")
        .filter_map(|flag| parse_mount(flag.value()?).ok())
        .filter(|mount| mount.kind == "cache" || mount.kind == "tmpfs")
        .filter_map(|mount| mount.target)
        .collect()
}

/// Whether the script runs `rm` (or `find … -delete`) on a path starting with one of
/// `prefixes` (a prefix without a leading `/` may appear anywhere in the path); `~/` and
/// `$HOME/` count as `/root/`.
pub fn removes(commands: &[Command], prefixes: &[&str]) -> bool {
    commands.iter().any(|command| {
        let argv = effective_argv(command);
        let Some(program) = argv.first() else {
            return false;
        };
        let operands: Vec<&ShellWord> = match basename(&program.value) {
            "rm" => Options::parse(&argv[1..], &PLAIN).operands,
            "find" if argv.iter().any(|word| word.value == "-delete") => {
                argv[1..].iter().take(1).collect()
            }
            _ => return false,
        };
        operands.iter().any(|operand| {
            let path = home_path(&operand.value);
            prefixes.iter().any(|prefix| {
                path.starts_with(prefix) || (!prefix.starts_with('/') && path.contains(prefix))
            })
        })
    })
}

/// `~/x`, `$HOME/x`, `${HOME}/x` → `/root/x`.
fn home_path(path: &str) -> String {
    for home in ["~/", "$HOME/", "${HOME}/"] {
        if let Some(rest) = path.strip_prefix(home) {
            return format!("/root/{rest}");
        }
    }
    path.to_owned()
}

/// The file span of a word of the script.
pub fn word_span(script: &RunScript<'_>, word: &ShellWord) -> Span {
    script.span(word.start, word.end)
}

/// An edit inserting `text` right after `word` (`text` starts with a space).
pub fn insert_after(script: &RunScript<'_>, word: &ShellWord, text: &str) -> Edit {
    Edit {
        file: None,
        span: script.span(word.end, word.end),
        replacement: text.to_owned(),
    }
}

/// Whether the text of an instruction (its line and heredoc bodies) contains `needle`.
pub fn instruction_mentions(instruction: &Instruction, needle: &str) -> bool {
    instruction.original.contains(needle)
        || instruction
            .heredocs
            .iter()
            .any(|heredoc| heredoc.content.contains(needle))
}

/// Words of a script named in a message: "`curl`, `git`"; the fields of a variable the script
/// set (`deps='curl wget'`, then `$deps`) say where they come from: "`curl`, `wget` (from
/// `$deps`), `git`".
pub fn list_words(words: &[&ShellWord]) -> String {
    let mut parts = Vec::new();
    let mut index = 0;
    while let Some(word) = words.get(index) {
        let fields = words[index..]
            .iter()
            .take_while(|other| {
                word.variable.is_some()
                    && other.variable == word.variable
                    && other.start == word.start
            })
            .count()
            .max(1);
        let names: Vec<String> = words[index..index + fields]
            .iter()
            .map(|field| format!("`{}`", field.value))
            .collect();
        parts.push(match &word.variable {
            Some(variable) => format!("{} (from `${variable}`)", names.join(", ")),
            None => names.join(", "),
        });
        index += fields;
    }
    parts.join(", ")
}

/// The words of `others` at a place of the file other than `first`'s and each other's: the
/// fields of one variable share the variable's place and get one label.
pub fn other_places<'w>(first: &ShellWord, others: &[&'w ShellWord]) -> Vec<&'w ShellWord> {
    let mut places = vec![(first.start, first.end)];
    let mut found = Vec::new();
    for word in others {
        if !places.contains(&(word.start, word.end)) {
            places.push((word.start, word.end));
            found.push(*word);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_context(text: &str, test: impl FnOnce(&Context<'_>)) {
        let parsed = crate::testing::Parsed::new(text);
        let context = parsed.context();
        test(&context);
    }

    #[test]
    fn helper_stages_are_not_shipped() {
        let text = "FROM golang:1.22 AS build\nRUN go build\nFROM debian:12 AS base\nFROM base AS dev\nFROM base\nCOPY --from=build /out /out\n";
        with_context(text, |context| {
            assert_eq!(shipped_stages(context), [false, true, true, true]);
        });
    }

    #[test]
    fn environment_shell_and_mounts_follow_the_stage_chain() {
        let text = "ARG TOKEN=g\nFROM python:3.12 AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nENV PIP_NO_CACHE_DIR=\"1\"\nARG TOKEN\nFROM base\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\nFROM python:3.12\nRUN A=2 pip install y\n";
        with_context(text, |context| {
            let scripts = context.run_scripts();
            let environment = Environment::new(context);
            assert_eq!(
                environment
                    .value(&scripts[0], "PIP_NO_CACHE_DIR")
                    .as_deref(),
                Some("1")
            );
            assert!(environment.is_truthy(&scripts[0], "PIP_NO_CACHE_DIR"));
            assert_eq!(
                environment.value(&scripts[0], "TOKEN").as_deref(),
                Some("g")
            );
            assert_eq!(environment.value(&scripts[1], "PIP_NO_CACHE_DIR"), None);
            assert_eq!(environment.value(&scripts[1], "A").as_deref(), Some("2"));
            let shells = shells(context);
            assert_eq!(
                shell_for(&shells, &scripts[0]).unwrap(),
                ["/bin/bash", "-o", "pipefail", "-c"]
            );
            assert_eq!(shell_for(&shells, &scripts[1]), None);
            assert!(has_cache_mount(scripts[0].instruction, ".cache/pip"));
            assert!(cache_mount_covers(
                scripts[0].instruction,
                "/root/.cache/pip/http"
            ));
            assert!(!cache_mount_covers(scripts[0].instruction, "/root/.cache"));
        });
    }

    #[test]
    fn earlier_finds_the_last_match_of_instructions_before() {
        let text = concat!(
            "FROM alpine AS a\nSHELL [\"a1\"]\nRUN x\nSHELL [\"a2\"]\nRUN x\n",
            "FROM a AS b\nRUN x\nSHELL [\"b1\"]\nONBUILD RUN x\nRUN x\n",
            "FROM b\nRUN x\nFROM alpine\nRUN x\nSHELL [\"d1\"]\n",
            "FROM scratch AS e\nFROM e\nRUN x\n",
        );
        with_context(text, |context| {
            let shells = shells(context);
            let mut found = Vec::new();
            for script in context.run_scripts() {
                let expected = instructions_before(context, script.stage, script.instruction)
                    .into_iter()
                    .rev()
                    .find(|instruction| instruction.kind == Some(Keyword::Shell));
                let last = shells.last(script.stage, script.instruction);
                assert_eq!(
                    last.map(std::ptr::from_ref),
                    expected.map(std::ptr::from_ref),
                    "line {}",
                    script.instruction.start_line
                );
                found.push(shell_for(&shells, script).map(|shell| shell.join(" ")));
            }
            let some = |text: &str| Some(text.to_owned());
            assert_eq!(
                found,
                [
                    some("a1"),
                    some("a2"),
                    some("a2"),
                    some("b1"),
                    some("b1"),
                    some("b1"),
                    None,
                    None
                ]
            );
        });
    }

    /// What [`Environment::value`] answers, the slow way: every instruction before the RUN.
    fn value_before(context: &Context<'_>, script: &RunScript<'_>, name: &str) -> Option<String> {
        let prefix = format!("{name}=");
        for command in script.commands {
            for word in &command.words {
                if let Some(value) = word.value.strip_prefix(&prefix) {
                    return Some(value.to_owned());
                }
            }
        }
        let mut value = None;
        for instruction in instructions_before(context, script.stage, script.instruction) {
            match (&instruction.kind, &instruction.arguments) {
                (Some(Keyword::Env), Arguments::KeyValues(pairs)) => {
                    for pair in pairs.iter().filter(|pair| pair.key.value == name) {
                        value = Some(unquote(&pair.value.value).to_owned());
                    }
                }
                (Some(Keyword::Arg), Arguments::Words(words)) => {
                    for word in words {
                        match word.value.split_once('=') {
                            Some((key, default)) if key == name => {
                                value = Some(unquote(default).to_owned())
                            }
                            None if word.value == name => {
                                value = context
                                    .resolution
                                    .global_args
                                    .iter()
                                    .find(|global| global.name == name)
                                    .and_then(|global| global.value.clone())
                                    .or_else(|| value.clone())
                                    .or_else(|| Some(String::new()));
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        value
    }

    #[test]
    fn environment_answers_as_the_instructions_before_do() {
        let text = concat!(
            "ARG G=global\nARG G=second\nARG N\n",
            "RUN X=early true\n",
            "FROM alpine AS a\nARG G\nENV X=\"1\" Y='y' X=2\nRUN true\nARG N\nARG X\nRUN X=own Y= true\n",
            "FROM a AS b\nRUN true\nARG Y=\"b\" G\nONBUILD RUN true\nRUN true\n",
            "FROM b AS c\nFROM c\nARG X Y=c X\nRUN export Y=z && true\n",
            "FROM alpine\nRUN true\nENV G=last\n",
        );
        with_context(text, |context| {
            let environment = Environment::new(context);
            let names = ["G", "N", "X", "Y", "Z", "", "A=B"];
            let mut seen = Vec::new();
            for script in context.run_scripts() {
                for name in names {
                    let expected = value_before(context, script, name);
                    assert_eq!(
                        environment.value(script, name),
                        expected,
                        "{name} at line {}",
                        script.instruction.start_line
                    );
                    if name == "X" {
                        seen.push(expected.unwrap_or_else(|| "-".to_owned()));
                    }
                }
            }
            // The expectations themselves, for the record.
            assert_eq!(seen, ["early", "2", "own", "2", "2", "2", "2", "-"]);
        });
    }

    #[test]
    fn removals() {
        let commands =
            crate::shell::script::parse_script("rm -rf ~/.cache/pip /var/lib/apt/lists/*");
        assert!(removes(&commands, &["/var/lib/apt/lists"]));
        assert!(removes(&commands, &["/root/.cache/pip"]));
        assert!(!removes(&commands, &["/var/cache/apk"]));
    }

    #[test]
    fn words_from_variables_are_named_with_their_variable() {
        let commands = crate::shell::script::parse_script(
            "deps='curl wget'; more=vim; apt-get install -y $deps git $more",
        );
        let install = commands.last().unwrap();
        let words: Vec<&ShellWord> = install.arguments()[2..].iter().collect();
        assert_eq!(
            list_words(&words),
            "`curl`, `wget` (from `$deps`), `git`, `vim` (from `$more`)"
        );
        let others = other_places(words[0], &words[1..]);
        let others: Vec<&str> = others.iter().map(|word| word.value.as_str()).collect();
        assert_eq!(others, ["git", "vim"]);
    }
}
