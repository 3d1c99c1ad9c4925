//! Python's `shlex` in POSIX mode with `whitespace_split` and no comments, as mkosi splits
//! the lists it unescapes (`QemuArgs=`, `UnitProperties=`): quotes group, a backslash escapes
//! outside single quotes, and the separators end a word.

/// The words of `text` split at `separators`.
pub fn shell_words(text: &str, separators: &[char]) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut characters = text.chars();
    while let Some(character) = characters.next() {
        match character {
            c if separators.contains(&c) => words.extend(word.take()),
            '\'' => {
                let word = word.get_or_insert_with(String::new);
                loop {
                    match characters.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("No closing quotation".to_owned()),
                    }
                }
            }
            '"' => {
                let word = word.get_or_insert_with(String::new);
                loop {
                    match characters.next() {
                        Some('"') => break,
                        Some('\\') => match characters.next() {
                            Some(c @ ('"' | '\\')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("No closing quotation".to_owned()),
                        },
                        Some(c) => word.push(c),
                        None => return Err("No closing quotation".to_owned()),
                    }
                }
            }
            '\\' => match characters.next() {
                Some(c) => word.get_or_insert_with(String::new).push(c),
                None => return Err("No escaped character".to_owned()),
            },
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::shell_words;

    #[test]
    fn words_split_as_shlex_splits_them() {
        assert_eq!(
            shell_words("-a 'b c' \"d\\\"e\" f\\ g", &['\n', ' ']).unwrap(),
            ["-a", "b c", "d\"e", "f g"]
        );
        assert_eq!(shell_words("''", &[' ']).unwrap(), [""]);
        assert!(shell_words("'open", &[' ']).is_err());
    }
}
