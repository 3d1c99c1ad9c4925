//! BuildKit's first layer: physical lines → directives, comments and logical lines →
//! instructions with heredoc bodies. Where BuildKit stops at the first error, this parser
//! reports it and carries on, so one broken line does not hide the rest.

use super::arguments::{ArgumentError, parse_arguments};
use super::command_split::split_command;
use super::directives::{self, DirectiveLine, Scanned};
use super::go_text::{trim_space, trim_start_space};
use super::heredoc::{HeredocStart, heredocs_in_line};
use super::instruction::{
    Arguments, Comment, Directive, Dockerfile, Heredoc, Instruction, Keyword, Word,
};
use super::logical_line::LogicalLine;
use super::rules::{
    invalid_directive, invalid_heredoc, json_array_not_strings, key_value_syntax, line_too_long,
    no_instructions, repeated_directive,
};
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

/// Parses a Dockerfile. Never fails: problems come back as diagnostics.
pub fn parse(file: &SourceFile) -> (Dockerfile, Vec<Diagnostic>) {
    let mut parser = Parser {
        text: file.text(),
        lines: physical_lines(file.text()),
        next_line: 0,
        escape: '\\',
        scanner: directives::Scanner::default(),
        comments: Vec::new(),
        dockerfile: Dockerfile::default(),
        diagnostics: Vec::new(),
    };
    parser.run();
    parser.dockerfile.escape = parser.escape;
    (parser.dockerfile, parser.diagnostics)
}

/// A physical line: its start offset and text including the `\n`.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    start: usize,
    raw: &'a str,
}

impl<'a> Line<'a> {
    /// The text without trailing `\r` and `\n` characters (Go's `trimNewline`).
    fn content(&self) -> &'a str {
        self.raw.trim_end_matches(['\r', '\n'])
    }

    fn content_span(&self) -> Span {
        Span::new(self.start, self.start + self.content().len())
    }

    fn is_comment(&self) -> bool {
        trim_start_space(self.content()).starts_with('#')
    }
}

/// Splits after each `\n`, dropping a UTF-8 byte-order mark at the start of the file.
fn physical_lines(text: &str) -> Vec<Line<'_>> {
    let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut lines = Vec::new();
    let mut rest = &text[start..];
    let mut offset = start;
    while !rest.is_empty() {
        let length = rest.find('\n').map_or(rest.len(), |index| index + 1);
        lines.push(Line {
            start: offset,
            raw: &rest[..length],
        });
        offset += length;
        rest = &rest[length..];
    }
    lines
}

struct Parser<'a> {
    text: &'a str,
    lines: Vec<Line<'a>>,
    next_line: usize,
    escape: char,
    scanner: directives::Scanner,
    comments: Vec<Comment>,
    dockerfile: Dockerfile,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Parser<'a> {
    fn take_line(&mut self) -> Option<Line<'a>> {
        let index = self.next_line;
        let line = *self.lines.get(index)?;
        self.next_line += 1;
        if exceeds_line_buffer(line, index == 0) {
            self.diagnostics.push(Diagnostic::new(
                &line_too_long::RULE,
                Span::point(line.start),
                format!(
                    "dockerfile line greater than max allowed size of {}",
                    line_too_long::MAX_LINE_LENGTH
                ),
            ));
        }
        Some(line)
    }

    fn run(&mut self) {
        while let Some(line) = self.take_line() {
            self.collect_comment(line);
            let token = trim_start_space(line.content());
            let token_start = line.start + (line.content().len() - token.len());
            self.scan_directive(token, token_start);
            let first = if line.is_comment() { "" } else { token };
            let (piece, mut ends) = trim_continuation(first, self.escape);
            if ends && piece.is_empty() {
                continue;
            }
            let start_line = self.next_line;
            let mut logical = LogicalLine::default();
            logical.push(piece, token_start);
            let mut last = line;
            let mut empty_continuation_lines = Vec::new();
            while !ends {
                let Some(next) = self.take_line() else { break };
                last = next;
                // Comment lines and blank lines inside a continuation are skipped; BuildKit
                // warns about the blank ones (NoEmptyContinuation).
                if next.is_comment() {
                    continue;
                }
                if trim_start_space(next.content()).is_empty() {
                    empty_continuation_lines
                        .push(Span::new(next.start, next.start + next.raw.len()));
                    continue;
                }
                let (piece, next_ends) = trim_continuation(next.content(), self.escape);
                logical.push(piece, next.start);
                ends = next_ends;
            }
            let length = logical.text().len();
            let mut instruction = self.instruction(logical, (0, length));
            instruction.comments = std::mem::take(&mut self.comments);
            instruction.empty_continuation_lines = empty_continuation_lines;
            instruction.start_line = start_line;
            let mut end = last.content_span().end;
            if takes_heredocs(&instruction) && instruction.line.text().contains("<<") {
                let (heredocs, heredoc_end) =
                    self.read_heredocs(&instruction.line, instruction.keyword.span);
                instruction.heredocs = heredocs;
                end = heredoc_end.unwrap_or(end);
            }
            instruction.end_line = self.next_line;
            instruction.span = Span::new(
                instruction.keyword.span.start,
                end.max(instruction.keyword.span.end),
            );
            self.dockerfile.instructions.push(instruction);
        }
        if self.dockerfile.instructions.is_empty() {
            self.diagnostics.push(Diagnostic::new(
                &no_instructions::RULE,
                Span::point(self.text.len()),
                // BuildKit refuses an empty file before parsing it.
                if self.text.is_empty() {
                    "the Dockerfile cannot be empty"
                } else {
                    "file with no instructions"
                },
            ));
        }
    }

    /// Consecutive comment lines become the comment block of the next instruction; an empty
    /// `#` line ends the block, a blank line does not.
    fn collect_comment(&mut self, line: Line<'_>) {
        if !line.is_comment() {
            return;
        }
        let content = line.content();
        // BuildKit drops the line's first byte, so an indented comment keeps its `#`.
        let after_first = content
            .chars()
            .next()
            .map_or("", |first| &content[first.len_utf8()..]);
        let text = trim_space(after_first);
        if text.is_empty() {
            self.comments.clear();
        } else {
            self.comments.push(Comment {
                text: text.to_owned(),
                span: line.content_span(),
            });
        }
    }

    fn scan_directive(&mut self, token: &str, token_start: usize) {
        let (directive, repeated) = match self.scanner.scan(token) {
            Scanned::NotDirective => return,
            Scanned::Directive(directive) => (directive, false),
            Scanned::Repeated(directive) => (directive, true),
        };
        // Directive lines are not comments of the first instruction.
        self.comments.pop();
        let DirectiveLine {
            name,
            value,
            value_range: (value_start, value_end),
        } = directive;
        let span = Span::new(token_start, token_start + token.len());
        let value_span = Span::new(token_start + value_start, token_start + value_end);
        if repeated {
            self.diagnostics.push(
                Diagnostic::new(
                    &repeated_directive::RULE,
                    span,
                    format!("only one {name} parser directive can be used"),
                )
                .with_label(
                    self.dockerfile
                        .directive(&name)
                        .map_or(span, |first| first.span),
                    "first given here",
                ),
            );
            return;
        }
        match name.as_str() {
            "escape" if value != "`" && value != "\\" => {
                self.diagnostics.push(Diagnostic::new(
                    &invalid_directive::RULE,
                    value_span,
                    format!("invalid escape token '{value}' does not match ` or \\"),
                ));
            }
            "escape" => self.escape = value.chars().next().unwrap_or('\\'),
            "check" => {
                if let Err(message) = directives::parse_check_options(&value) {
                    self.diagnostics.push(Diagnostic::new(
                        &invalid_directive::RULE,
                        value_span,
                        format!("failed to parse check options: {message}"),
                    ));
                }
            }
            _ => {}
        }
        self.dockerfile.directives.push(Directive {
            name,
            value,
            span,
            value_span,
        });
    }

    /// Builds the instruction on `line[start..end]` (BuildKit's `newNodeFromLine`). Line
    /// numbers and the comment block are filled in by the caller.
    fn instruction(&mut self, line: LogicalLine, (start, end): (usize, usize)) -> Instruction {
        let text = &line.text()[start..end];
        let parts = split_command(text, self.escape);
        let keyword_text = &text[parts.keyword.0..parts.keyword.1];
        let keyword = Word {
            value: keyword_text.to_owned(),
            span: line.span(start + parts.keyword.0, start + parts.keyword.1),
        };
        let kind = Keyword::parse(keyword_text);
        let rest = (start + parts.rest.0, start + parts.rest.1);
        let arguments = if kind == Some(Keyword::Onbuild) {
            if rest.0 == rest.1 {
                Arguments::None
            } else {
                Arguments::Trigger(Box::new(self.instruction(line.clone(), rest)))
            }
        } else {
            let (arguments, error) = parse_arguments(kind, &line, rest, self.escape);
            if let Some(error) = error {
                self.diagnostics.push(argument_diagnostic(error));
            }
            arguments
        };
        Instruction {
            keyword,
            kind,
            flags: parts
                .flags
                .into_iter()
                .map(|(text, flag_start, flag_end)| super::instruction::Flag {
                    text,
                    span: line.span(start + flag_start, start + flag_end),
                })
                .collect(),
            arguments,
            heredocs: Vec::new(),
            original: text.to_owned(),
            span: line.span(start, end),
            start_line: 0,
            end_line: 0,
            comments: Vec::new(),
            empty_continuation_lines: Vec::new(),
            line,
            line_offset: start,
        }
    }

    /// Reads the bodies of the heredocs the line announces, in order, and where the last body
    /// (or terminator) ends. Errors point at the marker, else at `keyword`.
    fn read_heredocs(
        &mut self,
        line: &LogicalLine,
        keyword: Span,
    ) -> (Vec<Heredoc>, Option<usize>) {
        let starts = match heredocs_in_line(line.text()) {
            Ok(starts) => starts,
            Err(message) => {
                self.diagnostics
                    .push(Diagnostic::new(&invalid_heredoc::RULE, keyword, message));
                return (Vec::new(), None);
            }
        };
        let mut heredocs = Vec::new();
        let mut end = None;
        let mut search_from = 0;
        for start in starts {
            let marker = marker_span(line, &start, &mut search_from).unwrap_or(keyword);
            let heredoc = self.read_heredoc_body(start);
            end = Some(heredoc.terminator_span.unwrap_or(heredoc.body_span).end);
            if heredoc.terminator_span.is_none() {
                self.diagnostics.push(
                    Diagnostic::new(&invalid_heredoc::RULE, marker, "unterminated heredoc")
                        .with_note(format!(
                            "the body runs to the end of the file: no line is exactly `{}`",
                            heredoc.name
                        )),
                );
            }
            heredocs.push(heredoc);
        }
        (heredocs, end)
    }

    fn read_heredoc_body(&mut self, start: HeredocStart) -> Heredoc {
        let body_start = self
            .lines
            .get(self.next_line)
            .map_or(self.text.len(), |line| line.start);
        let mut content = String::new();
        let mut terminator_span = None;
        while let Some(line) = self.take_line() {
            let mut candidate = line.content();
            if start.chomp {
                candidate = candidate.trim_start_matches('\t');
            }
            if candidate == start.name {
                terminator_span = Some(line.content_span());
                break;
            }
            content.push_str(line.raw);
        }
        Heredoc {
            body_span: Span::new(body_start, body_start + content.len()),
            name: start.name,
            file_descriptor: start.file_descriptor,
            expand: start.expand,
            chomp: start.chomp,
            content,
            terminator_span,
        }
    }
}

/// BuildKit reads physical lines with Go's `bufio.Scanner`, whose buffer holds
/// `MAX_LINE_LENGTH + 1` bytes. The whole line must fit, line ending included (a `\r\n` line
/// may hold one byte less than a `\n` line) and, on the first line, the byte-order mark that
/// is only removed afterwards. A last line without `\n` needs one spare byte to see the end
/// of the file.
fn exceeds_line_buffer(line: Line<'_>, first: bool) -> bool {
    let bom = if first { line.start } else { 0 };
    let needed = bom + line.raw.len() + usize::from(!line.raw.ends_with('\n'));
    needed > line_too_long::MAX_LINE_LENGTH + 1
}

/// BuildKit's `canContainHeredoc`: RUN, COPY or ADD (also as an ONBUILD trigger), not in
/// exec form.
fn takes_heredocs(instruction: &Instruction) -> bool {
    let target = match &instruction.arguments {
        Arguments::Trigger(trigger) if instruction.kind == Some(Keyword::Onbuild) => trigger,
        _ => instruction,
    };
    target.kind.is_some_and(Keyword::takes_heredocs) && !target.arguments.is_exec_form()
}

/// Removes a trailing escape character (and the blanks after it) that continues the line.
/// The escape must not itself be escaped: `a\\` does not continue.
fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    let trimmed = line.trim_end_matches([' ', '\t']);
    let Some(before) = trimmed.strip_suffix(escape) else {
        return (line, true);
    };
    if before.ends_with(escape) {
        return (line, true);
    }
    (before, false)
}

/// Where the `<<NAME` of a heredoc is written, searching forward from `search_from`.
fn marker_span(line: &LogicalLine, start: &HeredocStart, search_from: &mut usize) -> Option<Span> {
    let text = line.text();
    let mut from = *search_from;
    while let Some(found) = text.get(from..)?.find("<<") {
        let at = from + found;
        let after = text[at + 2..].trim_start_matches(['-', ' ', '\t', '\'', '"']);
        if after.starts_with(start.name.as_str()) {
            let end = text.len() - after.len() + start.name.len();
            *search_from = end;
            return Some(line.span(at, end));
        }
        from = at + 2;
    }
    None
}

fn argument_diagnostic(error: ArgumentError) -> Diagnostic {
    match error {
        ArgumentError::NonStringElement(span) => Diagnostic::new(
            &json_array_not_strings::RULE,
            span,
            "when using JSON array syntax, arrays must be comprised of strings only",
        ),
        ArgumentError::KeyValue { message, span } => {
            Diagnostic::new(&key_value_syntax::RULE, span, message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (Dockerfile, Vec<Diagnostic>) {
        parse(&SourceFile::new("Dockerfile", text))
    }

    fn codes(text: &str) -> Vec<&'static str> {
        parse_text(text)
            .1
            .iter()
            .map(|diagnostic| diagnostic.code())
            .collect()
    }

    #[test]
    fn continuation_keeps_leading_whitespace_and_skips_comments_and_blank_lines() {
        let (dockerfile, _) = parse_text("RUN echo a \\\n# comment\n\n    b\nFROM x\n");
        let run = &dockerfile.instructions[0];
        assert_eq!(run.original, "RUN echo a     b");
        assert_eq!((run.start_line, run.end_line), (1, 4));
        assert_eq!(dockerfile.instructions[1].start_line, 5);
    }

    #[test]
    fn blank_lines_inside_a_continuation_are_recorded() {
        let text = "FROM x\nRUN echo a \\\n\n  \t\r\n# comment\n    b\nRUN c\n\nRUN d\n";
        let (dockerfile, _) = parse_text(text);
        let run = &dockerfile.instructions[1];
        assert_eq!(run.original, "RUN echo a     b");
        let lines: Vec<&str> = run
            .empty_continuation_lines
            .iter()
            .map(|span| &text[span.range()])
            .collect();
        assert_eq!(lines, ["\n", "  \t\r\n"]);
        // A blank line between instructions is not a continuation line.
        assert!(
            dockerfile.instructions[2]
                .empty_continuation_lines
                .is_empty()
        );
        assert!(
            dockerfile.instructions[3]
                .empty_continuation_lines
                .is_empty()
        );
    }

    #[test]
    fn escaped_escape_does_not_continue() {
        let (dockerfile, _) = parse_text("ENV C a\\\\\nFROM x\n");
        assert_eq!(dockerfile.instructions.len(), 2);
    }

    #[test]
    fn directives_set_the_escape_character() {
        let (dockerfile, _) = parse_text("# escape=`\nRUN a `\n  b\n");
        assert_eq!(dockerfile.escape, '`');
        assert_eq!(dockerfile.instructions[0].original, "RUN a   b");
        assert_eq!(dockerfile.directives[0].name, "escape");
    }

    #[test]
    fn check_directive_keeps_the_directive_block_open() {
        // Since BuildKit v0.14 (Dockerfile 1.8); v0.12 ignored every directive after `# check=`.
        let (dockerfile, diagnostics) =
            parse_text("# check=skip=all\n# escape=`\nFROM x\nRUN a `\n b\n");
        assert!(diagnostics.is_empty());
        assert_eq!(dockerfile.escape, '`');
        assert_eq!(dockerfile.instructions[1].original, "RUN a  b");
        assert_eq!(
            codes("# check=error=true\n# syntax=a\n# syntax=b\nFROM x\n"),
            ["DF004"]
        );
    }

    #[test]
    fn directives_after_other_lines_are_comments() {
        let (dockerfile, _) = parse_text("# hello\n# escape=`\nFROM x\n");
        assert!(dockerfile.directives.is_empty());
        assert_eq!(dockerfile.escape, '\\');
        assert_eq!(dockerfile.instructions[0].comments.len(), 2);
    }

    #[test]
    fn heredoc_bodies_are_not_instructions() {
        let text = "FROM x\nRUN <<EOF\nFROM inside\nEOF\nCOPY <<A <<B /dst\nY\nA\nX\nB\n";
        let (dockerfile, diagnostics) = parse_text(text);
        assert!(diagnostics.is_empty());
        assert_eq!(dockerfile.instructions.len(), 3);
        let run = &dockerfile.instructions[1];
        assert_eq!(run.heredocs[0].content, "FROM inside\n");
        assert_eq!((run.start_line, run.end_line), (2, 4));
        let copy = &dockerfile.instructions[2];
        assert_eq!(copy.heredocs[0].content, "Y\n");
        assert_eq!(copy.heredocs[1].content, "X\n");
        assert_eq!(copy.end_line, 9);
    }

    #[test]
    fn chomped_heredoc_ends_at_tab_indented_terminator() {
        let (dockerfile, diagnostics) = parse_text("FROM x\nRUN <<-EOF\n\techo\n\tEOF\n");
        assert!(diagnostics.is_empty());
        assert_eq!(dockerfile.instructions[1].heredocs[0].content, "\techo\n");
    }

    #[test]
    fn reports_errors_and_keeps_going() {
        assert_eq!(codes("FROM x\nRUN <<EOF\necho\n"), ["DF002"]);
        assert_eq!(codes("# escape=x\nFROM x\n"), ["DF003"]);
        assert_eq!(codes("# syntax=a\n# syntax=b\nFROM x\n"), ["DF004"]);
        assert_eq!(
            codes("FROM x\nCMD [\"a\", 1]\nENV A=1 B\n"),
            ["DF005", "DF008"]
        );
        assert_eq!(codes("# only comments\n\n"), ["DF006"]);
        assert_eq!(codes(""), ["DF006"]);
    }

    #[test]
    fn spans_point_into_the_file_after_non_ascii_text() {
        let text = "# café ☕\nFROM x\nCMD [\"é\", 1]\n";
        let (_, diagnostics) = parse_text(text);
        assert_eq!(&text[diagnostics[0].span.range()], "1");
    }

    #[test]
    fn onbuild_trigger_is_an_instruction_and_may_carry_heredocs() {
        let (dockerfile, _) = parse_text("FROM x\nONBUILD RUN <<EOF\necho\nEOF\n");
        let onbuild = &dockerfile.instructions[1];
        let Arguments::Trigger(trigger) = &onbuild.arguments else {
            panic!("expected a trigger")
        };
        assert_eq!(trigger.kind, Some(Keyword::Run));
        assert_eq!(onbuild.heredocs.len(), 1);
    }

    #[test]
    fn line_length_counts_the_line_ending_and_the_bom() {
        let max = line_too_long::MAX_LINE_LENGTH;
        let line = |length: usize, ending: &str| format!("RUN {}{ending}", "x".repeat(length - 4));
        let too_long = |text: String| codes(&format!("FROM x\n{text}")).contains(&"DF007");
        assert!(!too_long(line(max, "\n")));
        assert!(too_long(line(max + 1, "\n")));
        assert!(!too_long(line(max - 1, "\r\n")));
        assert!(too_long(line(max, "\r\n")));
        assert!(!too_long(line(max, "")));
        assert!(too_long(line(max + 1, "")));
        let first = |bom: &str, length: usize| {
            codes(&format!("{bom}{}\n", line(length, ""))).contains(&"DF007")
        };
        assert!(!first("", max));
        assert!(first("\u{FEFF}", max));
        assert!(!first("\u{FEFF}", max - 3));
    }

    #[test]
    fn bom_is_ignored() {
        let (dockerfile, _) = parse_text("\u{FEFF}# escape=`\nFROM x\n");
        assert_eq!(dockerfile.escape, '`');
    }
}
