//! The code editor: the bundled CodeMirror module (web/editor, on `window.plumbEditor`) in a
//! Yew component. It reports every change of the text and shows the diagnostics of the
//! analysis it is given as underlines, gutter markers and hovers.

use plumb_core::fix::apply_fix;
use plumb_core::{Analysis, Position};
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
        on_fix: &Closure<dyn FnMut(usize, usize)>,
        on_rule: &Closure<dyn FnMut(String)>,
    ) -> EditorView;

    #[wasm_bindgen(js_namespace = plumbEditor, js_name = showDiagnostics)]
    fn show_diagnostics(view: &EditorView, diagnostics_json: &str);

    #[wasm_bindgen(js_namespace = plumbEditor, js_name = setText)]
    fn set_text(view: &EditorView, text: &str, kind: &str);

    #[wasm_bindgen(js_namespace = plumbEditor, js_name = select)]
    fn select_in(
        parent: &HtmlElement,
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
    );
}

/// The id of the editor's element.
const EDITOR_ID: &str = "editor";

/// A place to select in the editor (1-based lines, UTF-16 columns); `serial` tells two jumps
/// to the same place apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jump {
    pub start: Position,
    pub end: Position,
    pub serial: u32,
}

/// One diagnostic as the editor takes it: 1-based lines, UTF-16 columns.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Mark<'a> {
    /// The diagnostic's index in the analysis, for its quick fixes.
    index: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: &'a str,
    code: &'a str,
    message: &'a str,
    /// The titles of its fixes.
    fixes: Vec<&'a str>,
}

#[derive(Properties)]
pub struct Props {
    /// The file's path in the analysis.
    pub path: AttrValue,
    /// The open file's text: the editor starts with it, and takes it again when
    /// `revision` changes (another file opened, an example loaded).
    pub text: AttrValue,
    pub revision: u32,
    /// The place to select, when asked.
    pub jump: Option<Jump>,
    /// The editor's syntax colouring: `dockerfile`, `compose` or `mkosi`.
    pub kind: AttrValue,
    pub on_change: Callback<String>,
    /// Asked for the documentation of a rule, by code.
    pub on_rule: Callback<String>,
    /// The analysis of the editor's current text.
    pub analysis: Rc<Analysis>,
}

// A new analysis is a new `Rc`: identity is enough.
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path
            && self.text == other.text
            && self.revision == other.revision
            && self.jump == other.jump
            && self.kind == other.kind
            && self.on_change == other.on_change
            && self.on_rule == other.on_rule
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

/// The view and the callbacks it calls, kept alive together for the component's life.
struct Mounted {
    view: EditorView,
    _on_change: Closure<dyn FnMut(String)>,
    _on_fix: Closure<dyn FnMut(usize, usize)>,
    _on_rule: Closure<dyn FnMut(String)>,
}

#[component]
pub fn CodeEditor(props: &Props) -> Html {
    let parent = use_node_ref();
    let mounted = use_mut_ref(|| None::<Mounted>);
    // The analysis whose diagnostics the editor shows: a quick fix applies to it.
    let shown = use_mut_ref(|| Rc::clone(&props.analysis));
    {
        let (parent, mounted, shown) = (parent.clone(), mounted.clone(), shown.clone());
        let (path, text, kind) = (props.path.clone(), props.text.clone(), props.kind.clone());
        let (on_change, on_rule) = (props.on_change.clone(), props.on_rule.clone());
        use_effect_with((), move |()| {
            let Some(element) = parent.cast::<HtmlElement>() else {
                return;
            };
            let on_change = Closure::<dyn FnMut(String)>::new(move |text| on_change.emit(text));
            let on_rule = Closure::<dyn FnMut(String)>::new(move |code| on_rule.emit(code));
            // The callback holds the view weakly: the view holds the callback.
            let weak = Rc::downgrade(&mounted);
            let fix_kind = kind.clone();
            let on_fix = Closure::<dyn FnMut(usize, usize)>::new(move |diagnostic, fix| {
                let Some(mounted) = weak.upgrade() else {
                    return;
                };
                let analysis = Rc::clone(&shown.borrow());
                if let Some(text) = fixed_text(&analysis, &path, diagnostic, fix)
                    && let Some(mounted) = mounted.borrow().as_ref()
                {
                    set_text(&mounted.view, &text, &fix_kind);
                }
            });
            let view = create_view(&element, &text, &kind, &on_change, &on_fix, &on_rule);
            *mounted.borrow_mut() = Some(Mounted {
                view,
                _on_change: on_change,
                _on_fix: on_fix,
                _on_rule: on_rule,
            });
        });
    }
    {
        // Another file's text, or the same file replaced: the editor takes it.
        let mounted = mounted.clone();
        let (text, kind) = (props.text.clone(), props.kind.clone());
        use_effect_with(props.revision, move |_| {
            if let Some(mounted) = mounted.borrow().as_ref() {
                set_text(&mounted.view, &text, &kind);
            }
        });
    }
    {
        let parent = parent.clone();
        use_effect_with(props.jump, move |jump| {
            if let (Some(jump), Some(element)) = (jump, parent.cast::<HtmlElement>()) {
                let (start, end) = (jump.start, jump.end);
                select_in(
                    &element,
                    start.line,
                    start.utf16_column,
                    end.line,
                    end.utf16_column,
                );
            }
        });
    }
    {
        let (mounted, shown) = (mounted.clone(), shown.clone());
        let path = props.path.clone();
        use_effect_with(SameAnalysis(Rc::clone(&props.analysis)), move |analysis| {
            *shown.borrow_mut() = Rc::clone(&analysis.0);
            if let Some(mounted) = mounted.borrow().as_ref() {
                show_diagnostics(&mounted.view, &marks(&analysis.0, &path));
            }
        });
    }
    html! { <div id={EDITOR_ID} class="editor" ref={parent} /> }
}

/// The text of `path` after fix `fix` of diagnostic `diagnostic` of the analysis.
fn fixed_text(analysis: &Analysis, path: &str, diagnostic: usize, fix: usize) -> Option<String> {
    let diagnostic = analysis.diagnostics.get(diagnostic)?;
    let mut texts = apply_fix(analysis, diagnostic, diagnostic.fixes.get(fix)?)?;
    texts.remove(path)
}

/// The analysis' diagnostics in `path`, as the JSON the editor reads.
fn marks(analysis: &Analysis, path: &str) -> String {
    let Some(file) = analysis.file(path) else {
        return "[]".into();
    };
    let marks: Vec<Mark> = analysis
        .diagnostics
        .iter()
        .enumerate()
        .filter(|(_, diagnostic)| diagnostic.file == path)
        .map(|(index, diagnostic)| {
            let (start, end) = (
                file.position(diagnostic.span.start),
                file.position(diagnostic.span.end),
            );
            Mark {
                index,
                line: start.line,
                column: start.utf16_column,
                end_line: end.line,
                end_column: end.utf16_column,
                severity: diagnostic.severity.as_str(),
                code: diagnostic.code(),
                message: &diagnostic.message,
                fixes: diagnostic
                    .fixes
                    .iter()
                    .map(|fix| fix.title.as_str())
                    .collect(),
            }
        })
        .collect();
    // Strings and numbers only: serialising cannot fail.
    serde_json::to_string(&marks).unwrap_or_else(|_| "[]".into())
}
