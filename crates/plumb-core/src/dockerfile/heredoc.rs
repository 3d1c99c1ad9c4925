//! Finding heredoc starts (`<<EOF`, `<<-EOF`, `3<<"EOF"`) in a RUN, COPY or ADD line.

use super::shell_lexer::{Lexer, NoEnv};

/// A heredoc announced on an instruction line; its body follows the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeredocStart {
    pub name: String,
    pub file_descriptor: u64,
    pub expand: bool,
    pub chomp: bool,
}

/// Every heredoc the line announces, in order. The line is split into words the way BuildKit
/// does it (quotes and escapes kept, unset variables left as written), so `"<<EOF"` in quotes
/// is not a heredoc. A line that cannot be split has no heredocs.
pub fn heredocs_in_line(line: &str) -> Result<Vec<HeredocStart>, String> {
    let lexer = Lexer {
        raw_quotes: true,
        raw_escapes: true,
        skip_unset_env: true,
        ..Lexer::new('\\')
    };
    let words = lexer.process_words(line, &NoEnv).unwrap_or_default();
    let mut starts = Vec::new();
    for word in words {
        if let Some(start) = heredoc_from_word(&word)? {
            starts.push(start);
        }
    }
    Ok(starts)
}

/// Whether a single argument word is a heredoc marker (BuildKit's `MustParseHeredoc`).
pub fn is_heredoc_word(word: &str) -> bool {
    matches!(heredoc_from_word(word), Ok(Some(_)))
}

/// Matches `^(\d*)<<(-?)\s*([^<]*)$` and reads the delimiter word.
fn heredoc_from_word(word: &str) -> Result<Option<HeredocStart>, String> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let Some(after_arrows) = word[digits..].strip_prefix("<<") else {
        return Ok(None);
    };
    let (chomp, after_dash) = match after_arrows.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after_arrows),
    };
    // RE2's `\s` is ASCII whitespace without the vertical tab.
    let rest = after_dash.trim_start_matches(['\t', '\n', '\u{C}', '\r', ' ']);
    if rest.contains('<') || rest.is_empty() {
        return Ok(None);
    }
    // Go's ParseUint fails on overflow with the maximum value, which BuildKit keeps.
    let file_descriptor = match &word[..digits] {
        "" => 0,
        number => number.parse().unwrap_or(u64::MAX),
    };

    let mut lexer = Lexer {
        skip_unset_env: true,
        ..Lexer::new('\\')
    };
    let words = lexer.process_words(rest, &NoEnv).map_err(|error| error.0)?;
    let [name] = words.as_slice() else {
        return Ok(None);
    };
    lexer.raw_quotes = true;
    let raw_words = lexer.process_words(rest, &NoEnv).map_err(|error| error.0)?;
    let [raw_name] = raw_words.as_slice() else {
        return Err(format!(
            "internal lexing of heredoc produced inconsistent results: {rest}"
        ));
    };
    // Any quoted part of the delimiter turns expansion off.
    let quotes = |text: &str| text.matches(['\'', '"']).count();
    Ok(Some(HeredocStart {
        name: name.clone(),
        file_descriptor,
        expand: quotes(name) == quotes(raw_name),
        chomp,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, bool, bool)> {
        heredocs_in_line(line)
            .unwrap()
            .into_iter()
            .map(|start| (start.name, start.expand, start.chomp))
            .collect()
    }

    #[test]
    fn finds_heredocs_like_buildkit() {
        assert_eq!(names("RUN <<EOF"), [("EOF".into(), true, false)]);
        assert_eq!(names("RUN <<-EOF"), [("EOF".into(), true, true)]);
        assert_eq!(names("RUN <<'EOF'"), [("EOF".into(), false, false)]);
        assert_eq!(names("RUN <<eo'f'"), [("eof".into(), false, false)]);
        assert_eq!(names(r"RUN <<eo\'f"), [("eo'f".into(), true, false)]);
        assert_eq!(names("RUN << EOF"), [("EOF".into(), true, false)]);
        assert_eq!(
            names("COPY <<A <<B /dest"),
            [("A".into(), true, false), ("B".into(), true, false)]
        );
        assert_eq!(names("RUN <<'one two'"), [("one two".into(), false, false)]);
        assert!(names("RUN echo \"<<EOF\"").is_empty());
        assert!(names("RUN cat <<<EOF").is_empty());
        assert!(names("RUN echo 'unterminated <<EOF").is_empty());
    }

    #[test]
    fn blanks_between_arrows_and_name_are_allowed() {
        // Since BuildKit v0.22 (Dockerfile 1.16); v0.12 split `<<` from the name and found no
        // heredoc.
        assert_eq!(names("RUN <<  EOF"), [("EOF".into(), true, false)]);
        assert_eq!(names("RUN << -EOF"), [("-EOF".into(), true, false)]);
        assert_eq!(names("RUN cat <<\tEND"), [("END".into(), true, false)]);
        assert_eq!(names("RUN <<-\t'EOF'"), Vec::new());
    }

    #[test]
    fn pattern_modifiers_do_not_hide_heredocs() {
        // Since BuildKit v0.13 (Dockerfile 1.7); v0.12's lexer rejected `${X#…}`, `${X%…}` and
        // `${X/…}`, and with them the whole line.
        assert_eq!(
            names("RUN echo ${X#a} ${Y%%b} ${Z//c/d} <<EOF"),
            [("EOF".into(), true, false)]
        );
    }

    #[test]
    fn nested_expansion_resets_the_word_being_read() {
        // Since BuildKit v0.15 (Dockerfile 1.9) the lexer shares one word buffer between a
        // nested `${X:…}` and the word around it, so a `<<` before it is lost; v0.12 kept
        // `<<${X:?m}` as a heredoc.
        assert!(names("RUN cat <<${X:?m}").is_empty());
        assert!(names("RUN cat <<${X:-EOF}").is_empty());
        assert_eq!(names("RUN cat <<${X}"), [("${X}".into(), true, false)]);
    }

    #[test]
    fn reads_file_descriptors() {
        let starts = heredocs_in_line("RUN cat 3<<EOF").unwrap();
        assert_eq!(starts[0].file_descriptor, 3);
    }
}
