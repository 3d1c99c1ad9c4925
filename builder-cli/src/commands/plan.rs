//! `plumb plan`: the build plan of the Dockerfiles and compose projects below a directory, from the files, their
//! build contexts (listed here with every entry's digest), the nearest `plumb.lock` and the
//! options; the core makes the bytes. Paths in the plan are relative to the directory, so
//! any clone plans the same bytes.

use crate::cli::{Emit, FindingsFormat, PlanArgs, PlanBackend};
use crate::context_listing;
use crate::discover::{Request, load_for_plan};
use crate::render;
use crate::style::Style;
use anyhow::{Context as _, Result, bail};
use plumb_core::analysis::Analysis;
use plumb_core::dockerfile::dockerignore::Dockerignore;
use plumb_core::plan::{self, Backend, NamedContext, PlanOptions};
use plumb_core::{FileKind, Workspace, analyze};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

pub fn run(arguments: &PlanArgs) -> Result<ExitCode> {
    // Resolved before moving into the directory the plan is relative to.
    let output = arguments
        .output
        .as_deref()
        .map(std::path::absolute)
        .transpose()?;
    std::env::set_current_dir(&arguments.directory)
        .with_context(|| format!("cannot enter {}", arguments.directory.display()))?;
    let request = Request {
        with_locks: true,
        ..Request::default()
    };
    let mut loaded = load_for_plan(&request)?;
    list_contexts(&mut loaded.workspace)?;
    add_pre_launch_scripts(&mut loaded.workspace)?;
    let analysis = analyze(&loaded.workspace);
    let mut options = options(arguments);
    options.named_contexts = named_contexts(&arguments.build_contexts)?;
    let planned = match plan::generate(&loaded.workspace, &analysis, &options) {
        Ok(planned) => planned,
        Err(error) => bail!("{error}"),
    };
    let findings = Analysis {
        files: analysis.files,
        diagnostics: planned.diagnostics.clone(),
    };
    match arguments.format {
        FindingsFormat::Human if !findings.diagnostics.is_empty() => {
            eprint!("{}", render::human::render(&findings, Style::stderr(), 0));
        }
        FindingsFormat::Human => {}
        FindingsFormat::Json => render::json::write(&findings, &mut std::io::stderr().lock())?,
    }
    // In JSON, stderr holds the findings' document alone.
    let human = arguments.format == FindingsFormat::Human;
    if planned.has_errors() {
        if human {
            eprintln!("{}: no plan written", Style::stderr().error("error"));
        }
        return Ok(ExitCode::from(1));
    }
    let bytes = match arguments.emit {
        Emit::Plan => planned.bytes.clone(),
        Emit::Bake => planned.bake_file(),
    };
    let Some(path) = output else {
        std::io::stdout().lock().write_all(&bytes)?;
        return Ok(ExitCode::SUCCESS);
    };
    std::fs::write(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
    if human {
        let steps = planned.plan.core.steps.len();
        let deploys = match planned.plan.core.deploys.len() {
            0 => String::new(),
            1 => ", 1 deploy".to_owned(),
            more => format!(", {more} deploys"),
        };
        eprintln!(
            "{} {} ({steps} step{}{deploys}, plan {})",
            Style::stderr().done("wrote"),
            path.display(),
            if steps == 1 { "" } else { "s" },
            planned.plan.plan_id
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn options(arguments: &PlanArgs) -> PlanOptions {
    PlanOptions {
        backend: match arguments.backend {
            PlanBackend::Buildah => Backend::Buildah,
            PlanBackend::Buildx => Backend::Buildx,
        },
        platforms: arguments.platforms.clone(),
        target: arguments.target.clone(),
        build_args: arguments.build_args.iter().cloned().collect(),
        named_contexts: BTreeMap::new(),
        secrets: arguments.secrets.iter().cloned().collect(),
        source_date_epoch: arguments.source_date_epoch,
        commit_time: commit_time(Path::new(".")),
        locked: arguments.locked,
        offline: arguments.offline,
        rebuilds: arguments.rebuilds,
    }
}

/// Reads the pre-launch script `[dstack]` names for each compose file into the workspace,
/// where the deploy takes it from.
fn add_pre_launch_scripts(workspace: &mut Workspace) -> Result<()> {
    let compose_files: Vec<String> = workspace
        .paths_of_kind(FileKind::Compose)
        .map(str::to_owned)
        .collect();
    for compose_file in compose_files {
        let Some(path) = plumb_core::dstack::pre_launch_script_path(workspace, &compose_file)
        else {
            continue;
        };
        let contents = std::fs::read(&path)
            .with_context(|| format!("cannot read the pre-launch script {path}"))?;
        workspace.add_input(path, contents);
    }
    Ok(())
}

/// Gives every Dockerfile's build context its full listing, each entry with its digest.
fn list_contexts(workspace: &mut Workspace) -> Result<()> {
    let dockerfiles: Vec<String> = workspace
        .paths_of_kind(FileKind::Dockerfile)
        .map(str::to_owned)
        .collect();
    for dockerfile in dockerfiles {
        let mut context = workspace.build_context(&dockerfile);
        let ignore = match &context.ignore_file {
            Some(path) => {
                let text = workspace.text(path).unwrap_or_default();
                Dockerignore::parse(&text).ok().flatten()
            }
            None => None,
        };
        let directory = if context.directory.is_empty() {
            PathBuf::from(".")
        } else {
            PathBuf::from(&context.directory)
        };
        let entries = context_listing::entries(&directory, ignore.as_ref())
            .with_context(|| format!("cannot list the build context {}", directory.display()))?;
        context.listing = Some(Arc::new(entries));
        workspace.set_build_context(&dockerfile, context);
    }
    Ok(())
}

/// Each `--build-context NAME=PATH` with the full listing of its directory (no ignore file
/// applies to a named context), its path as the plan writes it: relative, `/`-separated,
/// inside the planned directory.
fn named_contexts(given: &[(String, PathBuf)]) -> Result<BTreeMap<String, NamedContext>> {
    let mut named = BTreeMap::new();
    for (name, path) in given {
        let inside = path.components().all(|component| {
            matches!(
                component,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        });
        if !inside {
            bail!(
                "--build-context {name}={}: the directory must be inside the planned directory, given relative to it",
                path.display()
            );
        }
        let entries = context_listing::entries(path, None)
            .with_context(|| format!("cannot list the build context {name}={}", path.display()))?;
        let written: Vec<String> = path
            .components()
            .filter_map(|component| match component {
                std::path::Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let path = if written.is_empty() {
            ".".to_owned()
        } else {
            written.join("/")
        };
        named.insert(
            name.clone(),
            NamedContext {
                path,
                listing: Some(Arc::new(entries)),
            },
        );
    }
    Ok(named)
}

/// The commit time of the checkout `directory` is in, if it is one and git runs.
fn commit_time(directory: &Path) -> Option<u64> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(directory)
        .args(["log", "-1", "--format=%ct"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()?.trim().parse().ok()
}
