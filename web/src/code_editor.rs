//! The code editor: the bundled CodeMirror module (web/editor, on `window.plumbEditor`) in a
//! Yew component. It reports every change of the text and shows the diagnostics of the
//! analysis it is given as underlines, gutter markers and hovers.

use plumb_core::Analysis;
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// An editor view, opaque to Rust.
    type EditorView;

    #[wasm_bindgen(js_namespace = plumbEditor, js_name = create)]
    fn create_view(
        parent: &HtmlElement,
        text: &str,
        kind: &str,
        on_change: &Closure<dyn FnMut(String)>,
    ) -> EditorView;

    #[wasm_bindgen(js_namespace = plumbEditor, js_name = showDiagnostics)]
    fn show_diagnostics(view: &EditorView, diagnostics_json: &str);
}

/// One diagnostic as the editor takes it: 1-based lines, UTF-16 columns.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Mark<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: &'a str,
    code: &'a str,
    message: &'a str,
}

#[derive(Properties)]
pub struct Props {
    /// The file's path in the analysis.
    pub path: AttrValue,
    /// The text the editor starts with.
    pub text: AttrValue,
    /// The editor's syntax colouring: `dockerfile`, `compose` or `mkosi`.
    pub kind: AttrValue,
    pub on_change: Callback<String>,
    /// The analysis of the editor's current text.
    pub analysis: Rc<Analysis>,
}

// A new analysis is a new `Rc`: identity is enough.
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path
            && self.text == other.text
            && self.kind == other.kind
            && self.on_change == other.on_change
            && Rc::ptr_eq(&self.analysis, &other.analysis)
    }
}

/// An analysis compared by identity, to show its diagnostics once per new analysis.
struct SameAnalysis(Rc<Analysis>);

impl PartialEq for SameAnalysis {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The view and the callback it calls, kept alive together for the component's life.
struct Mounted {
    view: EditorView,
    _on_change: Closure<dyn FnMut(String)>,
}

#[component]
pub fn CodeEditor(props: &Props) -> Html {
    let parent = use_node_ref();
    let mounted = use_mut_ref(|| None::<Mounted>);
    {
        let (parent, mounted) = (parent.clone(), mounted.clone());
        let (text, kind, on_change) = (
            props.text.clone(),
            props.kind.clone(),
            props.on_change.clone(),
        );
        use_effect_with((), move |()| {
            if let Some(element) = parent.cast::<HtmlElement>() {
                let on_change = Closure::<dyn FnMut(String)>::new(move |text| on_change.emit(text));
                let view = create_view(&element, &text, &kind, &on_change);
                *mounted.borrow_mut() = Some(Mounted {
                    view,
                    _on_change: on_change,
                });
            }
        });
    }
    {
        let mounted = mounted.clone();
        let path = props.path.clone();
        use_effect_with(SameAnalysis(Rc::clone(&props.analysis)), move |analysis| {
            if let Some(mounted) = mounted.borrow().as_ref() {
                show_diagnostics(&mounted.view, &marks(&analysis.0, &path));
            }
        });
    }
    html! { <div id="editor" class="editor" ref={parent} /> }
}

/// The analysis' diagnostics in `path`, as the JSON the editor reads.
fn marks(analysis: &Analysis, path: &str) -> String {
    let Some(file) = analysis.file(path) else {
        return "[]".into();
    };
    let marks: Vec<Mark> = analysis
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.file == path)
        .map(|diagnostic| {
            let (start, end) = (
                file.position(diagnostic.span.start),
                file.position(diagnostic.span.end),
            );
            Mark {
                line: start.line,
                column: start.utf16_column,
                end_line: end.line,
                end_column: end.utf16_column,
                severity: diagnostic.severity.as_str(),
                code: diagnostic.code(),
                message: &diagnostic.message,
            }
        })
        .collect();
    // Strings and numbers only: serialising cannot fail.
    serde_json::to_string(&marks).unwrap_or_else(|_| "[]".into())
}
