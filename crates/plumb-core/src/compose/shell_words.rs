//! Command strings split into words as go-shellwords v1.0.12's `Parse` splits them (without
//! its environment and backtick options), which is how compose-go turns a `command:` or
//! `entrypoint:` string into a list when it binds a service (`types.ShellCommand`).
//!
//! Its quirks are kept: words end at the first `;`, `&`, `|`, `<` or `>` outside quotes and
//! the rest is dropped (a word like `2` before `>` too), backquotes and `$(…)` are kept as
//! text but hold spaces, and a `(` that does not follow `$` is an error.

/// Why a command string has no words: go-shellwords' only message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid command line string")]
pub struct InvalidCommandLine;

/// What the word being read is so far.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    /// No word has started.
    None,
    /// A word with unquoted text.
    Plain,
    /// A word that has closed quotes, which is a word even when it is empty (`''`).
    Quoted,
}

pub fn split(line: &str) -> Result<Vec<String>, InvalidCommandLine> {
    let mut words = Vec::new();
    let mut buffer = String::new();
    let mut word = Word::None;
    let (mut escaped, mut double_quoted, mut single_quoted) = (false, false, false);
    let (mut back_quoted, mut dollar_quoted) = (false, false);

    for ch in line.chars() {
        if escaped {
            buffer.push(ch);
            escaped = false;
            word = Word::Plain;
            continue;
        }
        if ch == '\\' {
            if single_quoted {
                buffer.push(ch);
            } else {
                escaped = true;
            }
            continue;
        }
        let quoted = single_quoted || double_quoted || back_quoted || dollar_quoted;
        if matches!(ch, ' ' | '\t' | '\r' | '\n') {
            if quoted {
                buffer.push(ch);
            } else if word != Word::None {
                words.push(std::mem::take(&mut buffer));
                word = Word::None;
            }
            continue;
        }
        match ch {
            // Backquotes and `$(…)` only change whether spaces split; they stay in the word.
            '`' if !single_quoted && !double_quoted && !dollar_quoted => back_quoted = !back_quoted,
            ')' if !single_quoted && !double_quoted && !back_quoted => {
                dollar_quoted = !dollar_quoted
            }
            '(' if !single_quoted && !double_quoted && !back_quoted => {
                if dollar_quoted || !buffer.ends_with('$') {
                    return Err(InvalidCommandLine);
                }
                dollar_quoted = true;
                buffer.push(ch);
                continue;
            }
            '"' if !single_quoted && !dollar_quoted => {
                if double_quoted {
                    word = Word::Quoted;
                }
                double_quoted = !double_quoted;
                continue;
            }
            '\'' if !double_quoted && !dollar_quoted => {
                if single_quoted {
                    word = Word::Quoted;
                }
                single_quoted = !single_quoted;
                continue;
            }
            ';' | '&' | '|' | '<' | '>' if !quoted => {
                // `2>file`: the descriptor before a redirection is no word.
                if ch == '>' && buffer.starts_with(|first: char| first.is_ascii_digit()) {
                    word = Word::None;
                }
                break;
            }
            _ => {}
        }
        word = Word::Plain;
        buffer.push(ch);
    }

    if word != Word::None {
        words.push(buffer);
    }
    if escaped || single_quoted || double_quoted || back_quoted || dollar_quoted {
        return Err(InvalidCommandLine);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        split(line).unwrap()
    }

    #[test]
    fn words_split_as_go_shellwords_splits_them() {
        // Observed with docker compose v2.40.3 (case command-string).
        assert_eq!(
            words(r#"echo "hello world" 'x y'"#),
            ["echo", "hello world", "x y"]
        );
        assert_eq!(words("/bin/sh -c"), ["/bin/sh", "-c"]);
        assert_eq!(words("echo $${foo} $$HOME"), ["echo", "$${foo}", "$$HOME"]);
        assert_eq!(words("  a\t\tb\n"), ["a", "b"]);
        assert_eq!(words(r"a\ b c\\d"), ["a b", r"c\d"]);
        assert_eq!(words(r#"'a\b' "a\"b""#), [r"a\b", r#"a"b"#]);
        assert_eq!(words(r#"'' "" x"#), ["", "", "x"]);
        assert!(words("").is_empty());
    }

    #[test]
    fn operators_end_the_words() {
        assert_eq!(words("echo a && echo b"), ["echo", "a"]);
        assert_eq!(words("echo a;b"), ["echo", "a"]);
        assert_eq!(words("echo a>out"), ["echo", "a"]);
        assert_eq!(words("echo 2>err"), ["echo"]);
        assert_eq!(words("echo 'a;b' \"c|d\""), ["echo", "a;b", "c|d"]);
    }

    #[test]
    fn substitutions_stay_text() {
        assert_eq!(words("echo `date +%s` x"), ["echo", "`date +%s`", "x"]);
        assert_eq!(words("echo $(date +%s) x"), ["echo", "$(date +%s)", "x"]);
    }

    #[test]
    fn unbalanced_lines_are_errors() {
        for line in [
            "echo 'a", "echo \"a", "echo a\\", "echo (a)", "a)b", "echo `a", "$((a))",
        ] {
            assert_eq!(split(line), Err(InvalidCommandLine), "{line}");
        }
        assert_eq!(
            InvalidCommandLine.to_string(),
            "invalid command line string"
        );
    }
}
