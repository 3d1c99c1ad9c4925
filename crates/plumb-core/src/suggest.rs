//! BuildKit's "did you mean" suggestions (`util/suggest`): the closest option within edit
//! distance 2, none on an exact match.

use std::borrow::Cow;

/// The option closest to `value`, if one is within distance 2 and none matches exactly.
/// Case-insensitive search answers in the case `value` was written in (all lower or all upper).
pub fn suggest<'a>(value: &'a str, options: &[&'a str], case_sensitive: bool) -> Option<String> {
    let fold = |text: &'a str| -> Cow<'a, str> {
        if case_sensitive {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(text.to_lowercase())
        }
    };
    let wanted = fold(value);
    let mut best: Option<(usize, Cow<str>)> = None;
    for option in options {
        let candidate = fold(option);
        let distance = levenshtein(&wanted, &candidate);
        if distance == 0 {
            // An exact match means the problem is elsewhere.
            return None;
        }
        if distance < best.as_ref().map_or(3, |(best, _)| *best) {
            best = Some((distance, candidate));
        }
    }
    let found = best?.1.into_owned();
    Some(if case_sensitive {
        found
    } else if value == value.to_lowercase() {
        found.to_lowercase()
    } else if value == value.to_uppercase() {
        found.to_uppercase()
    } else {
        found
    })
}

/// `message` followed by BuildKit's suggestion suffix, when there is one.
pub fn with_suggestion(
    message: String,
    value: &str,
    options: &[&str],
    case_sensitive: bool,
) -> String {
    match suggest(value, options, case_sensitive) {
        Some(found) => format!("{message} (did you mean {found}?)"),
        None => message,
    }
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // Two rows of the distance table, reused.
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, a_char) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, &b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != b_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let keywords = ["RUN", "COPY", "FROM"];
        assert_eq!(suggest("RUNN", &keywords, false).as_deref(), Some("RUN"));
        assert_eq!(suggest("cpy", &keywords, false).as_deref(), Some("copy"));
        assert_eq!(suggest("run", &keywords, false), None);
        assert_eq!(suggest("XYZZY", &keywords, false), None);
        assert_eq!(
            suggest("mnt", &["mount", "network"], true).as_deref(),
            Some("mount")
        );
        assert_eq!(suggest("Mount", &["mount"], true).as_deref(), Some("mount"));
    }
}
