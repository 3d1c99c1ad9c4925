//! The documentation of one rule, from the rule's own declaration: what it reports, why, and
//! an example that triggers it beside the same file corrected.

use crate::message::with_code_spans;
use plumb_core::rules::{Example, Rule};
use yew::prelude::*;

#[derive(PartialEq, Properties)]
pub struct Props {
    pub rule: &'static Rule,
    pub on_close: Callback<()>,
}

#[component]
pub fn RuleDocs(props: &Props) -> Html {
    let rule = props.rule;
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    let paragraphs: Html = rule
        .explanation
        .split("\n\n")
        .map(|paragraph| html! { <p>{ with_code_spans(paragraph) }</p> })
        .collect();
    html! {
        <section class="rule-docs" aria-labelledby="rule-docs-title">
            <header>
                <h2 id="rule-docs-title">
                    <code>{ rule.code }</code>{ " " }{ rule.name }
                </h2>
                <button type="button" class="close" aria-label="Close the rule's documentation" onclick={on_close}>
                    { "×" }
                </button>
            </header>
            <p class="rule-title">{ with_code_spans(rule.title) }{ " (" }{ rule.severity.as_str() }{ ")" }</p>
            { paragraphs }
            { example("Reported", &rule.failing_example) }
            { example("Not reported", &rule.passing_example) }
        </section>
    }
}

fn example(heading: &str, example: &Example) -> Html {
    let body = match example {
        Example::Text(text) => html! { <pre><code>{ *text }</code></pre> },
        Example::Built { description, .. } => html! { <p>{ *description }</p> },
        Example::Files(files) => files
            .iter()
            .map(|(path, text)| {
                html! { <><p class="path"><code>{ *path }</code></p><pre><code>{ *text }</code></pre></> }
            })
            .collect(),
    };
    html! { <div class="example"><h3>{ heading }</h3>{ body }</div> }
}
