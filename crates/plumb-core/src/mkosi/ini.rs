//! mkosi's configuration files as its `parse_ini` reads them (not Python's configparser):
//! the text dedented first (`textwrap.dedent`), `#` anywhere starting a comment (and `;`
//! before mkosi 25, as in systemd's unit files), `[Section]`
//! headers (case-sensitive), `Key=Value` split at the first `=` and both sides stripped,
//! indented lines continuing the pending value (blank and comment lines inside do not end
//! it). Every key and value keeps its span; what mkosi dies on is an error with its
//! message, and reading goes on after it. Which sections mkosi reads depends on its release:
//! every section is read here, and each error inside one says which, so that a check for a
//! release that skips the section (before anything else is checked) drops it.

use crate::source::Span;

/// A file's sections, in order (a section may appear several times).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfFile {
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    /// The name inside the brackets.
    pub name_span: Span,
    pub assignments: Vec<Assignment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub key: String,
    pub key_span: Span,
    /// The value with its continuation lines, each stripped and joined by `\n`.
    pub value: String,
    /// From the value's first character to its last line's end (empty after the `=` for an
    /// empty value).
    pub value_span: Span,
    /// The whole first line, from the key's start.
    pub line_start: usize,
}

/// What mkosi refuses, with its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IniError {
    pub message: String,
    pub span: Span,
    /// The section whose line it is (its index), for a line mkosi checks only in a section
    /// it reads; `None` for a header or a line before any section, refused wherever it is.
    pub section: Option<usize>,
}

/// One physical line after dedenting: its text and where it starts in the file.
struct Line<'a> {
    text: &'a str,
    offset: usize,
}

/// How a release's reader splits comments off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syntax {
    /// `;` starts a comment too (mkosi 24 and older).
    pub semicolon_comments: bool,
}

/// Reads `text` as a release with `syntax` does.
pub fn parse(text: &str, syntax: Syntax) -> (ConfFile, Vec<IniError>) {
    let mut file = ConfFile::default();
    let mut errors = Vec::new();
    // The value being read, continuation lines and all, while its line can still go on.
    let mut pending: Option<Assignment> = None;
    for line in dedented_lines(text) {
        let comment = if syntax.semicolon_comments {
            line.text.find(['#', ';'])
        } else {
            line.text.find('#')
        };
        let content = comment.map_or(line.text, |comment| &line.text[..comment]);
        if python_strip(content).is_empty() {
            continue;
        }
        if let Some(assignment) = pending.as_mut()
            && content.starts_with(is_python_space)
        {
            let stripped = python_strip(content);
            assignment.value.push('\n');
            assignment.value.push_str(stripped);
            let end = line.offset + offset_in(content, stripped) + stripped.len();
            assignment.value_span = Span::new(assignment.value_span.start, end);
            continue;
        }
        if let Some(assignment) = pending.take()
            && let Some(section) = file.sections.last_mut()
        {
            section.assignments.push(assignment);
        }
        let stripped = python_strip(content);
        let start = line.offset + offset_in(content, stripped);
        let whole = Span::new(start, start + stripped.len());
        if let Some(header) = stripped.strip_prefix('[') {
            let Some(inside) = header.strip_suffix(']') else {
                errors.push(error(
                    format!("{stripped} is not a valid section"),
                    whole,
                    None,
                ));
                continue;
            };
            let name = python_strip(inside);
            if name.is_empty() {
                errors.push(error(
                    "Section name cannot be empty or whitespace".into(),
                    whole,
                    None,
                ));
                continue;
            }
            let name_start = start + 1 + offset_in(inside, name);
            file.sections.push(Section {
                name: name.to_owned(),
                name_span: Span::new(name_start, name_start + name.len()),
                assignments: Vec::new(),
            });
            continue;
        }
        if file.sections.is_empty() {
            errors.push(error(
                format!("Setting {stripped} is located outside of section"),
                whole,
                None,
            ));
            continue;
        }
        let section = Some(file.sections.len() - 1);
        let Some((key, value)) = stripped.split_once('=') else {
            errors.push(error(
                format!("Setting {stripped} must be followed by '='"),
                whole,
                section,
            ));
            continue;
        };
        let key_text = python_strip(key);
        if key_text.is_empty() {
            errors.push(error(
                format!("Missing setting name before '=' in {stripped}"),
                whole,
                section,
            ));
            continue;
        }
        let key_start = start + offset_in(stripped, key_text);
        let value_text = python_strip(value);
        let value_start = if value_text.is_empty() {
            start + key.len() + 1
        } else {
            start + key.len() + 1 + offset_in(value, value_text)
        };
        pending = Some(Assignment {
            key: key_text.to_owned(),
            key_span: Span::new(key_start, key_start + key_text.len()),
            value: value_text.to_owned(),
            value_span: Span::new(value_start, value_start + value_text.len()),
            line_start: start,
        });
    }
    if let Some(assignment) = pending
        && let Some(section) = file.sections.last_mut()
    {
        section.assignments.push(assignment);
    }
    (file, errors)
}

fn error(message: String, span: Span, section: Option<usize>) -> IniError {
    IniError {
        message,
        span,
        section,
    }
}

/// Where `part` (a slice of `whole`) starts in it.
fn offset_in(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

/// The lines Python's `textwrap.dedent(text).splitlines()` gives, each with its place in
/// `text`. dedent works on `\n`-separated lines: those of spaces and tabs only become empty,
/// and the longest run of leading spaces and tabs common to the others is removed;
/// `splitlines` then also splits at `\r`, `\r\n` and Unicode's other line breaks.
fn dedented_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        lines.push(Line { text: line, offset });
        offset += line.len() + 1;
    }
    let mut margin: Option<&str> = None;
    for line in &lines {
        if line.text.trim_start_matches([' ', '\t']).is_empty() {
            continue;
        }
        let own = indent(line.text);
        margin = Some(match margin {
            None => own,
            Some(common) => {
                let shared = common
                    .bytes()
                    .zip(own.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                &common[..shared]
            }
        });
    }
    let margin = margin.unwrap_or_default().len();
    let mut physical = Vec::new();
    for line in lines {
        let (text, offset) = if line.text.trim_start_matches([' ', '\t']).is_empty() {
            ("", line.offset + line.text.len())
        } else if indent(line.text).len() >= margin {
            (&line.text[margin..], line.offset + margin)
        } else {
            (line.text, line.offset)
        };
        split_python_lines(text, offset, &mut physical);
    }
    physical
}

/// The spaces and tabs `line` starts with.
fn indent(line: &str) -> &str {
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Splits at the line breaks Python's `str.splitlines` knows besides `\n`.
fn split_python_lines<'a>(text: &'a str, offset: usize, into: &mut Vec<Line<'a>>) {
    let mut start = 0;
    let mut characters = text.char_indices().peekable();
    while let Some((at, character)) = characters.next() {
        let breaks = matches!(
            character,
            '\r' | '\u{0b}'
                | '\u{0c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if !breaks {
            continue;
        }
        into.push(Line {
            text: &text[start..at],
            offset: offset + start,
        });
        start = at + character.len_utf8();
        if character == '\r' && characters.peek().is_some_and(|(_, next)| *next == '\n') {
            characters.next();
            start += 1;
        }
    }
    into.push(Line {
        text: &text[start..],
        offset: offset + start,
    });
}

/// Python's `str.isspace` for one character.
fn is_python_space(character: char) -> bool {
    character.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&character)
}

/// Python's `str.strip()`.
pub(crate) fn python_strip(text: &str) -> &str {
    text.trim_matches(is_python_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CURRENT: Syntax = Syntax {
        semicolon_comments: false,
    };

    fn read(text: &str) -> (ConfFile, Vec<IniError>) {
        parse(text, CURRENT)
    }

    fn values(text: &str) -> Vec<(String, String, String)> {
        let (file, errors) = read(text);
        assert!(errors.is_empty(), "{errors:?}");
        file.sections
            .iter()
            .flat_map(|section| {
                section.assignments.iter().map(|assignment| {
                    (
                        section.name.clone(),
                        assignment.key.clone(),
                        assignment.value.clone(),
                    )
                })
            })
            .collect()
    }

    fn triple(section: &str, key: &str, value: &str) -> (String, String, String) {
        (section.into(), key.into(), value.into())
    }

    #[test]
    fn keys_values_comments_and_continuations() {
        let text = "[Distribution]\nDistribution = debian # the base\nRelease=bookworm\n[Content]\nPackages=\n    curl\n\n    # a comment inside\n    git\nEnvironment=A=b=c\n";
        assert_eq!(
            values(text),
            [
                triple("Distribution", "Distribution", "debian"),
                triple("Distribution", "Release", "bookworm"),
                triple("Content", "Packages", "\ncurl\ngit"),
                triple("Content", "Environment", "A=b=c"),
            ]
        );
        let (file, _) = read(text);
        let packages = &file.sections[1].assignments[0];
        assert_eq!(&text[packages.key_span.range()], "Packages");
        assert_eq!(
            &text[packages.value_span.range()],
            "\n    curl\n\n    # a comment inside\n    git"
        );
        let distribution = &file.sections[0].assignments[0];
        assert_eq!(&text[distribution.value_span.range()], "debian");
    }

    #[test]
    fn a_uniformly_indented_file_is_dedented_first() {
        let text = "  [Output]\n  Format=tar\n    ImageId=x\n";
        // After dedent the third line is indented: a continuation of Format's value.
        assert_eq!(values(text), [triple("Output", "Format", "tar\nImageId=x")]);
        let (file, _) = read(text);
        assert_eq!(&text[file.sections[0].name_span.range()], "Output");
    }

    #[test]
    fn what_mkosi_dies_on_is_an_error_with_its_message() {
        let (_, errors) = read("Format=tar\n[Output\n[ ]\n[Output]\nFormat tar\n=x\n");
        let messages: Vec<&str> = errors.iter().map(|error| error.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Setting Format=tar is located outside of section",
                "[Output is not a valid section",
                "Section name cannot be empty or whitespace",
                "Setting Format tar must be followed by '='",
                "Missing setting name before '=' in =x",
            ]
        );
    }

    #[test]
    fn an_error_inside_a_section_says_which() {
        let (file, errors) = read("[Bogus]\nno equals sign here\n[Output]\nFormat=tar\n");
        assert_eq!(errors[0].section, Some(0));
        assert_eq!(file.sections[1].assignments[0].value, "tar");
    }

    #[test]
    fn semicolons_start_comments_before_mkosi_25() {
        let text = "[Content]\nPackages=a;b\n";
        assert_eq!(values(text), [triple("Content", "Packages", "a;b")]);
        let (file, _) = parse(
            text,
            Syntax {
                semicolon_comments: true,
            },
        );
        assert_eq!(file.sections[0].assignments[0].value, "a");
    }

    #[test]
    fn carriage_returns_split_lines_as_python_does() {
        assert_eq!(
            values("[Output]\r\nFormat=tar\rImageId=x\r\n"),
            [
                triple("Output", "Format", "tar"),
                triple("Output", "ImageId", "x")
            ]
        );
    }
}
