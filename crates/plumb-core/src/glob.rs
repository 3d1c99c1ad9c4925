//! Path patterns: per-path settings in `plumb.toml` (`**` any number of segments, each other
//! segment as Go's `filepath.Match` reads it: `*`, `?`, `[…]`, `\` escapes) and, segment by
//! segment, COPY sources in a build context. Paths use `/`.

/// Whether `path` (relative, `/`-separated) matches `pattern`.
pub fn matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.trim_start_matches("./").split('/').collect();
    let path: Vec<&str> = path.trim_start_matches("./").split('/').collect();
    segments_match(&pattern, &path)
}

fn segments_match(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| segments_match(rest, &path[skip..])),
        Some((first, rest)) => path.split_first().is_some_and(|(segment, path_rest)| {
            segment_matches(first, segment) && segments_match(rest, path_rest)
        }),
    }
}

/// Go's `filepath.Match` for one path component: `*`, `?`, `[…]` classes with ranges and `^`
/// negation, `\` escapes. A malformed pattern matches nothing, as Go reports it an error.
pub fn segment_matches(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    // Positions to retry from after a `*`: the classic linear-time wildcard matcher.
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, n));
                p += 1;
                continue;
            }
            Some('?') => {
                p += 1;
                n += 1;
                continue;
            }
            Some('[') => {
                if let Some((matched, next)) = class_matches(&pattern, p, name[n]) {
                    if matched {
                        p = next;
                        n += 1;
                        continue;
                    }
                } else {
                    return false;
                }
            }
            Some('\\') if p + 1 < pattern.len() && pattern[p + 1] == name[n] => {
                p += 2;
                n += 1;
                continue;
            }
            // An escaped character that is not this one.
            Some('\\') if p + 1 < pattern.len() => {}
            Some(&literal) if literal == name[n] => {
                p += 1;
                n += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((star_p, star_n)) => {
                p = star_p + 1;
                n = star_n + 1;
                star = Some((star_p, star_n + 1));
            }
            None => return false,
        }
    }
    pattern[p..].iter().all(|&ch| ch == '*')
}

/// Whether `ch` is in the class starting at `pattern[start]` (`[`), and where the class ends;
/// `None` for a malformed class.
fn class_matches(pattern: &[char], start: usize, ch: char) -> Option<(bool, usize)> {
    let mut index = start + 1;
    let negated = pattern.get(index) == Some(&'^');
    if negated {
        index += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let low = match pattern.get(index)? {
            ']' if !first => break,
            '\\' => {
                index += 1;
                *pattern.get(index)?
            }
            &other => other,
        };
        index += 1;
        let high = if pattern.get(index) == Some(&'-') && pattern.get(index + 1) != Some(&']') {
            index += 1;
            let high = match pattern.get(index)? {
                '\\' => {
                    index += 1;
                    *pattern.get(index)?
                }
                &other => other,
            };
            index += 1;
            high
        } else {
            low
        };
        matched |= low <= ch && ch <= high;
        first = false;
    }
    Some((matched != negated, index + 1))
}

#[cfg(test)]
mod tests {
    use super::{matches, segment_matches};

    #[test]
    fn globs() {
        assert!(matches("Dockerfile", "Dockerfile"));
        assert!(matches("*.Dockerfile", "app.Dockerfile"));
        assert!(!matches("*.Dockerfile", "sub/app.Dockerfile"));
        assert!(matches("**/Dockerfile", "a/b/Dockerfile"));
        assert!(matches("**/Dockerfile", "Dockerfile"));
        assert!(matches("legacy/**", "legacy/x/Dockerfile"));
        assert!(matches("docker/Dockerfile.?", "docker/Dockerfile.a"));
        assert!(!matches("legacy/**", "other/Dockerfile"));
        assert!(matches("./svc/*", "svc/Dockerfile"));
    }

    #[test]
    fn go_match_follows_filepath_match() {
        assert!(segment_matches("*", "anything"));
        assert!(segment_matches("a*b*c", "axxbyyc"));
        assert!(!segment_matches("a*b", "axxc"));
        assert!(segment_matches("[^a]x", "bx"));
        assert!(!segment_matches("[^a]x", "ax"));
        assert!(segment_matches("[a-c]", "b"));
        assert!(segment_matches("\\*", "*"));
        assert!(!segment_matches("[", "a"));
        assert!(segment_matches("ünï*", "ünïcode"));
    }
}
