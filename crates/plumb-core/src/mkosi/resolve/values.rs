//! One assignment's value as mkosi's parser for the setting makes it, in the JSON
//! `mkosi --json summary` writes: `null` for an assignment that resets the setting, and the
//! old value extended for lists. A value mkosi refuses is an error in mkosi's words.

use super::path_expansion::{expand_home, expand_variables};
use super::paths;
use super::script_environment::environment_entry;
use super::shell_words::shell_words;
use crate::mkosi::resolution::{Item, Kind};
use crate::mkosi::tree::boolean;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Where a value is read: paths are made absolute from `directory` and checked in `files`;
/// `Environment=NAME` takes NAME from the host's `environment`.
pub struct Place<'a> {
    pub directory: &'a str,
    pub files: &'a dyn super::files::TreeFiles,
    pub environment: &'a BTreeMap<String, String>,
}

/// What `text` makes of a setting of `kind` holding `old`: `Ok(None)` when plumb does not
/// compute values of that kind.
pub fn parse(
    kind: Kind,
    text: &str,
    old: Option<&Value>,
    place: &Place,
) -> Result<Option<Value>, String> {
    if let Kind::List {
        separator,
        unescape,
        reset,
        item,
        sorted,
    } = kind
    {
        let mut value = list(text, old, separator, unescape, reset, item, place)?;
        if sorted && let Some(Value::Array(items)) = &mut value {
            items.sort_by_key(package_order);
        }
        return Ok(value);
    }
    if let Kind::Dict {
        separator,
        unescape,
        reset,
        from_host,
    } = kind
    {
        let from_host = from_host.then_some(place.environment);
        return dictionary(text, old, separator, unescape, reset, from_host);
    }
    if text.is_empty() {
        // Every single value resets on an empty assignment, except MinimumVersion, which
        // plumb does not compute.
        return Ok((kind != Kind::Other).then_some(Value::Null));
    }
    let value = match kind {
        Kind::String => json!(text),
        Kind::Boolean => json!(parse_boolean(text)?),
        Kind::Feature => json!(feature(text)?),
        Kind::Enum { name, values } => json!(member(text, name, values)?),
        Kind::EnumOrBoolean { yes, no, values } => match values.contains(&text) {
            true => json!(text),
            false => json!(if parse_boolean(text)? { yes } else { no }),
        },
        Kind::Compression(names) => match names.iter().find(|(name, _)| *name == text) {
            Some((_, value)) => json!(value),
            None => json!(if parse_boolean(text)? { "zstd" } else { "none" }),
        },
        Kind::Number => {
            json!(integer(text).ok_or(format!("{} is not a valid number", python_repr(text)))?)
        }
        Kind::NonNegative(what) => {
            let number = integer(text).ok_or(format!(
                "{what} {} is not a valid integer",
                python_repr(text)
            ))?;
            if number < 0 {
                return Err(format!("{what} cannot be negative (got {text})"));
            }
            json!(number)
        }
        Kind::Bytes => json!(bytes(text)?),
        Kind::Filename | Kind::Profile => {
            if !is_filename(text) {
                return Err(format!("{} is not a valid filename", python_repr(text)));
            }
            json!(text)
        }
        Kind::Seed if text == "random" => Value::Null,
        // A fresh UUID each run, which no summary can tell.
        Kind::Uuid if text == "random" => return Ok(None),
        Kind::Seed | Kind::Uuid => {
            json!(uuid(text).ok_or(format!("{text} is not a valid UUID"))?)
        }
        Kind::Path {
            required,
            resolve,
            constants,
        } => match constants.contains(&text) {
            true => json!(text),
            false => match path(text, path_checks(required), resolve, place)? {
                Some(path) => json!(path),
                None => return Ok(None),
            },
        },
        Kind::List { .. } | Kind::Dict { .. } | Kind::Other => return Ok(None),
    };
    Ok(Some(value))
}

fn list(
    text: &str,
    old: Option<&Value>,
    separator: char,
    unescape: bool,
    reset: bool,
    item: Item,
    place: &Place,
) -> Result<Option<Value>, String> {
    let Some(items) = split_items(text, separator, unescape, reset)? else {
        return Ok(Some(Value::Null));
    };
    let written: Vec<&String> = items.iter().filter(|item| !item.is_empty()).collect();
    let mut values = match old {
        Some(Value::Array(values)) => values.clone(),
        _ => Vec::new(),
    };
    for text in written {
        let value = match item {
            Item::String => json!(text),
            Item::Path { required } => match path(text, path_checks(required), true, place)? {
                Some(path) => json!(path),
                None => return Ok(None),
            },
            Item::Tree {
                absolute,
                required,
                directory,
            } => match tree(text, (absolute, required, directory), place)? {
                Some(tree) => tree,
                None => return Ok(None),
            },
            Item::Enum { name, values } => json!(member(text, name, values)?),
            Item::Profile if !is_filename(text) => {
                return Err(format!("{} is not a valid profile", python_repr(text)));
            }
            Item::Profile => json!(text),
            Item::Other => return Ok(None),
        };
        values.push(value);
    }
    Ok(Some(Value::Array(values)))
}

/// A list's or dictionary's items as mkosi's parsers split them: at `separator` and line
/// breaks (as a shell splits words, with `unescape`); `None` for an assignment that resets
/// the setting (nothing written, with `reset`).
fn split_items(
    text: &str,
    separator: char,
    unescape: bool,
    reset: bool,
) -> Result<Option<Vec<String>>, String> {
    let items: Vec<String> = if unescape {
        shell_words(text, &['\n', separator])?
    } else {
        text.split(['\n', separator]).map(str::to_owned).collect()
    };
    let empty = if unescape {
        items.is_empty()
    } else {
        items.len() == 1 && items[0].is_empty()
    };
    Ok((!(reset && empty)).then_some(items))
}

/// mkosi's `config_make_dict_parser`: the items split as a list's are, each `KEY=value`,
/// added to `old`'s; a key without `=` takes its value from the host's environment where
/// `from_host` is given (`parse_environment`), else is empty.
fn dictionary(
    text: &str,
    old: Option<&Value>,
    separator: char,
    unescape: bool,
    reset: bool,
    from_host: Option<&BTreeMap<String, String>>,
) -> Result<Option<Value>, String> {
    let Some(items) = split_items(text, separator, unescape, reset)? else {
        return Ok(Some(Value::Null));
    };
    // Sorted by key, as mkosi's JSON writes dictionaries.
    let mut entries: BTreeMap<String, Value> = match old {
        Some(Value::Object(entries)) => entries.clone().into_iter().collect(),
        _ => BTreeMap::new(),
    };
    for item in items.iter().filter(|item| !item.is_empty()) {
        let (key, value) = environment_entry(item, from_host);
        entries.insert(key.to_owned(), json!(value));
    }
    Ok(Some(Value::Object(entries.into_iter().collect())))
}

/// mkosi 26's `package_sort_key`: names first, then paths, then `(…)` expressions, each
/// group sorted by its text.
fn package_order(item: &Value) -> (u8, String) {
    let text = item.as_str().unwrap_or_default();
    let group = if text.starts_with('(') {
        2
    } else if text.starts_with('/') {
        1
    } else {
        0
    };
    (group, text.to_owned())
}

/// mkosi's `is_valid_filename`: not `.` or `..` (spaces aside), no `/`.
fn is_filename(text: &str) -> bool {
    let trimmed = text.trim();
    trimmed != "." && trimmed != ".." && !text.contains('/')
}

/// mkosi's `parse_boolean`.
pub fn parse_boolean(text: &str) -> Result<bool, String> {
    boolean(text).ok_or_else(|| format!("Invalid boolean literal: '{text}'"))
}

/// A feature: its name, else a boolean meaning enabled or disabled.
pub fn feature(text: &str) -> Result<&str, String> {
    if ["auto", "enabled", "disabled"].contains(&text) {
        return Ok(text);
    }
    Ok(if parse_boolean(text)? {
        "enabled"
    } else {
        "disabled"
    })
}

/// `text` if it is one of the enumeration `name`'s values.
pub fn member<'a>(text: &'a str, name: &str, values: &[&str]) -> Result<&'a str, String> {
    if values.contains(&text) {
        Ok(text)
    } else {
        Err(format!("{} is not a valid {name}", python_repr(text)))
    }
}

/// Python's `repr()` of a string: in single quotes unless it holds one and no double one.
pub fn python_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut written = String::from(quote);
    for character in text.chars() {
        match character {
            '\\' => written.push_str("\\\\"),
            '\n' => written.push_str("\\n"),
            '\t' => written.push_str("\\t"),
            c if c == quote => {
                written.push('\\');
                written.push(c);
            }
            c => written.push(c),
        }
    }
    written.push(quote);
    written
}

/// Python's `int()` of a decimal text: surrounding space, a sign, digits and underscores
/// between them.
fn integer(text: &str) -> Option<i64> {
    let text = text.trim();
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let valid = !digits.is_empty()
        && !digits.starts_with('_')
        && !digits.ends_with('_')
        && !digits.contains("__")
        && digits.chars().all(|c| c.is_ascii_digit() || c == '_');
    valid.then(|| text.replace('_', "").parse().ok())?
}

/// mkosi's `parse_bytes`: K, M or G multiply, the result rounded up to 4096.
fn bytes(text: &str) -> Result<i64, String> {
    let (number, factor) = match text.char_indices().last() {
        Some((at, 'G')) => (&text[..at], 1024f64.powi(3)),
        Some((at, 'M')) => (&text[..at], 1024f64.powi(2)),
        Some((at, 'K')) => (&text[..at], 1024f64),
        _ => (text, 1f64),
    };
    let number: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("could not convert string to float: '{number}'"))?;
    let result = (number * factor).ceil();
    if !result.is_finite() || result <= 0.0 || result > 9e15 {
        return Err("Size out of range".to_owned());
    }
    let result = result as i64;
    Ok((result + 4095) / 4096 * 4096)
}

/// A UUID in any of the forms Python's `uuid.UUID` reads, written in its canonical form.
fn uuid(text: &str) -> Option<String> {
    let hex: String = text
        .trim_start_matches("urn:")
        .trim_start_matches("uuid:")
        .trim_matches(['{', '}'])
        .replace('-', "");
    (hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit())).then(|| {
        let hex = hex.to_lowercase();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    })
}

/// mkosi's `parse_path`: made absolute and `..` applied when `resolve`d; a `required` one
/// must exist.
/// What `parse_path` checks of a path besides making it absolute.
#[derive(Clone, Copy)]
struct Checks {
    /// It must exist.
    required: bool,
    /// If it must exist, as a directory.
    directory: bool,
}

/// A path as mkosi's `parse_path` makes it: variables and `~` expanded, checked, made
/// absolute (with `resolve`); `None` where `~` needs the password database.
fn path(
    text: &str,
    checks: Checks,
    resolve: bool,
    place: &Place,
) -> Result<Option<String>, String> {
    let text = expand_variables(text, place.environment);
    let Some(text) = expand_home(&text, place.environment) else {
        return Ok(None);
    };
    let absolute = paths::resolve(place.directory, &text);
    if checks.required {
        if !place.files.exists(&absolute) {
            return Err(format!("{text} does not exist"));
        }
        if checks.directory && !place.files.is_directory(&absolute) {
            return Err(format!("{text} is not a directory"));
        }
    }
    Ok(Some(if resolve {
        absolute
    } else {
        paths::pure(&text)
    }))
}

/// A path that must exist, or need not.
fn path_checks(required: bool) -> Checks {
    Checks {
        required,
        directory: false,
    }
}

/// A `SOURCE[:TARGET]` tree: the source read as a path (checked as `required` and
/// `directory` say), then the target, its variables expanded, not its `~`.
fn tree(
    text: &str,
    (absolute, required, directory): (bool, bool, bool),
    place: &Place,
) -> Result<Option<Value>, String> {
    let (source, target) = match text.split_once(':') {
        Some((source, target)) => (source, Some(target)),
        None => (text, None),
    };
    let checks = Checks {
        required,
        directory,
    };
    let Some(source) = path(source, checks, true, place)? else {
        return Ok(None);
    };
    let target = match target {
        Some(target) => {
            let target = expand_variables(target, place.environment);
            if absolute && !target.starts_with('/') {
                return Err(format!("{target} must be an absolute path"));
            }
            json!(paths::pure(&target))
        }
        None => Value::Null,
    };
    let mut entry = Map::new();
    entry.insert("Source".to_owned(), json!(source));
    entry.insert("Target".to_owned(), target);
    Ok(Some(Value::Object(entry)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mkosi::resolve::files::MemoryFiles;

    fn parsed(kind: Kind, text: &str) -> Result<Option<Value>, String> {
        let files = MemoryFiles::new([("/tree/mkosi.build".to_owned(), String::new())]);
        let environment = BTreeMap::from([("HOME".to_owned(), "/root".to_owned())]);
        let place = Place {
            directory: "/tree",
            files: &files,
            environment: &environment,
        };
        parse(kind, text, None, &place)
    }

    #[test]
    fn values_read_as_mkosi_reads_them() {
        assert_eq!(parsed(Kind::Bytes, "1.5G"), Ok(Some(json!(1610612736))));
        assert_eq!(parsed(Kind::Bytes, "1"), Ok(Some(json!(4096))));
        assert_eq!(parsed(Kind::Number, " +1_0"), Ok(Some(json!(10))));
        assert!(parsed(Kind::Number, "1__0").is_err());
        assert_eq!(parsed(Kind::Feature, "yes"), Ok(Some(json!("enabled"))));
        assert_eq!(
            parsed(Kind::Seed, "{0123456789ABCDEF0123456789abcdef}"),
            Ok(Some(json!("01234567-89ab-cdef-0123-456789abcdef")))
        );
        assert_eq!(parsed(Kind::String, ""), Ok(Some(Value::Null)));
        let scripts = Kind::List {
            separator: ',',
            unescape: false,
            reset: true,
            item: Item::Path { required: true },
            sorted: false,
        };
        assert_eq!(
            parsed(scripts, "mkosi.build"),
            Ok(Some(json!(["/tree/mkosi.build"])))
        );
        assert_eq!(
            parsed(scripts, "missing"),
            Err("missing does not exist".to_owned())
        );
        let trees = Kind::List {
            separator: ',',
            unescape: false,
            reset: true,
            item: Item::Tree {
                absolute: true,
                required: false,
                directory: false,
            },
            sorted: false,
        };
        assert_eq!(
            parsed(trees, "src:/usr/src/"),
            Ok(Some(json!([{"Source": "/tree/src", "Target": "/usr/src"}])))
        );
        assert!(parsed(trees, "src:usr").is_err());
    }
}
