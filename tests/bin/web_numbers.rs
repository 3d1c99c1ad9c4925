//! The web app's numbers for docs/BENCHMARKS.md, measured in headless Chromium: what the page
//! loads (bytes, and gzip -9 as a server would send them), time to first render, and the time
//! an edit takes in the editor (the analysis runs in its change handler) for the example the
//! page opens with and for 1,000- and 2,000-line Dockerfiles. Prints Markdown; asserts
//! nothing. Run by `scripts/bench-web`, which builds the app first.

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
    let first_render = wait_for(Duration::from_secs(20), "the first-render mark", || {
        let mark = browser.execute(
            "const marks = performance.getEntriesByName('plumb-first-render'); return marks.length ? marks[0].startTime : null;",
            &[],
        )?;
        Ok(mark.as_f64())
    })
    .expect("the app renders");
    println!("\n| measure | value |\n|---|---:|");
    println!("| time to first render (from navigation start) | {first_render:.0} ms |");

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
        let (handler, frame) = median_edit(&browser, text);
        let lines = text.lines().count();
        println!(
            "| edit of the {name} ({lines} lines): a keystroke (analysis included), median of {EDITS} | {handler:.1} ms |"
        );
        println!(
            "| edit of the {name} ({lines} lines): until the next frame, problems rendered | {frame:.1} ms |"
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
}

/// Whether the page loads the file: not Trunk's lock file, not the licenses text (a link).
fn is_loaded(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    !name.starts_with('.') && !name.ends_with(".txt")
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

/// The median time of an edit of `text`, as `(handler, frame)`: how long a keystroke's
/// change takes in the editor (its change handler analyses the whole text before it returns),
/// and how long until the next frame after it (the problems list rendered). The text is set
/// first; then each edit types or deletes a character at its end, as typing does.
fn median_edit(browser: &Browser, text: &str) -> (f64, f64) {
    let script = "const [text, edits, done] = arguments;\
        const view = document.querySelector('#editor').editorView;\
        const nextFrame = () => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve)));\
        const median = times => times.sort((a, b) => a - b)[Math.floor(times.length / 2)];\
        (async () => {\
          plumbEditor.setText(view, text, 'dockerfile');\
          await nextFrame();\
          const handler = [], frame = [];\
          for (let edit = 0; edit < edits; edit++) {\
            const end = view.state.doc.length;\
            const change = edit % 2 ? { from: end - 1, to: end } : { from: end, insert: '#' };\
            const start = performance.now();\
            view.dispatch({ changes: change });\
            handler.push(performance.now() - start);\
            await nextFrame();\
            frame.push(performance.now() - start);\
          }\
          done([median(handler), median(frame)]);\
        })();";
    let medians: Value = browser
        .execute_async(script, &[json!(text), json!(EDITS)])
        .expect("time the edits");
    let number = |index: usize| medians[index].as_f64().expect("a time in ms");
    (number(0), number(1))
}
