//! `plumb verify PLAN`: the plan checked as `plumb build` checks it, then every step built
//! twice, each time from a fresh state without anything reused, and the two images compared
//! (`image_diff.rs`): the same manifest is a match; anything else is explained, layer by
//! layer and file by file. A plan with recorded digests (`plumb build --record`) is also
//! compared with them.

use crate::cli::VerifyArgs;
use crate::commands::build::checked_plan;
use crate::executor;
use crate::image_diff::differences;
use crate::json_text::text;
use crate::plan_inputs::PlanFile;
use crate::progress;
use crate::style::Style;
use anyhow::{Context as _, Result};
use plumb_core::dockerfile::parse_document;
use plumb_core::options::Options;
use plumb_core::source::SourceFile;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::process::ExitCode;

pub fn run(arguments: &VerifyArgs) -> Result<ExitCode> {
    let Some(plan) = checked_plan(&arguments.plan)? else {
        return Ok(ExitCode::from(1));
    };
    executor::check_commands(&plan)?;
    executor::preflight(&plan)?;
    executor::check_images(&plan)?;
    let style = Style::stderr();
    let secrets: BTreeMap<_, _> = arguments.secrets.iter().cloned().collect();
    let mut mismatches = 0;
    // Each build's manifest digests by step id, for the deploys.
    let mut manifests = [BTreeMap::new(), BTreeMap::new()];
    for step in plan.json["core"]["steps"].as_array().into_iter().flatten() {
        let name = text(&step["name"]);
        let id = text(&step["id"]);
        let mut images = Vec::new();
        for build in ["first", "second"] {
            // A fresh state each time: nothing of an earlier build is reused.
            let state = arguments.out.join("verify").join(build);
            if state.exists() {
                fs::remove_dir_all(&state)
                    .with_context(|| format!("cannot empty {}", state.display()))?;
            }
            eprintln!("{} {name} ({build} build)", style.done("building"));
            let built = progress::spinning(&format!("building {name} ({build} build)"), || {
                executor::run_step(&plan, step, &state, &secrets)
            })?;
            images.push(built.image);
        }
        for (built, image) in manifests.iter_mut().zip(&images) {
            built.insert(id.to_owned(), image.manifest_digest.clone());
        }
        let found = differences(&images[0], &images[1], &stage_lines(&plan, step))?;
        let manifest = &images[0].manifest_digest;
        match plan.expected(id) {
            Some(expected) if expected != manifest => {
                mismatches += 1;
                println!(
                    "{} {name}: built {manifest}, the plan records {expected}",
                    style.error("no match")
                );
            }
            Some(_) => println!(
                "{} {name}: the manifest the plan records",
                style.done("match")
            ),
            None => {}
        }
        if found.is_empty() {
            println!(
                "{} {name}: both builds are manifest {manifest}",
                style.done("match")
            );
        } else {
            mismatches += 1;
            println!("{} {name}: the two builds differ:", style.error("no match"));
            for difference in found {
                println!("  {difference}");
            }
        }
    }
    mismatches += verify_deploys(&plan, &manifests)?;
    Ok(if mismatches == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Each deploy's app-compose.json written from either build's images: the same bytes are a
/// match, and so is the compose-hash the plan records. The number of mismatches.
fn verify_deploys(plan: &PlanFile, manifests: &[BTreeMap<String, String>; 2]) -> Result<usize> {
    let style = Style::stderr();
    let mut mismatches = 0;
    for deploy in crate::deploy::deploys(plan)? {
        let name = crate::deploy::expected_name(&deploy);
        let first = crate::deploy::app_compose(plan, &deploy, &manifests[0])?;
        let second = crate::deploy::app_compose(plan, &deploy, &manifests[1])?;
        let hash = plumb_core::hex::encode(&first.measurement.compose_hash);
        if first.app_compose == second.app_compose {
            println!(
                "{} {name}: both builds give compose-hash {hash}",
                style.done("match")
            );
        } else {
            mismatches += 1;
            println!(
                "{} {name}: compose-hash {hash} from the first build, {} from the second",
                style.error("no match"),
                plumb_core::hex::encode(&second.measurement.compose_hash)
            );
        }
        match plan.json["expected"][&name].as_str() {
            Some(expected) if expected != hash => {
                mismatches += 1;
                println!(
                    "{} {name}: the plan records compose-hash {expected}",
                    style.error("no match")
                );
            }
            Some(_) => println!(
                "{} {name}: the compose-hash the plan records",
                style.done("match")
            ),
            None => {}
        }
    }
    Ok(mismatches)
}

/// Where in its Dockerfile the stage a step builds is: "Dockerfile lines 4–6 (stage app)".
fn stage_lines(plan: &PlanFile, step: &Value) -> String {
    let name = text(&step["name"]);
    let target = plan.json["core"]["intent"]["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|target| {
            // A compose service's step is named after the service.
            let written = match target.get("compose") {
                Some(compose) => {
                    format!("{}:{} ", text(&compose["file"]), text(&compose["service"]))
                }
                None => format!(
                    "{}:{} ",
                    text(&target["dockerfile"]),
                    text(&target["stage"])
                ),
            };
            name.starts_with(&written)
        });
    let Some(target) = target else {
        return format!("the instructions of {name}");
    };
    let dockerfile = text(&target["dockerfile"]);
    let stage = text(&target["stage"]);
    let text = plan
        .inside(dockerfile)
        .ok()
        .and_then(|path| fs::read_to_string(path).ok())
        .unwrap_or_default();
    let file = SourceFile::new(dockerfile, text.as_str());
    let (document, _) = parse_document(&file, &Options::default(), None);
    let stages = &document.resolution.stages;
    let index = stages.iter().position(|resolved| {
        resolved.name.as_deref() == Some(stage) || resolved.index.to_string() == stage
    });
    let Some(index) = index else {
        return format!("stage {stage} of {dockerfile}");
    };
    let first = stages[index].line;
    let last = match stages.get(index + 1) {
        Some(next) => next.line - 1,
        None => text.lines().count(),
    };
    format!("{dockerfile} lines {first}–{last} (stage {stage})")
}
