//! BuildKit's word lexer: quote removal, escapes and `$VAR` / `${VAR…}` expansion, plus
//! splitting into words. The same lexer runs in special modes for heredoc detection (quotes
//! and escapes kept, unknown variables left as written).
//!
//! Behaviour follows `frontend/dockerfile/shell/lex.go`, including its quirks: one word
//! buffer is shared by nested `${…}` words, and `${X:=w}` is only an error once `X` is looked up.

use super::go_text::is_space;
use super::shell_pattern::{self, Pattern};
use std::collections::{BTreeMap, BTreeSet};

/// Variable values visible to an expansion.
pub trait Env {
    fn get(&self, name: &str) -> Option<&str>;
}

impl Env for BTreeMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        BTreeMap::get(self, name).map(String::as_str)
    }
}

/// An environment with no variables at all.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoEnv;

impl Env for NoEnv {
    fn get(&self, _name: &str) -> Option<&str> {
        None
    }
}

/// An expansion error, with BuildKit's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError(pub String);

/// How the lexer treats quotes, escapes and unknown variables.
#[derive(Debug, Clone, Copy)]
pub struct Lexer {
    pub escape: char,
    /// Keep quote characters in the output.
    pub raw_quotes: bool,
    /// Keep escape characters in the output.
    pub raw_escapes: bool,
    /// Leave `$X` / `${X…}` as written when `X` is not set.
    pub skip_unset_env: bool,
    /// Treat quotes as ordinary characters (heredoc bodies).
    pub skip_process_quotes: bool,
}

impl Lexer {
    pub fn new(escape: char) -> Self {
        Self {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_unset_env: false,
            skip_process_quotes: false,
        }
    }

    /// Expands `word` into one string, keeping inner whitespace.
    pub fn process_word(&self, word: &str, env: &dyn Env) -> Result<String, LexError> {
        if self.is_literal(word) {
            return Ok(word.to_owned());
        }
        self.expand(word, env).map(|expansion| expansion.value)
    }

    /// Expands `word` and splits the result into words on unquoted whitespace.
    pub fn process_words(&self, word: &str, env: &dyn Env) -> Result<Vec<String>, LexError> {
        // Most words have nothing to expand: they are their own value, split on whitespace.
        if self.is_literal(word) {
            return Ok(word
                .split(is_space)
                .filter(|part| !part.is_empty())
                .map(str::to_owned)
                .collect());
        }
        let mut state = State::new(*self, word, env, true);
        let (_, words) = state.process_all()?;
        Ok(words)
    }

    /// Whether `word` has nothing to expand: no variable, quote, escape or `<`.
    pub fn is_literal(&self, word: &str) -> bool {
        !word.contains(['$', '<', '\'', '"', self.escape])
    }

    /// Expands `word`, also telling which variables were found and which were not.
    pub fn expand(&self, word: &str, env: &dyn Env) -> Result<Expansion, LexError> {
        if self.is_literal(word) {
            return Ok(Expansion {
                value: word.to_owned(),
                matched: BTreeSet::new(),
                unmatched: BTreeSet::new(),
            });
        }
        let mut state = State::new(*self, word, env, false);
        let (value, _) = state.process_all()?;
        Ok(Expansion {
            value,
            matched: state.matched,
            unmatched: state.unmatched,
        })
    }
}

/// The result of expanding a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The expanded word.
    pub value: String,
    /// Variables the word referred to that were set.
    pub matched: BTreeSet<String>,
    /// Variables the word referred to that were not set.
    pub unmatched: BTreeSet<String>,
}

struct State<'a> {
    lexer: Lexer,
    text: &'a str,
    /// The byte offset of the next character of `text`.
    position: usize,
    env: &'a dyn Env,
    raw_escapes: bool,
    /// Whether to split the result into words: most callers want the value only.
    split_words: bool,
    /// Shared by every nesting level, as in BuildKit (a nested `${…}` resets it).
    word_buffer: String,
    matched: BTreeSet<String>,
    unmatched: BTreeSet<String>,
}

/// Words collected by one level of processing; the characters of the current word live in
/// [`State::word_buffer`]. A disabled collector ignores everything.
struct Words {
    words: Vec<String>,
    in_word: bool,
    enabled: bool,
}

impl Words {
    fn new(enabled: bool) -> Self {
        Self {
            words: Vec::new(),
            in_word: false,
            enabled,
        }
    }

    fn add_char(&mut self, buffer: &mut String, ch: char) {
        if !self.enabled {
            return;
        }
        if is_space(ch) {
            if self.in_word && !buffer.is_empty() {
                self.words.push(std::mem::take(buffer));
                self.in_word = false;
            }
        } else {
            self.add_raw_char(buffer, ch);
        }
    }

    fn add_raw_char(&mut self, buffer: &mut String, ch: char) {
        if !self.enabled {
            return;
        }
        buffer.push(ch);
        self.in_word = true;
    }

    fn add_string(&mut self, buffer: &mut String, text: &str) {
        if !self.enabled {
            return;
        }
        for ch in text.chars() {
            self.add_char(buffer, ch);
        }
    }

    fn add_raw_string(&mut self, buffer: &mut String, text: &str) {
        if !self.enabled {
            return;
        }
        buffer.push_str(text);
        self.in_word = true;
    }

    fn finish(mut self, buffer: &mut String) -> Vec<String> {
        if !buffer.is_empty() {
            self.words.push(std::mem::take(buffer));
        }
        self.words
    }
}

impl<'a> State<'a> {
    fn new(lexer: Lexer, text: &'a str, env: &'a dyn Env, split_words: bool) -> Self {
        Self {
            lexer,
            text,
            position: 0,
            env,
            raw_escapes: lexer.raw_escapes,
            split_words,
            word_buffer: String::new(),
            matched: BTreeSet::new(),
            unmatched: BTreeSet::new(),
        }
    }

    /// The whole text processed: its value and, when split, its words.
    fn process_all(&mut self) -> Result<(String, Vec<String>), LexError> {
        let text = self.text;
        self.process_until(None, self.lexer.raw_escapes)
            .map_err(|LexError(message)| LexError(format!("failed to process {text:?}: {message}")))
    }

    fn peek(&self) -> Option<char> {
        self.text[self.position..].chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let ch = self.peek();
        if let Some(ch) = ch {
            self.position += ch.len_utf8();
        }
        ch
    }

    fn lookup(&mut self, name: &str) -> Option<String> {
        let value = self.env.get(name).map(str::to_owned);
        if value.is_some() {
            self.matched.insert(name.to_owned());
        } else {
            self.unmatched.insert(name.to_owned());
        }
        value
    }

    /// Processes up to `stop` (consumed) or the end of input.
    fn process_until(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Result<(String, Vec<String>), LexError> {
        let saved_raw_escapes = std::mem::replace(&mut self.raw_escapes, raw_escapes);
        let outcome = self.process_until_inner(stop);
        self.raw_escapes = saved_raw_escapes;
        outcome
    }

    fn process_until_inner(
        &mut self,
        stop: Option<char>,
    ) -> Result<(String, Vec<String>), LexError> {
        let mut result = String::new();
        self.word_buffer.clear();
        let mut words = Words::new(self.split_words);
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.next();
                return Ok((result, words.finish(&mut self.word_buffer)));
            }
            match ch {
                '$' => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                    words.add_string(&mut self.word_buffer, &value);
                }
                '<' => {
                    let value = self.process_possible_heredoc();
                    result.push_str(&value);
                    words.add_raw_string(&mut self.word_buffer, &value);
                }
                '\'' | '"' if !self.lexer.skip_process_quotes => {
                    let value = if ch == '\'' {
                        self.process_single_quote()?
                    } else {
                        self.process_double_quote()?
                    };
                    result.push_str(&value);
                    words.add_raw_string(&mut self.word_buffer, &value);
                }
                _ => {
                    self.next();
                    if ch == self.lexer.escape {
                        if self.raw_escapes {
                            words.add_raw_char(&mut self.word_buffer, ch);
                            result.push(ch);
                        }
                        // The escape escapes the next character; a trailing one is dropped.
                        let Some(escaped) = self.next() else { break };
                        words.add_raw_char(&mut self.word_buffer, escaped);
                        result.push(escaped);
                    } else {
                        words.add_char(&mut self.word_buffer, ch);
                        result.push(ch);
                    }
                }
            }
        }
        if let Some(stop) = stop {
            return Err(LexError(format!(
                "unexpected end of statement while looking for matching {stop}"
            )));
        }
        Ok((result, words.finish(&mut self.word_buffer)))
    }

    fn process_single_quote(&mut self) -> Result<String, LexError> {
        let mut result = String::new();
        let open = self.next();
        if self.lexer.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.next() {
                None => {
                    return Err(LexError(
                        "unexpected end of statement while looking for matching single-quote"
                            .into(),
                    ));
                }
                Some('\'') => {
                    if self.lexer.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(ch) => result.push(ch),
            }
        }
    }

    fn process_double_quote(&mut self) -> Result<String, LexError> {
        let mut result = String::new();
        let open = self.next();
        if self.lexer.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.peek() {
                None => {
                    return Err(LexError(
                        "unexpected end of statement while looking for matching double-quote"
                            .into(),
                    ));
                }
                Some('"') => {
                    self.next();
                    if self.lexer.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => result.push_str(&self.process_dollar()?),
                Some(mut ch) => {
                    self.next();
                    if ch == self.lexer.escape {
                        if self.raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            // A trailing escape is ignored (and the quote stays unterminated).
                            None => continue,
                            // Only these can be escaped inside double quotes.
                            Some(next)
                                if next == '"' || next == '$' || next == self.lexer.escape =>
                            {
                                self.next();
                                ch = next;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    fn process_possible_heredoc(&mut self) -> String {
        self.next();
        if self.peek() != Some('<') {
            return "<".into();
        }
        self.next();
        let mut result = String::from("<<");
        while let Some(ch @ ('\t' | '\r' | ' ')) = self.peek() {
            result.push(ch);
            self.next();
        }
        result
    }

    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && is_digit(ch) {
                while let Some(digit) = self.peek().filter(|&ch| is_digit(ch)) {
                    name.push(digit);
                    self.next();
                }
                return name;
            }
            if name.is_empty() && is_special_parameter(ch) {
                self.next();
                return ch.to_string();
            }
            if !ch.is_alphabetic() && !is_digit(ch) && ch != '_' {
                break;
            }
            name.push(ch);
            self.next();
        }
        name
    }

    fn process_dollar(&mut self) -> Result<String, LexError> {
        self.next();
        if self.peek() != Some('{') {
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".into());
            }
            return Ok(match self.lookup(&name) {
                Some(value) => value,
                None if self.lexer.skip_unset_env => format!("${name}"),
                None => String::new(),
            });
        }
        self.next();
        match self.peek() {
            None => return Err(LexError("syntax error: missing '}'".into())),
            Some('{' | '}' | ':') => return Err(LexError("syntax error: bad substitution".into())),
            Some(_) => {}
        }
        let name = self.process_name();
        let mut modifier = self.next();
        let mut written = char_text(modifier);
        match modifier {
            Some('}') => Ok(match self.lookup(&name) {
                Some(value) => value,
                None if self.lexer.skip_unset_env => format!("${{{name}}}"),
                None => String::new(),
            }),
            Some('/') => self.process_replacement(&name),
            Some(':' | '+' | '-' | '?' | '#' | '%') => {
                let null_is_unset = modifier == Some(':');
                if null_is_unset {
                    modifier = self.next();
                    written.push_str(&char_text(modifier));
                }
                let pattern_word = matches!(modifier, Some('#' | '%'));
                if null_is_unset && pattern_word {
                    return Err(unsupported_modifier(&written));
                }
                let word = self.process_nested('}', pattern_word, "syntax error: missing '}'")?;
                let value = self.lookup(&name);
                if self.lexer.skip_unset_env && value.is_none() {
                    return Ok(format!("${{{name}{written}{word}}}"));
                }
                apply_modifier(&name, modifier, &written, null_is_unset, value, word)
            }
            _ => Err(unsupported_modifier(&written)),
        }
    }

    /// Processes a nested word up to `stop`; a missing `stop` at the end of input becomes
    /// `missing_message`.
    fn process_nested(
        &mut self,
        stop: char,
        raw_escapes: bool,
        missing_message: &str,
    ) -> Result<String, LexError> {
        match self.process_until(Some(stop), raw_escapes) {
            Ok((word, _)) => Ok(word),
            Err(_) if self.peek().is_none() => Err(LexError(missing_message.into())),
            Err(error) => Err(error),
        }
    }

    /// `${NAME/pattern/replacement}` and `${NAME//pattern/replacement}`.
    fn process_replacement(&mut self, name: &str) -> Result<String, LexError> {
        let replace_all = self.peek() == Some('/');
        if replace_all {
            self.next();
        }
        let pattern = self.process_nested('/', true, "syntax error: missing '/' in ${}")?;
        let replacement = self.process_nested('}', true, "syntax error: missing '}'")?;
        let Some(value) = self.lookup(name) else {
            if self.lexer.skip_unset_env {
                return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
            }
            return Ok(String::new());
        };
        let compiled =
            Pattern::compile(&pattern).map_err(|error| invalid_pattern(&pattern, &error))?;
        Ok(if replace_all {
            shell_pattern::replace_all(&compiled, &value, &replacement)
        } else {
            shell_pattern::replace_first(&compiled, &value, &replacement)
        })
    }
}

fn apply_modifier(
    name: &str,
    modifier: Option<char>,
    written: &str,
    null_is_unset: bool,
    value: Option<String>,
    word: String,
) -> Result<String, LexError> {
    let unset_or_null = value
        .as_deref()
        .is_none_or(|value| null_is_unset && value.is_empty());
    match modifier {
        Some('-') => Ok(if unset_or_null {
            word
        } else {
            value.unwrap_or_default()
        }),
        Some('+') => Ok(if unset_or_null { String::new() } else { word }),
        Some('?') => match value {
            None => Err(required(name, &word, "is not allowed to be unset")),
            Some(value) if null_is_unset && value.is_empty() => {
                Err(required(name, &word, "is not allowed to be empty"))
            }
            Some(value) => Ok(value),
        },
        Some(ch @ ('#' | '%')) => {
            let value = value.unwrap_or_default();
            let (greedy, pattern) = match word.strip_prefix(ch) {
                Some(rest) => (true, rest),
                None => (false, word.as_str()),
            };
            let compiled =
                Pattern::compile(pattern).map_err(|error| invalid_pattern(pattern, &error))?;
            Ok(if ch == '#' {
                shell_pattern::trim_prefix(&compiled, &value, greedy)
            } else {
                shell_pattern::trim_suffix(&compiled, &value, greedy)
            })
        }
        _ => Err(unsupported_modifier(written)),
    }
}

fn required(name: &str, word: &str, default_message: &str) -> LexError {
    let message = if word.is_empty() {
        default_message
    } else {
        word
    };
    LexError(format!("{name}: {message}"))
}

fn unsupported_modifier(written: &str) -> LexError {
    LexError(format!("unsupported modifier ({written}) in substitution"))
}

fn invalid_pattern(pattern: &str, error: &str) -> LexError {
    LexError(format!(
        "invalid pattern ({pattern}) in substitution: {error}"
    ))
}

/// Go prints a missing character (end of input) as U+FFFD.
fn char_text(ch: Option<char>) -> String {
    ch.unwrap_or('\u{FFFD}').to_string()
}

/// `$@ $* $# $? $- $$ $! $0`.
fn is_special_parameter(ch: char) -> bool {
    matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

/// Go's `unicode.IsDigit`: decimal digits of any script. Rust's std has no general-category
/// lookup, so non-ASCII digits are recognised by the blocks where they occur (each a run of ten).
fn is_digit(ch: char) -> bool {
    const NON_ASCII_ZEROS: [u32; 12] = [
        0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
        0xFF10,
    ];
    let code = u32::from(ch);
    ch.is_ascii_digit()
        || NON_ASCII_ZEROS
            .iter()
            .any(|&zero| (zero..zero + 10).contains(&code))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect()
    }

    fn word(text: &str, pairs: &[(&str, &str)]) -> Result<String, String> {
        Lexer::new('\\')
            .process_word(text, &env(pairs))
            .map_err(|LexError(message)| message)
    }

    #[test]
    fn expands_variables_and_removes_quotes() {
        let vars = [("PWD", "/home"), ("EMPTY", "")];
        assert_eq!(word("he$PWD", &vars).unwrap(), "he/home");
        assert_eq!(word("he\\$PWD", &vars).unwrap(), "he$PWD");
        assert_eq!(word("'$PWD'", &vars).unwrap(), "$PWD");
        assert_eq!(word("\"abc\\tdef\"", &vars).unwrap(), "abc\\tdef");
        assert_eq!(word("abc\\tdef", &vars).unwrap(), "abctdef");
        assert_eq!(word("${PWD:-x}", &vars).unwrap(), "/home");
        assert_eq!(word("${EMPTY:-x}", &vars).unwrap(), "x");
        assert_eq!(word("${EMPTY-x}", &vars).unwrap(), "");
        assert_eq!(word("${UNSET+x}", &vars).unwrap(), "");
        assert_eq!(word("${PWD:+x}", &vars).unwrap(), "x");
        assert_eq!(word("${a:-${b:-c}}", &vars).unwrap(), "c");
        assert_eq!(word("$.", &vars).unwrap(), "$.");
        assert_eq!(word("$1x", &vars).unwrap(), "x");
    }

    #[test]
    fn reports_buildkit_errors() {
        assert!(word("${}", &[]).unwrap_err().ends_with("bad substitution"));
        assert!(
            word("${X", &[])
                .unwrap_err()
                .contains("unsupported modifier")
        );
        assert!(word("${X:-a", &[]).unwrap_err().ends_with("missing '}'"));
        assert!(
            word("${X:=a}", &[])
                .unwrap_err()
                .contains("unsupported modifier (:=)")
        );
        assert!(
            word("${X:?}", &[])
                .unwrap_err()
                .ends_with("X: is not allowed to be unset")
        );
        assert!(
            word("'abc", &[])
                .unwrap_err()
                .ends_with("matching single-quote")
        );
        assert!(
            word("${X:#a}", &[("X", "a")])
                .unwrap_err()
                .contains("unsupported modifier (:#)")
        );
    }

    #[test]
    fn pattern_modifiers() {
        let vars = [("P", "a/b/c.tar.gz")];
        assert_eq!(word("${P#*/}", &vars).unwrap(), "b/c.tar.gz");
        assert_eq!(word("${P##*/}", &vars).unwrap(), "c.tar.gz");
        assert_eq!(word("${P%.*}", &vars).unwrap(), "a/b/c.tar");
        assert_eq!(word("${P%%.*}", &vars).unwrap(), "a/b/c");
        assert_eq!(word("${P/\\//_}", &vars).unwrap(), "a_b/c.tar.gz");
        assert_eq!(word("${P//\\//_}", &vars).unwrap(), "a_b_c.tar.gz");
    }

    #[test]
    fn reports_matched_and_unmatched_variables() {
        let expansion = Lexer::new('\\')
            .expand("$A ${B:-$C} '$D'", &env(&[("A", "1")]))
            .unwrap();
        assert_eq!(expansion.value, "1  $D");
        assert_eq!(expansion.matched.into_iter().collect::<Vec<_>>(), ["A"]);
        assert_eq!(
            expansion.unmatched.into_iter().collect::<Vec<_>>(),
            ["B", "C"]
        );
    }

    #[test]
    fn raw_mode_keeps_quotes_escapes_and_unknown_variables() {
        let lexer = Lexer {
            raw_quotes: true,
            raw_escapes: true,
            skip_unset_env: true,
            ..Lexer::new('\\')
        };
        let words = lexer
            .process_words("cat <<'EOF' \"a b\" $X ${Y:-z} a\\ b", &NoEnv)
            .unwrap();
        assert_eq!(
            words,
            ["cat", "<<'EOF'", "\"a b\"", "$X", "${Y:-z}", "a\\ b"]
        );
        assert_eq!(lexer.process_words("<< EOF", &NoEnv).unwrap(), ["<< EOF"]);
    }
}
