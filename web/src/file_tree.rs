//! The workspace panel: its files (open, rename, delete), a new file, files opened from disk,
//! the examples, a share link, and downloads of the open file and of the whole workspace.

use crate::example::EXAMPLES;
use crate::workspace_files::WorkspaceFiles;
use serde::Deserialize;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{DataTransfer, DragEvent, FileList, HtmlInputElement};
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Reads the files' paths and texts; calls `done` with them as JSON.
    #[wasm_bindgen(js_namespace = plumbFiles, js_name = read)]
    fn read_files(files: &FileList, done: &Closure<dyn FnMut(String)>);

    /// The same for what was dropped: files, and folders with what is in them.
    #[wasm_bindgen(js_namespace = plumbFiles, js_name = readDropped)]
    fn read_dropped(transfer: &DataTransfer, done: &Closure<dyn FnMut(String)>);
}

/// What the reading of opened files gives back.
#[derive(Deserialize)]
struct Opened {
    files: Vec<(String, String)>,
    skipped: usize,
}

/// Where opened files come from.
enum Opening<'a> {
    Picked(&'a FileList),
    Dropped(&'a DataTransfer),
}

/// Reads the opened files and asks the workspace to take them.
fn import(opening: Opening<'_>, on_request: &Callback<Request>) {
    let on_request = on_request.clone();
    let done = Closure::once(move |json: String| {
        if let Ok(opened) = serde_json::from_str::<Opened>(&json) {
            on_request.emit(Request::Import {
                files: opened.files,
                skipped: opened.skipped,
            });
        }
    });
    match opening {
        Opening::Picked(files) => read_files(files, &done),
        Opening::Dropped(transfer) => read_dropped(transfer, &done),
    }
    // The reading finishes later: the callback must outlive this call, once.
    done.forget();
}

/// What the panel asks of the workspace.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Open(String),
    Add(String),
    Rename {
        from: String,
        to: String,
    },
    Delete(String),
    Example(usize),
    /// Files read from disk: path and text, and how many were skipped (too large, in
    /// `node_modules` or `.git`, or past the limit).
    Import {
        files: Vec<(String, String)>,
        skipped: usize,
    },
    Share,
    Download,
    DownloadAll,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub files: Rc<WorkspaceFiles>,
    pub on_request: Callback<Request>,
    /// The last request's problem, shown until the next one.
    pub problem: Option<AttrValue>,
    /// The share link made last, if any.
    pub share_link: Option<AttrValue>,
}

/// The files of `paths` (in order, all under the same folder, whose name is their first
/// `skip` bytes) as a list: a file as its item, each folder as its name over its own list.
fn tree(paths: &[&str], skip: usize, item: &dyn Fn(&str) -> Html) -> Html {
    let mut rows = Vec::new();
    let mut rest = paths;
    while let Some(first) = rest.first() {
        let inner = &first[skip..];
        let Some((folder, _)) = inner.split_once('/') else {
            rows.push(item(first));
            rest = &rest[1..];
            continue;
        };
        // Sorted paths keep a folder's files together.
        let prefix = &first[..skip + folder.len() + 1];
        let count = rest
            .iter()
            .take_while(|path| path.starts_with(prefix))
            .count();
        rows.push(html! {
            <li class="folder" data-folder={prefix.to_owned()}>
                <span class="folder-name">{ format!("{folder}/") }</span>
                <ul>{ tree(&rest[..count], prefix.len(), item) }</ul>
            </li>
        });
        rest = &rest[count..];
    }
    rows.into_iter().collect()
}

#[component]
pub fn FileTree(props: &Props) -> Html {
    let renaming = use_state(|| None::<String>);
    let new_name = use_node_ref();
    let files = &props.files;
    let on_request = &props.on_request;

    let item = |path: &str| -> Html {
        let is_open = path == files.open_path();
        let open = on_request.reform({
            let path = path.to_owned();
            move |_: MouseEvent| Request::Open(path.clone())
        });
        let delete = on_request.reform({
            let path = path.to_owned();
            move |_: MouseEvent| Request::Delete(path.clone())
        });
        let start_rename = {
            let (renaming, path) = (renaming.clone(), path.to_owned());
            Callback::from(move |_: MouseEvent| renaming.set(Some(path.clone())))
        };
        let name = if renaming.as_deref() == Some(path) {
            let finish = {
                let (renaming, on_request, from) =
                    (renaming.clone(), on_request.clone(), path.to_owned());
                Callback::from(move |event: KeyboardEvent| {
                    let input: HtmlInputElement = event.target_unchecked_into();
                    match event.key().as_str() {
                        "Enter" => {
                            on_request.emit(Request::Rename {
                                from: from.clone(),
                                to: input.value(),
                            });
                            renaming.set(None);
                        }
                        "Escape" => renaming.set(None),
                        _ => {}
                    }
                })
            };
            html! {
                <input class="rename" aria-label={format!("New name of {path}")} value={path.to_owned()} onkeydown={finish} />
            }
        } else {
            let shown = path.rsplit('/').next().unwrap_or(path);
            html! {
                <button type="button" class="file-name" title={path.to_owned()} aria-current={is_open.then_some("true")} onclick={open}>{ shown }</button>
            }
        };
        html! {
            <li class={classes!("file", is_open.then_some("open"))} data-path={path.to_owned()}>
                { name }
                <button type="button" class="file-action rename-file" title={format!("Rename {path}")} aria-label={format!("Rename {path}")} onclick={start_rename}>{ "✎" }</button>
                <button type="button" class="file-action delete-file" title={format!("Delete {path}")} aria-label={format!("Delete {path}")} onclick={delete}>{ "✕" }</button>
            </li>
        }
    };
    let paths: Vec<&str> = files.paths().collect();
    let items = tree(&paths, 0, &item);

    let add = {
        let (new_name, on_request) = (new_name.clone(), on_request.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(input) = new_name.cast::<HtmlInputElement>() {
                on_request.emit(Request::Add(input.value()));
                input.set_value("");
            }
        })
    };
    let example = on_request.reform(|event: Event| {
        let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
        Request::Example(select.value().parse().unwrap_or_default())
    });
    let examples: Html = EXAMPLES
        .iter()
        .enumerate()
        .map(|(index, example)| html! { <option value={index.to_string()}>{ example.name }</option> })
        .collect();

    let open_files = on_request.clone();
    let on_pick = Callback::from(move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        if let Some(files) = input.files() {
            import(Opening::Picked(&files), &open_files);
        }
        input.set_value("");
    });
    let open_dropped = on_request.clone();
    let on_drop = Callback::from(move |event: DragEvent| {
        event.prevent_default();
        if let Some(transfer) = event.data_transfer() {
            import(Opening::Dropped(&transfer), &open_dropped);
        }
    });
    // Without this the browser opens a dropped file itself.
    let on_drag_over = Callback::from(|event: DragEvent| event.prevent_default());

    html! {
        <nav class="workspace" aria-labelledby="workspace-title" ondrop={on_drop} ondragover={on_drag_over}>
            <h2 id="workspace-title">{ "Files" }</h2>
            <ul class="files">{ items }</ul>
            <form class="new-file" onsubmit={add}>
                <input ref={new_name} id="new-file-name" placeholder="new file, e.g. web/Dockerfile" aria-label="Name of a new file" />
                <button type="submit">{ "Add" }</button>
            </form>
            <div class="open-from-disk">
                <label class="pick">{ "Open files" }<input type="file" id="open-files" multiple=true onchange={on_pick.clone()} /></label>
                <label class="pick">{ "Open a folder" }<input type="file" id="open-folder" webkitdirectory=true onchange={on_pick} /></label>
                <span class="drop-hint">{ "or drop files here" }</span>
            </div>
            <label class="examples">
                { "Open an example " }
                <select id="examples" onchange={example}>
                    <option value="" selected=true disabled=true>{ "choose…" }</option>
                    { examples }
                </select>
            </label>
            <div class="workspace-actions">
                <button type="button" id="share" onclick={on_request.reform(|_: MouseEvent| Request::Share)}>{ "Share link" }</button>
                <button type="button" id="download" onclick={on_request.reform(|_: MouseEvent| Request::Download)}>{ "Download file" }</button>
                <button type="button" id="download-all" onclick={on_request.reform(|_: MouseEvent| Request::DownloadAll)}>{ "Download all (.tar)" }</button>
            </div>
            if let Some(link) = &props.share_link {
                <input id="share-link" readonly=true aria-label="Share link: the workspace travels in it, nothing is uploaded" value={link.clone()} />
            }
            if let Some(problem) = &props.problem {
                <p class="workspace-problem" role="alert">{ problem.clone() }</p>
            }
        </nav>
    }
}
