//! BuildKit's `parseWords`: split on whitespace, keeping quotes and escapes inside the words
//! (the word expander removes them later). Used by ENV, LABEL and ARG.

use super::go_text::is_space;

/// A word's text and its byte range in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawWord {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    BetweenWords,
    InWord,
    InQuote(char),
}

pub fn parse_words(rest: &str, escape: char) -> Vec<RawWord> {
    let mut words = Vec::new();
    let mut phase = Phase::BetweenWords;
    let mut word = RawWord {
        text: String::new(),
        start: 0,
        end: 0,
    };
    // A quoted empty string (`""`) still makes a word.
    let mut blank_ok = false;
    let mut chars = rest.char_indices().peekable();
    while let Some((index, mut ch)) = chars.next() {
        let is_last = chars.peek().is_none();
        match phase {
            Phase::BetweenWords | Phase::InWord => {
                if is_space(ch) {
                    if phase == Phase::InWord && (blank_ok || !word.text.is_empty()) {
                        words.push(word.clone());
                    }
                    phase = Phase::BetweenWords;
                    word.text.clear();
                    blank_ok = false;
                    continue;
                }
                if phase == Phase::BetweenWords {
                    phase = Phase::InWord;
                    word.start = index;
                }
                word.end = index + ch.len_utf8();
                if ch == '\'' || ch == '"' {
                    phase = Phase::InQuote(ch);
                    blank_ok = true;
                }
                if ch == escape {
                    // Outside quotes the escape and the escaped character are both kept; a
                    // trailing escape is dropped.
                    let Some((next_index, next)) = chars.next() else {
                        continue;
                    };
                    word.text.push(ch);
                    word.end = next_index + next.len_utf8();
                    ch = next;
                }
                word.text.push(ch);
            }
            Phase::InQuote(quote) => {
                word.end = index + ch.len_utf8();
                if ch == quote {
                    phase = Phase::InWord;
                }
                // Inside single quotes the escape character is literal.
                if ch == escape && quote != '\'' {
                    if is_last {
                        phase = Phase::InWord;
                        continue;
                    }
                    let Some((next_index, next)) = chars.next() else {
                        continue;
                    };
                    word.text.push(ch);
                    word.end = next_index + next.len_utf8();
                    ch = next;
                }
                word.text.push(ch);
            }
        }
    }
    if phase != Phase::BetweenWords && (blank_ok || !word.text.is_empty()) {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rest: &str) -> Vec<String> {
        parse_words(rest, '\\')
            .into_iter()
            .map(|word| word.text)
            .collect()
    }

    #[test]
    fn keeps_quotes_and_escapes() {
        assert_eq!(
            texts(r#"a=1 b="x y" c='p q'"#),
            ["a=1", r#"b="x y""#, "c='p q'"]
        );
        assert_eq!(texts(r"a\ b c"), [r"a\ b", "c"]);
        assert_eq!(texts(r#"x="a\"b" y"#), [r#"x="a\"b""#, "y"]);
        assert_eq!(texts(r"'a\' b"), [r"'a\'", "b"]);
        assert_eq!(texts(r#""""#), [r#""""#]);
        assert_eq!(texts("a\\"), ["a"]);
        assert_eq!(texts("  "), Vec::<String>::new());
    }

    #[test]
    fn records_byte_ranges() {
        let words = parse_words("é=1  b", '\\');
        assert_eq!((words[0].start, words[0].end), (0, 4));
        assert_eq!((words[1].start, words[1].end), (6, 7));
    }
}
