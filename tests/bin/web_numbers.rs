//! The web app's numbers for docs/BENCHMARKS.md, measured in headless Chromium: what the page
//! loads (bytes, and gzip -9 as a server would send them), time to first render and to the
//! first analysis shown, and what an edit costs (on the page, in the analysis worker, until
//! the problems list shows it, and the longest time between frames meanwhile) for the example
//! the page opens with and for 1,000- and 2,000-line Dockerfiles. Prints Markdown; asserts
//! only that the analysis ran in the worker. Run by `scripts/bench-web`, which builds the app
//! first.

use plumb_core::rules::docs_file::DOCS_FILE;
use plumb_tests::browser::{Browser, BrowserPaths, StaticServer, wait_for};
use plumb_tests::plumb::workspace_root;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use std::{env, fs};

/// Edits timed per text; the median is printed.
const EDITS: usize = 21;

fn main() {
    let dist =
        env::var_os("PLUMB_WEB_DIST").map_or_else(|| workspace_root().join("dist"), PathBuf::from);
    print_sizes(&dist);

    let server = StaticServer::start(&dist).expect("serve the web build");
    let browser = Browser::start(&BrowserPaths::default()).expect("start headless Chromium");
    browser.goto(&server.url()).expect("open the app");
    let marked = |name: &str| {
        wait_for(Duration::from_secs(20), name, || {
            let mark = browser.execute(
                "const marks = performance.getEntriesByName(arguments[0]); return marks.length ? marks[0].startTime : null;",
                &[json!(name)],
            )?;
            Ok(mark.as_f64())
        })
        .expect("the app renders and analyses")
    };
    let first_render = marked("plumb-first-render");
    let first_analysis = marked("plumb-first-analysis");
    println!("\n| measure | value |\n|---|---:|");
    println!("| time to first render (from navigation start) | {first_render:.0} ms |");
    println!(
        "| time to the first analysis shown (from navigation start) | {first_analysis:.0} ms |"
    );

    let example = browser
        .execute(
            "return document.querySelector('#editor').editorView.state.doc.toString();",
            &[],
        )
        .expect("read the example");
    let example = example.as_str().expect("the editor's text").to_owned();
    let realistic = fs::read_to_string(
        workspace_root().join("tests/fixtures/realistic/node-multistage.Dockerfile"),
    )
    .expect("read the realistic Dockerfile");
    let texts = [
        ("example the page opens with", example),
        ("1,000-line Dockerfile", repeated_stages(&realistic, 1_000)),
        ("2,000-line Dockerfile", repeated_stages(&realistic, 2_000)),
    ];
    // The engine compiles the module quickly first and optimises the code that runs often
    // later: warm up on the largest text so each measure times the optimised code.
    if let Some((_, largest)) = texts.last() {
        median_edit(&browser, largest);
    }
    for (name, text) in &texts {
        let edit = median_edit(&browser, text);
        let lines = text.lines().count();
        let rows = [
            ("a keystroke on the page (the change handler)", edit.handler),
            ("its analysis in the worker", edit.analysis),
            ("until the problems list shows it", edit.shown),
            (
                "the longest time between two frames meanwhile",
                edit.frame_gap,
            ),
        ];
        for (what, milliseconds) in rows {
            println!(
                "| edit of the {name} ({lines} lines): {what}, median of {EDITS} | {milliseconds:.1} ms |"
            );
        }
        println!(
            "| edit of the {name} ({lines} lines): the longest time between two frames in all {EDITS} | {:.1} ms |",
            edit.longest_frame_gap
        );
    }
}

/// Every file of the build, its size and its gzip -9 size, and the totals.
fn print_sizes(dist: &Path) {
    let mut files: Vec<PathBuf> = fs::read_dir(dist)
        .expect("read the web build")
        .map(|entry| entry.expect("a build file").path())
        .filter(|path| path.is_file() && is_loaded(path))
        .collect();
    files.sort();
    println!("| file | bytes | gzip -9 |\n|---|---:|---:|");
    let (mut raw_total, mut gzip_total) = (0, 0);
    for file in &files {
        let raw = fs::metadata(file).expect("a size").len();
        let gzip = gzip_size(file);
        raw_total += raw;
        gzip_total += gzip;
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        println!("| {name} | {raw} | {gzip} |");
    }
    println!("| all the page loads | {raw_total} | {gzip_total} |");
    let docs = dist.join(DOCS_FILE);
    println!(
        "| {DOCS_FILE}, fetched when a rule's documentation is first opened | {} | {} |",
        fs::metadata(&docs).expect("the rules' documentation").len(),
        gzip_size(&docs)
    );
}

/// Whether the page loads the file: not Trunk's lock file, not the licenses text (a link),
/// not the rules' documentation (fetched when a rule's is opened, shown on its own line).
fn is_loaded(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    !name.starts_with('.') && !name.ends_with(".txt") && name != DOCS_FILE
}

fn gzip_size(file: &Path) -> u64 {
    let output = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(file)
        .output()
        .expect("run gzip");
    assert!(output.status.success(), "gzip failed on {}", file.display());
    output.stdout.len() as u64
}

/// The realistic file's stages again and again, each copy's stage names made its own, to at
/// least `lines` lines.
fn repeated_stages(realistic: &str, lines: usize) -> String {
    let (header, stages) = realistic
        .split_once("\nFROM ")
        .map(|(header, rest)| (header, format!("FROM {rest}")))
        .expect("a Dockerfile with stages");
    let names: Vec<&str> = stages
        .lines()
        .filter_map(|line| line.split_once(" AS ").map(|(_, name)| name.trim()))
        .collect();
    let mut text = format!("{header}\n");
    let mut copy = 0;
    while text.lines().count() < lines {
        let mut stages = stages.clone();
        for name in &names {
            stages = stages
                .replace(&format!(" AS {name}\n"), &format!(" AS {name}_{copy}\n"))
                .replace(
                    &format!("--from={name} "),
                    &format!("--from={name}_{copy} "),
                );
        }
        text.push_str(&stages);
        text.push('\n');
        copy += 1;
    }
    text
}

/// The medians over edits of `text`: how long the keystroke takes on the page (the editor's
/// change handler; the analysis runs in the worker), how long the worker's analysis takes,
/// how long until the problems list shows the analysis of the edited text, and the longest
/// time between two frames meanwhile (over 16.7 ms, a frame was lost at 60 Hz). The text is
/// set first; then each edit types or deletes a character at its end, as typing does.
fn median_edit(browser: &Browser, text: &str) -> Edit {
    let script = "const [text, edits, done] = arguments;\
        const view = document.querySelector('#editor').editorView;\
        const list = () => document.querySelector('#problems');\
        const analysed = () => list().getAttribute('aria-busy') === 'false';\
        const median = times => times.sort((a, b) => a - b)[Math.floor(times.length / 2)];\
        const shown = () => new Promise(resolve => {\
          const read = () => analysed() ? resolve() : setTimeout(read, 0);\
          setTimeout(read, 0);\
        });\
        (async () => {\
          view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });\
          await shown();\
          const handler = [], analysis = [], until = [], gaps = [];\
          for (let edit = 0; edit < edits; edit++) {\
            const end = view.state.doc.length;\
            const change = edit % 2 ? { from: end - 1, to: end } : { from: end, insert: '#' };\
            let last = performance.now(), gap = 0, watching = true;\
            const frame = now => { gap = Math.max(gap, now - last); last = now; if (watching) requestAnimationFrame(frame); };\
            requestAnimationFrame(frame);\
            const start = performance.now();\
            view.dispatch({ changes: change });\
            handler.push(performance.now() - start);\
            await shown();\
            until.push(performance.now() - start);\
            await new Promise(resolve => requestAnimationFrame(() => resolve()));\
            watching = false;\
            gaps.push(gap);\
            analysis.push(Number(list().dataset.milliseconds));\
          }\
          done([median(handler), median(analysis), median(until), median(gaps), Math.max(...gaps), list().dataset.analysedIn]);\
        })();";
    let medians: Value = browser
        .execute_async(script, &[json!(text), json!(EDITS)])
        .expect("time the edits");
    let number = |index: usize| medians[index].as_f64().expect("a time in ms");
    assert_eq!(
        medians[5],
        json!("worker"),
        "the analysis runs in the worker"
    );
    Edit {
        handler: number(0),
        analysis: number(1),
        shown: number(2),
        frame_gap: number(3),
        longest_frame_gap: number(4),
    }
}

/// What [`median_edit`] measures, in milliseconds.
struct Edit {
    handler: f64,
    analysis: f64,
    shown: f64,
    frame_gap: f64,
    longest_frame_gap: f64,
}
