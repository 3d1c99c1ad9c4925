//! Turns compose-go's JSON schema into the Rust source of plumb-core's
//! `compose/schema/generated.rs`: one `Schema` (`compose/schema/table.rs`) per distinct
//! node, `$ref`s replaced by the index of the node they name, one `Pattern` per regular
//! expression. A keyword, a `$ref` or a pattern the tables cannot express fails the
//! generation, so that a new schema never loses a constraint silently.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::pattern::pattern_code;

/// The only draft the tables follow: in draft-07 a `$ref` replaces its schema whole, and
/// jsonschema applies `type`, `enum` and the rest in the order `validate.rs` does.
const DRAFT_07: &str = "https://json-schema.org/draft-07/schema";

/// Keywords that describe and do not validate.
const ANNOTATIONS: [&str; 6] = [
    "description",
    "title",
    "default",
    "deprecated",
    "examples",
    "$comment",
];

/// Keywords only the root may have: they name the schema and hold its `$ref` targets.
const ROOT_ONLY: [&str; 3] = ["$schema", "$id", "definitions"];

/// How wide a node may be written on one line.
const LINE_WIDTH: usize = 100;

/// The source of `generated.rs` for the schema `bytes`, or why the tables cannot hold it.
pub fn generated_source(bytes: &[u8]) -> Result<String, String> {
    let schema: Value = serde_json::from_slice(bytes)
        .map_err(|error| format!("the schema is not JSON: {error}"))?;
    let id = schema
        .get("$id")
        .and_then(Value::as_str)
        .ok_or("the schema has no `$id`")?;
    let draft = schema.get("$schema").and_then(Value::as_str);
    if draft != Some(DRAFT_07) {
        return Err(format!(
            "the schema's `$schema` is {draft:?}: the tables follow draft-07 ({DRAFT_07})"
        ));
    }
    let mut tables = Tables {
        document: &schema,
        nodes: Vec::new(),
        by_text: BTreeMap::new(),
        by_reference: BTreeMap::new(),
        resolving: BTreeSet::new(),
        patterns: Vec::new(),
    };
    let root = tables.node(&schema, "#")?;
    Ok(tables.source(id, &plumb_core::digest::sha256(bytes), root))
}

struct Tables<'s> {
    document: &'s Value,
    /// Each distinct node: where it was first found and its element of `SCHEMAS`.
    nodes: Vec<(String, String)>,
    /// A node's one-line text to its index, so that equal nodes are written once.
    by_text: BTreeMap<String, usize>,
    by_reference: BTreeMap<String, usize>,
    /// The `$ref`s being resolved, to refuse a cycle (the schema has none).
    resolving: BTreeSet<String>,
    /// Each pattern's source and code; `PATTERN_<index>` in the output.
    patterns: Vec<(String, String)>,
}

/// One field of a `Schema` initializer: its text, or the elements of a long list.
struct Field {
    name: &'static str,
    value: String,
    list: Option<Vec<String>>,
}

impl Field {
    fn text(name: &'static str, value: String) -> Field {
        Field {
            name,
            value,
            list: None,
        }
    }

    fn list(name: &'static str, elements: Vec<String>) -> Field {
        Field {
            name,
            value: format!("&[{}]", elements.join(", ")),
            list: Some(elements),
        }
    }
}

impl Tables<'_> {
    /// The index of the node for `schema`, found at `location` (a JSON pointer).
    fn node(&mut self, schema: &Value, location: &str) -> Result<usize, String> {
        let object = match schema {
            Value::Bool(true) => return Ok(self.intern(location, Vec::new(), true)),
            Value::Object(object) if object.is_empty() => {
                return Ok(self.intern(location, Vec::new(), true));
            }
            Value::Object(object) => object,
            _ => {
                return Err(format!(
                    "{location}: {schema} is a schema the tables cannot express"
                ));
            }
        };
        self.refuse_unknown_keywords(object, location)?;
        if let Some(reference) = object.get("$ref") {
            return self.reference(reference, object, location);
        }
        let fields = self.fields(object, location)?;
        Ok(self.intern(location, fields, false))
    }

    fn refuse_unknown_keywords(
        &self,
        object: &Map<String, Value>,
        location: &str,
    ) -> Result<(), String> {
        for keyword in object.keys() {
            let known = KEYWORDS.contains(&keyword.as_str())
                || ANNOTATIONS.contains(&keyword.as_str())
                || (location == "#" && ROOT_ONLY.contains(&keyword.as_str()));
            if !known {
                return Err(format!(
                    "{location}: the keyword `{keyword}` is not supported by plumb's schema \
                     tables (add it to tests/support/compose/tables.rs and \
                     crates/plumb-core/src/compose/schema/)"
                ));
            }
        }
        Ok(())
    }

    /// A `$ref` stands for the node it names (draft-07 ignores the keywords beside it, and
    /// the schema has none beside its `$ref`s, which the tables rely on).
    fn reference(
        &mut self,
        reference: &Value,
        object: &Map<String, Value>,
        location: &str,
    ) -> Result<usize, String> {
        let beside: Vec<&String> = object
            .keys()
            .filter(|keyword| *keyword != "$ref" && !ANNOTATIONS.contains(&keyword.as_str()))
            .collect();
        if !beside.is_empty() {
            return Err(format!("{location}: keywords beside `$ref`: {beside:?}"));
        }
        let pointer = reference
            .as_str()
            .and_then(|reference| reference.strip_prefix('#'))
            .ok_or_else(|| {
                format!("{location}: `$ref` {reference} is not a pointer into the schema")
            })?;
        if let Some(index) = self.by_reference.get(pointer) {
            return Ok(*index);
        }
        let target = self
            .document
            .pointer(pointer)
            .ok_or_else(|| format!("{location}: `$ref` {reference} names nothing"))?;
        if target.as_object().is_some_and(Map::is_empty) || target == &Value::Bool(true) {
            // jsonschema checks the `$ref` node itself for values without a JSON type.
            return Err(format!(
                "{location}: `$ref` {reference} names the schema `{{}}`"
            ));
        }
        if !self.resolving.insert(pointer.to_owned()) {
            return Err(format!("{location}: `$ref` {reference} refers to itself"));
        }
        let index = self.node(target, &format!("#{pointer}"))?;
        self.resolving.remove(pointer);
        self.by_reference.insert(pointer.to_owned(), index);
        Ok(index)
    }

    /// The fields of a node without `$ref`, in the order of `Schema`'s fields.
    fn fields(
        &mut self,
        object: &Map<String, Value>,
        location: &str,
    ) -> Result<Vec<Field>, String> {
        let at = |keyword: &str| format!("{location}/{keyword}");
        let mut fields = Vec::new();
        if let Some(types) = object.get("type") {
            fields.push(Field::text("types", types_code(types, &at("type"))?));
        }
        if let Some(values) = object.get("enum") {
            let values = strings(values, &at("enum"))?;
            if values.is_empty() {
                return Err(format!("{}: an empty enum", at("enum")));
            }
            fields.push(Field::text(
                "enumeration",
                format!("&[{}]", values.join(", ")),
            ));
        }
        if let Some(pattern) = object.get("pattern") {
            let source = pattern
                .as_str()
                .ok_or_else(|| format!("{}: not a string", at("pattern")))?;
            fields.push(Field::text(
                "pattern",
                format!("Some(&{})", self.pattern(source)?),
            ));
        }
        for (keyword, name) in [("minimum", "minimum"), ("maximum", "maximum")] {
            if let Some(bound) = object.get(keyword) {
                let bound = bound
                    .as_i64()
                    .and_then(|bound| i32::try_from(bound).ok())
                    .ok_or_else(|| format!("{}: {bound} is not a 32-bit integer", at(keyword)))?;
                fields.push(Field::text(name, format!("Some({bound})")));
            }
        }
        if let Some(properties) = object.get("properties") {
            let properties = schema_map(properties, &at("properties"))?;
            let mut elements = Vec::new();
            for (name, schema) in properties {
                let index = self.node(schema, &format!("{}/{name}", at("properties")))?;
                elements.push(format!("({name:?}, {index})"));
            }
            fields.push(Field::list("properties", elements));
        }
        if let Some(patterns) = object.get("patternProperties") {
            let patterns = schema_map(patterns, &at("patternProperties"))?;
            let mut elements = Vec::new();
            for (source, schema) in patterns {
                let index = self.node(schema, &format!("{}/{source}", at("patternProperties")))?;
                elements.push(format!("(&{}, {index})", self.pattern(source)?));
            }
            fields.push(Field::list("pattern_properties", elements));
        }
        match object.get("additionalProperties") {
            None | Some(Value::Bool(true)) => {}
            Some(Value::Bool(false)) => {
                fields.push(Field::text("additional_properties", "false".to_owned()));
            }
            Some(_) => {
                return Err(format!(
                    "{}: only `true` and `false` are supported",
                    at("additionalProperties")
                ));
            }
        }
        if let Some(required) = object.get("required") {
            let names = strings(required, &at("required"))?;
            fields.push(Field::text("required", format!("&[{}]", names.join(", "))));
        }
        if let Some(items) = object.get("items") {
            if !items.is_object() && !items.is_boolean() {
                return Err(format!(
                    "{}: only a single schema is supported",
                    at("items")
                ));
            }
            let index = self.node(items, &at("items"))?;
            fields.push(Field::text("items", format!("Some({index})")));
        }
        match object.get("uniqueItems") {
            None | Some(Value::Bool(false)) => {}
            Some(Value::Bool(true)) => fields.push(Field::text("unique_items", "true".to_owned())),
            Some(other) => return Err(format!("{}: {other} is not a boolean", at("uniqueItems"))),
        }
        if let Some(alternatives) = object.get("oneOf") {
            let alternatives = alternatives
                .as_array()
                .filter(|alternatives| !alternatives.is_empty())
                .ok_or_else(|| format!("{}: not a list of schemas", at("oneOf")))?;
            let mut indices = Vec::new();
            for (position, alternative) in alternatives.iter().enumerate() {
                indices.push(
                    self.node(alternative, &format!("{}/{position}", at("oneOf")))?
                        .to_string(),
                );
            }
            fields.push(Field::text("one_of", format!("&[{}]", indices.join(", "))));
        }
        Ok(fields)
    }

    /// The name of the static for the pattern `source`, made on first use.
    fn pattern(&mut self, source: &str) -> Result<String, String> {
        let index = match self.patterns.iter().position(|(known, _)| known == source) {
            Some(index) => index,
            None => {
                self.patterns
                    .push((source.to_owned(), pattern_code(source)?));
                self.patterns.len() - 1
            }
        };
        Ok(format!("PATTERN_{index}"))
    }

    /// The index of the node with these fields, added unless an equal one exists.
    fn intern(&mut self, location: &str, fields: Vec<Field>, anything: bool) -> usize {
        let text = if anything {
            "Schema::ANYTHING".to_owned()
        } else {
            one_line(&fields)
        };
        if let Some(index) = self.by_text.get(&text) {
            return *index;
        }
        let index = self.nodes.len();
        let code = if anything {
            format!("    {text},\n")
        } else {
            node_code(&fields)
        };
        self.nodes.push((location.to_owned(), code));
        self.by_text.insert(text, index);
        index
    }

    fn source(&self, id: &str, digest: &str, root: usize) -> String {
        let mut source = format!(
            "//! compose-go's JSON schema as the tables `validate.rs` interprets. Generated: do not edit.\n\
             //!\n\
             //! From the schema `{id}` (draft-07) whose bytes have the digest\n\
             //! {digest}.\n\
             //! Regenerate with `PLUMB_UPDATE_SCHEMA=1 cargo test -p plumb-tests --test compose_schema`,\n\
             //! which reads the schema from the file `PLUMB_COMPOSE_SCHEMA` names, or else from the\n\
             //! docker compose binary in `PLUMB_TEST_PYTHON`'s environment\n\
             //! (tests/oracles/compose_schema.py).\n\
             \n\
             use super::patterns::{{CharClass, Pattern, Sequence, Step}};\n\
             use super::table::{{Schema, SchemaId, Types}};\n\
             \n\
             /// The schema of a whole compose file.\n\
             pub const ROOT: SchemaId = {root};\n"
        );
        for (index, (pattern, code)) in self.patterns.iter().enumerate() {
            source.push_str(&format!(
                "\n/// `{pattern}`\nstatic PATTERN_{index}: Pattern = {code};\n"
            ));
        }
        source.push_str(&format!(
            "\npub static SCHEMAS: [Schema; {}] = [\n",
            self.nodes.len()
        ));
        for (index, (location, code)) in self.nodes.iter().enumerate() {
            source.push_str(&format!("    // {index}: {location}\n"));
            source.push_str(code);
        }
        source.push_str("];\n");
        source
    }
}

/// Every validation keyword the tables hold.
const KEYWORDS: [&str; 13] = [
    "$ref",
    "type",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "properties",
    "patternProperties",
    "additionalProperties",
    "required",
    "items",
    "uniqueItems",
    "oneOf",
];

fn one_line(fields: &[Field]) -> String {
    if fields.is_empty() {
        return "Schema::NONE".to_owned();
    }
    let mut text = String::from("Schema { ");
    for field in fields {
        text.push_str(&format!("{}: {}, ", field.name, field.value));
    }
    text.push_str("..Schema::NONE }");
    text
}

/// A node as an element of `SCHEMAS`: on one line when it fits, else a field a line and a
/// list's element a line.
fn node_code(fields: &[Field]) -> String {
    let line = format!("    {},\n", one_line(fields));
    if line.len() <= LINE_WIDTH {
        return line;
    }
    let mut code = String::from("    Schema {\n");
    for field in fields {
        let line = format!("        {}: {},\n", field.name, field.value);
        match &field.list {
            Some(elements) if line.len() > LINE_WIDTH => {
                code.push_str(&format!("        {}: &[\n", field.name));
                for element in elements {
                    code.push_str(&format!("            {element},\n"));
                }
                code.push_str("        ],\n");
            }
            _ => code.push_str(&line),
        }
    }
    code.push_str("        ..Schema::NONE\n    },\n");
    code
}

/// `type`'s names as a `Types` expression, in the order of jsonschema's type list.
fn types_code(types: &Value, location: &str) -> Result<String, String> {
    const NAMES: [(&str, &str); 7] = [
        ("null", "Types::NULL"),
        ("boolean", "Types::BOOLEAN"),
        ("number", "Types::NUMBER"),
        ("integer", "Types::INTEGER"),
        ("string", "Types::STRING"),
        ("array", "Types::ARRAY"),
        ("object", "Types::OBJECT"),
    ];
    let names: Vec<&str> = match types {
        Value::String(name) => vec![name.as_str()],
        Value::Array(names) => names
            .iter()
            .map(|name| {
                name.as_str()
                    .ok_or_else(|| format!("{location}: {name} is not a type name"))
            })
            .collect::<Result<_, _>>()?,
        other => return Err(format!("{location}: {other} is not a type")),
    };
    if let Some(unknown) = names
        .iter()
        .find(|name| !NAMES.iter().any(|(known, _)| known == *name))
    {
        return Err(format!("{location}: unknown type {unknown:?}"));
    }
    let constants: Vec<&str> = NAMES
        .iter()
        .filter(|(name, _)| names.contains(name))
        .map(|(_, constant)| *constant)
        .collect();
    let (first, others) = constants
        .split_first()
        .ok_or_else(|| format!("{location}: no type named"))?;
    Ok(others.iter().fold((*first).to_owned(), |code, constant| {
        format!("{code}.or({constant})")
    }))
}

/// A list of strings, as Rust string literals.
fn strings(values: &Value, location: &str) -> Result<Vec<String>, String> {
    values
        .as_array()
        .ok_or_else(|| format!("{location}: not a list"))?
        .iter()
        .map(|value| {
            value
                .as_str()
                .map(|text| format!("{text:?}"))
                .ok_or_else(|| {
                    format!("{location}: {value} is not a string (the tables hold strings only)")
                })
        })
        .collect()
}

/// A map of names to schemas, sorted by name (the tables look properties up by binary
/// search, and the order must not depend on serde_json's features).
fn schema_map<'v>(
    value: &'v Value,
    location: &str,
) -> Result<BTreeMap<&'v str, &'v Value>, String> {
    Ok(value
        .as_object()
        .ok_or_else(|| format!("{location}: not an object"))?
        .iter()
        .map(|(name, schema)| (name.as_str(), schema))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(schema: &str) -> Result<String, String> {
        generated_source(schema.as_bytes())
    }

    const HEADER: &str =
        r##""$schema": "https://json-schema.org/draft-07/schema", "$id": "t.json""##;

    #[test]
    fn equal_nodes_are_written_once_and_refs_become_indices() {
        let source = generated(&format!(
            r##"{{{HEADER}, "type": "object", "properties": {{
                "a": {{"type": "string"}}, "b": {{"type": "string", "description": "b"}},
                "c": {{"$ref": "#/definitions/s"}}, "x": {{}} }},
                "definitions": {{"s": {{"type": ["string", "integer"]}}}} }}"##
        ))
        .unwrap();
        assert!(source.contains("[Schema; 4]"), "{source}");
        assert!(
            source.contains(r##"properties: &[("a", 0), ("b", 0), ("c", 1), ("x", 2)]"##),
            "{source}"
        );
        assert!(
            source.contains("types: Types::INTEGER.or(Types::STRING)"),
            "{source}"
        );
        assert!(source.contains("pub const ROOT: SchemaId = 3;"), "{source}");
    }

    #[test]
    fn what_the_tables_cannot_hold_fails_the_generation() {
        for (schema, complaint) in [
            (r##""minLength": 1"##, "`minLength` is not supported"),
            (r##""anyOf": [{}]"##, "`anyOf` is not supported"),
            (
                r##""additionalProperties": {"type": "string"}"##,
                "only `true` and `false`",
            ),
            (r##""items": [{}]"##, "only a single schema"),
            (r##""enum": [1]"##, "is not a string"),
            (r##""minimum": 0.5"##, "not a 32-bit integer"),
            (r##""pattern": "a*""##, "pattern \"a*\""),
            (
                r##""properties": {"a": {"$ref": "#/definitions/x"}}"##,
                "names nothing",
            ),
            (
                r##""properties": {"a": {"$ref": "#/properties/a"}}"##,
                "refers to itself",
            ),
            (
                r##""properties": {"a": {"$ref": "#", "type": "string"}}"##,
                "beside `$ref`",
            ),
        ] {
            let error = generated(&format!("{{{HEADER}, {schema}}}")).unwrap_err();
            assert!(error.contains(complaint), "{schema}: {error}");
        }
        let later_draft =
            r##"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "t"}"##;
        assert!(generated(later_draft).unwrap_err().contains("draft-07"));
    }
}
