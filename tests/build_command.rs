//! `plumb build`: a plan checked against itself and the files it was made from before
//! anything runs (a tampered plan, an edited context file, a path or a link leading outside
//! the plan's directory, each refused and said), its steps shown as they would run
//! (`--dry-run`), and built for real with buildah from an image in the local container
//! storage: twice the same image, a finished step reused, an interrupted one redone, a moved
//! base image refused. The real builds need buildah, skopeo, busybox-static and root.

use plumb_tests::plumb::workspace_root;
use plumb_tests::registry;
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::Command;

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
    // A plan whose id was made right again over another command: it runs its builder only.
    let mut other = original.clone();
    let marker = project.path().join("ran");
    other["core"]["steps"][0]["run"]["buildah"]["argv"] =
        serde_json::json!(["sh", "-c", format!("touch {}", marker.display())]);
    write_resealed(project.path(), other);
    let refused = plumb(project.path(), &["build", "plan.json", "--out", "state"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("does not run `buildah build`: plumb runs a plan's builder only"),
        "{}",
        refused.stderr
    );
    assert!(!marker.exists());

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

/// plumb with buildah's storage settings for this machine: its exit status and its standard
/// error, then standard output.
fn plumb_with_storage(directory: &Path, arguments: &[&str]) -> (i32, String) {
    let output = Command::new(plumb_binary())
        .args(arguments)
        .current_dir(directory)
        .env("STORAGE_DRIVER", "vfs")
        .env("BUILDAH_ISOLATION", "chroot")
        .env("NO_COLOR", "1")
        .output()
        .expect("plumb runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    (output.status.code().unwrap_or(-1), said)
}

/// provenance.json read with in-toto's own Statement v1 and SLSA Provenance v1 definitions,
/// and report.json against docs/report.schema.json (tests/oracles/attestation_check.py,
/// in the test Python environment scripts/test sets up).
fn validate_attestations(out: &Path) {
    let python = std::env::var_os("PLUMB_TEST_PYTHON").map(std::path::PathBuf::from);
    if !plumb_tests::require(
        "PLUMB_TEST_PYTHON (with in-toto-attestation and jsonschema), set up by scripts/test",
        python.as_ref().is_some_and(|path| path.is_file()),
    ) {
        return;
    }
    let root = workspace_root();
    let checked = Command::new(python.unwrap())
        .arg(root.join("tests/oracles/attestation_check.py"))
        .arg(out.join("provenance.json"))
        .arg(out.join("report.json"))
        .arg(root.join("docs/report.schema.json"))
        .output()
        .expect("python runs");
    assert!(
        checked.status.success(),
        "{}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );
}

/// The manifest digest a finished step of `state` recorded.
fn built_manifest(state: &Path) -> String {
    let steps: Vec<_> = fs::read_dir(state.join("steps"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(steps.len(), 1, "{steps:?}");
    let layout = steps[0].join("image");
    assert!(layout.join("oci-layout").is_file() && layout.join("index.json").is_file());
    let result: Value =
        serde_json::from_slice(&fs::read(steps[0].join("result.json")).unwrap()).unwrap();
    result["manifest"].as_str().unwrap().to_owned()
}

#[test]
fn a_plan_is_built_with_buildah_reproducibly_and_resumed() {
    if !registry::required() {
        return;
    }
    let base = format!("localhost/plumb-test-build-{}:1", std::process::id());
    registry::build_busybox_image(&base, "amd64").unwrap();
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    fs::write(
        root.join("Dockerfile"),
        format!("FROM {base} AS build\nCOPY greeting.txt /greeting.txt\nRUN [\"/bin/busybox\", \"sh\", \"-c\", \"/bin/busybox tr a-z A-Z < /greeting.txt > /shout.txt\"]\nFROM scratch\nCOPY --from=build /shout.txt /shout.txt\n"),
    )
    .unwrap();
    fs::write(root.join("greeting.txt"), "hello\n").unwrap();
    fs::write(root.join(".dockerignore"), "*\n!greeting.txt\n").unwrap();
    let (code, said) = plumb_with_storage(root, &["lock", "--source", "containers-storage"]);
    assert_eq!(code, 0, "{said}");
    let (code, said) = plumb_with_storage(root, &["plan", "--locked", "-o", "plan.json"]);
    assert_eq!(code, 0, "{said}");

    let (code, said) = plumb_with_storage(root, &["build", "plan.json", "--out", "first"]);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("built Dockerfile:1 linux/amd64: manifest sha256:"),
        "{said}"
    );
    let manifest = built_manifest(&root.join("first"));

    // The run's report and provenance, beside the results.
    let provenance: Value =
        serde_json::from_slice(&fs::read(root.join("first/provenance.json")).unwrap()).unwrap();
    let plan = read_plan(root);
    assert_eq!(provenance["_type"], "https://in-toto.io/Statement/v1");
    assert_eq!(
        provenance["predicateType"],
        "https://slsa.dev/provenance/v1"
    );
    assert_eq!(
        provenance["subject"][0]["digest"]["sha256"],
        manifest.strip_prefix("sha256:").unwrap()
    );
    let definition = &provenance["predicate"]["buildDefinition"];
    assert_eq!(
        definition["externalParameters"]["plan"]["digest"]["sha256"],
        plan["plan_id"]
            .as_str()
            .unwrap()
            .strip_prefix("sha256:")
            .unwrap()
    );
    let locked = plan["core"]["lock"]["images"][&base]["digest"]
        .as_str()
        .unwrap();
    assert!(
        definition["resolvedDependencies"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({
                "name": base, "digest": { "sha256": locked.strip_prefix("sha256:").unwrap() }
            })),
        "{definition}"
    );
    let report: Value =
        serde_json::from_slice(&fs::read(root.join("first/report.json")).unwrap()).unwrap();
    assert_eq!(report["steps"][0]["manifest"], manifest.as_str());
    assert_eq!(report["steps"][0]["built"], true);
    validate_attestations(&root.join("first"));

    // Run again: nothing to do.
    let (code, said) = plumb_with_storage(root, &["build", "plan.json", "--out", "first"]);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("reused Dockerfile:1"), "{said}");

    // An interrupted step (its partial directory left behind) is discarded and redone.
    let steps = root.join("first/steps");
    let finished = fs::read_dir(&steps)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let partial = finished.with_extension("partial");
    fs::rename(&finished, &partial).unwrap();
    fs::write(partial.join("half-written"), "").unwrap();
    let (code, said) = plumb_with_storage(root, &["build", "plan.json", "--out", "first"]);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("built Dockerfile:1"), "{said}");
    assert!(!partial.exists() && !finished.join("half-written").exists());

    // Built again from nothing: the same image, to the manifest.
    assert_eq!(built_manifest(&root.join("first")), manifest);
    let (code, said) = plumb_with_storage(root, &["build", "plan.json", "--out", "second"]);
    assert_eq!(code, 0, "{said}");
    assert_eq!(built_manifest(&root.join("second")), manifest);

    // --record writes the digest into the plan, outside its core; a later build says match.
    let before = read_plan(root);
    let (code, said) = plumb_with_storage(root, &["build", "plan.json", "--record"]);
    assert_eq!(code, 0, "{said}");
    let recorded = read_plan(root);
    assert_eq!(recorded["plan_id"], before["plan_id"]);
    assert_eq!(recorded["core"], before["core"]);
    let output = recorded["core"]["outputs"][0]["name"].as_str().unwrap();
    assert_eq!(recorded["expected"][output], manifest.as_str());
    let (code, said) = plumb_with_storage(root, &["build", "plan.json", "--out", "again"]);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("match Dockerfile:1 linux/amd64: the manifest the plan records"),
        "{said}"
    );
    let mut wrong = recorded.clone();
    wrong["expected"][output] = format!("sha256:{}", "0".repeat(64)).into();
    fs::write(root.join("plan.json"), wrong.to_string()).unwrap();
    let (code, said) = plumb_with_storage(root, &["build", "plan.json", "--out", "again"]);
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("no match Dockerfile:1 linux/amd64: the plan records sha256:000"),
        "{said}"
    );
    fs::write(root.join("plan.json"), recorded.to_string()).unwrap();

    // plumb verify builds twice from nothing: a match.
    let (code, said) = plumb_with_storage(root, &["verify", "plan.json", "--out", "verified"]);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains(&format!(
            "match Dockerfile:1 linux/amd64: both builds are manifest {manifest}"
        )),
        "{said}"
    );

    // A build that writes something of its own each time: verify names the file and the
    // instruction that made its layer.
    let leaky = root.join("leaky");
    fs::create_dir(&leaky).unwrap();
    fs::write(leaky.join(".dockerignore"), "*\n").unwrap();
    fs::write(
        leaky.join("Dockerfile"),
        format!("FROM {base}\nRUN [\"/bin/busybox\", \"sh\", \"-c\", \"/bin/busybox cat /proc/sys/kernel/random/uuid > /build-id\"]\n"),
    )
    .unwrap();
    let (code, said) = plumb_with_storage(&leaky, &["lock", "--source", "containers-storage"]);
    assert_eq!(code, 0, "{said}");
    let (code, said) = plumb_with_storage(&leaky, &["plan", "-o", "plan.json"]);
    assert_eq!(code, 0, "{said}");
    let (code, said) = plumb_with_storage(&leaky, &["verify", "plan.json"]);
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("no match Dockerfile:0 linux/amd64: the two builds differ")
            && said.contains("layer 2 of 2, from Dockerfile lines 1–2 (stage 0) (its history: ")
            && said.contains("build-id: content sha256:"),
        "{said}"
    );

    // The base image moved in the storage since the plan was made: refused.
    registry::build_busybox_image(&base, "arm64").unwrap();
    let (code, said) = plumb_with_storage(root, &["build", "plan.json", "--out", "third"]);
    registry::remove_images(&[&base]);
    assert_eq!(code, 2, "{said}");
    assert!(
        said.contains("images moved since the plan was made") && said.contains(&base),
        "{said}"
    );
}

/// A registry on loopback serving a busybox image as `base:1`, built locally as
/// `localhost/plumb-test-<name>-<pid>:1` and removed from the local storage once pushed.
fn registry_serving_base(name: &str) -> registry::Registry {
    let registry = registry::Registry::start().expect("start docker-registry on loopback");
    let stored = format!("localhost/plumb-test-{name}-{}:1", std::process::id());
    registry::build_busybox_image(&stored, "amd64").unwrap();
    registry::push(&stored, &format!("{}/base:1", registry.address)).unwrap();
    registry::remove_images(&[&stored]);
    registry
}

/// A plan locked from a registry: its base is fetched into the local storage by the digest
/// the plan pins before the step runs; the image is pushed by its digest, unchanged, and
/// loaded into the local storage.
#[test]
fn registry_images_are_fetched_by_digest_and_results_pushed_and_loaded() {
    if !registry::required() {
        return;
    }
    let registry = registry_serving_base("fetch");
    let address = &registry.address;

    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    fs::write(
        root.join("Dockerfile"),
        format!("FROM {address}/base:1\nRUN [\"/bin/busybox\", \"mkdir\", \"/made\"]\n"),
    )
    .unwrap();
    fs::write(root.join(".dockerignore"), "*\n").unwrap();
    let (code, said) = plumb_with_storage(root, &["lock"]);
    assert_eq!(code, 0, "{said}");
    let (code, said) = plumb_with_storage(root, &["plan", "--locked", "-o", "plan.json"]);
    assert_eq!(code, 0, "{said}");
    let loaded = format!("localhost/plumb-test-loaded-{}:1", std::process::id());
    let (code, said) = plumb_with_storage(
        root,
        &[
            "build",
            "plan.json",
            "--push",
            &format!("{address}/built"),
            "--load",
            &loaded,
        ],
    );
    registry::remove_images(&[&format!("{address}/base:1"), &loaded]);
    assert_eq!(code, 0, "{said}");
    let manifest = built_manifest(&root.join("plumb-out"));
    assert!(
        said.contains(&format!("pushed {address}/built@{manifest}"))
            && said.contains(&format!("loaded {loaded} ({manifest})")),
        "{said}"
    );
    // The registry serves the very manifest built.
    assert_eq!(registry.digest("built", &manifest).unwrap(), manifest);
}

/// plumb killed (SIGKILL) in the middle of a step: the builder dies with it, and the next
/// run discards the interrupted step and does it again.
#[test]
fn a_build_killed_mid_step_is_redone() {
    if !registry::required() {
        return;
    }
    let base = format!("localhost/plumb-test-killed-{}:1", std::process::id());
    registry::build_busybox_image(&base, "amd64").unwrap();
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    fs::write(
        root.join("Dockerfile"),
        format!("FROM {base}\nRUN [\"/bin/busybox\", \"sleep\", \"3\"]\n"),
    )
    .unwrap();
    fs::write(root.join(".dockerignore"), "*\n").unwrap();
    let (code, said) = plumb_with_storage(root, &["lock", "--source", "containers-storage"]);
    assert_eq!(code, 0, "{said}");
    let (code, said) = plumb_with_storage(root, &["plan", "-o", "plan.json"]);
    assert_eq!(code, 0, "{said}");

    let mut running = Command::new(plumb_binary())
        .args(["build", "plan.json"])
        .current_dir(root)
        .env("STORAGE_DRIVER", "vfs")
        .env("BUILDAH_ISOLATION", "chroot")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let steps = root.join("plumb-out/steps");
    let started = std::time::Instant::now();
    let partial = loop {
        let found = fs::read_dir(&steps).ok().and_then(|entries| {
            entries.map(|entry| entry.unwrap().path()).find(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "partial")
            })
        });
        if let Some(partial) = found {
            break partial;
        }
        assert!(started.elapsed().as_secs() < 30, "the step never started");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    std::thread::sleep(std::time::Duration::from_secs(1));
    running.kill().unwrap();
    running.wait().unwrap();
    assert!(partial.is_dir() && !partial.with_extension("").exists());

    let (code, said) = plumb_with_storage(root, &["build", "plan.json"]);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("built Dockerfile:0 linux/amd64"), "{said}");
    assert!(
        !partial.exists()
            && partial
                .with_extension("")
                .join("image/index.json")
                .is_file()
    );
    // The redone step is the image an uninterrupted build makes.
    let (code, said) = plumb_with_storage(root, &["build", "plan.json", "--out", "clean"]);
    registry::remove_images(&[&base]);
    assert_eq!(code, 0, "{said}");
    assert_eq!(
        built_manifest(&root.join("plumb-out")),
        built_manifest(&root.join("clean"))
    );
}

/// A buildx plan runs exactly the `docker buildx build` argv and environment it holds. No
/// BuildKit daemon can run on this machine, so a `docker` that gives its buildx version and
/// records what it is asked to run stands in for Docker; the build then fails, as it must
/// without a daemon, and the record is compared with the plan.
/// A directory holding a `docker` that gives its buildx version and otherwise runs `build`
/// (shell commands), standing in for Docker, which no BuildKit daemon can back here.
fn fake_docker(build: &str) -> tempfile::TempDir {
    let tools = tempfile::tempdir().unwrap();
    fs::write(
        tools.path().join("docker"),
        format!(
            "#!/bin/sh\nif [ \"$1 $2\" = \"buildx version\" ]; then echo 'github.com/docker/buildx v0.13.1 0123abc'; exit 0; fi\n{build}\n"
        ),
    )
    .unwrap();
    let mut permissions = fs::metadata(tools.path().join("docker"))
        .unwrap()
        .permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    fs::set_permissions(tools.path().join("docker"), permissions).unwrap();
    tools
}

/// A buildx project planned in a new directory.
fn buildx_project() -> tempfile::TempDir {
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    let digest = format!("sha256:{}", "ab".repeat(32));
    fs::write(
        root.join("Dockerfile"),
        format!("FROM registry.test/base:1@{digest}\nRUN make\n"),
    )
    .unwrap();
    fs::write(root.join(".dockerignore"), "*\n").unwrap();
    let planned = plumb(
        root,
        &[
            "plan",
            "--backend",
            "buildx",
            "--source-date-epoch",
            "5",
            "-o",
            "plan.json",
        ],
    );
    assert_eq!(planned.code, 0, "{}", planned.stderr);
    project
}

/// `plumb build plan.json` in `root` with the tools of `tools` first on PATH.
fn build_with_tools(root: &Path, tools: &Path) -> std::process::Output {
    let path = format!(
        "{}:{}",
        tools.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new(plumb_binary())
        .args(["build", "plan.json"])
        .current_dir(root)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn a_buildx_plan_runs_the_exact_argv_it_holds() {
    let recorded = tempfile::tempdir().unwrap();
    let recorded = recorded.path().join("argv");
    let tools = fake_docker(&format!(
        "printf '%s\\n' \"$@\" > {argv}\nenv | grep -E '^(SOURCE_DATE_EPOCH|BUILDX_NO_DEFAULT_ATTESTATIONS)=' | sort > {argv}.env\necho 'no BuildKit daemon here' >&2\nexit 1",
        argv = recorded.display()
    ));
    let project = buildx_project();
    let root = project.path();
    let output = build_with_tools(root, tools.path());
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("no BuildKit daemon here"), "{said}");

    let plan = read_plan(root);
    let step = &plan["core"]["steps"][0];
    let hex = step["id"]
        .as_str()
        .unwrap()
        .strip_prefix("sha256:")
        .unwrap();
    let out = fs::canonicalize(root.join("plumb-out/steps"))
        .unwrap()
        .join(format!("{hex}.partial"));
    let expected: Vec<String> = step["run"]["buildx"]["argv"]
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .map(|word| {
            word.as_str()
                .unwrap()
                .replace("{out}", out.to_str().unwrap())
        })
        .collect();
    let ran: Vec<String> = fs::read_to_string(&recorded)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(ran, expected);
    assert!(ran.iter().any(|word| word == "--metadata-file"), "{ran:?}");
    assert_eq!(
        fs::read_to_string(recorded.with_extension("env")).unwrap(),
        "BUILDX_NO_DEFAULT_ATTESTATIONS=1\nSOURCE_DATE_EPOCH=5\n"
    );
}

/// Copies the directory `from` into `to`, files and folders.
/// A builder that fails before building, with buildah's transient memfd error, is run once
/// more, its first log kept; any other failure is not retried.
#[test]
fn a_builder_failing_to_start_is_run_once_more() {
    let counted = tempfile::tempdir().unwrap();
    let runs = counted.path().join("runs");
    let failing = |message: &str| {
        fake_docker(&format!(
            "echo run >> {runs}\necho '{message}' >&2\nexit 1",
            runs = runs.display()
        ))
    };
    let project = buildx_project();
    let tools = failing("Close_Fd sealing memfd copy: Device or resource busy");
    let output = build_with_tools(project.path(), tools.path());
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("running it again"), "{said}");
    assert_eq!(fs::read_to_string(&runs).unwrap(), "run\nrun\n");
    let partial = fs::read_dir(project.path().join("plumb-out/steps"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            path.extension()
                .is_some_and(|extension| extension == "partial")
        })
        .expect("the failed step's directory");
    assert!(
        fs::read_to_string(partial.join("step.first-attempt.log"))
            .unwrap()
            .contains("sealing memfd copy")
    );

    fs::remove_file(&runs).unwrap();
    let project = buildx_project();
    let tools = failing("no BuildKit daemon here");
    let output = build_with_tools(project.path(), tools.path());
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(!said.contains("running it again"), "{said}");
    assert_eq!(fs::read_to_string(&runs).unwrap(), "run\n");
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The README's example as a user runs it: the base image made by
/// examples/make-busybox-image, then in a copy of examples/app `plumb lock --source
/// containers-storage`, `plumb plan --locked`, `--emit bake`, `plumb build` (then again:
/// reused), `plumb verify` (a match); an edited file refused; a step that writes the time
/// of its build named by `plumb verify`.
#[test]
fn the_readme_example_locks_plans_builds_and_verifies() {
    if !registry::required() {
        return;
    }
    let made = Command::new(workspace_root().join("examples/make-busybox-image"))
        .env("STORAGE_DRIVER", "vfs")
        .env("BUILDAH_ISOLATION", "chroot")
        .output()
        .expect("the script runs");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    copy_tree(&workspace_root().join("examples/app"), root);
    let run = |arguments: &[&str], status: i32| {
        let (code, said) = plumb_with_storage(root, arguments);
        assert_eq!(code, status, "plumb {arguments:?}: {said}");
        said
    };
    let locked = run(&["lock", "--source", "containers-storage"], 0);
    assert!(
        locked.contains("resolved localhost/busybox:1 sha256:")
            && locked.contains("wrote ./plumb.lock pinning 1 image"),
        "{locked}"
    );
    let planned = run(&["plan", "--locked", "-o", "plan.json"], 0);
    assert!(
        planned.contains("(1 step, plan sha256:") && !planned.contains("PL"),
        "{planned}"
    );
    let manifest_pinned = lock_digest(root);
    run(&["plan", "--emit", "bake", "-o", "docker-bake.json"], 0);
    let bake = fs::read_to_string(root.join("docker-bake.json")).unwrap();
    assert!(
        bake.contains(&format!(
            "docker-image://localhost/busybox:1@{manifest_pinned}"
        )),
        "{bake}"
    );

    let built = run(&["build", "plan.json"], 0);
    assert!(
        built.contains("built Dockerfile:2 linux/amd64: manifest sha256:"),
        "{built}"
    );
    let manifest = built_manifest(&root.join("plumb-out"));
    let again = run(&["build", "plan.json"], 0);
    assert!(again.contains("reused Dockerfile:2 linux/amd64"), "{again}");
    let verified = run(&["verify", "plan.json"], 0);
    assert!(
        verified.contains(&format!(
            "match Dockerfile:2 linux/amd64: both builds are manifest {manifest}"
        )),
        "{verified}"
    );

    // An edited file: refused before anything runs.
    let main = root.join("src/b-main.js");
    let original = fs::read_to_string(&main).unwrap();
    fs::write(&main, format!("{original}// more\n")).unwrap();
    let refused = run(&["build", "plan.json", "--dry-run"], 1);
    assert!(refused.contains("context .: tree sha256:"), "{refused}");
    fs::write(&main, original).unwrap();

    // A step that writes the time of its build: verify names the file and the stage's lines.
    let mut dockerfile = fs::read_to_string(root.join("Dockerfile")).unwrap();
    dockerfile.push_str("RUN [\"/bin/busybox\", \"sh\", \"-c\", \"/bin/busybox sleep 1; /bin/busybox date +%s > built-at\"]\n");
    fs::write(root.join("Dockerfile"), dockerfile).unwrap();
    run(&["plan", "-o", "plan.json"], 0);
    let caught = run(&["verify", "plan.json"], 1);
    registry::remove_images(&["localhost/busybox:1"]);
    assert!(
        caught.contains("no match Dockerfile:2 linux/amd64: the two builds differ")
            && caught.contains("layer 2 of 2, from Dockerfile lines 14–19 (stage 2)")
            && caught.contains("app/built-at: content sha256:"),
        "{caught}"
    );
}

/// The platform manifest plumb.lock pins for the example's base image.
fn lock_digest(root: &Path) -> String {
    let lock: Value = serde_json::from_slice(&fs::read(root.join("plumb.lock")).unwrap()).unwrap();
    lock["images"]["localhost/busybox:1"]["platforms"]["linux/amd64"]["manifest"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A compose project deployed to dstack: its `build:` service planned as a step with the
/// compose file's context and args, its pulled service locked, the built image pushed to the
/// loopback registry by digest, and app-compose.json written with both images by digest;
/// `plumb verify` finds the same compose-hash from two builds.
#[test]
fn a_compose_project_builds_pushes_and_ends_with_its_app_compose_hash() {
    if !registry::required() {
        return;
    }
    let registry = registry_serving_base("dstack");
    let address = &registry.address;

    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    fs::create_dir(root.join("web")).unwrap();
    let compose = format!(
        "services:\n  web:\n    build:\n      context: ./web\n      args:\n        GREETING: hello\n    ports:\n      - \"8080:80\"\n  cache:\n    image: {address}/base:1 # pulled as it is\n"
    );
    fs::write(root.join("compose.yaml"), &compose).unwrap();
    fs::write(
        root.join("web/Dockerfile"),
        format!("FROM {address}/base:1\nARG GREETING\nRUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo $GREETING > /greeting\"]\n"),
    )
    .unwrap();
    fs::write(root.join("web/.dockerignore"), "*\n").unwrap();
    fs::write(
        root.join("plumb.toml"),
        format!("[dstack]\nname = \"shop\"\nkms = true\nregistry = \"{address}/shop\"\n"),
    )
    .unwrap();
    let run = |arguments: &[&str], status: i32| {
        let (code, said) = plumb_with_storage(root, arguments);
        assert_eq!(code, status, "plumb {arguments:?}: {said}");
        said
    };
    let locked = run(&["lock"], 0);
    assert!(locked.contains("pinning 1 image"), "{locked}");
    let lock: Value = serde_json::from_slice(&fs::read(root.join("plumb.lock")).unwrap()).unwrap();
    let base = lock["images"][format!("{address}/base:1")]["digest"]
        .as_str()
        .unwrap()
        .to_owned();
    run(&["plan", "--locked", "-o", "plan.json"], 0);
    let shown = run(&["build", "plan.json", "--dry-run"], 0);
    assert!(
        shown.contains("step compose.yaml:web linux/amd64")
            && shown.contains("--build-arg GREETING=hello")
            && shown
                .contains("deploy compose.yaml to dstack (app-compose.json canonical, name shop)")
            && shown.contains(&format!("service cache: {address}/base:1@{base}")),
        "{shown}"
    );

    let built = run(&["build", "plan.json", "--record"], 0);
    registry::remove_images(&[&format!("{address}/base:1")]);
    let manifest = built_manifest(&root.join("plumb-out"));
    let pushed = format!("{address}/shop/web@{manifest}");
    assert!(built.contains(&format!("pushed {pushed}")), "{built}");
    assert_eq!(registry.digest("shop/web", &manifest).unwrap(), manifest);
    let bytes = fs::read(root.join("plumb-out/dstack/app-compose.json")).unwrap();
    let written: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        written["docker_compose_file"],
        format!(
            "services:\n  web:\n    image: {pushed}\n    ports:\n      - \"8080:80\"\n  cache:\n    image: {address}/base:1@{base} # pulled as it is\n"
        )
    );
    assert_eq!(written["kms_enabled"], true);
    let hash = plumb_core::digest::sha256(&bytes).replace("sha256:", "");
    assert!(
        built
            .lines()
            .any(|line| line.starts_with("compose-hash ") && line.ends_with(&hash)),
        "{built}"
    );
    let measured = run(&["dstack", "hash", "plumb-out/dstack/app-compose.json"], 0);
    assert!(measured.contains(&hash), "{measured}");

    let verified = run(&["verify", "plan.json"], 0);
    assert!(
        verified.contains(&format!(
            "match compose.yaml app-compose.json: both builds give compose-hash {hash}"
        )) && verified.contains("the compose-hash the plan records"),
        "{verified}"
    );
}
