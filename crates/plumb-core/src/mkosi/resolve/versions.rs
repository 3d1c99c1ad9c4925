//! Versions as mkosi compares them in `[Match] ImageVersion=` and `SystemdVersion=`: the
//! UAPI group's version format specification (systemd's `strverscmp_improved`), as mkosi's
//! `GenericVersion` implements it, with its one departure: a `^` sorts lower where the
//! specification has it higher.

use std::cmp::Ordering;

/// Whether an ordering is what an operator asks for.
type Holds = fn(Ordering) -> bool;

/// Whether `version` satisfies `condition`: `==`, `!=`, `<=`, `>=`, `>` or `<` followed by a
/// version, or a bare version meaning `==`.
pub fn satisfies(condition: &str, version: &str) -> bool {
    // The order mkosi tries the operators in: two-character ones first.
    const OPERATORS: [(&str, Holds); 6] = [
        ("==", Ordering::is_eq),
        ("!=", Ordering::is_ne),
        ("<=", Ordering::is_le),
        (">=", Ordering::is_ge),
        (">", Ordering::is_gt),
        ("<", Ordering::is_lt),
    ];
    let (holds, wanted): (Holds, &str) = OPERATORS
        .iter()
        .find_map(|(sigil, holds)| Some((*holds, condition.strip_prefix(sigil)?)))
        .unwrap_or((Ordering::is_eq, condition));
    holds(compare(version, wanted))
}

/// The order of two versions. Characters outside `A-Za-z0-9~-^.` are skipped; then, piece by
/// piece: `~` sorts before anything (even the end), the end before anything else, `-` before
/// anything else, `^` too (mkosi's departure), `.` too; digits compare as numbers (missing
/// ones as 0), letters as text (upper case first).
pub fn compare(left: &str, right: &str) -> Ordering {
    let (mut left, mut right) = (left.as_bytes(), right.as_bytes());
    loop {
        left = skip_invalid(left);
        right = skip_invalid(right);
        if let Some(order) = separator(&mut left, &mut right, b'~', Ordering::Less) {
            return order;
        }
        match (left.is_empty(), right.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        for byte in *b"-^." {
            if let Some(order) = separator(&mut left, &mut right, byte, Ordering::Less) {
                return order;
            }
        }
        let (left_digits, right_digits) = (
            prefix(left, u8::is_ascii_digit),
            prefix(right, u8::is_ascii_digit),
        );
        if !left_digits.is_empty() || !right_digits.is_empty() {
            let order = compare_numbers(left_digits, right_digits);
            if order.is_ne() {
                return order;
            }
            left = &left[left_digits.len()..];
            right = &right[right_digits.len()..];
            continue;
        }
        let (left_letters, right_letters) = (
            prefix(left, u8::is_ascii_alphabetic),
            prefix(right, u8::is_ascii_alphabetic),
        );
        let order = left_letters.cmp(right_letters);
        if order.is_ne() {
            return order;
        }
        left = &left[left_letters.len()..];
        right = &right[right_letters.len()..];
    }
}

fn skip_invalid(text: &[u8]) -> &[u8] {
    let valid = |byte: &u8| byte.is_ascii_alphanumeric() || b"~-^.".contains(byte);
    let start = text.iter().position(valid).unwrap_or(text.len());
    &text[start..]
}

/// Where both start with `byte`, skips it in both; where one does, that one sorts `first`
/// (relative to the other).
fn separator(left: &mut &[u8], right: &mut &[u8], byte: u8, first: Ordering) -> Option<Ordering> {
    match (left.first() == Some(&byte), right.first() == Some(&byte)) {
        (true, true) => {
            *left = &left[1..];
            *right = &right[1..];
            None
        }
        (true, false) => Some(first),
        (false, true) => Some(first.reverse()),
        (false, false) => None,
    }
}

fn prefix(text: &[u8], class: fn(&u8) -> bool) -> &[u8] {
    &text[..text
        .iter()
        .position(|byte| !class(byte))
        .unwrap_or(text.len())]
}

/// Decimal digits as numbers of any length; none is 0.
fn compare_numbers(left: &[u8], right: &[u8]) -> Ordering {
    let significant = |digits: &[u8]| -> usize {
        digits
            .iter()
            .position(|&digit| digit != b'0')
            .unwrap_or(digits.len())
    };
    let (left, right) = (&left[significant(left)..], &right[significant(right)..]);
    left.len().cmp(&right.len()).then_with(|| left.cmp(right))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specification_s_examples() {
        let less = [
            ("11", "22"),
            ("1.0", "1.1"),
            ("1", "1.0"),
            ("1~rc1", "1"),
            ("1~rc1", "1~rc2"),
            ("1-1", "1.1"),
            ("1.0-1", "1.0.1"),
            ("A", "a"),
            ("a", "ab"),
            ("9", "10"),
            ("1.1", "1_0"),
            ("", "0"),
            ("~", ""),
        ];
        for (left, right) in less {
            assert_eq!(compare(left, right), Ordering::Less, "{left} < {right}");
            assert_eq!(compare(right, left), Ordering::Greater, "{right} > {left}");
        }
        for (left, right) in [("1.01", "1.1"), ("007", "7"), ("ä1", "1"), ("+1", "1")] {
            assert_eq!(compare(left, right), Ordering::Equal, "{left} = {right}");
        }
    }

    #[test]
    fn a_caret_sorts_lower_as_mkosi_has_it() {
        assert_eq!(compare("1^1", "1.1"), Ordering::Less);
        assert_eq!(compare("1.1", "1^1"), Ordering::Greater);
        assert_eq!(compare("1^1", "1^2"), Ordering::Less);
    }

    #[test]
    fn conditions() {
        assert!(satisfies(">=254", "254"));
        assert!(satisfies(">253", "254"));
        assert!(!satisfies("<254", "254"));
        assert!(satisfies("<=254", "254"));
        assert!(satisfies("!=1.2", "1.3"));
        assert!(satisfies("==1.2", "1.02"));
        assert!(satisfies("1.2", "1.2"));
        assert!(!satisfies("1.2", "1.3"));
        assert!(
            satisfies(">= 2", "3"),
            "spaces are skipped like any other character"
        );
        assert!(
            satisfies("=1", "1"),
            "a single `=` is skipped too: equality"
        );
    }

    #[test]
    fn long_numbers_compare_by_value() {
        assert_eq!(
            compare("99999999999999999999999", "100000000000000000000000"),
            Ordering::Less
        );
    }
}
