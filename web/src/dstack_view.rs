//! The dstack view: the open compose file's app-compose.json (or the workspace's first) as
//! `plumb dstack app-compose` writes it, byte for byte, in either style, with what dstack
//! measures of it; for an open app-compose.json, what dstack measures of its bytes as
//! `plumb dstack hash` prints it. Each value and the file can be copied, and the file
//! downloaded.

use crate::browser_storage;
use crate::report::{DstackFile, Report};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    pub report: Rc<Report>,
    pub open: AttrValue,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report) && self.open == other.open
    }
}

#[component]
pub fn DstackPanel(props: &Props) -> Html {
    // The style picked here; until then, the one plumb.toml asks for.
    let picked = use_state(|| None::<String>);
    let problem = use_state(|| None::<String>);
    let Some(views) = props.report.dstack.as_deref() else {
        return html! { <p class="to-come">{ "Writing app-compose.json…" }</p> };
    };
    let Some(view) = views
        .iter()
        .find(|view| view.path == props.open.as_str())
        .or_else(|| views.first())
    else {
        return html! {
            <p class="to-come">{ "No compose file in the workspace: add a docker-compose.yml to see the app-compose.json dstack would measure." }</p>
        };
    };
    let style = picked.as_deref().unwrap_or(&view.style).to_owned();
    let file = if style == "vmm-cli" {
        &view.vmm_cli
    } else {
        &view.canonical
    };
    let choose = |name: &'static str| {
        let picked = picked.clone();
        Callback::from(move |_: MouseEvent| picked.set(Some(name.to_owned())))
    };
    let copy = |text: String| {
        let problem = problem.clone();
        Callback::from(move |_: MouseEvent| problem.set(browser_storage::copy(&text).err()))
    };
    let download = file.text.clone().map(|text| {
        let problem = problem.clone();
        Callback::from(move |_: MouseEvent| {
            let outcome =
                browser_storage::download("app-compose.json", text.as_bytes(), "application/json");
            problem.set(outcome.err());
        })
    });
    if view.existing {
        return html! {
            <div class="dstack" data-path={view.path.clone()} data-style="as-written">
                <p class="dstack-caption">
                    { "What dstack measures of " }<code>{ &view.path }</code>{ "'s bytes as they are, as " }
                    <code>{ "plumb dstack hash" }</code>{ " prints it." }
                </p>
                if let Some(problem) = problem.as_ref() {
                    <p class="dstack-problem" role="status">{ problem }</p>
                }
                { written(&view.canonical, &copy, download) }
            </div>
        };
    }
    html! {
        <div class="dstack" data-path={view.path.clone()} data-style={style.clone()}>
            <p class="dstack-caption">
                { "The app-compose.json of " }<code>{ &view.path }</code>{ " as " }
                <code>{ "plumb dstack app-compose" }</code>
                { " writes it in the file's folder: options from [dstack] of its plumb.toml, the name from it or the folder's. dstack hashes exactly these bytes." }
            </p>
            <div class="dstack-styles" role="group" aria-label="Style">
                <button type="button" id="dstack-canonical" aria-pressed={(style == "canonical").to_string()} onclick={choose("canonical")}>{ "Canonical (RFC 8785)" }</button>
                <button type="button" id="dstack-vmm-cli" aria-pressed={(style == "vmm-cli").to_string()} onclick={choose("vmm-cli")}>{ "As vmm-cli writes it" }</button>
            </div>
            if let Some(problem) = problem.as_ref() {
                <p class="dstack-problem" role="status">{ problem }</p>
            }
            { written(file, &copy, download) }
        </div>
    }
}

fn written(
    file: &DstackFile,
    copy: &dyn Fn(String) -> Callback<MouseEvent>,
    download: Option<Callback<MouseEvent>>,
) -> Html {
    let Some(text) = &file.text else {
        let problems: Html = file
            .problems
            .iter()
            .map(|problem| html! { <li>{ problem }</li> })
            .collect();
        return html! { <ul id="dstack-problems" class="dstack-problems" role="status">{ problems }</ul> };
    };
    let rows: Html = file
        .values
        .iter()
        .map(|(label, value)| {
            html! {
                <tr>
                    <th scope="row">{ label }</th>
                    <td><code>{ value }</code></td>
                    <td><button type="button" class="copy" title={format!("Copy the {label}")} onclick={copy(value.clone())}>{ "Copy" }</button></td>
                </tr>
            }
        })
        .collect();
    html! {
        <>
            <div class="table-scroll">
                <table id="dstack-values" class="dstack-values"><tbody>{ rows }</tbody></table>
            </div>
            <div class="dstack-actions">
                <button type="button" id="dstack-copy" onclick={copy(text.clone())}>{ "Copy app-compose.json" }</button>
                if let Some(onclick) = download {
                    <button type="button" id="dstack-download" {onclick}>{ "Download app-compose.json" }</button>
                }
            </div>
            <pre id="app-compose" class="app-compose">{ text }</pre>
        </>
    }
}
