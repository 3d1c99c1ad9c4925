//! `.dockerignore` files as BuildKit reads them (`moby/patternmatcher` and its `ignorefile`):
//! one pattern a line, `#` comments, `!` exceptions, `*`, `?`, `**` and `[…]` classes, paths
//! cleaned and made relative to the context.
//!
//! Patterns are turned into the same matching the Go code does with regular expressions:
//! exact, prefix (`dir/**`) and suffix (`**/name`) comparisons, otherwise a pattern of
//! literal characters, `*` (no `/`), `?` (one character, not `/`), `**` and classes.

/// A parsed `.dockerignore`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dockerignore {
    patterns: Vec<Pattern>,
}

/// One pattern line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The cleaned pattern without its `!`.
    pub text: String,
    /// `!pattern`: an exception that re-includes what earlier patterns excluded.
    pub exclusion: bool,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// The path is the pattern.
    Exact,
    /// `dir/**`: the path starts with what comes before `**`.
    Prefix(String),
    /// `**/name`: the path ends with what comes after `**`.
    Suffix(String),
    Tokens(Vec<Token>),
    /// A pattern the Go code cannot compile into a regular expression: matching it fails.
    Broken,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(char),
    /// `*`: any run of characters but `/`.
    Star,
    /// `?`: one character but `/`.
    One,
    /// `**` followed by more pattern: nothing, or anything ending with `/`.
    AnyDirectories,
    /// `**` at the end of a pattern that is not a plain prefix: anything.
    Anything,
    /// `[…]`, as a Go regular expression reads it (`!` is not a negation).
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
    /// A `^` in the regular expression: only matches at the start.
    Start,
}

impl Dockerignore {
    /// Reads the file as `ignorefile.ReadAll` and `patternmatcher.New` do. `None` when it has
    /// no patterns; an error when BuildKit would refuse it.
    pub fn parse(text: &str) -> Result<Option<Dockerignore>, String> {
        let mut patterns = Vec::new();
        for (index, line) in text.split('\n').enumerate() {
            let mut line = line.strip_suffix('\r').unwrap_or(line);
            if index == 0 {
                line = line.strip_prefix('\u{FEFF}').unwrap_or(line);
            }
            // A comment only when `#` is the very first character.
            if line.starts_with('#') {
                continue;
            }
            let Some(pattern) = read_line(line) else {
                continue;
            };
            patterns.push(compile_pattern(&pattern)?);
        }
        Ok((!patterns.is_empty()).then_some(Dockerignore { patterns }))
    }

    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Whether any pattern is an exception (`!pattern`).
    pub fn has_exclusions(&self) -> bool {
        self.patterns.iter().any(|pattern| pattern.exclusion)
    }

    /// `MatchesOrParentMatches`: whether the slash-separated path, or one of its parent
    /// directories, is excluded once every pattern and exception has had its say. A pattern
    /// that cannot be matched ends the search with `false`, as the Go code's error does.
    pub fn matches_or_parent_matches(&self, path: &str) -> bool {
        self.excluding_pattern(path).is_some()
    }

    /// The pattern that excludes the path (or one of its parents) in the end, if any.
    pub fn excluding_pattern(&self, path: &str) -> Option<&Pattern> {
        let parent = go_dir(path);
        let parent_dirs: Vec<&str> = parent.split('/').collect();
        let mut matched: Option<&Pattern> = None;
        for pattern in &self.patterns {
            if pattern.exclusion != matched.is_some() {
                continue;
            }
            let Ok(mut found) = pattern.matches(path) else {
                return None;
            };
            if !found && parent != "." {
                for end in 1..=parent_dirs.len() {
                    if pattern.matches(&parent_dirs[..end].join("/")) == Ok(true) {
                        found = true;
                        break;
                    }
                }
            }
            if found {
                matched = (!pattern.exclusion).then_some(pattern);
            }
        }
        matched
    }
}

impl Pattern {
    fn matches(&self, path: &str) -> Result<bool, ()> {
        match &self.kind {
            Kind::Exact => Ok(path == self.text),
            Kind::Prefix(prefix) => Ok(path.starts_with(prefix.as_str())),
            Kind::Suffix(suffix) => Ok(path.ends_with(suffix.as_str())
                || suffix.strip_prefix('/').is_some_and(|rest| path == rest)),
            Kind::Tokens(tokens) => {
                let chars: Vec<char> = path.chars().collect();
                let mut failed = vec![false; (tokens.len() + 1) * (chars.len() + 1)];
                Ok(match_tokens(tokens, &chars, 0, 0, &mut failed))
            }
            Kind::Broken => Err(()),
        }
    }
}

/// `ignorefile.ReadAll` for one line that is not a comment: trimmed, `!` kept in front, the
/// rest cleaned and made relative.
fn read_line(line: &str) -> Option<String> {
    let mut pattern = line.trim_matches(is_go_space);
    if pattern.is_empty() {
        return None;
    }
    let invert = pattern.starts_with('!');
    if invert {
        pattern = pattern[1..].trim_matches(is_go_space);
    }
    let mut cleaned = String::new();
    if !pattern.is_empty() {
        cleaned = go_clean(pattern);
        if cleaned.len() > 1 && cleaned.starts_with('/') {
            cleaned.remove(0);
        }
    }
    Some(if invert {
        format!("!{cleaned}")
    } else {
        cleaned
    })
}

/// `patternmatcher.New` for one pattern, then its `compile`.
fn compile_pattern(line: &str) -> Result<Pattern, String> {
    let mut text = go_clean(line.trim_matches(is_go_space));
    let exclusion = text.starts_with('!');
    if exclusion {
        if text.len() == 1 {
            return Err("illegal exclusion pattern: \"!\"".into());
        }
        text.remove(0);
    }
    check_syntax(&text)?;
    let kind = compile(&text);
    Ok(Pattern {
        text,
        exclusion,
        kind,
    })
}

/// `filepath.Match`'s syntax errors: a trailing escape, an unclosed or empty class, a range
/// without an end.
fn check_syntax(pattern: &str) -> Result<(), String> {
    let bad = || Err(format!("syntax error in pattern {pattern:?}"));
    let mut chars = pattern.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' if chars.next().is_none() => return bad(),
            '[' => {
                if chars.peek() == Some(&'^') {
                    chars.next();
                }
                let mut items = 0;
                loop {
                    match chars.peek() {
                        None => return bad(),
                        Some(']') if items > 0 => {
                            chars.next();
                            break;
                        }
                        Some(_) => {}
                    }
                    // A range: low, then `-high`; `-` and `]` cannot start either end.
                    for end in 0..2 {
                        match chars.next() {
                            None | Some('-' | ']') => return bad(),
                            Some('\\') => {
                                if chars.next().is_none() {
                                    return bad();
                                }
                            }
                            Some(_) => {}
                        }
                        if end == 0 && chars.peek() == Some(&'-') {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    items += 1;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// `Pattern.compile`: which kind of comparison the pattern needs, and its tokens.
fn compile(pattern: &str) -> Kind {
    #[derive(PartialEq)]
    enum Detected {
        Exact,
        Prefix,
        Suffix,
        Regexp,
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut position = 0;
    let mut detected = Detected::Exact;
    let mut tokens = Vec::new();
    let mut broken = false;
    let mut index = 0;
    while position < chars.len() {
        let ch = chars[position];
        position += 1;
        match ch {
            '*' if chars.get(position) == Some(&'*') => {
                position += 1;
                if chars.get(position) == Some(&'/') {
                    position += 1;
                }
                if position == chars.len() {
                    if detected == Detected::Exact {
                        detected = Detected::Prefix;
                    } else {
                        tokens.push(Token::Anything);
                        detected = Detected::Regexp;
                    }
                } else {
                    tokens.push(Token::AnyDirectories);
                    detected = Detected::Regexp;
                }
                if index == 0 {
                    detected = Detected::Suffix;
                }
            }
            '*' => {
                tokens.push(Token::Star);
                detected = Detected::Regexp;
            }
            '?' => {
                tokens.push(Token::One);
                detected = Detected::Regexp;
            }
            '\\' => match chars.get(position) {
                Some(&escaped) => {
                    position += 1;
                    // `\d`, `\w`… are classes in a Go regular expression, not letters.
                    if escaped.is_alphanumeric() {
                        broken = true;
                    }
                    tokens.push(Token::Literal(escaped));
                    detected = Detected::Regexp;
                }
                // A lone trailing `\` does not compile.
                None => broken = true,
            },
            '[' => {
                detected = Detected::Regexp;
                match read_class(&chars[position..]) {
                    Some((token, used)) => {
                        tokens.push(token);
                        position += used;
                    }
                    None => broken = true,
                }
            }
            ']' => {
                tokens.push(Token::Literal(']'));
                detected = Detected::Regexp;
            }
            // Not escaped by the Go code: an anchor in the regular expression.
            '^' => tokens.push(Token::Start),
            // Everything else is literal, `.+()|{}$` because the Go code escapes them.
            _ => tokens.push(Token::Literal(ch)),
        }
        index += 1;
    }
    match detected {
        Detected::Exact => Kind::Exact,
        Detected::Prefix => Kind::Prefix(pattern[..pattern.len() - 2].to_owned()),
        Detected::Suffix => Kind::Suffix(pattern[2..].to_owned()),
        Detected::Regexp if broken => Kind::Broken,
        Detected::Regexp => Kind::Tokens(tokens),
    }
}

/// A class after its `[`: the token and how many characters it used, `]` included. Classes
/// that hold pattern operators (`*`, `?`, `[`) or named classes are not supported.
fn read_class(chars: &[char]) -> Option<(Token, usize)> {
    let mut position = 0;
    let negated = chars.first() == Some(&'^');
    if negated {
        position += 1;
    }
    let mut ranges = Vec::new();
    let read_char = |position: &mut usize| -> Option<char> {
        let ch = *chars.get(*position)?;
        *position += 1;
        match ch {
            '*' | '?' | '[' => None,
            '\\' => {
                let escaped = *chars.get(*position)?;
                *position += 1;
                (!escaped.is_alphanumeric()).then_some(escaped)
            }
            _ => Some(ch),
        }
    };
    loop {
        if chars.get(position) == Some(&']') && !ranges.is_empty() {
            return Some((Token::Class { negated, ranges }, position + 1));
        }
        let low = read_char(&mut position)?;
        let high = if chars.get(position) == Some(&'-') && chars.get(position + 1) != Some(&']') {
            position += 1;
            read_char(&mut position)?
        } else {
            low
        };
        if high < low {
            return None;
        }
        ranges.push((low, high));
    }
}

/// Whether `tokens[token..]` matches all of `path[at..]`; `failed` remembers dead ends.
fn match_tokens(
    tokens: &[Token],
    path: &[char],
    token: usize,
    at: usize,
    failed: &mut [bool],
) -> bool {
    let key = token * (path.len() + 1) + at;
    if failed[key] {
        return false;
    }
    let found = match tokens.get(token) {
        None => at == path.len(),
        Some(Token::Literal(ch)) => {
            path.get(at) == Some(ch) && match_tokens(tokens, path, token + 1, at + 1, failed)
        }
        Some(Token::One) => {
            path.get(at).is_some_and(|&ch| ch != '/')
                && match_tokens(tokens, path, token + 1, at + 1, failed)
        }
        Some(Token::Class { negated, ranges }) => {
            path.get(at).is_some_and(|&ch| {
                ranges.iter().any(|&(low, high)| low <= ch && ch <= high) != *negated
            }) && match_tokens(tokens, path, token + 1, at + 1, failed)
        }
        Some(Token::Start) => at == 0 && match_tokens(tokens, path, token + 1, at, failed),
        Some(Token::Star) => {
            let mut end = at;
            loop {
                if match_tokens(tokens, path, token + 1, end, failed) {
                    break true;
                }
                if end == path.len() || path[end] == '/' {
                    break false;
                }
                end += 1;
            }
        }
        Some(Token::Anything) => {
            (at..=path.len()).any(|end| match_tokens(tokens, path, token + 1, end, failed))
        }
        Some(Token::AnyDirectories) => {
            match_tokens(tokens, path, token + 1, at, failed)
                || (at..path.len()).any(|slash| {
                    path[slash] == '/' && match_tokens(tokens, path, token + 1, slash + 1, failed)
                })
        }
    };
    if !found {
        failed[key] = true;
    }
    found
}

/// Go's `unicode.IsSpace`, which `strings.TrimSpace` uses.
fn is_go_space(ch: char) -> bool {
    matches!(
        ch,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{85}' | '\u{A0}'
    ) || (ch > '\u{FF}' && ch.is_whitespace())
}

/// Go's `path/filepath.Clean` for slash-separated paths.
pub fn go_clean(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|last| *last != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// Go's `filepath.Dir` of a cleaned path.
fn go_dir(path: &str) -> String {
    match path.rfind('/') {
        Some(slash) => go_clean(&path[..=slash]),
        None => ".".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(text: &str) -> Dockerignore {
        Dockerignore::parse(text).unwrap().unwrap()
    }

    fn excluded(patterns: &str, path: &str) -> bool {
        matcher(patterns).matches_or_parent_matches(path)
    }

    #[test]
    fn cleaning() {
        for (path, clean) in [
            ("a/b/../c", "a/c"),
            ("./a//b/", "a/b"),
            ("/../a", "/a"),
            ("../../a", "../../a"),
            ("", "."),
            ("/", "/"),
            ("a/..", "."),
        ] {
            assert_eq!(go_clean(path), clean, "{path}");
        }
        assert_eq!(go_dir("a/b/c"), "a/b");
        assert_eq!(go_dir("/a"), "/");
        assert_eq!(go_dir("a"), ".");
    }

    #[test]
    fn reading_the_file() {
        let ignore = matcher(
            "\u{FEFF}# comment\n  # not a comment\n\n /node_modules/ \n!./keep\r\n./build\n",
        );
        let texts: Vec<(&str, bool)> = ignore
            .patterns()
            .iter()
            .map(|pattern| (pattern.text.as_str(), pattern.exclusion))
            .collect();
        assert_eq!(
            texts,
            [
                ("# not a comment", false),
                ("node_modules", false),
                ("keep", true),
                ("build", false)
            ]
        );
        assert!(ignore.has_exclusions());
        assert_eq!(Dockerignore::parse("# only\n\n"), Ok(None));
        assert!(Dockerignore::parse("!\n").is_err());
        assert!(Dockerignore::parse("a[\n").is_err());
        assert!(Dockerignore::parse("a\\\n").is_err());
        assert!(Dockerignore::parse("[]a]\n").is_err());
    }

    #[test]
    fn exact_prefix_and_suffix_patterns() {
        assert!(excluded("node_modules", "node_modules"));
        assert!(excluded("node_modules", "node_modules/x/y.js"));
        assert!(!excluded("node_modules", "web/node_modules"));
        assert!(excluded("dist/**", "dist/app.js"));
        assert!(!excluded("dist/**", "dist"));
        assert!(excluded("**/node_modules", "web/node_modules/x"));
        assert!(excluded("**/node_modules", "node_modules"));
        assert!(excluded("**", "anything/at/all"));
        assert!(excluded("a.b", "a.b"));
        assert!(!excluded("a.b", "axb"));
    }

    #[test]
    fn wildcards_and_classes() {
        assert!(excluded("*.md", "README.md"));
        assert!(!excluded("*.md", "docs/README.md"));
        assert!(excluded("*/tmp/*", "app/tmp/x"));
        assert!(excluded("*/tmp/*", "app/tmp/x/y"));
        assert!(!excluded("*/tmp/*", "tmp/x"));
        assert!(excluded("**/*.log", "a/b/c.log"));
        assert!(excluded("**/*.log", "c.log"));
        assert!(excluded("a/**/b", "a/b"));
        assert!(excluded("a/**/b", "a/x/y/b"));
        assert!(!excluded("a/**/b", "a/xb"));
        assert!(excluded("file?.txt", "file1.txt"));
        assert!(!excluded("file?.txt", "file/.txt"));
        assert!(excluded("[a-c]*.txt", "b.txt"));
        assert!(!excluded("[a-c]*.txt", "d.txt"));
        assert!(excluded("[^a]x", "bx"));
        assert!(!excluded("[^a]x", "ax"));
        // `!` does not negate a class: it is one of its characters.
        assert!(excluded("[!a]x", "!x"));
        assert!(excluded("\\*x", "*x"));
        assert!(!excluded("\\*x", "ax"));
        assert!(excluded("a*/**", "ab/c"));
    }

    #[test]
    fn exceptions_re_include() {
        assert!(!excluded("*.md\n!README.md", "README.md"));
        assert!(excluded("*.md\n!README.md", "CHANGES.md"));
        assert!(excluded("docs\n!docs/keep.md\ndocs/*.md", "docs/keep.md"));
    }
}
