//! The page: an editor, the problems plumb-core finds in its text, and the documentation of
//! the rule asked for.

use crate::check::{PATH, check};
use crate::code_editor::CodeEditor;
use crate::diagnostics_list::DiagnosticsList;
use crate::example;
use crate::rule_docs::RuleDocs;
use plumb_core::rules::{self, Rule};
use std::rc::Rc;
use yew::prelude::*;

/// The name of the performance mark set once the app has rendered for the first time.
const FIRST_RENDER_MARK: &str = "plumb-first-render";

#[component]
pub fn App() -> Html {
    // The analysis of exactly the editor's text: it changes in the change handler, so
    // rendering only reads it and never parses.
    let analysis = use_state(|| Rc::new(check(example::DOCKERFILE)));
    let rule = use_state(|| None::<&'static Rule>);
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
    let on_rule = {
        let rule = rule.clone();
        use_callback((), move |code: String, ()| rule.set(rules::find(&code)))
    };
    let on_close = {
        let rule = rule.clone();
        use_callback((), move |(), ()| rule.set(None))
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
                on_rule={on_rule.clone()}
                analysis={Rc::clone(&analysis)}
            />
            <DiagnosticsList analysis={Rc::clone(&analysis)} {on_rule} />
            if let Some(rule) = *rule {
                <RuleDocs {rule} {on_close} />
            }
            <footer>
                <a href="editor-licenses.txt">{ "Licenses of the editor's packages" }</a>
            </footer>
        </main>
    }
}
