//! The page: an editor and the problems plumb-core finds in its text.

use crate::check::check;
use crate::diagnostics_list::DiagnosticsList;
use crate::example;
use plumb_core::Analysis;
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// The editor's text and the analysis of exactly that text. They change together, in the input
/// handler, so rendering only reads the analysis and never parses.
#[derive(Debug)]
struct Editor {
    text: AttrValue,
    analysis: Rc<Analysis>,
}

impl Editor {
    fn new(text: String) -> Self {
        let analysis = Rc::new(check(&text));
        Self {
            text: text.into(),
            analysis,
        }
    }
}

/// The name of the performance mark set once the app has rendered for the first time.
const FIRST_RENDER_MARK: &str = "plumb-first-render";

#[component]
pub fn App() -> Html {
    let editor = use_state(|| Editor::new(example::DOCKERFILE.to_owned()));
    // A performance mark when the page is first on screen, for the numbers in
    // docs/BENCHMARKS.md (time to first render).
    use_effect_with((), |()| {
        if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
            let _ = performance.mark(FIRST_RENDER_MARK);
        }
    });

    let oninput = {
        let editor = editor.clone();
        Callback::from(move |event: InputEvent| {
            let textarea: HtmlTextAreaElement = event.target_unchecked_into();
            editor.set(Editor::new(textarea.value()));
        })
    };

    html! {
        <main>
            <h1>{ "plumb" }</h1>
            <label for="editor">{ "Dockerfile" }</label>
            <textarea
                id="editor"
                spellcheck="false"
                autocomplete="off"
                value={editor.text.clone()}
                {oninput}
            />
            <DiagnosticsList analysis={Rc::clone(&editor.analysis)} />
        </main>
    }
}
