//! The interpreter of the generated tables: JSON-schema draft-07 as
//! santhosh-tekuri/jsonschema v6.0.1 (`validator.go`) applies it to the value compose-go
//! decodes from YAML, keyword by keyword in the same order, so that the errors and the one
//! compose reports come out the same.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::messages::Problem;
use super::table::{Schema, SchemaId, Types};
use crate::yaml::{Node, Value};

/// One error, where jsonschema would report it.
#[derive(Debug)]
pub(super) struct Failure<'t> {
    /// compose-go's dotted instance path.
    pub path: String,
    /// How compose-go ranks the error (`specificity` in `schema/schema.go`): the depth of
    /// its path, one more for unknown properties.
    pub specificity: usize,
    /// The value the span is taken from.
    pub at: &'t Node,
    pub problem: Problem<'t>,
}

/// The errors of `value` against the node `root` of `schemas`, in the order jsonschema
/// lists them (with a mapping's keys in document order where Go's map order is random).
/// Where no alternative of a `oneOf` matches, only the errors of the alternative compose
/// would pick one from are kept: the one holding the first most specific error.
pub(super) fn failures<'t>(
    value: &'t Node,
    schemas: &'static [Schema],
    root: SchemaId,
) -> Vec<Failure<'t>> {
    let mut walker = Walker {
        schemas,
        path: Vec::new(),
    };
    let mut failures = Vec::new();
    walker.check(value, root, &mut failures);
    failures
}

/// The index of the error compose reports (`getMostSpecificError`): the first of the most
/// specific.
pub(super) fn most_specific(failures: &[Failure<'_>]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (index, failure) in failures.iter().enumerate() {
        if best.is_none_or(|best| failure.specificity > failures[best].specificity) {
            best = Some(index);
        }
    }
    best
}

enum Segment<'t> {
    Key(&'t str),
    Index(usize),
}

/// Walks a value and the schema together, keeping the instance path.
struct Walker<'t> {
    schemas: &'static [Schema],
    path: Vec<Segment<'t>>,
}

impl<'t> Walker<'t> {
    fn check(&mut self, value: &'t Node, id: SchemaId, failures: &mut Vec<Failure<'t>>) {
        let schema = &self.schemas[usize::from(id)];
        if schema.accepts_anything {
            return;
        }
        // jsonschema stops at the first of these that fails.
        if matches!(value.value, Value::Timestamp(_)) {
            return self.fail(value, Problem::NotJson, failures);
        }
        if !schema.types.is_unconstrained() && !has_type(&value.value, schema.types) {
            return self.fail(value, Problem::Type(schema.types), failures);
        }
        if !schema.enumeration.is_empty()
            && !value
                .as_str()
                .is_some_and(|text| schema.enumeration.contains(&text))
        {
            return self.fail(value, Problem::Enum(schema.enumeration), failures);
        }

        match &value.value {
            Value::Mapping(_) => self.check_mapping(value, schema, failures),
            Value::Sequence(items) => self.check_sequence(items, schema, failures),
            Value::String(text) => {
                if let Some(pattern) = schema.pattern
                    && !pattern.is_found_in(text)
                {
                    self.fail(value, Problem::Pattern { text, pattern }, failures);
                }
            }
            Value::Int(_) | Value::Float(_) => {
                if let Some(bound) = schema.minimum
                    && is_below(&value.value, bound)
                {
                    self.fail(value, Problem::Minimum(bound), failures);
                }
                if let Some(bound) = schema.maximum
                    && is_above(&value.value, bound)
                {
                    self.fail(value, Problem::Maximum(bound), failures);
                }
            }
            Value::Null | Value::Bool(_) | Value::Timestamp(_) => {}
        }

        if !schema.one_of.is_empty() {
            self.check_one_of(value, schema.one_of, failures);
        }
    }

    fn check_mapping(
        &mut self,
        mapping: &'t Node,
        schema: &Schema,
        failures: &mut Vec<Failure<'t>>,
    ) {
        let entries = mapping.as_mapping().unwrap_or_default();
        let missing: Vec<&'static str> = schema
            .required
            .iter()
            .copied()
            .filter(|name| mapping.entry(name).is_none())
            .collect();
        if !missing.is_empty() {
            self.fail(mapping, Problem::Required(missing), failures);
        }

        let mut unknown: Vec<&'t Node> = Vec::new();
        for entry in entries {
            // compose-go stops at a key that is not a string before it validates.
            let Some(key) = entry.key.as_str() else {
                continue;
            };
            self.path.push(Segment::Key(key));
            let mut covered = false;
            if let Some(property) = schema.property(key) {
                covered = true;
                self.check(&entry.value, property, failures);
            }
            for (pattern, property) in schema.pattern_properties {
                if pattern.is_found_in(key) {
                    covered = true;
                    self.check(&entry.value, *property, failures);
                }
            }
            self.path.pop();
            if !covered && !schema.additional_properties {
                unknown.push(&entry.key);
            }
        }
        if let Some(first) = unknown.first() {
            let keys = unknown.iter().filter_map(|key| key.as_str()).collect();
            self.fail(first, Problem::AdditionalProperties(keys), failures);
        }
    }

    fn check_sequence(
        &mut self,
        items: &'t [Node],
        schema: &Schema,
        failures: &mut Vec<Failure<'t>>,
    ) {
        if schema.unique_items
            && let Some((first, second)) = first_duplicate(items)
        {
            let problem = Problem::Duplicates { first, second };
            self.fail(&items[second], problem, failures);
        }
        if let Some(item_schema) = schema.items {
            for (index, item) in items.iter().enumerate() {
                self.path.push(Segment::Index(index));
                self.check(item, item_schema, failures);
                self.path.pop();
            }
        }
    }

    /// `oneOf`: exactly one alternative must match. When none does, the errors of the
    /// alternative that holds the first most specific one stand for all (compose reports a
    /// single error from them anyway).
    fn check_one_of(
        &mut self,
        value: &'t Node,
        alternatives: &[SchemaId],
        failures: &mut Vec<Failure<'t>>,
    ) {
        let mut matched = None;
        let mut closest: Option<Vec<Failure<'t>>> = None;
        for (index, alternative) in alternatives.iter().enumerate() {
            let mut attempt = Vec::new();
            self.check(value, *alternative, &mut attempt);
            if attempt.is_empty() {
                if let Some(first) = matched {
                    let problem = Problem::SeveralAlternatives {
                        first,
                        second: index,
                    };
                    return self.fail(value, problem, failures);
                }
                matched = Some(index);
            } else if matched.is_none()
                && closest.as_ref().is_none_or(|closest| {
                    highest_specificity(&attempt) > highest_specificity(closest)
                })
            {
                closest = Some(attempt);
            }
        }
        if matched.is_none() {
            failures.extend(closest.unwrap_or_default());
        }
    }

    fn fail(&self, at: &'t Node, problem: Problem<'t>, failures: &mut Vec<Failure<'t>>) {
        let mut path = String::new();
        for (index, segment) in self.path.iter().enumerate() {
            if index > 0 {
                path.push('.');
            }
            // Writing to a String cannot fail.
            let _ = match segment {
                Segment::Key(key) => path.write_str(key),
                Segment::Index(index) => write!(path, "{index}"),
            };
        }
        let unknown_properties = usize::from(matches!(problem, Problem::AdditionalProperties(_)));
        failures.push(Failure {
            path,
            specificity: self.path.len() + unknown_properties,
            at,
            problem,
        });
    }
}

fn highest_specificity(failures: &[Failure<'_>]) -> usize {
    failures
        .iter()
        .map(|failure| failure.specificity)
        .max()
        .unwrap_or_default()
}

/// jsonschema's `type` check: Go's decoded integers and floats are both `number`, and a
/// number is an `integer` when it has no fraction (`1.0` is one).
fn has_type(value: &Value, types: Types) -> bool {
    let actual = match value {
        Value::Null => Types::NULL,
        Value::Bool(_) => Types::BOOLEAN,
        Value::Int(_) => return types.contains(Types::NUMBER.or(Types::INTEGER)),
        Value::Float(number) => {
            return types.contains(Types::NUMBER)
                || (types.contains(Types::INTEGER) && number.is_finite() && number.fract() == 0.0);
        }
        Value::String(_) | Value::Timestamp(_) => Types::STRING,
        Value::Sequence(_) => Types::ARRAY,
        Value::Mapping(_) => Types::OBJECT,
    };
    types.contains(actual)
}

fn is_below(number: &Value, bound: i32) -> bool {
    match number {
        Value::Int(integer) => *integer < i128::from(bound),
        Value::Float(float) => *float < f64::from(bound),
        _ => false,
    }
}

fn is_above(number: &Value, bound: i32) -> bool {
    match number {
        Value::Int(integer) => *integer > i128::from(bound),
        Value::Float(float) => *float > f64::from(bound),
        _ => false,
    }
}

/// `uniqueItems`: the first item equal to a later one and that later one, where the later
/// one is the first that has an equal before it. jsonschema gives up (with an error about
/// the timestamp, reported at the item anyway) when it compares an item holding a
/// timestamp; plumb stops there too. Items are compared by a canonical key, so a long list
/// costs no more than sorting it.
fn first_duplicate(items: &[Node]) -> Option<(usize, usize)> {
    let mut seen: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
    for (index, item) in items.iter().enumerate() {
        match canonical(item) {
            Canonical::Key(key) => {
                if let Some(first) = seen.get(&key) {
                    return Some((*first, index));
                }
                seen.insert(key, index);
            }
            Canonical::NeverEqual => {}
            // jsonschema compares each item with those before it, so the first item is
            // never the one it gives up on.
            Canonical::HoldsTimestamp if index == 0 => {}
            Canonical::HoldsTimestamp => return None,
        }
    }
    None
}

/// What jsonschema's `equals` makes of an item.
enum Canonical {
    /// Bytes equal for two items exactly when `equals` finds them equal: mappings whatever
    /// their key order, numbers by value (`1` and `1.0` are equal).
    Key(Vec<u8>),
    /// Holds a NaN, which equals nothing.
    NeverEqual,
    /// Holds a timestamp, which `equals` refuses.
    HoldsTimestamp,
}

/// The item's [`Canonical`] form, built with a stack rather than recursion: items may nest
/// deeply.
fn canonical(item: &Node) -> Canonical {
    enum Pending<'n> {
        Value(&'n Node),
        Key(&'n str),
        Close(u8),
    }
    let mut key = Vec::new();
    let mut pending = vec![Pending::Value(item)];
    // Every part starts with its kind and has a fixed length or says its length, so that
    // the parts of different items cannot join into the same key.
    fn push_text(key: &mut Vec<u8>, kind: u8, text: &str) {
        key.push(kind);
        key.extend_from_slice(&text.len().to_le_bytes());
        key.extend_from_slice(text.as_bytes());
    }
    while let Some(next) = pending.pop() {
        let node = match next {
            Pending::Value(node) => node,
            Pending::Key(name) => {
                push_text(&mut key, b'k', name);
                continue;
            }
            Pending::Close(bracket) => {
                key.push(bracket);
                continue;
            }
        };
        match &node.value {
            Value::Null => key.push(b'n'),
            Value::Bool(boolean) => key.push(if *boolean { b't' } else { b'f' }),
            Value::Int(integer) => {
                key.push(b'i');
                key.extend_from_slice(&integer.to_le_bytes());
            }
            // An integral float below 2^127 equals the integer of its value.
            Value::Float(float)
                if float.is_finite() && float.fract() == 0.0 && float.abs() < 2f64.powi(127) =>
            {
                key.push(b'i');
                key.extend_from_slice(&(*float as i128).to_le_bytes());
            }
            Value::Float(float) if float.is_nan() => return Canonical::NeverEqual,
            Value::Float(float) => {
                key.push(b'r');
                key.extend_from_slice(&float.to_bits().to_le_bytes());
            }
            Value::String(text) => push_text(&mut key, b's', text),
            Value::Timestamp(_) => return Canonical::HoldsTimestamp,
            Value::Sequence(items) => {
                key.push(b'[');
                pending.push(Pending::Close(b']'));
                pending.extend(items.iter().rev().map(Pending::Value));
            }
            Value::Mapping(entries) => {
                let mut sorted: Vec<_> = entries
                    .iter()
                    .filter_map(|entry| Some((entry.key.as_str()?, &entry.value)))
                    .collect();
                sorted.sort_unstable_by_key(|(name, _)| *name);
                key.push(b'{');
                pending.push(Pending::Close(b'}'));
                for (name, value) in sorted.into_iter().rev() {
                    pending.push(Pending::Value(value));
                    pending.push(Pending::Key(name));
                }
            }
        }
    }
    Canonical::Key(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::schema::patterns::{CharClass, Pattern, Sequence, Step};
    use crate::yaml;

    static LOWER: Pattern = Pattern {
        source: "^[a-z]+$",
        alternatives: &[Sequence {
            from_start: true,
            to_end: true,
            steps: &[Step {
                class: CharClass::Ranges(&[('a', 'z')]),
                repeated: true,
            }],
        }],
    };

    /// 0: a string, 1: a number, 2: an integer, 3: `{}`, 4: no keywords, 5: number or
    /// integer (both match an integer), 6: a mapping whose `a` is a string and whose
    /// lower-case keys are integers, nothing else allowed.
    static SCHEMAS: [Schema; 7] = [
        Schema {
            types: Types::STRING,
            ..Schema::NONE
        },
        Schema {
            types: Types::NUMBER,
            ..Schema::NONE
        },
        Schema {
            types: Types::INTEGER,
            minimum: Some(0),
            ..Schema::NONE
        },
        Schema::ANYTHING,
        Schema::NONE,
        Schema {
            one_of: &[1, 2],
            ..Schema::NONE
        },
        Schema {
            properties: &[("a", 0)],
            pattern_properties: &[(&LOWER, 2)],
            additional_properties: false,
            ..Schema::NONE
        },
    ];

    fn messages(text: &str, root: SchemaId) -> Vec<(String, usize)> {
        let value = &yaml::parse(text).unwrap()[0];
        failures(value, &SCHEMAS, root)
            .into_iter()
            .map(|failure| (failure.problem.message(&failure.path), failure.specificity))
            .collect()
    }

    #[test]
    fn only_the_empty_schema_accepts_a_timestamp() {
        assert_eq!(messages("2001-12-14", 3), []);
        assert_eq!(
            messages("2001-12-14", 4),
            [(" invalid jsonType time.Time".to_owned(), 0)]
        );
        assert_eq!(messages("[1, {a: b}]", 4), []);
    }

    #[test]
    fn integers_are_numbers_and_integral_numbers_integers() {
        assert_eq!(messages("1", 1), []);
        assert_eq!(messages("1.0", 2), []);
        assert_eq!(messages("-0.0", 2), []);
        assert_eq!(messages("1.5", 2), [(" must be a integer".to_owned(), 0)]);
        assert_eq!(messages(".inf", 2), [(" must be a integer".to_owned(), 0)]);
        assert_eq!(
            messages("-1.0", 2),
            [(" must be greater than or equal to 0".to_owned(), 0)]
        );
    }

    #[test]
    fn a_value_matching_two_alternatives_fails_one_of() {
        assert_eq!(
            messages("7", 5),
            [(" oneOf failed, subschemas 0, 1 matched".to_owned(), 0)]
        );
        assert_eq!(messages("7.5", 5), []);
    }

    #[test]
    fn a_key_may_meet_both_its_property_and_a_pattern() {
        // `a` is a property (a string) and lower-case (an integer): no value is both.
        assert_eq!(
            messages("{a: x, b: 1, B: 1}", 6),
            [
                ("a must be a integer".to_owned(), 1),
                (" additional properties 'B' not allowed".to_owned(), 1),
            ]
        );
    }
}
