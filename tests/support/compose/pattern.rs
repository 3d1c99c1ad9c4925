//! The regular expressions plumb-core's schema matcher (`compose/schema/patterns.rs`)
//! knows: alternatives (`a|b`), `^` and `$` at their ends, literal characters, `.`,
//! classes of characters and ranges (`[a-z._-]`), `+`, and a group as the last part of an
//! alternative not anchored at its end (`every_([0-9]+[wdhms])+`), which a search finds
//! exactly when it finds the group's content once. Anything else is refused, so that no
//! pattern is matched differently from Go's `regexp`.

use std::fmt::Write as _;

/// `source` as the Rust expression of a `Pattern`, or why it cannot be one.
pub fn pattern_code(source: &str) -> Result<String, String> {
    let refuse = |why: &str| {
        format!(
            "pattern {source:?}: {why}; plumb's matcher knows `|`, `^`, `$`, literals, `.`, \
             `[...]` classes, `+` and a final group (extend tests/support/compose/pattern.rs \
             and crates/plumb-core/src/compose/schema/patterns.rs)"
        )
    };
    let mut code = format!("Pattern {{\n    source: {source:?},\n    alternatives: &[\n");
    for alternative in split_alternatives(source).map_err(|why| refuse(&why))? {
        let sequence = parse_alternative(alternative).map_err(|why| refuse(&why))?;
        sequence.write_code(&mut code);
    }
    code.push_str("    ],\n}");
    Ok(code)
}

struct Sequence {
    from_start: bool,
    to_end: bool,
    steps: Vec<Step>,
}

struct Step {
    class: Class,
    repeated: bool,
}

enum Class {
    Char(char),
    AnyButNewline,
    Ranges(Vec<(char, char)>),
}

/// The most steps an alternative may have: the matcher keeps its states in a `u64`.
const MAX_STEPS: usize = 63;

impl Sequence {
    fn write_code(&self, code: &mut String) {
        // Writing to a String cannot fail.
        let _ = writeln!(code, "        Sequence {{");
        let _ = writeln!(code, "            from_start: {},", self.from_start);
        let _ = writeln!(code, "            to_end: {},", self.to_end);
        let _ = writeln!(code, "            steps: &[");
        for step in &self.steps {
            let class = match &step.class {
                Class::Char(character) => format!("CharClass::Char({character:?})"),
                Class::AnyButNewline => "CharClass::AnyButNewline".to_owned(),
                Class::Ranges(ranges) => {
                    let ranges: Vec<String> = ranges
                        .iter()
                        .map(|(first, last)| format!("({first:?}, {last:?})"))
                        .collect();
                    format!("CharClass::Ranges(&[{}])", ranges.join(", "))
                }
            };
            let _ = writeln!(
                code,
                "                Step {{ class: {class}, repeated: {} }},",
                step.repeated
            );
        }
        code.push_str("            ],\n        },\n");
    }
}

/// The alternatives of the top level (a `|` inside a group or a class does not split).
fn split_alternatives(source: &str) -> Result<Vec<&str>, String> {
    let mut alternatives = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut in_class = false;
    for (index, character) in source.char_indices() {
        match character {
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                depth = depth
                    .checked_sub(1)
                    .ok_or("a `)` without its `(`".to_owned())?
            }
            '|' if !in_class && depth == 0 => {
                alternatives.push(&source[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    alternatives.push(&source[start..]);
    Ok(alternatives)
}

fn parse_alternative(text: &str) -> Result<Sequence, String> {
    let (from_start, text) = match text.strip_prefix('^') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (to_end, text) = match text.strip_suffix('$') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let steps = match text.find('(') {
        None => parse_steps(text)?,
        Some(open) => {
            let group = text[open + 1..]
                .strip_suffix(")+")
                .or_else(|| text[open + 1..].strip_suffix(')'))
                .ok_or("a group that is not the last part of its alternative")?;
            if to_end {
                return Err("a group in an alternative anchored with `$`".to_owned());
            }
            let mut steps = parse_steps(&text[..open])?;
            steps.extend(parse_steps(group)?);
            steps
        }
    };
    if steps.len() > MAX_STEPS {
        return Err(format!("more than {MAX_STEPS} steps in one alternative"));
    }
    Ok(Sequence {
        from_start,
        to_end,
        steps,
    })
}

fn parse_steps(text: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        let class = match character {
            '.' => Class::AnyButNewline,
            '[' => parse_class(&mut characters)?,
            '\\' | '*' | '?' | '{' | '}' | '(' | ')' | ']' | '^' | '$' | '|' | '+' => {
                return Err(format!("`{character}` here"));
            }
            _ => Class::Char(character),
        };
        let repeated = characters.next_if_eq(&'+').is_some();
        if let Some(quantifier) = characters.next_if(|next| "+*?{".contains(*next)) {
            return Err(format!("`{quantifier}` after a quantifier"));
        }
        steps.push(Step { class, repeated });
    }
    Ok(steps)
}

/// A class after its `[`, up to and with its `]`.
fn parse_class(characters: &mut impl Iterator<Item = char>) -> Result<Class, String> {
    let mut members = Vec::new();
    let mut closed = false;
    for character in characters.by_ref() {
        match character {
            ']' => {
                closed = true;
                break;
            }
            '\\' | '[' => return Err(format!("`{character}` in a class")),
            '^' if members.is_empty() => return Err("a negated class".to_owned()),
            _ => members.push(character),
        }
    }
    if !closed || members.is_empty() {
        return Err("an empty or unclosed class".to_owned());
    }
    let mut ranges = Vec::new();
    let mut index = 0;
    while index < members.len() {
        let first = members[index];
        // A `-` between two members is a range; first or last it is itself.
        if members.get(index + 1) == Some(&'-') && index + 2 < members.len() {
            let last = members[index + 2];
            if first > last {
                return Err(format!("the range `{first}-{last}`"));
            }
            ranges.push((first, last));
            index += 3;
        } else {
            ranges.push((first, first));
            index += 1;
        }
    }
    Ok(Class::Ranges(ranges))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schemas_shapes_are_known() {
        for source in [
            "^x-",
            "^[a-zA-Z0-9._-]+$",
            "^.+$",
            ".+",
            "^[a-z]+$",
            "[a-zA-Z0-9][a-zA-Z0-9_.-]+",
            "always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+",
        ] {
            pattern_code(source).unwrap_or_else(|why| panic!("{why}"));
        }
    }

    #[test]
    fn a_class_holds_ranges_and_single_characters() {
        let code = pattern_code("^[a-z._-]+$").unwrap();
        assert!(
            code.contains("CharClass::Ranges(&[('a', 'z'), ('.', '.'), ('_', '_'), ('-', '-')])"),
            "{code}"
        );
    }

    #[test]
    fn a_final_group_is_found_by_its_content() {
        let code = pattern_code("every_([0-9]+[wd])+").unwrap();
        assert!(
            code.contains("Step { class: CharClass::Ranges(&[('0', '9')]), repeated: true }"),
            "{code}"
        );
    }

    #[test]
    fn other_shapes_are_refused() {
        for source in [
            "a*", "a?", "a{2}", "\\d", "[^a]", "(a)b", "(a)$", "((a))", "a++", "[a-]]", "[]",
            "[a(]b)",
        ] {
            assert!(pattern_code(source).is_err(), "{source} was accepted");
        }
    }
}
