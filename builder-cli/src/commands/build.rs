//! `plumb build PLAN`: the plan checked against itself and the files it was made from
//! (`plan_inputs.rs`), then run with buildah (`executor.rs`), each step's result an OCI image
//! layout in the state directory. With `--dry-run` every step is shown as it would run
//! instead: what it reads, whether it gets a network, the exact command and environment.
//! Someone else's plan is read this way before anything of it runs.

use crate::build_report::{self, StepRun};
use crate::cli::BuildArgs;
use crate::commands::dstack::write_lines;
use crate::executor;
use crate::image_resolution;
use crate::json_text::text;
use crate::plan_inputs::PlanFile;
use crate::progress;
use crate::style::Style;
use anyhow::{Result, bail};
use plumb_core::plan::model::PinnedBy;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(arguments: &BuildArgs) -> Result<ExitCode> {
    let Some(plan) = checked_plan(&arguments.plan)? else {
        return Ok(ExitCode::from(1));
    };
    if arguments.dry_run {
        show(&plan)?;
        return Ok(ExitCode::SUCCESS);
    }
    build(plan, arguments)
}

/// The plan at `path` if it matches what it describes; else `None`, each difference said.
pub fn checked_plan(path: &Path) -> Result<Option<PlanFile>> {
    let plan = PlanFile::read(path)?;
    let drift = plan.drift()?;
    if drift.is_empty() {
        return Ok(Some(plan));
    }
    eprintln!(
        "{}: {} does not match what it describes:",
        Style::stderr().error("error"),
        path.display()
    );
    for difference in &drift {
        eprintln!("  {difference}");
    }
    Ok(None)
}

/// Runs every step, or reuses what an earlier run finished; then records the images'
/// digests in the plan (`--record`), or compares them with those recorded there.
fn build(mut plan: PlanFile, arguments: &BuildArgs) -> Result<ExitCode> {
    let style = Style::stderr();
    let started = std::time::SystemTime::now();
    executor::check_commands(&plan)?;
    let version = executor::preflight(&plan)?;
    executor::check_images(&plan)?;
    let secrets = arguments.secrets.iter().cloned().collect();
    let mut manifests = Vec::new();
    let mut runs = Vec::new();
    let mut mismatches = 0;
    let steps = plan.json["core"]["steps"].clone();
    for step in steps.as_array().into_iter().flatten() {
        let name = text(&step["name"]);
        eprintln!("{} {name}", style.done("building"));
        let result = progress::spinning(&format!("building {name}"), || {
            executor::run_step(&plan, step, &arguments.out, &secrets)
        })?;
        let done = if result.built { "built" } else { "reused" };
        eprintln!(
            "{} {name}: manifest {}",
            style.done(done),
            result.image.manifest_digest
        );
        match plan.expected(text(&step["id"])) {
            Some(expected) if arguments.record => {
                eprintln!("  (replacing the recorded {expected})");
            }
            Some(expected) if expected == result.image.manifest_digest => {
                eprintln!(
                    "{} {name}: the manifest the plan records",
                    style.done("match")
                );
            }
            Some(expected) => {
                mismatches += 1;
                eprintln!(
                    "{} {name}: the plan records {expected}",
                    style.error("no match")
                );
            }
            None => {}
        }
        manifests.push((
            text(&step["id"]).to_owned(),
            result.image.manifest_digest.clone(),
        ));
        runs.push(StepRun { step, result });
    }
    let builder = (executor::backend(&plan), version.as_str());
    build_report::write(&arguments.out, &plan, builder, &runs, started)?;
    deliver(&runs, arguments)?;
    let hashes = deploy(&plan, &runs, arguments, &mut mismatches)?;
    eprintln!(
        "{} the images are OCI layouts in {}; report.json and provenance.json beside them",
        style.done("done"),
        arguments.out.join("steps").display()
    );
    if arguments.record {
        plan.record(&arguments.plan, &manifests, &hashes)?;
        eprintln!(
            "{} {} digests in {} (its plan id is the same)",
            style.done("recorded"),
            manifests.len() + hashes.len(),
            arguments.plan.display()
        );
    }
    Ok(if mismatches == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Runs the plan's deploys: pushes the images each builds, writes its app-compose.json and
/// says what dstack will measure; compares the compose-hash with the one the plan records.
/// Each deploy's compose-hash, by the name the plan records it under.
fn deploy(
    plan: &PlanFile,
    runs: &[StepRun<'_>],
    arguments: &BuildArgs,
    mismatches: &mut usize,
) -> Result<Vec<(String, String)>> {
    let style = Style::stderr();
    let layouts: BTreeMap<String, (PathBuf, String)> = runs
        .iter()
        .map(|run| {
            let image = &run.result.image;
            let layout = (image.path().to_path_buf(), image.manifest_digest.clone());
            (text(&run.step["id"]).to_owned(), layout)
        })
        .collect();
    let manifests = layouts
        .iter()
        .map(|(step, (_, manifest))| (step.clone(), manifest.clone()))
        .collect();
    let mut hashes = Vec::new();
    for deploy in crate::deploy::deploys(plan)? {
        // Written first: an image nothing pins stops the deploy before anything is pushed.
        let deployed = crate::deploy::app_compose(plan, &deploy, &manifests)?;
        for pushed in crate::deploy::push(&deploy, &layouts)? {
            eprintln!("{} {pushed}", style.done("pushed"));
        }
        let path = crate::deploy::write(&arguments.out, &deploy, &deployed)?;
        eprintln!("{} {}", style.done("wrote"), path.display());
        write_lines(&deployed.measurement.lines(), &mut std::io::stderr().lock())?;
        let name = crate::deploy::expected_name(&deploy);
        let hash = plumb_core::hex::encode(&deployed.measurement.compose_hash);
        match plan.json["expected"][&name].as_str() {
            Some(expected) if arguments.record => {
                eprintln!("  (replacing the recorded {expected})");
            }
            Some(expected) if expected == hash => eprintln!(
                "{} {name}: the compose-hash the plan records",
                style.done("match")
            ),
            Some(expected) => {
                *mismatches += 1;
                eprintln!(
                    "{} {name}: the plan records compose-hash {expected}",
                    style.error("no match")
                );
            }
            None => {}
        }
        hashes.push((name, hash));
    }
    Ok(hashes)
}

/// Pushes each image by digest (`--push`), or loads the one image into the local storage
/// (`--load`).
fn deliver(runs: &[StepRun<'_>], arguments: &BuildArgs) -> Result<()> {
    let style = Style::stderr();
    if let Some(repository) = &arguments.push {
        for run in runs {
            let destination = format!("{repository}@{}", run.result.image.manifest_digest);
            image_resolution::copy_layout(
                run.result.image.path(),
                &format!("docker://{destination}"),
            )?;
            eprintln!("{} {destination}", style.done("pushed"));
        }
    }
    if let Some(name) = &arguments.load {
        let [run] = runs else {
            bail!(
                "--load takes a plan of one step; this one has {}",
                runs.len()
            );
        };
        image_resolution::copy_layout(
            run.result.image.path(),
            &format!("containers-storage:{name}"),
        )?;
        eprintln!(
            "{} {name} ({})",
            style.done("loaded"),
            run.result.image.manifest_digest
        );
    }
    Ok(())
}

/// Prints the checked plan's steps and deploys as they would run.
fn show(plan: &PlanFile) -> Result<()> {
    let style = Style::stdout();
    let core = &plan.json["core"];
    println!(
        "{} plan {} in {}: its id, files and contexts match",
        style.done("checked"),
        text(&plan.json["plan_id"]),
        plan.root.display()
    );
    let builder = &core["toolchain"]["builder"];
    println!(
        "builder {} {}, SOURCE_DATE_EPOCH {} ({})",
        text(&builder["name"]),
        text(&builder["version"]),
        core["time"]["source_date_epoch"],
        text(&core["time"]["from"])
    );
    let backend = text(&builder["name"]);
    for step in core["steps"].as_array().into_iter().flatten() {
        println!(
            "\nstep {} ({})\n  network: {}",
            text(&step["name"]),
            text(&step["id"]),
            text(&step["network"])
        );
        for input in step["inputs"].as_array().into_iter().flatten() {
            println!("  reads: {}", describe_input(input));
        }
        let invocation = &step["run"][backend];
        if let Some(env) = invocation["env"].as_object() {
            for (name, value) in env {
                println!("  env: {name}={}", text(value));
            }
        }
        let argv: Vec<String> = invocation["argv"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|word| shell_word(text(word)))
            .collect();
        println!("  runs: {}", argv.join(" "));
    }
    for deploy in crate::deploy::deploys(plan)? {
        println!(
            "\ndeploy {} to {} (app-compose.json {}, name {})",
            deploy.compose_file, deploy.target, deploy.style, deploy.settings.name
        );
        for image in &deploy.images {
            let pinned = match &image.pinned {
                PinnedBy::Step { step, repository } => {
                    format!("built by step {step}, pushed as {repository}@<its manifest>")
                }
                PinnedBy::Image { reference, digest } => format!("{reference}@{digest}"),
            };
            println!("  service {}: {pinned}", image.service);
        }
    }
    Ok(())
}

/// One input as a line: its kind, what it names and the digest that pins it.
fn describe_input(input: &Value) -> String {
    let fields: Vec<String> = input
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(key, _)| *key != "kind")
        .map(|(key, value)| format!("{key}={}", text(value)))
        .collect();
    format!("{} {}", text(&input["kind"]), fields.join(" "))
}

/// `word` as a POSIX shell reads it back: quoted unless it is plain.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-_./:=@%+,{}".contains(&byte));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}
