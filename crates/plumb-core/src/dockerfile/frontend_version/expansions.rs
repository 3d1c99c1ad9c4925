//! The `${NAME<modifier>…}` expansions of a text that need a newer frontend than the first.

use super::features::*;

/// One `${NAME<modifier>…}` in a text, with the feature it needs.
#[derive(Debug)]
pub(super) struct ExpansionUse {
    /// Byte range from `$` through the modifier.
    pub(super) range: (usize, usize),
    /// `${NAME#…}`, for messages.
    pub(super) written: String,
    pub(super) feature: &'static Feature,
}

/// The expansions in `text` that use a modifier newer than the first releases, found the way
/// BuildKit's word lexer reads the text: not inside single quotes (when `quotes` are
/// processed), not after the escape character.
pub(super) fn expansions(text: &str, escape: char, quotes: bool) -> Vec<ExpansionUse> {
    // Most texts have no `${` at all: nothing to read character by character.
    if !text.contains("${") {
        return Vec::new();
    }
    // Indexes are byte offsets into `text`; every character the syntax names is ASCII.
    let at = |index: usize| text.get(index..).and_then(|rest| rest.chars().next());
    let after = |index: usize| index + at(index).map_or(1, char::len_utf8);
    let offset = |index: usize| index.min(text.len());
    let mut found = Vec::new();
    let mut in_double_quotes = false;
    let mut index = 0;
    while let Some(ch) = at(index) {
        if ch == '$' && at(index + 1) == Some('{') {
            let name_start = index + 2;
            let mut name_end = name_start;
            match at(name_start) {
                None | Some('{' | '}' | ':') => {
                    index = name_start;
                    continue;
                }
                Some(first) if first.is_ascii_digit() => {
                    while at(name_end).is_some_and(|ch| ch.is_ascii_digit()) {
                        name_end += 1;
                    }
                }
                Some('@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') => name_end += 1,
                Some(_) => {
                    while at(name_end).is_some_and(|ch| ch.is_alphanumeric() || ch == '_') {
                        name_end = after(name_end);
                    }
                }
            }
            let name = &text[offset(name_start)..offset(name_end)];
            let modifier = match (at(name_end), at(name_end + 1)) {
                (Some(first @ ('#' | '%' | '/')), second) => {
                    let doubled = second == Some(first);
                    let written = match (first, doubled) {
                        ('/', false) => "/…/…",
                        ('/', true) => "//…/…",
                        ('#', false) => "#…",
                        ('#', true) => "##…",
                        ('%', false) => "%…",
                        _ => "%%…",
                    };
                    Some((written, 1 + usize::from(doubled), &PATTERN_EXPANSION))
                }
                (Some('-'), _) => Some(("-…", 1, &UNSET_EXPANSION)),
                (Some('+'), _) => Some(("+…", 1, &UNSET_EXPANSION)),
                (Some('?'), _) => Some(("?…", 1, &REQUIRED_EXPANSION)),
                (Some(':'), Some('?')) => Some((":?…", 2, &REQUIRED_EXPANSION)),
                _ => None,
            };
            if let Some((written, length, feature)) = modifier {
                found.push(ExpansionUse {
                    range: (offset(index), offset(name_end + length)),
                    written: format!("${{{name}{written}}}"),
                    feature,
                });
            }
            // Nested words (`${A:-${B#x}}`) are read on by the same loop.
            index = name_end;
            continue;
        }
        if quotes && ch == '\'' && !in_double_quotes {
            index += 1;
            while at(index).is_some_and(|ch| ch != '\'') {
                index = after(index);
            }
            index += 1;
            continue;
        }
        if quotes && ch == '"' {
            in_double_quotes = !in_double_quotes;
        } else if ch == escape {
            index = after(index);
        }
        index = after(index);
    }
    found
}
