//! plumb in the browser: a workspace of files, a code editor, and what plumb-core finds in
//! the workspace on every change. The same module runs the page and, in a Web Worker, the
//! analysis (analyst.rs answers there, analyzer.rs asks from the page).

mod analyst;
mod analyzer;
mod app;
mod browser_storage;
mod code_editor;
mod diagnostics_list;
mod dstack_view;
mod example;
mod file_tree;
mod message;
mod mkosi_view;
mod page_state;
mod plan_view;
mod report;
mod rule_docs;
mod views;
mod workspace_files;

fn main() {
    // The analysis worker loads this module too, and has no page to render.
    if web_sys::window().is_some() {
        yew::Renderer::<app::App>::new().render();
    }
}
