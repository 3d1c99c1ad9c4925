//! The problems panel: one line per diagnostic of the workspace, with its file, position,
//! code and message (as plumb writes it, its `code` spans in backticks) as data attributes
//! for anything that reads the page (tests, tools). A click on a line opens its file at its
//! place; a click on its code opens the rule's documentation; buttons show or hide each
//! severity, and the findings of other files than the open one. While an analysis runs the
//! list stays as it was and says so (`aria-busy`).

use crate::message::with_code_spans;
use crate::report::{Finding, Report};
use plumb_core::{Position, Severity};
use std::rc::Rc;
use yew::prelude::*;

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// The lines drawn until all are asked for: drawing a list of thousands on every edit of a
/// large file would cost frames, and nobody reads past the first screens of it.
const FIRST_LINES: usize = 200;

#[derive(Debug, Properties)]
pub struct Props {
    pub report: Rc<Report>,
    /// An analysis of the workspace as it is now runs: the report is of an earlier one.
    pub analysing: bool,
    /// How long the report's analysis took, in milliseconds, and whether it ran in the
    /// analysis worker.
    pub timing: Option<(f64, bool)>,
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
        Rc::ptr_eq(&self.report, &other.report)
            && self.analysing == other.analysing
            && self.timing == other.timing
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
    let every_line = use_state(|| false);
    let report = &props.report;
    let filters: Html = SEVERITIES
        .iter()
        .map(|&severity| {
            let count = report.count(severity);
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
    let listed: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|finding| shown.contains(&finding.severity))
        .filter(|finding| *all_files || finding.file == props.open.as_str())
        .collect();
    let drawn = if *every_line {
        listed.len()
    } else {
        listed.len().min(FIRST_LINES)
    };
    let items: Html = listed[..drawn]
        .iter()
        .map(|finding| item(finding, props))
        .collect();
    let show_every_line = {
        let every_line = every_line.clone();
        Callback::from(move |_: MouseEvent| every_line.set(true))
    };
    let status = match (props.analysing, props.timing) {
        (true, _) => "analysing…".to_owned(),
        (false, Some((milliseconds, _))) => format!("analysed in {milliseconds:.0} ms"),
        (false, None) => String::new(),
    };
    let (analysed_in, milliseconds) = match props.timing {
        Some((milliseconds, true)) => ("worker", milliseconds.to_string()),
        Some((milliseconds, false)) => ("page", milliseconds.to_string()),
        None => ("", String::new()),
    };

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
                <span class="analysis-status" role="status">{ status }</span>
            </div>
            <ul id="problems" aria-busy={props.analysing.to_string()} data-analysed-in={analysed_in} data-milliseconds={milliseconds}>{ items }</ul>
            if drawn < listed.len() {
                <button type="button" id="all-problems" class="more" onclick={show_every_line}>
                    { format!("Show all {} problems ({} more)", listed.len(), listed.len() - drawn) }
                </button>
            }
            if report.findings.is_empty() && !props.analysing {
                <p id="no-problems">{ "No problems" }</p>
            }
        </section>
    }
}

fn item(finding: &Finding, props: &Props) -> Html {
    let (start, end) = (finding.start, finding.end);
    let severity = finding.severity.as_str();
    let code = finding.code.clone();
    let path = finding.file.clone();
    let jump = props
        .on_jump
        .reform(move |_: MouseEvent| (path.clone(), start, end));
    let open_rule = {
        let code = code.clone();
        props.on_rule.reform(move |event: MouseEvent| {
            // The rule's documentation, not the place.
            event.stop_propagation();
            code.clone()
        })
    };
    html! {
        <li
            class="diagnostic"
            data-file={finding.file.clone()}
            data-code={code.clone()}
            data-line={start.line.to_string()}
            data-column={start.column.to_string()}
            data-severity={severity}
            data-message={finding.message.clone()}
        >
            <button type="button" class="place" onclick={jump} title="Show in the editor">
                <span class="position">{ format!("{}:{}:{}", finding.file, start.line, start.column) }</span>
                { " " }
                <span class={classes!("severity", severity)}>{ severity }</span>
                { " " }
                <span class="message">{ with_code_spans(&finding.message) }</span>
            </button>
            { " " }
            <button type="button" class="code" onclick={open_rule} title={format!("About {code}")}>{ code }</button>
        </li>
    }
}
