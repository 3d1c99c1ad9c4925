//! The workspace panel: its files (open, rename, delete), a new file, the examples, a share
//! link and a download of the open file.

use crate::example::EXAMPLES;
use crate::workspace_files::WorkspaceFiles;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the panel asks of the workspace.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Open(String),
    Add(String),
    Rename { from: String, to: String },
    Delete(String),
    Example(usize),
    Share,
    Download,
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

#[component]
pub fn FileTree(props: &Props) -> Html {
    let renaming = use_state(|| None::<String>);
    let new_name = use_node_ref();
    let files = &props.files;
    let on_request = &props.on_request;

    let items: Html = files
        .paths()
        .map(|path| {
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
                    let (renaming, on_request, from) = (renaming.clone(), on_request.clone(), path.to_owned());
                    Callback::from(move |event: KeyboardEvent| {
                        let input: HtmlInputElement = event.target_unchecked_into();
                        match event.key().as_str() {
                            "Enter" => {
                                on_request.emit(Request::Rename { from: from.clone(), to: input.value() });
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
                html! {
                    <button type="button" class="file-name" aria-current={is_open.then_some("true")} onclick={open}>{ path }</button>
                }
            };
            html! {
                <li class={classes!("file", is_open.then_some("open"))} data-path={path.to_owned()}>
                    { name }
                    <button type="button" class="file-action rename-file" title={format!("Rename {path}")} aria-label={format!("Rename {path}")} onclick={start_rename}>{ "✎" }</button>
                    <button type="button" class="file-action delete-file" title={format!("Delete {path}")} aria-label={format!("Delete {path}")} onclick={delete}>{ "✕" }</button>
                </li>
            }
        })
        .collect();

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

    html! {
        <nav class="workspace" aria-labelledby="workspace-title">
            <h2 id="workspace-title">{ "Files" }</h2>
            <ul class="files">{ items }</ul>
            <form class="new-file" onsubmit={add}>
                <input ref={new_name} id="new-file-name" placeholder="new file, e.g. web/Dockerfile" aria-label="Name of a new file" />
                <button type="submit">{ "Add" }</button>
            </form>
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
