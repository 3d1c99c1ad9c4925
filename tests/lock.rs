//! `plumb lock` against a real registry on loopback and the local container storage: images
//! built here (busybox from scratch), a two-platform index, a frontend, the digests the
//! registry itself reports, and `--check` telling an edited line from another image.
//!
//! Needs Debian's docker-registry, buildah, skopeo and busybox-static, and root (buildah's
//! storage). Without them the tests are skipped locally and fail in CI.

use plumb_tests::git::git;
use plumb_tests::registry::{self, Registry};
use plumb_tests::require;
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::Command;

plumb_tests::use_plumb_binary!();

/// Image names of this test run, so that runs side by side do not meet.
fn stored(name: &str) -> String {
    format!("localhost/plumb-test-{name}-{}:1", std::process::id())
}

fn lock_json(directory: &Path) -> Value {
    serde_json::from_slice(&fs::read(directory.join("plumb.lock")).expect("plumb.lock written"))
        .expect("plumb.lock is JSON")
}

#[test]
fn images_from_a_loopback_registry_are_pinned_and_checked() {
    if !registry::required() {
        return;
    }
    let registry = Registry::start().expect("start docker-registry on loopback");
    let (amd64, arm64, index) = (stored("amd64"), stored("arm64"), stored("index"));
    registry::build_busybox_image(&amd64, "amd64").unwrap();
    registry::build_busybox_image(&arm64, "arm64").unwrap();
    let address = &registry.address;
    registry::push(&amd64, &format!("{address}/tools:1")).unwrap();
    registry::push(&amd64, &format!("{address}/frontend:1")).unwrap();
    registry::push_index(&index, &[&amd64, &arm64], &format!("{address}/base:1")).unwrap();
    registry::remove_images(&[&amd64, &arm64, &index]);

    let directory = tempfile::tempdir().unwrap();
    let dockerfile = directory.path().join("Dockerfile");
    let text = format!(
        "# syntax={address}/frontend:1\nFROM {address}/base:1 AS build\nRUN echo hi\nFROM scratch\nCOPY --from={address}/tools:1 /bin/busybox /bin/\n"
    );
    fs::write(&dockerfile, &text).unwrap();
    let run = plumb(directory.path(), &["lock"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // What the registry itself says the tags are.
    let lock = lock_json(directory.path());
    let locked: Vec<String> = lock["images"]
        .as_object()
        .expect("images")
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        locked,
        ["base:1", "frontend:1", "tools:1"].map(|name| format!("{address}/{name}")),
        "the frontend, the base and the COPY --from image"
    );
    let base = &lock["images"][format!("{address}/base:1")];
    assert_eq!(
        base["digest"],
        registry.digest("base", "1").unwrap().as_str()
    );
    assert_eq!(
        base["media_type"],
        "application/vnd.oci.image.index.v1+json"
    );
    assert_eq!(base["source"], "registry");
    let platforms = base["platforms"].as_object().expect("platforms");
    assert_eq!(
        platforms.keys().collect::<Vec<_>>(),
        ["linux/amd64", "linux/arm64"]
    );
    for platform in platforms.values() {
        assert_eq!(platform["env"], serde_json::json!(["PATH=/bin"]));
        assert!(platform["config"].as_str().unwrap().starts_with("sha256:"));
    }
    let tools = &lock["images"][format!("{address}/tools:1")];
    let tools_digest = registry.digest("tools", "1").unwrap();
    assert_eq!(tools["digest"], tools_digest.as_str());
    assert_eq!(
        tools["platforms"]["linux/amd64"]["manifest"],
        tools_digest.as_str()
    );
    assert_eq!(
        platforms["linux/amd64"]["manifest"],
        tools_digest.as_str(),
        "the index's amd64 image is the same image"
    );

    // The same resolution gives the same bytes.
    let first = fs::read(directory.path().join("plumb.lock")).unwrap();
    assert_eq!(plumb(directory.path(), &["lock"]).code, 0);
    assert_eq!(
        fs::read(directory.path().join("plumb.lock")).unwrap(),
        first
    );

    // An edited line leaves the lock fresh; another image makes it stale, and says which.
    fs::write(&dockerfile, text.replace("echo hi", "echo bye")).unwrap();
    let check = plumb(directory.path(), &["lock", "--check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    fs::write(&dockerfile, text.replace("base:1 AS", "base:2 AS")).unwrap();
    let check = plumb(directory.path(), &["lock", "--check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains(&format!("named now, not locked: {address}/base:2"))
            && check
                .stderr
                .contains(&format!("locked, no longer named: {address}/base:1")),
        "{}",
        check.stderr
    );
    // A tag the registry does not have is an error, and the lock is left as it was.
    let failed = plumb(directory.path(), &["lock"]);
    assert_eq!(failed.code, 2, "{}", failed.stderr);
    assert!(failed.stderr.contains("base:2"), "{}", failed.stderr);
    assert_eq!(
        fs::read(directory.path().join("plumb.lock")).unwrap(),
        first
    );

    // A reference pinned by digest is read by its digest, which must match.
    let digest = registry.digest("base", "1").unwrap();
    fs::write(&dockerfile, format!("FROM {address}/base:1@{digest}\n")).unwrap();
    assert_eq!(plumb(directory.path(), &["lock"]).code, 0);
    let pinned = lock_json(directory.path());
    assert_eq!(
        pinned["images"][format!("{address}/base:1@{digest}")]["digest"],
        digest.as_str()
    );
    let wrong = format!("sha256:{}", "0".repeat(64));
    fs::write(&dockerfile, format!("FROM {address}/base:1@{wrong}\n")).unwrap();
    assert_eq!(plumb(directory.path(), &["lock"]).code, 2);
}

#[test]
fn images_in_the_local_container_storage_are_pinned() {
    if !registry::required() {
        return;
    }
    let name = stored("local");
    registry::build_busybox_image(&name, "amd64").unwrap();
    let directory = tempfile::tempdir().unwrap();
    // The short name is the same image: buildah keeps local images under localhost/.
    let short = name.strip_prefix("localhost/").unwrap().to_owned();
    fs::write(
        directory.path().join("Dockerfile"),
        format!("FROM {name} AS full\nFROM {short}\nCOPY --from=full / /\n"),
    )
    .unwrap();
    // The storage the image went to: buildah's vfs driver (STORAGE_DRIVER is the user's).
    let run = Command::new(plumb_binary())
        .args(["lock", "--source", "containers-storage"])
        .current_dir(directory.path())
        .env("STORAGE_DRIVER", "vfs")
        .output()
        .expect("plumb runs");
    registry::remove_images(&[&name]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lock = lock_json(directory.path());
    let image = &lock["images"][&name];
    assert_eq!(image["source"], "containers-storage");
    assert_eq!(image["platforms"]["linux/amd64"]["env"][0], "PATH=/bin");
    assert_eq!(
        image["platforms"]["linux/amd64"]["manifest"],
        image["digest"]
    );
    assert_eq!(lock["images"][&short], *image);
}

#[test]
fn a_missing_lock_or_directory_is_said_and_no_image_is_an_empty_lock() {
    let directory = tempfile::tempdir().unwrap();
    fs::write(
        directory.path().join("Dockerfile"),
        "FROM scratch\nCOPY . /\n",
    )
    .unwrap();
    let check = plumb(directory.path(), &["lock", "--check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains("plumb.lock is missing"),
        "{}",
        check.stderr
    );
    let nowhere = plumb(directory.path(), &["lock", "nowhere"]);
    assert_eq!(nowhere.code, 2);
    assert!(
        nowhere
            .stderr
            .contains("error: nowhere: no such file or directory"),
        "{}",
        nowhere.stderr
    );

    let run = plumb(directory.path(), &["lock"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let empty = plumb_core::digest::sha256(b"[]");
    let written = fs::read_to_string(directory.path().join("plumb.lock")).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let recorded = lock_json(directory.path())["source_date_epoch"]
        .as_u64()
        .expect("the lock records when it was written");
    assert!(recorded.abs_diff(now) < 600, "{recorded} is not now");
    assert_eq!(
        written,
        format!(
            "{{\"images\":{{}},\"references\":\"{empty}\",\"source_date_epoch\":{recorded},\"version\":1}}\n"
        )
    );
    assert_eq!(plumb(directory.path(), &["lock", "--check"]).code, 0);
    // Written again, the lock keeps the time it was first written.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(plumb(directory.path(), &["lock"]).code, 0);
    assert_eq!(
        fs::read_to_string(directory.path().join("plumb.lock")).unwrap(),
        written
    );
}

/// `plumb check` reads the nearest plumb.lock above each Dockerfile: DF201 says what it pins
/// and offers that digest as its fix. No registry is needed.
#[test]
fn check_uses_the_nearest_lock() {
    use plumb_core::lock::{Lock, LockedImage, PlatformImage};
    let root = tempfile::tempdir().unwrap();
    let digest = format!("sha256:{}", "ef".repeat(32));
    let image = LockedImage {
        source: "registry".into(),
        digest: digest.clone(),
        media_type: "application/vnd.oci.image.manifest.v1+json".into(),
        platforms: [(
            "linux/amd64".to_owned(),
            PlatformImage {
                manifest: digest.clone(),
                config: format!("sha256:{}", "c0".repeat(32)),
                env: vec!["PATH=/bin".into(), "APP_HOME=/app".into()],
            },
        )]
        .into(),
    };
    let lock = Lock::new([("registry.test/base:1".to_owned(), image)].into());
    fs::write(root.path().join("plumb.lock"), lock.to_bytes().unwrap()).unwrap();
    let service = root.path().join("svc");
    fs::create_dir(&service).unwrap();
    fs::write(service.join("Dockerfile"), "FROM registry.test/base:1\n").unwrap();

    let check = plumb(root.path(), &["check", "svc"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains(&format!("plumb.lock pins it to {digest}"))
            && check
                .stdout
                .contains("fix (safe): write the digest plumb.lock pins"),
        "{}",
        check.stdout
    );
    let fixed = plumb(root.path(), &["check", "--fix", "svc"]);
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    assert_eq!(
        fs::read_to_string(service.join("Dockerfile")).unwrap(),
        format!("FROM registry.test/base:1@{digest}\n")
    );

    // With the image's ENV from the lock, DF103 is BuildKit's: APP_HOME is the image's, and
    // a name the image does not set is a warning, not information that it might.
    fs::write(
        service.join("Dockerfile"),
        format!("FROM registry.test/base:1@{digest}\nWORKDIR $APP_HOME/$APP_HOMME\n"),
    )
    .unwrap();
    let exact = plumb(root.path(), &["check", "--format", "json", "svc"]);
    let findings: Vec<(String, String, String)> = serde_json::from_str::<Value>(&exact.stdout)
        .unwrap()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            let text = |key: &str| finding[key].as_str().unwrap_or_default().to_owned();
            (text("code"), text("severity"), text("message"))
        })
        .collect();
    assert_eq!(
        findings,
        [(
            "DF103".to_owned(),
            "warning".to_owned(),
            "Usage of undefined variable '$APP_HOMME' (did you mean $APP_HOME?)".to_owned()
        )],
        "{}",
        exact.stdout
    );

    // A lock that cannot be read is said, and the Dockerfile is still checked.
    fs::write(root.path().join("plumb.lock"), "{").unwrap();
    fs::write(service.join("Dockerfile"), "FROM registry.test/base:1\n").unwrap();
    let broken = plumb(root.path(), &["check", "svc"]);
    assert_eq!(broken.code, 2, "{}", broken.stderr);
    assert!(
        broken.stderr.contains("plumb.lock: not a plumb.lock"),
        "{}",
        broken.stderr
    );
    assert!(broken.stdout.contains("DF201"), "{}", broken.stdout);

    // The nearest lock is the one, even unreadable: the one further up does not stand in.
    fs::write(root.path().join("plumb.lock"), lock.to_bytes().unwrap()).unwrap();
    fs::write(service.join("plumb.lock"), "{").unwrap();
    let inner = plumb(root.path(), &["check", "svc"]);
    assert_eq!(inner.code, 2, "{}", inner.stderr);
    assert!(
        inner.stderr.contains("svc/plumb.lock: not a plumb.lock")
            && !inner.stdout.contains("plumb.lock pins it"),
        "{}\n{}",
        inner.stderr,
        inner.stdout
    );
}

/// `ADD` sources without a checksum or commit are resolved for real, from a server on
/// loopback: a download by the SHA-256 of its bytes, a Git repository (served over dumb
/// HTTP) by the commit its annotated tag names. The plan then takes them from the lock.
#[test]
fn downloads_and_git_sources_from_a_loopback_server_are_pinned() {
    let tools = ["curl", "git"]
        .iter()
        .all(|tool| Command::new(tool).arg("--version").output().is_ok());
    if !require("curl and git (Debian packages curl, git)", tools) {
        return;
    }
    let served = tempfile::tempdir().unwrap();
    let archive = b"not really a tarball\n".repeat(100);
    fs::write(served.path().join("tool.tgz"), &archive).unwrap();
    let work = served.path().join("work");
    fs::create_dir(&work).unwrap();
    git(&work, &["init", "-q"]);
    fs::write(work.join("README"), "v1\n").unwrap();
    git(&work, &["add", "README"]);
    git(&work, &["commit", "-q", "-m", "v1"]);
    git(&work, &["tag", "-a", "v1", "-m", "release 1"]);
    let commit = git(&work, &["rev-parse", "v1^{commit}"]);
    git(
        served.path(),
        &["clone", "-q", "--bare", "work", "repo.git"],
    );
    git(&served.path().join("repo.git"), &["update-server-info"]);
    let server = plumb_tests::static_server::StaticServer::start(served.path()).unwrap();
    let url = server.url();

    let project = tempfile::tempdir().unwrap();
    let dockerfile = format!(
        "FROM scratch\nADD {url}tool.tgz /tool.tgz\nADD {url}repo.git#v1 /src\nCOPY . /app\n"
    );
    fs::write(project.path().join("Dockerfile"), &dockerfile).unwrap();

    // Without a lock, the plan says what is unpinned; under --locked that is an error.
    // BuildKit's plan: buildah 1.28 cannot ADD a Git repository.
    let buildah = plumb(project.path(), &["plan", "--source-date-epoch", "0"]);
    assert_eq!(buildah.code, 1, "{}", buildah.stderr);
    assert!(
        buildah
            .stderr
            .contains("buildah 1.28 cannot ADD a Git repository"),
        "{}",
        buildah.stderr
    );
    let plan = |arguments: &[&str]| {
        let mut all = vec!["plan", "--backend", "buildx", "--source-date-epoch", "0"];
        all.extend_from_slice(arguments);
        plumb(project.path(), &all)
    };
    let unlocked = plan(&[]);
    assert_eq!(unlocked.code, 0, "{}", unlocked.stderr);
    assert_eq!(
        unlocked.stderr.matches("PL202").count(),
        2,
        "{}",
        unlocked.stderr
    );
    assert_eq!(plan(&["--locked"]).code, 1);

    let locked = plumb(project.path(), &["lock"]);
    assert_eq!(locked.code, 0, "{}", locked.stderr);
    assert!(
        locked
            .stderr
            .contains("pinning 0 images, 1 download and 1 Git source"),
        "{}",
        locked.stderr
    );
    let lock = lock_json(project.path());
    let download = &lock["downloads"][format!("{url}tool.tgz")];
    assert_eq!(download["sha256"], plumb_core::digest::sha256(&archive));
    assert_eq!(download["size"], archive.len());
    let source = &lock["git"][format!("{url}repo.git#v1")];
    assert_eq!(source["commit"], commit.as_str());
    assert_eq!(source["reference"], "v1");
    assert_eq!(plumb(project.path(), &["lock", "--check"]).code, 0);

    // The plan takes both from the lock: nothing unpinned, even under --locked.
    let planned = plan(&["--locked"]);
    assert_eq!(planned.code, 0, "{}", planned.stderr);
    let plan_json: Value = serde_json::from_str(&planned.stdout).unwrap();
    let inputs = &plan_json["core"]["steps"][0]["inputs"];
    let inputs = inputs.as_array().unwrap();
    assert!(
        inputs.contains(&serde_json::json!({
            "kind": "download",
            "url": format!("{url}tool.tgz"),
            "sha256": plumb_core::digest::sha256(&archive),
        })) && inputs.contains(&serde_json::json!({
            "kind": "git",
            "url": format!("{url}repo.git#v1"),
            "commit": commit,
        })),
        "{inputs:?}"
    );

    // Another URL makes the lock stale, said by --check and by the plan.
    fs::write(
        project.path().join("Dockerfile"),
        dockerfile.replace("tool.tgz /", "tool-2.tgz /"),
    )
    .unwrap();
    let stale = plumb(project.path(), &["lock", "--check"]);
    assert_eq!(stale.code, 1);
    assert!(
        stale
            .stderr
            .contains(&format!("named now, not locked: {url}tool-2.tgz"))
            && stale
                .stderr
                .contains(&format!("locked, no longer named: {url}tool.tgz")),
        "{}",
        stale.stderr
    );
    let stale_plan = plan(&[]);
    assert!(
        stale_plan.stderr.contains("PL101") && stale_plan.stderr.contains("tool-2.tgz"),
        "{}",
        stale_plan.stderr
    );

    // A download that fails is said, and the lock is left as it was.
    let before = fs::read(project.path().join("plumb.lock")).unwrap();
    let missing = plumb(project.path(), &["lock"]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(
        missing
            .stderr
            .contains(&format!("cannot download {url}tool-2.tgz")),
        "{}",
        missing.stderr
    );
    assert_eq!(fs::read(project.path().join("plumb.lock")).unwrap(), before);
}
