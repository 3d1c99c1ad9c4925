//! Splitting an instruction line into keyword, `--flags` and the rest, as BuildKit's
//! `splitCommand` and `extractBuilderFlags` do.

use super::go_text::{is_space_byte, split_separators, trim_space};

/// Byte ranges into the logical line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandParts {
    pub keyword: (usize, usize),
    /// Each flag's processed text and the range of its source word.
    pub flags: Vec<(String, usize, usize)>,
    /// The arguments after the flags, trimmed.
    pub rest: (usize, usize),
}

pub fn split_command(line: &str, escape: char) -> CommandParts {
    let trimmed = trim_space(line);
    let offset = trimmed.as_ptr() as usize - line.as_ptr() as usize;
    let mut pieces = split_separators(trimmed, Some(2));
    let (keyword_start, keyword_end) = pieces.next().unwrap_or_default();
    let keyword = (offset + keyword_start, offset + keyword_end);
    let Some((after_start, after_end)) = pieces.next() else {
        return CommandParts {
            keyword,
            flags: Vec::new(),
            rest: (keyword.1, keyword.1),
        };
    };
    let after = &trimmed[after_start..after_end];
    let base = offset + after_start;
    let (rest_start, flags) = extract_flags(after, escape);
    let rest_text = trim_space(&after[rest_start..]);
    let rest_offset =
        base + rest_start + (rest_text.as_ptr() as usize - after[rest_start..].as_ptr() as usize);
    CommandParts {
        keyword,
        flags: flags
            .into_iter()
            .map(|(text, start, end)| (text, base + start, base + end))
            .collect(),
        rest: (rest_offset, rest_offset + rest_text.len()),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    BetweenWords,
    InWord,
    InQuote(u8),
}

/// Leading words that start with `--` are flags; a bare `--` ends them and is dropped.
/// Returns where the rest starts and the flags with their source ranges.
///
/// BuildKit walks this text byte by byte and turns each byte into a character on its own, so
/// a non-ASCII flag value comes out as Latin-1 mojibake and the bytes 0x85 and 0xA0 split
/// words; both are reproduced here because that is what BuildKit passes on.
fn extract_flags(line: &str, escape: char) -> (usize, Vec<(String, usize, usize)>) {
    let bytes = line.as_bytes();
    let escape = escape as u8;
    let mut flags = Vec::new();
    let mut phase = Phase::BetweenWords;
    let mut word = String::new();
    let mut word_start = 0;
    let mut blank_ok = false;
    let mut position = 0;
    while position < bytes.len() {
        let byte = bytes[position];
        match phase {
            Phase::BetweenWords => {
                if is_space_byte(byte) {
                    position += 1;
                    continue;
                }
                if byte != b'-' || bytes.get(position + 1) != Some(&b'-') {
                    return (char_boundary(line, position), flags);
                }
                phase = Phase::InWord;
                word_start = position;
                continue;
            }
            Phase::InWord => {
                if is_space_byte(byte) {
                    phase = Phase::BetweenWords;
                    if word == "--" {
                        return (char_boundary(line, position), flags);
                    }
                    if blank_ok || !word.is_empty() {
                        // A 0x85 or 0xA0 separator byte may sit inside a character: the
                        // flag's source range then ends after that character.
                        let end = char_boundary(line, position);
                        flags.push((std::mem::take(&mut word), word_start, end));
                    }
                    word.clear();
                    blank_ok = false;
                    position += 1;
                    continue;
                }
                if byte == b'\'' || byte == b'"' {
                    phase = Phase::InQuote(byte);
                    blank_ok = true;
                    position += 1;
                    continue;
                }
                if byte == escape {
                    if position + 1 == bytes.len() {
                        position += 1;
                        continue;
                    }
                    position += 1;
                }
                word.push(char::from(bytes[position]));
            }
            Phase::InQuote(quote) => {
                if byte == quote {
                    phase = Phase::InWord;
                    position += 1;
                    continue;
                }
                if byte == escape {
                    if position + 1 == bytes.len() {
                        phase = Phase::InWord;
                        position += 1;
                        continue;
                    }
                    position += 1;
                }
                word.push(char::from(bytes[position]));
            }
        }
        position += 1;
    }
    if phase != Phase::BetweenWords && word != "--" && (blank_ok || !word.is_empty()) {
        flags.push((word, word_start, bytes.len()));
    }
    (bytes.len(), flags)
}

/// BuildKit may cut the rest inside a multi-byte character (after a 0x85 or 0xA0 byte);
/// Rust strings cannot start there, so the rest starts at the next character.
fn char_boundary(line: &str, mut position: usize) -> usize {
    while !line.is_char_boundary(position) {
        position += 1;
    }
    position
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> (String, Vec<String>, String) {
        let parts = split_command(line, '\\');
        (
            line[parts.keyword.0..parts.keyword.1].to_string(),
            parts.flags.into_iter().map(|(text, _, _)| text).collect(),
            line[parts.rest.0..parts.rest.1].to_string(),
        )
    }

    #[test]
    fn splits_keyword_flags_and_rest() {
        assert_eq!(
            split("  COPY --from=build --chown=\"a b\" src /dst "),
            (
                "COPY".into(),
                vec!["--from=build".into(), "--chown=a b".into()],
                "src /dst".into()
            )
        );
        assert_eq!(
            split("COPY -- --weird /dst"),
            ("COPY".into(), vec![], "--weird /dst".into())
        );
        assert_eq!(split("RUN"), ("RUN".into(), vec![], String::new()));
        assert_eq!(
            split("RUN --network=none"),
            ("RUN".into(), vec!["--network=none".into()], String::new())
        );
        assert_eq!(
            split(r"RUN --x=a\ b c"),
            ("RUN".into(), vec!["--x=a b".into()], "c".into())
        );
        assert_eq!(split("RUN -x y"), ("RUN".into(), vec![], "-x y".into()));
    }

    #[test]
    fn non_ascii_flag_values_become_latin1_like_buildkit() {
        let (_, flags, rest) = split("COPY --from=é x");
        assert_eq!(flags, ["--from=Ã©"]);
        assert_eq!(rest, "x");
        // "à" is C3 A0, and 0xA0 is a space to BuildKit's flag splitter.
        let (_, flags, rest) = split("COPY --from=àx y");
        assert_eq!(flags, ["--from=Ã"]);
        assert_eq!(rest, "x y");
    }

    #[test]
    fn flags_use_the_current_escape_token() {
        // Since BuildKit v0.21 (Dockerfile 1.15); v0.12 always used a backslash in flags.
        let flags = |line: &str, escape: char| -> Vec<String> {
            split_command(line, escape)
                .flags
                .into_iter()
                .map(|(text, _, _)| text)
                .collect()
        };
        assert_eq!(flags("COPY --chown=a`b x y", '`'), ["--chown=ab"]);
        assert_eq!(flags("COPY --chown=a\\b x y", '`'), ["--chown=a\\b"]);
        assert_eq!(flags("COPY --chown=a\\b x y", '\\'), ["--chown=ab"]);
        assert_eq!(flags("COPY --chown=\"a``\" x y", '`'), ["--chown=a`"]);
    }

    #[test]
    fn flag_ranges_end_on_character_boundaries() {
        // U+0085 is C2 85: BuildKit ends the flag at the 0x85 byte.
        let line = "COPY --chown=\u{85}x a b";
        let parts = split_command(line, '\\');
        let (text, start, end) = &parts.flags[0];
        assert_eq!(text, "--chown=Â");
        assert_eq!(&line[*start..*end], "--chown=\u{85}");
        assert_eq!(&line[parts.rest.0..parts.rest.1], "x a b");
    }

    #[test]
    fn flag_ranges_point_at_source_words() {
        let line = "RUN  --mount=type=cache,target=/x  echo";
        let parts = split_command(line, '\\');
        let (_, start, end) = &parts.flags[0];
        assert_eq!(&line[*start..*end], "--mount=type=cache,target=/x");
    }
}
