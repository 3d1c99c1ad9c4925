//! The shell patterns of `${VAR#pat}`, `${VAR%pat}` and `${VAR/pat/repl}`: `*` and `?`
//! wildcards (never matching a newline, like the Go regular expressions BuildKit builds from
//! them) with leftmost-first matching, lazy or greedy.

/// One element of a compiled pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// `*`: any run of characters.
    Star,
    /// `?`: any one character.
    Any,
    Literal(char),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    tokens: Vec<Token>,
}

impl Pattern {
    /// Compiles a pattern. `\*`, `\?` and `\\` are literal; `\}` and `\/` (escapes needed
    /// inside `${…}`) are the plain characters; any other escape is an error.
    pub fn compile(pattern: &str) -> Result<Pattern, String> {
        let mut tokens = Vec::new();
        let mut chars = pattern.chars().peekable();
        while let Some(ch) = chars.next() {
            tokens.push(match ch {
                '*' => Token::Star,
                '?' => Token::Any,
                '\\' => match chars.peek() {
                    Some('}' | '/') => continue,
                    _ => match chars.next() {
                        Some(escaped @ ('*' | '?' | '\\')) => Token::Literal(escaped),
                        other => {
                            return Err(format!(
                                "invalid escape '\\{}'",
                                other.unwrap_or('\u{FFFD}')
                            ));
                        }
                    },
                },
                other => Token::Literal(other),
            });
        }
        Ok(Pattern { tokens })
    }

    fn reversed(&self) -> Pattern {
        Pattern {
            tokens: self.tokens.iter().rev().copied().collect(),
        }
    }

    /// The end of the first match starting at `start`, in backtracking order: each `*`
    /// tries its shortest (lazy) or longest (greedy) extent first, as a Go regexp would.
    fn match_at(&self, text: &[char], start: usize, greedy: bool) -> Option<usize> {
        let mut failed = vec![false; (self.tokens.len() + 1) * (text.len() + 1)];
        self.match_from(text, 0, start, greedy, &mut failed)
    }

    fn match_from(
        &self,
        text: &[char],
        token: usize,
        position: usize,
        greedy: bool,
        failed: &mut [bool],
    ) -> Option<usize> {
        let Some(&current) = self.tokens.get(token) else {
            return Some(position);
        };
        let memo = token * (text.len() + 1) + position;
        if failed[memo] {
            return None;
        }
        let found = match current {
            Token::Literal(expected) => (text.get(position) == Some(&expected))
                .then(|| self.match_from(text, token + 1, position + 1, greedy, failed))
                .flatten(),
            Token::Any => text
                .get(position)
                .filter(|&&ch| ch != '\n')
                .and_then(|_| self.match_from(text, token + 1, position + 1, greedy, failed)),
            Token::Star => {
                let run = text[position..]
                    .iter()
                    .take_while(|&&ch| ch != '\n')
                    .count();
                let mut extents: Box<dyn Iterator<Item = usize>> = if greedy {
                    Box::new((0..=run).rev())
                } else {
                    Box::new(0..=run)
                };
                extents.find_map(|extent| {
                    self.match_from(text, token + 1, position + extent, greedy, failed)
                })
            }
        };
        if found.is_none() {
            failed[memo] = true;
        }
        found
    }

    /// The first match anywhere (leftmost start), greedy.
    fn find(&self, text: &[char], from: usize) -> Option<(usize, usize)> {
        (from..=text.len())
            .find_map(|start| self.match_at(text, start, true).map(|end| (start, end)))
    }
}

/// `${VAR#pat}` (lazy) and `${VAR##pat}` (greedy).
pub fn trim_prefix(pattern: &Pattern, value: &str, greedy: bool) -> String {
    let text: Vec<char> = value.chars().collect();
    match pattern.match_at(&text, 0, greedy) {
        Some(end) => text[end..].iter().collect(),
        None => value.to_owned(),
    }
}

/// `${VAR%pat}` and `${VAR%%pat}`: a prefix trim of the reversed value by the reversed pattern.
pub fn trim_suffix(pattern: &Pattern, value: &str, greedy: bool) -> String {
    let reversed_value: String = value.chars().rev().collect();
    trim_prefix(&pattern.reversed(), &reversed_value, greedy)
        .chars()
        .rev()
        .collect()
}

/// `${VAR/pat/repl}`: the replacement is inserted literally.
pub fn replace_first(pattern: &Pattern, value: &str, replacement: &str) -> String {
    let text: Vec<char> = value.chars().collect();
    match pattern.find(&text, 0) {
        Some((start, end)) => {
            let mut result: String = text[..start].iter().collect();
            result.push_str(replacement);
            result.extend(&text[end..]);
            result
        }
        None => value.to_owned(),
    }
}

/// `${VAR//pat/repl}`: every non-overlapping match, with Go's `ReplaceAllString` rules (an
/// empty match right after a match is skipped; `$0` in the replacement is the match, `$$` a
/// dollar, other `$name` references are empty since the pattern has no groups).
pub fn replace_all(pattern: &Pattern, value: &str, replacement: &str) -> String {
    let text: Vec<char> = value.chars().collect();
    let mut result = String::new();
    let mut position = 0;
    let mut previous_end = None;
    while position <= text.len() {
        let Some((start, end)) = pattern.find(&text, position) else {
            break;
        };
        result.extend(&text[position..start]);
        if start == end && previous_end == Some(start) {
            // An empty match abutting the previous match is ignored.
            if let Some(&ch) = text.get(start) {
                result.push(ch);
            }
            position = start + 1;
            continue;
        }
        let matched: String = text[start..end].iter().collect();
        result.push_str(&expand_template(replacement, &matched));
        previous_end = Some(end);
        if start == end {
            if let Some(&ch) = text.get(start) {
                result.push(ch);
            }
            position = end + 1;
        } else {
            position = end;
        }
    }
    if position < text.len() {
        result.extend(&text[position..]);
    }
    result
}

/// Go's `regexp.Expand` for a pattern without capture groups.
fn expand_template(template: &str, matched: &str) -> String {
    let mut result = String::new();
    let mut rest = template;
    while let Some(dollar) = rest.find('$') {
        result.push_str(&rest[..dollar]);
        rest = &rest[dollar + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            result.push('$');
            rest = after;
            continue;
        }
        let is_name = |ch: char| ch.is_alphanumeric() || ch == '_';
        let (name, after) = if let Some(braced) = rest.strip_prefix('{') {
            match braced.find('}') {
                Some(close) if close > 0 && braced[..close].chars().all(is_name) => {
                    (&braced[..close], &braced[close + 1..])
                }
                _ => ("", rest),
            }
        } else {
            let end = rest.find(|ch: char| !is_name(ch)).unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        if name.is_empty() {
            // Malformed reference: the dollar is kept as text.
            result.push('$');
            continue;
        }
        if name == "0" {
            result.push_str(matched);
        }
        rest = after;
    }
    result.push_str(rest);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compiled(pattern: &str) -> Pattern {
        Pattern::compile(pattern).unwrap()
    }

    #[test]
    fn lazy_and_greedy_trims() {
        assert_eq!(trim_prefix(&compiled("a*"), "abab", false), "bab");
        assert_eq!(trim_prefix(&compiled("a*b"), "abab", true), "");
        assert_eq!(trim_suffix(&compiled("b*"), "abab", false), "aba");
        assert_eq!(trim_suffix(&compiled("*b"), "abab", true), "");
        assert_eq!(trim_prefix(&compiled("x"), "abab", true), "abab");
        assert_eq!(trim_prefix(&compiled("\\*"), "*a", true), "a");
    }

    #[test]
    fn stars_stop_at_newlines() {
        assert_eq!(trim_prefix(&compiled("*"), "ab\ncd", true), "\ncd");
    }

    #[test]
    fn replacements() {
        assert_eq!(replace_first(&compiled("b"), "abab", "X"), "aXab");
        assert_eq!(replace_all(&compiled("b"), "abab", "X"), "aXaX");
        assert_eq!(replace_all(&compiled("b"), "abab", "[$0]$$"), "a[b]$a[b]$");
        assert_eq!(replace_all(&compiled("*"), "ab", "-"), "-");
        assert_eq!(replace_all(&compiled(""), "ab", "-"), "-a-b-");
        assert_eq!(replace_all(&compiled("x*"), "ab", "-"), "ab");
    }

    #[test]
    fn rejects_unknown_escapes() {
        assert_eq!(Pattern::compile("\\a").unwrap_err(), "invalid escape '\\a'");
        assert_eq!(compiled("\\}"), compiled("}"));
    }
}
