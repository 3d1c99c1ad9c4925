//! The regular expressions of compose-go's schema, without a regex engine: the generator
//! turns each `pattern` and `patternProperties` key into a [`Pattern`], alternatives of
//! character steps, and refuses any other shape. Matching is a search, as Go's
//! `regexp.MatchString` is: `^` and `$` anchor only where written, so `container_name`'s
//! unanchored pattern is found inside `my web!`.

/// One regular expression of the schema.
#[derive(Debug)]
pub struct Pattern {
    /// The expression as the schema writes it, for messages.
    pub source: &'static str,
    /// Written `a|b|…`; the text matches when one alternative is found in it.
    pub alternatives: &'static [Sequence],
}

/// One alternative: steps in order, each matching one character (or, repeated, a run).
#[derive(Debug)]
pub struct Sequence {
    /// Written with `^`: found only at the start of the text.
    pub from_start: bool,
    /// Written with `$`: found only at the end of the text (Go's `$` is the end of the text,
    /// not the end of a line).
    pub to_end: bool,
    pub steps: &'static [Step],
}

/// One character, or with `+` one or more.
#[derive(Debug)]
pub struct Step {
    pub class: CharClass,
    pub repeated: bool,
}

/// Which characters a step accepts.
#[derive(Debug)]
pub enum CharClass {
    Char(char),
    /// `.`: any character but a newline, as in Go without the `s` flag.
    AnyButNewline,
    /// `[a-z0-9_]`: inclusive ranges, a single character being a range of one.
    Ranges(&'static [(char, char)]),
}

impl Pattern {
    pub fn is_found_in(&self, text: &str) -> bool {
        self.alternatives
            .iter()
            .any(|alternative| alternative.is_found_in(text))
    }
}

impl Sequence {
    /// Runs the steps as a set of states over the text once (state `n`: the first `n` steps
    /// matched), so the cost is linear in the text whatever the steps.
    fn is_found_in(&self, text: &str) -> bool {
        // The generator allows at most 63 steps, so every state has a bit.
        let matched_all = 1u64 << self.steps.len();
        let mut states = 1u64;
        for character in text.chars() {
            if states & matched_all != 0 && !self.to_end {
                return true;
            }
            let mut next = 0;
            for (index, step) in self.steps.iter().enumerate() {
                if !step.class.accepts(character) {
                    continue;
                }
                let before = 1u64 << index;
                let after = before << 1;
                if states & before != 0 || (step.repeated && states & after != 0) {
                    next |= after;
                }
            }
            if !self.from_start {
                // A search may start at every character.
                next |= 1;
            }
            if next == 0 {
                return false;
            }
            states = next;
        }
        states & matched_all != 0
    }
}

impl CharClass {
    fn accepts(&self, character: char) -> bool {
        match self {
            CharClass::Char(expected) => character == *expected,
            CharClass::AnyButNewline => character != '\n',
            CharClass::Ranges(ranges) => ranges
                .iter()
                .any(|(first, last)| (*first..=*last).contains(&character)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn step(class: CharClass, repeated: bool) -> Step {
        Step { class, repeated }
    }

    const NAME: CharClass = CharClass::Ranges(&[('a', 'z'), ('0', '9'), ('.', '.')]);

    static EXTENSION: Pattern = Pattern {
        source: "^x-",
        alternatives: &[Sequence {
            from_start: true,
            to_end: false,
            steps: &[
                step(CharClass::Char('x'), false),
                step(CharClass::Char('-'), false),
            ],
        }],
    };
    static WHOLE_NAME: Pattern = Pattern {
        source: "^[a-z0-9.]+$",
        alternatives: &[Sequence {
            from_start: true,
            to_end: true,
            steps: &[step(NAME, true)],
        }],
    };
    static NOT_EMPTY: Pattern = Pattern {
        source: ".+",
        alternatives: &[Sequence {
            from_start: false,
            to_end: false,
            steps: &[step(CharClass::AnyButNewline, true)],
        }],
    };
    static TWO_NAME_CHARACTERS: Pattern = Pattern {
        source: "[a-z][a-z0-9.]+",
        alternatives: &[Sequence {
            from_start: false,
            to_end: false,
            steps: &[
                step(CharClass::Ranges(&[('a', 'z')]), false),
                step(NAME, true),
            ],
        }],
    };
    static WORD_OR_EVERY: Pattern = Pattern {
        source: "never|every_[0-9]+[dh]",
        alternatives: &[
            Sequence {
                from_start: false,
                to_end: false,
                steps: &[
                    step(CharClass::Char('n'), false),
                    step(CharClass::Char('e'), false),
                    step(CharClass::Char('v'), false),
                    step(CharClass::Char('e'), false),
                    step(CharClass::Char('r'), false),
                ],
            },
            Sequence {
                from_start: false,
                to_end: false,
                steps: &[
                    step(CharClass::Char('e'), false),
                    step(CharClass::Char('v'), false),
                    step(CharClass::Char('e'), false),
                    step(CharClass::Char('r'), false),
                    step(CharClass::Char('y'), false),
                    step(CharClass::Char('_'), false),
                    step(CharClass::Ranges(&[('0', '9')]), true),
                    step(CharClass::Ranges(&[('d', 'd'), ('h', 'h')]), false),
                ],
            },
        ],
    };

    #[test]
    fn an_anchored_prefix_is_found_only_at_the_start() {
        assert!(EXTENSION.is_found_in("x-foo"));
        assert!(EXTENSION.is_found_in("x-"));
        assert!(!EXTENSION.is_found_in("ax-foo"));
        assert!(!EXTENSION.is_found_in("x"));
        assert!(!EXTENSION.is_found_in(""));
    }

    #[test]
    fn anchored_at_both_ends_every_character_must_match() {
        assert!(WHOLE_NAME.is_found_in("web.1"));
        assert!(!WHOLE_NAME.is_found_in("my web"));
        assert!(!WHOLE_NAME.is_found_in(""));
        // Go's `$` is the end of the text: a final newline does not match it.
        assert!(!WHOLE_NAME.is_found_in("web\n"));
    }

    #[test]
    fn an_unanchored_pattern_is_found_anywhere() {
        assert!(NOT_EMPTY.is_found_in("a"));
        assert!(NOT_EMPTY.is_found_in("\na"));
        assert!(!NOT_EMPTY.is_found_in("\n\n"));
        assert!(!NOT_EMPTY.is_found_in(""));
        assert!(TWO_NAME_CHARACTERS.is_found_in("my web!"));
        assert!(TWO_NAME_CHARACTERS.is_found_in("!!ab"));
        assert!(!TWO_NAME_CHARACTERS.is_found_in("a"));
        assert!(!TWO_NAME_CHARACTERS.is_found_in("a!b!c"));
    }

    #[test]
    fn alternatives_and_repeated_steps_are_searched_for() {
        assert!(WORD_OR_EVERY.is_found_in("never"));
        assert!(WORD_OR_EVERY.is_found_in("foo_never_bar"));
        assert!(WORD_OR_EVERY.is_found_in("every_12h"));
        assert!(WORD_OR_EVERY.is_found_in("every_every_3d"));
        assert!(!WORD_OR_EVERY.is_found_in("every_h"));
        assert!(!WORD_OR_EVERY.is_found_in("every_12"));
        assert!(!WORD_OR_EVERY.is_found_in("nevre"));
    }
}
