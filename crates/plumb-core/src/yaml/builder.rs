//! Turns the parser's events into [`Node`] trees, one per document, doing what go-yaml's
//! decoder does on the way: aliases become copies of their anchor's value, `<<` merge keys
//! are applied (keys written in the mapping win, then the first merged mapping that has the
//! key), and a key written twice in one mapping is an error.

use std::collections::BTreeMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as EventSpan, Tag as EventTag};

use super::error::YamlError;
use super::node::{Entry, FileId, Node, Tag, Value};
use super::scalar::resolve_plain;
use crate::source::Span;

/// Where a quoted scalar written at the start of `written` ends: after its closing quote
/// (`\"` escapes one in double quotes, `''` in single quotes).
fn quoted_end(written: &str, style: ScalarStyle) -> Option<usize> {
    let quote = match style {
        ScalarStyle::DoubleQuoted => b'"',
        ScalarStyle::SingleQuoted => b'\'',
        _ => return None,
    };
    let bytes = written.as_bytes();
    let opening = bytes.iter().position(|&byte| byte == quote)?;
    let mut at = opening + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if quote == b'"' => at += 2,
            byte if byte == quote && quote == b'\'' && bytes.get(at + 1) == Some(&quote) => at += 2,
            byte if byte == quote => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

/// The most values a stream may hold once aliases are expanded, as compose-go limits them
/// (its "maximum node visit limit"), which also stops alias bombs.
pub const MAX_VALUES: usize = 100_000;

/// Every document of a YAML stream, or the first error.
pub fn build(text: &str, file: FileId) -> Result<Vec<Node>, YamlError> {
    let mut builder = Builder {
        text,
        file,
        offsets: CharOffsets::new(text),
        documents: Vec::new(),
        open: Vec::new(),
        anchors: BTreeMap::new(),
        values: 0,
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|error| {
            let offset = builder.offsets.byte(error.marker().index());
            YamlError::syntax(error.info(), Span::point(offset), error.marker().line())
        })?;
        builder.event(event, span)?;
    }
    Ok(builder.documents)
}

struct Builder<'a> {
    text: &'a str,
    file: FileId,
    offsets: CharOffsets,
    documents: Vec<Node>,
    open: Vec<Open>,
    /// Each anchor's finished value; `None` while it is being read, so that an alias inside
    /// its own anchor is found.
    anchors: BTreeMap<usize, Option<Node>>,
    values: usize,
}

/// A collection being read.
struct Open {
    kind: OpenKind,
    start: usize,
    anchor: usize,
    tag: Option<Tag>,
    /// The line of the collection's start, for messages.
    line: usize,
}

enum OpenKind {
    Sequence(Vec<Node>),
    Mapping {
        entries: Vec<Entry>,
        /// The key read and waiting for its value, with the line it is on.
        pending_key: Option<(Node, usize, bool)>,
        /// Each written key's line, to report a key written twice.
        key_lines: Vec<usize>,
        merges: Vec<Node>,
    },
}

impl Builder<'_> {
    fn span(&self, span: EventSpan) -> Span {
        Span::new(
            self.offsets.byte(span.start.index()),
            self.offsets.byte(span.end.index()),
        )
    }

    fn event(&mut self, event: Event<'_>, span: EventSpan) -> Result<(), YamlError> {
        let line = span.start.line();
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let mut place = self.span(span);
                // The parser ends a quoted scalar after the blanks and comment behind it.
                if let Some(end) = quoted_end(&self.text[place.range()], style) {
                    place.end = place.start + end;
                }
                let node = self.scalar(&text, style, tag.as_deref(), place);
                let is_merge_key = style == ScalarStyle::Plain && tag.is_none() && text == "<<";
                self.finish(node, anchor, line, is_merge_key, 1)
            }
            Event::Alias(anchor) => {
                let node = match self.anchors.get(&anchor) {
                    Some(Some(node)) => node.clone(),
                    Some(None) => {
                        return Err(YamlError::at(
                            "an alias refers to the value it is part of",
                            self.span(span),
                            line,
                        ));
                    }
                    None => {
                        return Err(YamlError::at("unknown anchor", self.span(span), line));
                    }
                };
                let values = count_values(&node);
                self.finish(node, 0, line, false, values)
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(OpenKind::Sequence(Vec::new()), anchor, tag.as_deref(), span);
                Ok(())
            }
            Event::MappingStart(anchor, tag) => {
                let kind = OpenKind::Mapping {
                    entries: Vec::new(),
                    pending_key: None,
                    key_lines: Vec::new(),
                    merges: Vec::new(),
                };
                self.open(kind, anchor, tag.as_deref(), span);
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = self.open.pop() else {
                    return Ok(());
                };
                let end_span = self.span(span);
                let node = close(open.kind, open.start, end_span, open.line, self.file)?;
                let node = Node {
                    tag: open.tag,
                    ..node
                };
                self.finish(node, open.anchor, open.line, false, 1)
            }
            // go-yaml keeps anchors from one document of a stream to the next.
            Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::StreamStart
            | Event::StreamEnd
            | Event::Nothing => Ok(()),
        }
    }

    fn open(&mut self, kind: OpenKind, anchor: usize, tag: Option<&EventTag>, span: EventSpan) {
        if anchor != 0 {
            self.anchors.insert(anchor, None);
        }
        self.open.push(Open {
            kind,
            start: self.span(span).start,
            anchor,
            tag: tag.and_then(custom_tag),
            line: span.start.line(),
        });
    }

    fn scalar(&self, text: &str, style: ScalarStyle, tag: Option<&EventTag>, span: Span) -> Node {
        let forced_string = tag.is_some_and(|tag| tag.is_yaml_core_schema() && tag.suffix == "str");
        let value = if style == ScalarStyle::Plain && !forced_string {
            resolve_plain(text)
        } else {
            Value::String(text.to_owned())
        };
        Node {
            value,
            span,
            file: self.file,
            tag: tag.and_then(custom_tag),
        }
    }

    fn count(&mut self, values: usize, span: Span, line: usize) -> Result<(), YamlError> {
        self.values += values;
        if self.values > MAX_VALUES {
            return Err(YamlError::at(
                format!(
                    "the document holds more than {MAX_VALUES} values once aliases are expanded"
                ),
                span,
                line,
            ));
        }
        Ok(())
    }

    /// Puts a finished value where it belongs: the open collection, or a new document.
    fn finish(
        &mut self,
        node: Node,
        anchor: usize,
        line: usize,
        is_merge_key: bool,
        values: usize,
    ) -> Result<(), YamlError> {
        self.count(values, node.span, line)?;
        if anchor != 0 {
            self.anchors.insert(anchor, Some(node.clone()));
        }
        let Some(open) = self.open.last_mut() else {
            self.documents.push(node);
            return Ok(());
        };
        match &mut open.kind {
            OpenKind::Sequence(items) => items.push(node),
            OpenKind::Mapping {
                entries,
                pending_key,
                key_lines,
                merges,
            } => match pending_key.take() {
                None => *pending_key = Some((node, line, is_merge_key)),
                Some((_, _, true)) => merges.push(node),
                Some((key, key_line, false)) => {
                    if let Some(index) = entries.iter().position(|entry| same_key(&entry.key, &key))
                    {
                        return Err(YamlError::at(
                            format!(
                                "mapping key {} already defined at line {}",
                                quoted_key(&key),
                                key_lines[index]
                            ),
                            key.span,
                            key_line,
                        ));
                    }
                    entries.push(Entry { key, value: node });
                    key_lines.push(key_line);
                }
            },
        }
        Ok(())
    }
}

/// The finished value of a collection; a mapping's merge keys are applied here.
fn close(
    kind: OpenKind,
    start: usize,
    end_span: Span,
    line: usize,
    file: FileId,
) -> Result<Node, YamlError> {
    let (value, last_end) = match kind {
        OpenKind::Sequence(items) => {
            let last_end = items.last().map(|item| item.span.end);
            (Value::Sequence(items), last_end)
        }
        OpenKind::Mapping {
            mut entries,
            merges,
            ..
        } => {
            let last_end = entries.last().map(|entry| entry.value.span.end);
            for merge in merges {
                merge_into(&mut entries, merge, line)?;
            }
            (Value::Mapping(entries), last_end)
        }
    };
    // A flow collection's end event covers its closing bracket; a block collection's is empty.
    let end = last_end.unwrap_or(start).max(if end_span.is_empty() {
        start
    } else {
        end_span.end
    });
    Ok(Node::new(value, Span::new(start, end), file))
}

/// Adds the keys of a `<<` value that the mapping does not have yet: a mapping, or a
/// sequence of mappings of which the first listed wins.
fn merge_into(entries: &mut Vec<Entry>, merge: Node, line: usize) -> Result<(), YamlError> {
    let sources = match merge.value {
        Value::Mapping(merged) => vec![merged],
        Value::Sequence(items) => items
            .into_iter()
            .map(|item| match item.value {
                Value::Mapping(merged) => Ok(merged),
                _ => Err(merge_error(item.span, line)),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err(merge_error(merge.span, line)),
    };
    for source in sources {
        for entry in source {
            if !entries
                .iter()
                .any(|existing| same_key(&existing.key, &entry.key))
            {
                entries.push(entry);
            }
        }
    }
    Ok(())
}

fn merge_error(span: Span, line: usize) -> YamlError {
    YamlError::at(
        "map merge requires map or sequence of maps as the value",
        span,
        line,
    )
}

fn same_key(left: &Node, right: &Node) -> bool {
    left.value == right.value
}

fn quoted_key(key: &Node) -> String {
    match &key.value {
        Value::String(text) | Value::Timestamp(text) => format!("{text:?}"),
        other => format!("{other:?}"),
    }
}

fn custom_tag(tag: &EventTag) -> Option<Tag> {
    if tag.is_yaml_core_schema() {
        return None;
    }
    Some(match (tag.handle.as_str(), tag.suffix.as_str()) {
        ("!", "reset") => Tag::Reset,
        ("!", "override") => Tag::Override,
        _ => Tag::Other(tag.to_string()),
    })
}

fn count_values(node: &Node) -> usize {
    match &node.value {
        Value::Sequence(items) => 1 + items.iter().map(count_values).sum::<usize>(),
        Value::Mapping(entries) => {
            1 + entries
                .iter()
                .map(|entry| count_values(&entry.key) + count_values(&entry.value))
                .sum::<usize>()
        }
        _ => 1,
    }
}

/// The parser counts characters; spans count bytes.
struct CharOffsets {
    /// The byte offset of each character, when the text is not all ASCII.
    bytes: Option<Vec<usize>>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let bytes = (!text.is_ascii()).then(|| text.char_indices().map(|(at, _)| at).collect());
        Self {
            bytes,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.bytes {
            None => char_index.min(self.len),
            Some(bytes) => bytes.get(char_index).copied().unwrap_or(self.len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::YamlErrorKind;

    fn document(text: &str) -> Node {
        let mut documents = build(text, FileId(0)).unwrap();
        assert_eq!(documents.len(), 1);
        documents.remove(0)
    }

    fn keys(node: &Node) -> Vec<&str> {
        node.as_mapping()
            .unwrap()
            .iter()
            .map(|entry| entry.key.as_str().unwrap())
            .collect()
    }

    #[test]
    fn scalars_are_resolved_and_quoted_ones_stay_strings() {
        let root = document("a: 0440\nb: '0440'\nc: !!str 12\nd: |\n  0440\ne:\n");
        assert_eq!(root.get("a").unwrap().value, Value::Int(288));
        assert_eq!(root.get("b").unwrap().as_str(), Some("0440"));
        assert_eq!(root.get("c").unwrap().as_str(), Some("12"));
        assert_eq!(root.get("d").unwrap().as_str(), Some("0440\n"));
        assert!(root.get("e").unwrap().is_null());
    }

    #[test]
    fn spans_are_byte_ranges_even_after_wide_characters() {
        let text = "ä: ünïcode\nimage: nginx\n";
        let root = document(text);
        let image = root.get("image").unwrap();
        assert_eq!(&text[image.span.range()], "nginx");
        assert_eq!(&text[root.get("ä").unwrap().span.range()], "ünïcode");
        let quoted = "a: \"x \\\" y\" # c \"d\"\nb: 'it''s' # e\n";
        let root = document(quoted);
        assert_eq!(&quoted[root.get("a").unwrap().span.range()], "\"x \\\" y\"");
        assert_eq!(&quoted[root.get("b").unwrap().span.range()], "'it''s'");
        let flow = "x: [1, {a: b}]\n";
        let root = document(flow);
        assert_eq!(&flow[root.get("x").unwrap().span.range()], "[1, {a: b}]");
    }

    #[test]
    fn aliases_copy_their_anchor_and_merge_keys_fill_in_missing_keys() {
        let root = document(
            "x-a: &a {image: a, restart: always}\nx-b: &b {image: b, tty: true}\n\
             one:\n  <<: *a\n  restart: \"no\"\ntwo:\n  <<: [*b, *a]\nthree: *a\n",
        );
        let one = root.get("one").unwrap();
        assert_eq!(keys(one), ["restart", "image"]);
        assert_eq!(one.get("restart").unwrap().as_str(), Some("no"));
        let two = root.get("two").unwrap();
        assert_eq!(two.get("image").unwrap().as_str(), Some("b"));
        assert_eq!(keys(two), ["image", "tty", "restart"]);
        assert_eq!(
            root.get("three").unwrap().get("image").unwrap().as_str(),
            Some("a")
        );
    }

    #[test]
    fn a_quoted_merge_key_is_an_ordinary_key() {
        let root = document("a: &a {x: 1}\nb:\n  '<<': *a\n");
        assert_eq!(keys(root.get("b").unwrap()), ["<<"]);
    }

    #[test]
    fn merging_anything_but_mappings_is_an_error() {
        let error = build("a: &a [1]\nb:\n  <<: *a\n", FileId(0)).unwrap_err();
        assert!(
            error.message.starts_with("map merge requires map"),
            "{error}"
        );
    }

    #[test]
    fn a_key_written_twice_names_both_lines() {
        let error = build(
            "services:\n  web:\n    image: a\n    command: x\n    command: y\n",
            FileId(0),
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 5: mapping key \"command\" already defined at line 4"
        );
        // A key that only arrives through a merge may be written again.
        assert!(build("a: &a {x: 1}\nb:\n  <<: *a\n  x: 2\n", FileId(0)).is_ok());
    }

    #[test]
    fn tab_indentation_is_reported_in_go_yaml_words() {
        let error = build("services:\n  web:\n\timage: nginx\n", FileId(0)).unwrap_err();
        assert_eq!(error.kind, YamlErrorKind::Syntax);
        assert_eq!(error.line, 3);
        assert!(error.to_string().starts_with("yaml: line 3:"), "{error}");
    }

    #[test]
    fn every_document_of_a_stream_is_read() {
        let documents = build("a: 1\n---\na: 2\n", FileId(0)).unwrap();
        assert_eq!(documents.len(), 2);
        assert_eq!(build("", FileId(0)).unwrap().len(), 0);
        assert!(build("---\n", FileId(0)).unwrap()[0].is_null());
    }

    #[test]
    fn compose_tags_are_kept() {
        let root = document("ports: !reset []\nimage: !override nginx\nx: !custom 1\n");
        assert_eq!(root.get("ports").unwrap().tag, Some(Tag::Reset));
        let image = root.get("image").unwrap();
        assert_eq!(image.tag, Some(Tag::Override));
        assert_eq!(image.as_str(), Some("nginx"));
        assert_eq!(
            root.get("x").unwrap().tag,
            Some(Tag::Other("!custom".into()))
        );
    }

    #[test]
    fn an_alias_inside_its_own_anchor_is_an_error() {
        assert!(build("a: &a [*a]\n", FileId(0)).is_err());
    }

    #[test]
    fn alias_bombs_stop_at_the_value_limit() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..8 {
            let previous = level - 1;
            let aliases = vec![format!("*a{previous}"); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
        }
        let error = build(&text, FileId(0)).unwrap_err();
        assert!(error.message.contains("more than 100000 values"), "{error}");
    }
}
