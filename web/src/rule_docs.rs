//! The documentation of one rule: what it reports, why, and an example that triggers it
//! beside the same file corrected. The explanations and examples are not part of the app's
//! module (plumb-core without `rule-docs`): they come from rule-docs.json, fetched from the
//! page's own origin the first time a rule's documentation is opened, and kept.

use crate::message::with_code_spans;
use plumb_core::rules::Rule;
use plumb_core::rules::docs_file::{self, DOCS_FILE, ExampleDocs};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

type AllDocs = Rc<BTreeMap<String, docs_file::RuleDocs>>;

thread_local! {
    /// The documentation once fetched: the page's one thread keeps it for the next rule.
    static FETCHED: RefCell<Option<AllDocs>> = const { RefCell::new(None) };
}

#[derive(PartialEq, Properties)]
pub struct Props {
    pub rule: &'static Rule,
    pub on_close: Callback<()>,
}

#[component]
pub fn RuleDocs(props: &Props) -> Html {
    let rule = props.rule;
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    let docs = use_state(|| FETCHED.with(|fetched| fetched.borrow().clone()).map(Ok));
    {
        let docs = docs.clone();
        use_effect_with((), move |()| {
            if docs.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    let fetched = fetch().await;
                    if let Ok(all) = &fetched {
                        FETCHED.with(|kept| *kept.borrow_mut() = Some(Rc::clone(all)));
                    }
                    docs.set(Some(fetched));
                });
            }
        });
    }
    let body = match &*docs {
        None => html! { <p class="loading">{ "Loading the documentation…" }</p> },
        Some(Err(problem)) => html! { <p class="problem" role="alert">{ problem.clone() }</p> },
        Some(Ok(all)) => match all.get(rule.code) {
            Some(docs) => documentation(docs),
            None => html! {
                <p class="problem" role="alert">{ format!("{DOCS_FILE} has nothing on {}: it is from another build", rule.code) }</p>
            },
        },
    };
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
            { body }
        </section>
    }
}

fn documentation(docs: &docs_file::RuleDocs) -> Html {
    let paragraphs: Html = docs
        .explanation
        .split("\n\n")
        .map(|paragraph| html! { <p>{ with_code_spans(paragraph) }</p> })
        .collect();
    html! {
        <>
            { paragraphs }
            { example("Reported", &docs.failing) }
            { example("Not reported", &docs.passing) }
        </>
    }
}

fn example(heading: &str, example: &ExampleDocs) -> Html {
    let body = match example {
        ExampleDocs::Text(text) => html! { <pre><code>{ text.clone() }</code></pre> },
        ExampleDocs::Described(description) => html! { <p>{ description.clone() }</p> },
        ExampleDocs::Files(files) => files
            .iter()
            .map(|(path, text)| {
                html! { <><p class="path"><code>{ path.clone() }</code></p><pre><code>{ text.clone() }</code></pre></> }
            })
            .collect(),
    };
    html! { <div class="example"><h3>{ heading }</h3>{ body }</div> }
}

/// rule-docs.json from beside the page, read.
async fn fetch() -> Result<AllDocs, String> {
    let failed = |_| format!("cannot fetch {DOCS_FILE}");
    let window = web_sys::window().ok_or("no window to fetch from")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(DOCS_FILE))
        .await
        .map_err(failed)?
        .unchecked_into();
    if !response.ok() {
        return Err(format!(
            "cannot fetch {DOCS_FILE}: the server answered {}",
            response.status()
        ));
    }
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?
        .as_string()
        .ok_or_else(|| format!("{DOCS_FILE} is not text"))?;
    docs_file::read_docs_file(&text).map(Rc::new)
}
