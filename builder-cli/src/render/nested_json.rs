//! serde_json's pretty layout for a value that sits some levels deep in a larger document,
//! so parts of one document can be rendered apart (on different cores) and joined.

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io::{self, Write};

/// One level of indentation, as serde_json's pretty printer writes it.
pub const INDENT: &str = "  ";

/// Appends `value` to `text`, pretty-printed as it appears `depth` levels deep.
pub fn write_nested(text: &mut Vec<u8>, value: &impl Serialize, depth: usize) {
    let indent = INDENT.repeat(depth);
    let formatter = Nested {
        pretty: PrettyFormatter::new(),
        indent: indent.as_bytes(),
    };
    let mut serializer = serde_json::Serializer::with_formatter(text, formatter);
    // Writing to memory cannot fail, and the values rendered here always serialise.
    let _ = value.serialize(&mut serializer);
}

/// The pretty formatter, with every line it starts indented by `indent` more.
struct Nested<'a> {
    pretty: PrettyFormatter<'a>,
    indent: &'a [u8],
}

/// Only the calls that may start a line need the extra indentation; the others pass through.
impl Formatter for Nested<'_> {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty
            .end_array(&mut NewLines::new(writer, self.indent))
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty
            .begin_array_value(&mut NewLines::new(writer, self.indent), first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty
            .end_object(&mut NewLines::new(writer, self.indent))
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty
            .begin_object_key(&mut NewLines::new(writer, self.indent), first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(writer)
    }
}

/// A writer that follows every line break with `indent`.
struct NewLines<'w, 'i, W: ?Sized> {
    writer: &'w mut W,
    indent: &'i [u8],
}

impl<'w, 'i, W: ?Sized> NewLines<'w, 'i, W> {
    fn new(writer: &'w mut W, indent: &'i [u8]) -> Self {
        Self { writer, indent }
    }
}

impl<W: ?Sized + Write> Write for NewLines<'_, '_, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        for (index, line) in bytes.split(|&byte| byte == b'\n').enumerate() {
            if index > 0 {
                self.writer.write_all(b"\n")?;
                self.writer.write_all(self.indent)?;
            }
            self.writer.write_all(line)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_values_match_the_pretty_printer_inside_a_document() {
        let inner = json!({ "a": [1, { "b": [] }, {}], "c": "line\nbreak" });
        let document = json!({ "outer": [inner] });
        let mut text = b"{\n  \"outer\": [\n    ".to_vec();
        write_nested(&mut text, &inner, 2);
        text.extend_from_slice(b"\n  ]\n}");
        assert_eq!(
            String::from_utf8(text).unwrap(),
            serde_json::to_string_pretty(&document).unwrap()
        );
    }
}
