//! Every rule's documented examples do what the docs say: the failing one fires the rule,
//! the passing one does not.

use plumb_core::analyze;
use plumb_core::rules::{self, Example, Rule};

fn fires(rule: &Rule, example: Example) -> bool {
    analyze(&example.workspace())
        .diagnostics
        .iter()
        .any(|diagnostic| diagnostic.is(rule))
}

#[test]
fn failing_examples_fire_and_passing_examples_do_not() {
    for rule in rules::all() {
        assert!(
            fires(rule, rule.failing_example),
            "{}: the failing example does not fire",
            rule.code
        );
        assert!(
            !fires(rule, rule.passing_example),
            "{}: the passing example fires",
            rule.code
        );
    }
}
