//! The page: an editor and the problems plumb-core finds in its text.

use crate::check::{PATH, check};
use crate::code_editor::CodeEditor;
use crate::diagnostics_list::DiagnosticsList;
use crate::example;
use std::rc::Rc;
use yew::prelude::*;

/// The name of the performance mark set once the app has rendered for the first time.
const FIRST_RENDER_MARK: &str = "plumb-first-render";

#[component]
pub fn App() -> Html {
    // The analysis of exactly the editor's text: it changes in the change handler, so
    // rendering only reads it and never parses.
    let analysis = use_state(|| Rc::new(check(example::DOCKERFILE)));
    // A performance mark when the page is first on screen, for the numbers in
    // docs/BENCHMARKS.md (time to first render).
    use_effect_with((), |()| {
        if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
            let _ = performance.mark(FIRST_RENDER_MARK);
        }
    });

    let on_change = {
        let analysis = analysis.clone();
        use_callback((), move |text: String, ()| {
            analysis.set(Rc::new(check(&text)))
        })
    };

    html! {
        <main>
            <h1>{ "plumb" }</h1>
            <h2 id="editor-label">{ "Dockerfile" }</h2>
            <CodeEditor
                path={PATH}
                text={example::DOCKERFILE}
                kind="dockerfile"
                {on_change}
                analysis={Rc::clone(&analysis)}
            />
            <DiagnosticsList analysis={Rc::clone(&analysis)} />
        </main>
    }
}
