//! Every rule's documented examples do what the docs say: the failing one fires the rule,
//! the passing one does not.

use plumb_core::rules::{self, Example, Family, Rule};
use plumb_core::{FileKind, Workspace, analyze};

fn fires(rule: &Rule, example: Example) -> bool {
    let (path, kind) = match rule.family() {
        Family::Dockerfile => ("Dockerfile", FileKind::Dockerfile),
        other => panic!("no example runner for {other:?} rules yet"),
    };
    let mut workspace = Workspace::new();
    workspace.add_file(path, kind, example.bytes());
    if let Some(dockerignore) = example.dockerignore() {
        workspace.add_file(".dockerignore", FileKind::Dockerignore, dockerignore);
    }
    analyze(&workspace)
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
