//! A plan's deploys, once its steps are built: each image a project builds pushed to its
//! registry by the digest it was built with, then its app-compose.json written by the core
//! from the compose file's text (checked against the plan like every file it records) with
//! every image by digest, and what dstack will measure of those bytes.

use crate::image_resolution;
use crate::plan_inputs::PlanFile;
use anyhow::{Context as _, Result, bail};
use plumb_core::dstack::{Measurement, measure};
use plumb_core::plan::deployed_app_compose;
use plumb_core::plan::model::{Deploy, PinnedBy};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The plan's deploys.
pub fn deploys(plan: &PlanFile) -> Result<Vec<Deploy>> {
    match plan.json["core"].get("deploys") {
        Some(deploys) => {
            serde_json::from_value(deploys.clone()).context("the plan's deploys do not read")
        }
        None => Ok(Vec::new()),
    }
}

/// The name a deploy's compose-hash is recorded under in the plan's `expected`.
pub fn expected_name(deploy: &Deploy) -> String {
    format!("{} app-compose.json", deploy.compose_file)
}

/// What a deploy wrote.
pub struct Deployed {
    pub app_compose: Vec<u8>,
    pub measurement: Measurement,
}

/// The deploy's app-compose.json for the images built (manifest digest by step id).
pub fn app_compose(
    plan: &PlanFile,
    deploy: &Deploy,
    manifests: &BTreeMap<String, String>,
) -> Result<Deployed> {
    let path = plan.inside(&deploy.compose_file)?;
    let text = fs::read_to_string(&path)
        .with_context(|| format!("cannot read {} as UTF-8", path.display()))?;
    let app_compose = match deployed_app_compose(deploy, &text, manifests) {
        Ok(bytes) => bytes,
        Err(reason) => bail!("cannot deploy {}: {reason}", deploy.compose_file),
    };
    let measurement = measure(&app_compose, None)?;
    Ok(Deployed {
        app_compose,
        measurement,
    })
}

/// Pushes each image the deploy builds to its repository by its digest; `layouts` holds
/// each built step's OCI layout by step id.
pub fn push(deploy: &Deploy, layouts: &BTreeMap<String, (PathBuf, String)>) -> Result<Vec<String>> {
    let mut pushed = Vec::new();
    for image in &deploy.images {
        let PinnedBy::Step { step, repository } = &image.pinned else {
            continue;
        };
        let Some((layout, manifest)) = layouts.get(step) else {
            bail!("service {}: its step {step} was not built", image.service);
        };
        let destination = format!("{repository}@{manifest}");
        image_resolution::copy_layout(layout, &format!("docker://{destination}"))?;
        pushed.push(destination);
    }
    Ok(pushed)
}

/// Writes the deploy's app-compose.json below `out` (`dstack/<compose file's folder>/`).
pub fn write(out: &Path, deploy: &Deploy, deployed: &Deployed) -> Result<PathBuf> {
    let folder = Path::new(&deploy.compose_file)
        .parent()
        .unwrap_or(Path::new(""));
    let directory = out.join("dstack").join(folder);
    fs::create_dir_all(&directory)
        .with_context(|| format!("cannot create {}", directory.display()))?;
    let path = directory.join("app-compose.json");
    fs::write(&path, &deployed.app_compose)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}
