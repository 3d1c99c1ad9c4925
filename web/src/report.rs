//! What the page shows of an analysis: the findings with their places, each Dockerfile's
//! stages, and, while their views are open, the plan, the resolved compose projects, the
//! app-compose.json files and the resolved mkosi trees. Made
//! where the analysis runs (the analysis worker) and sent to the page as JSON, so the page
//! renders without holding, or waiting for, the analysis itself.

use plumb_core::build_context::BuildContext;
use plumb_core::compose::workspace_project::{is_override, resolved_config};
use plumb_core::dockerfile::resolve::{Resolution, ResolvedStage, Source};
use plumb_core::dstack::{Written, measure, workspace_app_compose};
use plumb_core::mkosi::resolve::summary;
use plumb_core::mkosi::resolve::workspace_trees::{resolve_tree, tree_directories, workspace_path};
use plumb_core::plan::model::Input;
use plumb_core::plan::{self, PlanOptions};
use plumb_core::{Analysis, Diagnostic, FileKind, Position, Severity, SourceFile, Workspace};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// In the analysis' order (file, start, code); an index here names a finding when a
    /// quick fix is asked for.
    pub findings: Vec<Finding>,
    /// The stages of each Dockerfile, by path.
    pub stages: BTreeMap<String, Stages>,
    /// The workspace's build plan, where the analysis runs with the workspace at hand.
    pub plan: Option<PlanView>,
    /// Each compose project of the workspace resolved, when asked for.
    pub compose: Option<Vec<ComposeView>>,
    /// Each compose file's app-compose.json for dstack, when asked for.
    pub dstack: Option<Vec<DstackView>>,
    /// Each mkosi tree resolved, when asked for.
    pub mkosi: Option<Vec<MkosiView>>,
}

/// A compose file's app-compose.json as `plumb dstack app-compose` writes it in the file's
/// folder (options from its plumb.toml), in both styles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DstackView {
    pub path: String,
    /// An app-compose.json of the workspace, measured as it is (`plumb dstack hash`), rather
    /// than one written from a compose file; both styles then hold it.
    pub existing: bool,
    /// `canonical` or `vmm-cli`: the style plumb.toml asks for.
    pub style: String,
    pub canonical: DstackFile,
    pub vmm_cli: DstackFile,
}

/// One style's bytes and their measurement (labelled values), or what dstack would refuse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DstackFile {
    pub text: Option<String>,
    pub values: Vec<(String, String)>,
    pub problems: Vec<String>,
}

impl DstackView {
    /// The views of the workspace's compose files (not of their override files), then of
    /// its app-compose.json files, each in path order. A compose file at the top is named
    /// after the workspace's folder, `workspace`.
    pub fn all(workspace: &Workspace) -> Vec<Self> {
        let mut views = Self::written(workspace);
        views.extend(
            workspace
                .paths_of_kind(FileKind::AppCompose)
                .map(|path| Self::measured(workspace, path)),
        );
        views
    }

    /// An app-compose.json's own bytes and what dstack measures of them.
    fn measured(workspace: &Workspace, path: &str) -> Self {
        let bytes = workspace.contents(path).unwrap_or_default();
        let file = match measure(bytes, None) {
            Ok(measurement) => DstackFile {
                text: Some(String::from_utf8_lossy(bytes).into_owned()),
                values: measurement.lines(),
                problems: Vec::new(),
            },
            Err(error) => DstackFile {
                text: None,
                values: Vec::new(),
                problems: vec![error.to_string()],
            },
        };
        DstackView {
            path: path.to_owned(),
            existing: true,
            style: "canonical".to_owned(),
            canonical: file.clone(),
            vmm_cli: file,
        }
    }

    fn written(workspace: &Workspace) -> Vec<Self> {
        workspace
            .paths_of_kind(FileKind::Compose)
            .filter(|path| !is_override(path.rsplit('/').next().unwrap_or(path)))
            .map(|path| {
                let folder = match BuildContext::directory_of(path) {
                    "" => "workspace",
                    directory => directory.rsplit('/').next().unwrap_or(directory),
                };
                let written = workspace_app_compose(workspace, path, folder);
                let file = |written: Result<Written, Vec<String>>| match written {
                    Ok(written) => DstackFile {
                        values: written.measurement.lines(),
                        text: Some(written.text),
                        problems: Vec::new(),
                    },
                    Err(problems) => DstackFile {
                        text: None,
                        values: Vec::new(),
                        problems,
                    },
                };
                DstackView {
                    path: path.to_owned(),
                    existing: false,
                    style: written.style.name().to_owned(),
                    canonical: file(written.canonical),
                    vmm_cli: file(written.vmm_cli),
                }
            })
            .collect()
    }
}

/// An mkosi tree as `plumb mkosi summary` prints it on plumb's build host (Debian 12,
/// x86-64) with the workspace at /workspace, in both formats; or what mkosi refuses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MkosiView {
    /// The tree's directory (`""` at the top).
    pub directory: String,
    /// The mkosi release it is read as (`26`, or plumb.toml's).
    pub release: String,
    pub text: Option<String>,
    pub json: Option<String>,
    pub error: Option<PlacedError>,
    pub warnings: Vec<String>,
}

impl MkosiView {
    /// The workspace's trees, in path order.
    pub fn all(workspace: &Workspace) -> Vec<Self> {
        tree_directories(workspace)
            .into_iter()
            .map(|directory| {
                let (settings, resolved) = resolve_tree(workspace, &directory);
                let mut view = MkosiView {
                    directory,
                    release: settings.release.to_owned(),
                    text: None,
                    json: None,
                    error: None,
                    warnings: Vec::new(),
                };
                match resolved {
                    Ok(resolved) => {
                        view.warnings = resolved
                            .warnings
                            .iter()
                            .map(|warning| warning.message.clone())
                            .collect();
                        view.text = Some(summary::text(&resolved, &settings));
                        view.json = Some(summary::json(&resolved, &settings));
                    }
                    Err(failure) => {
                        let place = failure.at.as_ref().and_then(|at| {
                            let path = workspace_path(&at.file)?.to_owned();
                            let source =
                                SourceFile::new(path.clone(), workspace.text(&path)?.into_owned());
                            Some((
                                path,
                                source.position(at.span.start),
                                source.position(at.span.end),
                            ))
                        });
                        view.error = Some(PlacedError {
                            message: failure.describe(settings.release),
                            place,
                        });
                    }
                }
                view
            })
            .collect()
    }

    /// The view of the tree the open file belongs to, else the workspace's first.
    pub fn for_file<'a>(views: &'a [Self], open: &str) -> Option<&'a Self> {
        views
            .iter()
            .filter(|view| {
                view.directory.is_empty() || open.starts_with(&format!("{}/", view.directory))
            })
            .max_by_key(|view| view.directory.len())
            .or_else(|| views.first())
    }
}

/// A compose file's project as `docker compose config` prints it (`plumb compose config` in
/// the file's folder, without environment variables), or why docker compose refuses it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComposeView {
    /// The compose file (an override file is shown in its base file's project).
    pub path: String,
    /// Every workspace file loading read: the view shown for any of them.
    pub files: Vec<String>,
    pub text: Option<String>,
    pub error: Option<PlacedError>,
    pub warnings: Vec<String>,
}

/// What a tool refuses, with where, when it says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedError {
    pub message: String,
    /// The file, start and end of the problem, when docker compose says where it is.
    pub place: Option<(String, Position, Position)>,
}

impl ComposeView {
    /// The projects of the workspace's compose files (not of their override files), in path
    /// order.
    pub fn all(workspace: &Workspace) -> Vec<Self> {
        workspace
            .paths_of_kind(FileKind::Compose)
            .filter(|path| !is_override(path.rsplit('/').next().unwrap_or(path)))
            .map(|path| {
                let resolved = resolved_config(workspace, path);
                let (text, error) = match resolved.output {
                    Ok(text) => (Some(text), None),
                    Err(error) => (
                        None,
                        Some(PlacedError {
                            message: error.message,
                            place: error
                                .location
                                .map(|location| (location.path, location.start, location.end)),
                        }),
                    ),
                };
                ComposeView {
                    path: path.to_owned(),
                    files: resolved.files,
                    text,
                    error,
                    warnings: resolved.warnings,
                }
            })
            .collect()
    }

    /// The view for the file open in the editor: its own project, else the first that read
    /// it (an override, an `.env`), else the workspace's first.
    pub fn for_file<'a>(views: &'a [Self], open: &str) -> Option<&'a Self> {
        views
            .iter()
            .find(|view| view.path == open)
            .or_else(|| {
                views
                    .iter()
                    .find(|view| view.files.iter().any(|file| file == open))
            })
            .or_else(|| views.first())
    }
}

/// What the plan view shows: the plan file, its steps and inputs, and what is unpinned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    /// The plan file's text, byte for byte what `plumb plan` writes; `None` when no plan can
    /// be made (`problem` says why) or it has errors.
    pub text: Option<String>,
    pub problem: Option<String>,
    pub id: String,
    pub steps: Vec<PlanStep>,
    /// The plan's findings (PL rules, syntax errors), with their places.
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanStep {
    pub name: String,
    pub network: String,
    pub determinism: String,
    /// Each input as what it is and the digest that pins it.
    pub inputs: Vec<(String, String)>,
}

impl PlanView {
    pub fn of(workspace: &Workspace, analysis: &Analysis) -> Self {
        let planned = match plan::generate(workspace, analysis, &PlanOptions::default()) {
            Ok(planned) => planned,
            Err(error) => {
                return PlanView {
                    text: None,
                    problem: Some(error.to_string()),
                    id: String::new(),
                    steps: Vec::new(),
                    findings: Vec::new(),
                };
            }
        };
        let steps = planned
            .plan
            .core
            .steps
            .iter()
            .map(|step| PlanStep {
                name: step.name.clone(),
                network: label(&step.network),
                determinism: step
                    .outputs
                    .first()
                    .map(|output| label(&output.determinism))
                    .unwrap_or_default(),
                inputs: step.inputs.iter().map(input).collect(),
            })
            .collect();
        PlanView {
            text: (!planned.has_errors())
                .then(|| String::from_utf8_lossy(&planned.bytes).into_owned()),
            problem: planned
                .has_errors()
                .then(|| "The plan has errors (below), so there is no plan file.".to_owned()),
            id: planned.plan.plan_id.clone(),
            steps,
            findings: planned
                .diagnostics
                .iter()
                .filter_map(|diagnostic| finding(analysis, diagnostic))
                .collect(),
        }
    }
}

/// A value's name as the plan file writes it.
fn label(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn input(input: &Input) -> (String, String) {
    match input {
        Input::File { path, sha256 } => (format!("file {path}"), sha256.clone()),
        Input::Context { path, tree } => (format!("context {path}"), tree.clone()),
        Input::NamedContext { name, path, tree } => {
            (format!("context {name}={path}"), tree.clone())
        }
        Input::Image { reference, digest } => (format!("image {reference}"), digest.clone()),
        Input::Download { url, sha256 } => (format!("download {url}"), sha256.clone()),
        Input::Git { url, commit } => (format!("git {url}"), commit.clone()),
    }
}

/// One finding where the page shows it: lines 1-based, columns in characters and UTF-16.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub file: String,
    pub start: Position,
    pub end: Position,
    pub severity: Severity,
    pub code: String,
    pub message: String,
    /// The titles of its fixes, in order.
    pub fixes: Vec<String>,
}

/// A Dockerfile's global ARGs and stages with the values BuildKit would use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stages {
    /// Name and default (`None`: no default).
    pub global_args: Vec<(String, Option<String>)>,
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub index: usize,
    pub name: Option<String>,
    /// What it is built on: `scratch`, `stage <name or index>`, or the image reference.
    pub base: String,
    pub platform: Option<String>,
    /// `NAME=value` for each variable set at its end.
    pub variables: Vec<String>,
}

impl Report {
    pub fn of(analysis: &Analysis) -> Self {
        let findings = analysis
            .diagnostics
            .iter()
            .filter_map(|diagnostic| finding(analysis, diagnostic))
            .collect();
        let stages = analysis
            .files
            .iter()
            .filter_map(|file| {
                let document = file.document.as_dockerfile()?;
                let path = file.source.path().to_owned();
                Some((path, stages(&document.resolution)))
            })
            .collect();
        Self {
            findings,
            stages,
            plan: None,
            compose: None,
            dstack: None,
            mkosi: None,
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    }
}

fn finding(analysis: &Analysis, diagnostic: &Diagnostic) -> Option<Finding> {
    let file = analysis.file(&diagnostic.file)?;
    Some(Finding {
        file: diagnostic.file.clone(),
        start: file.position(diagnostic.span.start),
        end: file.position(diagnostic.span.end),
        severity: diagnostic.severity,
        code: diagnostic.code().to_owned(),
        message: diagnostic.message.clone(),
        fixes: diagnostic
            .fixes
            .iter()
            .map(|fix| fix.title.clone())
            .collect(),
    })
}

fn stages(resolution: &Resolution) -> Stages {
    Stages {
        global_args: resolution
            .global_args
            .iter()
            .map(|arg| (arg.name.clone(), arg.value.clone()))
            .collect(),
        stages: resolution
            .stages
            .iter()
            .map(|stage| Stage {
                index: stage.index,
                name: stage.name.clone(),
                base: base(resolution, stage),
                platform: stage.platform.clone(),
                variables: stage
                    .variables
                    .iter()
                    .map(|(name, value)| format!("{name}={value}"))
                    .collect(),
            })
            .collect(),
    }
}

fn base(resolution: &Resolution, stage: &ResolvedStage) -> String {
    match &stage.source {
        Source::Scratch => "scratch".to_owned(),
        Source::Stage(parent) => {
            let name = resolution
                .stages
                .get(*parent)
                .and_then(|parent| parent.name.clone());
            format!("stage {}", name.unwrap_or_else(|| parent.to_string()))
        }
        Source::Image(image) => image.clone(),
    }
}
