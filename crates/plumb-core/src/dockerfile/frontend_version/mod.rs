//! Which Dockerfile features the frontend pinned by `# syntax=` has.
//!
//! plumb reads a Dockerfile the way the newest BuildKit frontend does. A `# syntax=` directive
//! that names one of Docker's own frontend images (`docker/dockerfile`, and the
//! `docker/dockerfile-upstream` image the same releases are built into) with a version tag
//! selects an older frontend, and that frontend may lack features the file uses. This module
//! reads the pin, knows when each feature arrived (on the stable channel and, where it came
//! earlier, on the labs channel), and reports every use of a feature the pinned frontend does
//! not have.
//!
//! Versions come from BuildKit's release history: the build tags of each channel
//! (`frontend/dockerfile/release/<channel>/tags`), the flags each release's
//! `instructions/parse.go` registers and the code of each release tag. `docs/dockerfile-versions.md`
//! lists the table with its sources.

mod expansions;
mod features;
mod heredoc_markers;
mod pin;

use super::directives::{Scanned, Scanner, parse_check_options};
use super::instruction::{
    Arguments, Directive, Dockerfile, Flag, Heredoc, Instruction, Keyword, Word,
};
use super::mount::csv_fields;
use super::rules::unsupported_syntax_feature::RULE;
use super::shell_lexer::{Lexer, NoEnv};
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use expansions::{ExpansionUse, expansions};
use features::*;
use heredoc_markers::MarkerSearch;
use pin::{Channel, Pin, Version, parse_pin};

/// One use of a feature; `subject` replaces the feature's name in the message.
struct Use {
    feature: &'static Feature,
    subject: Option<String>,
}

impl From<&'static Feature> for Use {
    fn from(feature: &'static Feature) -> Self {
        Use {
            feature,
            subject: None,
        }
    }
}

/// Reports every use of a feature the frontend pinned by `# syntax=` does not have; without
/// the directive, of a feature no stable release has (BuildKit then builds with the frontend
/// built into it, a stable release).
pub fn check(dockerfile: &Dockerfile, diagnostics: &mut Vec<Diagnostic>) {
    let (pin, syntax) = match dockerfile.directive("syntax") {
        Some(directive) => match parse_pin(&directive.value) {
            Some(pin) => (pin, Some(directive)),
            None => return,
        },
        None => (Pin::built_in(), None),
    };
    let mut checker = Checker {
        pin,
        syntax,
        escape: dockerfile.escape,
        diagnostics,
    };
    if let Some(check) = dockerfile.directive("check") {
        let later_directive = dockerfile
            .directives
            .iter()
            .any(|other| other.span.start > check.span.start);
        let found = checker.report(check.span, vec![Use::from(&CHECK_DIRECTIVE)]);
        if later_directive && let Some(diagnostic) = found {
            diagnostic.notes.push(
                "it also ends the directives there: to that frontend the directives below it \
are ordinary comments"
                    .into(),
            );
        }
    }
    let stage_names: Vec<&str> = dockerfile
        .instructions
        .iter()
        .filter(|instruction| instruction.kind == Some(Keyword::From))
        .filter_map(|instruction| match &instruction.arguments {
            Arguments::Words(words) if words.len() == 3 => Some(words[2].value.as_str()),
            _ => None,
        })
        .collect();
    let mut before_first_stage = true;
    for instruction in &dockerfile.instructions {
        checker.check_comments(instruction);
        match instruction.kind {
            Some(Keyword::From) => before_first_stage = false,
            Some(Keyword::Arg) if before_first_stage => {
                checker.check_epoch_default(instruction, &stage_names);
            }
            _ => {}
        }
        match &instruction.arguments {
            Arguments::Trigger(trigger) => checker.check_instruction(trigger, instruction, true),
            _ => checker.check_instruction(instruction, instruction, false),
        }
    }
}

struct Checker<'a> {
    pin: Pin,
    /// The `# syntax=` directive; `None` for the built-in frontend.
    syntax: Option<&'a Directive>,
    escape: char,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Reports the most demanding of `uses` that the pinned frontend lacks, if any: one site,
    /// one finding.
    fn report(&mut self, span: Span, uses: Vec<Use>) -> Option<&mut Diagnostic> {
        let missing = uses
            .into_iter()
            .filter(|found| !self.pin.has(found.feature))
            // Labs-only features (no version on this channel) are the most demanding.
            .max_by_key(|found| match self.pin.needed(found.feature) {
                Some(version) => (0, version),
                None => (1, Version::new(0, 0, 0)),
            })?;
        let feature = missing.feature;
        let verb = if missing.subject.is_none() && feature.plural {
            "need"
        } else {
            "needs"
        };
        let subject = missing.subject.as_deref().unwrap_or(feature.name);
        let requirement = self.requirement(feature);
        let mut diagnostic = match self.syntax {
            Some(syntax) => Diagnostic::new(
                &RULE,
                span,
                format!(
                    "{subject} {verb} {requirement}, but `# syntax={}` pins {}",
                    self.pin.reference,
                    self.pin.describe(),
                ),
            )
            .with_label(syntax.value_span, "pinned here"),
            None => Diagnostic::new(
                &RULE,
                span,
                format!(
                    "{subject} {verb} {requirement}, but without a `# syntax=` line BuildKit \
builds with its built-in frontend, a stable release"
                ),
            ),
        };
        diagnostic = diagnostic
            .with_note(feature.without)
            .with_note(self.suggestion(feature));
        self.diagnostics.push(diagnostic);
        self.diagnostics.last_mut()
    }

    /// "Dockerfile syntax 1.4 or later", as it applies to the pin's channel.
    fn requirement(&self, feature: &Feature) -> String {
        match (self.pin.channel, feature.stable, feature.labs) {
            (Channel::Labs, _, Some(labs)) => {
                format!("Dockerfile syntax {} or later", labs.labs_tag())
            }
            (_, Some(stable), None) => format!("Dockerfile syntax {stable} or later"),
            (Channel::Stable, Some(stable), Some(labs)) => format!(
                "Dockerfile syntax {stable} or later ({} or later on the labs channel)",
                labs.labs_tag()
            ),
            (Channel::Stable, None, Some(labs)) => format!(
                "the labs channel of Dockerfile syntax ({} or later)",
                labs.labs_tag()
            ),
            (_, None, None) => "a newer Dockerfile syntax".into(),
        }
    }

    /// How to pin a frontend that has `feature`.
    fn suggestion(&self, feature: &Feature) -> String {
        let image = &self.pin.image;
        match (self.pin.channel, feature.stable, feature.labs) {
            (Channel::Labs, _, Some(labs)) => format!(
                "pin `{image}:{}` or later, or `{image}:1-labs` for the newest labs release",
                labs.labs_tag()
            ),
            (_, Some(stable), _) => format!(
                "pin `{image}:{stable}` or later, or `{image}:1` for the newest stable release"
            ),
            (Channel::Stable, None, _) if self.syntax.is_none() => {
                format!("add `# syntax={image}:1-labs` as the first line to use the labs channel")
            }
            (Channel::Stable, None, _) => {
                format!("pin `{image}:1-labs` to use the labs channel")
            }
            (Channel::Labs, None, None) => format!("pin a newer `{image}` release"),
        }
    }

    fn check_comments(&mut self, instruction: &Instruction) {
        for comment in &instruction.comments {
            // BuildKit reads each comment of the block as a directive line without the `#`.
            let Scanned::Directive(found) = Scanner::default().scan(&format!("#{}", comment.text))
            else {
                continue;
            };
            let options = found.value.split(' ').next().unwrap_or_default();
            if found.name == "check" && parse_check_options(options).is_ok() {
                self.report(comment.span, vec![Use::from(&CHECK_COMMENT)]);
            }
        }
    }

    /// A global `ARG SOURCE_DATE_EPOCH=<value>`.
    fn check_epoch_default(&mut self, instruction: &Instruction, stage_names: &[&str]) {
        let Arguments::Words(words) = &instruction.arguments else {
            return;
        };
        for word in words {
            let Some(("SOURCE_DATE_EPOCH", raw)) = word.value.split_once('=') else {
                continue;
            };
            // A default built from other variables has a value we do not know.
            if raw.contains('$') {
                continue;
            }
            let Ok(value) = Lexer::new(self.escape).process_word(raw, &NoEnv) else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            let mut uses = vec![Use::from(&EPOCH_ARG_DEFAULT)];
            if value == "context"
                || stage_names
                    .iter()
                    .any(|name| name.eq_ignore_ascii_case(&value))
            {
                uses.push(Use::from(&EPOCH_FROM_SOURCE));
            }
            self.report(word.span, uses);
        }
    }

    /// `instruction` is the instruction itself, or an ONBUILD trigger whose heredocs belong
    /// to `carrier`, the ONBUILD instruction.
    fn check_instruction(
        &mut self,
        instruction: &Instruction,
        carrier: &Instruction,
        trigger: bool,
    ) {
        self.check_heredocs(instruction, &carrier.heredocs);
        for flag in &instruction.flags {
            let uses = flag_uses(instruction, flag, trigger);
            if !uses.is_empty() {
                self.report(flag.span, uses);
            }
        }
        self.check_expansions(instruction, &carrier.heredocs);
    }

    fn check_heredocs(&mut self, instruction: &Instruction, heredocs: &[Heredoc]) {
        if heredocs.is_empty() {
            return;
        }
        let words: Vec<&Word> = match &instruction.arguments {
            Arguments::Words(words) => words.iter().collect(),
            Arguments::Shell(word) => vec![word],
            _ => Vec::new(),
        };
        let mut search = MarkerSearch::default();
        for heredoc in heredocs {
            let marker = search.next(&words, &heredoc.name);
            let span = marker.map_or(instruction.keyword.span, |marker| marker.span);
            let mut uses = vec![Use::from(&HEREDOCS)];
            if marker.is_some_and(|marker| marker.spaced) {
                uses.push(Use::from(&HEREDOC_SPACE));
            }
            self.report(span, uses);
        }
    }

    /// The `${…}` forms in everything the builder expands: BuildKit's `Expand` methods.
    fn check_expansions(&mut self, instruction: &Instruction, heredocs: &[Heredoc]) {
        let Some(kind) = instruction.kind else {
            return;
        };
        let texts: Vec<(Span, &str)> = match (&instruction.arguments, kind) {
            (
                Arguments::Words(words) | Arguments::Exec(words),
                Keyword::From
                | Keyword::Arg
                | Keyword::Copy
                | Keyword::Add
                | Keyword::Expose
                | Keyword::Volume,
            ) => words.iter().map(word_text).collect(),
            (Arguments::Shell(word), Keyword::Workdir | Keyword::User | Keyword::Stopsignal) => {
                vec![word_text(word)]
            }
            (Arguments::KeyValues(pairs), Keyword::Env | Keyword::Label) => pairs
                .iter()
                .flat_map(|pair| [word_text(&pair.key), word_text(&pair.value)])
                .collect(),
            _ => Vec::new(),
        };
        let expanded_flags: &[&str] = match kind {
            Keyword::From => &["platform"],
            Keyword::Copy => &["chown", "chmod"],
            Keyword::Add => &["chown", "chmod", "checksum"],
            Keyword::Run => &["mount"],
            _ => &[],
        };
        let mut found: Vec<(Span, ExpansionUse)> = Vec::new();
        for (span, text) in texts {
            for expansion in expansions(text, self.escape, true) {
                found.push((map_span(span, text, expansion.range), expansion));
            }
        }
        for flag in &instruction.flags {
            if !expanded_flags.contains(&flag.name()) {
                continue;
            }
            let Some(value) = flag.value() else { continue };
            let offset = flag.text.len() - value.len();
            for mut expansion in expansions(value, self.escape, true) {
                expansion.range = (expansion.range.0 + offset, expansion.range.1 + offset);
                found.push((map_span(flag.span, &flag.text, expansion.range), expansion));
            }
        }
        // COPY and ADD expand heredoc bodies (unless the delimiter was quoted) with `\` as
        // the escape and quotes left alone.
        if matches!(kind, Keyword::Copy | Keyword::Add) {
            for heredoc in heredocs.iter().filter(|heredoc| heredoc.expand) {
                for expansion in expansions(&heredoc.content, '\\', false) {
                    found.push((
                        map_span(heredoc.body_span, &heredoc.content, expansion.range),
                        expansion,
                    ));
                }
            }
        }
        for (span, expansion) in found {
            self.report(
                span,
                vec![Use {
                    feature: expansion.feature,
                    subject: Some(format!("the `{}` expansion", expansion.written)),
                }],
            );
        }
    }
}

/// The features a flag uses, for the instruction it is on.
fn flag_uses(instruction: &Instruction, flag: &Flag, trigger: bool) -> Vec<Use> {
    let name = flag.name();
    let value = flag.value().unwrap_or_default();
    let mut uses: Vec<Use> = Vec::new();
    match (instruction.kind, name) {
        (Some(Keyword::Run), "mount") => {
            uses.push(Use::from(&RUN_MOUNT));
            let keys: Vec<String> = csv_fields(value)
                .unwrap_or_default()
                .iter()
                .map(|field| field.split('=').next().unwrap_or_default().to_lowercase())
                .collect();
            if keys.iter().any(|key| key == "size") {
                uses.push(Use::from(&MOUNT_SIZE));
            }
            if keys.iter().any(|key| key == "env") {
                uses.push(Use::from(&MOUNT_ENV));
            }
            if trigger && keys.iter().any(|key| key == "from") {
                uses.push(Use::from(&ONBUILD_FROM));
            }
        }
        (Some(Keyword::Run), "network") => uses.push(Use::from(&RUN_NETWORK)),
        (Some(Keyword::Run), "security") => uses.push(Use::from(&RUN_SECURITY)),
        (Some(Keyword::Run), "device") => uses.push(Use::from(&RUN_DEVICE)),
        (Some(Keyword::Copy), "from") if trigger => uses.push(Use::from(&ONBUILD_FROM)),
        (Some(Keyword::Copy | Keyword::Add), "chmod") => {
            uses.push(Use::from(&CHMOD));
            if is_non_numeric_mode(value) {
                uses.push(Use::from(&CHMOD_SYMBOLIC));
            }
        }
        (Some(Keyword::Copy | Keyword::Add), "link") => uses.push(Use::from(&LINK)),
        (Some(Keyword::Copy | Keyword::Add), "exclude") => uses.push(Use::from(&EXCLUDE)),
        (Some(Keyword::Copy), "parents") => uses.push(Use::from(&COPY_PARENTS)),
        (Some(Keyword::Add), "keep-git-dir") => uses.push(Use::from(&ADD_KEEP_GIT_DIR)),
        (Some(Keyword::Add), "checksum") => {
            uses.push(Use::from(&ADD_CHECKSUM));
            // A digest is `algorithm:hex`; anything else is a commit (prefix).
            if !value.is_empty() && !value.contains(':') && !value.contains('$') {
                uses.push(Use::from(&ADD_CHECKSUM_COMMIT));
            }
        }
        (Some(Keyword::Add), "unpack") => uses.push(Use::from(&ADD_UNPACK)),
        (Some(Keyword::Healthcheck), "start-interval") => {
            // `HEALTHCHECK NONE` never reads its flags.
            let none = matches!(&instruction.arguments, Arguments::Healthcheck { kind, .. }
                if kind.value.eq_ignore_ascii_case("NONE"));
            if !none {
                uses.push(Use::from(&HEALTHCHECK_START_INTERVAL));
            }
        }
        _ => {}
    }
    uses
}

/// A mode that is not a number: `u+x`, `go=rX`. Numbers with other digits than 0-7 are
/// invalid in every release; values with variables are unknown until the build.
fn is_non_numeric_mode(value: &str) -> bool {
    !value.is_empty() && !value.contains('$') && !value.bytes().all(|byte| byte.is_ascii_digit())
}

/// A word's text and where it is.
fn word_text(word: &Word) -> (Span, &str) {
    (word.span, word.value.as_str())
}

/// Points at `range` of `text` inside `span` when the span holds exactly `text` (nothing was
/// unquoted, unescaped or joined), else at the whole span.
fn map_span(span: Span, text: &str, range: (usize, usize)) -> Span {
    if span.len() == text.len() {
        Span::new(span.start + range.0, span.start + range.1)
    } else {
        span
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;
    use crate::source::SourceFile;

    fn findings(text: &str) -> Vec<Diagnostic> {
        let file = SourceFile::new("Dockerfile", text);
        let (dockerfile, _) = parse(&file);
        let mut diagnostics = Vec::new();
        check(&dockerfile, &mut diagnostics);
        diagnostics
    }

    fn messages(text: &str) -> Vec<String> {
        findings(text)
            .into_iter()
            .map(|diagnostic| diagnostic.message)
            .collect()
    }

    /// The marked text of each finding.
    fn marked(text: &str) -> Vec<String> {
        findings(text)
            .iter()
            .map(|diagnostic| text[diagnostic.span.range()].to_owned())
            .collect()
    }

    fn with_syntax(tag: &str, body: &str) -> String {
        format!("# syntax=docker/dockerfile:{tag}\nFROM alpine:3.20\n{body}")
    }

    /// Whether `body` is reported under `# syntax=docker/dockerfile:<tag>`.
    fn fires(tag: &str, body: &str) -> bool {
        !findings(&with_syntax(tag, body)).is_empty()
    }

    #[test]
    fn other_frontends_and_tags_have_no_limit() {
        for value in [
            "example.com/my/frontend:1.0",
            "ghcr.io/docker/dockerfile:1.3",
            "docker.io/library/dockerfile:1.3",
            "mirror.gcr.io/docker/dockerfile:1.3",
            "Docker/Dockerfile:1.3",
            "docker/dockerfile:experimental",
            "docker/dockerfile:1.3-beta",
            "docker/dockerfile:1.x",
            "docker/dockerfile:1.2.3.4",
            "docker/dockerfile:v1.3",
            "docker/dockerfile:",
            "dockerfile.v0",
            "localhost:5000/docker/dockerfile",
        ] {
            assert!(parse_pin(value).is_none(), "{value}");
        }
        assert!(!fires("experimental", "RUN <<EOF\necho\nEOF\n"));
        assert!(
            messages("# syntax=example.com/frontend:1.0\nFROM alpine\nRUN <<EOF\nx\nEOF\n")
                .is_empty()
        );
        assert!(messages("FROM alpine\nRUN <<EOF\nx\nEOF\n").is_empty());
    }

    #[test]
    fn heredocs_from_1_4_and_labs_1_3() {
        let body = "RUN <<EOF\necho hi\nEOF\n";
        assert!(fires("1.2", body));
        assert!(fires("1.3", body));
        assert!(fires("1.3.1", body));
        assert!(!fires("1.3-labs", body));
        assert!(fires("1.2-labs", body));
        assert!(!fires("1.4", body));
        assert!(!fires("1.4.0", body));
        assert!(!fires("1", body));
        assert!(!fires("1-labs", body));
    }

    #[test]
    fn heredoc_message_names_feature_version_and_pin() {
        let text = with_syntax("1.3", "RUN <<EOF\necho hi\nEOF\n");
        let found = findings(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "heredocs need Dockerfile syntax 1.4 or later (1.3-labs or later on the labs channel), \
but `# syntax=docker/dockerfile:1.3` pins 1.3"
        );
        assert_eq!(&text[found[0].span.range()], "<<EOF");
        assert_eq!(found[0].labels.len(), 1);
        assert_eq!(
            &text[found[0].labels[0].span.range()],
            "docker/dockerfile:1.3"
        );
        assert_eq!(found[0].labels[0].message, "pinned here");
        assert!(
            found[0]
                .notes
                .iter()
                .any(|note| note.contains("`docker/dockerfile:1.4`"))
        );
    }

    #[test]
    fn every_heredoc_is_one_finding_at_its_marker() {
        let text = with_syntax(
            "1.2",
            "COPY <<one <<\"two\" /dest/\n1\none\n2\ntwo\nRUN cat 3<<-EOT\n\tx\n\tEOT\n",
        );
        assert_eq!(marked(&text), ["<<one", "<<\"two", "<<-EOT"]);
    }

    #[test]
    fn heredocs_in_onbuild_triggers() {
        let text = with_syntax("1.3", "ONBUILD RUN <<EOF\nx\nEOF\n");
        assert_eq!(marked(&text), ["<<EOF"]);
    }

    #[test]
    fn whitespace_after_heredoc_arrows_needs_1_16() {
        let run = "RUN << EOF\necho\nEOF\n";
        assert!(fires("1.15", run));
        assert!(!fires("1.16", run));
        let text = with_syntax("1.15", "COPY << EOF /dest\nx\nEOF\n");
        assert_eq!(marked(&text), ["<< EOF"]);
        assert!(messages(&text)[0].starts_with(
            "whitespace between `<<` and a heredoc delimiter needs Dockerfile syntax 1.16"
        ));
        // Below 1.4 the heredoc itself is missing too; the finding names the newer need.
        assert!(messages(&with_syntax("1.3", run))[0].contains("1.16"));
        assert!(!fires("1.15", "RUN <<-EOF\necho\nEOF\n"));
    }

    #[test]
    fn run_mount_from_1_2() {
        let body = "RUN --mount=type=cache,target=/root/.cache go build\n";
        assert!(fires("1.1", body));
        assert!(fires("1.1.7", body));
        assert!(!fires("1.1-experimental", body));
        assert!(!fires("1.0-experimental", body));
        assert!(!fires("1.2", body));
        let text = with_syntax("1.1", body);
        assert_eq!(marked(&text), ["--mount=type=cache,target=/root/.cache"]);
    }

    #[test]
    fn mount_options_size_and_env() {
        let size = "RUN --mount=type=tmpfs,target=/t,size=64m true\n";
        assert!(fires("1.3", size));
        assert!(!fires("1.4", size));
        let env = "RUN --mount=type=secret,id=token,env=TOKEN true\n";
        assert!(fires("1.9", env));
        assert!(!fires("1.10", env));
        assert!(
            messages(&with_syntax("1.9", env))[0]
                .starts_with("the `env` option of `RUN --mount` needs Dockerfile syntax 1.10")
        );
        // Keys are case-insensitive.
        assert!(fires("1.9", "RUN --mount=type=secret,id=t,ENV=T true\n"));
        // Below 1.2 the mount itself is missing; one finding, naming the newest need.
        let found = messages(&with_syntax("1.1", env));
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("1.10"));
    }

    #[test]
    fn run_network_from_1_3() {
        let body = "RUN --network=none true\n";
        assert!(fires("1.2", body));
        assert!(!fires("1.2-labs", body));
        assert!(!fires("1.1.6-experimental", body));
        assert!(fires("1.1.5-experimental", body));
        assert!(!fires("1.3", body));
    }

    #[test]
    fn run_security_from_1_20_and_labs() {
        let body = "RUN --security=insecure true\n";
        assert!(fires("1.19", body));
        assert!(fires("1.19.0", body));
        assert!(!fires("1.19-labs", body));
        assert!(!fires("1.2-labs", body));
        assert!(!fires("1.20", body));
        assert_eq!(
            messages(&with_syntax("1.19", body)),
            [
                "`RUN --security` needs Dockerfile syntax 1.20 or later (1.1.2-experimental or later \
on the labs channel), but `# syntax=docker/dockerfile:1.19` pins 1.19"
            ]
        );
    }

    #[test]
    fn run_device_is_labs_only() {
        let body = "RUN --device=nvidia.com/gpu=all nvidia-smi\n";
        assert!(fires("1", body));
        assert!(fires("1.26", body));
        assert!(fires("1.13-labs", body));
        assert!(!fires("1.14-labs", body));
        assert!(!fires("1-labs", body));
        assert_eq!(
            messages(&with_syntax("1", body)),
            [
                "`RUN --device` needs the labs channel of Dockerfile syntax (1.14-labs or later), \
but `# syntax=docker/dockerfile:1` pins the newest 1.x stable release"
            ]
        );
        let text = "# syntax=docker/dockerfile\nFROM alpine\nRUN --device=x true\n";
        assert_eq!(
            messages(text),
            [
                "`RUN --device` needs the labs channel of Dockerfile syntax (1.14-labs or later), \
but `# syntax=docker/dockerfile` pins the newest stable release"
            ]
        );
        assert!(
            findings(text)[0]
                .notes
                .iter()
                .any(|note| note.contains("`docker/dockerfile:1-labs`"))
        );
        assert!(messages("# syntax=docker/dockerfile-upstream:master-labs\nFROM alpine\nRUN --device=x true\n").is_empty());
    }

    #[test]
    fn without_a_syntax_line_only_labs_features_are_reported() {
        let text = "FROM alpine\nRUN --device=x true\nRUN --security=insecure <<EOF\ntrue\nEOF\n";
        assert_eq!(
            messages(text),
            [
                "`RUN --device` needs the labs channel of Dockerfile syntax (1.14-labs or later), \
but without a `# syntax=` line BuildKit builds with its built-in frontend, a stable release"
            ]
        );
        let found = &findings(text)[0];
        assert!(found.labels.is_empty());
        assert!(
            found
                .notes
                .iter()
                .any(|note| note.contains("add `# syntax=docker/dockerfile:1-labs`"))
        );
    }

    #[test]
    fn copy_and_add_link_from_1_4() {
        for body in ["COPY --link a /b\n", "ADD --link=false a /b\n"] {
            assert!(fires("1.3", body), "{body}");
            assert!(!fires("1.4", body), "{body}");
        }
    }

    #[test]
    fn chmod_from_1_2_and_symbolic_from_1_14() {
        for body in ["COPY --chmod=755 a /b\n", "ADD --chmod=0644 a /b\n"] {
            assert!(fires("1.1", body), "{body}");
            assert!(!fires("1.2", body), "{body}");
        }
        let symbolic = "COPY --chmod=u+x,go=rX a /b\n";
        assert!(fires("1.13", symbolic));
        assert!(!fires("1.13-labs", symbolic));
        assert!(fires("1.12-labs", symbolic));
        assert!(!fires("1.14", symbolic));
        assert!(
            messages(&with_syntax("1.1", symbolic))[0]
                .starts_with("a symbolic `--chmod` mode needs Dockerfile syntax 1.14")
        );
        // A mode from a variable is unknown until the build.
        assert!(!fires("1.13", "ARG MODE=u+x\nCOPY --chmod=$MODE a /b\n"));
    }

    #[test]
    fn copy_parents_from_1_20_and_labs_1_7() {
        let body = "COPY --parents ./x/*.txt /dest/\n";
        assert!(fires("1.19", body));
        assert!(fires("1.6-labs", body));
        assert!(!fires("1.7-labs", body));
        assert!(!fires("1.20", body));
        // Not an ADD flag at all: other rules report that.
        assert!(!fires("1.19", "ADD --parents a /b\n"));
    }

    #[test]
    fn exclude_from_1_19_and_labs_1_7() {
        for body in [
            "COPY --exclude=*.md . /src\n",
            "ADD --exclude=*.md . /src\n",
        ] {
            assert!(fires("1.18", body), "{body}");
            assert!(!fires("1.7-labs", body), "{body}");
            assert!(fires("1.6-labs", body), "{body}");
            assert!(!fires("1.19", body), "{body}");
        }
        let text = with_syntax("1.18", "COPY --exclude=a --exclude=b . /src\n");
        assert_eq!(marked(&text), ["--exclude=a", "--exclude=b"]);
    }

    #[test]
    fn add_flags() {
        let keep = "ADD --keep-git-dir=true https://github.com/moby/buildkit.git /src\n";
        assert!(fires("1.4", keep));
        assert!(!fires("1.5", keep));
        let checksum = "ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tar.gz /\n";
        assert!(fires("1.5", checksum));
        assert!(!fires("1.5-labs", checksum));
        assert!(fires("1.4-labs", checksum));
        assert!(!fires("1.6", checksum));
        let commit = "ADD --checksum=be1f38e https://github.com/moby/buildkit.git#v0.26.2 /\n";
        assert!(fires("1.15", commit));
        assert!(!fires("1.16", commit));
        assert!(messages(&with_syntax("1.5", commit))[0].contains("1.16"));
        assert!(!fires(
            "1.15",
            "ARG SUM\nADD --checksum=$SUM https://example.com/a /\n"
        ));
        let unpack = "ADD --unpack=true https://example.com/a.tar.gz /\n";
        assert!(fires("1.16", unpack));
        assert!(!fires("1.17", unpack));
        // COPY has none of these.
        assert!(!fires("1.0", "COPY --unpack a /b\n"));
    }

    #[test]
    fn healthcheck_start_interval_from_1_6() {
        let body = "HEALTHCHECK --start-interval=2s CMD true\n";
        assert!(fires("1.5", body));
        assert!(!fires("1.6", body));
        // `HEALTHCHECK NONE` ignores its flags in every release.
        assert!(!fires("1.5", "HEALTHCHECK --start-interval=2s NONE\n"));
    }

    #[test]
    fn onbuild_triggers_that_use_other_stages_from_1_11() {
        let copy = "ONBUILD COPY --from=build /app /app\n";
        assert!(fires("1.10", copy));
        assert!(!fires("1.11", copy));
        let mount = "ONBUILD RUN --mount=from=config,target=/cfg true\n";
        assert!(fires("1.10", mount));
        assert!(!fires("1.11", mount));
        // Outside ONBUILD both are old.
        assert!(!fires(
            "1.2",
            "COPY --from=build /app /app\nRUN --mount=from=build,target=/b true\n"
        ));
        let text = with_syntax("1.10", copy);
        assert_eq!(marked(&text), ["--from=build"]);
        // Other flags of a trigger are checked too.
        assert!(fires("1.2", "ONBUILD RUN --network=none true\n"));
    }

    #[test]
    fn pattern_expansions_from_1_7() {
        for body in [
            "ENV A=${B#v}\n",
            "ENV A=${B##*/}\n",
            "ENV A=${B%.*}\n",
            "ENV A=${B%%.*}\n",
            "ENV A=${B/x/y}\n",
            "ENV A=${B//x/y}\n",
            "ARG B\nARG C=${B#v}\n",
            "LABEL version=${B#v}\n",
            "WORKDIR /src/${B%/}\n",
            "USER ${B%:*}\n",
            "EXPOSE ${B#:}\n",
            "VOLUME [\"/data/${B#/}\"]\n",
            "COPY ${B#./} /dest/\n",
            "ADD [\"${B#./}\", \"/dest/\"]\n",
            "COPY --chown=${B%:*} a /b\n",
            "RUN --mount=type=cache,target=/c/${B#v} true\n",
            "STOPSIGNAL ${B#SIG}\n",
        ] {
            assert!(fires("1.6", body), "{body}");
            assert!(!fires("1.7", body), "{body}");
        }
        let meta = "# syntax=docker/dockerfile:1.6\nARG V=busybox\nFROM ${V#busy}\n";
        assert_eq!(marked(meta), ["${V#"]);
        assert!(
            messages(meta)[0].starts_with("the `${V#…}` expansion needs Dockerfile syntax 1.7")
        );
    }

    #[test]
    fn expansions_the_builder_does_not_do_are_not_reported() {
        for body in [
            "RUN echo ${B#v}\n",
            "CMD echo ${B#v}\n",
            "ENTRYPOINT [\"echo\", \"${B#v}\"]\n",
            "HEALTHCHECK CMD echo ${B#v}\n",
            "ENV A='${B#v}'\n",
            "ENV A=\\${B#v}\n",
            "ENV A=$B#v\n",
            "ENV A=${B}#v\n",
            "ENV A=${#}\n",
            "ENV A=${B:-x}\n",
            "ENV A=${B:+x}\n",
            "COPY <<'EOF' /dest\n${B#v}\nEOF\n",
            "RUN <<EOF\necho ${B#v}\nEOF\n",
        ] {
            assert!(!fires("1.6", body), "{body}");
        }
        assert!(!fires("1.6", "ENV A=\"'${B:-x}'\"\n"));
    }

    #[test]
    fn double_quotes_do_not_hide_expansions_and_heredoc_bodies_are_expanded() {
        assert!(fires("1.6", "ENV A=\"${B#v}\"\n"));
        assert!(fires("1.6", "ENV A=\"it's ${B#v}\"\n"));
        let text = with_syntax("1.6", "COPY <<EOF /dest\nname='${B#v}'\nEOF\n");
        assert_eq!(marked(&text), ["${B#"]);
    }

    #[test]
    fn escape_directive_changes_the_escape_of_expansions() {
        let text =
            "# syntax=docker/dockerfile:1.6\n# escape=`\nFROM alpine\nENV A=`${B#v} C=\\${D#v}\n";
        assert_eq!(marked(text), ["${D#"]);
    }

    #[test]
    fn unset_and_required_expansions() {
        let unset = "ENV A=${B-x} C=${D+y}\n";
        assert!(fires("1.5", unset));
        assert_eq!(findings(&with_syntax("1.5", unset)).len(), 2);
        assert!(!fires("1.6", unset));
        for required in ["ENV A=${B?missing}\n", "ENV A=${B:?missing}\n"] {
            assert!(fires("1.1.5", required), "{required}");
            assert!(fires("1.0", required), "{required}");
            assert!(!fires("1.1.6", required), "{required}");
            assert!(!fires("1.1", required), "{required}");
        }
        assert!(
            messages(&with_syntax("1.5", "ENV A=${B-x}\n"))[0]
                .starts_with("the `${B-…}` expansion needs Dockerfile syntax 1.6")
        );
    }

    #[test]
    fn nested_expansions_are_found() {
        let text = with_syntax("1.6", "ENV A=${B:-${C#v}}\n");
        assert_eq!(marked(&text), ["${C#"]);
    }

    #[test]
    fn check_directive_from_1_8() {
        let text = "# syntax=docker/dockerfile:1.7\n# check=skip=all\nFROM alpine\n";
        let found = findings(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.range()], "# check=skip=all");
        assert!(
            found[0]
                .message
                .starts_with("the `# check=` directive needs Dockerfile syntax 1.8")
        );
        assert!(
            messages("# syntax=docker/dockerfile:1.8\n# check=skip=all\nFROM alpine\n").is_empty()
        );
        // A directive after it is lost with the old frontend.
        let escape =
            "# syntax=docker/dockerfile:1.7\n# check=error=true\n# escape=`\nFROM alpine\n";
        assert!(
            findings(escape)[0]
                .notes
                .iter()
                .any(|note| note.contains("directives below"))
        );
        assert!(
            !findings(text)[0]
                .notes
                .iter()
                .any(|note| note.contains("directives below"))
        );
    }

    #[test]
    fn check_comments_above_instructions_from_1_21() {
        let body = "# check=skip=JSONArgsRecommended\nCMD echo hi\n";
        assert!(fires("1.20", body));
        assert!(!fires("1.21", body));
        let text = with_syntax("1.20", body);
        assert_eq!(marked(&text), ["# check=skip=JSONArgsRecommended"]);
        assert!(fires(
            "1.20",
            "# Check = skip=JSONArgsRecommended because\nCMD echo hi\n"
        ));
        // Not a check comment: another word, bad options, an indented comment.
        assert!(!fires("1.20", "# checks=skip=X\nCMD echo\n"));
        assert!(!fires("1.20", "# check=bogus=1\nCMD echo\n"));
        assert!(!fires("1.20", "  # check=skip=X\nCMD echo\n"));
        // After a blank line the comment belongs to the instruction, not the directives.
        let blank = "# syntax=docker/dockerfile:1.20\n\n# check=skip=StageNameCasing\nFROM alpine AS Base\n";
        assert_eq!(messages(blank).len(), 1);
    }

    #[test]
    fn source_date_epoch_defaults() {
        let number =
            "# syntax=docker/dockerfile:1.22\nARG SOURCE_DATE_EPOCH=1700000000\nFROM alpine\n";
        assert_eq!(marked(number), ["SOURCE_DATE_EPOCH=1700000000"]);
        assert!(messages(&number.replace("1.22", "1.23")).is_empty());
        let context =
            "# syntax=docker/dockerfile:1.23\nARG SOURCE_DATE_EPOCH=context\nFROM alpine\n";
        assert!(messages(context)[0].starts_with(
            "`SOURCE_DATE_EPOCH` set to `context` or to a stage name needs Dockerfile syntax 1.24"
        ));
        assert!(messages(&context.replace("1.23", "1.2")).len() == 1);
        assert!(messages(&context.replace("1.23", "1.24")).is_empty());
        let stage = "# syntax=docker/dockerfile:1.23\nARG SOURCE_DATE_EPOCH=\"Src\"\nFROM scratch AS src\nADD https://example.com/a /a\nFROM alpine\n";
        assert!(messages(stage)[0].contains("1.24"));
        // Inside a stage it is an ordinary ARG; from a variable it is unknown.
        assert!(
            messages("# syntax=docker/dockerfile:1.2\nFROM alpine\nARG SOURCE_DATE_EPOCH=1\n")
                .is_empty()
        );
        assert!(
            messages(
                "# syntax=docker/dockerfile:1.2\nARG T=1\nARG SOURCE_DATE_EPOCH=$T\nFROM alpine\n"
            )
            .is_empty()
        );
        assert!(
            messages("# syntax=docker/dockerfile:1.2\nARG SOURCE_DATE_EPOCH\nFROM alpine\n")
                .is_empty()
        );
    }

    #[test]
    fn newest_tags_have_every_stable_feature() {
        let body = "COPY --parents --exclude=x --link --chmod=u+x a /b\nRUN --security=sandbox --network=none --mount=type=secret,id=a,env=A <<EOF\ntrue\nEOF\nENV A=${B#v}\n";
        for tag in ["1", "latest", "1-labs", "labs", "1.26", "2"] {
            assert!(!fires(tag, body), "{tag}");
        }
        assert!(messages(&format!("# syntax=docker/dockerfile\nFROM alpine\n{body}")).is_empty());
        assert!(
            messages(&format!(
                "# syntax=docker/dockerfile-upstream:master\nFROM alpine\n{body}"
            ))
            .is_empty()
        );
    }

    #[test]
    fn labs_pins_describe_labs_versions() {
        let text = with_syntax("1.6-labs", "COPY --parents a /b\n");
        assert_eq!(
            messages(&text),
            [
                "`COPY --parents` needs Dockerfile syntax 1.7-labs or later, but \
`# syntax=docker/dockerfile:1.6-labs` pins 1.6-labs"
            ]
        );
        assert!(
            findings(&text)[0]
                .notes
                .iter()
                .any(|note| note.contains("`docker/dockerfile:1.7-labs`"))
        );
        let registry = "# syntax=docker.io/docker/dockerfile:1.3@sha256:42399d4635eddd7a9b8a24be879d2f9a930d0ed040a61324cfdf59ef1357b3b2\nFROM alpine\nCOPY --link a /b\n";
        let found = findings(registry);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("pins 1.3"));
        assert!(
            found[0]
                .notes
                .iter()
                .any(|note| note.contains("`docker.io/docker/dockerfile:1.4`"))
        );
    }

    #[test]
    fn flags_of_other_instructions_are_not_features() {
        assert!(!fires(
            "1.0",
            "COPY --from=base /a /b\nFROM --platform=linux/amd64 alpine\n"
        ));
        assert!(!fires("1.0", "RUN --link true\n"));
    }
}
