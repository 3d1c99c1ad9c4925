//! What a Dockerfile rule gets to look at: the source, the parsed file, the resolved stages,
//! and the RUN scripts read into shell commands (once, shared by every rule).

use super::Document;
use super::image_family::{self, Family};
use super::instruction::{Arguments, Dockerfile, Heredoc, Instruction, Keyword, Word};
use super::resolve::Resolution;
use super::scope::{self, ScopedInstruction};
use crate::format::FileInputs;
use crate::lock::Lock;
use crate::package_managers::PackageCommand;
use crate::shell::script::{Command, parse_script};
use crate::source::{SourceFile, Span};
use std::cell::OnceCell;

#[derive(Debug)]
pub struct Context<'a> {
    pub file: &'a SourceFile,
    pub dockerfile: &'a Dockerfile,
    pub resolution: &'a Resolution,
    /// The build context's `.dockerignore`, if any (the context is the Dockerfile's folder).
    pub dockerignore: Option<&'a str>,
    /// The `plumb.lock` that applies, if any.
    pub lock: Option<&'a Lock>,
    /// The registries the configuration trusts; empty: any.
    pub trusted_registries: &'a [String],
    run_commands: &'a RunCommands,
    scripts: OnceCell<Vec<RunScript<'a>>>,
    /// Where each stage's instructions start (the index of its FROM).
    stage_starts: OnceCell<Vec<usize>>,
    /// Each stage's image family: several rules ask, and each answer parses an image name.
    stage_families: OnceCell<Vec<Family>>,
    /// Each instruction's ARG and ENV scope: many rules walk them, each walk would expand
    /// every declaration again.
    scoped_instructions: OnceCell<Vec<ScopedInstruction<'a>>>,
}

/// The shell script a RUN instruction runs, read into commands.
#[derive(Debug)]
pub struct RunScript<'a> {
    pub instruction: &'a Instruction,
    /// The index of the stage the RUN belongs to.
    pub stage: usize,
    /// The script as the shell gets it; the commands' word offsets and [`RunScript::span`]
    /// are offsets into it.
    pub text: &'a str,
    pub commands: &'a [Command],
    origin: Origin,
    /// Each command read as a package-manager command, read when a rule first asks.
    package_commands: OnceCell<Vec<Option<PackageCommand<'a>>>>,
}

/// The commands of every RUN script of a file, in [`Context::run_scripts`] order. They are
/// kept with the parsed file, apart from the context, so that what is read from them once
/// ([`RunScript::package_commands`]) can borrow them while the rules run.
#[derive(Debug, Clone, Default)]
pub struct RunCommands(Vec<Vec<Command>>);

impl RunCommands {
    pub fn read(dockerfile: &Dockerfile) -> Self {
        Self(
            script_texts(dockerfile)
                .map(|script| parse_script(script.text))
                .collect(),
        )
    }
}

/// A RUN script before it is read into commands.
struct ScriptText<'a> {
    instruction: &'a Instruction,
    stage: usize,
    text: &'a str,
    origin: Origin,
}

/// Where the script's text lies, to turn script offsets into file spans.
#[derive(Debug, Clone, Copy)]
enum Origin {
    /// At this offset of the instruction's `original` line.
    Line(usize),
    /// A heredoc body starting at this file offset (bodies are verbatim).
    Heredoc(usize),
    /// A JSON string (`RUN ["sh", "-c", "…"]`) whose text starts at this file offset,
    /// written without escapes.
    Verbatim(usize),
    /// A JSON string with escapes: offsets cannot be mapped, so everything points here.
    Whole(Span),
}

impl<'a> RunScript<'a> {
    /// The command at `index` of [`RunScript::commands`] read as a package-manager command,
    /// if it is one (see [`PackageCommand::read`]). Many rules ask; each command is read once.
    pub fn package_command(&self, index: usize) -> Option<&PackageCommand<'a>> {
        self.read_package_commands().get(index)?.as_ref()
    }

    /// The package-manager commands of the script, in order.
    pub fn package_commands(&self) -> impl Iterator<Item = &PackageCommand<'a>> {
        self.package_commands_from(0)
    }

    /// The package-manager commands from the command at `first` on, in order.
    pub fn package_commands_from(&self, first: usize) -> impl Iterator<Item = &PackageCommand<'a>> {
        let read = self.read_package_commands();
        read.get(first..).unwrap_or_default().iter().flatten()
    }

    /// One entry per command, in order.
    fn read_package_commands(&self) -> &[Option<PackageCommand<'a>>] {
        self.package_commands
            .get_or_init(|| self.commands.iter().map(PackageCommand::read).collect())
    }

    /// The file span of `script[start..end]`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        match self.origin {
            Origin::Line(offset) => self
                .instruction
                .span_in_original(offset + start, offset + end),
            Origin::Heredoc(offset) | Origin::Verbatim(offset) => {
                Span::new(offset + start, offset + end)
            }
            Origin::Whole(span) => span,
        }
    }

    /// The span of a whole command.
    pub fn command_span(&self, command: &Command) -> Span {
        let (start, end) = command.range();
        self.span(start, end)
    }
}

impl<'a> Context<'a> {
    pub fn new(file: &'a SourceFile, document: &'a Document, inputs: FileInputs<'a>) -> Self {
        Self {
            file,
            dockerfile: &document.dockerfile,
            resolution: &document.resolution,
            dockerignore: inputs.ignore_file,
            lock: inputs.lock,
            trusted_registries: inputs.trusted_registries,
            run_commands: &document.run_commands,
            scripts: OnceCell::new(),
            stage_starts: OnceCell::new(),
            stage_families: OnceCell::new(),
            scoped_instructions: OnceCell::new(),
        }
    }

    /// Top-level instructions with the index of their stage (`None` before the first FROM).
    pub fn instructions(&self) -> impl Iterator<Item = (Option<usize>, &'a Instruction)> {
        instructions_by_stage(self.dockerfile)
    }

    /// The top-level instructions of stage `index`, from its FROM on (empty for a stage that
    /// does not exist): those [`instructions`](Self::instructions) gives that stage.
    pub fn stage_instructions(&self, index: usize) -> &'a [Instruction] {
        let instructions: &'a [Instruction] = &self.dockerfile.instructions;
        let starts = self.stage_starts.get_or_init(|| {
            instructions
                .iter()
                .enumerate()
                .filter(|(_, instruction)| instruction.kind == Some(Keyword::From))
                .map(|(position, _)| position)
                .collect()
        });
        let Some(&start) = starts.get(index) else {
            return &[];
        };
        let end = starts.get(index + 1).copied().unwrap_or(instructions.len());
        &instructions[start..end]
    }

    /// Each stage's image family (see [`image_family::stage_family`]), read once.
    pub fn stage_families(&self) -> &[Family] {
        self.stage_families.get_or_init(|| {
            (0..self.resolution.stages.len())
                .map(|index| image_family::read_stage_family(self, index))
                .collect()
        })
    }

    /// Every top-level instruction from the first FROM on with its stage and the ARG and
    /// ENV names in scope before it (see [`scope::scoped_instructions`]), read once.
    pub fn scoped_instructions(&self) -> &[ScopedInstruction<'a>] {
        self.scoped_instructions
            .get_or_init(|| scope::scoped_instructions(self))
    }

    /// Every RUN's shell script: the shell form, a heredoc that is the whole command, or the
    /// script of an exec-form `["sh", "-c", "…"]`; ONBUILD RUN triggers included (they are
    /// counted in the stage that declares them).
    pub fn run_scripts(&self) -> &[RunScript<'a>] {
        self.scripts.get_or_init(|| {
            // The commands were read from the same scripts, in the same order.
            script_texts(self.dockerfile)
                .zip(&self.run_commands.0)
                .map(|(script, commands)| RunScript {
                    instruction: script.instruction,
                    stage: script.stage,
                    text: script.text,
                    commands,
                    origin: script.origin,
                    package_commands: OnceCell::new(),
                })
                .collect()
        })
    }

    /// The script of `instruction` (a RUN or an ONBUILD RUN trigger), if it has one.
    pub fn run_script(&self, instruction: &Instruction) -> Option<&RunScript<'a>> {
        // The scripts are in file order, so their instructions start ever later (a trigger
        // starts inside its ONBUILD): a binary search finds the candidates.
        let scripts = self.run_scripts();
        let start = instruction.span.start;
        let first = scripts.partition_point(|script| script.instruction.span.start < start);
        scripts[first..]
            .iter()
            .take_while(|script| script.instruction.span.start == start)
            .find(|script| std::ptr::eq(script.instruction, instruction))
    }
}

/// Top-level instructions with the index of their stage (`None` before the first FROM).
pub(crate) fn instructions_by_stage(
    dockerfile: &Dockerfile,
) -> impl Iterator<Item = (Option<usize>, &Instruction)> {
    let mut stage: Option<usize> = None;
    dockerfile.instructions.iter().map(move |instruction| {
        if instruction.kind == Some(Keyword::From) {
            stage = Some(stage.map_or(0, |index| index + 1));
        }
        (stage, instruction)
    })
}

/// Every RUN's shell script, as [`Context::run_scripts`] describes them.
fn script_texts(dockerfile: &Dockerfile) -> impl Iterator<Item = ScriptText<'_>> {
    instructions_by_stage(dockerfile).filter_map(|(stage, instruction)| {
        let stage = stage.unwrap_or(0);
        match (&instruction.arguments, instruction.kind) {
            (_, Some(Keyword::Run)) => read_run_script(stage, instruction, &instruction.heredocs),
            (Arguments::Trigger(trigger), Some(Keyword::Onbuild))
                if trigger.kind == Some(Keyword::Run) =>
            {
                read_run_script(stage, trigger, &instruction.heredocs)
            }
            _ => None,
        }
    })
}

/// Shells whose `-c` argument is a script.
const SHELLS: [&str; 6] = ["sh", "bash", "ash", "dash", "zsh", "ksh"];

/// The script of `RUN ["sh", "-c", "…"]` (any shell in [`SHELLS`], with or without a path).
fn exec_form_script<'a>(
    stage: usize,
    instruction: &'a Instruction,
    words: &'a [Word],
) -> Option<ScriptText<'a>> {
    let [shell, rest @ ..] = words else {
        return None;
    };
    let name = shell.value.rsplit('/').next().unwrap_or_default();
    if !SHELLS.contains(&name) {
        return None;
    }
    let position = rest
        .iter()
        .position(|word| is_short_option_with_c(&word.value))?;
    let script = rest.get(position + 1)?;
    let literal_length = script.span.len();
    // A literal without escapes is the script between its quotes.
    let origin = if literal_length == script.value.len() + 2 {
        Origin::Verbatim(script.span.start + 1)
    } else {
        Origin::Whole(script.span)
    };
    Some(ScriptText {
        instruction,
        stage,
        text: &script.value,
        origin,
    })
}

/// `-c`, or short options bundled with it such as `-ec` (long options like `--norc` are not).
fn is_short_option_with_c(word: &str) -> bool {
    word.strip_prefix('-')
        .is_some_and(|flags| !flags.starts_with('-') && flags.contains('c'))
}

fn read_run_script<'a>(
    stage: usize,
    instruction: &'a Instruction,
    heredocs: &'a [Heredoc],
) -> Option<ScriptText<'a>> {
    let command = match &instruction.arguments {
        Arguments::Shell(command) => command,
        Arguments::Exec(words) => return exec_form_script(stage, instruction, words),
        _ => return None,
    };
    let text = command.value.as_str();
    let only_heredoc = heredocs.len() == 1
        && text
            .trim()
            .trim_start_matches(|ch: char| ch.is_ascii_digit())
            .strip_prefix("<<")
            .is_some_and(|rest| !rest.trim().contains(char::is_whitespace));
    if only_heredoc {
        // `RUN <<EOF` runs the body as the script.
        let heredoc = &heredocs[0];
        return Some(ScriptText {
            instruction,
            stage,
            text: &heredoc.content,
            origin: Origin::Heredoc(heredoc.body_span.start),
        });
    }
    // The command text is the end of the joined line, less trailing blanks.
    let end = instruction.original.trim_end().len();
    let offset = end
        .checked_sub(text.len())
        .filter(|&offset| instruction.original.get(offset..end) == Some(text))
        .or_else(|| instruction.original.rfind(text))
        .unwrap_or(0);
    Some(ScriptText {
        instruction,
        stage,
        text,
        origin: Origin::Line(offset),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_spans_cross_continuation_lines_and_heredocs() {
        let text = "FROM debian\nRUN apt-get update && \\\n    apt-get install -y curl\nRUN <<EOF\npip install flask\nEOF\n";
        let parsed = crate::testing::Parsed::new(text);
        let context = parsed.context();
        let scripts = context.run_scripts();
        assert_eq!(scripts.len(), 2);
        let install = &scripts[0].commands[1];
        assert_eq!(
            parsed.file.slice(scripts[0].command_span(install)),
            "apt-get install -y curl"
        );
        let curl = &install.arguments()[2];
        assert_eq!(
            parsed.file.slice(scripts[0].span(curl.start, curl.end)),
            "curl"
        );
        let pip = &scripts[1].commands[0];
        assert_eq!(
            parsed.file.slice(scripts[1].command_span(pip)),
            "pip install flask"
        );
    }

    #[test]
    fn stage_instructions_are_those_instructions_gives_the_stage() {
        let text = "ARG A\nFROM a\nRUN x\nFROM b\nFROM c\nENV Y=1\nONBUILD RUN z\n";
        let parsed = crate::testing::Parsed::new(text);
        let context = parsed.context();
        for index in 0..5 {
            let expected: Vec<&Instruction> = context
                .instructions()
                .filter(|(stage, _)| *stage == Some(index))
                .map(|(_, instruction)| instruction)
                .collect();
            let found: Vec<&Instruction> = context.stage_instructions(index).iter().collect();
            assert_eq!(found, expected, "stage {index}");
        }
        let lines = |index| -> Vec<usize> {
            context
                .stage_instructions(index)
                .iter()
                .map(|instruction| instruction.start_line)
                .collect()
        };
        assert_eq!(lines(0), [2, 3]);
        assert_eq!(lines(1), [4]);
        assert_eq!(lines(2), [5, 6, 7]);
        assert!(lines(3).is_empty());
    }

    #[test]
    fn run_script_finds_each_instructions_own_script() {
        let text =
            "FROM debian\nRUN a\nENV X=1\nONBUILD RUN b\nRUN [\"c\"]\nRUN <<EOF\nd\nEOF\nRUN e\n";
        let parsed = crate::testing::Parsed::new(text);
        let context = parsed.context();
        let program = |instruction: &Instruction| {
            context
                .run_script(instruction)
                .map(|script| script.commands[0].program().unwrap_or_default().to_owned())
        };
        let found: Vec<Option<String>> = parsed
            .document
            .dockerfile
            .instructions
            .iter()
            .map(program)
            .collect();
        let some = |text: &str| Some(text.to_owned());
        assert_eq!(
            found,
            [None, some("a"), None, None, None, some("d"), some("e")]
        );
        let Arguments::Trigger(trigger) = &parsed.document.dockerfile.instructions[3].arguments
        else {
            panic!("ONBUILD has a trigger");
        };
        assert_eq!(program(trigger), some("b"));
        // An equal instruction elsewhere is not the same instruction.
        assert!(
            context
                .run_script(&parsed.document.dockerfile.instructions[1].clone())
                .is_none()
        );
    }

    #[test]
    fn exec_form_shell_scripts_and_onbuild_triggers_are_read() {
        let text = concat!(
            "FROM debian\n",
            "RUN [\"/bin/bash\", \"--norc\", \"-ec\", \"apt-get install -y curl\"]\n",
            "RUN [\"sh\", \"-c\", \"echo \\\"hi\\\" && pip install flask\"]\n",
            "RUN [\"python3\", \"-c\", \"print(1)\"]\n",
            "ONBUILD RUN npm install left-pad\n",
        );
        let parsed = crate::testing::Parsed::new(text);
        let context = parsed.context();
        let scripts = context.run_scripts();
        assert_eq!(scripts.len(), 3, "python3 -c is not a shell script");
        let install = &scripts[0].commands[0];
        assert_eq!(
            parsed.file.slice(scripts[0].command_span(install)),
            "apt-get install -y curl"
        );
        // Escaped JSON cannot be mapped piecewise: the whole string is the position.
        let pip = &scripts[1].commands[1];
        assert_eq!(pip.program(), Some("pip"));
        assert_eq!(
            parsed.file.slice(scripts[1].command_span(pip)),
            "\"echo \\\"hi\\\" && pip install flask\""
        );
        let npm = &scripts[2].commands[0];
        assert_eq!(
            parsed.file.slice(scripts[2].command_span(npm)),
            "npm install left-pad"
        );
    }
}
