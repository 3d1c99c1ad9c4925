//! go-yaml v3's emitter (`emitterc.go`, a port of libyaml's) for what compose's output
//! needs: block mappings and sequences (two-space indent, a sequence's items indented
//! under its key), `{}` and `[]` for empty ones, keys over 128 bytes or on several lines
//! after `? `, and the scalar styles chosen as libyaml chooses them: plain where the text
//! allows, else single-quoted, else double-quoted; `|` blocks for text with line breaks.
//! Lines are never wrapped (go-yaml v3 sets no width).
//!
//! docker compose links two releases: go.yaml.in/yaml v3.0.4 (compose-go's, which prints
//! the project) and gopkg.in/yaml.v3 v3.0.1 (docker compose's own, which prints the model
//! for `--no-interpolate`). They differ in one place, a `|` block's first line break.

/// A document to emit.
pub enum Yaml {
    Scalar(String, Style),
    Sequence(Vec<Yaml>),
    Mapping(Vec<(Yaml, Yaml)>),
}

/// The style go-yaml asks for; the emitter may pick a safer one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// Which go-yaml release writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    /// gopkg.in/yaml.v3 v3.0.1, which loses a `|` block's leading line break (go-yaml
    /// issue 755): `"\na"` is written as `|2-` then `a`, which reads back as `a`.
    V3_0_1,
    V3_0_4,
}

/// The document's text, with its final line break.
pub fn emit(document: &Yaml, release: Release) -> String {
    let mut emitter = Emitter {
        release,
        out: String::new(),
        indent: -1,
        indents: Vec::new(),
        column: 0,
        whitespace: true,
        indention: true,
    };
    emitter.node(document, Context::default());
    // The document end starts a line of its own.
    emitter.indent = -1;
    emitter.write_indent();
    emitter.out
}

const BEST_INDENT: i32 = 2;
/// libyaml writes a longer key (in bytes) after `? `.
const MAX_SIMPLE_KEY: usize = 128;

/// Where a node is emitted.
#[derive(Debug, Clone, Copy, Default)]
struct Context {
    /// A mapping key written before `:`.
    simple_key: bool,
    /// An item of a block sequence, whose nested indentation skips the `- `.
    sequence_item: bool,
}

struct Emitter {
    release: Release,
    out: String,
    indent: i32,
    indents: Vec<i32>,
    /// In characters, as libyaml counts.
    column: usize,
    /// Whether the last character written was white space.
    whitespace: bool,
    /// Whether only indentation has been written on this line.
    indention: bool,
}

impl Emitter {
    fn node(&mut self, node: &Yaml, context: Context) {
        match node {
            Yaml::Scalar(text, style) => self.scalar(text, *style, context),
            Yaml::Sequence(items) if items.is_empty() => {
                self.write_indicator("[]", true, false, false)
            }
            Yaml::Mapping(entries) if entries.is_empty() => {
                self.write_indicator("{}", true, false, false)
            }
            Yaml::Sequence(items) => {
                self.increase_indent(false, context);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    let item_context = Context {
                        sequence_item: true,
                        ..Context::default()
                    };
                    self.node(item, item_context);
                }
                self.decrease_indent();
            }
            Yaml::Mapping(entries) => {
                self.increase_indent(false, context);
                for (key, value) in entries {
                    self.write_indent();
                    if is_simple_key(key) {
                        let key_context = Context {
                            simple_key: true,
                            ..Context::default()
                        };
                        self.node(key, key_context);
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.node(key, Context::default());
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.node(value, Context::default());
                }
                self.decrease_indent();
            }
        }
    }

    fn increase_indent(&mut self, flow: bool, context: Context) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if context.sequence_item {
            // go-yaml's change to libyaml: inside a sequence item, skip just the `- `.
            self.indent += 2;
        } else {
            self.indent = BEST_INDENT * ((self.indent + BEST_INDENT) / BEST_INDENT);
        }
    }

    fn decrease_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn scalar(&mut self, text: &str, requested: Style, context: Context) {
        let style = select_style(text, requested, context);
        self.increase_indent(true, context);
        match style {
            Style::Plain => self.write_plain(text),
            Style::SingleQuoted => self.write_single_quoted(text),
            Style::DoubleQuoted => self.write_double_quoted(text),
            Style::Literal => self.write_literal(text),
        }
        self.decrease_indent();
    }

    fn put(&mut self, ch: char) {
        self.out.push(ch);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
        self.indention = true;
    }

    /// A line break of the text: `\n` as a line break, the others (`\r`, NEL, LS, PS) as
    /// they are, which also end the line for libyaml.
    fn write_break(&mut self, ch: char) {
        if ch == '\n' {
            self.put_break();
        } else {
            self.out.push(ch);
            self.column = 0;
            self.indention = true;
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for ch in indicator.chars() {
            self.put(ch);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn write_plain(&mut self, text: &str) {
        if !text.is_empty() && !self.whitespace {
            self.put(' ');
        }
        for ch in text.chars() {
            self.put(ch);
        }
        if !text.is_empty() {
            self.whitespace = false;
        }
        self.indention = false;
    }

    fn write_single_quoted(&mut self, text: &str) {
        self.write_indicator("'", true, false, false);
        let mut breaks = false;
        for ch in text.chars() {
            if ch == ' ' {
                self.put(ch);
            } else if is_break(ch) {
                // A `\n` takes an empty line; the other breaks are written as they are.
                if !breaks && ch == '\n' {
                    self.put_break();
                }
                self.write_break(ch);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if ch == '\'' {
                    self.put('\'');
                }
                self.put(ch);
                self.indention = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, text: &str) {
        self.write_indicator("\"", true, false, false);
        // libyaml tests for a byte order mark at the text's start, not at each character,
        // so text that starts with one has every character escaped.
        let starts_with_bom = text.starts_with('\u{feff}');
        for ch in text.chars() {
            if !is_printable(ch) || starts_with_bom || is_break(ch) || ch == '"' || ch == '\\' {
                self.put('\\');
                let escape = match ch {
                    '\0' => "0",
                    '\u{07}' => "a",
                    '\u{08}' => "b",
                    '\t' => "t",
                    '\n' => "n",
                    '\u{0B}' => "v",
                    '\u{0C}' => "f",
                    '\r' => "r",
                    '\u{1B}' => "e",
                    '"' => "\"",
                    '\\' => "\\",
                    '\u{85}' => "N",
                    '\u{A0}' => "_",
                    '\u{2028}' => "L",
                    '\u{2029}' => "P",
                    _ => "",
                };
                if escape.is_empty() {
                    let code = u32::from(ch);
                    let escaped = match code {
                        0..=0xFF => format!("x{code:02X}"),
                        0x100..=0xFFFF => format!("u{code:04X}"),
                        _ => format!("U{code:08X}"),
                    };
                    escaped.chars().for_each(|digit| self.put(digit));
                } else {
                    escape.chars().for_each(|letter| self.put(letter));
                }
            } else {
                self.put(ch);
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, text: &str) {
        self.write_indicator("|", true, false, false);
        // An indentation indicator when the text starts with white space, a chomping one
        // unless it ends in exactly one line break.
        if text.starts_with(|first: char| first == ' ' || is_break(first)) {
            self.write_indicator(&BEST_INDENT.to_string(), false, false, false);
        }
        let mut from_end = text.chars().rev();
        let chomping = match (from_end.next(), from_end.next()) {
            (Some(last), _) if !is_break(last) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(before)) if is_break(before) => Some("+"),
            _ => None,
        };
        if let Some(chomping) = chomping {
            self.write_indicator(chomping, false, false, false);
        }
        if self.release == Release::V3_0_4 {
            self.put_break();
        }
        self.whitespace = true;
        let mut breaks = true;
        for ch in text.chars() {
            if is_break(ch) {
                self.write_break(ch);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(ch);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

fn is_simple_key(key: &Yaml) -> bool {
    match key {
        Yaml::Scalar(text, _) => !text.chars().any(is_break) && text.len() <= MAX_SIMPLE_KEY,
        Yaml::Sequence(items) => items.is_empty(),
        Yaml::Mapping(entries) => entries.is_empty(),
    }
}

/// libyaml's line breaks: LF, CR, NEL, LS and PS.
fn is_break(ch: char) -> bool {
    matches!(ch, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's printable characters: a line feed counts; tab, CR, NEL, the BOM and every
/// character outside the Basic Multilingual Plane (`💥`) do not.
fn is_printable(ch: char) -> bool {
    matches!(ch, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        && ch != '\u{FEFF}'
}

/// What libyaml's `yaml_emitter_analyze_scalar` finds a text allows.
struct Allowed {
    plain: bool,
    single_quoted: bool,
    block: bool,
}

fn analyze(text: &str) -> Allowed {
    if text.is_empty() {
        return Allowed {
            plain: true,
            single_quoted: true,
            block: false,
        };
    }
    let mut block_indicators = text.starts_with("---") || text.starts_with("...");
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut tab_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut preceded_by_whitespace = true;
    let mut previous_space = false;
    let mut previous_break = false;
    let characters: Vec<char> = text.chars().collect();
    for (index, &ch) in characters.iter().enumerate() {
        let next = characters.get(index + 1).copied();
        let followed_by_whitespace = next.is_none_or(|next| next == ' ' || next == '\t');
        let first = index == 0;
        let last = next.is_none();
        match ch {
            '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%'
            | '@' | '`'
                if first =>
            {
                block_indicators = true;
            }
            '?' | ':' if first && followed_by_whitespace => block_indicators = true,
            '-' if first && followed_by_whitespace => block_indicators = true,
            ':' if !first && followed_by_whitespace => block_indicators = true,
            '#' if !first && preceded_by_whitespace => block_indicators = true,
            _ => {}
        }
        if ch == '\t' {
            tab_characters = true;
        } else if !is_printable(ch) {
            special_characters = true;
        }
        if ch == ' ' {
            leading_space |= first;
            trailing_space |= last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(ch) {
            line_breaks = true;
            leading_break |= first;
            trailing_break |= last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = matches!(ch, ' ' | '\t' | '\0') || is_break(ch);
    }
    let mut allowed = Allowed {
        plain: true,
        single_quoted: true,
        block: true,
    };
    if leading_space
        || leading_break
        || trailing_space
        || trailing_break
        || line_breaks
        || block_indicators
    {
        allowed.plain = false;
    }
    if trailing_space {
        allowed.block = false;
    }
    if break_space || space_break || tab_characters || special_characters {
        allowed.plain = false;
        allowed.single_quoted = false;
    }
    if space_break || special_characters {
        allowed.block = false;
    }
    allowed
}

/// libyaml's `yaml_emitter_select_scalar_style`, in block context.
fn select_style(text: &str, requested: Style, context: Context) -> Style {
    let allowed = analyze(text);
    let mut style = requested;
    if context.simple_key && text.chars().any(is_break) {
        style = Style::DoubleQuoted;
    }
    if style == Style::Plain && (!allowed.plain || (text.is_empty() && context.simple_key)) {
        style = Style::SingleQuoted;
    }
    if style == Style::SingleQuoted && !allowed.single_quoted {
        style = Style::DoubleQuoted;
    }
    if style == Style::Literal && (!allowed.block || context.simple_key) {
        style = Style::DoubleQuoted;
    }
    style
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> Yaml {
        Yaml::Scalar(value.to_owned(), Style::Plain)
    }

    #[test]
    fn nests_blocks_as_go_yaml_does() {
        let document = Yaml::Mapping(vec![(
            text("services"),
            Yaml::Mapping(vec![(
                text("ports"),
                Yaml::Sequence(vec![
                    Yaml::Mapping(vec![
                        (text("mode"), text("ingress")),
                        (text("target"), text("80")),
                    ]),
                    Yaml::Sequence(vec![text("a"), Yaml::Mapping(vec![])]),
                    Yaml::Sequence(vec![]),
                ]),
            )]),
        )]);
        assert_eq!(
            emit(&document, Release::V3_0_4),
            "services:\n  ports:\n    - mode: ingress\n      target: 80\n    - - a\n      - {}\n    - []\n"
        );
    }

    #[test]
    fn picks_the_styles_libyaml_picks() {
        let item = |value: &str, style| {
            let document = Yaml::Sequence(vec![Yaml::Scalar(value.to_owned(), style)]);
            emit(&document, Release::V3_0_4)
        };
        assert_eq!(item("- a", Style::Plain), "- '- a'\n");
        assert_eq!(item("it's ", Style::Plain), "- 'it''s '\n");
        assert_eq!(item("tab\tx", Style::Plain), "- \"tab\\tx\"\n");
        assert_eq!(
            item("\u{feff}ab", Style::Plain),
            "- \"\\uFEFF\\x61\\x62\"\n"
        );
        assert_eq!(item("a\nb", Style::Literal), "- |-\n  a\n  b\n");
        assert_eq!(item("a\n", Style::Literal), "- |\n  a\n");
        assert_eq!(item("a\n\n", Style::Literal), "- |+\n  a\n\n");
        assert_eq!(item("\n a", Style::Literal), "- |2-\n\n   a\n");
        assert_eq!(item("a \nb", Style::Literal), "- \"a \\nb\"\n");
        assert_eq!(item("\u{2029}x", Style::Plain), "- '\u{2029}  x'\n");
    }

    #[test]
    fn the_older_release_loses_a_blocks_leading_line_break() {
        let document = Yaml::Sequence(vec![Yaml::Scalar("\n a".to_owned(), Style::Literal)]);
        assert_eq!(emit(&document, Release::V3_0_1), "- |2-\n   a\n");
    }

    #[test]
    fn writes_long_and_multiline_keys_after_a_question_mark() {
        let long = "k".repeat(129);
        let document = Yaml::Mapping(vec![
            (text(&long), text("1")),
            (Yaml::Scalar("x\ny".to_owned(), Style::Literal), text("2")),
        ]);
        assert_eq!(
            emit(&document, Release::V3_0_4),
            format!("? {long}\n: 1\n? |-\n  x\n  y\n: 2\n")
        );
    }
}
