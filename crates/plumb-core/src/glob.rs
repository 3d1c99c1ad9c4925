//! Path patterns for per-path settings in `plumb.toml`: `*` matches within one path
//! segment, `**` any number of segments, `?` one character. Paths use `/`.

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

fn segment_matches(pattern: &str, segment: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let segment: Vec<char> = segment.chars().collect();
    // Classic two-pointer wildcard matching with backtracking to the last `*`.
    let (mut p, mut s) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while s < segment.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, s));
                p += 1;
            }
            Some(&ch) if ch == '?' || ch == segment[s] => {
                p += 1;
                s += 1;
            }
            _ => match star {
                Some((star_p, star_s)) => {
                    p = star_p + 1;
                    s = star_s + 1;
                    star = Some((star_p, star_s + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&ch| ch == '*')
}

#[cfg(test)]
mod tests {
    use super::matches;

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
}
