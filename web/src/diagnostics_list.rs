//! The problems list: one line per diagnostic, with its position and code as data attributes
//! for anything that reads the page (tests, later the editor's gutter).

use crate::check::PATH;
use plumb_core::{Analysis, Diagnostic, SourceFile};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Debug, Properties)]
pub struct Props {
    pub analysis: Rc<Analysis>,
}

// A new analysis is a new `Rc`, so identity is enough and avoids comparing every diagnostic.
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
    }
}

#[component]
pub fn DiagnosticsList(props: &Props) -> Html {
    let analysis = &props.analysis;
    let Some(file) = analysis.file(PATH) else {
        return Html::default();
    };
    let items: Html = analysis
        .diagnostics
        .iter()
        .map(|diagnostic| item(file, diagnostic))
        .collect();

    html! {
        <section class="problems">
            <h2>{ "Problems" }</h2>
            <ul id="problems">{ items }</ul>
            if analysis.diagnostics.is_empty() {
                <p id="no-problems">{ "No problems" }</p>
            }
        </section>
    }
}

fn item(file: &SourceFile, diagnostic: &Diagnostic) -> Html {
    let position = file.position(diagnostic.span.start);
    let severity = diagnostic.severity.as_str();
    html! {
        <li
            class="diagnostic"
            data-code={diagnostic.code()}
            data-line={position.line.to_string()}
            data-column={position.column.to_string()}
            data-severity={severity}
        >
            <span class="position">{ format!("{}:{}", position.line, position.column) }</span>
            { " " }
            <span class={classes!("severity", severity)}>{ severity }</span>
            { " " }
            <span class="code">{ diagnostic.code() }</span>
            { " " }
            <span class="message">{ &diagnostic.message }</span>
        </li>
    }
}
