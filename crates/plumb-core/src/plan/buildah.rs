//! Image steps as Debian's buildah 1.28 runs them, and what that version cannot build.
//!
//! The base images are in the executor's container storage under the names the Dockerfile
//! uses, put there by their pinned digests before the step runs, so the build pulls nothing
//! (`--pull=never`). buildah 1.28 has one knob for time, `--timestamp`, which sets the
//! image's creation time and every file's time in the layers it writes.

use super::image_build::ImageBuild;
use super::model::Invocation;
use super::rules::backend_lacks_feature;
use crate::diagnostic::Diagnostic;
use crate::dockerfile::Document;
use crate::dockerfile::instruction::Keyword;
use crate::dockerfile::remote_sources::{RemoteKind, remote_sources};
use std::collections::BTreeMap;

pub fn invocation(build: &ImageBuild) -> Invocation {
    let sde = build.source_date_epoch.to_string();
    let mut argv: Vec<String> = ["buildah", "build", "--file", &build.dockerfile]
        .into_iter()
        .map(str::to_owned)
        .collect();
    argv.extend(["--platform".into(), build.platform.clone()]);
    argv.extend(["--timestamp".into(), sde.clone()]);
    argv.extend(build.shared_flags(build.all_build_args()));
    argv.extend(["--pull=never", "--layers=false", "--format=oci"].map(str::to_owned));
    if let Some(target) = &build.target {
        argv.extend(["--target".into(), target.clone()]);
    }
    // The named directories; images come from the executor's storage by name instead.
    for (name, path) in &build.named_contexts {
        argv.extend(["--build-context".into(), format!("{name}={path}")]);
    }
    argv.extend([
        "--tag".into(),
        "oci-archive:{out}/image.tar".into(),
        build.context.clone(),
    ]);
    Invocation {
        argv,
        env: BTreeMap::from([("SOURCE_DATE_EPOCH".into(), sde)]),
    }
}

/// A PL001 finding for each feature buildah 1.28 lacks: heredocs, `ADD --checksum`,
/// `COPY`/`ADD --exclude` and `--parents`, and ADD of a Git repository.
pub fn unsupported_features(document: &Document) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for instruction in &document.dockerfile.instructions {
        let kind = instruction.kind;
        if !instruction.heredocs.is_empty() {
            diagnostics.push(Diagnostic::new(
                &backend_lacks_feature::RULE,
                instruction.keyword.span,
                "buildah 1.28 cannot build heredocs (`<<EOF`); copy a script file in instead, or plan for BuildKit (`--backend buildx`)",
            ));
        }
        let flags: &[&str] = match kind {
            Some(Keyword::Add) => &["checksum", "exclude", "parents"],
            Some(Keyword::Copy) => &["exclude", "parents"],
            _ => &[],
        };
        for name in flags {
            if let Some(flag) = instruction.last_flag(name) {
                diagnostics.push(Diagnostic::new(
                    &backend_lacks_feature::RULE,
                    flag.span,
                    format!(
                        "buildah 1.28 has no `{} --{name}`; plan for BuildKit (`--backend buildx`) or do without it",
                        instruction.keyword.value.to_uppercase()
                    ),
                ));
            }
        }
    }
    // Git sources for ADD came to buildah after 1.28, which takes them for plain URLs.
    for source in remote_sources(document) {
        if matches!(source.kind, RemoteKind::Git { .. }) {
            diagnostics.push(Diagnostic::new(
                &backend_lacks_feature::RULE,
                source.span,
                "buildah 1.28 cannot ADD a Git repository; plan for BuildKit (`--backend buildx`), or clone it in a stage of its own",
            ));
        }
    }
    diagnostics
}
