//! DF206: a stage that builds archives or packages without `ARG SOURCE_DATE_EPOCH`.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::{Context, RunScript};
use crate::dockerfile::instruction::{Instruction, Keyword};
use crate::dockerfile::scope;
use crate::rules::{FixAvailability, Rule};
use crate::shell::script::Command;
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "DF206",
    name: "source-date-epoch",
    title: "Artifacts built without SOURCE_DATE_EPOCH",
    severity: Severity::Info,
    upstream: &[],
    fix: FixAvailability::Unsafe,
    explanation: crate::rules::rule_text!(
        "Build tools stamp time into what they produce: wheels and jars store the \
time they were packed, Debian and RPM packages their build date, programs the date and time \
they were compiled (`__DATE__`, `-ldflags \"-X main.built=$(date)\"`). Built twice, the same \
sources give different bytes.

The convention that fixes this is `SOURCE_DATE_EPOCH`, a Unix time that tools use instead \
of the clock: Python's `build`, `wheel` and `py_compile`, `dpkg-deb`, `rpmbuild`, GCC and \
Clang honour it directly, and Maven (`project.build.outputTimestamp`), Gradle or a Go \
`-ldflags` can be pointed at it. BuildKit (0.11 and later, Dockerfile 1.5) accepts it as a \
build argument — `docker buildx build --build-arg SOURCE_DATE_EPOCH=$(git log -1 \
--pretty=%ct)`, which buildx also takes from the environment — and uses it for the image's \
creation time and history. A RUN only sees it when the stage declares it:

```dockerfile
FROM python:3.12-slim AS wheel
ARG SOURCE_DATE_EPOCH
RUN pip install build==1.2.2 && python -m build --wheel --outdir /dist
```

The times of the files in the image's layers are a separate matter: export with \
`rewrite-timestamp=true` (BuildKit 0.13 and later) to clamp them to the same epoch.

The rule reports, once per stage, the first RUN that builds a package or an artifact (`go \
build`, `npm`/`yarn`/`pnpm pack`, `python -m build`, `setup.py sdist`/`bdist_wheel`, `pip \
wheel`, `jar --create`, `mvn package`, `gradle build`, `dpkg-deb --build`, \
`dpkg-buildpackage`, `rpmbuild`) in a stage that has not declared `SOURCE_DATE_EPOCH` (a \
global ARG alone does not reach RUN), unless the script mentions the variable itself. \
Archives made with `tar`, `gzip` and `zip`, which do not read the variable, are DF229's \
subject: they need explicit options. The fix adds `ARG SOURCE_DATE_EPOCH` after the stage's \
FROM; it is marked unsafe because builds that pass the argument then produce different \
(reproducible) output."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23@sha256:0a7b1ab0e1ad9b1ae0fbd9a9bdd0bd8bd1c8b0c4b7e9f7d8e5b7c4a1d2e3f4a5 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -trimpath -ldflags=\"-X main.built=$(date -u +%FT%TZ)\" -o /out/app ./cmd/app\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23@sha256:0a7b1ab0e1ad9b1ae0fbd9a9bdd0bd8bd1c8b0c4b7e9f7d8e5b7c4a1d2e3f4a5 AS build\nARG SOURCE_DATE_EPOCH\nWORKDIR /src\nCOPY . .\nRUN go build -trimpath -ldflags=\"-X main.built=$(date -u -d @${SOURCE_DATE_EPOCH} +%FT%TZ)\" -o /out/app ./cmd/app\n",
    )),
};

const NAME: &str = "SOURCE_DATE_EPOCH";

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let mut from: Option<&Instruction> = None;
    let mut reported_stage: Option<usize> = None;
    let declared_globally = context
        .resolution
        .global_args
        .iter()
        .any(|arg| arg.name == NAME);
    scope::walk(context, |stage, instruction, scope| {
        if instruction.kind == Some(Keyword::From) {
            from = Some(instruction);
            return;
        }
        if instruction.kind != Some(Keyword::Run)
            || reported_stage == Some(stage)
            || scope.get(NAME).is_some()
        {
            return;
        }
        let Some(script) = context.run_script(instruction) else {
            return;
        };
        if mentions_epoch(script) {
            return;
        }
        let Some((command, what)) = script
            .commands
            .iter()
            .find_map(|command| Some((command, packs(command)?)))
        else {
            return;
        };
        reported_stage = Some(stage);
        let stage_label = context
            .resolution
            .stages
            .get(stage)
            .and_then(|resolved| resolved.name.clone())
            .map_or_else(
                || format!("stage {stage}"),
                |name| format!("stage \"{name}\""),
            );
        let mut diagnostic = Diagnostic::new(
            &RULE,
            script.command_span(command),
            format!(
                "{stage_label} runs `{what}` but does not declare ARG {NAME}; declare it so that tools can use the build's fixed time instead of the clock"
            ),
        );
        if declared_globally {
            diagnostic = diagnostic.with_note(
                "the global ARG SOURCE_DATE_EPOCH is visible to FROM lines only; declare it again inside the stage",
            );
        }
        if let Some(from) = from {
            diagnostic = diagnostic.with_fix(insert_after(context, from));
        }
        diagnostics.push(diagnostic);
    });
}

/// `ARG SOURCE_DATE_EPOCH` on a new line after the FROM line.
fn insert_after(context: &Context<'_>, from: &Instruction) -> Fix {
    let text = context.file.text();
    let end = from.span.end;
    let line_ending = if text[..end].ends_with('\r') || text[end..].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let end = if text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    Fix {
        title: format!("declare ARG {NAME} in the stage"),
        applicability: Applicability::Unsafe,
        edits: vec![Edit {
            file: None,
            span: Span::point(end),
            replacement: format!("{line_ending}ARG {NAME}"),
        }],
    }
}

fn mentions_epoch(script: &RunScript<'_>) -> bool {
    script.commands.iter().any(|command| {
        command
            .words
            .iter()
            .chain(&command.redirections)
            .any(|word| word.value.contains(NAME))
    })
}

/// What a command builds, for the message; `None` when it builds no package or artifact.
fn packs(command: &Command) -> Option<String> {
    let program = command.program()?;
    let arguments: Vec<&str> = command
        .arguments()
        .iter()
        .map(|word| word.value.as_str())
        .collect();
    let first = arguments.first().copied().unwrap_or_default();
    let find = |wanted: &[&str]| {
        arguments
            .iter()
            .find(|argument| wanted.contains(argument))
            .map(|argument| format!("{program} {argument}"))
    };
    match program {
        "dpkg-buildpackage" | "rpmbuild" => Some(program.to_owned()),
        "jar" => {
            let creates = if first.starts_with("--") {
                first == "--create"
            } else {
                first.contains('c')
            };
            creates.then(|| "jar --create".to_owned())
        }
        "go" => (first == "build").then(|| "go build".to_owned()),
        "npm" | "yarn" | "pnpm" => (first == "pack").then(|| format!("{program} pack")),
        "python" | "python3" => {
            if first == "-m" && arguments.get(1) == Some(&"build") {
                Some("python -m build".to_owned())
            } else if first.ends_with("setup.py") {
                find(&["sdist", "bdist", "bdist_wheel", "bdist_egg"])
                    .map(|found| found.replacen(program, "setup.py", 1))
            } else {
                None
            }
        }
        "pip" | "pip3" => (first == "wheel").then(|| format!("{program} wheel")),
        "mvn" | "mvnw" => find(&["package", "install", "verify", "deploy"]),
        "gradle" | "gradlew" => find(&[
            "build", "assemble", "jar", "bootJar", "war", "distTar", "distZip",
        ]),
        "dpkg-deb" => find(&["--build", "-b"]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{findings, fixed};

    #[test]
    fn packing_commands() {
        let text = "FROM alpine AS a\nRUN tar -czf a.tgz dir && zip -r b.zip dir && go test ./...\nRUN SOURCE_DATE_EPOCH=0 python3 setup.py sdist\nFROM alpine AS b\nRUN apk add py3-build \\\n && python3 setup.py -q bdist_wheel\nRUN npm pack\nFROM b\nARG SOURCE_DATE_EPOCH\nRUN python3 -m build\nFROM alpine\nRUN <<EOF\nset -e\n./mvnw -B package\nEOF\n";
        let found = findings(&RULE, text);
        let messages: Vec<&str> = found
            .iter()
            .map(|diagnostic| diagnostic.message.as_str())
            .collect();
        assert_eq!(messages.len(), 2, "{messages:#?}");
        assert!(messages[0].starts_with("stage \"b\" runs `setup.py bdist_wheel`"));
        assert!(messages[1].starts_with("stage 3 runs `mvnw package`"));
    }

    #[test]
    fn the_fix_declares_the_arg_after_from() {
        let text = "ARG SOURCE_DATE_EPOCH\nFROM golang:1.23 AS build\r\nRUN go build -o /app .\r\nFROM alpine\nCOPY --from=build /app /app\nRUN jar cf /srv.jar -C /app .\n";
        let result = fixed(&RULE, text);
        assert_eq!(
            result,
            "ARG SOURCE_DATE_EPOCH\nFROM golang:1.23 AS build\r\nARG SOURCE_DATE_EPOCH\r\nRUN go build -o /app .\r\nFROM alpine\nARG SOURCE_DATE_EPOCH\nCOPY --from=build /app /app\nRUN jar cf /srv.jar -C /app .\n"
        );
    }
}
