//! The problems panel: one line per diagnostic, with its position and code as data attributes
//! for anything that reads the page (tests, tools). A click on a line selects its place in
//! the editor; a click on its code opens the rule's documentation; buttons show or hide each
//! severity.

use crate::check::PATH;
use crate::code_editor;
use crate::message::with_code_spans;
use plumb_core::{Analysis, Diagnostic, Severity, SourceFile};
use std::rc::Rc;
use yew::prelude::*;

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

#[derive(Debug, Properties)]
pub struct Props {
    pub analysis: Rc<Analysis>,
    /// Asked for the documentation of a rule, by code.
    pub on_rule: Callback<String>,
}

// A new analysis is a new `Rc`, so identity is enough and avoids comparing every diagnostic.
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis) && self.on_rule == other.on_rule
    }
}

#[component]
pub fn DiagnosticsList(props: &Props) -> Html {
    // The severities shown; all at first.
    let shown = use_state(|| SEVERITIES.to_vec());
    let analysis = &props.analysis;
    let Some(file) = analysis.file(PATH) else {
        return Html::default();
    };
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
    let items: Html = analysis
        .diagnostics
        .iter()
        .filter(|diagnostic| shown.contains(&diagnostic.severity))
        .map(|diagnostic| item(file, diagnostic, &props.on_rule))
        .collect();

    html! {
        <section class="problems" aria-labelledby="problems-title">
            <div class="problems-header">
                <h2 id="problems-title">{ "Problems" }</h2>
                <div class="filters" role="group" aria-label="Severities shown">{ filters }</div>
            </div>
            <ul id="problems">{ items }</ul>
            if analysis.diagnostics.is_empty() {
                <p id="no-problems">{ "No problems" }</p>
            }
        </section>
    }
}

fn item(file: &SourceFile, diagnostic: &Diagnostic, on_rule: &Callback<String>) -> Html {
    let (start, end) = (
        file.position(diagnostic.span.start),
        file.position(diagnostic.span.end),
    );
    let severity = diagnostic.severity.as_str();
    let code = diagnostic.code();
    let jump = Callback::from(move |_: MouseEvent| code_editor::select(start, end));
    let open_rule = on_rule.reform(move |event: MouseEvent| {
        // The rule's documentation, not the place.
        event.stop_propagation();
        code.to_owned()
    });
    html! {
        <li
            class="diagnostic"
            data-code={code}
            data-line={start.line.to_string()}
            data-column={start.column.to_string()}
            data-severity={severity}
        >
            <button type="button" class="place" onclick={jump} title="Show in the editor">
                <span class="position">{ format!("{}:{}", start.line, start.column) }</span>
                { " " }
                <span class={classes!("severity", severity)}>{ severity }</span>
                { " " }
                <span class="message">{ with_code_spans(&diagnostic.message) }</span>
            </button>
            { " " }
            <button type="button" class="code" onclick={open_rule} title={format!("About {code}")}>{ code }</button>
        </li>
    }
}
