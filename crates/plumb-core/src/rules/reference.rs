//! The rules reference (`docs/rules.md`), generated from the metadata so it cannot drift.

use super::{Category, Example, Family, FixAvailability, Rule, all};
use std::fmt::Write;

/// The whole reference as Markdown.
pub fn markdown() -> String {
    let mut out = String::new();
    out.push_str("# Rules\n\n");
    out.push_str(
        "Generated from the rule metadata by `plumb rules --markdown`; a test fails when this \
file is stale. `plumb rules CODE` prints one entry in the terminal.\n\n",
    );
    out.push_str("## Codes\n\n");
    out.push_str(
        "A code is a family prefix and three digits, stable forever. The hundreds digit is the \
category.\n\n| Prefix | Family |\n|---|---|\n",
    );
    for family in Family::ALL {
        let _ = writeln!(out, "| `{}` | {} |", family.prefix(), family.title());
    }
    out.push_str("\n| Hundreds digit | Category |\n|---|---|\n");
    for (digit, category) in Category::ALL.iter().enumerate() {
        let _ = writeln!(out, "| {digit} | {} |", category_description(*category));
    }
    out.push_str(
        "\nSeverities: `error` (the real tool would reject the input, or it is certainly wrong), \
`warning`, `info`. Change them, or turn rules off, in `plumb.toml`; silence one place with \
`# plumb: ignore=CODE` (or hadolint's `# hadolint ignore=DLxxxx`, BuildKit's \
`# check=skip=Name` for rules that list those upstream names).\n",
    );
    for family in Family::ALL {
        let rules: Vec<&Rule> = all()
            .iter()
            .copied()
            .filter(|rule| rule.family() == family)
            .collect();
        if rules.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {} (`{}`)\n", family.title(), family.prefix());
        out.push_str("| Code | Name | Severity | Fix | Title |\n|---|---|---|---|---|\n");
        for rule in &rules {
            let _ = writeln!(
                out,
                "| [{code}](#{anchor}) | `{}` | {} | {} | {} |",
                rule.name,
                rule.severity,
                fix_text(rule.fix),
                rule.title,
                code = rule.code,
                anchor = anchor(rule),
            );
        }
        for rule in rules {
            entry(&mut out, rule);
        }
    }
    out
}

fn entry(out: &mut String, rule: &Rule) {
    let _ = writeln!(out, "\n### {} {}\n", rule.code, rule.name);
    let _ = writeln!(
        out,
        "**{}.** Category: {}. Default severity: {}. Fix: {}.\n",
        rule.title,
        rule.category().title(),
        rule.severity,
        fix_text(rule.fix)
    );
    if !rule.upstream.is_empty() {
        let names: Vec<String> = rule
            .upstream
            .iter()
            .map(|upstream| format!("{} `{}`", upstream.tool(), upstream.code()))
            .collect();
        let _ = writeln!(out, "Same problem upstream: {}.\n", names.join(", "));
    }
    let _ = writeln!(out, "{}\n", rule.explanation);
    for (heading, example) in [
        ("Fails", rule.failing_example),
        ("Passes", rule.passing_example),
    ] {
        match example {
            Example::Text(text) => {
                let _ = writeln!(
                    out,
                    "{heading}:\n\n```{}\n{}```",
                    language(rule.family()),
                    text
                );
            }
            Example::Built { description, .. } => {
                let _ = writeln!(out, "{heading}: {description}");
            }
            Example::Files(files) => {
                let _ = writeln!(out, "{heading}, with these files in the build context:");
                for (index, (path, text)) in files.iter().enumerate() {
                    let language = if index == 0 {
                        language(rule.family())
                    } else {
                        "text"
                    };
                    let _ = writeln!(out, "\n`{path}`:\n\n```{language}\n{text}```");
                }
            }
        }
        out.push('\n');
    }
    // One blank line between entries, none doubled.
    while out.ends_with("\n\n") {
        out.pop();
    }
}

fn anchor(rule: &Rule) -> String {
    format!("{}-{}", rule.code.to_lowercase(), rule.name)
}

fn fix_text(fix: FixAvailability) -> &'static str {
    match fix {
        FixAvailability::None => "none",
        FixAvailability::Safe => "safe",
        FixAvailability::Unsafe => "unsafe",
    }
}

fn language(family: Family) -> &'static str {
    match family {
        Family::Dockerfile => "dockerfile",
        Family::Compose | Family::Dstack => "yaml",
        Family::Mkosi => "ini",
        Family::Plan => "json",
    }
}

fn category_description(category: Category) -> &'static str {
    match category {
        Category::Syntax => "syntax: what the real tool rejects",
        Category::Correctness => "correctness",
        Category::Reproducibility => "reproducibility",
        Category::Security => "security",
        Category::Maintainability => "maintainability and style",
    }
}
