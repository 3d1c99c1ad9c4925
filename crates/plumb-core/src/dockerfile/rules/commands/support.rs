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
/// base stages (oldest first) and the earlier ones of its own stage.
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

/// The value an environment variable has for a RUN: set by `ENV` or `ARG` in its stage or
/// a base stage, or assigned in the script itself (`NAME=value cmd`, `export NAME=value`).
/// `None` when it is not set; the value is as written, unexpanded, and empty for an `ARG`
/// declared without a default (its value comes from `--build-arg`).
pub fn env_value(context: &Context<'_>, script: &RunScript<'_>, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    for command in &script.commands {
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

/// Whether a variable is switched on for the RUN (`1`, `true`, `yes`, `on`…).
pub fn env_is_truthy(context: &Context<'_>, script: &RunScript<'_>, name: &str) -> bool {
    env_value(context, script, name).is_some_and(|value| TRUTHY.contains(&value.as_str()))
}

/// The SHELL in effect for a RUN, from its stage or a base stage; `None` for the default
/// `/bin/sh -c` (or whatever the base image sets, which a Dockerfile cannot see).
pub fn shell_for(context: &Context<'_>, script: &RunScript<'_>) -> Option<Vec<String>> {
    instructions_before(context, script.stage, script.instruction)
        .into_iter()
        .rev()
        .find(|instruction| instruction.kind == Some(Keyword::Shell))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::{parse, resolve};
    use crate::source::SourceFile;

    fn with_context(text: &str, test: impl FnOnce(&Context<'_>)) {
        let file = SourceFile::new("Dockerfile", text);
        let (dockerfile, _) = parse(&file);
        let (resolution, _) = resolve(&dockerfile, &crate::options::Options::default());
        let context = Context::new(&file, &dockerfile, &resolution, None);
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
            assert_eq!(
                env_value(context, &scripts[0], "PIP_NO_CACHE_DIR").as_deref(),
                Some("1")
            );
            assert_eq!(
                env_value(context, &scripts[0], "TOKEN").as_deref(),
                Some("g")
            );
            assert_eq!(env_value(context, &scripts[1], "PIP_NO_CACHE_DIR"), None);
            assert_eq!(env_value(context, &scripts[1], "A").as_deref(), Some("2"));
            assert_eq!(
                shell_for(context, &scripts[0]).unwrap(),
                ["/bin/bash", "-o", "pipefail", "-c"]
            );
            assert_eq!(shell_for(context, &scripts[1]), None);
            assert!(has_cache_mount(scripts[0].instruction, ".cache/pip"));
            assert!(cache_mount_covers(
                scripts[0].instruction,
                "/root/.cache/pip/http"
            ));
            assert!(!cache_mount_covers(scripts[0].instruction, "/root/.cache"));
        });
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

    #[test]
    fn removals() {
        let commands =
            crate::shell::script::parse_script("rm -rf ~/.cache/pip /var/lib/apt/lists/*");
        assert!(removes(&commands, &["/var/lib/apt/lists"]));
        assert!(removes(&commands, &["/root/.cache/pip"]));
        assert!(!removes(&commands, &["/var/cache/apk"]));
    }
}
