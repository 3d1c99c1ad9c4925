//! plumb in the browser: an editor whose text is checked by plumb-core on every keystroke.

mod app;
mod check;
mod diagnostics_list;
mod example;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
