//! The form of the tables in `generated.rs`: every node of compose-go's JSON schema reduced
//! to the keywords it uses, `$ref`s already replaced by the index of the node they name.
//! The generator (tests/support/compose_schema/) fails on a keyword that has no field here,
//! so a new schema cannot silently lose a constraint.

use super::patterns::Pattern;

/// The index of a node in [`super::generated::SCHEMAS`].
pub type SchemaId = u16;

/// One schema node. A keyword the node does not have is an empty slice, `None`, or the
/// field's value in [`Schema::NONE`].
#[derive(Debug)]
pub struct Schema {
    /// The schema `{}`, which jsonschema compiles to `true`: every value passes, even one it
    /// has no JSON type for (a timestamp). Any other node rejects such a value first.
    pub accepts_anything: bool,
    /// `type`; [`Types::UNCONSTRAINED`] without the keyword.
    pub types: Types,
    /// `enum` (the schema's are all strings).
    pub enumeration: &'static [&'static str],
    /// `pattern`, a search anywhere in the string as in every JSON schema.
    pub pattern: Option<&'static Pattern>,
    pub minimum: Option<i32>,
    pub maximum: Option<i32>,
    /// `properties`, sorted by name.
    pub properties: &'static [(&'static str, SchemaId)],
    pub pattern_properties: &'static [(&'static Pattern, SchemaId)],
    /// `false` for `additionalProperties: false`: a key that neither `properties` nor
    /// `patternProperties` covers is an error.
    pub additional_properties: bool,
    pub required: &'static [&'static str],
    pub items: Option<SchemaId>,
    pub unique_items: bool,
    pub one_of: &'static [SchemaId],
}

impl Schema {
    /// A node without keywords (such as one with only a `description`).
    pub const NONE: Schema = Schema {
        accepts_anything: false,
        types: Types::UNCONSTRAINED,
        enumeration: &[],
        pattern: None,
        minimum: None,
        maximum: None,
        properties: &[],
        pattern_properties: &[],
        additional_properties: true,
        required: &[],
        items: None,
        unique_items: false,
        one_of: &[],
    };

    /// The schema `{}`.
    pub const ANYTHING: Schema = Schema {
        accepts_anything: true,
        ..Schema::NONE
    };

    /// The node for the value of `key` in `properties`.
    pub fn property(&self, key: &str) -> Option<SchemaId> {
        let index = self
            .properties
            .binary_search_by(|(name, _)| (*name).cmp(key))
            .ok()?;
        Some(self.properties[index].1)
    }
}

/// The JSON types a `type` keyword names, as a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Types(u8);

impl Types {
    /// No `type` keyword: every type passes.
    pub const UNCONSTRAINED: Types = Types(0);
    pub const NULL: Types = Types(1);
    pub const BOOLEAN: Types = Types(1 << 1);
    pub const NUMBER: Types = Types(1 << 2);
    pub const INTEGER: Types = Types(1 << 3);
    pub const STRING: Types = Types(1 << 4);
    pub const ARRAY: Types = Types(1 << 5);
    pub const OBJECT: Types = Types(1 << 6);

    /// Both sets (for the generated tables: `Types::NUMBER.or(Types::STRING)`).
    pub const fn or(self, other: Types) -> Types {
        Types(self.0 | other.0)
    }

    pub fn contains(self, other: Types) -> bool {
        self.0 & other.0 != 0
    }

    pub fn is_unconstrained(self) -> bool {
        self == Types::UNCONSTRAINED
    }
}
