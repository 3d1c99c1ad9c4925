//! plumb in the browser: a workspace of files, a code editor, and what plumb-core finds in
//! the workspace on every change.

mod app;
mod browser_storage;
mod code_editor;
mod diagnostics_list;
mod example;
mod file_tree;
mod message;
mod rule_docs;
mod views;
mod workspace_files;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
