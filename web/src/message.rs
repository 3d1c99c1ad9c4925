//! Text from plumb's messages and rule documentation, with its `code` spans shown as code;
//! a view's warnings, and what a tool refuses with the place it names.

use crate::report::PlacedError;
use plumb_core::Position;
use yew::prelude::*;

/// `text` with every span between backticks as `<code>`.
pub fn with_code_spans(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(index, part)| {
            if index % 2 == 1 {
                html! { <code>{ part }</code> }
            } else {
                html! { { part } }
            }
        })
        .collect()
}

/// A view's warnings as a list (nothing when there are none).
pub fn warning_list(warnings: &[String]) -> Html {
    if warnings.is_empty() {
        return Html::default();
    }
    let items: Html = warnings
        .iter()
        .map(|warning| html! { <li>{ with_code_spans(warning) }</li> })
        .collect();
    html! { <ul class="view-warnings" aria-label="Warnings">{ items }</ul> }
}

/// What a tool refuses, as the element `id`, its place a button that shows it in the
/// editor.
pub fn placed_error(
    error: &PlacedError,
    id: &str,
    on_jump: &Callback<(String, Position, Position)>,
) -> Html {
    let place = error.place.clone().map(|(file, start, end)| {
        let label = format!("{file}:{}:{}", start.line, start.column);
        let onclick = on_jump.reform(move |_: MouseEvent| (file.clone(), start, end));
        html! {
            <button type="button" class="place" {onclick} title="Show in the editor">{ label }</button>
        }
    });
    html! {
        <p id={id.to_owned()} class="view-error" role="status">
            { place }{ " " }<span class="message">{ with_code_spans(&error.message) }</span>
        </p>
    }
}
