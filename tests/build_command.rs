//! `plumb build --dry-run`: a plan checked against itself and the files it was made from
//! before anything runs (a tampered plan, an edited context file, a path or a link leading
//! outside the plan's directory, each refused and said), and its steps shown as they would
//! run.

use plumb_tests::plumb::workspace_root;
use serde_json::Value;
use std::fs;
use std::path::Path;

plumb_tests::use_plumb_binary!();

/// A copy of the plan fixture project with its plan written beside it.
fn planned_project() -> tempfile::TempDir {
    let directory = tempfile::tempdir().unwrap();
    let project = workspace_root().join("tests/fixtures/plan/project");
    for file in ["Dockerfile", "plumb.lock", "src/a.txt"] {
        let target = directory.path().join(file);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(project.join(file), target).unwrap();
    }
    fs::write(directory.path().join(".dockerignore"), "plan.json\n").unwrap();
    let run = plumb(
        directory.path(),
        &[
            "plan",
            "--source-date-epoch",
            "0",
            "--secret",
            "token",
            "-o",
            "plan.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    directory
}

fn read_plan(directory: &Path) -> Value {
    serde_json::from_slice(&fs::read(directory.join("plan.json")).unwrap()).unwrap()
}

/// Writes `plan` with its id made right again, so that only what it points at is checked.
fn write_resealed(directory: &Path, mut plan: Value) {
    let core = plumb_core::canonical_json::to_vec(&plan["core"]).unwrap();
    plan["plan_id"] = plumb_core::digest::sha256(&core).into();
    fs::write(directory.join("plan.json"), plan.to_string()).unwrap();
}

#[test]
fn a_matching_plan_is_shown_step_by_step() {
    let project = planned_project();
    let plan = read_plan(project.path());
    // From another directory: the plan's paths are relative to the plan file's.
    let shown = plumb(
        &workspace_root(),
        &[
            "build",
            project.path().join("plan.json").to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let id = plan["plan_id"].as_str().unwrap();
    let step = &plan["core"]["steps"][0];
    assert!(
        shown.stdout.contains(&format!("checked plan {id}"))
            && shown.stdout.contains(&format!(
                "step {} ({})",
                step["name"].as_str().unwrap(),
                step["id"].as_str().unwrap()
            ))
            && shown.stdout.contains("  network: host")
            && shown
                .stdout
                .contains("  reads: file path=Dockerfile sha256=sha256:")
            && shown.stdout.contains("  env: SOURCE_DATE_EPOCH=0")
            && shown.stdout.contains(
                "  runs: buildah build --file Dockerfile --platform linux/amd64 --timestamp 0"
            ),
        "{}",
        shown.stdout
    );
    // Without --dry-run nothing runs, and it says so.
    let refused = plumb(project.path(), &["build", "plan.json"]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("--dry-run"), "{}", refused.stderr);
}

#[test]
fn drift_is_listed_and_refused() {
    let project = planned_project();
    let original = read_plan(project.path());

    // A tampered plan: its id no longer covers its core.
    let mut tampered = original.clone();
    tampered["core"]["intent"]["build_args"]["EXTRA"] = "1".into();
    fs::write(project.path().join("plan.json"), tampered.to_string()).unwrap();
    let edited = plumb(project.path(), &["build", "plan.json", "--dry-run"]);
    assert_eq!(edited.code, 1, "{}", edited.stderr);
    assert!(
        edited
            .stderr
            .contains("the plan was edited after it was made"),
        "{}",
        edited.stderr
    );

    // An edited context file and an edited Dockerfile: both listed.
    write_resealed(project.path(), original.clone());
    fs::write(project.path().join("src/a.txt"), "changed\n").unwrap();
    fs::write(project.path().join("Dockerfile"), "FROM scratch\n").unwrap();
    let drifted = plumb(project.path(), &["build", "plan.json", "--dry-run"]);
    assert_eq!(drifted.code, 1, "{}", drifted.stderr);
    assert!(
        drifted.stderr.contains("Dockerfile: sha256 sha256:")
            && drifted.stderr.contains("context .: tree sha256:")
            && drifted
                .stderr
                .contains("(a file below it was added, removed or changed)"),
        "{}",
        drifted.stderr
    );
}

#[test]
fn paths_and_links_out_of_the_plan_directory_are_refused() {
    let project = planned_project();
    let original = read_plan(project.path());
    for path in ["../outside", "/etc/passwd"] {
        let mut plan = original.clone();
        plan["core"]["intent"]["files"][0]["path"] = path.into();
        write_resealed(project.path(), plan);
        let run = plumb(project.path(), &["build", "plan.json", "--dry-run"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "the path \"{path}\" is not inside the plan's directory"
            )),
            "{}",
            run.stderr
        );
    }
    write_resealed(project.path(), original);
    std::os::unix::fs::symlink("/etc", project.path().join("src/etc")).unwrap();
    let linked = plumb(project.path(), &["build", "plan.json", "--dry-run"]);
    assert_eq!(linked.code, 1, "{}", linked.stderr);
    assert!(
        linked
            .stderr
            .contains("src/etc is a link to /etc, outside the context"),
        "{}",
        linked.stderr
    );
}
