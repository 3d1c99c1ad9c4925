//! Plan generation's numbers for docs/BENCHMARKS.md: a 20-stage Dockerfile and a build
//! context of 10,000 files, planned natively (`plumb plan`, the whole process: reading and
//! hashing the context from disk included) and in the browser (the web app's module in
//! headless Chromium, answering the request its worker answers: the workspace's files in
//! memory, analysed, with and without the plan). Prints Markdown; medians of `RUNS` runs
//! after `WARMUP` unmeasured ones. Run by `scripts/bench-plan`, which builds both first.

use plumb_core::lock::{Lock, LockedImage, PlatformImage};
use plumb_tests::browser::{Browser, BrowserPaths, StaticServer, wait_for};
use plumb_tests::plumb::workspace_root;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use std::{env, fs};

const RUNS: usize = 11;
const WARMUP: usize = 2;
const BASE: &str = "registry.test/base:1";

/// A project: its files by path, all text.
type Project = BTreeMap<String, String>;

fn main() {
    let projects = [
        ("20-stage Dockerfile", twenty_stages()),
        ("context of 10,000 files", ten_thousand_files()),
    ];
    let plumb = env::var_os("PLUMB_BINARY").map_or_else(
        || workspace_root().join("target/release/plumb"),
        PathBuf::from,
    );
    let dist =
        env::var_os("PLUMB_WEB_DIST").map_or_else(|| workspace_root().join("dist"), PathBuf::from);

    println!("| input | `plumb plan` (native, whole process) | `plumb check` (same) |");
    println!("|---|---:|---:|");
    for (name, project) in &projects {
        let directory = tempfile::tempdir().expect("a temporary directory");
        write_project(directory.path(), project);
        let plan = median(|| run(&plumb, directory.path(), &["plan", "-o", "/dev/null"]));
        let check = median(|| run(&plumb, directory.path(), &["check", "--format", "json"]));
        println!("| {name} | {plan:.1} ms | {check:.1} ms |");
    }

    let server = StaticServer::start(&dist).expect("serve the web build");
    let browser = Browser::start(&BrowserPaths::default()).expect("start headless Chromium");
    browser.goto(&server.url()).expect("open the app");
    wait_for(Duration::from_secs(20), "the app's module", || {
        Ok(browser
            .execute(
                "return typeof window.wasmBindings?.answer === 'function';",
                &[],
            )?
            .as_bool()
            .filter(|loaded| *loaded))
    })
    .expect("the app loads");
    println!("\n| input | in the browser: analysis and plan | analysis alone | the plan's part |");
    println!("|---|---:|---:|---:|");
    for (name, project) in &projects {
        let with_plan = in_browser(&browser, project, true);
        let without = in_browser(&browser, project, false);
        println!(
            "| {name} | {with_plan:.1} ms | {without:.1} ms | {:.1} ms |",
            with_plan - without
        );
    }
}

/// Twenty stages on one pinned base, each copying a file of its own and the previous
/// stage's output, with build arguments and a RUN; the last one copies every stage's.
fn twenty_stages() -> Project {
    let mut dockerfile = String::from("ARG VERSION=1\n");
    let mut project = Project::new();
    for stage in 0..20 {
        dockerfile.push_str(&format!(
            "\nFROM {BASE} AS s{stage}\nARG VERSION\nENV STAGE={stage}\nWORKDIR /work\nCOPY src/s{stage}.txt ./\n"
        ));
        if stage > 0 {
            dockerfile.push_str(&format!(
                "COPY --from=s{} /work/out.txt ./previous.txt\n",
                stage - 1
            ));
        }
        dockerfile.push_str("RUN [\"/bin/busybox\", \"sh\", \"-c\", \"cat *.txt > out.txt\"]\n");
        project.insert(format!("src/s{stage}.txt"), format!("stage {stage}\n"));
    }
    dockerfile.push_str("\nFROM scratch\n");
    for stage in 0..20 {
        dockerfile.push_str(&format!(
            "COPY --from=s{stage} /work/out.txt /out/s{stage}.txt\n"
        ));
    }
    project.insert("Dockerfile".into(), dockerfile);
    with_lock(project)
}

/// One stage copying a context of 10,000 files in 100 folders.
fn ten_thousand_files() -> Project {
    let mut project = Project::new();
    project.insert(
        "Dockerfile".into(),
        format!("FROM {BASE}\nCOPY . /app\nRUN [\"/bin/busybox\", \"ls\", \"/app\"]\n"),
    );
    for folder in 0..100 {
        for file in 0..100 {
            project.insert(
                format!("src/d{folder:02}/f{file:03}.txt"),
                format!("file {file} of folder {folder}: some text to hash\n"),
            );
        }
    }
    with_lock(project)
}

/// `project` with a plumb.lock pinning the base image (its digests made up), so that the
/// plan has nothing unpinned.
fn with_lock(mut project: Project) -> Project {
    let digest = |byte: &str| format!("sha256:{}", byte.repeat(32));
    let image = LockedImage {
        source: "registry".into(),
        digest: digest("aa"),
        media_type: "application/vnd.oci.image.manifest.v1+json".into(),
        platforms: BTreeMap::from([(
            "linux/amd64".into(),
            PlatformImage {
                manifest: digest("aa"),
                config: digest("bb"),
                env: vec!["PATH=/bin".into()],
            },
        )]),
    };
    let mut lock = Lock::new(BTreeMap::from([(BASE.to_owned(), image)]));
    lock.source_date_epoch = Some(1_735_689_600);
    let bytes = lock.to_bytes().expect("a lock's bytes");
    project.insert(
        "plumb.lock".into(),
        String::from_utf8(bytes).expect("JSON is text"),
    );
    project.insert(".dockerignore".into(), "plumb.lock\n".into());
    project
}

fn write_project(directory: &Path, project: &Project) {
    for (path, text) in project {
        let file = directory.join(path);
        fs::create_dir_all(file.parent().expect("a file in a folder")).expect("make the folder");
        fs::write(file, text).expect("write the file");
    }
}

/// Runs plumb in `directory` (it must succeed) and returns how long it took, in ms.
fn run(plumb: &Path, directory: &Path, arguments: &[&str]) -> f64 {
    let started = Instant::now();
    let output = Command::new(plumb)
        .args(arguments)
        .current_dir(directory)
        .output()
        .expect("run plumb");
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    assert!(
        output.status.code().is_some_and(|code| code < 2),
        "plumb {arguments:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    elapsed
}

/// The median of `RUNS` timings of `measure`, after `WARMUP` unmeasured ones.
fn median(mut measure: impl FnMut() -> f64) -> f64 {
    for _ in 0..WARMUP {
        measure();
    }
    let mut times: Vec<f64> = (0..RUNS).map(|_| measure()).collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

/// The median time the web app's module takes to answer an analysis request for `project`
/// (what its worker answers), with the plan or without, on the page's thread.
fn in_browser(browser: &Browser, project: &Project, plan: bool) -> f64 {
    let request = json!({
        "Analyze": {
            "generation": 1,
            "files": { "files": project, "open": "Dockerfile" },
            "plan": plan,
        }
    })
    .to_string();
    let script = "const [request, runs, warmup] = arguments;\
        const times = [];\
        let reply;\
        for (let run = 0; run < warmup + runs; run++) {\
          const started = performance.now();\
          reply = window.wasmBindings.answer(request);\
          if (run >= warmup) times.push(performance.now() - started);\
        }\
        times.sort((a, b) => a - b);\
        return [times[Math.floor(times.length / 2)], reply];";
    let answer: Value = browser
        .execute(script, &[json!(request), json!(RUNS), json!(WARMUP)])
        .expect("time the analysis");
    let reply: Value =
        serde_json::from_str(answer[1].as_str().expect("a reply")).expect("a JSON reply");
    let planned = &reply["Report"]["report"]["plan"];
    assert_eq!(
        planned.is_object(),
        plan,
        "the reply has a plan exactly when asked: {reply}"
    );
    if plan {
        assert!(planned["text"].is_string(), "a plan was made: {planned}");
    }
    answer[0].as_f64().expect("a time in ms")
}
