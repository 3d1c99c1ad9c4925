//! The views beside the editor: the open Dockerfile's stages with the values BuildKit would
//! use, from the document the analysis kept (nothing is parsed again; the report carries
//! them), the workspace's build plan (`plan_view.rs`), the open compose file's project as
//! `docker compose config` prints it (resolved where the analysis runs), dstack's
//! app-compose.json (`dstack_view.rs`), and the mkosi trees as `plumb mkosi summary`
//! prints them (`mkosi_view.rs`).

use crate::dstack_view::DstackPanel;
use crate::message::{placed_error, warning_list};
use crate::mkosi_view::MkosiPanel;
use crate::plan_view::PlanPanel;
use crate::report::{ComposeView, Report, Stage};
use plumb_core::Position;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The views, in their tabs' order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Stages,
    Plan,
    Compose,
    Mkosi,
    Dstack,
}

impl View {
    const ALL: [View; 5] = [
        View::Stages,
        View::Plan,
        View::Compose,
        View::Mkosi,
        View::Dstack,
    ];

    fn title(self) -> &'static str {
        match self {
            View::Stages => "Stages",
            View::Plan => "Build plan",
            View::Compose => "Resolved compose",
            View::Mkosi => "mkosi summary",
            View::Dstack => "dstack app-compose.json",
        }
    }

    fn id(self) -> &'static str {
        match self {
            View::Stages => "stages",
            View::Plan => "plan",
            View::Compose => "compose",
            View::Mkosi => "mkosi",
            View::Dstack => "dstack",
        }
    }
}

#[derive(Properties)]
pub struct Props {
    pub report: Rc<Report>,
    /// The file open in the editor.
    pub open: AttrValue,
    /// The view shown: the page keeps it, because the plan is made only while its view is.
    pub view: View,
    pub on_view: Callback<View>,
    /// Asked to show a place: the file, where it starts and ends.
    pub on_jump: Callback<(String, Position, Position)>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
            && self.open == other.open
            && self.view == other.view
            && self.on_view == other.on_view
            && self.on_jump == other.on_jump
    }
}

#[component]
pub fn Views(props: &Props) -> Html {
    let view = props.view;
    let tabs: Html = View::ALL
        .iter()
        .map(|&tab| {
            let selected = view == tab;
            let onclick = props.on_view.reform(move |_: MouseEvent| tab);
            // Only the selected tab is in the tab order; arrows move between tabs.
            let tabindex = if selected { "0" } else { "-1" };
            html! {
                <button type="button" role="tab" id={format!("tab-{}", tab.id())} aria-selected={selected.to_string()} aria-controls="view" {tabindex} {onclick}>
                    { tab.title() }
                </button>
            }
        })
        .collect();
    let onkeydown = {
        let on_view = props.on_view.clone();
        Callback::from(move |event: KeyboardEvent| {
            let step = match event.key().as_str() {
                "ArrowRight" => 1,
                "ArrowLeft" => View::ALL.len() - 1,
                _ => return,
            };
            event.prevent_default();
            let current = View::ALL.iter().position(|tab| *tab == view).unwrap_or(0);
            let next = View::ALL[(current + step) % View::ALL.len()];
            on_view.emit(next);
            focus(&format!("tab-{}", next.id()));
        })
    };
    let body = match view {
        View::Stages => stages(&props.report, &props.open),
        View::Plan => html! { <PlanPanel report={Rc::clone(&props.report)} /> },
        View::Compose => compose(&props.report, &props.open, &props.on_jump),
        View::Dstack => {
            html! { <DstackPanel report={Rc::clone(&props.report)} open={props.open.clone()} /> }
        }
        View::Mkosi => html! {
            <MkosiPanel report={Rc::clone(&props.report)} open={props.open.clone()} on_jump={props.on_jump.clone()} />
        },
    };
    html! {
        <section class="views" aria-label="Views">
            <div role="tablist" class="tabs" aria-label="Views" {onkeydown}>{ tabs }</div>
            <div id="view" role="tabpanel" aria-labelledby={format!("tab-{}", view.id())}>{ body }</div>
        </section>
    }
}

/// Moves the keyboard focus to the element with `id`.
fn focus(id: &str) {
    let element = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// The project of the open compose file (or of the first that reads the open file, or the
/// workspace's first): the text `plumb compose config` prints in its folder, or the error
/// with its place, which a click shows in the editor.
fn compose(report: &Report, open: &str, on_jump: &Callback<(String, Position, Position)>) -> Html {
    let Some(views) = report.compose.as_deref() else {
        return html! { <p class="to-come">{ "Resolving the compose files…" }</p> };
    };
    let Some(view) = ComposeView::for_file(views, open) else {
        return html! {
            <p class="to-come">{ "No compose file in the workspace: add a compose.yaml to see its project as " }<code>{ "docker compose config" }</code>{ " prints it." }</p>
        };
    };
    let body = match (&view.text, &view.error) {
        (Some(text), _) => html! { <pre id="compose-config" class="view-text">{ text }</pre> },
        (None, Some(error)) => placed_error(error, "compose-error", on_jump),
        (None, None) => Html::default(),
    };
    html! {
        <div class="compose" data-path={view.path.clone()}>
            <p class="view-caption">
                { "The project of " }<code>{ &view.path }</code>{ " as " }<code>{ "docker compose config" }</code>
                { " prints it, run in the file's folder with the workspace at /workspace and no environment variables." }
            </p>
            { warning_list(&view.warnings) }
            { body }
        </div>
    }
}

fn stages(report: &Report, open: &str) -> Html {
    let Some(stages) = report.stages.get(open) else {
        return html! { <p class="to-come">{ "Open a Dockerfile to see its stages." }</p> };
    };
    if stages.stages.is_empty() {
        return html! { <p class="to-come">{ "No stage: the file has no FROM." }</p> };
    }
    let rows: Html = stages.stages.iter().map(stage_row).collect();
    let globals: Html = stages
        .global_args
        .iter()
        .map(|(name, value)| {
            html! { <li><code>{ name }</code>{ " = " }<code>{ value.as_deref().unwrap_or("(no default)") }</code></li> }
        })
        .collect();
    html! {
        <>
            if !stages.global_args.is_empty() {
                <h3>{ "Global ARGs" }</h3>
                <ul class="global-args">{ globals }</ul>
            }
            <div class="table-scroll">
                <table class="stages">
                    <thead>
                        <tr><th>{ "#" }</th><th>{ "Stage" }</th><th>{ "Built on" }</th><th>{ "Platform" }</th><th>{ "Variables at its end" }</th></tr>
                    </thead>
                    <tbody>{ rows }</tbody>
                </table>
            </div>
        </>
    }
}

fn stage_row(stage: &Stage) -> Html {
    let variables: Html = stage
        .variables
        .iter()
        .map(|variable| html! { <li><code>{ variable }</code></li> })
        .collect();
    html! {
        <tr data-stage={stage.index.to_string()}>
            <td>{ stage.index }</td>
            <td>{ stage.name.clone().unwrap_or_default() }</td>
            <td><code>{ &stage.base }</code></td>
            <td>{ stage.platform.clone().unwrap_or_default() }</td>
            <td><ul class="variables">{ variables }</ul></td>
        </tr>
    }
}
