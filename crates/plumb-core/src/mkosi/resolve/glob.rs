//! Python's `fnmatch.fnmatchcase`, with which `[Match] ImageId=` compares: `*`, `?`, `[abc]`,
//! `[a-z]` and `[!abc]`; an unclosed `[` is itself.

/// Whether `text` matches `pattern`.
pub fn matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    matches_from(&pattern, &text)
}

fn matches_from(pattern: &[char], text: &[char]) -> bool {
    match pattern.first() {
        None => text.is_empty(),
        Some('*') => (0..=text.len()).any(|skip| matches_from(&pattern[1..], &text[skip..])),
        Some('?') => !text.is_empty() && matches_from(&pattern[1..], &text[1..]),
        Some('[') => match class(&pattern[1..]) {
            Some((members, negated, length)) => text.first().is_some_and(|character| {
                members(*character) != negated && matches_from(&pattern[1 + length..], &text[1..])
            }),
            None => text.first() == Some(&'[') && matches_from(&pattern[1..], &text[1..]),
        },
        Some(character) => {
            text.first() == Some(character) && matches_from(&pattern[1..], &text[1..])
        }
    }
}

/// The class after a `[`: a membership test, whether it is negated, and how many pattern
/// characters it takes with its `]`.
fn class(pattern: &[char]) -> Option<(impl Fn(char) -> bool + '_, bool, usize)> {
    let negated = pattern.first() == Some(&'!');
    let start = usize::from(negated);
    // A `]` first in the class is a member.
    let end = start + 1 + pattern.get(start + 1..)?.iter().position(|c| *c == ']')?;
    let body = &pattern[start..end];
    let members = move |character: char| {
        let mut index = 0;
        while index < body.len() {
            if index + 2 < body.len() && body[index + 1] == '-' {
                if (body[index]..=body[index + 2]).contains(&character) {
                    return true;
                }
                index += 3;
            } else {
                if body[index] == character {
                    return true;
                }
                index += 1;
            }
        }
        false
    };
    Some((members, negated, end + 1))
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn globs_match_as_fnmatch_matches() {
        assert!(matches("web-*", "web-frontend"));
        assert!(!matches("web-*", "api"));
        assert!(matches("a?c", "abc"));
        assert!(matches("[a-c]x", "bx"));
        assert!(!matches("[!a-c]x", "bx"));
        assert!(matches("[]]", "]"));
        assert!(matches("[x", "[x"));
        assert!(matches("*", ""));
    }
}
