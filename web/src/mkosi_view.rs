//! The mkosi summary view: the mkosi tree of the open file (or the workspace's first)
//! resolved as `plumb mkosi summary` prints it on plumb's build host, as text or as the
//! JSON of `mkosi --json summary`, which can be copied; or what mkosi refuses, with its
//! place.

use crate::browser_storage;
use crate::message::{placed_error, warning_list};
use crate::report::{MkosiView, Report};
use plumb_core::Position;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    pub report: Rc<Report>,
    pub open: AttrValue,
    pub on_jump: Callback<(String, Position, Position)>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
            && self.open == other.open
            && self.on_jump == other.on_jump
    }
}

#[component]
pub fn MkosiPanel(props: &Props) -> Html {
    let json = use_state(|| false);
    let problem = use_state(|| None::<String>);
    let Some(views) = props.report.mkosi.as_deref() else {
        return html! { <p class="to-come">{ "Resolving the mkosi trees…" }</p> };
    };
    let Some(view) = MkosiView::for_file(views, &props.open) else {
        return html! {
            <p class="to-come">{ "No mkosi tree in the workspace: add an mkosi.conf to see the settings mkosi would build with, as " }<code>{ "mkosi summary" }</code>{ " prints them." }</p>
        };
    };
    let format = |as_json: bool| {
        let json = json.clone();
        Callback::from(move |_: MouseEvent| json.set(as_json))
    };
    let shown = if *json { &view.json } else { &view.text };
    let body = match (shown, &view.error) {
        (Some(text), _) => {
            let copy = {
                let (text, problem) = (text.clone(), problem.clone());
                Callback::from(move |_: MouseEvent| problem.set(browser_storage::copy(&text).err()))
            };
            html! {
                <>
                    <div class="view-actions">
                        <button type="button" onclick={format(false)} aria-pressed={(!*json).to_string()}>{ "Text" }</button>
                        <button type="button" onclick={format(true)} aria-pressed={json.to_string()}>{ "JSON" }</button>
                        <button type="button" onclick={copy}>{ "Copy" }</button>
                    </div>
                    <pre id="mkosi-summary" class="view-text" data-format={if *json { "json" } else { "text" }}>{ text }</pre>
                </>
            }
        }
        (None, Some(error)) => placed_error(error, "mkosi-error", &props.on_jump),
        (None, None) => Html::default(),
    };
    let directory = if view.directory.is_empty() {
        html! { { "the workspace's top folder" } }
    } else {
        html! { <code>{ &view.directory }</code> }
    };
    html! {
        <div class="mkosi" data-directory={view.directory.clone()}>
            <p class="view-caption">
                { "The tree in " }{ directory }{ " as " }<code>{ "plumb mkosi summary" }</code>
                { format!(" prints it: read as mkosi {} reads it (plumb.toml's [mkosi] version chooses), on a Debian 12 (bookworm) x86-64 host with no environment variables, an unknown systemd and the workspace at /workspace. Values mkosi computes from the host while it runs are left to it.", view.release) }
            </p>
            if let Some(problem) = problem.as_ref() {
                <p class="view-error" role="status">{ problem }</p>
            }
            { warning_list(&view.warnings) }
            { body }
        </div>
    }
}
