//! The `plumb` command end to end: exit codes, formats, discovery, configuration, rules
//! and the parse dump, on real files.

use plumb_tests::plumb::workspace_root;

plumb_tests::use_plumb_binary!();
use serde_json::Value;
use std::fs;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    workspace_root().join("tests/fixtures/cli")
}

fn codes_and_lines(report: &Value) -> Vec<(String, u64)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|diagnostic| {
            (
                diagnostic["code"].as_str().unwrap().to_owned(),
                diagnostic["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn human_output_underlines_each_problem_and_exits_1() {
    let run = plumb(&fixtures(), &["check", "broken/Dockerfile"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "error[DF001]: unknown instruction: RUNN (did you mean RUN?)\n --> broken/Dockerfile:4:1\n  |\n4 | RUNN apk add --no-cache curl=8.11.1-r0\n  | ^^^^\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("5 | CMD [\"sleep\", 10]\n  |               ^^\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "  |      ^^^^^^\n  |\n  = note: the body runs to the end of the file: no line is exactly `NOTE`\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("Found 3 errors in 1 file.\n"),
        "{}",
        run.stdout
    );
    // Colours only on a terminal.
    assert!(!run.stdout.contains('\x1b'));
}

#[test]
fn human_output_draws_the_labels_of_one_line_under_it_once_with_notes_and_fixes() {
    let realistic = workspace_root().join("tests/fixtures/realistic");
    let run = plumb(&realistic, &["check", "node-multistage.Dockerfile"]);
    let line = "RUN apt-get update && apt-get install -y python3 make g++";
    let finding = run
        .stdout
        .split("\n\n")
        .find(|finding| finding.starts_with("warning[DF220]") && finding.contains(line))
        .unwrap_or_else(|| panic!("no DF220 on line 6:\n{}", run.stdout));
    assert_eq!(
        finding,
        "warning[DF220]: `python3`, `make`, `g++` are not pinned to a version: use `python3=<version>` or install from a snapshot\n \
         --> node-multistage.Dockerfile:6:42\n  \
         |\n\
         6 | RUN apt-get update && apt-get install -y python3 make g++\n  \
         |                                          ^^^^^^^ ---- --- not pinned either\n  \
         |                                                  |\n  \
         |                                                  not pinned either"
    );
    // Notes and fixes follow the snippet.
    assert!(
        run.stdout.contains(
            "6 | RUN apt-get update && apt-get install -y python3 make g++\n  \
             |                               ^^^^^^^\n  \
             |\n  \
             = fix (safe): add `--no-install-recommends`\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "   = note: in shell form the command runs under /bin/sh -c, which does not pass signals such as SIGTERM on\n   \
             = fix (unsafe): write the command in exec form\n"
        ),
        "{}",
        run.stdout
    );
    // Findings far apart in one file show the lines between folded away.
    let directory = tempfile::tempdir().unwrap();
    let mut text = String::from("FROM scratch AS a\n");
    text.push_str(&"RUN true\n".repeat(8));
    text.push_str("FROM scratch AS a\n");
    fs::write(directory.path().join("Dockerfile"), text).unwrap();
    let run = plumb(directory.path(), &["check", "--ignore", "DF409"]);
    assert!(
        run.stdout.contains(
            " 1 | FROM scratch AS a\n   \
             |                 - first defined here\n\
             ...\n\
             10 | FROM scratch AS a\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn json_output_lists_every_syntax_error_with_positions() {
    let run = plumb(
        &fixtures(),
        &["check", "--format", "json", "broken/Dockerfile"],
    );
    assert_eq!(run.code, 1);
    let report = run.json();
    assert_eq!(
        codes_and_lines(&report),
        [
            ("DF001".into(), 4),
            ("DF005".into(), 5),
            ("DF002".into(), 9)
        ]
    );
    assert_eq!(report["summary"]["errors"], 3);
    assert_eq!(report["diagnostics"][1]["start"]["column"], 15);
    assert_eq!(report["diagnostics"][0]["name"], "unknown-instruction");
}

#[test]
fn json_output_is_laid_out_as_one_pretty_document() {
    // Many files and findings (rendered in parts on every core), and none at all.
    let rules = workspace_root().join("tests/fixtures/rules");
    for (directory, arguments) in [
        (
            rules.as_path(),
            &["check", "--format", "json", "DF001", "DF201", "DF424"][..],
        ),
        (&fixtures(), &["check", "--format", "json", "clean"][..]),
    ] {
        let run = plumb(directory, arguments);
        let pretty = serde_json::to_string_pretty(&run.json()).unwrap();
        assert_eq!(run.stdout, pretty + "\n");
    }
}

#[test]
fn clean_files_exit_0() {
    let run = plumb(&fixtures(), &["check", "clean"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "No problems found in 1 file.\n")
    );
}

#[test]
fn directories_are_searched_for_every_dockerfile_name() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    for path in [
        "Dockerfile",
        "svc/app.Dockerfile",
        "svc/Dockerfile.dev",
        "Containerfile",
        "node_modules/x/Dockerfile",
        ".git/Dockerfile",
    ] {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "FROM scratch\n").unwrap();
    }
    fs::write(root.join("README.md"), "# not a Dockerfile\n").unwrap();
    let run = plumb(root, &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| file["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "Containerfile",
            "Dockerfile",
            "svc/Dockerfile.dev",
            "svc/app.Dockerfile"
        ]
    );
}

#[test]
fn directory_search_finds_dockerfile_names_in_any_letter_case() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    let found = [
        "Containerfile.dev",
        "app.DOCKERFILE",
        "dockerfile",
        "svc/Dockerfile-dev",
        "svc/web.containerfile",
    ];
    let skipped = [
        ".hidden/dockerfile",
        "Dockerfile.dockerignore",
        "Dockerfile.md",
        "node_modules/x/app.dockerfile",
        "src/dockerfile.go",
        "target/Dockerfile",
    ];
    for path in found.iter().chain(&skipped) {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "FROM scratch\n").unwrap();
    }
    let run = plumb(root, &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let paths: Vec<String> = file_paths(&run.json())
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(paths, found);
}

fn file_paths(report: &Value) -> Vec<(String, String)> {
    report["files"]
        .as_array()
        .expect("files array")
        .iter()
        .map(|file| {
            (
                file["path"].as_str().unwrap().to_owned(),
                file["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn files_named_on_the_command_line_are_checked_whatever_their_name() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    let names = [
        "Dockerfile-dev",
        "app.dockerfile",
        "dockerfile",
        "notes.txt",
        "web.containerfile",
    ];
    for name in names {
        fs::write(root.join(name), "FROM scratch\nRUNN a\n").unwrap();
    }
    let mut arguments = vec!["check", "--format", "json"];
    arguments.extend(names);
    let run = plumb(root, &arguments);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    assert_eq!(
        file_paths(&report),
        names.map(|name| (name.to_owned(), "dockerfile".to_owned()))
    );
    assert_eq!(
        codes_and_lines(&report),
        vec![("DF001".to_owned(), 2); 5],
        "each is read as a Dockerfile"
    );

    // --kind says what every named file is; only the kinds plumb knows are accepted.
    let forced = plumb(
        root,
        &[
            "check",
            "--kind",
            "dockerfile",
            "--format",
            "json",
            "notes.txt",
        ],
    );
    assert_eq!(
        file_paths(&forced.json()),
        [("notes.txt".to_owned(), "dockerfile".to_owned())]
    );
    let unknown = plumb(root, &["check", "--kind", "compose", "notes.txt"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("invalid value 'compose'") && unknown.stderr.contains("dockerfile"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn paths_named_like_dockerfiles_may_be_directories() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    fs::create_dir_all(root.join("Dockerfile.d/web")).unwrap();
    fs::write(root.join("Dockerfile.d/web/Dockerfile"), "FROM scratch\n").unwrap();
    // Given as a directory and as the file inside it: searched, and checked once.
    let run = plumb(
        root,
        &[
            "check",
            "--format",
            "json",
            "Dockerfile.d",
            "Dockerfile.d/web/Dockerfile",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["files"].as_array().unwrap().len(), 1);
}

/// Runs `plumb ARGS` in `directory` while `feed` writes its input (into a pipe it names or
/// standard input), and returns the exit status, the report (JSON, else a string) and
/// standard error.
fn plumb_fed(
    directory: &std::path::Path,
    arguments: &[&str],
    feed: impl FnOnce(Option<std::process::ChildStdin>) + Send + 'static,
) -> (i32, Value, String) {
    use std::process::{Command, Stdio};
    let mut child = Command::new(plumb_binary())
        .args(arguments)
        .current_dir(directory)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take();
    // Opening a pipe for writing waits for its reader: if plumb never opens it, the thread is
    // left behind and the assertions below say why.
    std::thread::spawn(move || feed(stdin));
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report = serde_json::from_str(&stdout).unwrap_or_else(|_| Value::from(stdout.as_ref()));
    (
        output.status.code().unwrap_or(-1),
        report,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn named_pipes_are_read_and_devices_are_refused_with_what_they_are() {
    use std::io::Write;
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path().to_path_buf();
    let text = b"FROM scratch\nRUNN a\n";

    // A named pipe given on the command line is read to its end (as with `<(command)`).
    let fifo = root.join("pipe.Dockerfile");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (code, report, stderr) = plumb_fed(
        &root,
        &["check", "--format", "json", "pipe.Dockerfile"],
        move |_| fs::write(fifo, text).unwrap(),
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(report["files"][0]["path"], "pipe.Dockerfile");
    assert_eq!(codes_and_lines(&report), [("DF001".into(), 2)]);

    // So is /dev/stdin when standard input is a pipe.
    let (code, report, stderr) = plumb_fed(
        &root,
        &["check", "--format", "json", "/dev/stdin"],
        move |stdin| stdin.unwrap().write_all(text).unwrap(),
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(report["files"][0]["path"], "/dev/stdin");
    assert_eq!(codes_and_lines(&report), [("DF001".into(), 2)]);

    // A device is not read (a terminal would wait, /dev/zero never ends): plumb says what it
    // is and how to read standard input instead.
    let device = plumb(&root, &["check", "/dev/null"]);
    assert_eq!(device.code, 2);
    assert_eq!(
        device.stderr,
        "plumb: /dev/null: is a character device; use `-` to read standard input\n"
    );
}

/// `plumb ARGS` with `text` on standard input.
fn plumb_with_stdin(
    directory: &std::path::Path,
    arguments: &[&str],
    text: &str,
) -> (i32, Value, String) {
    use std::io::Write;
    let text = text.to_owned();
    // plumb may exit without reading (a usage error): a closed pipe is no failure here.
    plumb_fed(directory, arguments, move |stdin| {
        let _ = stdin.unwrap().write_all(text.as_bytes());
    })
}

#[test]
fn dash_reads_standard_input_shown_as_dash_or_as_stdin_filename() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    let text = "FROM scratch\nRUNN a\nCOPY . .\n";

    // Shown as `-`, with the current directory's plumb.toml and .dockerignore.
    let (code, report, stderr) = plumb_with_stdin(root, &["check", "--format", "json", "-"], text);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        file_paths(&report),
        [("-".to_owned(), "dockerfile".to_owned())]
    );
    let codes: Vec<String> = codes_and_lines(&report)
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    assert!(codes.contains(&"DF001".to_owned()), "{codes:?}");
    assert!(
        codes.contains(&"DF208".to_owned()),
        "COPY . . without a .dockerignore: {codes:?}"
    );
    let (_, human, _) = plumb_with_stdin(root, &["check", "-"], text);
    assert!(human.as_str().unwrap().contains("-:2:1"), "{human}");

    // --stdin-filename: shown under that path, with the plumb.toml and .dockerignore found
    // from its folder (which exist; the file itself need not).
    fs::create_dir_all(root.join("svc")).unwrap();
    fs::write(root.join("svc/plumb.toml"), "ignore = [\"DF001\"]\n").unwrap();
    fs::write(root.join("svc/.dockerignore"), ".git\n").unwrap();
    let arguments = [
        "check",
        "--format",
        "json",
        "--stdin-filename",
        "svc/app.Dockerfile",
        "-",
    ];
    let (code, report, stderr) = plumb_with_stdin(root, &arguments, text);
    assert_eq!(
        file_paths(&report),
        [("svc/app.Dockerfile".to_owned(), "dockerfile".to_owned())]
    );
    let codes: Vec<String> = codes_and_lines(&report)
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    assert!(
        !codes.contains(&"DF001".to_owned()) && !codes.contains(&"DF208".to_owned()),
        "{codes:?} {stderr}"
    );
    assert!(code <= 1, "{stderr}");
    assert!(!root.join("svc/app.Dockerfile").exists());

    // With no path, --stdin-filename alone reads standard input (as ruff does); beside
    // other paths, standard input is one more file.
    fs::write(root.join("Dockerfile"), "FROM scratch\n").unwrap();
    let (_, report, stderr) = plumb_with_stdin(
        root,
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "svc/x.Dockerfile",
        ],
        text,
    );
    assert_eq!(file_paths(&report)[0].0, "svc/x.Dockerfile", "{stderr}");
    let (_, report, stderr) = plumb_with_stdin(
        root,
        &["check", "--format", "json", "Dockerfile", "-"],
        text,
    );
    let paths: Vec<String> = file_paths(&report)
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(paths, ["-", "Dockerfile"], "{stderr}");

    // --diff shows fixes to standard input; --fix cannot write them back; --stdin-filename
    // without `-` among paths is a usage error.
    let (code, diff, _) = plumb_with_stdin(
        root,
        &["check", "--diff", "--stdin-filename", "Dockerfile", "-"],
        "FROM debian\nRUN apt-get install -y curl\n",
    );
    assert_eq!(code, 1);
    assert!(
        diff.as_str().unwrap().contains("--- a/Dockerfile\n"),
        "{diff}"
    );
    let (code, _, stderr) = plumb_with_stdin(root, &["check", "--fix", "-"], text);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--fix cannot write to standard input"),
        "{stderr}"
    );
    let (code, _, stderr) = plumb_with_stdin(
        root,
        &["check", "--stdin-filename", "x", "Dockerfile"],
        text,
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("give `-` among the paths"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_path_that_cannot_be_opened_is_reported_with_the_systems_reason() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    // A link to itself cannot be opened, even by root (who reads files without permission).
    std::os::unix::fs::symlink("loop.Dockerfile", root.join("loop.Dockerfile")).unwrap();
    fs::write(root.join("Dockerfile"), "FROM scratch\nRUNN a\n").unwrap();
    let run = plumb(root, &["check", "--format", "json", "loop.Dockerfile", "."]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "plumb: loop.Dockerfile: too many levels of symbolic links\n"
    );
    // The search does not stumble on it either: it only reads regular files.
    assert_eq!(
        file_paths(&run.json()),
        [("Dockerfile".to_owned(), "dockerfile".to_owned())]
    );
}

#[test]
fn unreadable_paths_are_reported_and_every_other_path_is_still_checked() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    fs::create_dir_all(root.join("good")).unwrap();
    fs::create_dir_all(root.join("empty")).unwrap();
    fs::write(root.join("good/Dockerfile"), "FROM scratch\nRUNN a\n").unwrap();
    fs::write(
        root.join("binary.Dockerfile"),
        [0x7f, b'E', b'L', b'F', 0, 0, 1, 0xff],
    )
    .unwrap();
    let paths = ["binary.Dockerfile", "empty", "good", "missing/Dockerfile"];
    let expected_stderr = "plumb: binary.Dockerfile: is a binary file, not a Dockerfile\n\
                           plumb: empty: no Dockerfiles, compose files or mkosi configuration found in this directory\n\
                           plumb: missing/Dockerfile: no such file or directory\n";
    for format in ["human", "json", "sarif"] {
        let mut arguments = vec!["check", "--format", format];
        arguments.extend(paths);
        let run = plumb(root, &arguments);
        assert_eq!(run.code, 2, "{format}: {}", run.stdout);
        assert_eq!(run.stderr, expected_stderr, "{format}");
        match format {
            "human" => {
                assert!(
                    run.stdout
                        .contains("error[DF001]: unknown instruction: RUNN")
                        && run.stdout.contains("good/Dockerfile:2:1"),
                    "{}",
                    run.stdout
                );
                assert!(
                    run.stdout
                        .ends_with("Found 1 error in 1 file; 3 paths could not be checked.\n"),
                    "{}",
                    run.stdout
                );
            }
            "json" => {
                let report = run.json();
                assert_eq!(codes_and_lines(&report), [("DF001".into(), 2)]);
                assert_eq!(report["files"][0]["path"], "good/Dockerfile");
            }
            _ => {
                let sarif = run.json();
                let sarif_run = &sarif["runs"][0];
                assert_eq!(sarif_run["results"].as_array().unwrap().len(), 1);
                let invocation = &sarif_run["invocations"][0];
                assert_eq!(invocation["executionSuccessful"], false);
                let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
                assert_eq!(notifications.len(), 3);
                assert_eq!(
                    notifications[2]["message"]["text"],
                    "missing/Dockerfile: no such file or directory"
                );
            }
        }
    }
}

#[test]
fn bad_paths_and_binary_files_exit_2_with_a_message() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    let missing = plumb(root, &["check", "nope/Dockerfile"]);
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "plumb: nope/Dockerfile: no such file or directory\n"
    );

    fs::create_dir(root.join("empty")).unwrap();
    let empty = plumb(root, &["check", "empty"]);
    assert_eq!(empty.code, 2);
    assert_eq!(
        empty.stderr,
        "plumb: empty: no Dockerfiles, compose files or mkosi configuration found in this directory\n"
    );

    fs::write(
        root.join("Dockerfile"),
        [0x7f, b'E', b'L', b'F', 0, 0, 1, 0xff, 0xfe],
    )
    .unwrap();
    let binary = plumb(root, &["check", "Dockerfile"]);
    assert_eq!(binary.code, 2);
    assert_eq!(
        binary.stderr,
        "plumb: Dockerfile: is a binary file, not a Dockerfile\n"
    );

    let usage = plumb(root, &["check", "--format", "xml"]);
    assert_eq!(usage.code, 2);
}

#[test]
fn latin1_files_are_checked_with_an_info_finding() {
    let directory = tempfile::tempdir().unwrap();
    fs::write(
        directory.path().join("Dockerfile"),
        b"FROM scratch\nLABEL author=Jos\xe9\n",
    )
    .unwrap();
    let run = plumb(
        directory.path(),
        &["check", "--format", "json", "Dockerfile"],
    );
    assert_eq!(
        run.code, 0,
        "info findings stay below the default fail level"
    );
    assert_eq!(codes_and_lines(&run.json()), [("DF009".into(), 2)]);
    let strict = plumb(
        directory.path(),
        &["check", "--fail-level", "info", "Dockerfile"],
    );
    assert_eq!(strict.code, 1);
}

#[test]
fn fixes_leave_files_that_are_not_utf8_alone_even_with_df009_ignored() {
    let directory = tempfile::tempdir().unwrap();
    let original = b"FROM debian\nLABEL author=Jos\xe9\nRUN apt-get install -y curl\n";
    fs::write(directory.path().join("Dockerfile"), original).unwrap();
    fs::write(
        directory.path().join("plumb.toml"),
        "ignore = [\"DF009\"]\n",
    )
    .unwrap();
    let fixed = plumb(directory.path(), &["check", "--fix", "Dockerfile"]);
    assert!(
        fixed.stderr.contains("No fixes applied."),
        "{}",
        fixed.stderr
    );
    assert_eq!(
        fs::read(directory.path().join("Dockerfile")).unwrap(),
        original
    );
}

#[test]
fn fail_level_decides_the_exit_status() {
    let broken = fixtures();
    assert_eq!(
        plumb(&broken, &["check", "--fail-level", "error", "broken"]).code,
        1
    );
}

#[test]
fn plumb_toml_overrides_severities_ignores_and_per_path_settings() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    fs::create_dir_all(root.join("legacy")).unwrap();
    fs::write(root.join("Dockerfile"), "FROM scratch\nRUNN a\nCMD [1]\n").unwrap();
    fs::write(root.join("legacy/Dockerfile"), "FROM scratch\nRUNN a\n").unwrap();
    fs::write(
        root.join("plumb.toml"),
        "ignore = [\"DF005\"]\n[severity]\nDF001 = \"warning\"\n[[per-path]]\npaths = [\"legacy/**\"]\nignore = [\"DL1000\"]\n",
    )
    .unwrap();
    let run = plumb(root, &["check", "--format", "json"]);
    let report = run.json();
    assert_eq!(codes_and_lines(&report), [("DF001".into(), 2)]);
    assert_eq!(report["diagnostics"][0]["severity"], "warning");
    assert_eq!(report["diagnostics"][0]["file"], "Dockerfile");
    assert_eq!(run.code, 1);
    assert_eq!(plumb(root, &["check", "--fail-level", "error"]).code, 0);

    // The nearest plumb.toml is found from a subdirectory too.
    let nested = plumb(&root.join("legacy"), &["check", "Dockerfile"]);
    assert_eq!(nested.code, 0, "{}", nested.stdout);
}

fn codes(report: &Value) -> Vec<String> {
    codes_and_lines(report)
        .into_iter()
        .map(|(code, _)| code)
        .collect()
}

#[test]
fn ignore_flag_works_as_in_plumb_toml_and_has_the_last_word() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    fs::write(
        root.join("Dockerfile"),
        "FROM debian\nRUNN a\nCMD [1]\nRUN apt-get install -y curl\n",
    )
    .unwrap();
    // plumb.toml raises DF001 to an error, and re-enables DF005 for every path.
    fs::write(
        root.join("plumb.toml"),
        "[severity]\nDF001 = \"error\"\n[[per-path]]\npaths = [\"**\"]\nseverity = { DF005 = \"error\" }\n",
    )
    .unwrap();
    let check = |extra: &[&str]| {
        let mut arguments = vec!["check", "--format", "json"];
        arguments.extend(extra);
        arguments.push("Dockerfile");
        plumb(root, &arguments)
    };
    let all = codes(&check(&[]).json());
    assert!(
        all.contains(&"DF001".into()) && all.contains(&"DF005".into()),
        "{all:?}"
    );

    // An upstream code names the plumb rule, as in plumb.toml.
    let upstream = codes(&check(&["--ignore", "DL1000"]).json());
    assert!(!upstream.contains(&"DF001".into()), "{upstream:?}");
    assert!(upstream.contains(&"DF005".into()), "{upstream:?}");
    // Repeated or comma-separated, over plumb.toml's settings.
    for extra in [
        &["--ignore", "DF001", "--ignore", "DF005"][..],
        &["--ignore", "DF001,df005"][..],
    ] {
        let left = codes(&check(extra).json());
        assert!(
            !left.contains(&"DF001".into()) && !left.contains(&"DF005".into()),
            "{extra:?}: {left:?}"
        );
    }
    // An ignored rule's fixes are not applied either.
    let diff = plumb(root, &["check", "--diff", "Dockerfile"]);
    assert!(
        diff.stdout.contains("--no-install-recommends"),
        "{}",
        diff.stdout
    );
    let ignored = plumb(
        root,
        &["check", "--diff", "--ignore", "DL3015", "Dockerfile"],
    );
    assert_eq!((ignored.code, ignored.stdout.as_str()), (0, ""));

    let unknown = check(&["--ignore", "XX999"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("--ignore XX999: unknown rule"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn config_flag_replaces_the_search_for_plumb_toml() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    fs::create_dir_all(root.join("legacy")).unwrap();
    let text = "FROM scratch\nRUNN a\nCMD [1]\n";
    fs::write(root.join("Dockerfile"), text).unwrap();
    fs::write(root.join("legacy/Dockerfile"), text).unwrap();
    // The plumb.toml that search would find ignores DF001 everywhere.
    fs::write(root.join("plumb.toml"), "ignore = [\"DF001\"]\n").unwrap();
    fs::write(
        root.join("strict.toml"),
        "ignore = [\"DF005\"]\n[[per-path]]\npaths = [\"legacy/**\"]\nignore = [\"DL1000\"]\n",
    )
    .unwrap();
    let searched = plumb(root, &["check", "--format", "json"]).json();
    assert_eq!(
        codes_and_lines(&searched),
        [("DF005".into(), 3), ("DF005".into(), 3)]
    );

    // Given from a subfolder: it applies to every file, and its per-path patterns are
    // relative to its own folder.
    let given = plumb(
        &root.join("legacy"),
        &[
            "check",
            "--format",
            "json",
            "--config",
            "../strict.toml",
            "Dockerfile",
            "../Dockerfile",
        ],
    );
    let report = given.json();
    let findings: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|diagnostic| {
            (
                diagnostic["file"].as_str().unwrap().to_owned(),
                diagnostic["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(findings, [("../Dockerfile".to_owned(), "DF001".to_owned())]);

    let missing = plumb(root, &["check", "--config", "nope.toml"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("cannot read nope.toml"),
        "{}",
        missing.stderr
    );
    fs::write(root.join("bad.toml"), "ignore = [\"XX999\"]\n").unwrap();
    let invalid = plumb(root, &["check", "--config", "bad.toml"]);
    assert_eq!(invalid.code, 2);
    assert!(
        invalid
            .stderr
            .contains("invalid configuration bad.toml:1:11: unknown rule `XX999`"),
        "{}",
        invalid.stderr
    );
}

#[test]
fn hadolint_configuration_is_honoured_where_there_is_no_plumb_toml() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    fs::create_dir_all(root.join("app")).unwrap();
    let text = "FROM quay.io/team/base:1\nRUN apt-get install -y curl\n";
    fs::write(root.join("app/Dockerfile"), text).unwrap();
    fs::write(
        root.join(".hadolint.yaml"),
        "ignored: [DL3008]\noverride:\n  info: [DL3006]\ntrustedRegistries:\n  - docker.io\n  - \"*.example.com\"\nfailure-threshold: error\n",
    )
    .unwrap();
    let report = plumb(root, &["check", "--format", "json"]);
    let codes: Vec<String> = codes_and_lines(&report.json())
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    // DL3008 (DF220) is ignored, DL3006 (DF201) made info, quay.io is not trusted.
    assert_eq!(codes, ["DF201", "DF306", "DF421"]);
    assert_eq!(report.code, 1, "DF306 is an error, the threshold");

    // Only errors fail: without DF306 the run passes, though a warning-level rule fires.
    fs::write(
        root.join("app/Dockerfile"),
        "FROM docker.io/library/alpine:3\nRUN apt-get install -y curl\n",
    )
    .unwrap();
    assert_eq!(plumb(root, &["check"]).code, 0);
    assert_eq!(plumb(root, &["check", "--fail-level", "info"]).code, 1);

    // A plumb.toml in the same folder wins; its fail-level says never.
    fs::write(root.join("plumb.toml"), "fail-level = \"never\"\n").unwrap();
    let report = plumb(root, &["check", "--format", "json"]);
    assert_eq!(report.code, 0);
    assert!(
        codes_and_lines(&report.json())
            .iter()
            .any(|(code, _)| code == "DF220")
    );

    // Given with --config, hadolint's file is read as hadolint's.
    fs::remove_file(root.join("plumb.toml")).unwrap();
    fs::write(root.join("ci.hadolint.yaml"), "failure-threshold: none\n").unwrap();
    assert_eq!(
        plumb(root, &["check", "--config", "ci.hadolint.yaml"]).code,
        0
    );
    fs::write(root.join("bad.hadolint.yaml"), "ignored: DL3008\n").unwrap();
    let invalid = plumb(root, &["check", "--config", "bad.hadolint.yaml"]);
    assert_eq!(invalid.code, 2);
    assert!(
        invalid
            .stderr
            .contains("bad.hadolint.yaml:1:10: expected a list of strings"),
        "{}",
        invalid.stderr
    );
}

#[test]
fn invalid_plumb_toml_is_a_usage_error_with_a_position() {
    let directory = tempfile::tempdir().unwrap();
    fs::write(directory.path().join("Dockerfile"), "FROM x\n").unwrap();
    fs::write(
        directory.path().join("plumb.toml"),
        "[severity]\nDF001 = \"loud\"\n",
    )
    .unwrap();
    let run = plumb(directory.path(), &["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("invalid configuration plumb.toml:2:9: unknown severity `loud`"),
        "{}",
        run.stderr
    );
}

#[test]
fn inline_suppressions_in_three_vocabularies() {
    let directory = tempfile::tempdir().unwrap();
    let text =
        "FROM scratch\n# plumb: ignore=DF001\nRUNN a\n# hadolint ignore=DL1000\nRUNN b\nRUNN c\n";
    fs::write(directory.path().join("Dockerfile"), text).unwrap();
    let report = plumb(directory.path(), &["check", "--format", "json"]).json();
    assert_eq!(codes_and_lines(&report), [("DF001".into(), 6)]);
}

#[test]
fn rules_lists_and_explains() {
    let root = workspace_root();
    let table = plumb(&root, &["rules"]);
    assert_eq!(table.code, 0);
    let df001 = table
        .stdout
        .lines()
        .find(|line| line.starts_with("DF001 "))
        .unwrap_or_else(|| panic!("no DF001 row:\n{}", table.stdout));
    assert_eq!(
        df001.split_whitespace().take(4).collect::<Vec<_>>(),
        ["DF001", "error", "syntax", "unknown-instruction"]
    );
    let one = plumb(&root, &["rules", "DF002"]);
    assert!(
        one.stdout
            .starts_with("DF002 invalid-heredoc: Heredoc is unterminated or malformed\n"),
        "{}",
        one.stdout
    );
    let upstream = plumb(&root, &["rules", "DL1000"]);
    assert!(upstream.stdout.starts_with("DF001 "), "{}", upstream.stdout);
    assert_eq!(plumb(&root, &["rules", "DF999"]).code, 2);
}

#[test]
fn rules_table_columns_stay_aligned() {
    let table = plumb(&workspace_root(), &["rules"]).stdout;
    let rows: Vec<Vec<char>> = table.lines().map(|line| line.chars().collect()).collect();
    let header: String = rows[0].iter().collect();
    let starts: Vec<usize> = ["SEVERITY", "CATEGORY", "NAME", "TITLE"]
        .iter()
        .map(|column| header.find(column).unwrap())
        .collect();
    assert!(rows.len() > 50, "{table}");
    for row in &rows {
        let text: String = row.iter().collect();
        for &start in &starts {
            // Each cell starts at its column, after the space that ends the previous cell.
            assert!(
                row.len() > start && row[start - 1] == ' ' && row[start] != ' ',
                "misaligned at column {start}: {text}"
            );
        }
    }
    // The longest name and title are in the table whole.
    let longest_name = plumb_core::rules::all()
        .iter()
        .map(|rule| rule.name)
        .max_by_key(|name| name.len())
        .unwrap();
    assert!(table.contains(&format!(" {longest_name} ")), "{table}");
}

#[test]
fn rules_reference_in_docs_is_current() {
    let root = workspace_root();
    let generated = plumb(&root, &["rules", "--markdown"]).stdout;
    let path = root.join("docs/rules.md");
    if std::env::var_os("PLUMB_UPDATE_DOCS").is_some() {
        fs::write(&path, &generated).unwrap();
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/rules.md is stale: run `PLUMB_UPDATE_DOCS=1 cargo test -p plumb-cli --test cli rules_reference` or `plumb rules --markdown > docs/rules.md`"
    );
}

/// The browser fetches the rules' documentation from web/rule-docs.json (its build leaves
/// the texts out): the file must say what the rules say.
#[test]
fn rules_documentation_for_the_browser_is_current() {
    let generated = plumb_core::rules::docs_file::docs_file();
    let path = workspace_root().join("web/rule-docs.json");
    if std::env::var_os("PLUMB_UPDATE_DOCS").is_some() {
        fs::write(&path, &generated).unwrap();
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "web/rule-docs.json is stale: run `PLUMB_UPDATE_DOCS=1 cargo test -p plumb-cli --test cli rules_documentation`"
    );
}

#[test]
fn dump_prints_instructions_with_continuations_and_heredocs() {
    let run = plumb(&fixtures(), &["dump", "heredocs.Dockerfile"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dump = run.json();
    let instructions = dump["instructions"].as_array().unwrap();
    let summary: Vec<(&str, u64, u64)> = instructions
        .iter()
        .map(|instruction| {
            (
                instruction["keyword"].as_str().unwrap(),
                instruction["start_line"].as_u64().unwrap(),
                instruction["end_line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("FROM", 3, 3),
            ("RUN", 5, 9),
            ("COPY", 10, 13),
            ("RUN", 14, 18),
            ("ENV", 19, 19),
            ("ONBUILD", 20, 20),
            ("CMD", 21, 21)
        ]
    );
    assert_eq!(dump["directives"][0]["value"], "docker/dockerfile:1.7");
    let run_apk = &instructions[1];
    assert_eq!(
        run_apk["arguments"][0],
        "apk add --no-cache       curl       jq"
    );
    assert_eq!(run_apk["form"], "shell");
    let copy = &instructions[2];
    assert_eq!(copy["flags"][0], "--chmod=0755");
    assert_eq!(
        copy["arguments"],
        serde_json::json!(["<<'SCRIPT'", "/usr/local/bin/hello"])
    );
    assert_eq!(copy["heredocs"][0]["name"], "SCRIPT");
    assert_eq!(copy["heredocs"][0]["expand"], false);
    assert_eq!(
        copy["heredocs"][0]["content"],
        "#!/bin/sh\necho \"hello $USER\"\n"
    );
    let two = &instructions[3]["heredocs"];
    assert_eq!(two[0]["name"], "EOF");
    assert_eq!(two[0]["chomp"], true);
    assert_eq!(two[0]["content"], "\tindented with a tab\n");
    assert_eq!(two[1]["content"], "FROM b-body\n");
    assert_eq!(
        instructions[4]["arguments"],
        serde_json::json!(["A", "1", "=", "B", "\"two words\"", "="])
    );
    assert_eq!(instructions[5]["trigger"]["keyword"], "RUN");
    assert_eq!(instructions[6]["form"], "exec");
    assert_eq!(dump["diagnostics"], serde_json::json!([]));
}

#[test]
fn dump_resolved_shows_stages_with_expanded_values() {
    let directory = tempfile::tempdir().unwrap();
    fs::write(
        directory.path().join("Dockerfile"),
        "ARG BASE=alpine\nARG TAG=3.20\nFROM ${BASE}:${TAG} AS build\nARG TAG\nENV DIR=/src/$TAG\nWORKDIR $DIR\nFROM scratch\nCOPY --from=build /src /src\n",
    )
    .unwrap();
    let run = plumb(directory.path(), &["dump", "--resolved", "Dockerfile"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let resolved = &run.json()["resolved"];
    assert_eq!(resolved["global_args"][1]["value"], "3.20");
    let build = &resolved["stages"][0];
    assert_eq!(build["name"], "build");
    assert_eq!(build["base_resolved"], "alpine:3.20");
    assert_eq!(build["instructions"][2]["keyword"], "WORKDIR");
    assert_eq!(build["instructions"][2]["fields"][0]["value"], "/src/3.20");
    assert_eq!(build["variables"]["DIR"], "/src/3.20");
    let last = &resolved["stages"][1];
    assert_eq!(last["source"]["kind"], "scratch");
    assert_eq!(
        last["dependencies"][0]["source"],
        serde_json::json!({"kind": "stage", "value": 0})
    );
}

#[test]
fn realistic_node_dockerfile_reports_each_reproducibility_problem_at_its_line() {
    let realistic = workspace_root().join("tests/fixtures/realistic");
    let report = plumb(
        &realistic,
        &["check", "--format", "json", "node-multistage.Dockerfile"],
    )
    .json();
    let found = codes_and_lines(&report);
    for expected in [
        ("DF202", 1), // floating # syntax
        ("DF201", 4), // base images by tag only
        ("DF201", 10),
        ("DF201", 16),
        ("DF220", 6),  // apt packages without versions
        ("DF223", 8),  // npm install instead of npm ci
        ("DF208", 13), // COPY . . without .dockerignore
        ("DF229", 14), // tar without --sort/--mtime
        ("DF221", 18), // apt-get update alone
        ("DF220", 19),
        ("DF225", 20), // curl | sh
        ("DF227", 21), // useradd without a fixed uid
        ("DF203", 25), // ADD URL without --checksum
        ("DF207", 26), // USER by name
    ] {
        assert!(
            found.contains(&(expected.0.to_owned(), expected.1)),
            "missing {expected:?} in {found:?}"
        );
    }
}

#[test]
fn fix_diff_and_unsafe_fixes() {
    let directory = tempfile::tempdir().unwrap();
    let source = workspace_root().join("tests/fixtures/realistic/node-multistage.Dockerfile");
    let path = directory.path().join("Dockerfile");
    fs::copy(&source, &path).unwrap();
    let original = fs::read_to_string(&path).unwrap();

    let diff = plumb(directory.path(), &["check", "--diff"]);
    assert_eq!(
        diff.code, 1,
        "--diff exits 1 when there is something to fix"
    );
    assert!(
        diff.stdout
            .contains("+RUN apt-get install --no-install-recommends -y curl ca-certificates\n"),
        "{}",
        diff.stdout
    );
    assert!(
        !diff.stdout.contains("npm ci"),
        "unsafe fixes need --unsafe-fixes:\n{}",
        diff.stdout
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        original,
        "--diff writes nothing"
    );

    let unsafe_diff = plumb(directory.path(), &["check", "--diff", "--unsafe-fixes"]);
    assert!(
        unsafe_diff.stdout.contains("+RUN npm ci\n"),
        "{}",
        unsafe_diff.stdout
    );
    assert!(
        unsafe_diff
            .stdout
            .contains("+CMD [\"node\", \"dist/server.js\"]\n"),
        "{}",
        unsafe_diff.stdout
    );

    let fixed = plumb(directory.path(), &["check", "--fix", "--format", "json"]);
    assert!(
        fixed.stderr.contains("Applied 2 fixes in 1 file."),
        "{}",
        fixed.stderr
    );
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches("--no-install-recommends").count(), 2);
    assert!(text.contains("RUN npm install\n"));
    let remaining = codes_and_lines(&fixed.json());
    assert!(
        !remaining.iter().any(|(code, _)| code == "DF421"),
        "{remaining:?}"
    );
}

#[test]
fn platform_sets_the_automatic_target_args() {
    let directory = tempfile::tempdir().unwrap();
    fs::write(
        directory.path().join("Dockerfile"),
        "FROM --platform=$TARGETPLATFORM alpine:3.20\nARG TARGETARCH\nRUN echo $TARGETARCH\n",
    )
    .unwrap();
    let platform_of = |arguments: &[&str]| {
        let run = plumb(directory.path(), arguments);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.json()["resolved"]["stages"][0]["platform"].clone()
    };
    let dump = ["dump", "--resolved", "Dockerfile"];
    assert_eq!(platform_of(&dump), "linux/amd64");
    assert_eq!(
        platform_of(&[&dump[..], &["--platform", "linux/arm64/v8"]].concat()),
        "linux/arm64/v8"
    );
    let bad = plumb(
        directory.path(),
        &["check", "--platform", "arm64", "Dockerfile"],
    );
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("expected os/architecture"),
        "{}",
        bad.stderr
    );
}

#[test]
fn copy_sources_missing_from_the_folder_are_reported_as_info() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    fs::create_dir_all(root.join("app/src")).unwrap();
    fs::write(root.join("app/src/index.js"), "").unwrap();
    fs::write(root.join("app/.dockerignore"), "secret.env\n").unwrap();
    fs::write(root.join("app/secret.env"), "").unwrap();
    fs::write(
        root.join("app/Dockerfile"),
        "FROM node:22\nCOPY src/ ./src/\nCOPY package.json ./\nCOPY secret.env ./\n",
    )
    .unwrap();
    let run = plumb(root, &["check", "--format", "json", "app"]);
    let report = run.json();
    let found: Vec<(String, String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|diagnostic| ["DF032", "DF112"].contains(&diagnostic["code"].as_str().unwrap()))
        .map(|diagnostic| {
            (
                diagnostic["code"].as_str().unwrap().to_owned(),
                diagnostic["severity"].as_str().unwrap().to_owned(),
                diagnostic["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("DF032".to_owned(), "info".to_owned(), 3),
            ("DF112".to_owned(), "warning".to_owned(), 4)
        ]
    );
}

/// mkosi 27 splits `Packages=` at whitespace too, so `npm git` names npm there; mkosi 26 reads
/// one package called `npm git`, and a script running npm needs a package that provides it.
#[test]
fn the_mkosi_release_decides_how_package_lists_split() {
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path();
    fs::write(
        root.join("mkosi.conf"),
        "[Distribution]\nDistribution=debian\n\n[Content]\nBuildPackages=npm git\n",
    )
    .unwrap();
    fs::write(root.join("mkosi.prepare"), "#!/bin/sh\nnpm --version\n").unwrap();
    let missing_npm = |release: Option<&str>| {
        match release {
            Some(release) => fs::write(
                root.join("plumb.toml"),
                format!("[mkosi]\nversion = \"{release}\"\n"),
            )
            .unwrap(),
            None => {
                let _ = fs::remove_file(root.join("plumb.toml"));
            }
        }
        let run = plumb(root, &["check", "--format", "json", "."]);
        codes_and_lines(&run.json())
            .iter()
            .any(|(code, _)| code == "MK101")
    };
    assert!(
        missing_npm(None),
        "mkosi 26, the default: one package named `npm git`"
    );
    assert!(missing_npm(Some("24")));
    assert!(!missing_npm(Some("27")), "mkosi 27: npm and git");
}
