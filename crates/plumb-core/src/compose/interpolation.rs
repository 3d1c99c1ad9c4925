//! Interpolation of one string value of a compose file, as compose-go v2.9.1's `template`
//! package does it (`template.Substitute`): `$$` is a literal `$`; `$VAR` and `${VAR}` are the
//! variable's value; `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`,
//! `${VAR?message}`, `${VAR:+alternative}` and `${VAR+alternative}` choose by whether the
//! variable is set and non-empty. Every other `${` is an error; a `$` followed by anything
//! else stays as it is (`cost $1`, `^REGEX$`).
//!
//! compose-go finds expressions with a regular expression and then counts braces, and plumb
//! reproduces what that combination does rather than a cleaner grammar:
//!
//! - An operator's operand runs to the first `}` that closes the expression's own brace,
//!   counting the braces inside it (`${A:-{"json":1}}` is `{"json":1}`), but the counting
//!   skips the character after every `{`, so a `{}` inside does not close anything.
//! - The regular expression does not cross a line break: an expression with an operator must
//!   have a `}` later on its line, and its operand never spans two lines.
//! - Operands are evaluated eagerly: `${A:-$B}` looks `B` up (and docker compose warns when
//!   `B` is unset) even when `A` is set. compose-go after v2.9.1 evaluates them lazily.
//! - An invalid-format message quotes the template compose-go was substituting when it found
//!   the error: the whole value, an operand, or the text after an expression with an operator
//!   up to the last `}` on its line, which compose-go substitutes on its own.

use std::collections::BTreeMap;
use std::ops::Range;

/// How deeply operands may nest (`${A:-${B:-…}}`) before plumb stops with
/// [`InterpolationError::TooDeeplyNested`]. Go's stacks grow without limit, plumb's
/// evaluation recurses; no real file comes near this.
pub const MAX_NESTING: usize = 64;

/// The result of [`interpolate`]: the value and every variable it looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interpolated {
    pub value: String,
    /// In the order of their place in the template; an expression comes before those in its
    /// operand.
    pub references: Vec<VariableReference>,
}

impl Interpolated {
    /// The references docker compose warns about with [`unset_variable_warning`], one per
    /// occurrence, in order.
    pub fn unset_without_default(&self) -> impl Iterator<Item = &VariableReference> {
        self.references
            .iter()
            .filter(|reference| reference.is_unset_without_default())
    }
}

/// One `$VAR` or `${VAR…}` in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableReference {
    pub name: String,
    /// The byte range of the whole expression in the template, `$` to the closing `}`.
    pub range: Range<usize>,
    pub kind: ReferenceKind,
    /// Whether the variable was set (possibly to the empty string).
    pub set: bool,
}

impl VariableReference {
    /// A plain reference to an unset variable: docker compose substitutes the empty string
    /// and warns.
    pub fn is_unset_without_default(&self) -> bool {
        !self.set && self.kind == ReferenceKind::Plain
    }
}

/// What an expression does with its variable. Operands are given as compose-go evaluated
/// them: themselves interpolated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceKind {
    /// `$VAR` or `${VAR}`: the value, or the empty string (and a warning) when unset.
    Plain,
    /// `${VAR:-default}`.
    DefaultWhenUnsetOrEmpty { default: String },
    /// `${VAR-default}`.
    DefaultWhenUnset { default: String },
    /// `${VAR:?message}`: an error when unset or empty.
    ErrorWhenUnsetOrEmpty { message: String },
    /// `${VAR?message}`: an error when unset.
    ErrorWhenUnset { message: String },
    /// `${VAR:+alternative}`: the alternative when set and non-empty, else the value.
    AlternativeWhenNonEmpty { alternative: String },
    /// `${VAR+alternative}`: the alternative when set, else the empty string.
    AlternativeWhenSet { alternative: String },
}

/// Why a template could not be interpolated. Ranges are byte ranges in the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterpolationError {
    /// A `${` that starts no valid expression (`${`, `${}`, `${ foo}`, `${foo!}`,
    /// `${VAR/a/b}`). `range` is the `${` and what follows up to the next `}` on its line;
    /// `quoted` is the part of the template docker compose prints in its message.
    InvalidFormat {
        range: Range<usize>,
        quoted: Range<usize>,
    },
    /// `${VAR:?message}` or `${VAR?message}` with the variable missing; `message` is the
    /// operand, interpolated.
    Required {
        name: String,
        message: String,
        range: Range<usize>,
    },
    /// Operands nested deeper than [`MAX_NESTING`]: plumb's limit, not compose's.
    TooDeeplyNested { range: Range<usize> },
}

impl InterpolationError {
    /// Where in the template the problem is.
    pub fn range(&self) -> Range<usize> {
        match self {
            Self::InvalidFormat { range, .. }
            | Self::Required { range, .. }
            | Self::TooDeeplyNested { range } => range.clone(),
        }
    }

    /// docker compose's message for the value at `path` (`services.web.image`; list items are
    /// `[]`, as in `services.web.command.[]`), given the template this error came from.
    pub fn message(&self, path: &str, template: &str) -> String {
        match self {
            Self::InvalidFormat { quoted, .. } => format!(
                "invalid interpolation format for {path}.\nYou may need to escape any $ with another $.\n{}",
                template.get(quoted.clone()).unwrap_or_default()
            ),
            _ => format!(
                "error while interpolating {path}: {}",
                self.reason(template)
            ),
        }
    }

    /// compose-go's `template` error text without the path, as the `.env` parser reports it:
    /// `Invalid template: "${"`, `required variable X is missing a value: message`.
    pub fn reason(&self, template: &str) -> String {
        match self {
            Self::InvalidFormat { quoted, .. } => format!(
                "Invalid template: {}",
                crate::go_units::strconv::quote(template.get(quoted.clone()).unwrap_or_default())
            ),
            Self::Required { name, message, .. } if message.is_empty() => {
                format!("required variable {name} is missing a value")
            }
            Self::Required { name, message, .. } => {
                format!("required variable {name} is missing a value: {message}")
            }
            Self::TooDeeplyNested { .. } => {
                format!("plumb follows defaults nested at most {MAX_NESTING} deep")
            }
        }
    }
}

/// Interpolates `template` with `variables`, as docker compose does every string value of a
/// compose file.
pub fn interpolate(
    template: &str,
    variables: &BTreeMap<String, String>,
) -> Result<Interpolated, InterpolationError> {
    interpolate_with(template, &|name| variables.get(name).cloned())
}

/// [`interpolate`] with the variables as a function (`None`: unset), for environments made of
/// layers such as the process environment over a `.env` file.
pub fn interpolate_with(
    template: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Interpolated, InterpolationError> {
    evaluate(template, Some(lookup))
}

/// The variables `template` uses, whatever the environment: the references interpolation
/// would make, each with `set: false`, operands evaluated with no variable set, and a
/// required variable no error. This lists what compose-go v2.9.1's interpolation looks up
/// (so what it can warn about), names in error messages included; `docker compose config
/// --variables` uses another function, `template.ExtractVariables`, which skips those.
/// Fails only for invalid templates.
pub fn references(template: &str) -> Result<Vec<VariableReference>, InterpolationError> {
    evaluate(template, None).map(|interpolated| interpolated.references)
}

/// `value` with every `$` doubled, so that interpolation gives `value` back: how
/// `docker compose config` writes the values it resolved.
pub fn escape(value: &str) -> String {
    value.replace('$', "$$")
}

/// docker compose's warning for a plain reference to an unset variable.
pub fn unset_variable_warning(name: &str) -> String {
    format!(
        "The {} variable is not set. Defaulting to a blank string.",
        crate::go_units::strconv::quote(name)
    )
}

/// Where variables are looked up: `None` for unset.
type Lookup<'a> = dyn Fn(&str) -> Option<String> + 'a;

fn evaluate(template: &str, lookup: Option<&Lookup>) -> Result<Interpolated, InterpolationError> {
    let mut evaluator = Evaluator {
        template,
        lookup,
        references: Vec::new(),
    };
    let value = evaluator.substitute(0..template.len(), 0)?;
    Ok(Interpolated {
        value,
        references: evaluator.references,
    })
}

/// The six operators, in the order `:-`, `-`, `:?`, `?`, `:+`, `+`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    DefaultWhenUnsetOrEmpty,
    DefaultWhenUnset,
    ErrorWhenUnsetOrEmpty,
    ErrorWhenUnset,
    AlternativeWhenNonEmpty,
    AlternativeWhenSet,
}

impl Operator {
    /// The operator at `bytes[at..]` (a `:` binds to the `-`, `?` or `+` after it) and its
    /// length.
    fn at(bytes: &[u8], at: usize) -> Option<(Operator, usize)> {
        let single = |byte: Option<&u8>| match byte {
            Some(b'-') => Some(Operator::DefaultWhenUnset),
            Some(b'?') => Some(Operator::ErrorWhenUnset),
            Some(b'+') => Some(Operator::AlternativeWhenSet),
            _ => None,
        };
        if bytes.get(at) == Some(&b':') {
            let operator = match single(bytes.get(at + 1))? {
                Operator::DefaultWhenUnset => Operator::DefaultWhenUnsetOrEmpty,
                Operator::ErrorWhenUnset => Operator::ErrorWhenUnsetOrEmpty,
                _ => Operator::AlternativeWhenNonEmpty,
            };
            return Some((operator, 2));
        }
        single(bytes.get(at)).map(|operator| (operator, 1))
    }

    fn kind(self, operand: String) -> ReferenceKind {
        match self {
            Operator::DefaultWhenUnsetOrEmpty => {
                ReferenceKind::DefaultWhenUnsetOrEmpty { default: operand }
            }
            Operator::DefaultWhenUnset => ReferenceKind::DefaultWhenUnset { default: operand },
            Operator::ErrorWhenUnsetOrEmpty => {
                ReferenceKind::ErrorWhenUnsetOrEmpty { message: operand }
            }
            Operator::ErrorWhenUnset => ReferenceKind::ErrorWhenUnset { message: operand },
            Operator::AlternativeWhenNonEmpty => ReferenceKind::AlternativeWhenNonEmpty {
                alternative: operand,
            },
            Operator::AlternativeWhenSet => ReferenceKind::AlternativeWhenSet {
                alternative: operand,
            },
        }
    }
}

/// What a `$` starts.
#[derive(Debug)]
enum Expression {
    /// `$$`.
    Escaped,
    /// A `$` that starts nothing: it stays as it is.
    Literal,
    /// `$VAR` or `${VAR}`.
    Plain {
        name: Range<usize>,
        end: usize,
    },
    /// `${VAR<operator><operand>}`; `end` is after its closing `}`.
    WithOperator {
        name: Range<usize>,
        operator: Operator,
        operand: Range<usize>,
        end: usize,
    },
    Invalid,
}

/// The regular expression's name class, `[_a-z][_a-z0-9]*` under `(?i)`: Go's case folding
/// adds `ſ` (folds to `s`) and the Kelvin sign `K` (folds to `k`).
fn is_name_start(ch: char) -> bool {
    ch == '_' || ch.is_ascii_alphabetic() || ch == 'ſ' || ch == '\u{212A}'
}

fn is_name_char(ch: char) -> bool {
    is_name_start(ch) || ch.is_ascii_digit()
}

/// Where the name starting at `start` ends (`start` when there is none).
fn name_end(text: &str, start: usize, limit: usize) -> usize {
    let mut end = start;
    for (offset, ch) in text[start..limit].char_indices() {
        let allowed = if offset == 0 {
            is_name_start(ch)
        } else {
            is_name_char(ch)
        };
        if !allowed {
            break;
        }
        end = start + offset + ch.len_utf8();
    }
    end
}

/// The expression the `$` at `dollar` starts, in a template that ends at `limit`.
fn expression_at(text: &str, dollar: usize, limit: usize) -> Expression {
    let bytes = text.as_bytes();
    match bytes.get(dollar + 1) {
        Some(b'$') if dollar + 1 < limit => return Expression::Escaped,
        Some(b'{') if dollar + 1 < limit => {}
        _ => {
            let end = name_end(text, dollar + 1, limit);
            return if end > dollar + 1 {
                Expression::Plain {
                    name: dollar + 1..end,
                    end,
                }
            } else {
                Expression::Literal
            };
        }
    }
    let name = dollar + 2..name_end(text, dollar + 2, limit);
    if name.is_empty() || name.end >= limit {
        return Expression::Invalid;
    }
    if bytes[name.end] == b'}' {
        return Expression::Plain {
            end: name.end + 1,
            name,
        };
    }
    let Some((operator, operator_length)) = Operator::at(&bytes[..limit], name.end) else {
        return Expression::Invalid;
    };
    let operand_start = name.end + operator_length;
    match closing_brace(bytes, dollar, limit) {
        Some(close) => Expression::WithOperator {
            name,
            operator,
            operand: operand_start..close,
            end: close + 1,
        },
        None => Expression::Invalid,
    }
}

/// The `}` that ends the expression whose `${` is at `dollar`. compose-go's regular
/// expression takes the expression to the last `}` on its line; then its brace counting
/// (`getFirstBraceClosingIndex`) cuts it at the first `}` that brings the count back to
/// zero, skipping the character after each `{`. When the count never returns to zero the
/// expression keeps the last `}` of the line.
fn closing_brace(bytes: &[u8], dollar: usize, limit: usize) -> Option<usize> {
    let mut open = 0usize;
    let mut last_brace = None;
    let mut index = dollar;
    while index < limit && bytes[index] != b'\n' {
        match bytes[index] {
            b'}' => {
                last_brace = Some(index);
                open -= 1;
                if open == 0 {
                    return Some(index);
                }
            }
            b'{' => {
                open += 1;
                // The skipped character is not counted, but the regular expression still
                // sees it.
                index += 1;
                match bytes.get(index) {
                    Some(b'}') if index < limit => last_brace = Some(index),
                    Some(b'\n') => break,
                    _ => {}
                }
            }
            _ => {}
        }
        index += 1;
    }
    last_brace
}

struct Evaluator<'a> {
    template: &'a str,
    /// `None` when only listing references: everything is unset and nothing is required.
    lookup: Option<&'a Lookup<'a>>,
    references: Vec<VariableReference>,
}

impl Evaluator<'_> {
    /// compose-go's `SubstituteWith` over `range` of the template. Operands recurse (`depth`
    /// counts that); the text after an expression with an operator, which compose-go
    /// substitutes by recursion too, is read on in the same loop: it ends at the last `}` of
    /// the line, where compose-go's outer loop would resume, so only the message of an invalid
    /// format there differs, and `rest_start` keeps that.
    fn substitute(
        &mut self,
        range: Range<usize>,
        depth: usize,
    ) -> Result<String, InterpolationError> {
        let template = self.template;
        let mut value = String::new();
        let mut position = range.start;
        let mut rest_start = None;
        while let Some(offset) = template[position..range.end].find('$') {
            let dollar = position + offset;
            value.push_str(&template[position..dollar]);
            position = match expression_at(template, dollar, range.end) {
                Expression::Escaped => {
                    value.push('$');
                    dollar + 2
                }
                Expression::Literal => {
                    value.push('$');
                    dollar + 1
                }
                Expression::Plain { name, end } => {
                    let name = &template[name];
                    let variable = self.value_of(name);
                    self.references.push(VariableReference {
                        name: name.to_owned(),
                        range: dollar..end,
                        kind: ReferenceKind::Plain,
                        set: variable.is_some(),
                    });
                    value.push_str(&variable.unwrap_or_default());
                    end
                }
                Expression::WithOperator {
                    name,
                    operator,
                    operand,
                    end,
                } => {
                    if depth == MAX_NESTING {
                        return Err(InterpolationError::TooDeeplyNested { range: dollar..end });
                    }
                    let resolved =
                        self.resolve(&template[name], operator, operand, dollar..end, depth)?;
                    value.push_str(&resolved);
                    rest_start = Some(end);
                    end
                }
                Expression::Invalid => {
                    return Err(self.invalid_format(dollar, range, rest_start));
                }
            };
        }
        value.push_str(&template[position..range.end]);
        Ok(value)
    }

    /// The value of an expression with an operator. As compose-go v2.9.1 does, the operand is
    /// evaluated first, whether it is used or not.
    fn resolve(
        &mut self,
        name: &str,
        operator: Operator,
        operand: Range<usize>,
        range: Range<usize>,
        depth: usize,
    ) -> Result<String, InterpolationError> {
        // Reserve the expression's place before the references its operand makes.
        let index = self.references.len();
        self.references.push(VariableReference {
            name: name.to_owned(),
            range: range.clone(),
            kind: ReferenceKind::Plain,
            set: false,
        });
        let operand = self.substitute(operand, depth + 1)?;
        let variable = self.value_of(name);
        let set = variable.is_some();
        let non_empty = variable.as_deref().is_some_and(|value| !value.is_empty());
        let missing = match operator {
            Operator::ErrorWhenUnsetOrEmpty => !non_empty,
            Operator::ErrorWhenUnset => !set,
            _ => false,
        };
        // Listing references (no lookup) requires nothing.
        if missing && self.lookup.is_some() {
            return Err(InterpolationError::Required {
                name: name.to_owned(),
                message: operand,
                range,
            });
        }
        let use_operand = match operator {
            Operator::DefaultWhenUnsetOrEmpty => !non_empty,
            Operator::DefaultWhenUnset => !set,
            Operator::AlternativeWhenNonEmpty => non_empty,
            Operator::AlternativeWhenSet => set,
            Operator::ErrorWhenUnsetOrEmpty | Operator::ErrorWhenUnset => false,
        };
        let resolved = if use_operand {
            operand.clone()
        } else {
            variable.unwrap_or_default()
        };
        self.references[index] = VariableReference {
            name: name.to_owned(),
            range,
            kind: operator.kind(operand),
            set,
        };
        Ok(resolved)
    }

    fn value_of(&self, name: &str) -> Option<String> {
        self.lookup.and_then(|lookup| lookup(name))
    }

    /// The error for the invalid `${` at `dollar`, found while substituting `range`, where
    /// the latest expression with an operator ended at `rest_start`.
    fn invalid_format(
        &self,
        dollar: usize,
        range: Range<usize>,
        rest_start: Option<usize>,
    ) -> InterpolationError {
        let bytes = self.template.as_bytes();
        let limit = range.end;
        let line_end = |from: usize| {
            bytes[from..limit]
                .iter()
                .position(|&byte| byte == b'\n')
                .map_or(limit, |offset| from + offset)
        };
        let last_brace_before = |from: usize, to: usize| {
            bytes[from..to]
                .iter()
                .rposition(|&byte| byte == b'}')
                .map(|offset| from + offset)
        };
        // compose-go substituted the text after that expression up to the last `}` of its
        // line as a template of its own: if the `${` lies there, that is what it quotes.
        let quoted = rest_start
            .and_then(|start| {
                let brace = last_brace_before(start, line_end(start))?;
                (dollar <= brace).then_some(start..brace + 1)
            })
            .unwrap_or(range);
        let end = bytes[dollar..line_end(dollar)]
            .iter()
            .position(|&byte| byte == b'}')
            .map_or(dollar + 2, |offset| dollar + offset + 1);
        InterpolationError::InvalidFormat {
            range: dollar..end,
            quoted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variables(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|&(name, value)| (name.to_owned(), value.to_owned()))
            .collect()
    }

    /// The interpolated value of `template`, panicking on an error.
    fn value(template: &str, pairs: &[(&str, &str)]) -> String {
        match interpolate(template, &variables(pairs)) {
            Ok(interpolated) => interpolated.value,
            Err(error) => panic!("{template:?}: {}", error.message("v", template)),
        }
    }

    /// docker compose's message for `template` at `services.web.image`.
    fn error(template: &str, pairs: &[(&str, &str)]) -> String {
        match interpolate(template, &variables(pairs)) {
            Ok(interpolated) => panic!("{template:?} gave {:?}", interpolated.value),
            Err(error) => error.message("services.web.image", template),
        }
    }

    fn warned(template: &str, pairs: &[(&str, &str)]) -> Vec<String> {
        let interpolated = interpolate(template, &variables(pairs)).unwrap();
        interpolated
            .unset_without_default()
            .map(|reference| reference.name.clone())
            .collect()
    }

    #[test]
    fn plain_references_and_escapes() {
        let set = [("FOO", "first"), ("BAR", "")];
        assert_eq!(value("$FOO ${FOO}", &set), "first first");
        // interp-nonbraced-dash: a name ends at the first character outside the class.
        assert_eq!(value("$FOO-bar", &set), "first-bar");
        assert_eq!(value("$FOO_1.x", &[("FOO_1", "v")]), "v.x");
        // interp-escape: `$$` is a `$` and starts nothing.
        assert_eq!(
            value("echo $${foo} $$HOME $$$FOO", &set),
            "echo ${foo} $HOME $first"
        );
        // interp-literal-dollar: a `$` that starts nothing stays.
        assert_eq!(value("a $ string", &set), "a $ string");
        assert_eq!(value("^REGEX$", &set), "^REGEX$");
        assert_eq!(value("cost $1 $} $- $", &set), "cost $1 $} $- $");
        assert_eq!(value("${FOO}}", &set), "first}");
        // Observed: `$}$1$ $-${A}}` with A=a gives `$}$1$ $-a}`.
        assert_eq!(value("$}$1$ $-${A}}", &[("A", "a")]), "$}$1$ $-a}");
        assert_eq!(value("${_a9}", &[("_a9", "ok")]), "ok");
        assert_eq!(value("", &set), "");
        // Names are case-sensitive for the lookup.
        assert_eq!(value("$foo", &set), "");
    }

    #[test]
    fn go_case_folding_adds_two_letters_to_names() {
        // Observed: docker compose warns about the variables "ſ" and "K" (Kelvin sign).
        assert_eq!(warned("$ſ ${\u{212A}x}", &[]), ["ſ", "\u{212A}x"]);
        assert_eq!(value("$é", &[]), "$é");
    }

    #[test]
    fn operators_follow_the_table() {
        let set = [("FOO", "first"), ("BAR", "")];
        // interp-default-unset, interp-empty-hard-default.
        assert_eq!(value("${MISSING:-def} ${MISSING-def}", &set), "def def");
        assert_eq!(value("x${BAR-def} x${BAR:-def}", &set), "x xdef");
        assert_eq!(value("${FOO:-def} ${FOO-def}", &set), "first first");
        // interp-plus.
        assert_eq!(
            value(
                "[${FOO:+alt}] [${BAR+alt}] [${BAR:+alt}] [${UNSET+alt}] [${UNSET:+alt}]",
                &set
            ),
            "[alt] [alt] [] [] []"
        );
        // interp-required-empty-qmark: `?` accepts an empty value.
        assert_eq!(
            value("[${BAR?err}] ${FOO:?err} ${FOO?err}", &set),
            "[] first first"
        );
        assert_eq!(value("${MISSING:-}|${MISSING-}", &set), "|");
    }

    #[test]
    fn operands_nest_and_are_interpolated() {
        // interp-nested.
        assert_eq!(value("${FOO:-${BAR:-x}_test_${BAR:-y}}", &[]), "x_test_y");
        assert_eq!(value("${UNSET-${FOO} ${FOO}}", &[("FOO", "f")]), "f f");
        assert_eq!(value("${A:+${A},}B", &[("A", "a")]), "a,B");
        assert_eq!(value("${A:-$$}${A:-$B}", &[("B", "b")]), "$b");
        // Braces inside an operand count (compose-go's TestNoValueWithCurlyBracesDefault).
        assert_eq!(value(r#"${missing:-{"json":1}}"#, &[]), r#"{"json":1}"#);
        // Observed: the counting skips the character after `{`, so `{}` closes nothing and the
        // expression runs to the line's last `}`.
        assert_eq!(value("${A:-{}", &[]), "{");
        assert_eq!(value("${A:-{x}", &[]), "{x");
        assert_eq!(value("${A:-{}}", &[]), "{}");
        assert_eq!(value("${A:-{}x} y}", &[]), "{}x} y");
        // Observed: after the first closing `}` the rest is ordinary text.
        assert_eq!(value("${A-}x}", &[]), "x}");
        assert_eq!(value("${A:-x}}y", &[]), "x}y");
        // An operand never crosses a line, but the text after the expression may.
        assert_eq!(value("${A:-x}\n}${B:-y}", &[]), "x\n}y");
    }

    #[test]
    fn operands_are_evaluated_even_when_unused() {
        // Observed: each of these warns about B although its value is not used.
        assert_eq!(warned("${A:-${B}}", &[("A", "1")]), ["B"]);
        assert_eq!(warned("${A:+${B}}", &[]), ["B"]);
        assert_eq!(warned("${A:?${B}}", &[("A", "1")]), ["B"]);
        // One warning per occurrence, in order.
        assert_eq!(warned("$B $B ${B}", &[]), ["B", "B", "B"]);
        assert_eq!(warned("${A:-x} ${B} ${C:-$D}", &[]), ["B", "D"]);
        // interp-unset-warning.
        assert_eq!(warned("[${UNSET}]", &[]), ["UNSET"]);
        // Set to empty is set: no warning.
        assert!(warned("$E", &[("E", "")]).is_empty());
    }

    #[test]
    fn references_list_every_expression_with_its_place() {
        let template = "a ${A:-${B}x} é$C ${D:?need $E}";
        let interpolated = interpolate(template, &variables(&[("B", "b"), ("D", "d")])).unwrap();
        assert_eq!(interpolated.value, "a bx é d");
        let listed: Vec<(&str, &str, bool)> = interpolated
            .references
            .iter()
            .map(|reference| {
                (
                    reference.name.as_str(),
                    &template[reference.range.clone()],
                    reference.set,
                )
            })
            .collect();
        assert_eq!(
            listed,
            [
                ("A", "${A:-${B}x}", false),
                ("B", "${B}", true),
                ("C", "$C", false),
                ("D", "${D:?need $E}", true),
                ("E", "$E", false),
            ]
        );
        assert_eq!(
            interpolated.references[0].kind,
            ReferenceKind::DefaultWhenUnsetOrEmpty {
                default: "bx".to_owned()
            }
        );
        assert_eq!(
            interpolated.references[3].kind,
            ReferenceKind::ErrorWhenUnsetOrEmpty {
                message: "need ".to_owned()
            }
        );
        // `${A?m}` fails with A unset, so list them without variables instead.
        assert!(interpolate("${A-d}${A?m}${A:+p}${A+q}", &BTreeMap::new()).is_err());
        let kinds: Vec<ReferenceKind> = references("${A-d}${A?m}${A:+p}${A+q}")
            .unwrap()
            .into_iter()
            .map(|reference| reference.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                ReferenceKind::DefaultWhenUnset {
                    default: "d".to_owned()
                },
                ReferenceKind::ErrorWhenUnset {
                    message: "m".to_owned()
                },
                ReferenceKind::AlternativeWhenNonEmpty {
                    alternative: "p".to_owned()
                },
                ReferenceKind::AlternativeWhenSet {
                    alternative: "q".to_owned()
                },
            ]
        );
    }

    #[test]
    fn references_need_no_variables_and_never_require() {
        let listed = references("${A:?must be set} ${B:-$C} $$D $E").unwrap();
        let names: Vec<&str> = listed
            .iter()
            .map(|reference| reference.name.as_str())
            .collect();
        assert_eq!(names, ["A", "B", "C", "E"]);
        assert!(listed.iter().all(|reference| !reference.set));
        assert!(matches!(
            references("ok ${"),
            Err(InterpolationError::InvalidFormat { .. })
        ));
    }

    #[test]
    fn required_variables_fail_with_compose_messages() {
        // interp-required-unset, interp-required-empty-qmark.
        assert_eq!(
            error("nginx:${UNSET:?must be set}", &[]),
            "error while interpolating services.web.image: required variable UNSET is missing a value: must be set"
        );
        assert_eq!(
            error("[${BAR:?empty not allowed}]", &[("BAR", "")]),
            "error while interpolating services.web.image: required variable BAR is missing a value: empty not allowed"
        );
        // Observed: an empty message leaves out the colon.
        assert_eq!(
            error("${A?}", &[]),
            "error while interpolating services.web.image: required variable A is missing a value"
        );
        assert_eq!(
            error("${A:?}", &[("A", "")]),
            "error while interpolating services.web.image: required variable A is missing a value"
        );
        // The message is interpolated.
        assert_eq!(
            error("${A?set $B first}", &[("B", "b")]),
            "error while interpolating services.web.image: required variable A is missing a value: set b first"
        );
        // Observed: the first error in the value wins, here before the invalid `${`.
        assert_eq!(
            error("${UNSET:?x} ${", &[]),
            "error while interpolating services.web.image: required variable UNSET is missing a value: x"
        );
        let template = "a ${A?m}";
        assert_eq!(
            interpolate(template, &BTreeMap::new()),
            Err(InterpolationError::Required {
                name: "A".to_owned(),
                message: "m".to_owned(),
                range: 2..8
            })
        );
    }

    fn invalid(quoted: &str) -> String {
        format!(
            "invalid interpolation format for services.web.image.\nYou may need to escape any $ with another $.\n{quoted}"
        )
    }

    #[test]
    fn invalid_templates_fail_with_compose_messages() {
        // interp-invalid, interp-invalid-space, and compose-go's TestInvalid.
        assert_eq!(error("nginx:${", &[]), invalid("nginx:${"));
        assert_eq!(error("nginx:${ foo}", &[]), invalid("nginx:${ foo}"));
        for template in [
            "${}", "${ }", "${foo }", "${foo!}", "${A:x}", "${A::-x}", "${1}",
        ] {
            assert_eq!(error(template, &[]), invalid(template), "{template}");
        }
        // Unsupported shell forms.
        for template in ["${VAR/foo/bar}", "${#VAR}", "${VAR:1}", "${VAR%x}"] {
            assert_eq!(error(template, &[]), invalid(template), "{template}");
        }
        // An operator needs a `}` on its own line.
        assert_eq!(error("${A:-x", &[]), invalid("${A:-x"));
        assert_eq!(error("${A:-x\ny}", &[]), invalid("${A:-x\ny}"));
        assert_eq!(error("${A", &[]), invalid("${A"));
    }

    #[test]
    fn invalid_format_messages_quote_the_template_compose_go_was_reading() {
        // Observed: the text after an expression with an operator, to the line's last `}`.
        assert_eq!(error("a ${A:-x} ${ }", &[]), invalid(" ${ }"));
        assert_eq!(error("${A:-x} ${B:-y} ${ }", &[]), invalid(" ${ }"));
        // Observed: an operand.
        assert_eq!(error("${A:-${}}", &[]), invalid("${}"));
        assert_eq!(error("${A:-${B}", &[]), invalid("${B"));
        // Observed: past the line's last `}`, the whole value again.
        assert_eq!(
            error("${A:-x}\n}${B:-y\n}", &[]),
            invalid("${A:-x}\n}${B:-y\n}")
        );
        assert_eq!(
            error("${A:-x}${B:-y} ${", &[]),
            invalid("${A:-x}${B:-y} ${")
        );
        let template = "é ${A:-x} ${ }";
        let Err(InterpolationError::InvalidFormat { range, quoted }) =
            interpolate(template, &BTreeMap::new())
        else {
            panic!("expected an invalid format");
        };
        assert_eq!(&template[range], "${ }");
        assert_eq!(&template[quoted], " ${ }");
    }

    #[test]
    fn reasons_are_compose_go_template_errors() {
        let template = "${:-}";
        let error = interpolate(template, &BTreeMap::new()).unwrap_err();
        assert_eq!(error.reason(template), r#"Invalid template: "${:-}""#);
        let template = "${X:?need \"it\"}";
        let error = interpolate(template, &BTreeMap::new()).unwrap_err();
        assert_eq!(
            error.reason(template),
            r#"required variable X is missing a value: need "it""#
        );
        // A template that does not fit the error gives no panic.
        assert!(error.message("p", "").contains("required variable X"));
    }

    #[test]
    fn nesting_is_limited() {
        let nested = |depth: usize| format!("{}x{}", "${A:-".repeat(depth), "}".repeat(depth));
        assert_eq!(value(&nested(MAX_NESTING), &[]), "x");
        let template = nested(MAX_NESTING + 1);
        let error = interpolate(&template, &BTreeMap::new()).unwrap_err();
        assert!(matches!(error, InterpolationError::TooDeeplyNested { .. }));
        assert!(
            error
                .message("p", &template)
                .starts_with("error while interpolating p: plumb")
        );
    }

    #[test]
    fn long_lines_of_expressions_do_not_nest() {
        // compose-go substitutes the rest after each expression by recursion; plumb reads on.
        let template = "${A:-x}".repeat(10_000);
        assert_eq!(value(&template, &[]), "x".repeat(10_000));
    }

    #[test]
    fn warnings_and_escaping() {
        assert_eq!(
            unset_variable_warning("UNSET"),
            "The \"UNSET\" variable is not set. Defaulting to a blank string."
        );
        // interp-escape, interp-literal-dollar: `config` writes `$` as `$$`.
        assert_eq!(escape("a $ string ${foo} $$"), "a $$ string $${foo} $$$$");
        let variables = variables(&[("V", "$x ${y}")]);
        let escaped = escape(&value("$V", &[("V", "$x ${y}")]));
        assert_eq!(interpolate(&escaped, &variables).unwrap().value, "$x ${y}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_ranges_lie_inside(
            template in "([a-cA-C_${}:?+\\-\\n é]|\\$\\{|:-|\\$\\$|\\{\\}){0,40}",
            set in proptest::collection::btree_map("[A-C]", "[a$]{0,2}", 0..3),
        ) {
            let check = |range: &Range<usize>| {
                proptest::prop_assert!(range.start <= range.end);
                proptest::prop_assert!(template.get(range.clone()).is_some());
                Ok(())
            };
            match interpolate(&template, &set) {
                Ok(interpolated) => {
                    for reference in &interpolated.references {
                        check(&reference.range)?;
                        proptest::prop_assert!(template[reference.range.clone()].starts_with('$'));
                    }
                    // Listing finds the same expressions.
                    if let Ok(listed) = references(&template) {
                        let places = |references: &[VariableReference]| {
                            references.iter().map(|reference| reference.range.clone()).collect::<Vec<_>>()
                        };
                        proptest::prop_assert_eq!(places(&listed), places(&interpolated.references));
                    }
                }
                Err(error) => {
                    check(&error.range())?;
                    if let InterpolationError::InvalidFormat { quoted, .. } = &error {
                        check(quoted)?;
                        proptest::prop_assert!(quoted.start <= error.range().start);
                    }
                    let _ = error.message("p", &template);
                }
            }
        }
    }
}
