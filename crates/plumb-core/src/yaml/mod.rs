//! YAML as compose-go reads it: go-yaml v3's scalar resolution (YAML 1.1 octals, `_` in
//! numbers, timestamps, only `true`/`false` as booleans), anchors and aliases, `<<` merge
//! keys, compose's `!reset` and `!override` tags, and keys written twice as errors. Every
//! value keeps its span. The events come from `saphyr-parser`; what they mean is decided here.

mod builder;
mod error;
mod node;
mod scalar;
mod timestamp;

pub use builder::MAX_VALUES;
pub use error::{YamlError, YamlErrorKind};
pub use node::{Entry, FileId, Node, Tag, Value};
/// What a plain scalar reads as, which also decides whether a string can be written plain.
pub use scalar::resolve_plain;

/// Every document of a YAML stream (none for an empty one), or the first problem.
pub fn parse(text: &str) -> Result<Vec<Node>, YamlError> {
    parse_file(text, FileId::default())
}

/// [`parse`], numbering every value with `file`.
pub fn parse_file(text: &str, file: FileId) -> Result<Vec<Node>, YamlError> {
    builder::build(text, file)
}
