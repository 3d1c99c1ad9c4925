//! `plumb dstack …` end to end: app-compose.json written in both styles with the options
//! from flags and plumb.toml, measured, and a real deployment's attestation checked.

plumb_tests::use_plumb_binary!();
use plumb_tests::plumb::workspace_root;
use std::fs;
use std::path::{Path, PathBuf};

/// research/dstack.md §2.5 (c): a digest-pinned nginx with the dstack socket.
const COMPOSE: &str = "services:\n  web:\n    image: nginx@sha256:eee5eae48e79b2e75178328c7c585b89d676eaae616f03f9a1813aaed820745a\n    ports:\n      - \"80:80\"\n    volumes:\n      - /var/run/dstack.sock:/var/run/dstack.sock\n";

fn vector(name: &str) -> PathBuf {
    workspace_root().join("tests/vectors/dstack").join(name)
}

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let directory = tempfile::tempdir().unwrap();
    for (path, text) in files {
        fs::write(directory.path().join(path), text).unwrap();
    }
    directory
}

/// `plumb` with arguments written as one line of words.
fn plumb_words(directory: &Path, words: &str) -> plumb_tests::plumb::Run {
    plumb(directory, &words.split_whitespace().collect::<Vec<_>>())
}

/// `file line:column severity code` of each finding of a `plumb check --format json` run.
fn findings(run: &plumb_tests::plumb::Run) -> Vec<String> {
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            let text = |key: &str| finding[key].as_str().unwrap().to_owned();
            format!(
                "{} {}:{} {} {}",
                text("file"),
                finding["start"]["line"],
                finding["start"]["column"],
                text("severity"),
                text("code")
            )
        })
        .collect()
}

fn compose_hash(run: &plumb_tests::plumb::Run) -> String {
    run.stderr
        .lines()
        .find_map(|line| line.strip_prefix("compose-hash"))
        .unwrap_or_else(|| panic!("no compose-hash in {}", run.stderr))
        .trim()
        .to_owned()
}

#[test]
fn vmm_cli_style_is_what_vmm_cli_writes_and_canonical_what_the_sdks_hash() {
    let directory = project(&[
        ("docker-compose.yml", COMPOSE),
        ("secrets.env", "# keys\nAPI_KEY=x\n"),
    ]);
    let root = directory.path();
    let vmm_cli = plumb_words(
        root,
        "dstack app-compose --name hello --kms --gateway --env-file secrets.env --style vmm-cli -o vmm-cli.json",
    );
    assert_eq!(vmm_cli.code, 0, "{}", vmm_cli.stderr);
    assert_eq!(fs::read(root.join("vmm-cli.json")).unwrap().len(), 597);
    assert_eq!(
        compose_hash(&vmm_cli),
        "77f8b8b9ae9d4b450cd9a4599d17a34c90f21cb6576760a24fef0cfd1346a109"
    );
    let canonical = plumb_words(
        root,
        "dstack app-compose --name hello --kms --gateway --allowed-env API_KEY",
    );
    assert_eq!(canonical.code, 0, "{}", canonical.stderr);
    assert_eq!(canonical.stdout.len(), 504);
    assert!(
        canonical
            .stdout
            .starts_with("{\"allowed_envs\":[\"API_KEY\"],\"docker_compose_file\":\"services:\\n")
    );
    assert_eq!(
        compose_hash(&canonical),
        "205c83d83321776d91670aae516af6fc4157cdb9716b85ca7609a16e534ca019"
    );
}

#[test]
fn plumb_toml_gives_the_options_and_flags_add_to_them() {
    let directory = project(&[
        ("compose.yaml", COMPOSE),
        (
            "plumb.toml",
            "[dstack]\nname = \"hello\"\nkms = true\ngateway = true\nallowed-envs = [\"API_KEY\"]\nstyle = \"vmm-cli\"\npre-launch-script = \"prelaunch.sh\"\n",
        ),
        ("prelaunch.sh", "echo ready\n"),
    ]);
    let run = plumb_words(directory.path(), "dstack app-compose --public-logs");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(written["name"], "hello");
    assert_eq!(written["kms_enabled"], true);
    assert_eq!(written["public_logs"], true);
    assert_eq!(written["pre_launch_script"], "echo ready\n");
    assert!(
        run.stdout
            .starts_with("{\n    \"manifest_version\": 2,\n    \"name\": \"hello\",")
    );
    // The hash printed is the hash of exactly the bytes written.
    fs::write(directory.path().join("app-compose.json"), &run.stdout).unwrap();
    let measured = plumb_words(directory.path(), "dstack hash app-compose.json");
    assert_eq!(measured.code, 0, "{}", measured.stderr);
    assert!(measured.stdout.contains(&compose_hash(&run)));
}

#[test]
fn options_dstack_would_refuse_are_errors_with_their_place() {
    let directory = project(&[
        ("compose.yaml", COMPOSE),
        ("plumb.toml", "[dstack]\nkey-provider = \"vault\"\n"),
    ]);
    let run = plumb_words(directory.path(), "dstack app-compose");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("plumb.toml:2:16: key-provider is none, kms, local or tpm"),
        "{}",
        run.stderr
    );

    let directory = project(&[("compose.yaml", COMPOSE)]);
    let run = plumb_words(directory.path(), "dstack app-compose --allowed-env API_KEY");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("allowed_envs needs the KMS"),
        "{}",
        run.stderr
    );

    let directory = project(&[(
        "app-compose.json",
        "{\"name\":\"a\",\"key_provider_id\":null}",
    )]);
    let run = plumb_words(directory.path(), "dstack hash app-compose.json");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`key_provider_id`: null where dstack expects a hex string"),
        "{}",
        run.stderr
    );
}

/// A folder holding the real deployment's app-compose.json and report.
fn real_deployment() -> tempfile::TempDir {
    let directory = tempfile::tempdir().unwrap();
    for name in ["rtmr3-based-app-compose.json", "rtmr3-based-report.json"] {
        fs::copy(vector(name), directory.path().join(name)).unwrap();
    }
    directory
}

#[test]
fn hash_measures_the_real_deployment_file() {
    let directory = real_deployment();
    let run = plumb_words(
        directory.path(),
        "dstack hash rtmr3-based-app-compose.json --format json",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let measurement = run.json();
    assert_eq!(
        measurement["compose_hash"],
        "06768e6df639ce3be65e9e5321f8b2d82dbffb01c74323462d34c2feb9653aff"
    );
    assert_eq!(
        measurement["app_id"],
        "06768e6df639ce3be65e9e5321f8b2d82dbffb01"
    );
    assert_eq!(measurement["key_provider"], "kms");
    assert_eq!(
        measurement["compose_hash_event"]["v1"],
        "f50a57024906cde893dcffa6d2f05a9bcf94cb7632f3738c7541888f6c4ef6162990834d8e2a72a57a341a0e1c6fe603"
    );
}

#[test]
fn verify_quote_passes_on_the_real_report_and_fails_on_one_changed_byte() {
    let directory = real_deployment();
    let root = directory.path();
    let verify =
        "dstack verify-quote rtmr3-based-report.json --app-compose rtmr3-based-app-compose.json";
    let run = plumb_words(root, verify);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("ok      RTMR3 replayed 45c2309ffdc521edbed3f5e651c250dac0e50306d2f93b639f74d60f910b498ca8c489cedae7719c4b052f3e4eadf3a4"));
    assert!(run.stdout.contains(
        "ok      compose-hash 06768e6df639ce3be65e9e5321f8b2d82dbffb01c74323462d34c2feb9653aff"
    ));
    assert!(run.stdout.contains("Not verified: the quote's signature"));

    // One byte of the compose-hash event's payload in the event log.
    let report = root.join("rtmr3-based-report.json");
    let original = fs::read_to_string(&report).unwrap();
    let payload = "06768e6df639ce3be65e9e5321f8b2d82dbffb01c74323462d34c2feb9653aff";
    assert_eq!(original.matches(payload).count(), 1);
    fs::write(
        &report,
        original.replace(payload, &payload.replacen("06", "07", 1)),
    )
    .unwrap();
    let run = plumb_words(root, verify);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("DIFFERS compose-hash"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("DIFFERS RTMR3"), "{}", run.stdout);
    fs::write(&report, original).unwrap();

    // One byte of the app-compose.json.
    let app_compose = root.join("rtmr3-based-app-compose.json");
    let text = fs::read_to_string(&app_compose).unwrap();
    fs::write(&app_compose, text.replace("kvin-nb1", "kvin-nb2")).unwrap();
    let run = plumb_words(root, verify);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("DIFFERS compose-hash: the deployment measured another value")
    );
}

/// A dstack app as people write it: tagged images, the image's tag from a variable, the
/// dstack socket mounted as a file, a secret from the encrypted environment.
#[test]
fn a_realistic_dstack_compose_file_gets_the_ds_findings_where_they_are_written() {
    let compose = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"443:443\"\n  app:\n    image: ghcr.io/acme/app:${APP_TAG}\n    environment:\n      API_KEY: ${API_KEY}\n    volumes:\n      - /var/run/dstack.sock:/var/run/dstack.sock\n";
    let directory = project(&[
        ("docker-compose.yml", compose),
        (
            "plumb.toml",
            "[dstack]\nkms = true\nallowed-envs = [\"API_KEY\", \"APP_TAG\"]\n",
        ),
    ]);
    let run = plumb_words(directory.path(), "check --format json docker-compose.yml");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = findings(&run);
    assert_eq!(
        found,
        [
            "docker-compose.yml 3:12 error CP201",
            "docker-compose.yml 5:9 warning CP305",
            "docker-compose.yml 7:12 warning DS301",
            "docker-compose.yml 11:9 warning DS102",
        ]
    );
    // Without dstack as the target, the same file is only checked as compose.
    fs::remove_file(directory.path().join("plumb.toml")).unwrap();
    let run = plumb_words(directory.path(), "check --format json docker-compose.yml");
    let found = findings(&run);
    assert!(
        !found.iter().any(|finding| finding.contains(" DS")),
        "{found:?}"
    );
}

#[test]
fn plumb_check_finds_app_compose_files_and_reports_what_dstack_refuses() {
    let directory = project(&[(
        "app-compose.json",
        "{\n  \"manifest_version\": 2,\n  \"name\": \"app\",\n  \"runner\": \"docker-compose\",\n  \"key_provider_id\": null,\n  \"gateway_enable\": true\n}\n",
    )]);
    let run = plumb_words(directory.path(), "check --format json .");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = findings(&run);
    assert_eq!(
        found,
        [
            "app-compose.json 5:22 error DS001",
            "app-compose.json 6:3 warning DS103"
        ]
    );
}

/// `--pin`: each image a service pulls gets the digest plumb.lock pins, and nothing else of
/// the text changes; an image the lock lacks is refused.
#[test]
fn pin_replaces_each_pulled_image_by_the_digest_the_lock_pins() {
    let compose =
        "services:\n  db:\n    image: postgres:16 # the database\n  cache:\n    image: redis:7\n";
    let directory = project(&[("compose.yaml", compose)]);
    let refused = plumb_words(directory.path(), "dstack app-compose --pin --name shop");
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("postgres:16 is not in a plumb.lock; run `plumb lock`"),
        "{}",
        refused.stderr
    );
    let locked = |digest: &str| plumb_core::lock::LockedImage {
        source: "registry".into(),
        digest: digest.into(),
        media_type: "application/vnd.oci.image.index.v1+json".into(),
        platforms: Default::default(),
    };
    let digest = |byte: char| format!("sha256:{}", byte.to_string().repeat(64));
    let lock = plumb_core::lock::Lock::new(
        [
            ("postgres:16".to_owned(), locked(&digest('a'))),
            ("redis:7".to_owned(), locked(&digest('b'))),
        ]
        .into(),
    );
    fs::write(
        directory.path().join("plumb.lock"),
        lock.to_bytes().unwrap(),
    )
    .unwrap();
    let pinned = plumb_words(directory.path(), "dstack app-compose --pin --name shop");
    assert_eq!(pinned.code, 0, "{}", pinned.stderr);
    let written: serde_json::Value = serde_json::from_str(&pinned.stdout).unwrap();
    assert_eq!(
        written["docker_compose_file"],
        format!(
            "services:\n  db:\n    image: postgres:16@{} # the database\n  cache:\n    image: redis:7@{}\n",
            digest('a'),
            digest('b')
        )
    );
}
