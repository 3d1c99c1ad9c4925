//! Inline suppressions, in plumb's own words and in those of the tools people already use:
//! `# plumb: ignore=DF201`, hadolint's `# hadolint ignore=DL3008` and BuildKit's
//! `# check=skip=JSONArgsRecommended`. Each format finds them in its comments; matching
//! them against findings is the same everywhere.

use crate::rules::{Rule, Upstream};
use crate::source::Span;

/// Whose rule names a suppression uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    /// plumb codes, or any upstream code a plumb rule lists.
    Plumb,
    /// hadolint `DLxxxx` codes.
    Hadolint,
    /// BuildKit build-check names.
    Buildkit,
}

/// Which rules a suppression names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Names {
    /// Every rule the vocabulary can name (BuildKit's `skip=all`).
    All,
    Codes(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub vocabulary: Vocabulary,
    pub names: Names,
    /// The region whose findings are suppressed; `None` for the whole file.
    pub scope: Option<Span>,
}

impl Suppression {
    /// Whether this suppression silences a finding of `rule` starting at `offset`.
    pub fn covers(&self, rule: &Rule, offset: usize) -> bool {
        let in_scope = self.scope.is_none_or(|scope| {
            scope.contains(offset) || (scope.is_empty() && scope.start == offset)
        });
        in_scope && self.names_rule(rule)
    }

    fn names_rule(&self, rule: &Rule) -> bool {
        let upstream_matches =
            |wanted: &dyn Fn(&Upstream) -> bool| rule.upstream.iter().any(wanted);
        match (&self.names, self.vocabulary) {
            (Names::All, Vocabulary::Plumb) => true,
            (Names::All, Vocabulary::Hadolint) => {
                upstream_matches(&|upstream| matches!(upstream, Upstream::Hadolint(_)))
            }
            (Names::All, Vocabulary::Buildkit) => {
                upstream_matches(&|upstream| matches!(upstream, Upstream::BuildkitCheck(_)))
            }
            (Names::Codes(codes), Vocabulary::Plumb) => {
                codes.iter().any(|code| rule.answers_to(code))
            }
            (Names::Codes(codes), Vocabulary::Hadolint) => codes.iter().any(|code| {
                upstream_matches(
                    &|upstream| matches!(upstream, Upstream::Hadolint(name) if name == code),
                )
            }),
            (Names::Codes(codes), Vocabulary::Buildkit) => codes.iter().any(|code| {
                upstream_matches(
                    &|upstream| matches!(upstream, Upstream::BuildkitCheck(name) if name == code),
                )
            }),
        }
    }
}

/// A file's suppressions, arranged to answer for many findings: those of the whole file,
/// and the others by where their region starts, so a finding looks only at the regions
/// that can hold it.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    whole_file: Vec<Suppression>,
    /// By the start of their region.
    scoped: Vec<Suppression>,
    /// For each of `scoped`, the furthest end of a region up to it.
    reach: Vec<usize>,
}

impl Suppressions {
    pub fn new(suppressions: Vec<Suppression>) -> Self {
        let (mut scoped, whole_file): (Vec<Suppression>, Vec<Suppression>) = suppressions
            .into_iter()
            .partition(|suppression| suppression.scope.is_some());
        let start = |suppression: &Suppression| suppression.scope.map_or(0, |scope| scope.start);
        scoped.sort_by_key(start);
        let reach = scoped
            .iter()
            .scan(0, |furthest, suppression| {
                *furthest = suppression
                    .scope
                    .map_or(0, |scope| scope.end)
                    .max(*furthest);
                Some(*furthest)
            })
            .collect();
        Self {
            whole_file,
            scoped,
            reach,
        }
    }

    /// Whether any of them silences a finding of `rule` starting at `offset`
    /// ([`Suppression::covers`]).
    pub fn cover(&self, rule: &Rule, offset: usize) -> bool {
        if self
            .whole_file
            .iter()
            .any(|suppression| suppression.covers(rule, offset))
        {
            return true;
        }
        // Regions starting after the offset cannot hold it; going back from the last one that
        // starts at or before it, the search ends where no region reaches the offset.
        let starting = self.scoped.partition_point(|suppression| {
            suppression.scope.is_some_and(|scope| scope.start <= offset)
        });
        (0..starting)
            .rev()
            .take_while(|&index| self.reach[index] >= offset)
            .any(|index| self.scoped[index].covers(rule, offset))
    }
}

/// Reads one comment's text (after the `#`) as a suppression pragma, if it is one.
/// `scope` is where a line-level pragma applies.
pub fn parse_pragma(comment: &str, scope: Span) -> Option<Suppression> {
    let comment = comment.trim();
    if let Some(rest) = comment.strip_prefix("plumb:") {
        let rest = rest.trim_start();
        if let Some(codes) = assignment(rest, "ignore-file") {
            return Some(codes_suppression(Vocabulary::Plumb, codes, None));
        }
        return assignment(rest, "ignore")
            .map(|codes| codes_suppression(Vocabulary::Plumb, codes, Some(scope)));
    }
    if let Some(rest) = comment.strip_prefix("hadolint") {
        let rest = rest.trim_start();
        if let Some(global) = rest.strip_prefix("global") {
            return assignment(global.trim_start(), "ignore")
                .map(|codes| codes_suppression(Vocabulary::Hadolint, codes, None));
        }
        return assignment(rest, "ignore")
            .map(|codes| codes_suppression(Vocabulary::Hadolint, codes, Some(scope)));
    }
    // BuildKit (Dockerfile 1.21+): `# check=skip=<rules>` right above an instruction; text
    // after the first space is ignored.
    let rest = comment.strip_prefix("check=skip=")?;
    let rules = rest.split(' ').next().unwrap_or_default();
    Some(codes_suppression(Vocabulary::Buildkit, rules, Some(scope)))
}

/// `key = a, b` → `a, b`.
fn assignment<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(key)?.trim_start();
    Some(rest.strip_prefix('=')?.trim())
}

fn codes_suppression(vocabulary: Vocabulary, codes: &str, scope: Option<Span>) -> Suppression {
    Suppression {
        vocabulary,
        names: Names::Codes(
            codes
                .split([',', ' '])
                .map(str::trim)
                .filter(|code| !code.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
        scope,
    }
}

/// The suppressions written in the line comments of `text`, where `comment_start` says where
/// a line's comment begins: a comment alone on its line covers the next line, one after
/// code covers its own line.
pub fn line_comment_suppressions(
    text: &str,
    comment_start: fn(&str) -> Option<usize>,
) -> Vec<Suppression> {
    let mut suppressions = Vec::new();
    let mut offset = 0;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (index, line) in lines.iter().enumerate() {
        let start = offset;
        offset += line.len();
        let Some(hash) = comment_start(line) else {
            continue;
        };
        let comment = &line[hash + 1..];
        let whole_line = line[..hash].trim().is_empty();
        let scope = if whole_line {
            let next_start = offset;
            let next_end = lines
                .get(index + 1)
                .map_or(next_start, |next| next_start + next.len());
            Span::new(next_start, next_end)
        } else {
            Span::new(start, offset)
        };
        if let Some(suppression) = parse_pragma(comment, scope) {
            suppressions.push(suppression);
        }
    }
    suppressions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::rules::{Example, FixAvailability};

    static RULE: Rule = Rule {
        code: "DF201",
        name: "test-rule",
        title: "test",
        severity: Severity::Warning,
        upstream: &[
            Upstream::Hadolint("DL3008"),
            Upstream::BuildkitCheck("JSONArgsRecommended"),
        ],
        fix: FixAvailability::None,
        explanation: "",
        failing_example: Example::Text(""),
        passing_example: Example::Text(""),
    };

    fn covers(comment: &str, offset: usize) -> bool {
        parse_pragma(comment, Span::new(10, 20))
            .is_some_and(|suppression| suppression.covers(&RULE, offset))
    }

    #[test]
    fn each_vocabulary_names_the_rule() {
        assert!(covers("plumb: ignore=DF201", 12));
        assert!(covers("plumb: ignore=DL3008", 12));
        assert!(covers(" hadolint ignore=DL3009,DL3008", 12));
        assert!(covers("check=skip=JSONArgsRecommended trailing words", 12));
        assert!(!covers("hadolint ignore=DF201", 12));
        assert!(!covers("plumb: ignore=DF202", 12));
    }

    #[test]
    fn suppressions_cover_what_any_of_them_covers() {
        let scoped = |comment: &str, start: usize, end: usize| {
            parse_pragma(comment, Span::new(start, end)).unwrap()
        };
        let all = [
            scoped("plumb: ignore=DF201", 30, 40),
            scoped("plumb: ignore=DF202", 10, 20),
            scoped("hadolint ignore=DL3008", 10, 20),
            scoped("plumb: ignore=DF201", 50, 50),
            scoped("plumb: ignore=DF201", 0, 100),
            scoped("plumb: ignore=DF201", 60, 70),
            parse_pragma("hadolint global ignore=DL9999", Span::default()).unwrap(),
        ];
        for count in 0..=all.len() {
            for skip in 0..all.len() {
                let chosen: Vec<Suppression> =
                    all.iter().cycle().skip(skip).take(count).cloned().collect();
                let index = Suppressions::new(chosen.clone());
                for offset in 0..=101 {
                    let any = chosen
                        .iter()
                        .any(|suppression| suppression.covers(&RULE, offset));
                    assert_eq!(
                        index.cover(&RULE, offset),
                        any,
                        "{count} from {skip} at {offset}"
                    );
                }
            }
        }
        assert!(!Suppressions::default().cover(&RULE, 0));
    }

    #[test]
    fn scope_is_the_instruction_unless_global() {
        assert!(!covers("plumb: ignore=DF201", 25));
        assert!(covers("plumb: ignore-file=DF201", 25));
        assert!(covers("hadolint global ignore=DL3008", 25));
        assert!(!covers("just a comment", 12));
    }
}
