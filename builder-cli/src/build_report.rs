//! What a `plumb build` run leaves beside its results, never inside what `plumb verify`
//! compares: `report.json` (the plan, the tools, each step's image digests, whether it was
//! built or reused, how long it took) and `provenance.json`, an in-toto Statement v1 with a
//! SLSA Provenance v1 predicate (docs/provenance.md): the images as subjects, the plan's
//! digest as the external parameter, everything the plan pins as resolved dependencies.

use crate::executor::StepResult;
use crate::json_text::text;
use crate::plan_inputs::PlanFile;
use anyhow::{Context as _, Result};
use serde_json::{Value, json};
use std::fs;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// The build type the provenance names (docs/provenance.md defines it); its builder is
/// `urn:plumb:builder:<backend>`.
pub const BUILD_TYPE: &str = "urn:plumb:build-type:plan:v1";

/// One step's run.
pub struct StepRun<'a> {
    pub step: &'a Value,
    pub result: StepResult,
}

/// Writes `report.json` and `provenance.json` into `out`.
pub fn write(
    out: &Path,
    plan: &PlanFile,
    builder: (&str, &str),
    runs: &[StepRun<'_>],
    started: SystemTime,
) -> Result<()> {
    let finished = SystemTime::now();
    let (backend, version) = builder;
    let tools = json!({ backend: version, "plumb": env!("CARGO_PKG_VERSION") });
    let steps: Vec<Value> = runs
        .iter()
        .map(|run| {
            json!({
                "id": run.step["id"],
                "name": run.step["name"],
                "built": run.result.built,
                "seconds": (run.result.seconds * 1000.0).round() / 1000.0,
                "manifest": run.result.image.manifest_digest,
                "image": run.result.image.digests(),
            })
        })
        .collect();
    let report = json!({
        "plan_id": plan.json["plan_id"],
        "started": rfc3339(started),
        "finished": rfc3339(finished),
        "tools": tools,
        "steps": steps,
    });
    let builder_id = format!("urn:plumb:builder:{backend}");
    let provenance = provenance(plan, runs, (&builder_id, &tools), started, finished);
    fs::create_dir_all(out)?;
    for (name, value) in [("report.json", report), ("provenance.json", provenance)] {
        let path = out.join(name);
        fs::write(&path, format!("{value:#}\n"))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn provenance(
    plan: &PlanFile,
    runs: &[StepRun<'_>],
    (builder_id, tools): (&str, &Value),
    started: SystemTime,
    finished: SystemTime,
) -> Value {
    let core = &plan.json["core"];
    let subjects: Vec<Value> = runs
        .iter()
        .map(|run| {
            let name = core["outputs"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|output| output["step"] == run.step["id"])
                .map_or(&run.step["name"], |output| &output["name"]);
            json!({ "name": name, "digest": digest_set(&run.result.image.manifest_digest) })
        })
        .collect();
    let mut dependencies: Vec<Value> = runs
        .iter()
        .flat_map(|run| run.step["inputs"].as_array().into_iter().flatten())
        .filter_map(dependency)
        .collect();
    dependencies.sort_by_key(Value::to_string);
    dependencies.dedup();
    json!({
        "_type": "https://in-toto.io/Statement/v1",
        "subject": subjects,
        "predicateType": "https://slsa.dev/provenance/v1",
        "predicate": {
            "buildDefinition": {
                "buildType": BUILD_TYPE,
                "externalParameters": {
                    "plan": { "digest": digest_set(text(&plan.json["plan_id"])) },
                },
                "internalParameters": {
                    "source_date_epoch": core["time"]["source_date_epoch"],
                    "builder": core["toolchain"]["builder"],
                },
                "resolvedDependencies": dependencies,
            },
            "runDetails": {
                "builder": { "id": builder_id, "version": tools },
                "metadata": { "startedOn": rfc3339(started), "finishedOn": rfc3339(finished) },
            },
        },
    })
}

/// A step input as a resource descriptor: what the build retrieved, by digest.
fn dependency(input: &Value) -> Option<Value> {
    let text = |key: &str| text(&input[key]);
    Some(match text("kind") {
        "file" => json!({ "name": text("path"), "digest": digest_set(text("sha256")) }),
        "context" | "named-context" => json!({
            "name": text("path"),
            "digest": digest_set(text("tree")),
            "annotations": { "plumb.tree": "the context tree digest (docs/plan-format.md)" },
        }),
        "image" if text("digest") != "unpinned" => {
            json!({ "name": text("reference"), "digest": digest_set(text("digest")) })
        }
        "download" => json!({ "uri": text("url"), "digest": digest_set(text("sha256")) }),
        "git" => {
            json!({ "uri": format!("git+{}", text("url")), "digest": { "gitCommit": text("commit") } })
        }
        _ => return None,
    })
}

/// `sha256:<hex>` as an in-toto digest set.
fn digest_set(digest: &str) -> Value {
    match digest.split_once(':') {
        Some((algorithm, hex)) => json!({ algorithm: hex }),
        None => json!({}),
    }
}

/// `time` as RFC 3339 in UTC, to the second, as the images' configs write it.
fn rfc3339(time: SystemTime) -> String {
    plumb_oci::rfc3339_utc(
        time.duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn times_are_rfc_3339() {
        let at = |seconds| rfc3339(UNIX_EPOCH + Duration::from_secs(seconds));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_796_220_309), "2026-12-02T14:05:09Z");
    }
}
