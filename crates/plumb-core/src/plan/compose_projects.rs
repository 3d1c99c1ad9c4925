//! What the workspace's compose projects bring into a plan: a build of each service's
//! `build:` (the Dockerfile with the target and args the compose file gives, in the context
//! it gives, which the workspace already holds), the images the other services pull pinned
//! by the lock, the files each project reads, and, when a project's plumb.toml deploys it to
//! dstack (`[dstack] registry`), its deploy.

use super::PlanError;
use super::model::{
    ComposeService, Deploy, DeployedImage, FileDigest, PinnedBy, PinnedImage, TextEdit,
};
use super::rules::unpinned_image;
use crate::compose::builds::{BuildSource, service_builds};
use crate::compose::service_images::{ServiceImage, images_of, project_files};
use crate::compose::workspace_project::WorkspaceProject;
use crate::diagnostic::{Diagnostic, Severity};
use crate::digest;
use crate::dstack::{self, Style, write_app_compose};
use crate::lock::Lock;
use crate::source::Span;
use crate::workspace::Workspace;
use std::collections::BTreeMap;

/// The platform dstack's CVMs run.
pub const DSTACK_PLATFORM: &str = "linux/amd64";

/// A compose service's build, as the plan builds it.
#[derive(Debug, Clone)]
pub struct ServiceTarget {
    pub service: ComposeService,
    /// The Dockerfile's workspace path.
    pub dockerfile: String,
    /// The stage `build.target` names.
    pub target: Option<String>,
    pub args: BTreeMap<String, String>,
}

/// Every service build of the workspace's compose projects; a build the plan cannot make
/// (an inline Dockerfile, a Git or HTTP context) is an error.
pub fn service_targets(workspace: &Workspace) -> Result<Vec<ServiceTarget>, PlanError> {
    service_builds(workspace)
        .into_iter()
        .map(|build| {
            let service = ComposeService {
                file: build.compose_file,
                service: build.service,
            };
            match build.source {
                BuildSource::Local { dockerfile, .. } => Ok(ServiceTarget {
                    service,
                    dockerfile,
                    target: build.target.map(|(target, _)| target),
                    args: build.arg_values,
                }),
                BuildSource::Elsewhere => Err(PlanError::ServiceBuild {
                    compose_file: service.file,
                    service: service.service,
                    reason: "it builds from an inline Dockerfile or a Git or HTTP context, which a plan cannot pin; build from a directory".into(),
                }),
            }
        })
        .collect()
}

/// What the compose projects add to the plan besides their builds.
#[derive(Debug, Default)]
pub struct ProjectsPlanned {
    /// Every file a project reads (compose files, overrides, `.env`, env files), by path.
    pub files: Vec<FileDigest>,
    /// The images the services pull, by reference, as the lock pins them.
    pub images: BTreeMap<String, PinnedImage>,
    pub deploys: Vec<Deploy>,
    /// PL201 for each pulled image nothing pins, by file.
    pub diagnostics: Vec<Diagnostic>,
    /// Each project's compose file with its services, for the staleness of its lock.
    pub services: Vec<(String, Vec<ServiceImage>)>,
}

/// What each compose project of the workspace reads, pulls and deploys. `steps` gives the
/// step that builds each service for dstack's platform; `platforms` are those planned.
pub fn plan_projects(
    workspace: &Workspace,
    steps: &BTreeMap<ComposeService, String>,
    platforms: &[String],
    unpinned_severity: Severity,
) -> Result<ProjectsPlanned, PlanError> {
    let mut planned = ProjectsPlanned::default();
    for compose_file in project_files(workspace) {
        let project = WorkspaceProject::load(workspace, compose_file);
        for source in &project.loaded.sources {
            let path = project.files.workspace_path(&source.path);
            planned.files.push(FileDigest {
                sha256: digest::sha256(source.text.as_bytes()),
                path,
            });
        }
        let Ok(services) = images_of(&project) else {
            continue;
        };
        let lock = workspace.lock_for(compose_file);
        let mut pinned = BTreeMap::new();
        for service in &services {
            let Some(reference) = service.pulled() else {
                continue;
            };
            let digest = pin(reference, lock, platforms, &mut planned.images);
            if digest.is_none() {
                let mut diagnostic = Diagnostic::new(
                    &unpinned_image::RULE,
                    service.image_place.unwrap_or(Span::new(0, 0)),
                    format!(
                        "service {}'s image \"{reference}\" is pinned neither by a digest nor by a plumb.lock; run `plumb lock`",
                        service.service
                    ),
                );
                diagnostic.file = compose_file.to_owned();
                planned.diagnostics.push(
                    diagnostic.with_severity(unpinned_severity.max(unpinned_image::RULE.severity)),
                );
            }
            pinned.insert(service.service.clone(), digest);
        }
        let found = deploy(
            workspace,
            compose_file,
            &services,
            &pinned,
            steps,
            platforms,
        )?;
        if let Some((deploy, script)) = found {
            planned.files.extend(script);
            planned.deploys.push(deploy);
        }
        planned.services.push((compose_file.to_owned(), services));
    }
    Ok(planned)
}

/// The digest that pins a pulled `reference`: its own, else the lock's (recorded with the
/// manifest of each planned platform the lock has).
fn pin(
    reference: &str,
    lock: Option<&Lock>,
    platforms: &[String],
    images: &mut BTreeMap<String, PinnedImage>,
) -> Option<String> {
    if let Some((_, digest)) = reference.split_once('@') {
        return Some(digest.to_owned());
    }
    let locked = lock?.images.get(reference)?;
    images.insert(
        reference.to_owned(),
        PinnedImage {
            source: locked.source.clone(),
            digest: locked.digest.clone(),
            platforms: platforms
                .iter()
                .filter_map(|platform| {
                    let image = locked.platforms.get(platform)?;
                    Some((platform.clone(), image.manifest.clone()))
                })
                .collect(),
        },
    );
    Some(locked.digest.clone())
}

/// The deploy of the project at `compose_file` when its plumb.toml names a dstack registry,
/// with the pre-launch script it reads.
fn deploy(
    workspace: &Workspace,
    compose_file: &str,
    services: &[ServiceImage],
    pinned: &BTreeMap<String, Option<String>>,
    steps: &BTreeMap<ComposeService, String>,
    platforms: &[String],
) -> Result<Option<(Deploy, Option<FileDigest>)>, PlanError> {
    let Some(section) = workspace
        .config_for(compose_file)
        .and_then(|(config, _)| config.dstack.as_ref())
    else {
        return Ok(None);
    };
    let Some(registry) = section.registry() else {
        return Ok(None);
    };
    let refused = |reason: String| PlanError::Deploy {
        compose_file: compose_file.to_owned(),
        reason,
    };
    if !platforms.iter().any(|platform| platform == DSTACK_PLATFORM) {
        return Err(refused(format!(
            "dstack runs {DSTACK_PLATFORM} images, which the plan does not build (--platform)"
        )));
    }
    let (settings, script) = dstack::project_settings(workspace, compose_file)
        .map_err(|problems| refused(problems.join("; ")))?;
    let script = script.map(|path| FileDigest {
        sha256: digest::sha256(workspace.contents(&path).unwrap_or_default()),
        path,
    });
    if settings.name.is_empty() {
        return Err(refused(
            "[dstack] in plumb.toml needs a name: a plan cannot take it from the folder it is cloned into".into(),
        ));
    }
    let text = workspace.text(compose_file).unwrap_or_default();
    let style = section.style().unwrap_or(Style::Canonical);
    // Refused now rather than when the images are built.
    write_app_compose(&text, &settings, style).map_err(|problems| refused(problems.join("; ")))?;
    let mut images = Vec::new();
    for service in services {
        let pinned_by = if service.builds {
            let key = ComposeService {
                file: compose_file.to_owned(),
                service: service.service.clone(),
            };
            let Some(step) = steps.get(&key) else {
                continue;
            };
            PinnedBy::Step {
                step: step.clone(),
                repository: format!("{registry}/{}", service.service),
            }
        } else {
            let Some(reference) = &service.image else {
                continue;
            };
            let digest = pinned.get(&service.service).cloned().flatten();
            PinnedBy::Image {
                reference: reference
                    .split_once('@')
                    .map_or(reference.as_str(), |(name, _)| name)
                    .to_owned(),
                digest: digest.unwrap_or_else(|| "unpinned".into()),
            }
        };
        let edits = dstack::image_edits(&text, service).map_err(refused)?;
        images.push(DeployedImage {
            service: service.service.clone(),
            pinned: pinned_by,
            edits: edits
                .into_iter()
                .map(|(span, text)| TextEdit {
                    start: span.start as u64,
                    end: span.end as u64,
                    text,
                })
                .collect(),
        });
    }
    let deploy = Deploy {
        target: "dstack".into(),
        compose_file: compose_file.to_owned(),
        style: style.name().into(),
        settings,
        images,
    };
    Ok(Some((deploy, script)))
}

#[cfg(test)]
mod tests {
    use super::super::{PlanOptions, deployed_app_compose, generate};
    use crate::compose::builds::{FilesInMemory, add_compose_builds};
    use crate::lock::{Lock, LockedImage, PlatformImage};
    use crate::{FileKind, Workspace, analyze};
    use std::collections::BTreeMap;

    const COMPOSE: &str = "services:\n  web:\n    build:\n      context: ./web\n      target: app\n      args:\n        GREETING: hello\n    ports:\n      - 8080:80\n  db:\n    image: postgres:16\n";
    const DIGEST: &str = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    fn project(toml: &str) -> Workspace {
        let mut workspace = Workspace::new();
        workspace.add_file("compose.yaml", FileKind::Compose, COMPOSE);
        let dockerfile = format!("FROM busybox@{DIGEST} AS app\nARG GREETING\n");
        let files = BTreeMap::from([("web/Dockerfile", dockerfile.as_bytes())]);
        add_compose_builds(&mut workspace, &mut FilesInMemory(files));
        workspace.add_config("plumb.toml", toml).unwrap();
        workspace.use_config("compose.yaml", "plumb.toml", "compose.yaml");
        let locked = LockedImage {
            source: "registry".into(),
            digest: DIGEST.replace('1', "2"),
            media_type: "application/vnd.oci.image.index.v1+json".into(),
            platforms: BTreeMap::from([(
                "linux/amd64".into(),
                PlatformImage {
                    manifest: DIGEST.replace('1', "3"),
                    config: DIGEST.replace('1', "4"),
                    env: Vec::new(),
                },
            )]),
        };
        let mut lock = Lock::new(BTreeMap::from([
            ("postgres:16".to_owned(), locked.clone()),
            (format!("busybox@{DIGEST}"), locked),
        ]));
        lock.source_date_epoch = Some(1_700_000_000);
        workspace.set_lock("", Some(lock));
        workspace
    }

    #[test]
    fn a_service_build_is_a_step_with_the_compose_files_target_and_args() {
        let workspace = project("");
        let planned = generate(&workspace, &analyze(&workspace), &PlanOptions::default()).unwrap();
        let core = &planned.plan.core;
        assert_eq!(core.steps.len(), 1);
        assert_eq!(core.steps[0].name, "compose.yaml:web linux/amd64");
        let argv = &core.steps[0].run["buildah"].argv;
        assert!(
            argv.windows(2).any(|pair| pair == ["--target", "app"]),
            "{argv:?}"
        );
        assert!(argv.iter().any(|word| word == "GREETING=hello"), "{argv:?}");
        assert_eq!(core.intent.targets[0].context, "web");
        // The pulled image is pinned by the lock, and nothing is deployed without [dstack].
        assert_eq!(
            core.lock.images["postgres:16"].digest,
            DIGEST.replace('1', "2")
        );
        assert!(core.deploys.is_empty());
        assert!(planned.diagnostics.is_empty(), "{:?}", planned.diagnostics);
    }

    #[test]
    fn a_dstack_deploy_writes_every_image_by_digest() {
        let workspace = project("[dstack]\nname = \"shop\"\nregistry = \"127.0.0.1:5000/shop\"\n");
        let planned = generate(&workspace, &analyze(&workspace), &PlanOptions::default()).unwrap();
        let core = &planned.plan.core;
        let [deploy] = core.deploys.as_slice() else {
            panic!("{:?}", core.deploys);
        };
        let built = BTreeMap::from([(core.steps[0].id.clone(), DIGEST.replace('1', "5"))]);
        let bytes = deployed_app_compose(deploy, COMPOSE, &built).unwrap();
        let written: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(written["name"], "shop");
        assert_eq!(
            written["docker_compose_file"],
            format!(
                "services:\n  web:\n    image: 127.0.0.1:5000/shop/web@{}\n    ports:\n      - 8080:80\n  db:\n    image: postgres:16@{}\n",
                DIGEST.replace('1', "5"),
                DIGEST.replace('1', "2")
            )
        );
        // Unbuilt, it cannot be written.
        assert!(deployed_app_compose(deploy, COMPOSE, &BTreeMap::new()).is_err());
    }

    #[test]
    fn a_deploy_needs_a_name_and_dstacks_platform() {
        let workspace = project("[dstack]\nregistry = \"127.0.0.1:5000/shop\"\n");
        let error =
            generate(&workspace, &analyze(&workspace), &PlanOptions::default()).unwrap_err();
        assert!(error.to_string().contains("needs a name"), "{error}");
        let workspace = project("[dstack]\nname = \"shop\"\nregistry = \"127.0.0.1:5000/shop\"\n");
        let arm = PlanOptions {
            platforms: vec![crate::options::Platform::parse("linux/arm64").unwrap()],
            ..PlanOptions::default()
        };
        let error = generate(&workspace, &analyze(&workspace), &arm).unwrap_err();
        assert!(error.to_string().contains("linux/amd64"), "{error}");
    }
}
