//! What every compose step needs of the YAML tree: compose-go's dotted paths (`services.web.
//! ports.[]`, with `*` matching any key in patterns), walking the tree with a table of rules
//! keyed by such patterns, building and editing mappings in place while keeping where each
//! value came from, and messages that point at a value.

use crate::source::Span;
use crate::yaml::{Entry, FileId, Node, Value};
use std::fmt;

/// A path into the tree as compose-go writes it in messages and matches it in its tables:
/// mapping keys, and `[]` for any item of a sequence.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct TreePath {
    parts: Vec<String>,
}

/// The part that stands for any item of a sequence.
pub const ITEM: &str = "[]";
/// The part of a pattern that matches any one part.
pub const ANY: &str = "*";

impl TreePath {
    pub fn root() -> Self {
        Self::default()
    }

    /// The path one level down, at `part` (a key, or [`ITEM`]).
    pub fn next(&self, part: &str) -> Self {
        let mut parts = self.parts.clone();
        parts.push(part.to_owned());
        Self { parts }
    }

    pub fn parts(&self) -> &[String] {
        &self.parts
    }

    pub fn last(&self) -> Option<&str> {
        self.parts.last().map(String::as_str)
    }

    pub fn parent(&self) -> Self {
        let mut parts = self.parts.clone();
        parts.pop();
        Self { parts }
    }

    /// Whether the path matches `pattern`, dotted parts of which `*` matches any one part.
    /// A key with a dot in it is one part of the path, as in compose-go.
    pub fn matches(&self, pattern: &str) -> bool {
        // Every step tries its whole table of patterns at every value: compare in place
        // rather than splitting the pattern.
        let mut rest = pattern;
        for (index, part) in self.parts.iter().enumerate() {
            let expected = if rest.starts_with(ANY) && is_part_end(rest, ANY.len()) {
                ANY.len()
            } else if rest.starts_with(part.as_str())
                && is_part_end(rest, part.len())
                && !part.contains('.')
            {
                part.len()
            } else {
                return false;
            };
            let last = index + 1 == self.parts.len();
            match rest.get(expected + 1..) {
                Some(after) if !last => rest = after,
                _ => return last && rest.len() == expected,
            }
        }
        false
    }
}

/// Whether a pattern part of `length` bytes ends `rest` there (at a dot or at its end).
fn is_part_end(rest: &str, length: usize) -> bool {
    matches!(rest.as_bytes().get(length), None | Some(b'.'))
}

impl fmt::Display for TreePath {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.parts.join("."))
    }
}

/// What a compose step says about one value (an error or a warning): compose-go's message,
/// word for word, with the value's path and where the value is written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Notice {
    pub message: String,
    pub path: TreePath,
    pub span: Span,
    pub file: FileId,
}

impl Notice {
    pub fn new(message: impl Into<String>, path: &TreePath, node: &Node) -> Self {
        Self {
            message: message.into(),
            path: path.clone(),
            span: node.span,
            file: node.file,
        }
    }
}

/// What a step does with the value at a path that matches a rule's pattern.
pub type Apply<S> = fn(&mut S, &mut Node, &TreePath) -> Result<(), Notice>;

/// A step that rewrites values chosen by their path, as compose-go's transformer tables do.
pub trait PathRules: Sized + 'static {
    /// Patterns with what to do with a value whose path matches. A value that no pattern
    /// matches is walked through; one that a pattern matches is left to its rule, which
    /// walks on into it ([`walk_children`]) only where compose-go's does.
    const RULES: &'static [(&'static str, Apply<Self>)];
}

/// Applies `step`'s rules to `node`, found at `path`, and to everything under it.
pub fn walk<S: PathRules>(step: &mut S, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    match S::RULES.iter().find(|(pattern, _)| path.matches(pattern)) {
        Some((_, apply)) => apply(step, node, path),
        None => walk_children(step, node, path),
    }
}

/// [`walk`] over each value of a mapping or item of a sequence.
pub fn walk_children<S: PathRules>(
    step: &mut S,
    node: &mut Node,
    path: &TreePath,
) -> Result<(), Notice> {
    match &mut node.value {
        Value::Mapping(entries) => {
            for entry in entries {
                // compose-go has refused keys that are not strings before any step runs.
                if let Some(key) = entry.key.as_str() {
                    let child = path.next(key);
                    walk(step, &mut entry.value, &child)?;
                }
            }
        }
        Value::Sequence(items) => {
            let child = path.next(ITEM);
            for item in items {
                walk(step, item, &child)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The Go type compose-go holds a decoded value as, as its messages name it (`%T`).
pub fn go_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Int(_) if go_int(value).is_some() => "int",
        // go-yaml decodes integers beyond int64 as uint64.
        Value::Int(_) => "uint64",
        Value::Float(_) => "float64",
        Value::String(_) => "string",
        Value::Timestamp(_) => "time.Time",
        Value::Sequence(_) => "[]interface {}",
        Value::Mapping(_) => "map[string]interface {}",
    }
}

/// The integer a value is when go-yaml decodes it as Go's `int` (64 bits), which is what
/// compose-go's type switches accept.
pub fn go_int(value: &Value) -> Option<i64> {
    match value {
        Value::Int(number) => i64::try_from(*number).ok(),
        _ => None,
    }
}

/// The keys of a mapping as Go prints them (none for anything else).
pub fn key_texts(node: Option<&Node>) -> Vec<String> {
    node.and_then(Node::as_mapping)
        .unwrap_or_default()
        .iter()
        .map(|entry| super::go_format::sprint(&entry.key.value))
        .collect()
}

/// The items of a sequence as Go prints them (none for anything else).
pub fn item_texts(node: Option<&Node>) -> Vec<String> {
    node.and_then(Node::as_sequence)
        .unwrap_or_default()
        .iter()
        .map(|item| super::go_format::sprint(&item.value))
        .collect()
}

/// The `source` of each long-syntax mount of a sequence (secrets, configs).
pub fn mount_sources(node: Option<&Node>) -> Vec<String> {
    node.and_then(Node::as_sequence)
        .unwrap_or_default()
        .iter()
        .filter_map(|mount| {
            mount
                .get("source")
                .map(|source| super::go_format::sprint(&source.value))
        })
        .collect()
}

/// The named volumes a service mounts (long syntax, `type: volume`, with a source).
pub fn named_volume_sources(service: &Node) -> Vec<String> {
    service
        .get("volumes")
        .and_then(Node::as_sequence)
        .unwrap_or_default()
        .iter()
        .filter(|volume| volume.get("type").and_then(Node::as_str) == Some("volume"))
        .filter_map(|volume| {
            volume
                .get("source")
                .map(|source| super::go_format::sprint(&source.value))
        })
        .filter(|source| !source.is_empty())
        .collect()
}

/// A value made by a compose step, placed where `origin` was written.
pub fn made(value: Value, origin: &Node) -> Node {
    Node::new(value, origin.span, origin.file)
}

pub fn string(text: impl Into<String>, origin: &Node) -> Node {
    made(Value::String(text.into()), origin)
}

/// A mapping of string keys, each key placed where `origin` was written.
pub fn mapping(entries: Vec<(String, Node)>, origin: &Node) -> Node {
    let entries = entries
        .into_iter()
        .map(|(key, value)| Entry {
            key: string(key, origin),
            value,
        })
        .collect();
    made(Value::Mapping(entries), origin)
}

/// A mapping of the fields that have a value, in their order: what compose-go's structs
/// encode to with `omitempty`.
pub fn mapping_of_present(fields: Vec<(&str, Option<Node>)>, origin: &Node) -> Node {
    let fields = fields
        .into_iter()
        .filter_map(|(key, value)| Some((key.to_owned(), value?)))
        .collect();
    mapping(fields, origin)
}

pub fn sequence(items: Vec<Node>, origin: &Node) -> Node {
    made(Value::Sequence(items), origin)
}

/// The entries of a mapping, to edit in place.
pub fn entries_mut(node: &mut Node) -> Option<&mut Vec<Entry>> {
    match &mut node.value {
        Value::Mapping(entries) => Some(entries),
        _ => None,
    }
}

/// The value at the string `key` of a mapping, to edit in place.
pub fn get_mut<'a>(node: &'a mut Node, key: &str) -> Option<&'a mut Node> {
    entries_mut(node)?
        .iter_mut()
        .find(|entry| entry.key.as_str() == Some(key))
        .map(|entry| &mut entry.value)
}

/// Sets `key` of a mapping to `value`, in its place if the key is there, else at the end.
/// Does nothing to a value that is not a mapping.
pub fn set(node: &mut Node, key: &str, value: Node) {
    let origin = made(Value::Null, node);
    let Some(entries) = entries_mut(node) else {
        return;
    };
    match entries
        .iter_mut()
        .find(|entry| entry.key.as_str() == Some(key))
    {
        Some(entry) => entry.value = value,
        None => entries.push(Entry {
            key: string(key, &origin),
            value,
        }),
    }
}

/// Sets `key` of a mapping to `value` unless the key is there.
pub fn set_if_missing(node: &mut Node, key: &str, value: Node) {
    if node.get(key).is_none() {
        set(node, key, value);
    }
}

/// Removes `key` from a mapping, giving back its value.
pub fn remove(node: &mut Node, key: &str) -> Option<Node> {
    let entries = entries_mut(node)?;
    let index = entries
        .iter()
        .position(|entry| entry.key.as_str() == Some(key))?;
    Some(entries.remove(index).value)
}

/// A tree as JSON, without places, to compare with what `docker compose config` prints.
#[cfg(test)]
pub fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value as Json;
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(value) => Json::Bool(*value),
        Value::Int(number) => match i64::try_from(*number) {
            Ok(number) => Json::from(number),
            Err(_) => Json::from(u64::try_from(*number).unwrap_or(u64::MAX)),
        },
        Value::Float(number) => Json::from(*number),
        Value::String(text) | Value::Timestamp(text) => Json::from(text.as_str()),
        Value::Sequence(items) => items.iter().map(to_json).collect(),
        Value::Mapping(entries) => entries
            .iter()
            .map(|entry| {
                let key = entry.key.as_str().unwrap_or_default().to_owned();
                (key, to_json(&entry.value))
            })
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    #[test]
    fn paths_print_and_match_as_compose_go_does() {
        let path = TreePath::root()
            .next("services")
            .next("a.b")
            .next(ITEM)
            .next("target");
        assert_eq!(path.to_string(), "services.a.b.[].target");
        assert!(path.matches("services.*.[].target"));
        assert!(!path.matches("services.*.target"));
        assert!(!path.matches("services.*.[].target.x"));
        assert!(!path.matches("services.a.b.[].target"));
        assert!(!path.matches("services.*.[]"));
        assert!(!path.matches("services.*.[].targets"));
        assert!(!path.matches(""));
        assert!(!TreePath::root().matches(""));
        assert!(TreePath::root().next("x").matches("*"));
        assert!(!TreePath::root().next("x").matches("x."));
        assert_eq!(path.parent().last(), Some(ITEM));
    }

    /// Counts the values it is called for and walks into `a` only.
    struct Counting(Vec<String>);

    impl PathRules for Counting {
        const RULES: &'static [(&'static str, Apply<Self>)] = &[
            ("a", |step, node, path| {
                step.0.push(path.to_string());
                walk_children(step, node, path)
            }),
            ("*.*", |step, _, path| {
                step.0.push(path.to_string());
                Ok(())
            }),
        ];
    }

    #[test]
    fn walks_apply_the_first_rule_that_matches() {
        let mut root = yaml::parse(
            "a: {x: [1], y: 2}
b: {z: {deep: 1}}
c: [d]
",
        )
        .unwrap()
        .remove(0);
        let mut step = Counting(Vec::new());
        walk(&mut step, &mut root, &TreePath::root()).unwrap();
        assert_eq!(step.0, ["a", "a.x", "a.y", "b.z", "c.[]"]);
    }

    #[test]
    fn values_are_named_by_the_go_types_they_decode_to() {
        let root = yaml::parse("[~, true, 1, 9223372036854775808, 1.5, a, 2001-12-14, [], {}]")
            .unwrap()
            .remove(0);
        let types: Vec<_> = root
            .as_sequence()
            .unwrap()
            .iter()
            .map(|item| go_type(&item.value))
            .collect();
        assert_eq!(
            types,
            [
                "<nil>",
                "bool",
                "int",
                "uint64",
                "float64",
                "string",
                "time.Time",
                "[]interface {}",
                "map[string]interface {}"
            ]
        );
    }

    #[test]
    fn made_mappings_leave_out_what_is_missing() {
        let text = "a: 1\n";
        let mut root = yaml::parse(text).unwrap().remove(0);
        let origin = root.clone();
        set_if_missing(&mut root, "a", string("x", &origin));
        set_if_missing(&mut root, "b", string("y", &origin));
        assert_eq!(to_json(&root), serde_json::json!({"a": 1, "b": "y"}));
        let present = mapping_of_present(
            vec![("p", Some(string("q", &origin))), ("r", None)],
            &origin,
        );
        assert_eq!(to_json(&present), serde_json::json!({"p": "q"}));
        let notice = Notice::new("bad", &TreePath::root().next("a"), &origin);
        assert_eq!(
            (notice.to_string(), notice.path.to_string()),
            ("bad".to_owned(), "a".to_owned())
        );
        assert_eq!(&text[notice.span.start..notice.span.end], "a: 1");
    }

    #[test]
    fn mappings_are_edited_in_place() {
        let mut root = yaml::parse("a: 1\nb: 2\n").unwrap().remove(0);
        let origin = root.clone();
        set(&mut root, "a", string("x", &origin));
        set(&mut root, "c", string("y", &origin));
        assert_eq!(remove(&mut root, "b").unwrap().value, Value::Int(2));
        let keys: Vec<_> = root
            .as_mapping()
            .unwrap()
            .iter()
            .map(|entry| entry.key.as_str().unwrap())
            .collect();
        assert_eq!(keys, ["a", "c"]);
        assert_eq!(get_mut(&mut root, "a").unwrap().as_str(), Some("x"));
    }
}
