//! Reading the shell script of a RUN instruction the way `/bin/sh` splits it: simple
//! commands separated by `&&`, `||`, `;`, `&`, newlines and pipes, with quoting, escapes,
//! comments, redirections, subshells, command substitutions and here-documents. Rules use
//! it to find `apt-get install`, `curl … | sh`, `pip install` and the like, with positions.
//!
//! This is a reader for checks, not an interpreter: expansions (`$VAR`, `$(…)`) stay in the
//! words as written, and commands inside `$(…)`, backquotes and process substitutions
//! (`<(…)`, `>(…)`) are read as commands too. A group in parentheses passes its connector on
//! to its last command, so `(cd src && make) | tee log` still reads as a pipe. In a `case`
//! command the patterns (`amd64|arm64)`) are not words of any command and their `|` is no
//! pipe; the commands of each clause are read as usual.
//!
//! The one expansion done is of variables the script itself set to a literal string
//! (`deps='curl wget'; apt-get install -y $deps`), see `expand_literal_variables`.

/// How a command is joined to the one after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    /// `;`, a newline, `;;` (the end of a `case` clause), or the end of the script.
    Sequence,
    /// `&`: the command runs in the background and the next one starts at once.
    Background,
    And,
    Or,
    /// `|` or `|&`: the command's output feeds the next command.
    Pipe,
}

/// A word of a command: its value with quotes removed and escapes applied, and its byte range
/// in the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellWord {
    pub value: String,
    pub start: usize,
    pub end: usize,
    /// For a word that is one field of a variable set earlier in the script (`$deps` after
    /// `deps='curl wget'`): the variable's name. The range is then that of `$deps`.
    pub variable: Option<String>,
}

/// One simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// Every word, including leading `NAME=value` assignments and reserved words.
    pub words: Vec<ShellWord>,
    /// Redirection targets (`> file`), kept apart from the arguments.
    pub redirections: Vec<ShellWord>,
    pub then: Connector,
    /// Inside `$(…)`, backquotes or a subshell.
    pub nested: bool,
    /// Where [`argv`](Command::argv) starts: past the leading assignments and reserved
    /// words, found once when the command is read.
    argv_start: usize,
}

/// Bytes that end a run of ordinary word characters.
const WORD_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let special = b" \t\r\n;&|()<>\\'\"$`";
    let mut index = 0;
    while index < special.len() {
        table[special[index] as usize] = true;
        index += 1;
    }
    table
};

/// Shell reserved words that may precede a command name.
const RESERVED: [&str; 12] = [
    "if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "time", "exec",
];

/// Bytes that end a reserved word such as `case` or `esac`.
const fn ends_keyword(byte: Option<u8>) -> bool {
    matches!(
        byte,
        None | Some(b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>')
    )
}

/// Where a list of commands ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// At the end of the script.
    Script,
    /// At this byte (`)` or a backquote), which is consumed.
    Byte(u8),
    /// A `case` clause: at `;;`, `;&`, `;;&` or `;|` (consumed), or before `esac` in command
    /// position or the byte that closes an enclosing substitution (not consumed).
    Clause(Option<u8>),
}

impl End {
    /// The byte that closes the innermost substitution or group around the list.
    fn closing(self) -> Option<u8> {
        match self {
            End::Script => None,
            End::Byte(byte) => Some(byte),
            End::Clause(closing) => closing,
        }
    }
}

impl Command {
    /// The words from the program name on: assignments and reserved words skipped.
    pub fn argv(&self) -> &[ShellWord] {
        self.words.get(self.argv_start..).unwrap_or_default()
    }

    /// The number of leading reserved words and assignments.
    fn count_argv_start(words: &[ShellWord]) -> usize {
        words
            .iter()
            .take_while(|word| {
                RESERVED.contains(&word.value.as_str()) || is_assignment(&word.value)
            })
            .count()
    }

    /// The program name, without a directory (`/usr/bin/apt-get` → `apt-get`).
    pub fn program(&self) -> Option<&str> {
        let word = &self.argv().first()?.value;
        Some(word.rsplit('/').next().unwrap_or(word))
    }

    /// The arguments after the program name.
    pub fn arguments(&self) -> &[ShellWord] {
        self.argv().get(1..).unwrap_or_default()
    }

    /// Whether any argument is exactly one of `flags`.
    pub fn has_flag(&self, flags: &[&str]) -> bool {
        self.arguments()
            .iter()
            .any(|word| flags.contains(&word.value.as_str()))
    }

    /// Whether a short option is given, alone or among others (`-q`, `-Eq`).
    pub fn has_short_option(&self, letter: char) -> bool {
        self.arguments().iter().any(|word| {
            word.value
                .strip_prefix('-')
                .is_some_and(|letters| !letters.starts_with('-') && letters.contains(letter))
        })
    }

    /// The first byte of the command and the end of its last word.
    pub fn range(&self) -> (usize, usize) {
        let start = self.words.first().map_or(0, |word| word.start);
        let end = self.words.last().map_or(start, |word| word.end);
        (start, end)
    }
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && !name.starts_with(|ch: char| ch.is_ascii_digit())
            && name
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
    })
}

/// Whether a command read so far has only reserved words (`then`, `do`, `!`…), so that the
/// next word is in command position.
fn at_command_position(current: &Command) -> bool {
    current
        .words
        .iter()
        .all(|word| RESERVED.contains(&word.value.as_str()))
}

/// A word that is only a variable: `$name` or `${name}` (split into fields when expanded),
/// or the same in double quotes (one field). Returns the name and whether it is quoted.
fn variable_reference(raw: &str) -> Option<(&str, bool)> {
    let (inner, quoted) = match raw
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    {
        Some(inner) => (inner, true),
        None => (raw, false),
    };
    let reference = inner.strip_prefix('$')?;
    let name = match reference.strip_prefix('{') {
        Some(braced) => braced.strip_suffix('}')?,
        None => reference,
    };
    is_name(name).then_some((name, quoted))
}

/// A shell variable name: a letter or `_`, then letters, digits and `_`.
fn is_name(name: &str) -> bool {
    name.starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '_')
        && name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
}

/// A variable whose value the script set to a literal string.
struct Known {
    value: String,
    /// Set after `&&`: it is only certain to be set in the rest of that `&&` list.
    in_list: bool,
}

/// Replaces every word that is only a variable (`$deps`, `${deps}`, `"$deps"`) by the
/// variable's value, where the script set the variable earlier to a literal string: the
/// value is split into fields at blanks and newlines as `sh` splits an unquoted expansion
/// (a quoted one stays one field), and each field keeps the range of the variable's word.
///
/// What counts as setting a variable, so that the value is certain where it is used:
/// - a command of nothing but assignments (`deps='curl wget'`, `a=1 b=2`), or `export`,
///   `readonly`, `declare` or `typeset` without options, whose values contain no expansion
///   (`$`, backquotes) and start with no `~`;
/// - at the top level of the script: not inside `if`, `while`, `until`, `for` or `case`,
///   not in a subshell, a substitution, a pipeline or the background, not after `||`; an
///   assignment after `&&` counts until its `&&` list ends.
///
/// Anything else that may set a variable (those same forms where the value is not certain,
/// `local`, `read`, `for`, `getopts`, `unset`) makes it unknown again, and `eval`, `.` and `source`
/// make every variable unknown. Unknown variables, and variables set by `NAME=value cmd`
/// (which is only the command's environment), stay in the words as written.
fn expand_literal_variables(script: &str, commands: &mut [Command]) {
    let mut known: std::collections::BTreeMap<String, Known> = std::collections::BTreeMap::new();
    let mut depth = 0usize;
    let mut previous = Connector::Sequence;
    for command in commands.iter_mut() {
        if !known.is_empty() {
            expand_words(script, &mut command.words, &known);
        }
        let reserved = command
            .words
            .iter()
            .take_while(|word| RESERVED.contains(&word.value.as_str()))
            .count();
        let (prefix, rest) = command.words.split_at(reserved);
        let opens = prefix
            .iter()
            .filter(|word| matches!(word.value.as_str(), "if" | "while" | "until"))
            .count();
        let first = rest.first().map(|word| word.value.as_str());
        if !command.nested {
            depth += opens + usize::from(matches!(first, Some("for" | "case" | "select")));
            if matches!(first, Some("fi" | "done" | "esac")) {
                depth = depth.saturating_sub(1);
            }
        }
        let certain = !command.nested
            && depth == 0
            && !matches!(previous, Connector::Or | Connector::Pipe)
            && !matches!(command.then, Connector::Pipe | Connector::Background);
        let in_list = previous == Connector::And;
        match first {
            Some(builtin @ ("export" | "readonly" | "local" | "declare" | "typeset")) => {
                // `local` only sets a function's variable, when the function runs.
                let options =
                    builtin == "local" || rest[1..].iter().any(|word| word.value.starts_with('-'));
                for word in &rest[1..] {
                    assign(script, word, certain && !options, in_list, &mut known);
                }
            }
            Some("read" | "unset" | "getopts") => {
                for word in &rest[1..] {
                    known.remove(word.value.as_str());
                }
            }
            Some("for" | "select") => {
                if let Some(word) = rest.get(1) {
                    known.remove(word.value.as_str());
                }
            }
            Some("eval" | "." | "source") => known.clear(),
            Some(_) if rest.iter().all(|word| is_assignment(&word.value)) => {
                for word in rest {
                    assign(script, word, certain, in_list, &mut known);
                }
            }
            _ => {}
        }
        if !matches!(command.then, Connector::And | Connector::Pipe) {
            known.retain(|_, variable| !variable.in_list);
        }
        if !command.nested {
            previous = command.then;
        }
    }
}

/// Records the assignment `word` (`NAME=value`) when `certain` and its value is literal;
/// otherwise the variable becomes unknown.
fn assign(
    script: &str,
    word: &ShellWord,
    certain: bool,
    in_list: bool,
    known: &mut std::collections::BTreeMap<String, Known>,
) {
    let Some((name, value)) = word.value.split_once('=') else {
        return;
    };
    if !is_name(name) {
        return;
    }
    let raw = script.get(word.start..word.end).unwrap_or_default();
    let literal = raw
        .strip_prefix(name)
        .and_then(|rest| rest.strip_prefix('='))
        .is_some_and(|raw_value| !raw_value.contains(['$', '`']) && !raw_value.starts_with('~'));
    if certain && literal {
        known.insert(
            name.to_owned(),
            Known {
                value: value.to_owned(),
                in_list,
            },
        );
    } else {
        known.remove(name);
    }
}

/// Replaces the words that are only a known variable by its fields.
fn expand_words(
    script: &str,
    words: &mut Vec<ShellWord>,
    known: &std::collections::BTreeMap<String, Known>,
) {
    let mut expanded = Vec::with_capacity(words.len());
    for word in std::mem::take(words) {
        let raw = script.get(word.start..word.end).unwrap_or_default();
        let Some((name, quoted, variable)) = variable_reference(raw)
            .and_then(|(name, quoted)| Some((name, quoted, known.get(name)?)))
        else {
            expanded.push(word);
            continue;
        };
        let fields: Vec<&str> = if quoted {
            vec![variable.value.as_str()]
        } else {
            variable
                .value
                .split([' ', '\t', '\n'])
                .filter(|field| !field.is_empty())
                .collect()
        };
        for field in fields.into_iter().filter(|field| !field.is_empty()) {
            expanded.push(ShellWord {
                value: field.to_owned(),
                start: word.start,
                end: word.end,
                variable: Some(name.to_owned()),
            });
        }
    }
    *words = expanded;
}

/// Splits a script into its simple commands in the order they end: commands nested in a
/// word (`$(…)`) come before the command that contains them.
pub fn parse_script(script: &str) -> Vec<Command> {
    let mut reader = Reader {
        text: script,
        bytes: script.as_bytes(),
        position: 0,
        commands: Vec::new(),
        pending_heredocs: Vec::new(),
        after_group: false,
    };
    reader.read_list(End::Script, false);
    let mut commands = reader.commands;
    expand_literal_variables(script, &mut commands);
    commands
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    position: usize,
    commands: Vec<Command>,
    /// Here-document delimiters whose bodies start after the current line.
    pending_heredocs: Vec<(String, bool)>,
    /// A `( … )` group just ended: a connector right after it belongs to its last command.
    after_group: bool,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.position + offset).copied()
    }

    /// Whether the text at the position is the reserved word `keyword`.
    fn at_keyword(&self, keyword: &str) -> bool {
        self.bytes[self.position..].starts_with(keyword.as_bytes())
            && ends_keyword(self.peek_at(keyword.len()))
    }

    /// Reads commands until `end`.
    fn read_list(&mut self, end: End, nested: bool) {
        let mut current = Command {
            words: Vec::new(),
            redirections: Vec::new(),
            then: Connector::Sequence,
            nested,
            argv_start: 0,
        };
        loop {
            self.skip_blanks();
            let Some(byte) = self.peek() else { break };
            match end {
                End::Byte(closing) if byte == closing => {
                    self.position += 1;
                    break;
                }
                End::Clause(closing) => {
                    if Some(byte) == closing
                        || (at_command_position(&current) && self.at_keyword("esac"))
                    {
                        break;
                    }
                    if byte == b';' && matches!(self.peek_at(1), Some(b';' | b'&' | b'|')) {
                        self.position += 2;
                        if self.peek() == Some(b'&') {
                            self.position += 1;
                        }
                        break;
                    }
                }
                _ => {}
            }
            let connector = match byte {
                b'\n' => {
                    self.position += 1;
                    self.skip_heredoc_bodies();
                    Some(Connector::Sequence)
                }
                b';' => {
                    self.position += 1;
                    while self.peek() == Some(b';') {
                        self.position += 1;
                    }
                    Some(Connector::Sequence)
                }
                b'&' if self.peek_at(1) == Some(b'&') => {
                    self.position += 2;
                    Some(Connector::And)
                }
                b'&' if self.peek_at(1) == Some(b'>') => {
                    self.position += 2;
                    self.read_redirection_target(&mut current);
                    None
                }
                b'&' => {
                    self.position += 1;
                    Some(Connector::Background)
                }
                b'|' if self.peek_at(1) == Some(b'|') => {
                    self.position += 2;
                    Some(Connector::Or)
                }
                b'|' => {
                    self.position += 1;
                    if self.peek() == Some(b'&') {
                        self.position += 1;
                    }
                    Some(Connector::Pipe)
                }
                b'(' => {
                    self.position += 1;
                    self.finish(&mut current, Connector::Sequence);
                    self.read_list(End::Byte(b')'), true);
                    self.after_group = true;
                    None
                }
                b')' => {
                    // An unbalanced `)`: skip it.
                    self.position += 1;
                    None
                }
                b'#' => {
                    while self.peek().is_some_and(|byte| byte != b'\n') {
                        self.position += 1;
                    }
                    None
                }
                b'<' | b'>' if self.peek_at(1) == Some(b'(') => {
                    // Process substitution: a word whose commands are read as nested.
                    let start = self.position;
                    self.position += 2;
                    self.read_list(End::Byte(b')'), true);
                    current.words.push(ShellWord {
                        value: self.text[start..self.position].to_owned(),
                        start,
                        end: self.position,
                        variable: None,
                    });
                    None
                }
                b'<' | b'>' => {
                    self.read_redirection(&mut current);
                    None
                }
                b'0'..=b'9' if self.is_fd_redirection() => {
                    while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                        self.position += 1;
                    }
                    self.read_redirection(&mut current);
                    None
                }
                _ if at_command_position(&current) && self.at_keyword("case") => {
                    self.read_case(&mut current, end.closing(), nested);
                    None
                }
                _ => {
                    let word = self.read_word();
                    current.words.push(word);
                    None
                }
            };
            if let Some(connector) = connector {
                self.finish(&mut current, connector);
            }
        }
        self.finish(&mut current, Connector::Sequence);
    }

    /// `case WORD in [(]PATTERN[|PATTERN…]) LIST ;; … esac` at the position. `case WORD in`
    /// becomes a command of its own, the patterns are skipped, each clause's list is read,
    /// and `esac` is left in `current` as the first word of the command that follows (as
    /// `fi` and `done` are). `closing` is the byte that closes an enclosing substitution.
    fn read_case(&mut self, current: &mut Command, closing: Option<u8>, nested: bool) {
        let case = self.read_word();
        current.words.push(case);
        self.skip_blanks();
        if ends_keyword(self.peek()) {
            return;
        }
        let subject = self.read_word();
        current.words.push(subject);
        self.skip_separators();
        if !self.at_keyword("in") {
            return;
        }
        let word = self.read_word();
        current.words.push(word);
        self.finish(current, Connector::Sequence);
        loop {
            self.skip_separators();
            let Some(byte) = self.peek() else { return };
            if Some(byte) == closing {
                return;
            }
            if self.at_keyword("esac") {
                let esac = self.read_word();
                current.words.push(esac);
                return;
            }
            // The pattern list, up to its `)`.
            if byte == b'(' {
                self.position += 1;
            }
            loop {
                self.skip_blanks();
                match self.peek() {
                    None => return,
                    Some(b')') => {
                        self.position += 1;
                        break;
                    }
                    Some(b'\n') => break,
                    Some(b'|') => self.position += 1,
                    Some(_) => {
                        let before = self.position;
                        let _ = self.read_word();
                        if self.position == before {
                            // An operator byte where a pattern was expected: skip it.
                            self.position += 1;
                        }
                    }
                }
            }
            self.read_list(End::Clause(closing), nested);
        }
    }

    /// Skips blanks, newlines (and the here-document bodies they start) and comments.
    fn skip_separators(&mut self) {
        loop {
            self.skip_blanks();
            match self.peek() {
                Some(b'\n') => {
                    self.position += 1;
                    self.skip_heredoc_bodies();
                }
                Some(b'#') => {
                    while self.peek().is_some_and(|byte| byte != b'\n') {
                        self.position += 1;
                    }
                }
                _ => return,
            }
        }
    }

    fn finish(&mut self, current: &mut Command, then: Connector) {
        let after_group = std::mem::take(&mut self.after_group);
        if current.words.is_empty() && current.redirections.is_empty() {
            if after_group
                && then != Connector::Sequence
                && let Some(last) = self.commands.last_mut()
            {
                last.then = then;
            }
            return;
        }
        let nested = current.nested;
        let mut done = std::mem::replace(
            current,
            Command {
                words: Vec::new(),
                redirections: Vec::new(),
                then: Connector::Sequence,
                nested,
                argv_start: 0,
            },
        );
        done.then = then;
        done.argv_start = Command::count_argv_start(&done.words);
        self.commands.push(done);
    }

    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r') => self.position += 1,
                Some(b'\\') if self.peek_at(1) == Some(b'\n') => self.position += 2,
                _ => return,
            }
        }
    }

    /// `2>`, `2>&1`, `1<`: digits directly followed by a redirection operator.
    fn is_fd_redirection(&self) -> bool {
        let digits = self.bytes[self.position..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        matches!(self.peek_at(digits), Some(b'<' | b'>'))
    }

    /// `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `<>`, `>|` and their target.
    fn read_redirection(&mut self, current: &mut Command) {
        let operator_start = self.position;
        while matches!(self.peek(), Some(b'<' | b'>' | b'&' | b'|' | b'-'))
            && self.position - operator_start < 3
        {
            self.position += 1;
        }
        let operator = &self.text[operator_start..self.position];
        let is_heredoc = operator.starts_with("<<") && !operator.starts_with("<<<");
        let target = self.read_redirection_target(current);
        if is_heredoc && let Some(target) = target {
            self.pending_heredocs.push((target, operator == "<<-"));
        }
    }

    fn read_redirection_target(&mut self, current: &mut Command) -> Option<String> {
        self.skip_blanks();
        match self.peek() {
            None | Some(b'\n' | b';' | b'&' | b'|' | b'(' | b')') => None,
            _ => {
                let word = self.read_word();
                let value = word.value.clone();
                current.redirections.push(word);
                Some(value)
            }
        }
    }

    /// After a newline: skip the bodies of here-documents opened on the line just ended.
    fn skip_heredoc_bodies(&mut self) {
        for (delimiter, strip_tabs) in std::mem::take(&mut self.pending_heredocs) {
            while self.position < self.bytes.len() {
                let end = self.text[self.position..]
                    .find('\n')
                    .map_or(self.bytes.len(), |index| self.position + index);
                let line = &self.text[self.position..end];
                let line = if strip_tabs {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                self.position = (end + 1).min(self.bytes.len());
                if line.trim_end_matches('\r') == delimiter {
                    break;
                }
            }
        }
    }

    /// One word: runs of ordinary characters, quotes, escapes and expansions, up to a blank
    /// or an operator.
    fn read_word(&mut self) -> ShellWord {
        let start = self.position;
        let mut value = String::new();
        while let Some(byte) = self.peek() {
            match byte {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>' => {
                    break;
                }
                b'\\' => {
                    self.position += 1;
                    match self.next_char() {
                        Some('\n') | None => {}
                        Some(ch) => value.push(ch),
                    }
                }
                b'\'' => {
                    self.position += 1;
                    let end = self.text[self.position..]
                        .find('\'')
                        .map_or(self.bytes.len(), |index| self.position + index);
                    value.push_str(&self.text[self.position..end]);
                    self.position = (end + 1).min(self.bytes.len());
                }
                b'"' => {
                    self.position += 1;
                    self.read_double_quoted(&mut value);
                }
                // Arithmetic `$((…))`: not commands.
                b'$' if self.peek_at(1) == Some(b'(') && self.peek_at(2) == Some(b'(') => {
                    let expression_start = self.position;
                    self.position += 2;
                    self.skip_balanced(b'(', b')');
                    // Past the second `)`, unless the expression runs to the end.
                    self.position = (self.position + 1).min(self.bytes.len());
                    value.push_str(&self.text[expression_start..self.position]);
                }
                b'$' if self.peek_at(1) == Some(b'(') => {
                    self.copy_substitution(&mut value, 2, b')')
                }
                b'$' if self.peek_at(1) == Some(b'{') => {
                    let expression_start = self.position;
                    self.position += 2;
                    self.skip_balanced(b'{', b'}');
                    value.push_str(&self.text[expression_start..self.position]);
                }
                b'`' => self.copy_substitution(&mut value, 1, b'`'),
                _ => {
                    // A run of ordinary characters is copied at once.
                    let run = self.bytes[self.position..]
                        .iter()
                        .position(|&byte| WORD_SPECIAL[usize::from(byte)])
                        .map_or(self.bytes.len(), |offset| self.position + offset);
                    if run > self.position {
                        value.push_str(&self.text[self.position..run]);
                        self.position = run;
                    } else if let Some(ch) = self.next_char() {
                        value.push(ch);
                    }
                }
            }
        }
        ShellWord {
            value,
            start,
            end: self.position,
            variable: None,
        }
    }

    /// Reads the command substitution at the position (an `opener` bytes long, then commands
    /// up to `closer`) and copies it into `value` as written.
    fn copy_substitution(&mut self, value: &mut String, opener: usize, closer: u8) {
        let start = self.position;
        self.position += opener;
        self.read_list(End::Byte(closer), true);
        value.push_str(&self.text[start..self.position]);
    }

    fn next_char(&mut self) -> Option<char> {
        let ch = self.text[self.position..].chars().next()?;
        self.position += ch.len_utf8();
        Some(ch)
    }

    fn read_double_quoted(&mut self, value: &mut String) {
        while let Some(byte) = self.peek() {
            match byte {
                b'"' => {
                    self.position += 1;
                    return;
                }
                b'\\' => {
                    self.position += 1;
                    match self.peek() {
                        Some(b'\n') => self.position += 1,
                        Some(b'"' | b'\\' | b'$' | b'`') => {
                            value.push(char::from(self.bytes[self.position]));
                            self.position += 1;
                        }
                        _ => value.push('\\'),
                    }
                }
                b'$' if self.peek_at(1) == Some(b'(') => self.copy_substitution(value, 2, b')'),
                b'`' => self.copy_substitution(value, 1, b'`'),
                _ => {
                    if let Some(ch) = self.next_char() {
                        value.push(ch);
                    }
                }
            }
        }
    }

    /// Skips to just before the `close` that balances an already consumed `open`, honouring
    /// quotes.
    fn skip_balanced(&mut self, open: u8, close: u8) {
        let mut depth = 1;
        while let Some(byte) = self.peek() {
            match byte {
                b'\\' => self.position += 1,
                b'\'' => {
                    self.position += 1;
                    while self.peek().is_some_and(|byte| byte != b'\'') {
                        self.position += 1;
                    }
                }
                _ if byte == open => depth += 1,
                _ if byte == close => {
                    depth -= 1;
                    if depth == 0 {
                        self.position += 1;
                        return;
                    }
                }
                _ => {}
            }
            self.position += 1;
        }
        self.position = self.position.min(self.bytes.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn programs(script: &str) -> Vec<(String, Vec<String>, Connector)> {
        parse_script(script)
            .iter()
            .map(|command| {
                (
                    command.program().unwrap_or_default().to_owned(),
                    command
                        .arguments()
                        .iter()
                        .map(|word| word.value.clone())
                        .collect(),
                    command.then,
                )
            })
            .collect()
    }

    /// An arithmetic expansion left open to the end of the script (found by fuzzing the mkosi
    /// analysis; a Dockerfile's `RUN echo $((1` made `plumb check` panic).
    #[test]
    fn an_unclosed_arithmetic_expansion_runs_to_the_end() {
        for script in ["echo $((1", "echo $((", "echo $(((((", "x=$((1 + (2"] {
            let commands = parse_script(script);
            let last = commands.last().expect("a command");
            assert_eq!(last.words.last().unwrap().end, script.len(), "{script}");
        }
        let mut workspace = crate::Workspace::new();
        workspace.add_file(
            "Dockerfile",
            crate::FileKind::Dockerfile,
            "FROM scratch\nRUN echo $((1\n",
        );
        crate::analyze(&workspace);
    }

    /// Checks each command's program and the connector after it.
    fn assert_programs_and_connectors(script: &str, expected: &[(&str, Connector)]) {
        let commands = programs(script);
        let actual: Vec<(&str, Connector)> = commands
            .iter()
            .map(|(name, _, then)| (name.as_str(), *then))
            .collect();
        assert_eq!(actual, expected);
    }

    #[test]
    fn splits_lists_and_pipelines() {
        let script =
            "apt-get update && apt-get install -y curl || true; curl -fsSL https://x | sh -";
        assert_programs_and_connectors(
            script,
            &[
                ("apt-get", Connector::And),
                ("apt-get", Connector::Or),
                ("true", Connector::Sequence),
                ("curl", Connector::Pipe),
                ("sh", Connector::Sequence),
            ],
        );
        assert_eq!(programs(script)[1].1, ["install", "-y", "curl"]);
    }

    #[test]
    fn quotes_escapes_assignments_and_redirections() {
        let commands = programs(
            "DEBIAN_FRONTEND=noninteractive /usr/bin/apt-get install -y \"lib foo\" 'a b' c\\ d > /dev/null 2>&1",
        );
        assert_eq!(commands[0].0, "apt-get");
        assert_eq!(commands[0].1, ["install", "-y", "lib foo", "a b", "c d"]);
    }

    #[test]
    fn continuations_comments_and_newlines() {
        let commands =
            programs("set -eux; \\\n  pip install \\\n    flask==3.0 # web\necho done\n");
        assert_eq!(commands[1].0, "pip");
        assert_eq!(commands[1].1, ["install", "flask==3.0"]);
        assert_eq!(commands[2].0, "echo");
    }

    #[test]
    fn subshells_substitutions_and_control_flow() {
        let commands =
            programs("if [ -f x ]; then (cd /src && make); fi; echo $(uname -m) `id -u`");
        let names: Vec<&str> = commands.iter().map(|(name, _, _)| name.as_str()).collect();
        assert!(
            names.contains(&"cd")
                && names.contains(&"make")
                && names.contains(&"uname")
                && names.contains(&"id"),
            "{names:?}"
        );
        assert!(names.contains(&"["));
    }

    #[test]
    fn a_group_passes_its_connector_to_its_last_command() {
        assert_programs_and_connectors(
            "(cd /src && make) | tee build.log; (true) && echo ok",
            &[
                ("cd", Connector::And),
                ("make", Connector::Pipe),
                ("tee", Connector::Sequence),
                ("true", Connector::And),
                ("echo", Connector::Sequence),
            ],
        );
    }

    #[test]
    fn process_substitutions_are_words_with_nested_commands() {
        let script = "bash <(curl -fsSL https://example.com/install.sh) --yes";
        let commands = parse_script(script);
        assert_eq!(commands.len(), 2);
        assert_eq!(commands[0].program(), Some("curl"));
        assert!(commands[0].nested);
        let bash = &commands[1];
        assert_eq!(bash.program(), Some("bash"));
        let substitution = &bash.arguments()[0];
        assert_eq!(
            substitution.value,
            "<(curl -fsSL https://example.com/install.sh)"
        );
        assert_eq!(
            &script[substitution.start..substitution.end],
            substitution.value
        );
        assert_eq!(bash.arguments()[1].value, "--yes");
        assert!(bash.redirections.is_empty());
    }

    #[test]
    fn heredoc_bodies_are_not_commands() {
        let commands = programs("cat > /etc/app.conf <<EOF\nrm -rf /\nEOF\necho ok\n");
        let names: Vec<&str> = commands.iter().map(|(name, _, _)| name.as_str()).collect();
        assert_eq!(names, ["cat", "echo"]);
    }

    #[test]
    fn word_ranges_point_into_the_script() {
        let script = "apt-get install -y  curl";
        let command = &parse_script(script)[0];
        let curl = &command.arguments()[2];
        assert_eq!(&script[curl.start..curl.end], "curl");
    }

    #[test]
    fn case_patterns_are_not_pipes_or_commands() {
        let script = "case \"$arch\" in amd64|arm64) apt-get install -y curl ;; (i386 | 'x 86') echo old;& *) exit 1;; esac; curl -fsSL https://x | sh";
        assert_programs_and_connectors(
            script,
            &[
                ("case", Connector::Sequence),
                ("apt-get", Connector::Sequence),
                ("echo", Connector::Sequence),
                ("exit", Connector::Sequence),
                ("esac", Connector::Sequence),
                ("curl", Connector::Pipe),
                ("sh", Connector::Sequence),
            ],
        );
        assert_eq!(programs(script)[1].1, ["install", "-y", "curl"]);
    }

    #[test]
    fn case_clauses_over_lines_nested_and_in_substitutions() {
        let script = "case $x in\n  # a comment\n  a)\n    case $y in b) make | tee log ;; esac\n    ;;\n  *) true ;;\nesac\necho \"$(case $z in c) uname -m;; esac)\" done";
        assert_programs_and_connectors(
            script,
            &[
                ("case", Connector::Sequence),
                ("case", Connector::Sequence),
                ("make", Connector::Pipe),
                ("tee", Connector::Sequence),
                ("esac", Connector::Sequence),
                ("true", Connector::Sequence),
                ("esac", Connector::Sequence),
                ("case", Connector::Sequence),
                ("uname", Connector::Sequence),
                ("esac", Connector::Sequence),
                ("echo", Connector::Sequence),
            ],
        );
        let echo = parse_script(script).pop().unwrap();
        assert_eq!(
            echo.arguments()[0].value,
            "$(case $z in c) uname -m;; esac)"
        );
        assert_eq!(echo.arguments()[1].value, "done");
    }

    #[test]
    fn case_is_a_keyword_only_in_command_position() {
        assert_programs_and_connectors(
            "echo case in a) | cat",
            &[("echo", Connector::Pipe), ("cat", Connector::Sequence)],
        );
        assert_programs_and_connectors(
            "if true; then case $a in x) b ;; esac | tee log; fi",
            &[
                ("true", Connector::Sequence),
                ("case", Connector::Sequence),
                ("b", Connector::Sequence),
                ("esac", Connector::Pipe),
                ("tee", Connector::Sequence),
                ("fi", Connector::Sequence),
            ],
        );
    }

    #[test]
    fn background_jobs() {
        assert_programs_and_connectors(
            "sleep 60 & pid=$!; (serve) & wait",
            &[
                ("sleep", Connector::Background),
                ("", Connector::Sequence),
                ("serve", Connector::Background),
                ("wait", Connector::Sequence),
            ],
        );
    }

    fn arguments_of(script: &str, program: &str) -> Vec<Vec<String>> {
        programs(script)
            .into_iter()
            .filter(|(name, _, _)| name == program)
            .map(|(_, arguments, _)| arguments)
            .collect()
    }

    #[test]
    fn literal_variables_are_expanded_and_split() {
        let script = "set -eux; deps='curl  wget'; export BUILD=\"gcc\n make\"; \
                      apt-get install -y $deps ${BUILD} \"$deps\" $unknown \"${deps}x\"";
        assert_eq!(
            arguments_of(script, "apt-get"),
            [[
                "install",
                "-y",
                "curl",
                "wget",
                "gcc",
                "make",
                "curl  wget",
                "$unknown",
                "${deps}x"
            ]]
        );
        let commands = parse_script(script);
        let install = commands.last().unwrap();
        let curl = &install.arguments()[2];
        assert_eq!(&script[curl.start..curl.end], "$deps");
        assert_eq!(curl.variable.as_deref(), Some("deps"));
        assert_eq!(install.arguments()[1].variable, None);
    }

    #[test]
    fn and_lists_and_continuation_joined_values() {
        // A Dockerfile joins `\` continuations before the shell reads the script.
        let script = "apt-get update && buildDeps='     gcc         make     ' && apk add $buildDeps && echo $buildDeps; echo $buildDeps";
        assert_eq!(arguments_of(script, "apk"), [["add", "gcc", "make"]]);
        assert_eq!(
            arguments_of(script, "echo"),
            [vec!["gcc", "make"], vec!["$buildDeps"]]
        );
    }

    #[test]
    fn uncertain_values_are_left_alone() {
        for script in [
            "savedAptMark=\"$(apt-mark showmanual)\"; ls $savedAptMark",
            "d=$HOME; ls $d",
            "d=`pwd`; ls $d",
            "d=~/x; ls $d",
            "d=x ls $d",
            "[ -n \"$a\" ] && d=x; ls $d",
            "true || d=x; ls $d",
            "if true; then d=x; fi; ls $d",
            "case $a in x) d=x ;; esac; ls $d",
            "d=x; (d=y); ls $d",
            "d=x; for d in a b; do :; done; ls $d",
            "d=x; read d; ls $d",
            "d=x; unset d; ls $d",
            "d=x; . ./env.sh; ls $d",
            "d=x | cat; ls $d",
            "d=x & ls $d",
            "d=x; declare -i d=1+1; ls $d",
            "d=x; f() { local d=y; }; ls $d",
        ] {
            let arguments = arguments_of(script, "ls");
            assert_eq!(arguments.len(), 1, "{script}");
            assert!(arguments[0][0].starts_with('$'), "{script}: {arguments:?}");
        }
        assert_eq!(
            arguments_of("if true; then d=x; ls $d; fi; d=y; ls $d", "ls"),
            [["$d"], ["y"]]
        );
    }

    proptest::proptest! {
        #[test]
        fn words_lie_inside_the_script(script in "[ -~\\n\\té☕]{0,80}") {
            for command in parse_script(&script) {
                for word in command.words.iter().chain(&command.redirections) {
                    proptest::prop_assert!(word.start <= word.end);
                    proptest::prop_assert!(script.get(word.start..word.end).is_some());
                }
            }
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for script in [
            "'",
            "\"",
            "$(",
            "`",
            "((",
            ")",
            "a <<",
            "\\",
            "${",
            "é\\",
            "a |& b >& c &> d",
            "case",
            "case x",
            "case x in",
            "case x in a",
            "case x in (a|",
            "case x in a) b",
            "case x in a) b;",
            "case x in ;; esac",
            "$(case x in a) b",
            "`case x in a) b`",
            "case x in a) ;; esac esac",
        ] {
            let _ = parse_script(script);
        }
    }
}
