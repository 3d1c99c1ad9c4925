//! `plumb plan` end to end: the plan and bake file of an example project against their
//! expected bytes, every plan against docs/plan.schema.json (Python's `jsonschema`, set up by
//! scripts/test), the same bytes from two clones made under different umasks, and stale locks
//! and unpinned inputs refused under `--locked`.

use plumb_tests::git::git;
use plumb_tests::plumb::workspace_root;
use plumb_tests::prerequisites::require;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

plumb_tests::use_plumb_binary!();

fn fixtures() -> PathBuf {
    workspace_root().join("tests/fixtures/plan")
}

/// The options the expected files were planned with.
const OPTIONS: &[&str] = &[
    "--platform",
    "linux/amd64",
    "--platform",
    "linux/arm64",
    "--build-arg",
    "VERSION=1",
    "--secret",
    "token",
];

/// Plans `directory` with `extra` arguments into a file and returns its bytes.
fn plan(directory: &Path, extra: &[&str]) -> Vec<u8> {
    let output = tempfile::NamedTempFile::new().unwrap();
    let output_path = output.path().to_str().unwrap();
    let mut arguments = vec!["plan", "-o", output_path];
    arguments.extend_from_slice(extra);
    let run = plumb(directory, &arguments);
    assert_eq!(run.code, 0, "plumb plan failed: {}", run.stderr);
    fs::read(output.path()).unwrap()
}

/// Compares with the expected file, which PLUMB_UPDATE_SNAPSHOTS=1 rewrites.
fn assert_expected(actual: &[u8], name: &str) {
    let path = fixtures().join("expected").join(name);
    if std::env::var_os("PLUMB_UPDATE_SNAPSHOTS").is_some() {
        fs::write(&path, actual).unwrap();
    }
    let expected = fs::read(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs (PLUMB_UPDATE_SNAPSHOTS=1 rewrites it):\n{}",
        path.display(),
        String::from_utf8_lossy(actual)
    );
}

#[test]
fn the_example_plan_and_bake_file_are_the_expected_bytes() {
    let project = fixtures().join("project");
    let planned = plan(&project, OPTIONS);
    assert_expected(&planned, "plan.json");
    let mut bake_arguments = OPTIONS.to_vec();
    bake_arguments.extend(["--emit", "bake"]);
    assert_expected(&plan(&project, &bake_arguments), "docker-bake.json");
    let buildx = {
        let mut arguments = OPTIONS.to_vec();
        arguments.extend(["--backend", "buildx", "--offline", "--locked"]);
        plan(&project, &arguments)
    };
    assert_expected(&buildx, "plan-buildx-offline.json");

    let plan: serde_json::Value = serde_json::from_slice(&planned).unwrap();
    let core = &plan["core"];
    assert_eq!(core["time"]["from"], "lock");
    assert_eq!(core["steps"].as_array().unwrap().len(), 2);
    // The plan is its canonical bytes, and its id is the digest of its core's.
    let canonical = plumb_core::canonical_json::to_vec(&plan).unwrap();
    assert_eq!(&planned[..planned.len() - 1], canonical.as_slice());
    let core_bytes = plumb_core::canonical_json::to_vec(core).unwrap();
    assert_eq!(plan["plan_id"], plumb_core::digest::sha256(&core_bytes));
}

#[test]
fn every_plan_matches_the_schema() {
    let python = std::env::var_os("PLUMB_TEST_PYTHON").map(PathBuf::from);
    if !require(
        "PLUMB_TEST_PYTHON (with jsonschema), set up by scripts/test",
        python.as_ref().is_some_and(|path| path.is_file()),
    ) {
        return;
    }
    let directory = tempfile::tempdir().unwrap();
    // An unpinned project: no lock, a download, a heredoc for buildx, a named context.
    fs::write(
        directory.path().join("Dockerfile"),
        "FROM registry.test/one:1 AS one\nFROM registry.test/tool:1\nRUN <<EOF\necho hi\nEOF\nADD https://example.com/a.tgz /a\nCOPY --from=one / /one\nCOPY --from=assets / /assets\n",
    )
    .unwrap();
    fs::create_dir(directory.path().join("assets")).unwrap();
    fs::write(directory.path().join("assets/logo.svg"), "<svg/>\n").unwrap();
    // A compose project deployed to dstack, its images unpinned.
    let compose = tempfile::tempdir().unwrap();
    for (path, text) in [
        (
            "compose.yaml",
            "services:\n  web:\n    build: ./web\n  cache:\n    image: registry.test/cache:1\n",
        ),
        ("web/Dockerfile", "FROM registry.test/base:1\n"),
        (
            "plumb.toml",
            "[dstack]\nname = \"shop\"\nregistry = \"registry.test/shop\"\npre-launch-script = \"prelaunch.sh\"\n",
        ),
        ("prelaunch.sh", "echo ready\n"),
    ] {
        let path = compose.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let project = fixtures().join("project");
    let plans = [
        plan(compose.path(), &[]),
        plan(&project, OPTIONS),
        plan(&project, &["--offline", "--source-date-epoch", "1"]),
        plan(
            directory.path(),
            &[
                "--backend",
                "buildx",
                "--rebuilds",
                "3",
                "--build-context",
                "assets=assets",
            ],
        ),
    ];
    let schema = workspace_root().join("docs/plan.schema.json");
    for planned in plans {
        let file = tempfile::NamedTempFile::new().unwrap();
        fs::write(file.path(), &planned).unwrap();
        let validation = Command::new(python.as_ref().unwrap())
            .args([
                "-c",
                "import json, sys, jsonschema\n\
                 schema = json.load(open(sys.argv[1]))\n\
                 plan = json.load(open(sys.argv[2]))\n\
                 validator = jsonschema.validators.validator_for(schema)(schema)\n\
                 jsonschema.validators.validator_for(schema).check_schema(schema)\n\
                 validator.validate(plan)\n\
                 step = plan['core']['steps'][0]\n\
                 step['run']['buildah']['argv'].append('/home/me/context')\n\
                 assert not validator.is_valid(plan), 'an absolute host path passes'\n\
                 plan['core']['steps'][0]['run']['buildah']['argv'].pop()\n\
                 plan['core']['time']['source_date_epoch'] = 2 ** 53\n\
                 assert not validator.is_valid(plan), 'an integer from 2^53 passes'\n\
                 print('valid')",
            ])
            .arg(&schema)
            .arg(file.path())
            .output()
            .expect("python runs");
        assert!(
            validation.status.success(),
            "{}{}",
            String::from_utf8_lossy(&validation.stdout),
            String::from_utf8_lossy(&validation.stderr)
        );
    }
}

/// Clones `origin` into `target` with `umask` in force, so its files get other modes.
fn clone_with_umask(origin: &Path, target: &Path, umask: &str) {
    let status = Command::new("sh")
        .args([
            "-c",
            &format!("umask {umask} && git clone -q \"$0\" \"$1\""),
        ])
        .arg(origin)
        .arg(target)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .expect("sh runs");
    assert!(status.success());
}

#[test]
fn two_clones_under_different_umasks_plan_the_same_bytes() {
    if !require("git", Command::new("git").arg("--version").output().is_ok()) {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let origin = root.path().join("origin");
    let project = fixtures().join("project");
    fs::create_dir_all(origin.join("src")).unwrap();
    for file in ["Dockerfile", ".dockerignore", "src/a.txt"] {
        fs::copy(project.join(file), origin.join(file)).unwrap();
    }
    // No lock: the time comes from the commit. An executable script and a link, whose modes
    // and targets count while the umask's bits do not.
    fs::write(origin.join("src/run.sh"), "#!/bin/sh\necho hi\n").unwrap();
    let mut permissions = fs::metadata(origin.join("src/run.sh"))
        .unwrap()
        .permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    fs::set_permissions(origin.join("src/run.sh"), permissions).unwrap();
    std::os::unix::fs::symlink("a.txt", origin.join("src/link.txt")).unwrap();
    git(&origin, &["init", "-q", "-b", "main"]);
    git(&origin, &["add", "."]);
    git(&origin, &["commit", "-q", "-m", "x"]);
    let (first, second) = (root.path().join("first"), root.path().join("second"));
    clone_with_umask(&origin, &first, "077");
    clone_with_umask(&origin, &second, "002");
    let mode = |clone: &Path| {
        use std::os::unix::fs::PermissionsExt as _;
        fs::metadata(clone.join("src/a.txt"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_ne!(
        mode(&first),
        mode(&second),
        "the umasks gave the same modes"
    );
    let from_first = plan(&first, OPTIONS);
    let from_second = plan(&second, OPTIONS);
    assert!(from_first == from_second, "the clones plan different bytes");
    let plan: serde_json::Value = serde_json::from_slice(&from_first).unwrap();
    assert_eq!(plan["core"]["time"]["from"], "git-commit");
    assert_eq!(plan["core"]["time"]["source_date_epoch"], 1_735_787_045);
    // An edit to a context file is a different plan.
    fs::write(second.join("src/a.txt"), "changed\n").unwrap();
    assert!(plan_bytes_differ(&first, &second));
}

fn plan_bytes_differ(first: &Path, second: &Path) -> bool {
    plan(first, OPTIONS) != plan(second, OPTIONS)
}

#[test]
fn a_stale_lock_and_unpinned_inputs_are_refused_under_locked() {
    let directory = tempfile::tempdir().unwrap();
    let project = fixtures().join("project");
    fs::create_dir_all(directory.path().join("src")).unwrap();
    for file in ["Dockerfile", ".dockerignore", "src/a.txt", "plumb.lock"] {
        fs::copy(project.join(file), directory.path().join(file)).unwrap();
    }
    let dockerfile = directory.path().join("Dockerfile");
    let text = fs::read_to_string(&dockerfile).unwrap();
    // Another RUN line keeps the lock fresh; another base image does not.
    fs::write(&dockerfile, text.replace("RUN ", "RUN echo more\nRUN ")).unwrap();
    let fresh = plumb(directory.path(), &["plan", "--locked", "-o", "plan.json"]);
    assert_eq!(fresh.code, 0, "{}", fresh.stderr);
    fs::remove_file(directory.path().join("plan.json")).unwrap();
    fs::write(&dockerfile, text.replace("base:1", "base:2")).unwrap();
    let stale = plumb(directory.path(), &["plan", "--locked", "-o", "plan.json"]);
    assert_eq!(stale.code, 1, "{}", stale.stderr);
    assert!(
        stale.stderr.contains("error[PL101]")
            && stale.stderr.contains("\"registry.test/base:2\"")
            && stale.stderr.contains("Dockerfile:2:6"),
        "{}",
        stale.stderr
    );
    assert!(!directory.path().join("plan.json").exists());
    let warned = plumb(
        directory.path(),
        &["plan", "--format", "json", "-o", "plan.json"],
    );
    assert_eq!(warned.code, 0, "{}", warned.stderr);
    let findings: serde_json::Value = serde_json::from_str(&warned.stderr).unwrap();
    let found: Vec<(&str, &str)> = findings["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            (
                finding["code"].as_str().unwrap(),
                finding["message"].as_str().unwrap(),
            )
        })
        .collect();
    // Both sides of the change: the reference named now, and the one the lock still pins.
    assert_eq!(
        found,
        [
            (
                "PL101",
                "plumb.lock is stale: it pins \"registry.test/base:1\", which no Dockerfile it applies to names now; run `plumb lock` again"
            ),
            (
                "PL101",
                "plumb.lock is stale: it does not pin base image \"registry.test/base:2\"; run `plumb lock` again"
            ),
        ]
    );
}

/// Plan findings go through plumb.toml and inline suppressions as the analysis's do;
/// `--locked` keeps what is unpinned an error whatever severity plumb.toml gives it.
#[test]
fn plan_findings_follow_plumb_toml_and_suppressions() {
    let directory = tempfile::tempdir().unwrap();
    fs::write(
        directory.path().join("Dockerfile"),
        "FROM registry.test/base:1\n# plumb: ignore=PL202\nADD https://example.com/tool.tgz /tool.tgz\n",
    )
    .unwrap();
    fs::write(
        directory.path().join("plumb.toml"),
        "ignore = [\"PL203\"]\n\n[severity]\nPL201 = \"info\"\n",
    )
    .unwrap();
    let codes = |arguments: &[&str]| {
        let mut all = vec!["plan", "--format", "json", "-o", "plan.json"];
        all.extend_from_slice(arguments);
        let run = plumb(directory.path(), &all);
        let findings: serde_json::Value = serde_json::from_str(&run.stderr).unwrap();
        let found: Vec<(String, String)> = findings["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|finding| {
                let text = |key: &str| finding[key].as_str().unwrap().to_owned();
                (text("code"), text("severity"))
            })
            .collect();
        (run.code, found)
    };
    let pair = |code: &str, severity: &str| (code.to_owned(), severity.to_owned());
    assert_eq!(codes(&[]), (0, vec![pair("PL201", "info")]));
    assert_eq!(codes(&["--locked"]), (1, vec![pair("PL201", "error")]));
}

/// `--build-context NAME=DIR`: the directory is an input by its tree digest, each backend
/// is told it, and `COPY --from=NAME` is that directory, not an image to pin.
#[test]
fn named_build_contexts_are_planned_as_directories() {
    let directory = tempfile::tempdir().unwrap();
    fs::write(
        directory.path().join("Dockerfile"),
        "FROM scratch\nCOPY --from=assets /logo.svg /logo.svg\n",
    )
    .unwrap();
    fs::create_dir_all(directory.path().join("web/assets")).unwrap();
    fs::write(directory.path().join("web/assets/logo.svg"), "<svg/>\n").unwrap();
    let planned = |assets: &str| {
        let run = plumb(
            directory.path(),
            &[
                "plan",
                "--locked",
                "--source-date-epoch",
                "0",
                "--build-context",
                &format!("assets={assets}"),
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.json()
    };
    let plan = planned("./web/assets");
    let named = &plan["core"]["intent"]["named_contexts"]["assets"];
    assert_eq!(named["path"], "web/assets");
    let tree = named["tree"].as_str().unwrap().to_owned();
    assert!(tree.starts_with("sha256:"), "{named}");
    let step = &plan["core"]["steps"][0];
    assert!(
        step["inputs"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({
                "kind": "named-context", "name": "assets", "path": "web/assets", "tree": tree
            })),
        "{step}"
    );
    for backend in ["buildah", "buildx"] {
        let argv: Vec<&str> = step["run"][backend]["argv"]
            .as_array()
            .unwrap()
            .iter()
            .map(|word| word.as_str().unwrap())
            .collect();
        assert!(
            argv.windows(2)
                .any(|pair| pair == ["--build-context", "assets=web/assets"]),
            "{backend}: {argv:?}"
        );
    }
    // Its contents are in the plan: another file, another plan.
    fs::write(
        directory.path().join("web/assets/logo.svg"),
        "<svg></svg>\n",
    )
    .unwrap();
    assert_ne!(planned("web/assets")["plan_id"], plan["plan_id"]);
    // A directory outside the planned one is refused.
    let outside = plumb(
        directory.path(),
        &["plan", "--build-context", "assets=../elsewhere"],
    );
    assert_eq!(outside.code, 2, "{}", outside.stderr);
    assert!(
        outside
            .stderr
            .contains("must be inside the planned directory"),
        "{}",
        outside.stderr
    );
}
