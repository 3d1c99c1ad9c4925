//! Text from plumb's messages and rule documentation, with its `code` spans shown as code.

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
