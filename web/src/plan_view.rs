//! The plan view: the workspace's build plan as `plumb plan` makes it (default options), its
//! steps with each input and the digest that pins it, what is unpinned and where, and a
//! download of the plan file, byte for byte the CLI's.

use crate::browser_storage;
use crate::message::with_code_spans;
use crate::report::{PlanStep, Report};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    pub report: Rc<Report>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
    }
}

#[component]
pub fn PlanPanel(props: &Props) -> Html {
    let problem = use_state(|| None::<String>);
    let Some(plan) = props.report.plan.as_ref() else {
        return html! { <p class="to-come">{ "Making the plan…" }</p> };
    };
    let download = plan.text.clone().map(|text| {
        let problem = problem.clone();
        Callback::from(move |_: MouseEvent| {
            let outcome =
                browser_storage::download("plan.json", text.as_bytes(), "application/json");
            problem.set(outcome.err());
        })
    });
    let findings: Html = plan
        .findings
        .iter()
        .map(|finding| {
            html! {
                <li data-code={finding.code.clone()}>
                    <code>{ &finding.code }</code>{ " " }
                    { format!("{}:{}: ", finding.file, finding.start.line) }
                    { with_code_spans(&finding.message) }
                </li>
            }
        })
        .collect();
    let steps: Html = plan.steps.iter().map(step_row).collect();
    html! {
        <div class="plan">
            if let Some(problem) = plan.problem.as_ref().or(problem.as_ref()) {
                <p class="plan-problem" role="status">{ problem }</p>
            }
            if !plan.id.is_empty() {
                <p>{ "Plan " }<code id="plan-id">{ &plan.id }</code></p>
            }
            if let Some(onclick) = download {
                <button type="button" id="plan-download" {onclick}>{ "Download plan.json" }</button>
            }
            if !plan.findings.is_empty() {
                <h3>{ "Not pinned, or not buildable" }</h3>
                <ul class="plan-findings">{ findings }</ul>
            }
            if !plan.steps.is_empty() {
                <div class="table-scroll">
                    <table class="plan-steps">
                        <thead>
                            <tr><th>{ "Step" }</th><th>{ "Network" }</th><th>{ "Output" }</th><th>{ "Inputs" }</th></tr>
                        </thead>
                        <tbody>{ steps }</tbody>
                    </table>
                </div>
            }
            if let Some(text) = &plan.text {
                <details>
                    <summary>{ "Plan file (canonical JSON)" }</summary>
                    <pre id="plan-json">{ text }</pre>
                </details>
            }
        </div>
    }
}

fn step_row(step: &PlanStep) -> Html {
    let inputs: Html = step
        .inputs
        .iter()
        .map(|(what, digest)| html! { <li>{ what }{ " " }<code>{ digest }</code></li> })
        .collect();
    html! {
        <tr>
            <td>{ &step.name }</td>
            <td>{ &step.network }</td>
            <td>{ &step.determinism }</td>
            <td><ul class="variables">{ inputs }</ul></td>
        </tr>
    }
}
