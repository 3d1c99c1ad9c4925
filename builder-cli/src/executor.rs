//! Running a checked plan's image steps with buildah (or, for a buildx plan, the exact
//! `docker buildx build` argv it holds): the tool's version first, then every
//! image the plan pins from the local container storage found there at its pinned digest,
//! then each step in the plan's order through its state directory (`step_state.rs`), the
//! images it pulls from a registry first copied into the local storage by digest. A step's result
//! is the OCI image layout of the archive buildah wrote, with its manifest and config
//! digests and layers in `result.json`, and buildah's output in `step.log`.

use crate::image_diff::LayoutImage;
use crate::image_resolution;
use crate::json_text::text;
use crate::plan_inputs::PlanFile;
use crate::step_state::StepState;
use anyhow::{Context as _, Result, bail};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

/// What a step left.
pub struct StepResult {
    /// Its image: the OCI layout in the step's finished directory.
    pub image: LayoutImage,
    /// Whether this run built it (else it was reused from the state directory).
    pub built: bool,
    /// How long this run took over it.
    pub seconds: f64,
}

/// The backend the plan is for, `buildah` or `buildx`: the key of its steps' invocations.
pub fn backend(plan: &PlanFile) -> &str {
    text(&plan.json["core"]["toolchain"]["builder"]["name"])
}

/// Refuses a builder of another version than the plan's (or none); the version found
/// (`1.28.2`, `0.13.1`).
pub fn preflight(plan: &PlanFile) -> Result<String> {
    let version = text(&plan.json["core"]["toolchain"]["builder"]["version"]);
    let (program, arguments, word, package): (&str, &[&str], usize, &str) = match backend(plan) {
        "buildah" => ("buildah", &["--version"], 2, "Debian package buildah"),
        "buildx" => (
            "docker",
            &["buildx", "version"],
            1,
            "Docker with its buildx plugin",
        ),
        other => bail!("the plan is for {other}, which plumb cannot run"),
    };
    let output = Command::new(program)
        .args(arguments)
        .output()
        .with_context(|| format!("cannot run {program} ({package})"))?;
    let said = String::from_utf8_lossy(&output.stdout);
    let found = said
        .split_whitespace()
        .nth(word)
        .unwrap_or_default()
        .trim_start_matches('v');
    if found != version && !found.starts_with(&format!("{version}.")) {
        bail!(
            "the plan needs {} {version}, this machine has {}",
            backend(plan),
            said.trim()
        );
    }
    Ok(found.to_owned())
}

/// Every image the plan pins from the local container storage must be there at its pinned
/// digest, where `--pull=never` builds find it (those from a registry are fetched by digest
/// before each step, [`fetch_images`]).
pub fn check_images(plan: &PlanFile) -> Result<()> {
    let images = plan.json["core"]["lock"]["images"].as_object();
    let mut moved = Vec::new();
    for (reference, pinned) in images.into_iter().flatten() {
        if text(&pinned["source"]) != "containers-storage" {
            continue;
        }
        if backend(plan) != "buildah" {
            bail!(
                "{reference} is pinned from the local container storage, which BuildKit cannot read: lock it from its registry"
            );
        }
        let found = image_resolution::stored_digest(reference)
            .with_context(|| format!("{reference} is not in the local container storage"))?;
        if found != text(&pinned["digest"]) {
            moved.push(format!(
                "{reference}: the plan pins {}, the local storage has {found}",
                text(&pinned["digest"])
            ));
        }
    }
    if !moved.is_empty() {
        bail!(
            "images moved since the plan was made:\n  {}",
            moved.join("\n  ")
        );
    }
    Ok(())
}

/// Puts each image `step` pulls from a registry into the local container storage, by the
/// digest the plan pins for the step's platform, under the name the Dockerfile uses.
pub fn fetch_images(plan: &PlanFile, step: &Value) -> Result<()> {
    // BuildKit pulls them itself, by the digests its named contexts give.
    if backend(plan) != "buildah" {
        return Ok(());
    }
    let images = &plan.json["core"]["lock"]["images"];
    for input in step["inputs"].as_array().into_iter().flatten() {
        let reference = text(&input["reference"]);
        if input["kind"] != "image" || text(&images[reference]["source"]) != "registry" {
            continue;
        }
        image_resolution::copy_to_storage(reference, text(&input["digest"]))?;
    }
    Ok(())
}

/// Runs `step` (its state below `state`), or reuses its finished result.
pub fn run_step(
    plan: &PlanFile,
    step: &Value,
    state: &Path,
    secrets: &BTreeMap<String, PathBuf>,
) -> Result<StepResult> {
    let name = text(&step["name"]);
    let started = std::time::Instant::now();
    let place = StepState::new(state, text(&step["id"]));
    if let Some(finished) = place.finished() {
        return Ok(StepResult {
            image: LayoutImage::read(&finished.join("image"))?,
            built: false,
            seconds: started.elapsed().as_secs_f64(),
        });
    }
    let backend = backend(plan);
    let invocation = &step["run"][backend];
    let words = words(invocation);
    fetch_images(plan, step)?;
    let partial = fs::canonicalize(place.begin()?)?;
    let argv: Vec<String> = words
        .iter()
        .map(|word| filled(word, &partial, secrets))
        .collect::<Result<_>>()?;
    let Some((program, arguments)) = argv.split_first() else {
        bail!("step {name} has no {backend} command");
    };
    let log_path = partial.join("step.log");
    let env: Vec<(&String, &str)> = invocation["env"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(key, value)| (key, text(value)))
        .collect();
    let mut status = run_builder(program, arguments, &env, &plan.root, &log_path)?;
    let said = || fs::read_to_string(&log_path).unwrap_or_default();
    if !status.success()
        && TRANSIENT_FAILURES
            .iter()
            .any(|failure| said().contains(failure))
    {
        // The builder failed before it built anything; its first attempt's log is kept.
        fs::rename(&log_path, partial.join("step.first-attempt.log"))?;
        eprintln!(
            "step {name}: the builder failed to start its build stage (a transient error), running it again"
        );
        status = run_builder(program, arguments, &env, &plan.root, &log_path)?;
    }
    if !status.success() {
        let said = said();
        let tail: Vec<&str> = said.lines().rev().take(10).collect();
        bail!(
            "step {name} failed ({status}); the end of {}:\n{}",
            log_path.display(),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
    let archive = partial.join("image.tar");
    let layout = partial.join("image");
    tar::Archive::new(fs::File::open(&archive)?)
        .unpack(&layout)
        .with_context(|| format!("cannot unpack {}", archive.display()))?;
    // The archive's own entries carry the time of writing: the layout is the result.
    fs::remove_file(&archive)?;
    let image = LayoutImage::read(&layout)?;
    let result = json!({
        "step": text(&step["id"]),
        "name": name,
        "manifest": image.manifest_digest,
        "image": image.digests(),
    });
    fs::write(partial.join("result.json"), format!("{result:#}\n"))?;
    let finished = place.finish()?;
    Ok(StepResult {
        // Read where it now is, so that its path stays right.
        image: LayoutImage::read(&finished.join("image"))?,
        built: true,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// What buildah says when it fails for a reason of the moment rather than the build: its
/// re-exec into a new namespace copies its own binary to a memfd, and sealing that copy can
/// fail with EBUSY while the kernel still holds references to the pages just written.
const TRANSIENT_FAILURES: [&str; 1] = ["sealing memfd copy: Device or resource busy"];

/// Runs the builder with its output in `log_path`. The builder dies with plumb (util-linux's
/// setpriv sets its parent-death signal): a killed plumb leaves no build writing into a
/// directory the next run removes.
fn run_builder(
    program: &str,
    arguments: &[String],
    env: &[(&String, &str)],
    root: &Path,
    log_path: &Path,
) -> Result<ExitStatus> {
    let log = fs::File::create(log_path)?;
    Command::new("setpriv")
        .args(["--pdeathsig", "KILL", "--"])
        .arg(program)
        .args(arguments)
        .current_dir(root)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .status()
        .with_context(|| {
            format!("cannot run {program} through setpriv (Debian package util-linux)")
        })
}

/// Refuses a plan with a step whose command is not its backend's build: a plan's id proves
/// only that nothing changed since it was made, not who made it, so it runs its builder and
/// nothing else.
pub fn check_commands(plan: &PlanFile) -> Result<()> {
    let backend = backend(plan);
    let builder: &[&str] = match backend {
        "buildah" => &["buildah", "build"],
        _ => &["docker", "buildx", "build"],
    };
    for step in plan.json["core"]["steps"].as_array().into_iter().flatten() {
        let words = words(&step["run"][backend]);
        let runs_builder = words.len() > builder.len()
            && words
                .iter()
                .zip(builder)
                .all(|(word, expected)| word == expected);
        if !runs_builder {
            bail!(
                "step {} does not run `{}`: plumb runs a plan's builder only",
                text(&step["name"]),
                builder.join(" ")
            );
        }
    }
    Ok(())
}

/// An invocation's argv, as written in the plan.
fn words(invocation: &Value) -> Vec<&str> {
    invocation["argv"]
        .as_array()
        .into_iter()
        .flatten()
        .map(text)
        .collect()
}

/// An argv word with the executor's placeholders filled in: `{out}` the step's directory,
/// `{secret:ID}` the file given for that secret.
fn filled(word: &str, out: &Path, secrets: &BTreeMap<String, PathBuf>) -> Result<String> {
    let mut word = word.replace("{out}", &out.to_string_lossy());
    while let Some(start) = word.find("{secret:") {
        let Some(length) = word[start..].find('}') else {
            break;
        };
        let id = &word[start + "{secret:".len()..start + length];
        let Some(path) = secrets.get(id) else {
            bail!("the plan's build needs the secret {id}: give it with --secret {id}=FILE");
        };
        let path = fs::canonicalize(path)
            .with_context(|| format!("cannot read the secret {id} at {}", path.display()))?;
        word.replace_range(start..=start + length, &path.to_string_lossy());
    }
    Ok(word)
}
