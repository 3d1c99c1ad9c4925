//! Parser directives (`# syntax=`, `# escape=`, `# check=`): recognised only in the comment
//! lines at the very top of the file. Scanning stops for good at the first line that is not
//! a directive, which includes blank lines, ordinary comments and unknown directives.

use super::go_text::{parse_bool, trim_start_space};

/// The directives BuildKit knows.
pub const KNOWN: [&str; 3] = ["syntax", "escape", "check"];

/// A directive line, with byte ranges relative to the line given to [`Scanner::scan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveLine {
    pub name: String,
    pub value: String,
    pub value_range: (usize, usize),
}

/// What one line turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scanned {
    NotDirective,
    Directive(DirectiveLine),
    /// A directive already given earlier in the file.
    Repeated(DirectiveLine),
}

#[derive(Debug, Default)]
pub struct Scanner {
    done: bool,
    seen: Vec<String>,
}

impl Scanner {
    /// Looks at the next line (without its line ending, leading whitespace trimmed).
    pub fn scan(&mut self, line: &str) -> Scanned {
        if self.done {
            return Scanned::NotDirective;
        }
        let Some(directive) = match_directive(line) else {
            self.done = true;
            return Scanned::NotDirective;
        };
        if !KNOWN.contains(&directive.name.as_str()) {
            self.done = true;
            return Scanned::NotDirective;
        }
        if self.seen.contains(&directive.name) {
            return Scanned::Repeated(directive);
        }
        self.seen.push(directive.name.clone());
        Scanned::Directive(directive)
    }
}

/// RE2's `\s`.
fn is_re2_space(ch: char) -> bool {
    matches!(ch, '\t' | '\n' | '\u{C}' | '\r' | ' ')
}

/// `#` then `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` after trimming leading whitespace.
fn match_directive(line: &str) -> Option<DirectiveLine> {
    let after_hash = line.strip_prefix('#')?;
    let body = trim_start_space(after_hash);
    let name_length = body
        .char_indices()
        .take_while(|&(index, ch)| {
            if index == 0 {
                ch.is_ascii_alphabetic()
            } else {
                ch.is_ascii_alphanumeric()
            }
        })
        .count();
    if name_length == 0 {
        return None;
    }
    let after_name = body[name_length..].trim_start_matches(is_re2_space);
    let after_equals = after_name.strip_prefix('=')?;
    let value_and_space = after_equals.trim_start_matches(is_re2_space);
    let value = value_and_space.trim_end_matches(is_re2_space);
    let (value, value_start) = if value.is_empty() {
        // Only whitespace after `=`: the lazy `(.+?)` still takes its last character.
        let last = after_equals.chars().next_back()?;
        let start = line.len() - last.len_utf8();
        (&line[start..], start)
    } else {
        (value, line.len() - value_and_space.len())
    };
    Some(DirectiveLine {
        name: body[..name_length].to_ascii_lowercase(),
        value: value.to_owned(),
        value_range: (value_start, value_start + value.len()),
    })
}

/// The options of `# check=`: up to three `;`-separated `key=value` parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOptions {
    pub skip_all: bool,
    pub skip: Vec<String>,
    pub error: bool,
}

/// BuildKit's `ParseLintOptions`.
pub fn parse_check_options(value: &str) -> Result<CheckOptions, String> {
    let mut options = CheckOptions::default();
    let value = value.trim();
    if value.is_empty() {
        return Ok(options);
    }
    for part in value.splitn(3, ';') {
        let Some((key, setting)) = part.split_once('=') else {
            return Err(format!("invalid check option {part:?}"));
        };
        let setting = setting.trim();
        match key.trim() {
            "skip" if setting == "all" => options.skip_all = true,
            "skip" => {
                options.skip = setting
                    .split(',')
                    .map(|rule| rule.trim().to_owned())
                    .collect()
            }
            "experimental" => {}
            "error" => {
                options.error = parse_bool(setting)
                    .ok_or_else(|| {
                    format!(
                        "failed to parse check option {part:?}: strconv.ParseBool: parsing {setting:?}: invalid syntax"
                    )
                })?;
            }
            other => return Err(format!("invalid check option {other:?}")),
        }
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(line: &str) -> Option<(String, String)> {
        match_directive(line).map(|directive| (directive.name, directive.value))
    }

    #[test]
    fn matches_directive_lines_like_buildkit() {
        assert_eq!(value("# escape=`"), Some(("escape".into(), "`".into())));
        assert_eq!(value("#escape =  ` "), Some(("escape".into(), "`".into())));
        assert_eq!(
            value("#  dIrEcTiVe=value"),
            Some(("directive".into(), "value".into()))
        );
        assert_eq!(
            value("# syntax=docker/dockerfile:1 # x"),
            Some(("syntax".into(), "docker/dockerfile:1 # x".into()))
        );
        assert_eq!(value("# escape= "), Some(("escape".into(), " ".into())));
        assert_eq!(value("# escape="), None);
        assert_eq!(value("# not a directive"), None);
        assert_eq!(value("# 1x=y"), None);
    }

    #[test]
    fn any_unicode_space_may_follow_the_hash() {
        // Since BuildKit v0.27 (Dockerfile 1.21) Go's `unicode.IsSpace` is trimmed after `#`;
        // v0.12's regex allowed only `[\t\n\f\r ]` there.
        for line in ["#\u{a0}escape=`", "#\u{b}escape=`", "#\u{2003}escape=`"] {
            assert_eq!(value(line), Some(("escape".into(), "`".into())), "{line:?}");
        }
    }

    #[test]
    fn check_is_a_known_directive() {
        // Since BuildKit v0.14 (Dockerfile 1.8); before, `# check=` was unknown and ended the
        // directives.
        let mut scanner = Scanner::default();
        assert!(matches!(
            scanner.scan("# check=skip=all"),
            Scanned::Directive(_)
        ));
        assert!(matches!(scanner.scan("# escape=`"), Scanned::Directive(_)));
    }

    #[test]
    fn scanning_stops_at_the_first_other_line() {
        let mut scanner = Scanner::default();
        assert!(matches!(scanner.scan("# syntax=a"), Scanned::Directive(_)));
        assert!(matches!(scanner.scan("# syntax=b"), Scanned::Repeated(_)));
        assert!(matches!(scanner.scan("# unknown=x"), Scanned::NotDirective));
        assert!(matches!(scanner.scan("# escape=`"), Scanned::NotDirective));
    }

    #[test]
    fn check_options() {
        let options =
            parse_check_options("skip=JSONArgsRecommended, StageNameCasing;error=true").unwrap();
        assert_eq!(options.skip, ["JSONArgsRecommended", "StageNameCasing"]);
        assert!(options.error);
        assert!(parse_check_options("skip=all").unwrap().skip_all);
        assert_eq!(
            parse_check_options("bogus").unwrap_err(),
            "invalid check option \"bogus\""
        );
        assert!(parse_check_options("error=maybe").is_err());
        assert!(parse_check_options("nope=1").is_err());
    }
}
