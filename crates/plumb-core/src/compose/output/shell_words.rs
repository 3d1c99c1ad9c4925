//! mattn/go-shellwords v1.0.12 `Parse`, which compose-go splits a string `command`,
//! `entrypoint` or hook command with. It is not a shell: quotes and backslashes group
//! words, nothing is expanded, and an unquoted `;`, `&`, `|`, `<` or `>` ends the command
//! there (`echo a && echo b` is `[echo, a]`).

/// The words of `line`, or go-shellwords' one error text.
pub fn split(line: &str) -> Result<Vec<String>, &'static str> {
    const INVALID: &str = "invalid command line string";
    let mut words = Vec::new();
    let mut word = String::new();
    // Whether `word` holds a word, even an empty quoted one (`""`).
    let mut in_word = false;
    let mut escaped = false;
    let mut single_quoted = false;
    let mut double_quoted = false;
    // Backquotes and `$(…)` are not run, but the spaces inside them do not split words.
    let mut back_quoted = false;
    let mut dollar_quoted = false;
    for ch in line.chars() {
        if escaped {
            word.push(ch);
            escaped = false;
            in_word = true;
            continue;
        }
        if ch == '\\' {
            if single_quoted {
                word.push(ch);
            } else {
                escaped = true;
            }
            continue;
        }
        if matches!(ch, ' ' | '\t' | '\r' | '\n') {
            if single_quoted || double_quoted || back_quoted || dollar_quoted {
                word.push(ch);
            } else if in_word {
                words.push(std::mem::take(&mut word));
                in_word = false;
            }
            continue;
        }
        let unquoted = !single_quoted && !double_quoted;
        match ch {
            '`' if unquoted && !dollar_quoted => back_quoted = !back_quoted,
            ')' if unquoted && !back_quoted => dollar_quoted = !dollar_quoted,
            '(' if unquoted && !back_quoted => {
                if !dollar_quoted && word.ends_with('$') {
                    dollar_quoted = true;
                    word.push(ch);
                    continue;
                }
                return Err(INVALID);
            }
            '"' if !single_quoted && !dollar_quoted => {
                if double_quoted {
                    in_word = true;
                }
                double_quoted = !double_quoted;
                continue;
            }
            '\'' if !double_quoted && !dollar_quoted => {
                if single_quoted {
                    in_word = true;
                }
                single_quoted = !single_quoted;
                continue;
            }
            ';' | '&' | '|' | '<' | '>' if unquoted && !back_quoted && !dollar_quoted => {
                // `2>&1`: a word of digits before `>` is a file descriptor, not an argument.
                if ch == '>' && word.starts_with(|first: char| first.is_ascii_digit()) {
                    in_word = false;
                }
                break;
            }
            _ => {}
        }
        in_word = true;
        word.push(ch);
    }
    if in_word {
        words.push(word);
    }
    if escaped || single_quoted || double_quoted || back_quoted || dollar_quoted {
        return Err(INVALID);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn splits_as_go_shellwords_does() {
        let cases: &[(&str, &[&str])] = &[
            (
                r#"echo "hello world" 'x y'"#,
                &["echo", "hello world", "x y"],
            ),
            ("echo a && echo b", &["echo", "a"]),
            ("a\\ b c", &["a b", "c"]),
            ("''", &[""]),
            ("", &[]),
            ("echo $(date +%s) x", &["echo", "$(date +%s)", "x"]),
            ("echo `a b`", &["echo", "`a b`"]),
            ("cmd 2>&1", &["cmd"]),
            ("cmd x>y", &["cmd", "x"]),
            ("'a\\b'", &["a\\b"]),
        ];
        for (line, words) in cases {
            assert_eq!(split(line).unwrap(), *words, "{line}");
        }
    }

    #[test]
    fn refuses_what_go_shellwords_refuses() {
        for line in ["echo \"unterminated", "sh (x)", "a\\", "'x"] {
            assert_eq!(split(line), Err("invalid command line string"), "{line}");
        }
    }
}
