//! Loading a project as `docker compose config` does: the environment (process, `.env`,
//! `--env-file`), the compose files (`-f`, `COMPOSE_FILE`, or the default names from the
//! project directory upwards with their override), the project name, then each file through
//! compose-go's pipeline (reset tags, string keys, interpolation, `extends`, `include`,
//! merge, unicity, schema, canonical long syntax), and the whole through defaults, checks,
//! path resolution and normalisation.

use std::collections::BTreeMap;

use super::canonical;
use super::defaults;
use super::dotenv;
use super::interpolate_model::{Interpolation, interpolate_model};
use super::interpolation;
use super::merge::merge;
use super::posix_path as path;
use super::problem::{LoadError, Place, Warning, WarningKind};
use super::project::{Loaded, Project, ProjectFiles, ProjectRequest, SourceText};
use super::relative_paths::resolve_relative_paths;
use super::reset::{Resets, take_resets};
use super::resolve_environment::resolve_environment;
use super::schema;
use super::string_keys::check_string_keys;
use super::tree;
use super::unicity::enforce_unicity;
use crate::yaml::{self, FileId, Node, Value};

/// docker compose's names for a project's compose file, in the order it prefers them.
pub const DEFAULT_FILE_NAMES: &[&str] = &[
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];
/// The override file docker compose reads after the default file, from the same directory.
pub const DEFAULT_OVERRIDE_FILE_NAMES: &[&str] = &[
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
];

/// Loads the project `request` names, reading files through `files`.
pub fn load(request: &ProjectRequest, files: &dyn ProjectFiles) -> Loaded {
    let mut loader = Loader {
        request,
        files,
        sources: Vec::new(),
        warnings: Vec::new(),
        found: Interpolation::default(),
        parsed: BTreeMap::new(),
    };
    let project = loader.load();
    let mut warnings = loader.warnings;
    warnings.extend(loader.found.warnings);
    Loaded {
        project,
        sources: loader.sources,
        warnings,
        variables: loader.found.uses,
    }
}

pub(super) struct Loader<'a> {
    request: &'a ProjectRequest,
    files: &'a dyn ProjectFiles,
    sources: Vec<SourceText>,
    warnings: Vec<Warning>,
    found: Interpolation,
    /// Each file's documents, read once: the project name and the load both need them.
    parsed: BTreeMap<String, Vec<Node>>,
}

/// Where the project's files and environment come from, once the command line and the
/// environment are read.
struct Details {
    directory: String,
    compose_files: Vec<String>,
    environment: BTreeMap<String, String>,
    profiles: Vec<String>,
}

/// How one file is loaded: compose-go's options and directories for it.
#[derive(Debug, Clone)]
pub(super) struct FileContext<'e> {
    /// Where the file's relative references (`extends.file`, `include` paths) are found:
    /// compose-go's local resource loader directory. Absolute.
    pub resources: String,
    /// compose-go's working directory for the load: relative paths in the model are made
    /// relative to it (an included project's is itself relative to the including one).
    pub working_directory: String,
    pub environment: &'e BTreeMap<String, String>,
    /// Whether `extends` and `include` are applied and the schema checked.
    pub extends: bool,
    pub include: bool,
    pub validate: bool,
    /// The files being included, outermost first, to find a cycle.
    pub included: Vec<String>,
}

impl Loader<'_> {
    fn load(&mut self) -> Result<Project, LoadError> {
        let details = self.details()?;
        let mut environment = details.environment;
        let name =
            self.project_name(&details.directory, &details.compose_files, &mut environment)?;
        let context = FileContext {
            resources: details.directory.clone(),
            working_directory: details.directory.clone(),
            environment: &environment,
            extends: true,
            include: true,
            validate: true,
            included: Vec::new(),
        };
        let mut model = self.load_model(&details.compose_files, &context)?;
        if model.as_mapping().is_none_or(<[_]>::is_empty) {
            return Err(LoadError::new("empty compose file", None));
        }
        if name.is_empty() {
            return Err(LoadError::new("project name must not be empty", None));
        }
        let name_value = tree::string(name.clone(), &model);
        tree::set(&mut model, "name", name_value);
        super::normalize::normalize(&mut model, &environment);
        // `--no-interpolate` prints the model as it is now; otherwise docker compose binds
        // it into its types (whose errors come first) and finishes the project.
        if self.request.interpolate {
            super::output::bind(&model).map_err(|error| {
                let place = error.problems.first().map(|problem| Place {
                    file: problem.file,
                    span: problem.span,
                });
                LoadError::new(error.to_string(), place)
            })?;
            super::project_stage::finish(
                self,
                &mut model,
                &details.profiles,
                &self.request.services,
                &environment,
            )?;
        }
        Ok(Project {
            name,
            directory: details.directory,
            compose_files: details.compose_files,
            environment,
            profiles: details.profiles,
            model,
        })
    }

    /// docker compose's `toProjectOptions`: the environment, the compose files, profiles.
    fn details(&mut self) -> Result<Details, LoadError> {
        let request = self.request;
        let cwd = &request.working_directory;
        let mut environment = request.environment.clone();
        let given_directory = request
            .project_directory
            .as_deref()
            .map(|directory| path::absolute(cwd, directory));
        let given_files: Vec<String> = request
            .files
            .iter()
            .map(|file| path::absolute(cwd, file))
            .collect();
        let env_files: Vec<String> = if request.env_files.is_empty() {
            environment
                .get("COMPOSE_ENV_FILES")
                .map(|files| {
                    files
                        .split(',')
                        .filter(|file| !file.is_empty())
                        .map(|file| path::absolute(cwd, file))
                        .collect()
                })
                .unwrap_or_default()
        } else {
            request
                .env_files
                .iter()
                .map(|file| path::absolute(cwd, file))
                .collect()
        };
        // docker compose first reads the `.env` for COMPOSE_* variables alone, which then
        // count as the process's own.
        let early_directory = given_directory
            .clone()
            .or_else(|| given_files.first().map(|file| path::parent(file)))
            .unwrap_or_else(|| cwd.clone());
        let early_env_files = self.default_env_files(&env_files, &early_directory, &environment)?;
        if let Ok(from_files) = self.read_env_files(&early_env_files, &environment) {
            for (key, value) in from_files {
                if key.starts_with("COMPOSE_") {
                    environment.entry(key).or_insert(value);
                }
            }
        }
        environment
            .entry("PWD".to_owned())
            .or_insert_with(|| cwd.clone());
        let mut selected_env_files =
            self.default_env_files(&env_files, &early_directory, &environment)?;
        self.merge_env_files(&selected_env_files, &mut environment)?;

        let mut compose_files = given_files;
        if compose_files.is_empty() {
            compose_files = self.compose_file_variable(&environment)?;
        }
        if compose_files.is_empty() {
            compose_files = self.default_compose_files(given_directory.as_deref().unwrap_or(cwd));
        }
        let directory = given_directory
            .or_else(|| compose_files.first().map(|file| path::parent(file)))
            .unwrap_or_else(|| cwd.clone());
        // The project directory may have moved: its `.env` counts too, without overriding.
        if let Some(late) = self.late_env_files(&env_files, &directory, &environment) {
            selected_env_files = late;
        }
        self.merge_env_files(&selected_env_files, &mut environment)?;
        if compose_files.is_empty() {
            return Err(LoadError::new(
                "no configuration file provided: not found",
                None,
            ));
        }
        let profiles = if request.profiles.is_empty() {
            environment
                .get("COMPOSE_PROFILES")
                .map(|profiles| {
                    profiles
                        .split(',')
                        .map(|profile| profile.trim().to_owned())
                        .collect()
                })
                .unwrap_or_else(|| vec![String::new()])
        } else {
            request.profiles.clone()
        };
        if let Some(name) = &request.project_name
            && *name != normalize_project_name(name)
        {
            return Err(invalid_project_name(name));
        }
        Ok(Details {
            directory,
            compose_files,
            environment,
            profiles,
        })
    }

    /// compose-go's `WithEnvFiles`: the given files, else the directory's `.env` unless
    /// `COMPOSE_DISABLE_ENV_FILE` says not to.
    fn default_env_files(
        &self,
        given: &[String],
        directory: &str,
        environment: &BTreeMap<String, String>,
    ) -> Result<Vec<String>, LoadError> {
        if !given.is_empty() {
            return Ok(given.to_vec());
        }
        if let Some(disable) = environment.get("COMPOSE_DISABLE_ENV_FILE") {
            match parse_go_bool(disable) {
                Some(true) => return Ok(Vec::new()),
                Some(false) => {}
                None => {
                    return Err(LoadError::new(
                        format!("strconv.ParseBool: parsing {disable:?}: invalid syntax"),
                        None,
                    ));
                }
            }
        }
        let dot_env = path::join(&[directory, ".env"]);
        let exists = self.files.read(&dot_env).is_some();
        Ok(if exists { vec![dot_env] } else { Vec::new() })
    }

    /// The second `WithEnvFiles`: a `.env` in the (possibly new) project directory replaces
    /// the earlier choice; `None` keeps it.
    fn late_env_files(
        &self,
        given: &[String],
        directory: &str,
        environment: &BTreeMap<String, String>,
    ) -> Option<Vec<String>> {
        let disabled = environment
            .get("COMPOSE_DISABLE_ENV_FILE")
            .and_then(|disable| parse_go_bool(disable))
            == Some(true);
        if !given.is_empty() || disabled {
            return None;
        }
        let dot_env = path::join(&[directory, ".env"]);
        self.files.read(&dot_env).map(|_| vec![dot_env])
    }

    /// compose-go's `GetEnvFromFile`: the files in order, each looking variables up in the
    /// environment first, then in what the files before it set.
    fn read_env_files(
        &mut self,
        env_files: &[String],
        environment: &BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, LoadError> {
        let mut from_files: BTreeMap<String, String> = BTreeMap::new();
        for env_file in env_files {
            if self.files.is_directory(env_file) {
                return Err(LoadError::new(format!("{env_file} is a directory"), None));
            }
            let Some(text) = self.read_text(env_file) else {
                return Err(LoadError::new(
                    format!("couldn't find env file: {env_file}"),
                    None,
                ));
            };
            let lookup = |name: &str| {
                environment
                    .get(name)
                    .or_else(|| from_files.get(name))
                    .cloned()
            };
            let entries = dotenv::parse(&text, &lookup)
                .map_err(|error| LoadError::new(error.in_file(env_file), None))?;
            for entry in entries {
                if let Some(value) = entry.value {
                    from_files.insert(entry.key, value);
                }
            }
        }
        Ok(from_files)
    }

    /// Adds what the env files set to the environment, never replacing a variable it has.
    fn merge_env_files(
        &mut self,
        env_files: &[String],
        environment: &mut BTreeMap<String, String>,
    ) -> Result<(), LoadError> {
        let from_files = self.read_env_files(env_files, environment)?;
        for (key, value) in from_files {
            environment.entry(key).or_insert(value);
        }
        Ok(())
    }

    /// `COMPOSE_FILE`, split at `COMPOSE_PATH_SEPARATOR` (default `:`); each must exist.
    fn compose_file_variable(
        &self,
        environment: &BTreeMap<String, String>,
    ) -> Result<Vec<String>, LoadError> {
        let Some(value) = environment.get("COMPOSE_FILE") else {
            return Ok(Vec::new());
        };
        let separator = environment
            .get("COMPOSE_PATH_SEPARATOR")
            .filter(|separator| !separator.is_empty())
            .map_or(":", String::as_str);
        let mut compose_files = Vec::new();
        for file in value.split(separator) {
            let absolute = path::absolute(&self.request.working_directory, file);
            if self.files.read(&absolute).is_none() && !self.files.is_directory(&absolute) {
                return Err(LoadError::new(
                    format!("stat {absolute}: no such file or directory"),
                    None,
                ));
            }
            compose_files.push(absolute);
        }
        Ok(compose_files)
    }

    /// The first default file name found in `directory` or the nearest directory above it
    /// that has one, with that directory's override file.
    fn default_compose_files(&mut self, directory: &str) -> Vec<String> {
        let mut directory = directory.to_owned();
        loop {
            let found = |names: &[&str]| {
                names
                    .iter()
                    .map(|name| path::join(&[&directory, name]))
                    .filter(|candidate| self.files.read(candidate).is_some())
                    .collect::<Vec<_>>()
            };
            let candidates = found(DEFAULT_FILE_NAMES);
            if let Some(winner) = candidates.first() {
                if candidates.len() > 1 {
                    self.warn(format!(
                        "Found multiple config files with supported names: {}",
                        candidates.join(", ")
                    ));
                    self.warn(format!("Using {winner}"));
                }
                let mut compose_files = vec![winner.clone()];
                let overrides = found(DEFAULT_OVERRIDE_FILE_NAMES);
                if let Some(first) = overrides.first() {
                    if overrides.len() > 1 {
                        self.warn(format!(
                            "Found multiple override files with supported names: {}",
                            overrides.join(", ")
                        ));
                        self.warn(format!("Using {first}"));
                    }
                    compose_files.push(first.clone());
                }
                return compose_files;
            }
            let parent = path::parent(&directory);
            if parent == directory {
                return Vec::new();
            }
            directory = parent;
        }
    }

    fn warn(&mut self, message: String) {
        self.warnings.push(Warning {
            message,
            place: None,
            kind: WarningKind::Other,
        });
    }

    /// The text of a file, read once and kept among the sources.
    fn read_text(&mut self, file: &str) -> Option<String> {
        if let Some(source) = self.sources.iter().find(|source| source.path == file) {
            return Some(source.text.clone());
        }
        let bytes = self.files.read(file)?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        self.sources.push(SourceText {
            path: file.to_owned(),
            text: text.clone(),
        });
        Some(text)
    }

    fn file_id(&self, file: &str) -> FileId {
        let index = self.sources.iter().position(|source| source.path == file);
        FileId(index.unwrap_or(self.sources.len()) as u32)
    }

    /// The YAML documents of a compose file.
    fn documents(&mut self, file: &str) -> Result<Vec<Node>, LoadError> {
        if let Some(documents) = self.parsed.get(file) {
            return Ok(documents.clone());
        }
        let Some(text) = self.read_text(file) else {
            return Err(LoadError::new(
                format!("open {file}: no such file or directory"),
                None,
            ));
        };
        let id = self.file_id(file);
        let documents = yaml::parse_file(&text, id).map_err(|error| {
            let place = Some(Place {
                file: id,
                span: error.span,
            });
            match error.kind {
                yaml::YamlErrorKind::Syntax => LoadError::new(error.to_string(), place),
                yaml::YamlErrorKind::Structure => {
                    LoadError::new(format!("failed to parse {file}: {error}"), place)
                }
            }
        })?;
        self.parsed.insert(file.to_owned(), documents.clone());
        Ok(documents)
    }

    /// The project's name: `-p`, else `COMPOSE_PROJECT_NAME`, else the files' last `name:`
    /// (interpolated, then normalised), else the project directory's name (normalised).
    /// docker compose sets `COMPOSE_PROJECT_NAME` to it for interpolation.
    fn project_name(
        &mut self,
        directory: &str,
        compose_files: &[String],
        environment: &mut BTreeMap<String, String>,
    ) -> Result<String, LoadError> {
        let imperative = self.request.project_name.clone().or_else(|| {
            environment
                .get("COMPOSE_PROJECT_NAME")
                .filter(|name| !name.is_empty())
                .cloned()
        });
        let mut named_in_file = None;
        for compose_file in compose_files {
            let documents = self.documents(compose_file)?;
            if let Some(first) = documents.first() {
                check_name_document(first)?;
            }
            for document in &documents {
                if let Some(name) = document.get("name").and_then(scalar_text)
                    && !name.is_empty()
                {
                    named_in_file = Some(name);
                }
            }
        }
        let name = match imperative {
            Some(name) => {
                if name != normalize_project_name(&name) {
                    return Err(invalid_project_name(&name));
                }
                name
            }
            None => {
                let from_file = match &named_in_file {
                    Some(name) if self.request.interpolate => {
                        interpolation::interpolate(name, environment)
                            .map_err(|error| LoadError::new(error.message("name", name), None))?
                            .value
                    }
                    Some(name) => name.clone(),
                    None => String::new(),
                };
                // A `name:` that normalises to nothing leaves the project without a name.
                match named_in_file {
                    Some(_) => normalize_project_name(&from_file),
                    None => normalize_project_name(&path::file_name(directory)),
                }
            }
        };
        environment.insert("COMPOSE_PROJECT_NAME".to_owned(), name.clone());
        Ok(name)
    }

    /// compose-go's `loadYamlModel`: the files merged in order, then defaults, checks,
    /// relative paths and environment resolved.
    pub(super) fn load_model(
        &mut self,
        compose_files: &[String],
        context: &FileContext<'_>,
    ) -> Result<Node, LoadError> {
        let mut model = Node::new(Value::Mapping(Vec::new()), Default::default(), FileId(0));
        for compose_file in compose_files {
            model = self.load_file_with_resets(compose_file, context, model)?.0;
        }
        defaults::set_default_values(&mut model)?;
        super::validation::validate(&model)?;
        resolve_relative_paths(&mut model, &context.working_directory, context.environment)?;
        resolve_environment(&mut model, context.environment);
        Ok(model)
    }

    /// compose-go's `loadYamlFile`: every document of the file through its pipeline, merged
    /// into `model`; with the reset tags of its last document.
    pub(super) fn load_file_with_resets(
        &mut self,
        file: &str,
        context: &FileContext<'_>,
        mut model: Node,
    ) -> Result<(Node, Resets), LoadError> {
        let documents = self.documents(file)?;
        let text = self.read_text(file).unwrap_or_default();
        let mut last_resets = Resets::default();
        for mut document in documents {
            let resets = take_resets(&mut document);
            check_string_keys(&document)?;
            if self.request.interpolate {
                interpolate_model(&mut document, context.environment, &text, &mut self.found)?;
            }
            if context.extends {
                super::extends::apply_extends(self, &mut document, file, context, &resets)?;
            }
            resets.apply(&mut model);
            if context.include {
                let mut include_context = context.clone();
                include_context.included.push(file.to_owned());
                super::include::apply_include(self, &mut document, &include_context)?;
            }
            model = merge(model, document)?;
            enforce_unicity(&mut model)?;
            if context.validate {
                if let Some(violation) = schema::validate(&model).into_iter().next() {
                    return Err(LoadError::new(
                        format!("validating {file}: {}", violation.message),
                        Some(Place {
                            file: violation.file,
                            span: violation.span,
                        }),
                    ));
                }
                if let Some(version) = tree::remove(&mut model, "version") {
                    self.warnings.push(Warning {
                        message: format!(
                            "{file}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"
                        ),
                        place: Some(Place::of(&version)),
                        kind: WarningKind::ObsoleteVersion,
                    });
                }
            }
            let interpolation = if self.request.interpolate {
                canonical::Interpolation::Done
            } else {
                canonical::Interpolation::Skipped
            };
            for notice in canonical::canonical(&mut model, interpolation)? {
                self.warnings.push(Warning {
                    message: notice.message,
                    place: Some(Place {
                        file: notice.file,
                        span: notice.span,
                    }),
                    kind: WarningKind::Other,
                });
            }
            omit_empty_dns(&mut model);
            enforce_unicity(&mut model)?;
            last_resets = resets;
        }
        Ok((model, last_resets))
    }

    /// What env files set, each looking variables up in `environment` first.
    pub(super) fn env_from_files(
        &mut self,
        env_files: &[String],
        environment: &BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, LoadError> {
        self.read_env_files(env_files, environment)
    }

    /// The text of a file a service reads (`env_file`, `label_file`), if it exists.
    pub(super) fn read_source(&mut self, file: &str) -> Option<String> {
        self.read_text(file)
    }

    pub(super) fn is_directory(&self, file: &str) -> bool {
        self.files.is_directory(file)
    }

    pub(super) fn is_file(&mut self, file: &str) -> bool {
        self.sources.iter().any(|source| source.path == file) || self.files.read(file).is_some()
    }
}

/// docker compose reads `name` from each file's first document into a struct before
/// anything else, so a file that is not a mapping fails there, in go-yaml's words.
fn check_name_document(document: &Node) -> Result<(), LoadError> {
    let kind = match &document.value {
        Value::Mapping(_) | Value::Null => return Ok(()),
        Value::Sequence(_) => "!!seq",
        Value::String(_) => "!!str",
        Value::Int(_) => "!!int",
        Value::Float(_) => "!!float",
        Value::Bool(_) => "!!bool",
        Value::Timestamp(_) => "!!timestamp",
    };
    Err(LoadError::at(
        format!("yaml: unmarshal errors:\n  line 1: cannot unmarshal {kind} into cli.named"),
        document,
    ))
}

/// A scalar's text as a Go string field receives it.
fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::String(text) | Value::Timestamp(text) => Some(text.clone()),
        Value::Int(integer) => Some(integer.to_string()),
        Value::Float(float) => Some(super::go_format::float(*float)),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// compose-go's `OmitEmpty`: empty entries of a service's `dns` are dropped.
fn omit_empty_dns(model: &mut Node) {
    let Some(services) = tree::get_mut(model, "services").and_then(tree::entries_mut) else {
        return;
    };
    for service in services {
        let Some(dns) = tree::get_mut(&mut service.value, "dns") else {
            continue;
        };
        if let Value::Sequence(items) = &mut dns.value {
            items.retain(|item| !matches!(&item.value, Value::Null) && item.as_str() != Some(""));
        }
    }
}

/// compose-go's `NormalizeProjectName`: lower case, only `[a-z0-9_-]`, no leading `_`/`-`.
pub fn normalize_project_name(name: &str) -> String {
    let kept: String = name
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-'))
        .collect();
    kept.trim_start_matches(['_', '-']).to_owned()
}

fn invalid_project_name(name: &str) -> LoadError {
    LoadError::new(
        format!(
            "invalid project name {name:?}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number"
        ),
        None,
    )
}

/// Go's `strconv.ParseBool`.
pub fn parse_go_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}
