//! The code editor: the bundled CodeMirror module (web/editor, on `window.plumbEditor`) in a
//! Yew component. It reports every change of the text and every quick fix chosen, and shows
//! the findings of the report it is given as underlines, gutter markers and hovers.

use crate::report::Report;
use plumb_core::Position;
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

    #[wasm_bindgen(js_namespace = plumbEditor, js_name = replaceText)]
    fn replace_text(view: &EditorView, text: &str);

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

/// One finding as the editor takes it: 1-based lines, UTF-16 columns.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Mark<'a> {
    /// The finding's index in the report, for its quick fixes.
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
    /// The text of this `revision` is a quick fix of the same file: one undoable change.
    pub fixed: bool,
    /// The place to select, when asked.
    pub jump: Option<Jump>,
    /// The editor's syntax colouring: `dockerfile`, `compose` or `mkosi`.
    pub kind: AttrValue,
    pub on_change: Callback<String>,
    /// A quick fix chosen: the finding's index in the report, the fix's among its fixes.
    pub on_fix: Callback<(usize, usize)>,
    /// Asked for the documentation of a rule, by code.
    pub on_rule: Callback<String>,
    /// What the analysis of the workspace found.
    pub report: Rc<Report>,
}

// A new report is a new `Rc`: identity is enough.
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path
            && self.text == other.text
            && self.revision == other.revision
            && self.fixed == other.fixed
            && self.jump == other.jump
            && self.kind == other.kind
            && self.on_change == other.on_change
            && self.on_fix == other.on_fix
            && self.on_rule == other.on_rule
            && Rc::ptr_eq(&self.report, &other.report)
    }
}

/// A report compared by identity, with the file and revision it is shown in: the editor
/// shows the findings again when any of them changes.
struct Shown(Rc<Report>, AttrValue, u32);

impl PartialEq for Shown {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) && self.1 == other.1 && self.2 == other.2
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
    // The path of the file whose text the editor has.
    let shown_path = use_mut_ref(|| props.path.clone());
    // The callbacks change between renders; the editor's closures call the latest.
    let on_fix = use_mut_ref(|| props.on_fix.clone());
    *on_fix.borrow_mut() = props.on_fix.clone();
    {
        let (parent, mounted, on_fix) = (parent.clone(), mounted.clone(), on_fix.clone());
        let (text, kind) = (props.text.clone(), props.kind.clone());
        let (on_change, on_rule) = (props.on_change.clone(), props.on_rule.clone());
        use_effect_with((), move |()| {
            let Some(element) = parent.cast::<HtmlElement>() else {
                return;
            };
            let on_change = Closure::<dyn FnMut(String)>::new(move |text| on_change.emit(text));
            let on_rule = Closure::<dyn FnMut(String)>::new(move |code| on_rule.emit(code));
            let on_fix = Closure::<dyn FnMut(usize, usize)>::new(move |finding, fix| {
                on_fix.borrow().emit((finding, fix));
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
        // A fix of the file shown: one change, which undo takes back. Anything else (another
        // file, an example, files opened): the text with a history of its own.
        let (mounted, shown_path) = (mounted.clone(), shown_path.clone());
        let (path, text, kind) = (props.path.clone(), props.text.clone(), props.kind.clone());
        let fixed = props.fixed;
        use_effect_with(props.revision, move |_| {
            if let Some(mounted) = mounted.borrow().as_ref() {
                if fixed && *shown_path.borrow() == path {
                    replace_text(&mounted.view, &text);
                } else {
                    set_text(&mounted.view, &text, &kind);
                }
            }
            *shown_path.borrow_mut() = path;
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
        let mounted = mounted.clone();
        let shown = Shown(Rc::clone(&props.report), props.path.clone(), props.revision);
        use_effect_with(shown, move |Shown(report, path, _)| {
            if let Some(mounted) = mounted.borrow().as_ref() {
                show_diagnostics(&mounted.view, &marks(report, path));
            }
        });
    }
    html! { <div id={EDITOR_ID} class="editor" ref={parent} /> }
}

/// The report's findings in `path`, as the JSON the editor reads.
fn marks(report: &Report, path: &str) -> String {
    let marks: Vec<Mark> = report
        .findings
        .iter()
        .enumerate()
        .filter(|(_, finding)| finding.file == path)
        .map(|(index, finding)| Mark {
            index,
            line: finding.start.line,
            column: finding.start.utf16_column,
            end_line: finding.end.line,
            end_column: finding.end.utf16_column,
            severity: finding.severity.as_str(),
            code: &finding.code,
            message: &finding.message,
            fixes: finding.fixes.iter().map(String::as_str).collect(),
        })
        .collect();
    // Strings and numbers only: serialising cannot fail.
    serde_json::to_string(&marks).unwrap_or_else(|_| "[]".into())
}
