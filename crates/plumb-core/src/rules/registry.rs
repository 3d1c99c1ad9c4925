//! The list of every rule, across formats.

use super::Rule;
use crate::cross_file;
use crate::format::FORMATS;
use std::sync::OnceLock;

/// Every rule plumb has, in code order.
pub fn all() -> &'static [&'static Rule] {
    static ALL: OnceLock<Vec<&'static Rule>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut rules: Vec<&'static Rule> = FORMATS
            .iter()
            .flat_map(|format| format.rules())
            .chain(
                cross_file::RULES
                    .iter()
                    .flat_map(|registered| registered.rules.iter().copied()),
            )
            .chain(crate::plan::rules::RULES.iter().copied())
            .collect();
        rules.sort_by_key(|rule| rule.code);
        rules
    })
}

/// The rule with this plumb code (case-insensitive).
pub fn find(code: &str) -> Option<&'static Rule> {
    // Called for every finding: search the sorted codes, comparing in upper case (the case
    // codes are written in).
    let rules = all();
    rules
        .binary_search_by(|rule| upper_case(rule.code).cmp(upper_case(code)))
        .ok()
        .map(|index| rules[index])
}

fn upper_case(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.bytes().map(|byte| byte.to_ascii_uppercase())
}

/// The rules that list this upstream code (a hadolint code, a BuildKit check name…).
pub fn find_by_upstream(code: &str) -> Vec<&'static Rule> {
    all()
        .iter()
        .copied()
        .filter(|rule| rule.upstream.iter().any(|upstream| upstream.code() == code))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Category, Family};

    #[test]
    fn codes_are_unique_well_formed_and_sorted() {
        let codes: Vec<&str> = all().iter().map(|rule| rule.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "codes must be unique");
        for rule in all() {
            assert!(
                Family::ALL
                    .iter()
                    .any(|family| rule.code.starts_with(family.prefix())),
                "{}",
                rule.code
            );
            assert!(Category::ALL.contains(&rule.category()), "{}", rule.code);
            assert_eq!(rule.code.len(), 5, "{}", rule.code);
            assert_eq!(rule.code, rule.code.to_ascii_uppercase());
            assert!(
                find(&rule.code.to_ascii_lowercase()).is_some_and(|found| found.code == rule.code)
            );
            assert!(
                !rule.explanation.is_empty() && !rule.title.is_empty(),
                "{}",
                rule.code
            );
            assert!(
                rule.name
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte == b'-' || byte.is_ascii_digit()),
                "{}",
                rule.code
            );
        }
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = all().iter().map(|rule| rule.name).collect();
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count);
    }
}
