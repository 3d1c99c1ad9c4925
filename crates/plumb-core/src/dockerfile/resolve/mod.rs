//! BuildKit's third layer, without building: the stages, global and per-stage ARGs, ENV,
//! and variable expansion in exactly the fields BuildKit expands
//! (`dockerfile2llb/convert.go`, the `Expand` methods of `instructions/commands.go`).
//!
//! Values that only a build knows (build arguments) are absent, and so are base images' ENV
//! unless a `plumb.lock` recorded it; the automatic platform ARGs take the values of a
//! `linux/amd64` build.

use super::image_reference;
use super::instruction::{Arguments, Dockerfile, Instruction, Keyword, Word};
use super::persistent_map::PersistentMap;
use super::platform::check_platform;
use super::rules::{
    empty_base_name, invalid_default_arg_in_from, invalid_platform, repository_not_lowercase,
    stage_reference, undefined_arg_in_from, undefined_variable, variable_expansion,
};
use super::shell_lexer::{Env, Lexer};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lock::Lock;
use crate::options::Options;
use crate::source::Span;
use crate::suggest::suggest;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

mod fields;

use fields::mount_dependencies;

/// Build arguments BuildKit never puts in the environment.
const NON_ENV_ARGS: [&str; 2] = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

/// The PATH BuildKit gives a stage whose image sets none, such as `FROM scratch`, except on
/// Windows (`util/system.DefaultPathEnvUnix`).
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Variables base images commonly set in their ENV.
pub fn is_common_image_variable(name: &str) -> bool {
    const NAMES: [&str; 12] = [
        "PATH",
        "HOME",
        "HOSTNAME",
        "LANG",
        "LANGUAGE",
        "LC_ALL",
        "TERM",
        "GOPATH",
        "GOROOT",
        "CARGO_HOME",
        "RUSTUP_HOME",
        "GPG_KEY",
    ];
    NAMES.contains(&name) || name.ends_with("_VERSION") || name.ends_with("_HOME")
}

/// Variables in scope: name → value. A stage starts with a copy of the variables of the
/// stage it is built on: the map shares its entries with its copies.
pub type Variables = PersistentMap<String, String>;

/// The names a stage's ARGs declare, with or without a value (copies share their entries,
/// as [`Variables`] do).
pub type DeclaredArgs = PersistentMap<String, ()>;

impl Env for Variables {
    fn get(&self, name: &str) -> Option<&str> {
        PersistentMap::get(self, name).map(String::as_str)
    }
}

/// What a stage starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "value")]
pub enum Source {
    /// `FROM scratch`: an empty filesystem.
    Scratch,
    /// An earlier stage, by index.
    Stage(usize),
    /// An image (or a named build context) by reference.
    Image(String),
}

/// A stage another instruction reads from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependency {
    pub source: Source,
    /// `copy` (COPY --from) or `mount` (RUN --mount from=).
    pub via: &'static str,
    pub line: usize,
}

/// One expanded value of an instruction: `source`, `destination`, `chown`, a variable name…
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    pub name: String,
    pub value: String,
}

/// A global ARG (declared before the first FROM) and its default, expanded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GlobalArg {
    pub name: String,
    pub value: Option<String>,
}

/// An instruction with the values BuildKit would use after expansion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedInstruction {
    pub keyword: &'static str,
    pub line: usize,
    /// Expanded fields, in the instruction's order (e.g. `source`, `destination`, `chown`).
    pub fields: Vec<Field>,
    /// Names of the global scope (ARGs declared before the first FROM, BuildKit's automatic
    /// platform ARGs) the instruction expands although the stage has not declared them, so
    /// that they are empty there, with where (DF117's findings; DF103 leaves them alone).
    #[serde(skip)]
    pub undeclared_globals: Vec<(String, Span)>,
    /// For a RUN: what its shell's environment is made of by then
    /// ([`Resolution::hidden_from_shell`]).
    #[serde(skip)]
    pub shell_scope: Option<ShellScope>,
}

/// The ARGs a stage has declared (it and the stages it is built on) and its variables, as a
/// RUN finds them: copies share their entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellScope {
    declared: DeclaredArgs,
    variables: Variables,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedStage {
    pub index: usize,
    /// Lower-cased, as BuildKit keys stages.
    pub name: Option<String>,
    pub line: usize,
    /// The FROM image as written and expanded (absent when the expansion failed).
    pub base: String,
    pub base_resolved: Option<String>,
    pub platform: Option<String>,
    pub source: Source,
    pub instructions: Vec<ResolvedInstruction>,
    pub dependencies: Vec<Dependency>,
    /// Build-time variables at the end of the stage (ARG and ENV, the later winning).
    pub variables: Variables,
    /// The names the stage's ARGs declare (with or without a value), those of the stages it
    /// is built on first: BuildKit carries them over to a stage built on this one.
    #[serde(skip)]
    pub declared_args: DeclaredArgs,
    /// The stage at the root of this one's chain of bases (a stage built on a stage of the
    /// file is built on what that one is built on): itself unless built on an earlier stage.
    #[serde(skip)]
    pub root: usize,
}

/// The global ARGs (before the first FROM) and the stages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub global_args: Vec<GlobalArg>,
    pub stages: Vec<ResolvedStage>,
    /// The automatic platform ARGs of the build ([`automatic_args`]).
    #[serde(skip)]
    pub automatic_args: Vec<(&'static str, String)>,
    /// The global ARGs, with or without a default, and the automatic ARGs.
    #[serde(skip)]
    pub global_scope: BTreeSet<String>,
}

impl Resolution {
    /// The stages a build of stage `target` builds: it, the stages it is built on, and those
    /// it copies or mounts from, again and again (BuildKit skips the others). In index order.
    pub fn stages_needed(&self, target: usize) -> Vec<usize> {
        let mut needed = BTreeSet::new();
        let mut waiting = vec![target];
        while let Some(index) = waiting.pop() {
            let Some(stage) = self.stages.get(index) else {
                continue;
            };
            if !needed.insert(index) {
                continue;
            }
            let sources = std::iter::once(&stage.source).chain(
                stage
                    .dependencies
                    .iter()
                    .map(|dependency| &dependency.source),
            );
            for source in sources {
                if let Source::Stage(parent) = source {
                    waiting.push(*parent);
                }
            }
        }
        needed.into_iter().collect()
    }

    /// The image the stage `index` is built on in the end, following stages of the file to
    /// the root of the chain; `None` for `scratch` (whose ENV is known: only PATH).
    pub fn root_image(&self, index: usize) -> Option<&str> {
        let root = self.stages.get(index)?.root;
        match &self.stages.get(root)?.source {
            Source::Image(image) => Some(image),
            _ => None,
        }
    }

    /// Whether `name` is in the global scope but out of the environment of the shell of a RUN:
    /// neither an ARG of its stage (or of the stages it is built on) nor an ENV has brought it
    /// in.
    pub fn hidden_from_shell(&self, run: &ResolvedInstruction, name: &str) -> bool {
        run.shell_scope.as_ref().is_some_and(|scope| {
            self.global_scope.contains(name)
                && !scope.declared.contains_key(name)
                && !scope.variables.contains_key(name)
        })
    }
}

/// The automatic platform ARGs of a build on `options`' build platform for its target
/// platform (`TARGETSTAGE`, the target's name, comes from the Dockerfile), in name order of
/// BuildKit's list.
pub fn automatic_args(options: &Options) -> Vec<(&'static str, String)> {
    let (build, target) = (&options.build_platform, &options.target_platform);
    vec![
        ("BUILDPLATFORM", build.to_string()),
        ("BUILDOS", build.os.clone()),
        ("BUILDOSVERSION", String::new()),
        ("BUILDARCH", build.architecture.clone()),
        ("BUILDVARIANT", build.variant.clone()),
        ("TARGETPLATFORM", target.to_string()),
        ("TARGETOS", target.os.clone()),
        ("TARGETOSVERSION", String::new()),
        ("TARGETARCH", target.architecture.clone()),
        ("TARGETVARIANT", target.variant.clone()),
        ("TARGETSTAGE", String::new()),
    ]
}

/// The value of an automatic ARG, if `name` is one.
pub fn automatic_arg<'a>(automatic: &'a [(&'static str, String)], name: &str) -> Option<&'a str> {
    automatic
        .iter()
        .find(|(automatic, _)| *automatic == name)
        .map(|(_, value)| value.as_str())
}

/// The global ARGs with a value, over the automatic ARGs of the build of the
/// target stage (looked up, not copied for every file).
struct Globals<'a> {
    target_stage: String,
    declared: Variables,
    automatic: &'a [(&'static str, String)],
}

impl Env for Globals<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        if let Some(value) = self.declared.get(name) {
            return Some(value);
        }
        if name == "TARGETSTAGE" {
            return Some(&self.target_stage);
        }
        automatic_arg(self.automatic, name)
    }
}

impl Globals<'_> {
    /// Every name with a value, in name order.
    fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .automatic
            .iter()
            .map(|&(name, _)| name)
            .chain(self.declared.keys().map(String::as_str))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// Resolves every stage; expansion and reference problems come back as diagnostics. A stage
/// built on an image `lock` pins starts with the ENV the lock recorded for it, as BuildKit's
/// stage starts with the image's.
pub fn resolve(
    dockerfile: &Dockerfile,
    options: &Options,
    lock: Option<&Lock>,
) -> (Resolution, Vec<Diagnostic>) {
    let mut resolver = Resolver {
        lock,
        target_platform: options.target_platform.to_string(),
        lexer: Lexer::new(dockerfile.escape),
        diagnostics: Vec::new(),
        unmatched: BTreeMap::new(),
        newly_unmatched: Vec::new(),
        added: BTreeSet::new(),
        reported_once: BTreeSet::new(),
        declared_globals: Vec::new(),
        global_scope: BTreeSet::new(),
    };
    let resolution = resolver.run(dockerfile, automatic_args(options));
    (resolution, resolver.diagnostics)
}

struct Resolver<'a> {
    lock: Option<&'a Lock>,
    /// The platform a stage without `--platform` is built for.
    target_platform: String,
    lexer: Lexer,
    diagnostics: Vec<Diagnostic>,
    /// Variables the current instruction referred to that were not set, with where.
    unmatched: BTreeMap<String, Span>,
    /// The names that entered `unmatched`, in order, until cleared.
    newly_unmatched: Vec<String>,
    /// The names the current ENV or ARG set that were not set before it.
    added: BTreeSet<String>,
    /// Where [`push_once`](Resolver::push_once) has reported.
    reported_once: BTreeSet<usize>,
    /// Every global ARG name, with or without a default, in order.
    declared_globals: Vec<String>,
    /// The global ARGs, with or without a default, and the automatic ARGs: names a stage
    /// sees only once it declares them.
    global_scope: BTreeSet<String>,
}

/// `name[=default]` of an ARG word, quotes kept in the default until expansion.
fn arg_parts(word: &Word) -> (&str, Option<&str>) {
    match word.value.split_once('=') {
        Some((name, default)) => (name, Some(default)),
        None => (word.value.as_str(), None),
    }
}

impl<'a> Resolver<'a> {
    fn expand(&mut self, word: &str, span: Span, variables: &dyn Env) -> Option<String> {
        // A literal word uses no variable: it is its own value.
        if self.lexer.is_literal(word) {
            return Some(word.to_owned());
        }
        match self.lexer.expand(word, variables) {
            Ok(expansion) => {
                for name in expansion.unmatched {
                    if let std::collections::btree_map::Entry::Vacant(entry) =
                        self.unmatched.entry(name)
                    {
                        self.newly_unmatched.push(entry.key().clone());
                        entry.insert(span);
                    }
                }
                Some(expansion.value)
            }
            Err(error) => {
                self.diagnostics
                    .push(Diagnostic::new(&variable_expansion::RULE, span, error.0));
                None
            }
        }
    }

    fn run(
        &mut self,
        dockerfile: &Dockerfile,
        automatic_args: Vec<(&'static str, String)>,
    ) -> Resolution {
        let first_from = dockerfile
            .instructions
            .iter()
            .position(|instruction| instruction.kind == Some(Keyword::From))
            .unwrap_or(dockerfile.instructions.len());
        let stage_lists = split_stages(&dockerfile.instructions[first_from..]);
        let names = StageNames::new(
            stage_lists
                .iter()
                .map(|stage| stage_name(stage[0]))
                .collect(),
        );
        let target = names
            .names
            .last()
            .cloned()
            .flatten()
            .unwrap_or_else(|| "default".into());

        let mut resolution = Resolution::default();
        self.global_scope
            .extend(automatic_args.iter().map(|&(name, _)| name.to_owned()));
        let mut global = Globals {
            target_stage: target,
            declared: Variables::new(),
            automatic: &automatic_args,
        };
        for instruction in &dockerfile.instructions[..first_from] {
            if instruction.kind != Some(Keyword::Arg) {
                continue;
            }
            for word in argument_words(instruction) {
                let (name, default) = arg_parts(word);
                let value = default.and_then(|default| self.expand(default, word.span, &global));
                if let Some(value) = &value {
                    global.declared.insert(name.to_owned(), value.clone());
                }
                self.declared_globals.push(name.to_owned());
                self.global_scope.insert(name.to_owned());
                resolution.global_args.push(GlobalArg {
                    name: name.to_owned(),
                    value,
                });
            }
        }

        // Each stage's ONBUILD triggers, which the stages built on it run.
        let triggers: Vec<Vec<&Instruction>> = stage_lists
            .iter()
            .map(|instructions| {
                instructions
                    .iter()
                    .filter_map(|instruction| match &instruction.arguments {
                        Arguments::Trigger(trigger)
                            if instruction.kind == Some(Keyword::Onbuild) =>
                        {
                            Some(trigger.as_ref())
                        }
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        for index in 0..stage_lists.len() {
            let stage = self.resolve_stage(
                index,
                (&stage_lists, &triggers),
                &names,
                &global,
                &resolution.stages,
            );
            resolution.stages.push(stage);
        }
        resolution.automatic_args = automatic_args;
        resolution.global_scope = std::mem::take(&mut self.global_scope);
        resolution
    }

    fn resolve_stage(
        &mut self,
        index: usize,
        (stage_lists, triggers): (&[Vec<&Instruction>], &[Vec<&Instruction>]),
        names: &StageNames,
        global: &Globals,
        earlier: &[ResolvedStage],
    ) -> ResolvedStage {
        let instructions = &stage_lists[index];
        let from = instructions[0];
        let base_word = argument_words(from).into_iter().next();
        let base = base_word.map_or(String::new(), |word| word.value.clone());
        let base_span = base_word.map_or(from.keyword.span, |word| word.span);
        self.unmatched.clear();
        let base_resolved = self.expand(&base, base_span, global);
        match base_resolved.as_deref() {
            Some("") => self.diagnostics.push(Diagnostic::new(
                &empty_base_name::RULE,
                base_span,
                format!("base name ({base}) should not be blank"),
            )),
            // A repository with capitals is DF033's (BuildKit's error), not this check's.
            Some(resolved)
                if base.contains('$')
                    && image_reference::parse(resolved).is_err()
                    && image_reference::lowercase_problem(resolved).is_none() =>
            {
                self.diagnostics.push(
                    Diagnostic::new(
                        &invalid_default_arg_in_from::RULE,
                        base_span,
                        format!("Default value for ARG {base} results in empty or invalid base image name"),
                    )
                    .with_note(format!("with the ARG defaults, the image is `{resolved}`")),
                );
            }
            _ => {}
        }
        let platform = from
            .flags
            .iter()
            .find(|flag| flag.name() == "platform")
            .and_then(|flag| self.platform(flag, global));
        self.report_undefined_in_from(global);
        // Only stages defined earlier can be a base; names are matched as written.
        let source = match base_resolved.as_deref() {
            Some("scratch") => Source::Scratch,
            Some(name) => names
                .latest_before(name, index)
                .map_or_else(|| Source::Image(name.to_owned()), Source::Stage),
            None => Source::Image(base.clone()),
        };
        if let (Source::Image(image), Some(_)) = (&source, &base_resolved) {
            let mut diagnostic = self.repository_problem(image, base_span, false);
            if let Some(diagnostic) = &mut diagnostic {
                if base.contains('$') {
                    diagnostic
                        .notes
                        .push(format!("with the ARG defaults, the image is `{image}`"));
                }
                let lower = image.to_lowercase();
                if names.latest_before(&lower, index).is_some() {
                    diagnostic.notes.push(format!(
                        "FROM compares its name as written with the stage names, which are lower case: write `{lower}` to build on the stage `{lower}`"
                    ));
                }
            }
            if let Some(diagnostic) = diagnostic {
                self.diagnostics.push(diagnostic);
            }
        }
        let locked_env = match &source {
            Source::Image(image) => self.locked_env(image, platform.as_deref()),
            _ => None,
        };
        let mut variables = match &source {
            Source::Stage(parent) => earlier[*parent].variables.clone(),
            _ => Variables::new(),
        };
        for entry in locked_env.unwrap_or_default() {
            let (name, value) = entry.split_once('=').unwrap_or((entry, ""));
            variables.insert(name.to_owned(), value.to_owned());
        }
        // BuildKit makes sure every stage has a PATH: an image's own, else its default
        // (Windows left to the OS). Only `scratch` is known to have none of its own, and an
        // image whose ENV the lock recorded.
        let os = platform
            .as_deref()
            .map(|platform| platform.split('/').next().unwrap_or_default().to_owned())
            .or_else(|| global.get("TARGETOS").map(str::to_owned))
            .unwrap_or_default();
        let without_path = source == Source::Scratch
            || locked_env.is_some_and(|env| !env.iter().any(|entry| entry.starts_with("PATH=")));
        if without_path && os != "windows" {
            variables.insert("PATH".into(), DEFAULT_PATH.into());
        }
        let stage_label = names.names[index]
            .clone()
            .unwrap_or_else(|| format!("stage-{index}"));
        let mut resolved = Vec::new();
        let mut dependencies = Vec::new();
        // A stage built FROM an earlier stage runs that stage's ONBUILD triggers first.
        let triggers: &[&Instruction] = match &source {
            Source::Stage(parent) => &triggers[*parent],
            _ => &[],
        };
        // ARGs declared in this stage or the stages it is built on, with or without a value:
        // never "undefined".
        let (mut declared, root) = match &source {
            Source::Stage(parent) => (
                earlier[*parent].declared_args.clone(),
                earlier[*parent].root,
            ),
            _ => (DeclaredArgs::new(), index),
        };
        // The image the stages down to this one start from, unless the lock gave its ENV
        // (then what is undefined is known exactly).
        let (root_source, root_platform) =
            earlier.get(root).map_or((&source, &platform), |stage| {
                (&stage.source, &stage.platform)
            });
        let base_image = match root_source {
            Source::Image(image) if self.locked_env(image, root_platform.as_deref()).is_none() => {
                Some(image.clone())
            }
            _ => None,
        };
        for instruction in triggers.iter().chain(&instructions[1..]).copied() {
            let line = instruction.start_line;
            self.unmatched.clear();
            self.newly_unmatched.clear();
            self.added.clear();
            let fields = match instruction.kind {
                Some(Keyword::Env) => self.env(instruction, &mut variables),
                Some(Keyword::Arg) => self.stage_arg(instruction, global, &mut variables),
                Some(Keyword::Label) => self.key_values(instruction, &variables),
                Some(Keyword::Copy | Keyword::Add) => {
                    if let Some(dependency) =
                        self.copy_from(instruction, index, &stage_label, names)
                    {
                        dependencies.push(dependency);
                    }
                    self.copy(instruction, &variables)
                }
                Some(Keyword::Run) => {
                    for (dependency, mount, span) in mount_dependencies(instruction, names) {
                        if let Source::Image(image) = &dependency.source
                            && let Some(diagnostic) = self.repository_problem(image, span, true)
                        {
                            self.push_once(diagnostic);
                        }
                        if let Source::Stage(from) = dependency.source
                            && from >= index
                        {
                            self.diagnostics.push(Diagnostic::new(
                                &stage_reference::RULE,
                                span,
                                format!(
                                    "cannot mount from stage {:?} to {:?}, stage needs to be defined before current command",
                                    mount.from.unwrap_or_default(),
                                    mount.target.unwrap_or_default()
                                ),
                            ));
                        }
                        dependencies.push(dependency);
                    }
                    self.mounts(instruction, &variables)
                }
                Some(Keyword::Workdir | Keyword::User) => {
                    self.each_word(instruction, "value", &variables)
                }
                Some(Keyword::Stopsignal) => self.stop_signal(instruction, &variables),
                Some(Keyword::Volume) => self.volume(instruction, &variables),
                Some(Keyword::Expose) => self.expose(instruction, &variables),
                _ => continue,
            };
            if instruction.kind == Some(Keyword::Arg) {
                for word in argument_words(instruction) {
                    declared.insert(arg_parts(word).0.to_owned(), ());
                }
            }
            let undeclared_globals =
                self.report_undefined(&declared, &variables, base_image.as_deref());
            let shell_scope = (instruction.kind == Some(Keyword::Run)).then(|| ShellScope {
                declared: declared.clone(),
                variables: variables.clone(),
            });
            resolved.push(ResolvedInstruction {
                keyword: instruction.kind.map_or("", Keyword::as_str),
                line,
                fields,
                undeclared_globals,
                shell_scope,
            });
        }
        ResolvedStage {
            index,
            name: names.names[index].clone(),
            line: from.start_line,
            base,
            base_resolved,
            platform,
            source,
            instructions: resolved,
            dependencies,
            variables,
            declared_args: declared,
            root,
        }
    }

    /// The ENV the lock recorded for `image` on `platform` (the build's target when the
    /// stage names none).
    fn locked_env(&self, image: &str, platform: Option<&str>) -> Option<&'a [String]> {
        self.lock?
            .image_env(image, platform.unwrap_or(&self.target_platform))
    }

    /// BuildKit's UndefinedVar: names an instruction expanded that nothing defined. BuildKit
    /// also knows the base image's ENV; plumb does not, so in a stage built on an image in the
    /// end (`base_image`) it leaves out the names images commonly set and reports the others
    /// as information: they may come from the image. What an ENV or ARG refers to is judged by
    /// the variables before it: `variables` less the names it [added](Resolver::added). Names
    /// of the global scope the stage has not declared are DF117's: they come back, with where,
    /// instead.
    fn report_undefined(
        &mut self,
        declared: &DeclaredArgs,
        variables: &Variables,
        base_image: Option<&str>,
    ) -> Vec<(String, Span)> {
        let mut globals = Vec::new();
        if self.unmatched.is_empty() {
            return globals;
        }
        let added = std::mem::take(&mut self.added);
        let mut known: Option<Vec<&str>> = None;
        for (name, span) in std::mem::take(&mut self.unmatched) {
            if declared.contains_key(&name) || NON_ENV_ARGS.contains(&name.as_str()) {
                continue;
            }
            if self.global_scope.contains(&name) {
                globals.push((name, span));
                continue;
            }
            if base_image.is_some() && is_common_image_variable(&name) {
                continue;
            }
            let known = known.get_or_insert_with(|| {
                variables
                    .keys()
                    .map(String::as_str)
                    .filter(|name| !added.contains(*name))
                    .collect()
            });
            let suggestion = suggest(&name, known, true)
                .map(|found| format!(" (did you mean ${found}?)"))
                .unwrap_or_default();
            let diagnostic = match base_image {
                None => Diagnostic::new(
                    &undefined_variable::RULE,
                    span,
                    format!("Usage of undefined variable '${name}'{suggestion}"),
                ),
                Some(image) => Diagnostic::new(
                    &undefined_variable::RULE,
                    span,
                    format!(
                        "Usage of variable '${name}' that no ARG or ENV of this file defines{suggestion}; it may come from the base image \"{image}\""
                    ),
                )
                .with_severity(Severity::Info)
                .with_note(
                    "plumb does not know the base image's ENV (`plumb lock` records it); BuildKit reports the name only if the image does not set it",
                )
                .outside_build_check(),
            };
            self.diagnostics.push(diagnostic);
        }
        globals
    }

    /// BuildKit's `failed to parse stage name` for an image whose repository has capitals
    /// (a variable left in the name is someone else's finding). `in_flag`: the name is a flag
    /// value (`--from`, `--mount=from=`), which BuildKit reads byte by byte.
    pub(super) fn repository_problem(
        &self,
        image: &str,
        span: Span,
        in_flag: bool,
    ) -> Option<Diagnostic> {
        if image.contains('$') {
            return None;
        }
        let problem = image_reference::lowercase_problem(image)?;
        let diagnostic = Diagnostic::new(
            &repository_not_lowercase::RULE,
            span,
            format!("failed to parse stage name {image:?}: {problem}"),
        );
        Some(if in_flag && !image.is_ascii() {
            diagnostic.with_note(
                "BuildKit reads flag values byte by byte, so characters outside ASCII arrive garbled, as capitals among others",
            )
        } else {
            diagnostic
        })
    }

    /// Adds a finding unless one was added at the same place: an ONBUILD trigger runs in
    /// every stage built on the stage that declares it.
    pub(super) fn push_once(&mut self, diagnostic: Diagnostic) {
        if self.reported_once.insert(diagnostic.span.start) {
            self.diagnostics.push(diagnostic);
        }
    }

    /// BuildKit's UndefinedArgInFrom: names in a FROM line that are neither global ARGs nor
    /// automatic ones.
    fn report_undefined_in_from(&mut self, global: &Globals) {
        if self.unmatched.is_empty() {
            return;
        }
        let declared_globals = std::mem::take(&mut self.declared_globals);
        let mut known: Option<Vec<&str>> = None;
        for (name, span) in std::mem::take(&mut self.unmatched) {
            if self.global_scope.contains(&name) {
                continue;
            }
            let known = known.get_or_insert_with(|| {
                let mut known: Vec<&str> = declared_globals.iter().map(String::as_str).collect();
                known.extend(global.names());
                known
            });
            let message = match suggest(&name, known, true) {
                Some(found) => {
                    format!("FROM argument '{name}' is not declared (did you mean {found}?)")
                }
                None => format!("FROM argument '{name}' is not declared"),
            };
            self.diagnostics
                .push(Diagnostic::new(&undefined_arg_in_from::RULE, span, message));
        }
        self.declared_globals = declared_globals;
    }

    /// `FROM --platform`, expanded with the global ARGs and parsed.
    fn platform(&mut self, flag: &super::instruction::Flag, global: &Globals) -> Option<String> {
        let written = flag.value().unwrap_or_default();
        let value = self.expand(written, flag.span, global)?;
        let problem = if value.is_empty() {
            Some(format!("empty platform value from expression {written}"))
        } else {
            check_platform(&value)
                .err()
                .map(|error| format!("failed to parse platform {written}: {error}"))
        };
        if let Some(mut message) = problem {
            // BuildKit suggests a global ARG close to a name the expression did not find.
            let unmatched = self
                .lexer
                .expand(written, global)
                .map(|expansion| expansion.unmatched)
                .unwrap_or_default();
            let known = global.names();
            if let Some(found) = unmatched
                .iter()
                .find_map(|name| suggest(name, &known, true))
            {
                message.push_str(&format!(" (did you mean {found}?)"));
            }
            self.diagnostics
                .push(Diagnostic::new(&invalid_platform::RULE, flag.span, message));
        }
        Some(value)
    }
}

/// The words of FROM, ARG and the list instructions.
fn argument_words(instruction: &Instruction) -> Vec<&Word> {
    match &instruction.arguments {
        Arguments::Words(words) | Arguments::Exec(words) => words.iter().collect(),
        Arguments::Shell(word) => vec![word],
        _ => Vec::new(),
    }
}

/// The stages' names (lower-cased; `None` for a stage without one), and the stages of each
/// name in file order, so that a name is found without going through every stage.
pub(super) struct StageNames {
    pub(super) names: Vec<Option<String>>,
    by_name: BTreeMap<String, Vec<usize>>,
}

impl StageNames {
    fn new(names: Vec<Option<String>>) -> Self {
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (index, name) in names.iter().enumerate() {
            if let Some(name) = name {
                by_name.entry(name.clone()).or_default().push(index);
            }
        }
        Self { names, by_name }
    }

    /// The latest stage called `name` (as written) defined before stage `index`.
    fn latest_before(&self, name: &str, index: usize) -> Option<usize> {
        let stages = self.by_name.get(name)?;
        let before = stages.partition_point(|&stage| stage < index);
        before.checked_sub(1).map(|position| stages[position])
    }

    /// The last stage of the file called `name` (as written).
    pub(super) fn last(&self, name: &str) -> Option<usize> {
        self.by_name.get(name)?.last().copied()
    }

    pub(super) fn len(&self) -> usize {
        self.names.len()
    }
}

/// `FROM image AS name` → `name`, lower-cased.
fn stage_name(from: &Instruction) -> Option<String> {
    match argument_words(from).as_slice() {
        [_, as_word, name] if as_word.value.eq_ignore_ascii_case("as") => {
            Some(name.value.to_lowercase())
        }
        _ => None,
    }
}

/// Groups instructions (starting at a FROM) into stages.
fn split_stages(instructions: &[Instruction]) -> Vec<Vec<&Instruction>> {
    let mut stages: Vec<Vec<&Instruction>> = Vec::new();
    for instruction in instructions {
        match stages.last_mut() {
            Some(stage) if instruction.kind != Some(Keyword::From) => stage.push(instruction),
            _ => stages.push(vec![instruction]),
        }
    }
    stages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;
    use crate::source::SourceFile;

    fn resolved(text: &str) -> (Resolution, Vec<String>) {
        let (dockerfile, _) = parse(&SourceFile::new("Dockerfile", text));
        let (resolution, diagnostics) =
            resolve(&dockerfile, &crate::options::Options::default(), None);
        let messages = diagnostics
            .into_iter()
            .map(|diagnostic| format!("{} {}", diagnostic.code(), diagnostic.message))
            .collect();
        (resolution, messages)
    }

    fn field<'a>(stage: &'a ResolvedStage, keyword: &str, name: &str) -> Vec<&'a str> {
        stage
            .instructions
            .iter()
            .filter(|instruction| instruction.keyword == keyword)
            .flat_map(|instruction| &instruction.fields)
            .filter(|field| field.name == name)
            .map(|field| field.value.as_str())
            .collect()
    }

    #[test]
    fn global_args_reach_from_lines_only() {
        let (resolution, problems) = resolved(
            "ARG REGISTRY=docker.io\nARG IMAGE=\"$REGISTRY/library/alpine\"\nARG TAG\nFROM ${IMAGE}:${TAG:-3.20} AS base\nRUN echo\nWORKDIR /srv/$IMAGE\n",
        );
        // The global ARG was not declared again in the stage: DF117's finding, not DF103's.
        assert!(problems.is_empty(), "{problems:?}");
        let globals: Vec<(&str, Option<&str>)> = resolution
            .global_args
            .iter()
            .map(|arg| (arg.name.as_str(), arg.value.as_deref()))
            .collect();
        assert_eq!(
            globals,
            [
                ("REGISTRY", Some("docker.io")),
                ("IMAGE", Some("docker.io/library/alpine")),
                ("TAG", None),
            ]
        );
        let stage = &resolution.stages[0];
        assert_eq!(
            stage.base_resolved.as_deref(),
            Some("docker.io/library/alpine:3.20")
        );
        assert_eq!(stage.name.as_deref(), Some("base"));
        // A global ARG is not visible inside a stage until declared there.
        assert_eq!(field(stage, "WORKDIR", "value"), ["/srv/"]);
        let workdir = &stage.instructions[1];
        let names: Vec<&str> = workdir
            .undeclared_globals
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(names, ["IMAGE"]);
        // What a RUN's shell does not see: every global and automatic ARG, none declared.
        let run = &stage.instructions[0];
        for name in ["REGISTRY", "TAG", "TARGETARCH"] {
            assert!(resolution.hidden_from_shell(run, name), "{name}");
        }
        assert!(
            !resolution.hidden_from_shell(run, "UNKNOWN"),
            "not a global"
        );
    }

    #[test]
    fn globals_declared_again_or_set_by_env_are_not_hidden() {
        let text = "ARG A=1\nARG B\nARG C=3\nFROM scratch AS base\nARG A\nFROM base\nARG B\nENV C=x\nRUN true\nWORKDIR /$A/$B/$C/$TARGETOS\n";
        let (resolution, problems) = resolved(text);
        assert!(problems.is_empty(), "{problems:?}");
        let stage = &resolution.stages[1];
        let run = stage
            .instructions
            .iter()
            .find(|instruction| instruction.keyword == "RUN")
            .unwrap();
        for name in ["A", "B", "C"] {
            assert!(!resolution.hidden_from_shell(run, name), "{name}");
        }
        let workdir = stage.instructions.last().unwrap();
        let names: Vec<&str> = workdir
            .undeclared_globals
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(names, ["TARGETOS"]);
    }

    #[test]
    fn stage_args_env_and_inheritance() {
        let text = "ARG VERSION=1.2\nFROM alpine AS base\nARG VERSION\nENV APP=/opt/app-$VERSION abc=bye\nENV abc=hello def=$abc\nFROM base AS child\nWORKDIR $APP\nFROM scratch\nWORKDIR ${APP:-none}\n";
        let (resolution, problems) = resolved(text);
        // A default does not make the name defined (BuildKit's UndefinedVar agrees).
        assert_eq!(problems, ["DF103 Usage of undefined variable '$APP'"]);
        let base = &resolution.stages[0];
        assert_eq!(
            base.variables.get("VERSION").map(String::as_str),
            Some("1.2")
        );
        assert_eq!(
            base.variables.get("APP").map(String::as_str),
            Some("/opt/app-1.2")
        );
        // Within one ENV, expansions see the values from before the instruction.
        assert_eq!(base.variables.get("def").map(String::as_str), Some("bye"));
        let child = &resolution.stages[1];
        assert_eq!(child.source, Source::Stage(0));
        assert_eq!(field(child, "WORKDIR", "value"), ["/opt/app-1.2"]);
        let unrelated = &resolution.stages[2];
        assert_eq!(unrelated.source, Source::Scratch);
        assert_eq!(field(unrelated, "WORKDIR", "value"), ["none"]);
    }

    #[test]
    fn copy_and_mount_dependencies() {
        let text = "FROM golang AS build\nRUN go build\nFROM scratch\nCOPY --from=build --chown=${UID:-10} /out/app /app\nCOPY --from=0 /etc/ssl /etc/ssl\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nRUN --mount=type=bind,from=build,target=/b true\n";
        let (resolution, problems) = resolved(text);
        assert_eq!(problems, ["DF103 Usage of undefined variable '$UID'"]);
        let final_stage = &resolution.stages[1];
        assert_eq!(final_stage.source, Source::Scratch);
        let sources: Vec<(&Source, &str)> = final_stage
            .dependencies
            .iter()
            .map(|dependency| (&dependency.source, dependency.via))
            .collect();
        assert_eq!(
            sources,
            [
                (&Source::Stage(0), "copy"),
                (&Source::Stage(0), "copy"),
                (&Source::Image("nginx:1.27".into()), "copy"),
                (&Source::Stage(0), "mount"),
            ]
        );
        assert_eq!(field(final_stage, "COPY", "chown"), ["10"]);
    }

    #[test]
    fn reference_and_expansion_errors() {
        let (_, problems) =
            resolved("ARG S=build\nFROM alpine AS build\nFROM alpine\nCOPY --from=$S /a /b\n");
        assert_eq!(
            problems,
            [
                "DF022 variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround"
            ]
        );
        let (_, problems) = resolved("FROM alpine\nCOPY --from=3 /a /b\nFROM alpine AS later\n");
        assert_eq!(problems, ["DF024 invalid stage index 3"]);
        let (_, problems) =
            resolved("FROM alpine AS first\nCOPY --from=later /a /b\nFROM alpine AS later\n");
        assert_eq!(
            problems,
            [
                "DF024 cannot copy from stage \"later\", it needs to be defined before current stage \"first\""
            ]
        );
        let (_, problems) = resolved("ARG BASE\nFROM $BASE\n");
        assert_eq!(problems, ["DF025 base name ($BASE) should not be blank"]);
        let (_, problems) = resolved("FROM alpine\nWORKDIR ${X:?is required}\nENV A=${}\n");
        assert_eq!(
            problems,
            [
                "DF023 failed to process \"${X:?is required}\": X: is required",
                "DF023 failed to process \"${}\": syntax error: bad substitution",
            ]
        );
        let (_, problems) =
            resolved("FROM alpine\nARG T=volume\nRUN --mount=type=$T,target=/x true\n");
        assert_eq!(problems, ["DF013 unsupported mount type \"volume\""]);
    }

    #[test]
    fn ports_and_signals_are_checked_after_expansion() {
        let (resolution, problems) = resolved(
            "FROM alpine\nARG PORTS=\"80 443/udp\"\nEXPOSE $PORTS 8000-8001\nSTOPSIGNAL sigquit\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            field(&resolution.stages[0], "EXPOSE", "port"),
            ["80/tcp", "443/udp", "8000/tcp", "8001/tcp"]
        );
        let (_, problems) = resolved("FROM alpine\nARG P=http\nEXPOSE $P\nSTOPSIGNAL SIGNOPE\n");
        assert_eq!(
            problems,
            [
                "DF026 invalid containerPort: http",
                "DF027 invalid signal: SIGNOPE"
            ]
        );
    }

    #[test]
    fn onbuild_triggers_run_in_child_stages() {
        let text = "FROM alpine AS tools\nRUN make\nFROM alpine AS base\nONBUILD COPY --from=tools /bin/tool /bin/\nONBUILD ENV MODE=child\nFROM base\nWORKDIR /$MODE\n";
        let (resolution, problems) = resolved(text);
        assert!(problems.is_empty(), "{problems:?}");
        let child = &resolution.stages[2];
        assert_eq!(child.dependencies[0].source, Source::Stage(0));
        assert_eq!(field(child, "WORKDIR", "value"), ["/child"]);
        // The stage that declares the triggers does not run them itself.
        assert!(resolution.stages[1].dependencies.is_empty());
    }

    #[test]
    fn copy_options_and_platforms() {
        let (_, problems) = resolved(
            "FROM --platform=$TARGETOS/$TARGETARCH alpine\nARG MODE=0855\nCOPY --chmod=$MODE a /b\nADD --checksum=sha256:00 a b /c/\nCOPY --chmod=u=rwX,go=rX a /b\n",
        );
        assert_eq!(
            problems,
            [
                "DF028 invalid chmod parameter: '0855'. it should be octal string and between 0 and 07777",
                "DF029 checksum can't be specified for multiple sources",
            ]
        );
        let (_, problems) =
            resolved("ARG P\nFROM --platform=$P alpine\nFROM --platform=linux/* alpine\n");
        assert_eq!(
            problems,
            [
                "DF031 empty platform value from expression $P",
                "DF031 failed to parse platform linux/*: \"linux/*\": wildcards not yet supported: invalid argument",
            ]
        );
    }

    #[test]
    fn undefined_variables_and_from_arguments() {
        let (_, problems) = resolved(
            "ARG TAG\nFROM alpine:${TAG} AS a\nFROM node:${NODE_VERSON} AS b\nARG APP_VERSION=1\nENV PATH=$PATH:/x\nWORKDIR /$APP_VERSON\nFROM scratch\nENV PATH=$PATH:/x\n",
        );
        assert_eq!(
            problems,
            [
                "DF105 Default value for ARG alpine:${TAG} results in empty or invalid base image name",
                // BuildKit reports both: the name is undeclared and the image is invalid.
                "DF105 Default value for ARG node:${NODE_VERSON} results in empty or invalid base image name",
                "DF104 FROM argument 'NODE_VERSON' is not declared",
                "DF103 Usage of variable '$APP_VERSON' that no ARG or ENV of this file defines (did you mean $APP_VERSION?); it may come from the base image \"node:\"",
            ]
        );
    }

    #[test]
    fn a_target_needs_its_bases_and_what_it_copies_from() {
        let (resolution, _) = resolved(
            "FROM scratch AS a\nFROM scratch AS unused\nFROM a AS b\nFROM scratch AS c\nCOPY --from=b / /\nRUN --mount=from=0,target=/m true\nFROM scratch\n",
        );
        assert_eq!(resolution.stages_needed(3), [0, 2, 3]);
        assert_eq!(resolution.stages_needed(4), [4]);
    }

    #[test]
    fn scratch_has_the_default_path() {
        let (resolution, problems) =
            resolved("FROM scratch AS root\nENV PATH=$PATH:/x\nFROM root\nWORKDIR $PATH\n");
        assert!(problems.is_empty(), "{problems:?}");
        let path = format!("{DEFAULT_PATH}:/x");
        assert_eq!(
            resolution.stages[1].variables.get("PATH"),
            Some(&path),
            "inherited from the stage built on scratch"
        );
        // Except on Windows, where BuildKit leaves PATH to the OS.
        let (_, problems) =
            resolved("FROM --platform=windows/amd64 scratch\nENV PATH=$PATH;C:\\x\n");
        assert_eq!(problems, ["DF103 Usage of undefined variable '$PATH'"]);
    }

    #[test]
    fn variables_the_base_image_may_set_are_information() {
        let text = "FROM alpine:3.20 AS base\nFROM base AS child\nENV LD_LIBRARY_PATH=$NATIVE_DIR\nFROM scratch AS empty\nFROM empty\nENV LD_LIBRARY_PATH=$NATIVE_DIR\n";
        let (dockerfile, _) = parse(&SourceFile::new("Dockerfile", text));
        let (resolution, diagnostics) = resolve(&dockerfile, &Options::default(), None);
        let found: Vec<(Severity, &str, bool)> = diagnostics
            .iter()
            .map(|diagnostic| {
                (
                    diagnostic.severity,
                    diagnostic.message.as_str(),
                    diagnostic.outside_build_check,
                )
            })
            .collect();
        // The chain is followed to its root: alpine for `child`, scratch for the last stage.
        assert_eq!(
            found,
            [
                (
                    Severity::Info,
                    "Usage of variable '$NATIVE_DIR' that no ARG or ENV of this file defines; it may come from the base image \"alpine:3.20\"",
                    true
                ),
                (
                    Severity::Warning,
                    "Usage of undefined variable '$NATIVE_DIR'",
                    false
                ),
            ]
        );
        assert_eq!(resolution.root_image(1), Some("alpine:3.20"));
        assert_eq!(resolution.root_image(3), None);
    }

    #[test]
    fn a_lock_gives_the_base_image_env_so_undefined_is_exact() {
        use crate::lock::{Lock, LockedImage, PlatformImage};
        let platform = |env: &[&str]| PlatformImage {
            manifest: "sha256:m".into(),
            config: "sha256:c".into(),
            env: env.iter().map(|entry| (*entry).to_owned()).collect(),
        };
        let lock = Lock::new(std::collections::BTreeMap::from([(
            "alpine:3.20".to_owned(),
            LockedImage {
                source: "registry".into(),
                digest: "sha256:i".into(),
                media_type: "application/vnd.oci.image.index.v1+json".into(),
                platforms: std::collections::BTreeMap::from([
                    (
                        "linux/amd64".to_owned(),
                        platform(&["PATH=/bin", "APP_HOME=/app"]),
                    ),
                    ("linux/arm64".to_owned(), platform(&["ARM_ONLY=1"])),
                ]),
            },
        )]));
        let text = "FROM alpine:3.20 AS base\nENV P=$PATH:$APP_HOME\nFROM base\nWORKDIR /$NATIVE_DIR/$ARM_ONLY\nFROM --platform=linux/arm64 alpine:3.20\nENV P=$PATH:$ARM_ONLY:$APP_HOME\n";
        let (dockerfile, _) = parse(&SourceFile::new("Dockerfile", text));
        let (resolution, diagnostics) = resolve(&dockerfile, &Options::default(), Some(&lock));
        let found: Vec<(Severity, &str, usize)> = diagnostics
            .iter()
            .map(|diagnostic| {
                let line = text[..diagnostic.span.start].matches('\n').count() + 1;
                (diagnostic.severity, diagnostic.message.as_str(), line)
            })
            .collect();
        // What the image sets is defined; what it does not is reported as BuildKit does, for
        // the platform each stage is built for (an image without PATH gets the default).
        assert_eq!(
            found,
            [
                (
                    Severity::Warning,
                    "Usage of undefined variable '$ARM_ONLY'",
                    4
                ),
                (
                    Severity::Warning,
                    "Usage of undefined variable '$NATIVE_DIR'",
                    4
                ),
                (
                    Severity::Warning,
                    "Usage of undefined variable '$APP_HOME'",
                    6
                ),
            ]
        );
        assert_eq!(
            resolution.stages[0].variables.get("P").map(String::as_str),
            Some("/bin:/app")
        );
        assert_eq!(
            resolution.stages[2].variables.get("P").map(String::as_str),
            Some(format!("{DEFAULT_PATH}:1:").as_str())
        );
    }

    #[test]
    fn guarded_expansions_are_reported_like_buildkit() {
        // BuildKit's lexer records every name it looks up, whatever the modifier, and
        // UndefinedVar reports them: `${X:+…}`, `${X:-…}`, `${X-…}` included.
        for value in [
            "${LIB:+$LIB:}/opt/lib",
            "${LIB:-/usr/lib}",
            "${LIB-/usr/lib}",
        ] {
            let (_, problems) = resolved(&format!("FROM scratch\nENV LD_LIBRARY_PATH={value}\n"));
            assert_eq!(
                problems,
                ["DF103 Usage of undefined variable '$LIB'"],
                "{value}"
            );
        }
    }

    #[test]
    fn args_declared_in_a_base_stage_are_declared() {
        // BuildKit carries a stage's build arguments over to the stages built on it.
        let (_, problems) =
            resolved("FROM scratch AS base\nARG RELEASE\nFROM base\nLABEL release=$RELEASE\n");
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn env_and_arg_suggest_only_names_set_before_them() {
        let (_, problems) = resolved(
            "FROM scratch\nENV APP_DIR=/x OTHER=$APP_DIRR\nARG NAME_ONE=1 NAME_TWO=$NAME_ONX\nENV LAST=$APP_DIRR$NAME_ONX\n",
        );
        assert_eq!(
            problems,
            [
                "DF103 Usage of undefined variable '$APP_DIRR'",
                "DF103 Usage of undefined variable '$NAME_ONX'",
                "DF103 Usage of undefined variable '$APP_DIRR' (did you mean $APP_DIR?)",
                "DF103 Usage of undefined variable '$NAME_ONX' (did you mean $NAME_ONE?)",
            ]
        );
    }

    #[test]
    fn names_set_earlier_in_the_same_env_are_not_undefined() {
        let text = "FROM scratch\nENV A=1 B=$A C=$D D=2 E=$D F=$A$G\n";
        let (dockerfile, _) = parse(&SourceFile::new("Dockerfile", text));
        let (_, diagnostics) = resolve(&dockerfile, &crate::options::Options::default(), None);
        let found: Vec<(&str, &str)> = diagnostics
            .iter()
            .map(|diagnostic| (diagnostic.message.as_str(), &text[diagnostic.span.range()]))
            .collect();
        // `$D` was unset when C used it, so it stays reported there, even though D is set
        // before E uses it.
        assert_eq!(
            found,
            [
                ("Usage of undefined variable '$D'", "$D"),
                ("Usage of undefined variable '$G'", "$A$G"),
            ]
        );
        assert_eq!(diagnostics[0].span.start, text.find("C=$D").unwrap() + 2);
    }

    #[test]
    fn stage_names_find_the_latest_before_and_the_last() {
        let names = StageNames::new(vec![
            Some("a".into()),
            None,
            Some("b".into()),
            Some("a".into()),
            Some("a".into()),
        ]);
        let before = |name: &str, index: usize| names.latest_before(name, index);
        assert_eq!(
            (0..=5).map(|index| before("a", index)).collect::<Vec<_>>(),
            [None, Some(0), Some(0), Some(0), Some(3), Some(4)]
        );
        assert_eq!(before("b", 2), None);
        assert_eq!(before("b", 3), Some(2));
        assert_eq!(before("A", 5), None, "names are matched as written");
        assert_eq!(names.last("a"), Some(4));
        assert_eq!(names.last("c"), None);
        assert_eq!(names.len(), 5);
    }

    #[test]
    fn duplicate_stage_names_resolve_like_buildkit() {
        // FROM takes the latest definition above; --from the last one in the file.
        let text = "FROM alpine AS x\nENV WHO=first\nFROM busybox AS x\nENV WHO=second\nFROM x\nCOPY --from=x /a /b\n";
        let (resolution, _) = resolved(text);
        let last = &resolution.stages[2];
        assert_eq!(last.source, Source::Stage(1));
        assert_eq!(
            last.variables.get("WHO").map(String::as_str),
            Some("second")
        );
        assert_eq!(last.dependencies[0].source, Source::Stage(1));
    }

    #[test]
    fn automatic_platform_args() {
        let (resolution, _) = resolved(
            "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nARG TARGETARCH\nENV GOARCH=$TARGETARCH\n",
        );
        let stage = &resolution.stages[0];
        assert_eq!(stage.platform.as_deref(), Some("linux/amd64"));
        assert_eq!(
            stage.variables.get("GOARCH").map(String::as_str),
            Some("amd64")
        );
    }
}
