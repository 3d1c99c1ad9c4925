//! The web app in headless Chromium: typing shows diagnostics where they belong, and the page
//! reports exactly what the CLI reports for the same file.
//!
//! Needs the web build (`trunk build --release --offline`, into `<workspace>/dist` or
//! `$PLUMB_WEB_DIST`) to be built first, plus Debian's `chromium` and `chromium-driver`. Without
//! them the tests are skipped locally and fail in CI.

use plumb_tests::browser::{Browser, BrowserPaths, Element, StaticServer, wait_for};
use plumb_tests::fixtures::{dockerfiles_in, fixtures_in};
use plumb_tests::plumb::workspace_root;

plumb_tests::use_plumb_binary!();
use plumb_tests::require;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;
use std::{env, fs};

/// Generous: the first load compiles the wasm module in a cold browser.
const RENDER_TIMEOUT: Duration = Duration::from_secs(20);

/// One diagnostic as `(code, line, column, severity, message)`; columns count characters.
type Place = (String, u64, u64, String, String);

/// The served app in a browser. Fields drop in order: the browser quits before the server stops.
struct App {
    browser: Browser,
    server: StaticServer,
}

fn dist_dir() -> PathBuf {
    env::var_os("PLUMB_WEB_DIST").map_or_else(|| workspace_root().join("dist"), PathBuf::from)
}

/// Serves `dist/`, opens it in headless Chromium and waits for the app to render; `None` when
/// a prerequisite is missing (and not in CI).
fn open_app() -> Option<App> {
    open_app_after("")
}

/// [`open_app`], with `script` run in the page before the app's own scripts.
fn open_app_after(script: &str) -> Option<App> {
    let dist = dist_dir();
    let paths = BrowserPaths::default();
    let web_build = format!(
        "the web build in {} (run `trunk build --release --offline`)",
        dist.display()
    );
    let chromedriver = format!(
        "{} (Debian package chromium-driver)",
        paths.chromedriver.display()
    );
    let chromium = format!("{} (Debian package chromium)", paths.chromium.display());
    if !(require(&web_build, dist.join("index.html").is_file())
        && require(&chromedriver, paths.chromedriver.is_file())
        && require(&chromium, paths.chromium.is_file()))
    {
        return None;
    }

    let server = StaticServer::start(&dist).expect("serve the web build");
    let browser = Browser::start(&paths).expect("start headless Chromium");
    if !script.is_empty() {
        browser
            .run_before_each_page(script)
            .expect("a script before the page's");
    }
    browser.goto(&server.url()).expect("open the app");
    wait_for(
        RENDER_TIMEOUT,
        "the app to render its problems list",
        || Ok(browser.find("#problems")?.map(drop)),
    )
    .expect("the app renders");
    wait_for_analysis(&browser);
    Some(App { browser, server })
}

/// Whether the problems list shows the analysis of the workspace as it is (the analysis
/// runs in a worker; the list says `aria-busy` while it waits for it).
const ANALYSED: &str = "document.querySelector('#problems').getAttribute('aria-busy') === 'false'";

/// Where the analysis shown ran: `worker` or `page`.
fn analysed_in(browser: &Browser) -> String {
    let place = browser
        .execute(
            "return document.querySelector('#problems').dataset.analysedIn;",
            &[],
        )
        .unwrap();
    place.as_str().unwrap_or_default().to_owned()
}

/// Waits until the problems list shows the analysis of the workspace as it is.
fn wait_for_analysis(browser: &Browser) {
    wait_for(RENDER_TIMEOUT, "the analysis of the workspace", || {
        let analysed = browser.execute(&format!("return {ANALYSED};"), &[])?;
        Ok((analysed == json!(true)).then_some(()))
    })
    .expect("the analysis comes");
}

/// The page's workspace, path and text of each file, as it keeps it in local storage.
fn workspace_files(browser: &Browser) -> Vec<(String, String)> {
    let saved = browser
        .execute(
            "return JSON.parse(localStorage.getItem('plumb-workspace'));",
            &[],
        )
        .unwrap();
    saved["files"]
        .as_object()
        .expect("a saved workspace")
        .iter()
        .map(|(path, text)| (path.clone(), text.as_str().unwrap_or_default().to_owned()))
        .collect()
}

/// The paths in the files panel, in order.
fn listed_files(browser: &Browser) -> Value {
    browser
        .execute(
            "return Array.from(document.querySelectorAll('.files .file'), file => file.dataset.path);",
            &[],
        )
        .unwrap()
}

/// Waits until the files panel lists `path` among others.
fn wait_for_listed(browser: &Browser, what: &str, path: &str) {
    wait_for(RENDER_TIMEOUT, what, || {
        let listed = listed_files(browser);
        Ok(listed
            .as_array()
            .is_some_and(|paths| paths.contains(&json!(path)))
            .then_some(()))
    })
    .unwrap();
}

/// Chooses example `index` in the examples list, as a user would.
fn open_example(browser: &Browser, index: usize) {
    browser
        .execute(
            "const select = document.querySelector('#examples');\
             select.value = String(arguments[0]);\
             select.dispatchEvent(new Event('change', { bubbles: true }));",
            &[json!(index)],
        )
        .unwrap();
}

/// Waits until the files panel lists `expected`, in order.
fn wait_for_files(browser: &Browser, what: &str, expected: &Value) {
    wait_for(RENDER_TIMEOUT, what, || {
        Ok((listed_files(browser) == *expected).then_some(()))
    })
    .unwrap();
}

/// CodeMirror's editable content, in the editor's shadow root: where keys are typed.
fn editor_content(browser: &Browser) -> Element {
    browser
        .execute_for_element(
            "return document.querySelector('#editor').shadowRoot.querySelector('.cm-content');",
        )
        .unwrap()
        .expect("the editor's content")
}

/// Clicks the first element matching `selector`, which must be there.
fn click(browser: &Browser, selector: &str) {
    let element = browser
        .find(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"));
    browser.click(&element).unwrap();
}

/// Opens the documentation of rule `code` from its finding in the problems panel; its title.
fn open_rule_docs(browser: &Browser, code: &str) -> String {
    click(browser, &format!(".diagnostic[data-code='{code}'] .code"));
    let title = wait_for(RENDER_TIMEOUT, "the rule's documentation", || {
        browser.find("#rule-docs-title")
    })
    .unwrap();
    browser.text(&title).unwrap()
}

/// The editor's text.
const EDITOR_TEXT: &str =
    "return document.querySelector('#editor').editorView.state.doc.toString();";

/// Every diagnostic on the page, in page order.
const COLLECT: &str = "Array.from(document.querySelectorAll('#problems .diagnostic'), item => [\
    item.dataset.code, Number(item.dataset.line), Number(item.dataset.column), \
    item.dataset.severity, item.dataset.message])";

fn places(value: &Value) -> Vec<Place> {
    value
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .map(|place| {
            let text = |index: usize| place[index].as_str().expect("a string").to_owned();
            let number = |index: usize| place[index].as_u64().expect("a number");
            (text(0), number(1), number(2), text(3), text(4))
        })
        .collect()
}

#[test]
fn typing_shows_the_diagnostic_at_its_line() {
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    let editor = editor_content(browser);

    // The example the page starts with is clean.
    let no_problems = browser
        .find("#no-problems")
        .unwrap()
        .expect("the example has no problems");
    assert_eq!(browser.text(&no_problems).unwrap(), "No problems");

    let typed = "FROM scratch\nRUNN echo hi\n";
    // Select everything (Ctrl+A, released by the second Ctrl), then type over it, key by key.
    browser
        .type_text(&editor, &format!("\u{E009}a\u{E009}{typed}"))
        .unwrap();
    let diagnostic = wait_for(RENDER_TIMEOUT, "DF001 for the typed text", || {
        if browser.execute(EDITOR_TEXT, &[])? != typed
            || browser.execute(&format!("return {ANALYSED};"), &[])? != json!(true)
        {
            return Ok(None);
        }
        browser.find(".diagnostic[data-code='DF001']")
    })
    .unwrap();
    // The analysis ran off the page's thread.
    assert_eq!(analysed_in(browser), "worker");

    let attribute = |name| browser.attribute(&diagnostic, name).unwrap();
    assert_eq!(attribute("data-line").as_deref(), Some("2"));
    assert_eq!(attribute("data-column").as_deref(), Some("1"));
    assert_eq!(attribute("data-severity").as_deref(), Some("error"));
    let text = browser.text(&diagnostic).unwrap();
    assert!(
        text.starts_with("Dockerfile:2:1 error unknown instruction: RUNN")
            && text.ends_with("DF001"),
        "{text}"
    );
    // Exactly that one problem, and the "No problems" note is gone.
    let shown = places(&browser.execute(&format!("return {COLLECT};"), &[]).unwrap());
    let message = "unknown instruction: RUNN (did you mean RUN?)";
    assert_eq!(
        shown,
        [(
            "DF001".to_owned(),
            2,
            1,
            "error".to_owned(),
            message.to_owned()
        )]
    );
    assert_eq!(browser.find("#no-problems").unwrap(), None);

    // The editor underlines it and marks its line in the gutter, in the error colour's class.
    let underlined = browser
        .execute(
            "const root = document.querySelector('#editor').shadowRoot;\
             return [Array.from(root.querySelectorAll('.cm-lintRange-error'), mark => mark.textContent),\
                     root.querySelectorAll('.cm-lint-marker-error').length];",
            &[],
        )
        .unwrap();
    assert_eq!(
        underlined,
        json!([["RUNN"], 1]),
        "underline and gutter marker"
    );
}

/// Where a browser cannot start the analysis worker, the page analyses on its own thread and
/// shows the same findings.
#[test]
fn without_a_worker_the_page_analyses_itself() {
    let Some(app) = open_app_after("delete window.Worker;") else {
        return;
    };
    let browser = &app.browser;
    let shown = page_places(browser, "FROM scratch\nRUNN echo hi\n");
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!((shown[0].0.as_str(), shown[0].1), ("DF001", 2));
    assert_eq!(analysed_in(browser), "page");
}

/// A long list is drawn in part until all of it is asked for.
#[test]
fn a_long_problems_list_is_drawn_on_request() {
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    let text = format!("FROM alpine:3.20\n{}", "MAINTAINER someone\n".repeat(250));
    let shown = page_places(browser, &text);
    assert_eq!(shown.len(), 200, "the first lines only");
    click(browser, "#all-problems");
    wait_for(RENDER_TIMEOUT, "every line drawn", || {
        let drawn = browser.execute(
            "return document.querySelectorAll('#problems .diagnostic').length;",
            &[],
        )?;
        Ok((drawn.as_u64() > Some(250)).then_some(()))
    })
    .unwrap();
    assert_eq!(browser.find("#all-problems").unwrap(), None);
}

#[test]
fn quick_fix_place_rule_docs_and_filters() {
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    // `as` in lower case has a safe fix (DF402); DF201 stays, with no fix.
    let text = "FROM alpine:3.20 as base\nRUN echo hi\n";
    page_places(browser, text);
    browser
        .find(".diagnostic[data-code='DF402']")
        .unwrap()
        .expect("the casing finding");

    // A click on the line selects its place in the editor.
    click(browser, ".diagnostic[data-code='DF402'] .place");
    let selected = browser
        .execute(
            "const view = document.querySelector('#editor').editorView;\
             const range = view.state.selection.main;\
             return view.state.sliceDoc(range.from, range.to);",
            &[],
        )
        .unwrap();
    assert_eq!(selected, json!("as"));

    // Its code opens the rule's documentation, from the rule's own text.
    let title = open_rule_docs(browser, "DF402");
    assert!(title.starts_with("DF402"), "{title}");
    // Its explanation and examples come from rule-docs.json, fetched when first opened.
    let plumb_core::rules::Example::Text(failing) =
        plumb_core::rules::find("DF402").unwrap().failing_example
    else {
        panic!("DF402's failing example is a text");
    };
    let shown = wait_for(RENDER_TIMEOUT, "the rule's examples", || {
        Ok(browser
            .execute(
                "return document.querySelector('.rule-docs .example pre')?.textContent ?? null;",
                &[],
            )?
            .as_str()
            .map(str::to_owned))
    })
    .unwrap();
    assert_eq!(shown, failing);

    // The editor's diagnostics panel (Ctrl+Shift+M) lists the quick fix; applying it removes
    // the finding.
    apply_quick_fix(browser, "write AS");
    wait_for(RENDER_TIMEOUT, "the fixed text", || {
        let text = browser.execute(EDITOR_TEXT, &[])?;
        Ok((text == json!("FROM alpine:3.20 AS base\nRUN echo hi\n")).then_some(()))
    })
    .unwrap();
    wait_for(RENDER_TIMEOUT, "the finding gone", || {
        Ok(browser
            .find(".diagnostic[data-code='DF402']")?
            .is_none()
            .then_some(()))
    })
    .unwrap();

    // The severity buttons hide and show findings.
    let warnings = || {
        browser
            .execute(
                "return document.querySelectorAll(\"#problems .diagnostic[data-severity='warning']\").length;",
                &[],
            )
            .unwrap()
    };
    assert_eq!(warnings(), json!(1), "DF201 is left");
    click(browser, ".filter[data-severity='warning']");
    wait_for(RENDER_TIMEOUT, "warnings hidden", || {
        Ok((warnings() == json!(0)).then_some(()))
    })
    .unwrap();
    let pressed = browser
        .execute(
            "return document.querySelector(\".filter[data-severity='warning']\").getAttribute('aria-pressed');",
            &[],
        )
        .unwrap();
    assert_eq!(pressed, json!("false"));

    // The fix is one change in the editor's history: Ctrl+Z takes it back.
    let editor = editor_content(browser);
    browser.type_text(&editor, "\u{E009}z\u{E009}").unwrap();
    wait_for(RENDER_TIMEOUT, "the fix undone", || {
        let now = browser.execute(EDITOR_TEXT, &[])?;
        Ok((now == json!(text)).then_some(()))
    })
    .unwrap();
}

/// CodeMirror's own parts, in its shadow root: line numbers, syntax colouring, the hover on a
/// finding (message, code, a way to its documentation), undo and search.
#[test]
fn the_editor_numbers_colours_hovers_undoes_and_searches() {
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    let in_editor = |script: &str| {
        browser
            .execute(
                &format!("const root = document.querySelector('#editor').shadowRoot; {script}"),
                &[],
            )
            .unwrap()
    };
    let text = "FROM scratch\nRUNN echo hi\n";
    page_places(browser, text);
    let numbers = in_editor(
        "return Array.from(root.querySelectorAll('.cm-lineNumbers .cm-gutterElement'), element => element.textContent).filter(Boolean);",
    );
    assert!(
        numbers
            .as_array()
            .is_some_and(|numbers| numbers.contains(&json!("2"))),
        "{numbers}"
    );
    // The keyword is a token of its own, coloured by the highlighting style's class.
    let keyword = in_editor(
        "const token = Array.from(root.querySelectorAll('.cm-line span')).find(span => span.textContent === 'FROM');\
         return token ? [token.className !== '', getComputedStyle(token).color !== getComputedStyle(token.parentElement).color] : null;",
    );
    assert_eq!(keyword, json!([true, true]), "FROM is coloured");

    // Resting the pointer on the underlined word shows the finding, with its code as a button
    // that opens the rule's documentation.
    in_editor(
        "const view = document.querySelector('#editor').editorView;\
         const place = view.coordsAtPos(view.state.doc.line(2).from + 1);\
         view.contentDOM.dispatchEvent(new MouseEvent('mousemove', { clientX: place.left + 1, clientY: (place.top + place.bottom) / 2, bubbles: true }));",
    );
    let hover = wait_for(RENDER_TIMEOUT, "the hover on the finding", || {
        let hover = in_editor(
            "const tip = root.querySelector('.cm-tooltip-hover, .cm-tooltip-lint'); return tip && tip.textContent;",
        );
        Ok(hover.as_str().map(str::to_owned))
    })
    .unwrap();
    assert!(
        hover.contains("unknown instruction: RUNN") && hover.contains("DF001"),
        "{hover}"
    );
    let rule = browser
        .execute_for_element(
            "return document.querySelector('#editor').shadowRoot.querySelector('.cm-plumb-rule');",
        )
        .unwrap()
        .expect("the rule's button in the hover");
    browser.click(&rule).unwrap();
    let title = wait_for(RENDER_TIMEOUT, "the rule's documentation", || {
        browser.find("#rule-docs-title")
    })
    .unwrap();
    assert!(browser.text(&title).unwrap().starts_with("DF001"));

    // Typing is undone with Ctrl+Z.
    let editor = editor_content(browser);
    browser
        .type_text(&editor, "\u{E009}\u{E010}\u{E009}# more")
        .unwrap();
    wait_for(RENDER_TIMEOUT, "the typed line", || {
        let now = browser.execute(EDITOR_TEXT, &[])?;
        Ok((now == json!(format!("{text}# more"))).then_some(()))
    })
    .unwrap();
    browser.type_text(&editor, "\u{E009}z\u{E009}").unwrap();
    wait_for(RENDER_TIMEOUT, "the typing undone", || {
        let now = browser.execute(EDITOR_TEXT, &[])?;
        Ok((now == json!(text)).then_some(()))
    })
    .unwrap();

    // Ctrl+F opens the search panel; Enter selects the next match.
    browser.type_text(&editor, "\u{E009}f\u{E009}").unwrap();
    let search = wait_for(RENDER_TIMEOUT, "the search field", || {
        browser.execute_for_element(
            "return document.querySelector('#editor').shadowRoot.querySelector('.cm-search input[name=search]');",
        )
    })
    .unwrap();
    browser.type_text(&search, "echo\n").unwrap();
    wait_for(RENDER_TIMEOUT, "the match selected", || {
        let selected = browser.execute(
            "const view = document.querySelector('#editor').editorView;\
             const range = view.state.selection.main;\
             return view.state.sliceDoc(range.from, range.to);",
            &[],
        )?;
        Ok((selected == json!("echo")).then_some(()))
    })
    .unwrap();
}

/// The YAML of a compose file, the INI of mkosi.conf and a shell script are coloured too.
#[test]
fn compose_mkosi_and_scripts_are_coloured() {
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    open_example(browser, 2);
    wait_for_listed(browser, "the mkosi example", "mkosi.conf");
    for file in ["docker-compose.yml", "mkosi.conf", "mkosi.build"] {
        click(browser, &format!(".file[data-path='{file}'] .file-name"));
        let coloured = wait_for(RENDER_TIMEOUT, "coloured tokens", || {
            let shown = browser.execute(
                "return document.querySelector('#editor-label').textContent;",
                &[],
            )?;
            if shown != json!(file) {
                return Ok(None);
            }
            let count = browser.execute(
                "const root = document.querySelector('#editor').shadowRoot;\
                 return Array.from(root.querySelectorAll('.cm-line span'))\
                   .filter(span => getComputedStyle(span).color !== getComputedStyle(span.closest('.cm-line')).color).length;",
                &[],
            )?;
            Ok(count.as_u64().filter(|count| *count > 0))
        })
        .unwrap();
        assert!(coloured > 0, "{file}");
    }
}

/// Remembers what the page offers as downloads: the name and the blob of each link it clicks.
const CAPTURE_DOWNLOADS: &str = "window.plumbDownloads = [];\
    const blobs = new Map();\
    const createObjectURL = URL.createObjectURL;\
    URL.createObjectURL = blob => { const url = createObjectURL.call(URL, blob); blobs.set(url, blob); return url; };\
    const click = HTMLAnchorElement.prototype.click;\
    HTMLAnchorElement.prototype.click = function () {\
      if (this.download) { window.plumbDownloads.push({ name: this.download, blob: blobs.get(this.href) }); return; }\
      return click.call(this);\
    };";

/// The downloads the page offered so far, as `[name, text]` (an archive read as text).
fn downloads(browser: &Browser) -> Value {
    browser
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             Promise.all(window.plumbDownloads.map(async item => [item.name, await item.blob.text()])).then(done);",
            &[],
        )
        .unwrap()
}

#[test]
fn files_are_renamed_deleted_and_downloaded() {
    let Some(app) = open_app_after(CAPTURE_DOWNLOADS) else {
        return;
    };
    let browser = &app.browser;
    assert_eq!(listed_files(browser), json!(["Dockerfile", "start.sh"]));

    // The open file, then the whole workspace as a tar archive.
    let dockerfile = browser.execute(EDITOR_TEXT, &[]).unwrap();
    click(browser, "#download");
    click(browser, "#download-all");
    let offered = downloads(browser);
    assert_eq!(offered[0], json!(["Dockerfile", dockerfile]));
    assert_eq!(offered[1][0], json!("workspace.tar"));
    let archive = offered[1][1].as_str().expect("the archive's bytes");
    assert!(
        archive.contains("start.sh") && archive.contains(dockerfile.as_str().unwrap()),
        "the archive holds both files"
    );

    // Renaming: the pencil, a new name, Enter.
    click(browser, ".file[data-path='start.sh'] .rename-file");
    let name = wait_for(RENDER_TIMEOUT, "the name field", || browser.find(".rename")).unwrap();
    browser
        .type_text(&name, "\u{E009}a\u{E009}bin/start.sh\n")
        .unwrap();
    wait_for_files(
        browser,
        "the renamed file",
        &json!(["Dockerfile", "bin/start.sh"]),
    );
    // COPY start.sh now finds nothing in the build context.
    wait_for(RENDER_TIMEOUT, "the missing COPY source", || {
        browser.find(".diagnostic[data-code='DF032']")
    })
    .unwrap();

    // Deleting the Dockerfile leaves the other file, open in the editor.
    click(browser, ".file[data-path='Dockerfile'] .delete-file");
    wait_for_files(browser, "the file gone", &json!(["bin/start.sh"]));
    wait_for_analysis(browser);
    assert_eq!(
        browser.find(".diagnostic").unwrap(),
        None,
        "no Dockerfile left"
    );
}

#[test]
fn files_examples_reload_and_share_link() {
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    assert_eq!(listed_files(browser), json!(["Dockerfile", "start.sh"]));

    // A new file opens in the editor; what is typed there is analysed with the workspace.
    let name = browser
        .find("#new-file-name")
        .unwrap()
        .expect("the new file's name");
    browser.type_text(&name, "web/Dockerfile\n").unwrap();
    wait_for_files(
        browser,
        "the new file listed",
        &json!(["Dockerfile", "start.sh", "web/Dockerfile"]),
    );
    let label = browser
        .find("#editor-label")
        .unwrap()
        .expect("the editor's label");
    assert_eq!(browser.text(&label).unwrap(), "web/Dockerfile");
    let editor = editor_content(browser);
    browser
        .type_text(&editor, "FROM scratch\nRUNN x\n")
        .unwrap();
    wait_for(RENDER_TIMEOUT, "the new file's finding", || {
        browser.find(".diagnostic[data-file='web/Dockerfile'][data-code='DF001']")
    })
    .unwrap();

    // Switching files gives the editor the other file's text.
    click(browser, ".file[data-path='Dockerfile'] .file-name");
    wait_for(RENDER_TIMEOUT, "the first Dockerfile in the editor", || {
        let text = browser.execute(EDITOR_TEXT, &[])?;
        Ok(text
            .as_str()
            .is_some_and(|text| text.contains("apk add"))
            .then_some(()))
    })
    .unwrap();
    // Each file has its own undo history: Ctrl+Z does not bring back the other file's text.
    let before = browser.execute(EDITOR_TEXT, &[]).unwrap();
    let editor = editor_content(browser);
    browser.type_text(&editor, "\u{E009}z\u{E009}").unwrap();
    assert_eq!(browser.execute(EDITOR_TEXT, &[]).unwrap(), before);

    // An example replaces the workspace.
    open_example(browser, 1);
    let example = json!([
        ".dockerignore",
        "Dockerfile",
        "docker-compose.yml",
        "package-lock.json",
        "package.json",
        "server.js"
    ]);
    wait_for_files(browser, "the example's files", &example);

    // A reload finds the workspace as it was left.
    browser.goto(&app.server.url()).unwrap();
    wait_for_files(browser, "the workspace restored", &example);

    // A share link opens the same workspace in a browser that never saw it.
    click(browser, "#share");
    let link = wait_for(RENDER_TIMEOUT, "the share link", || {
        let link = browser.execute(
            "const input = document.querySelector('#share-link'); return input && input.value;",
            &[],
        )?;
        Ok(link.as_str().map(str::to_owned))
    })
    .unwrap();
    assert!(
        link.starts_with(&format!("{}#w=", app.server.url())),
        "{link}"
    );
    let fresh = Browser::start(&BrowserPaths::default()).expect("a second headless Chromium");
    fresh.goto(&link).unwrap();
    wait_for_files(&fresh, "the shared workspace", &example);
    assert_eq!(workspace_files(&fresh), workspace_files(browser));
}

#[test]
fn the_stages_view_shows_resolved_values() {
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    page_places(
        browser,
        "ARG BASE=alpine:3.20\nFROM $BASE AS build\nENV OUT=/out\nFROM build\nENV APP=$OUT/app\n",
    );
    let rows = browser
        .execute(
            "return Array.from(document.querySelectorAll('table.stages tbody tr'), row =>\
               Array.from(row.cells, cell => cell.textContent));",
            &[],
        )
        .unwrap();
    assert_eq!(
        rows,
        json!([
            ["0", "build", "alpine:3.20", "", "OUT=/out"],
            ["1", "", "stage build", "", "APP=/out/appOUT=/out"],
        ])
    );
    // The other views have their places, empty until plumb makes them; the arrow keys move
    // between the tabs.
    click(browser, "#tab-dstack");
    let view = browser.find("#view").unwrap().expect("the view");
    assert!(browser.text(&view).unwrap().contains("app-compose.json"));
    let tab = browser
        .find("#tab-dstack")
        .unwrap()
        .expect("the dstack tab");
    browser.type_text(&tab, "\u{E012}").unwrap();
    let selected = browser
        .execute(
            "return [document.activeElement.id, document.querySelector('[role=tab][aria-selected=true]').id];",
            &[],
        )
        .unwrap();
    assert_eq!(
        selected,
        json!(["tab-mkosi", "tab-mkosi"]),
        "ArrowLeft selects the tab before"
    );
}

#[test]
fn files_opened_from_disk_join_the_workspace() {
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    let folder = tempfile::tempdir().unwrap();
    let dockerfile = folder.path().join("Dockerfile.api");
    let script = folder.path().join("server.js");
    fs::write(&dockerfile, "FROM scratch\nCOPY server.js /\n").unwrap();
    fs::write(&script, "console.log(1)\n").unwrap();
    // A file input takes the paths to open as typed text, one per line.
    let input = browser
        .find("#open-files")
        .unwrap()
        .expect("the file picker");
    browser
        .type_text(
            &input,
            &format!("{}\n{}", dockerfile.display(), script.display()),
        )
        .unwrap();
    wait_for(RENDER_TIMEOUT, "the opened files listed", || {
        let listed = listed_files(browser);
        Ok(
            (listed == json!(["Dockerfile", "Dockerfile.api", "server.js", "start.sh"]))
                .then_some(()),
        )
    })
    .unwrap();
    // The Dockerfile among them is open, and its COPY finds server.js in the workspace.
    wait_for_analysis(browser);
    let text = browser.execute(EDITOR_TEXT, &[]).unwrap();
    assert_eq!(text, json!("FROM scratch\nCOPY server.js /\n"));
    assert_eq!(
        browser.find(".diagnostic[data-code='DF032']").unwrap(),
        None,
        "server.js is in the build context"
    );

    // A file dropped on the files panel joins too; a folder's files show under it.
    browser
        .execute(
            "const transfer = new DataTransfer();\
             transfer.items.add(new File(['FROM scratch\\n'], 'dropped.Dockerfile'));\
             document.querySelector('.workspace').dispatchEvent(\
               new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));",
            &[],
        )
        .unwrap();
    wait_for_listed(browser, "the dropped file listed", "dropped.Dockerfile");
    let name = browser
        .find("#new-file-name")
        .unwrap()
        .expect("the new file's name");
    browser.type_text(&name, "web/api/Dockerfile\n").unwrap();
    wait_for(RENDER_TIMEOUT, "the folders of the new file", || {
        let folders = browser.execute(
            "return Array.from(document.querySelectorAll('.files .folder'), folder => folder.dataset.folder);",
            &[],
        )?;
        Ok((folders == json!(["web/", "web/api/"])).then_some(()))
    })
    .unwrap();
}

#[test]
fn no_request_leaves_the_page() {
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    let origin = app.server.url();

    // The policy the build wrote: nothing remote, the wasm module compiled from the page's own
    // origin, the inline loader allowed by its hash.
    let policy = browser
        .execute(
            "const meta = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]'); return meta && meta.content;",
            &[],
        )
        .unwrap();
    let policy = policy
        .as_str()
        .expect("a Content-Security-Policy meta element");
    for directive in [
        "default-src 'none'",
        "connect-src 'self'",
        "'wasm-unsafe-eval'",
        "'sha256-",
    ] {
        assert!(
            policy.contains(directive),
            "{directive} missing from {policy}"
        );
    }
    assert!(
        !policy.contains("http") && !policy.contains('*'),
        "a remote source in {policy}"
    );

    // Everything the page loaded came from where it was served.
    let loaded = browser
        .execute(
            "return performance.getEntriesByType('resource').map(entry => entry.name);",
            &[],
        )
        .unwrap();
    let loaded: Vec<&str> = loaded
        .as_array()
        .expect("a list of URLs")
        .iter()
        .map(|url| url.as_str().expect("a URL"))
        .collect();
    assert!(!loaded.is_empty(), "the page loaded its script and module");
    for url in &loaded {
        assert!(url.starts_with(&origin), "{url} is not from {origin}");
    }

    // And a request elsewhere is refused by the policy before it leaves.
    let refused = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             let violated = null;\
             document.addEventListener('securitypolicyviolation', event => { violated = event.violatedDirective; });\
             fetch('http://192.0.2.1/probe').then(() => done('sent'), () => setTimeout(() => done(violated), 100));",
            &[],
        )
        .unwrap();
    assert_eq!(refused.as_str(), Some("connect-src"), "{refused}");
}

/// The plan view's download is byte for byte what `plumb plan` writes for the same files and
/// lock (default options; the folder is no git checkout, so both take the lock's time).
#[test]
fn the_plan_view_downloads_what_plumb_plan_writes() {
    let project = workspace_root().join("tests/fixtures/plan/project");
    let files: Vec<(String, String)> = ["Dockerfile", ".dockerignore", "src/a.txt", "plumb.lock"]
        .iter()
        .map(|name| {
            let text = fs::read_to_string(project.join(name)).unwrap();
            ((*name).to_owned(), text)
        })
        .collect();
    assert_plan_view_is_the_clis(&files, "Dockerfile", 1);
}

/// A compose project deployed to dstack: the page plans its service's build and its deploy
/// as `plumb plan` does.
#[test]
fn the_plan_view_plans_a_compose_projects_dstack_deploy_as_plumb_plan_does() {
    let digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    let files = [
        (
            "compose.yaml",
            format!(
                "services:\n  web:\n    build:\n      context: ./web\n      args:\n        GREETING: hi\n  cache:\n    image: registry.test/cache:1@{digest} # pinned\n"
            ),
        ),
        (
            "web/Dockerfile",
            format!("FROM registry.test/base:1@{digest}\nARG GREETING\n"),
        ),
        ("web/.dockerignore", "*\n".to_owned()),
        (
            "plumb.toml",
            "[dstack]\nname = \"shop\"\nkms = true\nregistry = \"registry.test/shop\"\n".to_owned(),
        ),
    ];
    let files: Vec<(String, String)> = files
        .into_iter()
        .map(|(path, text)| (path.to_owned(), text))
        .collect();
    let plan = assert_plan_view_is_the_clis(&files, "compose.yaml", 1);
    assert_eq!(plan["core"]["deploys"][0]["settings"]["name"], "shop");
}

/// Downloads the plan view's plan of `files` and compares it byte for byte with what
/// `plumb plan` writes for them; the plan, once it has `steps` steps.
fn assert_plan_view_is_the_clis(files: &[(String, String)], open: &str, steps: usize) -> Value {
    let saved: serde_json::Map<String, Value> = files
        .iter()
        .map(|(path, text)| (path.clone(), Value::String(text.clone())))
        .collect();
    let saved = json!({ "files": saved, "open": open }).to_string();
    let script = format!(
        "{CAPTURE_DOWNLOADS}localStorage.setItem('plumb-workspace', {});",
        Value::String(saved)
    );
    let Some(app) = open_app_after(&script) else {
        return Value::Null;
    };
    let browser = &app.browser;
    click(browser, "#tab-plan");
    wait_for(RENDER_TIMEOUT, "the plan's download button", || {
        Ok(browser.find("#plan-download")?.map(drop))
    })
    .unwrap();
    click(browser, "#plan-download");
    let offered = downloads(browser);
    assert_eq!(offered[0][0], "plan.json", "{offered}");

    let directory = tempfile::tempdir().unwrap();
    write_files(directory.path(), files);
    let run = plumb_without_environment(directory.path(), &["plan", "-o", "plan.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let planned = fs::read_to_string(directory.path().join("plan.json")).unwrap();
    assert!(
        offered[0][1] == planned.as_str(),
        "the page's plan (left) and the CLI's (right) differ:\n{}\n{planned}",
        offered[0][1]
    );
    let id = browser
        .execute(
            "return document.querySelector('#plan-id').textContent;",
            &[],
        )
        .unwrap();
    let plan: Value = serde_json::from_str(&planned).unwrap();
    assert_eq!(id, plan["plan_id"]);
    assert_eq!(
        browser
            .execute(
                "return document.querySelectorAll('.plan-steps tbody tr').length;",
                &[]
            )
            .unwrap(),
        json!(steps)
    );
    plan
}

#[test]
fn the_page_reports_what_the_cli_reports() {
    let fixtures = fixtures();
    assert!(
        fixtures.len() >= 3,
        "expected the browser fixtures, found {fixtures:?}"
    );
    let Some(app) = open_app() else { return };

    for fixture in &fixtures {
        let text = fs::read_to_string(fixture).unwrap();
        let shown = page_places(&app.browser, &text);
        assert_same_findings(&fixture.display(), &shown, &cli_places(&app.browser));
    }
}

/// The page's findings are the CLI's, and there are some (a fixture here has findings).
fn assert_same_findings<T: PartialEq + std::fmt::Debug>(
    fixture: &dyn std::fmt::Display,
    shown: &[T],
    expected: &[T],
) {
    assert!(
        !expected.is_empty(),
        "{fixture}: a fixture here should have findings"
    );
    assert_eq!(
        shown, expected,
        "{fixture}: page (left) and CLI (right) differ"
    );
}

/// The Dockerfiles in `tests/fixtures/browser`, in name order.
fn fixtures() -> Vec<PathBuf> {
    dockerfiles_in(&workspace_root().join("tests/fixtures/browser"))
}

/// Runs `plumb check --format json` over a fresh directory holding exactly the page's
/// workspace (as it keeps it in local storage), so no `plumb.toml` of this repository applies
/// (the page has none either) and the build context is the same; with an empty environment,
/// as the page has (compose interpolates with it).
fn cli_places(browser: &Browser) -> Vec<Place> {
    cli_findings(browser)
        .into_iter()
        .map(|(_, place)| place)
        .collect()
}

/// Writes each file at its path below `folder`.
fn write_files(folder: &std::path::Path, files: &[(String, String)]) {
    for (path, text) in files {
        let file = folder.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }
}

/// [`cli_places`] with each finding's file.
fn cli_findings(browser: &Browser) -> Vec<(String, Place)> {
    let directory = tempfile::tempdir().unwrap();
    write_files(directory.path(), &workspace_files(browser));
    let run = plumb_without_environment(directory.path(), &["check", "--format", "json", "."]);
    // 0: clean, 1: findings; anything else is the CLI failing, not a finding.
    assert!(
        matches!(run.code, 0 | 1),
        "plumb check exited {}: {}",
        run.code,
        run.stderr
    );
    run.json()["diagnostics"]
        .as_array()
        .expect("a diagnostics list")
        .iter()
        .map(|diagnostic| {
            let text = |key: &str| diagnostic[key].as_str().expect("a string").to_owned();
            let number = |key: &str| diagnostic["start"][key].as_u64().expect("a number");
            (
                text("file"),
                (
                    text("code"),
                    number("line"),
                    number("column"),
                    text("severity"),
                    text("message"),
                ),
            )
        })
        .collect()
}

/// Every diagnostic on the page with its file, in page order.
fn page_findings(browser: &Browser) -> Vec<(String, Place)> {
    let files = browser
        .execute(
            "return Array.from(document.querySelectorAll('#problems .diagnostic'), item => item.dataset.file);",
            &[],
        )
        .unwrap();
    let places = places(&browser.execute(&format!("return {COLLECT};"), &[]).unwrap());
    let files: Vec<String> = files
        .as_array()
        .expect("a list of files")
        .iter()
        .map(|file| file.as_str().expect("a path").to_owned())
        .collect();
    files.into_iter().zip(places).collect()
}

/// Opens the page again with `files` as its workspace (as local storage keeps it), `open`
/// in the editor, and waits for their analysis.
fn show_workspace(app: &App, files: &[(String, String)], open: &str) {
    let files: serde_json::Map<String, Value> = files
        .iter()
        .map(|(path, text)| (path.clone(), Value::String(text.clone())))
        .collect();
    let saved = json!({ "files": files, "open": open }).to_string();
    let browser = &app.browser;
    browser
        .execute(
            "localStorage.setItem('plumb-workspace', arguments[0]);",
            &[json!(saved)],
        )
        .unwrap();
    browser.goto(&app.server.url()).unwrap();
    wait_for(RENDER_TIMEOUT, "the app to render again", || {
        Ok(browser.find("#problems")?.map(drop))
    })
    .unwrap();
    wait_for_analysis(browser);
    let text = browser.execute(EDITOR_TEXT, &[]).unwrap();
    assert_eq!(
        text.as_str(),
        files[open].as_str(),
        "the editor holds {open}"
    );
}

/// The compose workspaces of `tests/fixtures/browser`: each `*.compose.yaml` alone, and the
/// files of `compose-project/` (a compose file, its override file and `.env`); each with
/// the file to open.
fn compose_workspaces() -> Vec<(Vec<(String, String)>, String)> {
    let folder = workspace_root().join("tests/fixtures/browser");
    let mut workspaces: Vec<(Vec<(String, String)>, String)> = fixtures_in(&folder)
        .into_iter()
        .filter(|path| path.to_string_lossy().ends_with(".compose.yaml"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(&path).unwrap();
            (vec![(name.clone(), text)], name)
        })
        .collect();
    // Each folder is one project's workspace, its files at their paths inside it.
    let mut projects: Vec<PathBuf> = fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    projects.sort();
    for project in projects {
        let mut files = files_below(&project, &project);
        files.sort();
        let open = files
            .iter()
            .map(|(path, _)| path.clone())
            .find(|path| path.ends_with("compose.yaml"))
            .expect("a project folder has a compose.yaml");
        workspaces.push((files, open));
    }
    workspaces
}

/// Every file below `directory`, by its `/`-separated path from `root`, with its text.
fn files_below(root: &Path, directory: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for entry in fs::read_dir(directory).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_below(root, &path));
        } else {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((relative, fs::read_to_string(&path).unwrap()));
        }
    }
    files
}

/// What `plumb compose config` prints (and its exit code and standard error) for `files`
/// in a fresh folder named `workspace`, as the page's is (the project's default name is its
/// folder's), with an empty environment: with `-f open` unless `open` is a default name;
/// host paths as the page writes them, below `/workspace`.
fn cli_compose_config(files: &[(String, String)], open: &str) -> (i32, String, String) {
    let arguments: Vec<&str> = if open == "compose.yaml" {
        vec!["compose", "config"]
    } else {
        vec!["compose", "-f", open, "config"]
    };
    cli_at_page_root(files, &arguments)
}

/// What `plumb ARGUMENTS` prints (exit code, stdout, stderr) run without environment
/// variables in a folder named `workspace` holding `files`, with that folder's path written
/// as the page's `/workspace`.
fn cli_at_page_root(files: &[(String, String)], arguments: &[&str]) -> (i32, String, String) {
    let directory = tempfile::tempdir().unwrap();
    let folder = directory.path().join("workspace");
    write_files(&folder, files);
    let run = plumb_without_environment(&folder, arguments);
    // The page loads its workspace at /workspace: host paths differ by that folder only.
    let real = folder
        .canonicalize()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let at_page_root = |text: &str| text.replace(&real, "/workspace");
    (
        run.code,
        at_page_root(&run.stdout),
        at_page_root(&run.stderr),
    )
}

/// Compose files in the page and through the CLI, without environment variables: the same
/// findings (unset variables, YAML 1.1 booleans, privileged, the Docker socket, `version`,
/// a project docker compose refuses), and a quick fix applied in the page gives what the
/// CLI reports for the fixed file.
#[test]
fn the_page_reports_what_the_cli_reports_for_compose_files() {
    let workspaces = compose_workspaces();
    assert!(
        workspaces.len() >= 3,
        "expected the compose fixtures, found {workspaces:?}"
    );
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    let mut codes = std::collections::BTreeSet::new();
    for (files, open) in &workspaces {
        show_workspace(&app, files, open);
        let expected = cli_findings(browser);
        assert_same_findings(open, &page_findings(browser), &expected);
        codes.extend(expected.into_iter().map(|(_, (code, ..))| code));
    }
    for code in [
        "CP002", "CP101", "CP102", "CP105", "CP106", "CP107", "CP201", "CP301", "CP302", "CP401",
        "DF032", "DS102", "DS301",
    ] {
        assert!(codes.contains(code), "no fixture shows {code}: {codes:?}");
    }

    // CP401's fix, from the editor's diagnostics panel, removes the `version` line.
    let (files, open) = workspaces
        .iter()
        .find(|(_, open)| open == "several-findings.compose.yaml")
        .expect("the fixture with several findings");
    show_workspace(&app, files, open);
    apply_quick_fix(browser, "remove the `version` line");
    let fixed = files[0]
        .1
        .replace("version: \"3.8\" # the old file format\n", "");
    wait_for(RENDER_TIMEOUT, "the fixed text", || {
        let text = browser.execute(EDITOR_TEXT, &[])?;
        Ok((text == json!(fixed)).then_some(()))
    })
    .unwrap();
    wait_for(RENDER_TIMEOUT, "the finding gone", || {
        Ok(browser
            .find(".diagnostic[data-code='CP401']")?
            .is_none()
            .then_some(()))
    })
    .unwrap();
    wait_for_analysis(browser);
    assert_eq!(page_findings(browser), cli_findings(browser));
}

/// An mkosi tree in the page and through the CLI: the same findings in its configuration
/// files and its build script (the seed's npm without a package or a network).
#[test]
fn the_page_reports_what_the_cli_reports_for_an_mkosi_tree() {
    let project = workspace_root().join("tests/fixtures/browser-mkosi/node-app");
    let mut files = files_below(&project, &project);
    files.sort();
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    show_workspace(&app, &files, "mkosi.build");
    let expected = cli_findings(browser);
    assert_same_findings(&"mkosi tree", &page_findings(browser), &expected);
    let codes: std::collections::BTreeSet<_> =
        expected.into_iter().map(|(_, (code, ..))| code).collect();
    for code in ["MK002", "MK004", "MK101", "MK102"] {
        assert!(
            codes.contains(code),
            "the tree does not show {code}: {codes:?}"
        );
    }
}

/// Clicks the place button `selector` and checks that the editor's selection is on the
/// line `place` (`file:line:column`) names.
fn assert_click_selects_place(browser: &Browser, selector: &str, place: &str) {
    click(browser, selector);
    let line = browser
        .execute(
            "const view = document.querySelector('#editor').editorView;\
             return view.state.doc.lineAt(view.state.selection.main.from).number;",
            &[],
        )
        .unwrap();
    let expected_line: u64 = place.split(':').nth(1).unwrap().parse().unwrap();
    assert_eq!(
        line,
        json!(expected_line),
        "the click on {selector} selects the error's place"
    );
}

/// The mkosi summary view shows, byte for byte, the JSON `plumb mkosi summary --format
/// json` prints for the same tree in a folder named `workspace` without environment
/// variables (on this Debian 12 x86-64 machine, the page's host); a tree mkosi refuses
/// shows the CLI's error, whose place a click opens in the editor. Screenshots go to
/// `target/screenshots/`.
#[test]
fn the_mkosi_summary_view_prints_what_plumb_mkosi_summary_prints() {
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    let screenshots = workspace_root().join("target/screenshots");
    fs::create_dir_all(&screenshots).unwrap();
    for tree in ["summary", "node-app"] {
        let project = workspace_root()
            .join("tests/fixtures/browser-mkosi")
            .join(tree);
        let mut files = files_below(&project, &project);
        files.sort();
        show_workspace(&app, &files, "mkosi.conf");
        click(browser, "#tab-mkosi");
        let read_view = || {
            let shown = browser.execute(
                "const view = document.querySelector('#view .mkosi');\
                 if (!view) return null;\
                 const text = view.querySelector('#mkosi-summary');\
                 const error = view.querySelector('#mkosi-error');\
                 return [text && text.dataset.format, text && text.textContent,\
                   error && error.querySelector('.place')?.textContent,\
                   error && error.querySelector('.message').textContent,\
                   view.querySelector('.view-caption').textContent];",
                &[],
            )?;
            Ok((!shown.is_null()).then_some(shown))
        };
        let shown = wait_for(RENDER_TIMEOUT, "the mkosi summary view", read_view).unwrap();
        let caption = shown[4].as_str().unwrap_or_default();
        assert!(
            caption.contains("read as mkosi 26 reads it"),
            "{tree}: the caption names the release the CLI reads it as: {caption}"
        );
        let (code, stdout, stderr) =
            cli_at_page_root(&files, &["mkosi", "summary", "--format", "json"]);
        if code == 0 {
            assert_eq!(shown[0], json!("text"), "{tree}: the text is shown first");
            let text = shown[1].as_str().unwrap();
            assert!(text.contains("IMAGE: main"), "{tree}: {text}");
            click(browser, ".mkosi .view-actions button:nth-child(2)");
            let shown = wait_for(RENDER_TIMEOUT, "the summary's JSON", || {
                Ok(read_view()?.filter(|shown| shown[0] == json!("json")))
            })
            .unwrap();
            let json = shown[1].as_str().unwrap();
            assert!(
                json == stdout,
                "{tree}: the page's JSON (left) and plumb mkosi summary's (right) differ:\n{json}\n{stdout}"
            );
        } else {
            let (place, message) = (
                shown[2].as_str().expect("the error's place"),
                shown[3].as_str().expect("the error's message"),
            );
            assert!(
                stderr.contains(&format!("/workspace/{place}: {message}\n")),
                "{tree}: the page says {place}: {message}; plumb mkosi summary: {stderr}"
            );
            assert_click_selects_place(browser, "#mkosi-error .place", place);
        }
        browser
            .execute("document.querySelector('.views').scrollIntoView();", &[])
            .unwrap();
        fs::write(
            screenshots.join(format!("view-mkosi-{tree}.png")),
            browser.screenshot().unwrap(),
        )
        .unwrap();
    }
}

/// Opens the editor's diagnostics panel (Ctrl+Shift+M) and applies the quick fix whose
/// title is `title`.
fn apply_quick_fix(browser: &Browser, title: &str) {
    let editor = editor_content(browser);
    browser
        .type_text(&editor, "\u{E009}\u{E008}m\u{E008}\u{E009}")
        .unwrap();
    let action = wait_for(
        RENDER_TIMEOUT,
        "the quick fix in the diagnostics panel",
        || {
            browser.execute_for_element(&format!(
                "const root = document.querySelector('#editor').shadowRoot;\
                 return Array.from(root.querySelectorAll('.cm-panel.cm-panel-lint button'))\
                   .find(button => button.textContent.includes({})) || null;",
                json!(title)
            ))
        },
    )
    .unwrap();
    browser.click(&action).unwrap();
}

/// The resolved compose view shows, byte for byte, what `plumb compose config` prints for
/// the same files in a folder named `workspace` without environment variables; a project
/// docker compose refuses shows the error, whose place a click opens in the editor. The
/// view is screenshot into `target/screenshots/`.
#[test]
fn the_resolved_compose_view_prints_what_plumb_compose_config_prints() {
    let workspaces = compose_workspaces();
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    let screenshots = workspace_root().join("target/screenshots");
    fs::create_dir_all(&screenshots).unwrap();
    for (files, open) in &workspaces {
        show_workspace(&app, files, open);
        click(browser, "#tab-compose");
        let shown = wait_for(RENDER_TIMEOUT, "the resolved compose view", || {
            let shown = browser.execute(
                "const view = document.querySelector('#view .compose');\
                 if (!view) return null;\
                 const text = view.querySelector('#compose-config');\
                 const error = view.querySelector('#compose-error');\
                 return [view.dataset.path, text && text.textContent,\
                   error && error.querySelector('.place')?.textContent,\
                   error && error.querySelector('.message').textContent];",
                &[],
            )?;
            Ok((!shown.is_null()).then_some(shown))
        })
        .unwrap();
        assert_eq!(
            shown[0],
            json!(open),
            "the view shows the open file's project"
        );
        let (code, stdout, stderr) = cli_compose_config(files, open);
        if code == 0 {
            let text = shown[1].as_str().expect("the project's text, not an error");
            assert!(
                text == stdout,
                "{open}: the page's text (left) and plumb compose config's (right) differ:\n{text}\n{stdout}"
            );
        } else {
            let (place, message) = (
                shown[2].as_str().expect("the error's place"),
                shown[3].as_str().expect("the error's message"),
            );
            // The CLI names the file by its absolute path, the page by its workspace path.
            assert!(
                stderr.contains(&format!("error: {message}\n"))
                    && stderr.contains(&format!("/workspace/{place}\n")),
                "{open}: the page says {place}: {message}; plumb compose config: {stderr}"
            );
            assert_click_selects_place(browser, "#compose-error .place", place);
        }
        browser
            .execute("document.querySelector('.views').scrollIntoView();", &[])
            .unwrap();
        let name = open.trim_end_matches(".yaml").replace(['.', '/'], "-");
        fs::write(
            screenshots.join(format!("view-compose-{name}.png")),
            browser.screenshot().unwrap(),
        )
        .unwrap();
    }
}

/// The dstack view shows, byte for byte in both styles, what `plumb dstack app-compose`
/// writes for the same files (options from the project's plumb.toml), with the compose-hash
/// the CLI prints. The view is screenshot into `target/screenshots/`.
#[test]
fn the_dstack_view_shows_what_plumb_dstack_app_compose_writes() {
    let (files, open) = compose_workspaces()
        .into_iter()
        .find(|(files, _)| files.iter().any(|(path, _)| path == "plumb.toml"))
        .expect("the dstack project, with its plumb.toml");
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    show_workspace(&app, &files, &open);
    click(browser, "#tab-dstack");
    let directory = tempfile::tempdir().unwrap();
    write_files(directory.path(), &files);
    for style in ["vmm-cli", "canonical"] {
        // The buttons come with the worker's answer, a moment after the tab opens.
        let button = format!("#dstack-{style}");
        let button = wait_for(RENDER_TIMEOUT, "the style buttons", || {
            browser.find(&button)
        })
        .unwrap();
        browser.click(&button).unwrap();
        let shown = wait_for(RENDER_TIMEOUT, "the app-compose.json", || {
            let shown = browser.execute(
                "const view = document.querySelector('#view .dstack');\
                 if (!view || view.dataset.style !== arguments[0]) return null;\
                 return [view.querySelector('#app-compose').textContent,\
                   view.querySelector('#dstack-values td code').textContent];",
                &[json!(style)],
            )?;
            Ok((!shown.is_null()).then_some(shown))
        })
        .unwrap();
        let run = plumb_without_environment(
            directory.path(),
            &["dstack", "app-compose", &open, "--style", style],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            shown[0] == json!(run.stdout),
            "{style}: the page's app-compose.json (left) and the CLI's (right) differ:\n{}\n{}",
            shown[0],
            run.stdout
        );
        assert!(
            run.stderr
                .contains(&format!("{}\n", shown[1].as_str().unwrap())),
            "{style}: the page's compose-hash {} is not the CLI's: {}",
            shown[1],
            run.stderr
        );
    }
    screenshot_of_the_views(browser, "view-dstack.png");
}

/// An app-compose.json opened in the page: the dstack view shows what dstack measures of its
/// bytes, the values `plumb dstack hash` prints for the same file.
#[test]
fn the_dstack_view_measures_an_open_app_compose_json_as_plumb_dstack_hash_does() {
    let text = fs::read_to_string(
        workspace_root().join("tests/vectors/dstack/rtmr3-based-app-compose.json"),
    )
    .unwrap();
    let files = vec![("deploy/app-compose.json".to_owned(), text)];
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    show_workspace(&app, &files, "deploy/app-compose.json");
    click(browser, "#tab-dstack");
    let shown = wait_for(RENDER_TIMEOUT, "the measured values", || {
        let shown = browser.execute(
            "const view = document.querySelector('#view .dstack[data-style=\"as-written\"]');\
             if (!view) return null;\
             return [...view.querySelectorAll('#dstack-values tr')]\
               .map(row => row.querySelector('th').textContent + ' ' + row.querySelector('code').textContent);",
            &[],
        )?;
        Ok((!shown.is_null()).then_some(shown))
    })
    .unwrap();
    let directory = tempfile::tempdir().unwrap();
    write_files(directory.path(), &files);
    let run = plumb_without_environment(
        directory.path(),
        &["dstack", "hash", "deploy/app-compose.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let printed: Vec<String> = run
        .stdout
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let shown: Vec<String> = shown
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_str()
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(
        shown, printed,
        "the page's values (left) and `plumb dstack hash`'s (right)"
    );
    // research/dstack.md §2.5 (a): the vector's compose-hash.
    assert_eq!(
        shown[0],
        "compose-hash 06768e6df639ce3be65e9e5321f8b2d82dbffb01c74323462d34c2feb9653aff"
    );
    screenshot_of_the_views(browser, "view-dstack-measured.png");
}

/// The views scrolled into sight, as `target/screenshots/<name>` for a reviewer.
fn screenshot_of_the_views(browser: &Browser, name: &str) {
    browser
        .execute("document.querySelector('.views').scrollIntoView();", &[])
        .unwrap();
    let screenshots = workspace_root().join("target/screenshots");
    fs::create_dir_all(&screenshots).unwrap();
    fs::write(screenshots.join(name), browser.screenshot().unwrap()).unwrap();
}

/// Replaces the editor's text the way typing would (an `input` event) and reads the list
/// once it shows the analysis of that text.
fn page_places(browser: &Browser, text: &str) -> Vec<Place> {
    // Yew renders in a microtask queued by the change handler; after a timeout the list says
    // whether it waits for the analysis of this text.
    let script = format!(
        "const [text, done] = arguments;
         const view = document.getElementById('editor').editorView;
         view.dispatch({{ changes: {{ from: 0, to: view.state.doc.length, insert: text }} }});
         const read = () => {ANALYSED}
           ? done({{ text: view.state.doc.toString(), diagnostics: {COLLECT} }})
           : setTimeout(read, 5);
         setTimeout(read, 0);"
    );
    let result = browser.execute_async(&script, &[json!(text)]).unwrap();
    assert_eq!(
        result["text"], text,
        "the editor holds the text that was set"
    );
    places(&result["diagnostics"])
}

/// The page in both themes at a laptop's and a phone's size, written as PNGs to
/// `target/screenshots/` for a reviewer; nothing may overflow the width.
#[test]
fn screenshots_in_both_themes_and_sizes_without_overflow() {
    let Some(app) = open_app() else { return };
    let browser = &app.browser;
    let folder = workspace_root().join("target/screenshots");
    fs::create_dir_all(&folder).unwrap();
    // Problems of each severity, and a rule's documentation open.
    let text =
        "FROM alpine:3.20 as base\nRUNN echo hi\nRUN apt-get install curl\nMAINTAINER someone\n";
    page_places(browser, text);
    open_rule_docs(browser, "DF402");
    // Checks and writes what the window shows as `name`, then scrolls to the element `next`.
    let shoot = |name: &str, next: &str| {
        let overflow = browser
            .execute(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                &[],
            )
            .unwrap();
        assert_eq!(
            overflow,
            json!(0),
            "{name}: the page is wider than the window"
        );
        let png = browser.screenshot().unwrap();
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        fs::write(folder.join(format!("{name}.png")), png).unwrap();
        browser
            .execute(
                &format!("document.querySelector('{next}').scrollIntoView();"),
                &[],
            )
            .unwrap();
    };
    for (width, height) in [(1366, 768), (390, 844)] {
        for dark in [false, true] {
            browser.set_window_size(width, height).unwrap();
            browser.prefer_dark(dark).unwrap();
            let theme = if dark { "dark" } else { "light" };
            browser.execute("window.scrollTo(0, 0);", &[]).unwrap();
            shoot(&format!("app-{width}x{height}-{theme}"), ".problems");
            shoot(&format!("problems-{width}x{height}-{theme}"), ".rule-docs");
            shoot(&format!("rule-docs-{width}x{height}-{theme}"), ".views");
            for tab in ["stages", "plan", "compose", "mkosi", "dstack"] {
                click(browser, &format!("#tab-{tab}"));
                browser
                    .execute("document.querySelector('.views').scrollIntoView();", &[])
                    .unwrap();
                shoot(&format!("view-{tab}-{width}x{height}-{theme}"), ".views");
            }
        }
    }
}
