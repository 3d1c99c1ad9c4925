//! The page: the workspace's files, an editor on the open one, the problems plumb-core finds
//! in the workspace (analysed off the page's thread, see analyzer.rs), and the
//! documentation of the rule asked for.

use crate::analyst::Request;
use crate::analyzer::Analyzer;
use crate::browser_storage;
use crate::code_editor::{CodeEditor, Jump};
use crate::diagnostics_list::DiagnosticsList;
use crate::example::EXAMPLES;
use crate::file_tree::{FileTree, Request as FileRequest};
use crate::page_state::{Action, Model};
use crate::rule_docs::RuleDocs;
use crate::views::{View, Views};
use crate::workspace_files::{WorkspaceFiles, syntax_of};
use plumb_core::Position;
use plumb_core::rules::{self, Rule};
use std::rc::Rc;
use yew::prelude::*;

/// The names of the performance marks set once the app has rendered for the first time, and
/// once it shows its first analysis (for the numbers in docs/BENCHMARKS.md).
const FIRST_RENDER_MARK: &str = "plumb-first-render";
const FIRST_ANALYSIS_MARK: &str = "plumb-first-analysis";

fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(name);
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
    let model = use_reducer(|| Model::new(initial_files()));
    let analyzer = {
        let dispatcher = model.dispatcher();
        use_memo((), move |()| {
            Analyzer::new(Callback::from(move |answer| {
                dispatcher.dispatch(Action::Answered(answer));
            }))
        })
    };
    let rule = use_state(|| None::<&'static Rule>);
    let problem = use_state(|| None::<AttrValue>);
    let share_link = use_state(|| None::<AttrValue>);
    let jump = use_state(|| None::<Jump>);
    let view = use_state(View::default);
    use_effect_with((), |()| mark(FIRST_RENDER_MARK));
    use_effect_with(model.reported > 0, |&shown| {
        if shown {
            mark(FIRST_ANALYSIS_MARK);
        }
    });
    {
        // Each new workspace is analysed, planned while the plan view is open and its
        // compose projects resolved while theirs is (opening one analyses the workspace
        // again, with what it shows).
        let (analyzer, files) = (analyzer.clone(), Rc::clone(&model.files));
        let shown = (
            *view == View::Plan,
            *view == View::Compose,
            *view == View::Dstack,
            *view == View::Mkosi,
        );
        use_effect_with(
            (model.generation, shown),
            move |&(generation, (plan, compose, dstack, mkosi))| {
                analyzer.send(Request::Analyze {
                    generation,
                    files: (*files).clone(),
                    plan,
                    compose,
                    dstack,
                    mkosi,
                });
            },
        );
    }
    {
        // And kept, with the file open, for the next visit.
        let files = Rc::clone(&model.files);
        let kept = (model.generation, files.open_path().to_owned());
        use_effect_with(kept, move |_| browser_storage::save(&files));
    }

    let on_change = {
        let dispatcher = model.dispatcher();
        use_callback((), move |text: String, ()| {
            dispatcher.dispatch(Action::Edited(text))
        })
    };
    let on_fix = {
        let (analyzer, generation) = (analyzer.clone(), model.reported);
        Callback::from(move |(finding, fix): (usize, usize)| {
            analyzer.send(Request::Fix {
                generation,
                finding,
                fix,
            });
        })
    };
    let on_request = {
        let (model, problem, share_link) = (model.clone(), problem.clone(), share_link.clone());
        Callback::from(move |request: FileRequest| {
            let mut files = (*model.files).clone();
            let mut replaced = false;
            let outcome = match request {
                FileRequest::Open(path) => {
                    files.open(&path);
                    replaced = true;
                    Ok(())
                }
                FileRequest::Add(path) => files.add(&path, String::new()).map(|()| replaced = true),
                FileRequest::Rename { from, to } => files.rename(&from, &to),
                FileRequest::Delete(path) => files.delete(&path).map(|()| replaced = true),
                FileRequest::Example(index) => match example_files(index) {
                    Some(example) => {
                        files = example;
                        replaced = true;
                        Ok(())
                    }
                    None => Err("no such example".to_owned()),
                },
                FileRequest::Import {
                    files: opened,
                    skipped,
                } => {
                    files.import(opened).and_then(|()| {
                        replaced = true;
                        // Said like a problem, though the files read are in.
                        match skipped {
                            0 => Ok(()),
                            _ => Err(format!("{skipped} files were not opened: larger than 2 MB, in node_modules or .git, or past 2,000 files")),
                        }
                    })
                }
                FileRequest::Share => {
                    share_link.set(browser_storage::share(&files).map(AttrValue::from));
                    Ok(())
                }
                FileRequest::Download => browser_storage::download(
                    files.open_path(),
                    files.open_text().as_bytes(),
                    "text/plain",
                ),
                FileRequest::DownloadAll => files.archive().and_then(|archive| {
                    browser_storage::download("workspace.tar", &archive, "application/x-tar")
                }),
            };
            problem.set(outcome.err().map(AttrValue::from));
            model.dispatch(Action::Files { files, replaced });
        })
    };
    let on_jump = {
        let (model, jump) = (model.clone(), jump.clone());
        Callback::from(move |(path, start, end): (String, Position, Position)| {
            if path != model.files.open_path() {
                let mut files = (*model.files).clone();
                files.open(&path);
                model.dispatch(Action::Files {
                    files,
                    replaced: true,
                });
            }
            let serial = jump.map_or(0, |jump| jump.serial + 1);
            jump.set(Some(Jump { start, end, serial }));
        })
    };
    let on_rule = {
        let rule = rule.clone();
        use_callback((), move |code: String, ()| rule.set(rules::find(&code)))
    };
    let on_view = {
        let view = view.clone();
        use_callback((), move |shown: View, ()| view.set(shown))
    };
    let on_close = {
        let rule = rule.clone();
        use_callback((), move |(), ()| rule.set(None))
    };

    let files = &model.files;
    let open = files.open_path().to_owned();
    let report = Rc::clone(&model.report);
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
                        revision={model.revision}
                        fixed={model.fixed}
                        jump={*jump}
                        {on_change}
                        {on_fix}
                        on_rule={on_rule.clone()}
                        report={Rc::clone(&report)}
                    />
                </div>
            </div>
            <DiagnosticsList
                report={Rc::clone(&report)}
                analysing={model.analysing()}
                timing={model.timing}
                open={open.clone()}
                {on_rule}
                on_jump={on_jump.clone()}
            />
            <Views {report} {open} view={*view} {on_view} {on_jump} />
            if let Some(rule) = *rule {
                <RuleDocs {rule} {on_close} />
            }
            <footer>
                <a href="editor-licenses.txt">{ "Licenses of the editor's packages" }</a>
            </footer>
        </main>
    }
}
