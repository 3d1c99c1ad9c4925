//! Plans: a workspace's builds written down so that anyone can execute and check them
//! (docs/plan-format.md). Pure: workspace files, their build contexts' listings, locks and
//! [`PlanOptions`] in, the plan's canonical bytes out, the same in the browser and the CLI.

mod bake;
mod buildah;
mod buildx;
mod compose_projects;
mod context_names;
mod contexts;
mod deployed_app_compose;
mod image_build;
pub mod model;
mod options;
mod pinning;
pub mod rules;

pub use deployed_app_compose::{deployed_app_compose, deployed_references};
pub use model::{PLAN_SCHEMA, Plan};
pub use options::{Backend, NamedContext, PlanOptions};

use crate::analysis::Analysis;
use crate::canonical_json::{self, CanonicalError};
use crate::context_tree;
use crate::diagnostic::{Diagnostic, Severity};
use crate::digest;
use crate::dockerfile::{
    self,
    external_images::{ImageUse, external_images},
};
use crate::lock::Lock;
use crate::rules::Category;
use crate::source::Span;
use crate::workspace::Workspace;
pub use context_names::is_named_context;
use image_build::ImageBuild;
use model::{
    Compressor, Core, Determinism, FileDigest, Input, Intent, Meta, Network, Output, PlanLock,
    Policy, Step, StepKind, StepOutput, Target, Time, TimeSource, Tool, Toolchain,
};
use pinning::Findings;
use std::collections::{BTreeMap, BTreeSet};

/// A plan with what was found while making it.
#[derive(Debug, Clone)]
pub struct PlanResult {
    pub plan: Plan,
    /// The plan file: canonical JSON and a final newline.
    pub bytes: Vec<u8>,
    /// PL findings, and the syntax errors of the Dockerfiles planned; by file and place.
    pub diagnostics: Vec<Diagnostic>,
    builds: Vec<ImageBuild>,
}

impl PlanResult {
    /// The same builds as a `docker buildx bake` file.
    pub fn bake_file(&self) -> Vec<u8> {
        bake::bake_file(&self.builds)
    }

    /// Whether an error was found: a plan with one must not be executed.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|diagnostic| diagnostic.severity == Severity::Error)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("no Dockerfile to plan")]
    NoDockerfile,
    #[error("{dockerfile} has no stage named {target:?} (its stages: {stages})")]
    UnknownTarget {
        dockerfile: String,
        target: String,
        stages: String,
    },
    #[error("{compose_file}: service {service}: {reason}")]
    ServiceBuild {
        compose_file: String,
        service: String,
        reason: String,
    },
    #[error("{compose_file}: cannot deploy to dstack: {reason}")]
    Deploy {
        compose_file: String,
        reason: String,
    },
    #[error("{0}")]
    Canonical(#[from] CanonicalError),
}

/// One build the plan makes: a Dockerfile on its own, or a compose service's `build:`.
struct Planned<'a> {
    file: &'a crate::analysis::AnalyzedFile,
    document: &'a dockerfile::Document,
    /// The stage to build (`None`: the last).
    wanted: Option<&'a str>,
    build_args: BTreeMap<String, String>,
    service: Option<model::ComposeService>,
}

/// Each lock with what it applies to, whose references it must pin exactly.
#[derive(Default)]
struct LockUsers<'a> {
    dockerfiles: Vec<LockedDockerfile<'a>>,
    compose_files: Vec<&'a (String, Vec<crate::compose::service_images::ServiceImage>)>,
}

/// A Dockerfile a lock applies to: its path and document.
type LockedDockerfile<'a> = (&'a str, &'a dockerfile::Document);

/// Plans every Dockerfile of the analysed workspace, each compose service's build, and the
/// deploys of the compose projects whose plumb.toml names a dstack registry.
pub fn generate(
    workspace: &Workspace,
    analysis: &Analysis,
    options: &PlanOptions,
) -> Result<PlanResult, PlanError> {
    let platforms: Vec<String> = if options.platforms.is_empty() {
        vec![workspace.options.target_platform.to_string()]
    } else {
        options.platforms.iter().map(ToString::to_string).collect()
    };
    let build_platform = workspace.options.build_platform.to_string();
    let unpinned_severity = if options.locked {
        Severity::Error
    } else {
        Severity::Warning
    };
    let service_targets = compose_projects::service_targets(workspace)?;
    let mut planned = Vec::new();
    for file in &analysis.files {
        let Some(document) = file.document.as_dockerfile() else {
            continue;
        };
        let path = file.source.path();
        // A Dockerfile a compose service builds is planned as the service builds it.
        if service_targets.iter().any(|built| built.dockerfile == path) {
            continue;
        }
        planned.push(Planned {
            file,
            document,
            wanted: options.target.as_deref(),
            build_args: options.build_args.clone(),
            service: None,
        });
    }
    for built in &service_targets {
        let Some(file) = analysis.analyzed(&built.dockerfile) else {
            return Err(PlanError::ServiceBuild {
                compose_file: built.service.file.clone(),
                service: built.service.service.clone(),
                reason: format!("its Dockerfile {} is not there", built.dockerfile),
            });
        };
        let Some(document) = file.document.as_dockerfile() else {
            continue;
        };
        // `--build-arg` has the last word, as with `docker compose build --build-arg`.
        let mut build_args = built.args.clone();
        build_args.extend(options.build_args.clone());
        planned.push(Planned {
            file,
            document,
            wanted: built.target.as_deref(),
            build_args,
            service: Some(built.service.clone()),
        });
    }
    let has_compose = compose_projects_exist(workspace);
    if planned.is_empty() && !has_compose {
        return Err(PlanError::NoDockerfile);
    }
    let (time, mut diagnostics) = time(workspace, analysis, options, unpinned_severity);
    let named_contexts: BTreeMap<String, model::ContextDigest> = options
        .named_contexts
        .iter()
        .map(|(name, context)| {
            let tree = context
                .listing
                .as_ref()
                .and_then(|listing| context_tree::tree_digest(listing).ok());
            let digest = model::ContextDigest {
                path: context.path.clone(),
                ignore_file: None,
                tree: tree.unwrap_or_else(|| "unknown".into()),
            };
            (name.clone(), digest)
        })
        .collect();
    let named_inputs: Vec<Input> = named_contexts
        .iter()
        .map(|(name, context)| Input::NamedContext {
            name: name.clone(),
            path: context.path.clone(),
            tree: context.tree.clone(),
        })
        .collect();
    let mut files = Vec::new();
    let mut contexts = BTreeMap::new();
    let mut targets = Vec::new();
    let mut lock = PlanLock {
        locks: BTreeMap::new(),
        images: BTreeMap::new(),
    };
    let mut steps = Vec::new();
    let mut builds = Vec::new();
    let mut locked_files: BTreeMap<&str, (&Lock, LockUsers)> = BTreeMap::new();
    let mut service_steps = BTreeMap::new();
    for planned in &planned {
        let (file, document) = (planned.file, planned.document);
        let path = file.source.path();
        diagnostics.extend(
            analysis
                .diagnostics
                .iter()
                .filter(|diagnostic| {
                    diagnostic.file == path
                        && diagnostic.rule.category() == Category::Syntax
                        && diagnostic.severity == Severity::Error
                })
                .cloned(),
        );
        let stages = &document.resolution.stages;
        let (stage_index, target) = match planned.wanted {
            Some(wanted) => {
                let found = stages.iter().position(|stage| {
                    stage
                        .name
                        .as_deref()
                        .is_some_and(|name| name.eq_ignore_ascii_case(wanted))
                });
                let Some(index) = found else {
                    return Err(PlanError::UnknownTarget {
                        dockerfile: path.to_owned(),
                        target: wanted.to_owned(),
                        stages: stage_names(document),
                    });
                };
                (index, stages[index].name.clone())
            }
            None if stages.is_empty() => continue,
            None => (stages.len() - 1, None),
        };
        let stage_label = stages[stage_index]
            .name
            .clone()
            .unwrap_or_else(|| stage_index.to_string());
        let context = workspace.build_context(path);
        let context_path = if context.directory.is_empty() {
            ".".to_owned()
        } else {
            context.directory.clone()
        };
        let sha256 = digest::sha256(workspace.contents(path).unwrap_or_default());
        files.push(FileDigest {
            path: path.to_owned(),
            sha256: sha256.clone(),
        });
        let mut inputs = vec![Input::File {
            path: path.to_owned(),
            sha256,
        }];
        if let Some(ignore) = &context.ignore_file {
            let sha256 = digest::sha256(workspace.contents(ignore).unwrap_or_default());
            files.push(FileDigest {
                path: ignore.clone(),
                sha256: sha256.clone(),
            });
            inputs.push(Input::File {
                path: ignore.clone(),
                sha256,
            });
        }
        let tree = contexts::tree(workspace, &context);
        contexts.insert(
            context_path.clone(),
            model::ContextDigest {
                path: context_path.clone(),
                ignore_file: context.ignore_file.clone(),
                tree: tree.clone().unwrap_or_else(|| "unknown".into()),
            },
        );
        inputs.push(Input::Context {
            path: context_path.clone(),
            tree: tree.clone().unwrap_or_else(|| "unknown".into()),
        });
        let file_lock = workspace.lock_with_directory(path);
        if let Some((directory, locked)) = file_lock {
            locked_files
                .entry(directory)
                .or_insert((locked, LockUsers::default()))
                .1
                .dockerfiles
                .push((path, document));
            add_lock_file(&mut files, &mut lock, directory, locked)?;
        }
        targets.push(Target {
            dockerfile: path.to_owned(),
            stage: stage_label.clone(),
            context: context_path.clone(),
            compose: planned.service.clone(),
        });
        let mut findings = Findings {
            unpinned_severity,
            diagnostics: Vec::new(),
        };
        if options.backend == Backend::Buildah {
            findings
                .diagnostics
                .extend(buildah::unsupported_features(document));
        }
        // What the target's build pulls and fetches: the stages it needs, not every stage.
        let needed = document.resolution.stages_needed(stage_index);
        let sources = pinning::pin_sources(
            document,
            &needed,
            file_lock.map(|(_, lock)| lock),
            &mut findings,
        );
        let runs_commands = document
            .dockerfile
            .instructions
            .iter()
            .any(|instruction| instruction.kind == Some(crate::dockerfile::Keyword::Run));
        let network = if runs_commands && !options.offline {
            Network::Host
        } else {
            Network::None
        };
        // The same images for every platform; each is pinned for the platform's manifest.
        let pulled: Vec<_> = external_images(&document.dockerfile, &document.resolution)
            .into_iter()
            .filter(|image| image.stage.is_none_or(|stage| needed.contains(&stage)))
            .filter(|image| !is_named_context(&named_contexts, &image.pulled))
            .collect();
        for platform in &platforms {
            let mut images = Vec::new();
            for image in &pulled {
                let image_platform = if image.used_as == ImageUse::Frontend {
                    &build_platform
                } else {
                    platform
                };
                let pinned = pinning::pin_image(
                    image,
                    image_platform,
                    file_lock.map(|(_, lock)| lock),
                    &mut findings,
                );
                if let (Some(digest), Some((_, locked))) = (&pinned.digest, file_lock)
                    && let Some(entry) = locked.images.get(&pinned.reference)
                {
                    let pinned_image =
                        lock.images
                            .entry(pinned.reference.clone())
                            .or_insert_with(|| model::PinnedImage {
                                source: entry.source.clone(),
                                digest: entry.digest.clone(),
                                platforms: BTreeMap::new(),
                            });
                    pinned_image
                        .platforms
                        .insert(image_platform.clone(), digest.clone());
                }
                images.push(pinned);
            }
            images.sort();
            images.dedup();
            let mut step_inputs = inputs.clone();
            step_inputs.extend(images.iter().map(pinning::PulledImage::input));
            step_inputs.extend(sources.iter().cloned());
            step_inputs.extend(named_inputs.iter().cloned());
            step_inputs.sort();
            step_inputs.dedup();
            let pinned = tree.is_some()
                && named_contexts
                    .values()
                    .all(|context| context.tree != "unknown")
                && images.iter().all(|image| image.digest.is_some())
                && findings.diagnostics.is_empty();
            let built = match &planned.service {
                Some(service) => format!("{}:{}", service.file, service.service),
                None => format!("{path}:{stage_label}"),
            };
            let build = ImageBuild {
                name: format!("{built} {platform}"),
                dockerfile: path.to_owned(),
                context: context_path.clone(),
                target: target.clone(),
                platform: platform.clone(),
                images,
                named_contexts: named_contexts
                    .iter()
                    .map(|(name, context)| (name.clone(), context.path.clone()))
                    .collect(),
                build_args: planned.build_args.clone(),
                secrets: options.secrets.clone(),
                source_date_epoch: time.source_date_epoch,
                offline: options.offline,
            };
            let determinism = if pinned && network == Network::None {
                Determinism::BitForBit
            } else {
                Determinism::Unverified
            };
            let step = step(&build, step_inputs, network, determinism)?;
            if let Some(service) = &planned.service
                && platform == compose_projects::DSTACK_PLATFORM
            {
                service_steps.insert(service.clone(), step.id.clone());
            }
            steps.push(step);
            builds.push(build);
        }
        diagnostics.extend(findings.diagnostics.into_iter().map(|mut diagnostic| {
            diagnostic.file = path.to_owned();
            diagnostic
        }));
    }
    let projects =
        compose_projects::plan_projects(workspace, &service_steps, &platforms, unpinned_severity)?;
    files.extend(projects.files.iter().cloned());
    diagnostics.extend(projects.diagnostics.iter().cloned());
    for (reference, pinned) in &projects.images {
        lock.images
            .entry(reference.clone())
            .or_insert_with(|| pinned.clone());
    }
    for project in &projects.services {
        if let Some((directory, locked)) = workspace.lock_with_directory(&project.0) {
            add_lock_file(&mut files, &mut lock, directory, locked)?;
            locked_files
                .entry(directory)
                .or_insert((locked, LockUsers::default()))
                .1
                .compose_files
                .push(project);
        }
    }
    for (locked, users) in locked_files.into_values() {
        let stale = pinning::stale_references(
            locked,
            &users.dockerfiles,
            &users.compose_files,
            &named_contexts,
            unpinned_severity,
        );
        diagnostics.extend(stale.into_iter().map(|(path, mut diagnostic)| {
            diagnostic.file = path;
            diagnostic
        }));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup();
    let outputs = steps
        .iter()
        .map(|step| Output {
            name: step.name.clone(),
            step: step.id.clone(),
            output: "image".into(),
        })
        .collect();
    let core = Core {
        intent: Intent {
            files,
            contexts: contexts.into_values().collect(),
            named_contexts: named_contexts.clone(),
            targets,
            build_args: options.build_args.clone(),
            secrets: options.secrets.iter().cloned().collect(),
            platforms,
        },
        time,
        toolchain: Toolchain {
            builder: Tool {
                name: options.backend.name().into(),
                version: options.backend.version().into(),
            },
            compressor: Compressor {
                format: "gzip".into(),
                level: 6,
            },
        },
        lock,
        steps,
        outputs,
        deploys: projects.deploys,
        policy: Policy {
            rebuilds: options.rebuilds,
            fail_on_unpinned: options.locked,
            offline: options.offline,
        },
    };
    let plan = Plan {
        schema: PLAN_SCHEMA,
        plan_id: digest::sha256(&canonical_json::to_vec(&core)?),
        core,
        expected: BTreeMap::new(),
        meta: Meta {
            generator: Tool {
                name: "plumb".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
        },
    };
    let mut bytes = canonical_json::to_vec(&plan)?;
    bytes.push(b'\n');
    let mut diagnostics = admitted(workspace, analysis, diagnostics);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.message == b.message);
    Ok(PlanResult {
        plan,
        bytes,
        diagnostics,
        builds,
    })
}

/// Records the lock at `directory` among the plan's files, by its canonical bytes (what
/// `plumb lock` writes), and its references' digest.
fn add_lock_file(
    files: &mut Vec<FileDigest>,
    lock: &mut PlanLock,
    directory: &str,
    locked: &Lock,
) -> Result<(), CanonicalError> {
    let lock_path = crate::build_context::BuildContext {
        directory: directory.to_owned(),
        ..Default::default()
    }
    .workspace_path(crate::lock::LOCK_FILE);
    let mut lock_bytes = canonical_json::to_vec(locked)?;
    lock_bytes.push(b'\n');
    files.push(FileDigest {
        path: lock_path.clone(),
        sha256: digest::sha256(&lock_bytes),
    });
    lock.locks.insert(lock_path, locked.references.clone());
    Ok(())
}

/// Whether the workspace has a compose project (a plan of one deploys without building).
fn compose_projects_exist(workspace: &Workspace) -> bool {
    crate::compose::service_images::project_files(workspace)
        .next()
        .is_some()
}

/// The plan's findings that the files' inline suppressions and plumb.toml let through, at
/// the severity plumb.toml gives them, as the analysis admits its own; what `--locked` made
/// an error stays one. The syntax errors taken from the analysis were admitted there.
fn admitted(
    workspace: &Workspace,
    analysis: &Analysis,
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter_map(|mut diagnostic| {
            let Some(file) = analysis.analyzed(&diagnostic.file) else {
                return Some(diagnostic);
            };
            let escalated = diagnostic.severity > diagnostic.rule.severity;
            if !crate::analysis::admit(workspace, file, &mut diagnostic) {
                return None;
            }
            if escalated {
                diagnostic.severity = Severity::Error;
            }
            Some(diagnostic)
        })
        .collect()
}

/// A step for `build`, its id over everything else it says.
fn step(
    build: &ImageBuild,
    inputs: Vec<Input>,
    network: Network,
    determinism: Determinism,
) -> Result<Step, CanonicalError> {
    let mut step = Step {
        id: String::new(),
        kind: StepKind::Image,
        name: build.name.clone(),
        platform: build.platform.clone(),
        inputs,
        network,
        run: BTreeMap::from([
            ("buildah".to_owned(), buildah::invocation(build)),
            ("buildx".to_owned(), buildx::invocation(build)),
        ]),
        outputs: vec![StepOutput {
            name: "image".into(),
            kind: "oci-archive".into(),
            path: "{out}/image.tar".into(),
            determinism,
        }],
    };
    // The id is still empty, so it is left out of the bytes it is taken over.
    step.id = digest::sha256(&canonical_json::to_vec(&step)?);
    Ok(step)
}

/// The build's time and where it came from: `--source-date-epoch`, the lock of the first
/// Dockerfile that has one, the commit, else 0 with a PL203 finding on the first Dockerfile.
fn time(
    workspace: &Workspace,
    analysis: &Analysis,
    options: &PlanOptions,
    severity: Severity,
) -> (Time, Vec<Diagnostic>) {
    let from_lock = || {
        analysis.files.iter().find_map(|file| {
            file.document.as_dockerfile()?;
            workspace.lock_for(file.source.path())?.source_date_epoch
        })
    };
    // The lock before the commit: the browser knows no commit, and with a lock both front
    // ends then plan the same time.
    let (source_date_epoch, from) = match (options.source_date_epoch, from_lock()) {
        (Some(explicit), _) => (explicit, TimeSource::Explicit),
        (None, Some(locked)) => (locked, TimeSource::Lock),
        (None, None) => match options.commit_time {
            Some(commit) => (commit, TimeSource::GitCommit),
            None => (0, TimeSource::Default),
        },
    };
    let mut diagnostics = Vec::new();
    if from == TimeSource::Default
        && let Some(first) = analysis
            .files
            .iter()
            .find(|file| file.document.as_dockerfile().is_some())
    {
        let mut diagnostic = Diagnostic::new(
            &rules::no_source_date_epoch::RULE,
            Span::new(0, 0),
            "nothing gives the build a SOURCE_DATE_EPOCH (no --source-date-epoch, no git commit, no plumb.lock), so it writes 0 (1970-01-01)",
        );
        diagnostic.file = first.source.path().to_owned();
        diagnostics.push(diagnostic.with_severity(severity));
    }
    (
        Time {
            source_date_epoch,
            from,
        },
        diagnostics,
    )
}

fn stage_names(document: &crate::dockerfile::Document) -> String {
    let names: BTreeSet<&str> = document
        .resolution
        .stages
        .iter()
        .filter_map(|stage| stage.name.as_deref())
        .collect();
    if names.is_empty() {
        "none named".into()
    } else {
        names.into_iter().collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FileKind, analyze};

    /// The image inputs of each step of `text`'s plan with `options`.
    fn pulled(text: &str, options: &PlanOptions) -> Vec<Vec<String>> {
        let mut workspace = Workspace::new();
        workspace.add_file("Dockerfile", FileKind::Dockerfile, text);
        let analysis = analyze(&workspace);
        let planned = generate(&workspace, &analysis, options).unwrap();
        planned
            .plan
            .core
            .steps
            .iter()
            .map(|step| {
                step.inputs
                    .iter()
                    .filter_map(|input| match input {
                        Input::Image { reference, .. } => Some(reference.clone()),
                        Input::Download { url, .. } => Some(url.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_step_pulls_what_its_target_needs_only() {
        let text = "FROM registry.test/tools:1 AS tools\nADD --checksum=sha256:00 https://example.com/tool.tgz /t\nFROM registry.test/docs:1 AS docs\nFROM registry.test/base:1 AS app\nCOPY --from=tools /t /t\nCOPY --from=registry.test/extra:1 /x /x\n";
        assert_eq!(
            pulled(text, &PlanOptions::default()),
            [[
                "registry.test/base:1",
                "registry.test/extra:1",
                "registry.test/tools:1",
                "https://example.com/tool.tgz",
            ]]
        );
        let docs = PlanOptions {
            target: Some("docs".into()),
            ..PlanOptions::default()
        };
        assert_eq!(pulled(text, &docs), [["registry.test/docs:1"]]);
    }
}
