//! plumb in the browser: a code editor whose text is checked by plumb-core on every change.

mod app;
mod check;
mod code_editor;
mod diagnostics_list;
mod example;
mod message;
mod rule_docs;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
