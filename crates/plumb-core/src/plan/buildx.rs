//! Image steps as `docker buildx build` runs them on any BuildKit builder: the plan's time
//! as `SOURCE_DATE_EPOCH` and `rewrite-timestamp=true` (so files in new layers are clamped
//! to it too), every image by digest through named contexts, the frontend through
//! `BUILDKIT_SYNTAX`, no attestations inside the image (they would change the index's
//! digest on every build), and BuildKit's own account of the result in `--metadata-file`.

use super::image_build::ImageBuild;
use super::model::Invocation;
use std::collections::BTreeMap;

pub fn invocation(build: &ImageBuild) -> Invocation {
    let sde = build.source_date_epoch.to_string();
    let mut argv: Vec<String> = ["docker", "buildx", "build", "--file", &build.dockerfile]
        .into_iter()
        .map(str::to_owned)
        .collect();
    argv.extend(["--platform".into(), build.platform.clone()]);
    argv.extend(build.shared_flags(build_args(build)));
    for (name, value) in build.build_contexts() {
        argv.extend(["--build-context".into(), format!("{name}={value}")]);
    }
    argv.extend(["--provenance=false".into(), "--sbom=false".into()]);
    if let Some(target) = &build.target {
        argv.extend(["--target".into(), target.clone()]);
    }
    // What BuildKit says it built (the image's digests), for the executor to read.
    argv.extend([
        "--metadata-file".into(),
        "{out}/metadata.json".into(),
        "--output".into(),
        output("{out}/image.tar"),
        build.context.clone(),
    ]);
    Invocation {
        argv,
        env: BTreeMap::from([
            ("BUILDX_NO_DEFAULT_ATTESTATIONS".into(), "1".into()),
            ("SOURCE_DATE_EPOCH".into(), sde),
        ]),
    }
}

/// The build arguments BuildKit gets: the plan's and the pinned frontend.
pub fn build_args(build: &ImageBuild) -> BTreeMap<String, String> {
    let mut arguments = build.all_build_args();
    if let Some(frontend) = build.pinned_frontend() {
        arguments.insert("BUILDKIT_SYNTAX".into(), frontend);
    }
    arguments
}

/// The OCI exporter writing `destination`, with file times clamped.
pub fn output(destination: &str) -> String {
    format!("type=oci,dest={destination},rewrite-timestamp=true")
}
