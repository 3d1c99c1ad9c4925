//! The tree a YAML document becomes: every value with its span and, where the file gives
//! one, its tag. Scalars are already resolved the way go-yaml v3 resolves them
//! ([`super::scalar`]), aliases are expanded and `<<` merge keys applied, so consumers see
//! what compose-go sees after decoding.

use crate::source::Span;

/// One value of a YAML document.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    /// Where the value is written (for an alias: where its anchor's value is written).
    pub span: Span,
    /// Which file `span` is in, when several files' values meet in one tree (compose's
    /// merged files); the reader gives every node the file it was asked to number them with.
    pub file: FileId,
    /// A tag written on the value that is not one of YAML's own (`!reset`, `!override`, …).
    pub tag: Option<Tag>,
}

/// A resolved YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// An integer as go-yaml reads one: `int64`, or `uint64` for larger positive values.
    Int(i128),
    Float(f64),
    String(String),
    /// A plain scalar go-yaml reads as a timestamp (`2001-12-14`), kept as written.
    Timestamp(String),
    Sequence(Vec<Node>),
    Mapping(Vec<Entry>),
}

/// One key and value of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// A file's number among the files a tree was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A tag outside YAML's core schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tag {
    /// `!reset`: compose removes the key from what earlier files defined.
    Reset,
    /// `!override`: compose replaces what earlier files defined instead of merging.
    Override,
    /// Any other tag, as written (`!foo`, `!!binary`).
    Other(String),
}

impl Node {
    pub fn new(value: Value, span: Span, file: FileId) -> Self {
        Self {
            value,
            span,
            file,
            tag: None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Sequence(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The entry of a mapping whose key is the string `key`.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_mapping()?
            .iter()
            .find(|entry| entry.key.as_str() == Some(key))
    }

    /// The value of a mapping at the string `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }
}

impl Value {
    /// The JSON type name compose-go's schema messages use for a value of this kind.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::String(_) | Value::Timestamp(_) => "string",
            Value::Sequence(_) => "array",
            Value::Mapping(_) => "object",
        }
    }
}
