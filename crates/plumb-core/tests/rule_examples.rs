//! Every rule's documented examples do what the docs say: the failing one fires the rule,
//! the passing one does not.

use plumb_core::analyze;
use plumb_core::plan::{self, PlanOptions};
use plumb_core::rules::{self, Example, Family, Rule};

/// Plan rules fire while a plan is made (with the default options), the others in checks.
fn fires(rule: &Rule, example: Example) -> bool {
    let workspace = example.workspace();
    let analysis = analyze(&workspace);
    let diagnostics = if rule.family() == Family::Plan {
        plan::generate(&workspace, &analysis, &PlanOptions::default())
            .expect("the example plans")
            .diagnostics
    } else {
        analysis.diagnostics
    };
    diagnostics.iter().any(|diagnostic| diagnostic.is(rule))
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
