//! The problems panel: one line per diagnostic of the workspace, with its file, position and
//! code as data attributes for anything that reads the page (tests, tools). A click on a line
//! opens its file at its place; a click on its code opens the rule's documentation; buttons
//! show or hide each severity, and the findings of other files than the open one.

use crate::message::with_code_spans;
use plumb_core::{Analysis, Diagnostic, Position, Severity};
use std::rc::Rc;
use yew::prelude::*;

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

#[derive(Debug, Properties)]
pub struct Props {
    pub analysis: Rc<Analysis>,
    /// The file open in the editor.
    pub open: AttrValue,
    /// Asked for the documentation of a rule, by code.
    pub on_rule: Callback<String>,
    /// Asked to show a place: the file, where the finding starts and ends.
    pub on_jump: Callback<(String, Position, Position)>,
}

// A new analysis is a new `Rc`, so identity is enough and avoids comparing every diagnostic.
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
            && self.open == other.open
            && self.on_rule == other.on_rule
            && self.on_jump == other.on_jump
    }
}

#[component]
pub fn DiagnosticsList(props: &Props) -> Html {
    // The severities shown; all at first.
    let shown = use_state(|| SEVERITIES.to_vec());
    let all_files = use_state(|| true);
    let analysis = &props.analysis;
    let filters: Html = SEVERITIES
        .iter()
        .map(|&severity| {
            let count = analysis
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.severity == severity)
                .count();
            let pressed = shown.contains(&severity);
            let onclick = {
                let shown = shown.clone();
                Callback::from(move |_: MouseEvent| {
                    let mut next = (*shown).clone();
                    if pressed {
                        next.retain(|other| *other != severity);
                    } else {
                        next.push(severity);
                    }
                    shown.set(next);
                })
            };
            let name = severity.as_str();
            html! {
                <button type="button" class={classes!("filter", name)} aria-pressed={pressed.to_string()} data-severity={name} {onclick}>
                    { format!("{name} {count}") }
                </button>
            }
        })
        .collect();
    let toggle_files = {
        let all_files = all_files.clone();
        Callback::from(move |_: MouseEvent| all_files.set(!*all_files))
    };
    let items: Html = analysis
        .diagnostics
        .iter()
        .filter(|diagnostic| shown.contains(&diagnostic.severity))
        .filter(|diagnostic| *all_files || diagnostic.file == props.open.as_str())
        .filter_map(|diagnostic| item(analysis, diagnostic, props))
        .collect();

    html! {
        <section class="problems" aria-labelledby="problems-title">
            <div class="problems-header">
                <h2 id="problems-title">{ "Problems" }</h2>
                <div class="filters" role="group" aria-label="Findings shown">
                    { filters }
                    <button type="button" class="filter files" id="all-files" aria-pressed={(*all_files).to_string()} onclick={toggle_files}>
                        { "all files" }
                    </button>
                </div>
            </div>
            <ul id="problems">{ items }</ul>
            if analysis.diagnostics.is_empty() {
                <p id="no-problems">{ "No problems" }</p>
            }
        </section>
    }
}

fn item(analysis: &Analysis, diagnostic: &Diagnostic, props: &Props) -> Option<Html> {
    let file = analysis.file(&diagnostic.file)?;
    let (start, end) = (
        file.position(diagnostic.span.start),
        file.position(diagnostic.span.end),
    );
    let severity = diagnostic.severity.as_str();
    let code = diagnostic.code();
    let path = diagnostic.file.clone();
    let jump = props
        .on_jump
        .reform(move |_: MouseEvent| (path.clone(), start, end));
    let open_rule = props.on_rule.reform(move |event: MouseEvent| {
        // The rule's documentation, not the place.
        event.stop_propagation();
        code.to_owned()
    });
    Some(html! {
        <li
            class="diagnostic"
            data-file={diagnostic.file.clone()}
            data-code={code}
            data-line={start.line.to_string()}
            data-column={start.column.to_string()}
            data-severity={severity}
        >
            <button type="button" class="place" onclick={jump} title="Show in the editor">
                <span class="position">{ format!("{}:{}:{}", diagnostic.file, start.line, start.column) }</span>
                { " " }
                <span class={classes!("severity", severity)}>{ severity }</span>
                { " " }
                <span class="message">{ with_code_spans(&diagnostic.message) }</span>
            </button>
            { " " }
            <button type="button" class="code" onclick={open_rule} title={format!("About {code}")}>{ code }</button>
        </li>
    })
}
