//! The page: the workspace's files, an editor on the open one, the problems plumb-core finds
//! in the workspace, and the documentation of the rule asked for.

use crate::browser_storage;
use crate::code_editor::{CodeEditor, Jump};
use crate::diagnostics_list::DiagnosticsList;
use crate::example::EXAMPLES;
use crate::file_tree::{FileTree, Request};
use crate::rule_docs::RuleDocs;
use crate::views::Views;
use crate::workspace_files::{WorkspaceFiles, syntax_of};
use plumb_core::rules::{self, Rule};
use plumb_core::{Analysis, Position};
use std::rc::Rc;
use yew::prelude::*;

/// The name of the performance mark set once the app has rendered for the first time.
const FIRST_RENDER_MARK: &str = "plumb-first-render";

/// The workspace and the analysis of exactly its files. They change together, in the
/// handlers, so rendering only reads the analysis and never parses.
#[derive(Clone)]
struct Session {
    files: Rc<WorkspaceFiles>,
    analysis: Rc<Analysis>,
    /// Counts the times the editor's text was replaced from outside the editor (another file
    /// opened, an example loaded), so that the editor takes the new text.
    revision: u32,
}

impl Session {
    fn new(files: WorkspaceFiles, revision: u32) -> Self {
        browser_storage::save(&files);
        let analysis = Rc::new(files.analysis());
        Self {
            files: Rc::new(files),
            analysis,
            revision,
        }
    }
}

/// The workspace a share link carries, else the one the browser kept, else the first example.
fn initial_files() -> WorkspaceFiles {
    browser_storage::shared()
        .or_else(browser_storage::load)
        .or_else(|| example_files(0))
        .unwrap_or_else(|| WorkspaceFiles::single("Dockerfile", String::new()))
}

fn example_files(index: usize) -> Option<WorkspaceFiles> {
    let example = EXAMPLES.get(index)?;
    WorkspaceFiles::new(
        example
            .files
            .iter()
            .map(|(path, text)| ((*path).to_owned(), (*text).to_owned())),
    )
}

#[component]
pub fn App() -> Html {
    let session = use_state(|| Session::new(initial_files(), 0));
    let rule = use_state(|| None::<&'static Rule>);
    let problem = use_state(|| None::<AttrValue>);
    let share_link = use_state(|| None::<AttrValue>);
    let jump = use_state(|| None::<Jump>);
    // A performance mark when the page is first on screen, for the numbers in
    // docs/BENCHMARKS.md (time to first render).
    use_effect_with((), |()| {
        if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
            let _ = performance.mark(FIRST_RENDER_MARK);
        }
    });

    let on_change = {
        let session = session.clone();
        use_callback((), move |text: String, ()| {
            let mut files = (*session.files).clone();
            if files.open_text() != text {
                files.set_open_text(text);
                session.set(Session::new(files, session.revision));
            }
        })
    };
    let on_request = {
        let (session, problem, share_link) = (session.clone(), problem.clone(), share_link.clone());
        Callback::from(move |request: Request| {
            let mut files = (*session.files).clone();
            let mut revision = session.revision;
            let outcome = match request {
                Request::Open(path) => {
                    files.open(&path);
                    revision += 1;
                    Ok(())
                }
                Request::Add(path) => files.add(&path, String::new()).map(|()| revision += 1),
                Request::Rename { from, to } => files.rename(&from, &to),
                Request::Delete(path) => files.delete(&path).map(|()| revision += 1),
                Request::Example(index) => match example_files(index) {
                    Some(example) => {
                        files = example;
                        revision += 1;
                        Ok(())
                    }
                    None => Err("no such example".to_owned()),
                },
                Request::Import {
                    files: opened,
                    skipped,
                } => {
                    files.import(opened).and_then(|()| {
                        revision += 1;
                        // Said like a problem, though the files read are in.
                        match skipped {
                            0 => Ok(()),
                            _ => Err(format!("{skipped} files were not opened: larger than 2 MB, in node_modules or .git, or past 2,000 files")),
                        }
                    })
                }
                Request::Share => {
                    share_link.set(browser_storage::share(&files).map(AttrValue::from));
                    Ok(())
                }
                Request::Download => browser_storage::download(
                    files.open_path(),
                    files.open_text().as_bytes(),
                    "text/plain",
                ),
                Request::DownloadAll => files.archive().and_then(|archive| {
                    browser_storage::download("workspace.tar", &archive, "application/x-tar")
                }),
            };
            problem.set(outcome.err().map(AttrValue::from));
            if files != *session.files || revision != session.revision {
                session.set(Session::new(files, revision));
            }
        })
    };
    let on_jump = {
        let (session, jump) = (session.clone(), jump.clone());
        Callback::from(move |(path, start, end): (String, Position, Position)| {
            if path != session.files.open_path() {
                let mut files = (*session.files).clone();
                files.open(&path);
                session.set(Session::new(files, session.revision + 1));
            }
            let serial = jump.map_or(0, |jump| jump.serial + 1);
            jump.set(Some(Jump { start, end, serial }));
        })
    };
    let on_rule = {
        let rule = rule.clone();
        use_callback((), move |code: String, ()| rule.set(rules::find(&code)))
    };
    let on_close = {
        let rule = rule.clone();
        use_callback((), move |(), ()| rule.set(None))
    };

    let files = &session.files;
    let open = files.open_path().to_owned();
    html! {
        <main>
            <h1>{ "plumb" }</h1>
            <div class="workbench">
                <FileTree
                    files={Rc::clone(files)}
                    {on_request}
                    problem={(*problem).clone()}
                    share_link={(*share_link).clone()}
                />
                <div class="editing">
                    <h2 id="editor-label">{ open.clone() }</h2>
                    <CodeEditor
                        path={open.clone()}
                        text={files.open_text().to_owned()}
                        kind={syntax_of(&open)}
                        revision={session.revision}
                        jump={*jump}
                        {on_change}
                        on_rule={on_rule.clone()}
                        analysis={Rc::clone(&session.analysis)}
                    />
                </div>
            </div>
            <DiagnosticsList analysis={Rc::clone(&session.analysis)} open={open.clone()} {on_rule} {on_jump} />
            <Views analysis={Rc::clone(&session.analysis)} {open} />
            if let Some(rule) = *rule {
                <RuleDocs {rule} {on_close} />
            }
            <footer>
                <a href="editor-licenses.txt">{ "Licenses of the editor's packages" }</a>
            </footer>
        </main>
    }
}
