//! CP103: one host port published twice, which `docker compose up` cannot bind.

use super::model_checks::Project;
use super::service_ports::{Port, ports, range};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::Span;
use crate::yaml::Node;
use std::collections::BTreeSet;

pub static RULE: Rule = Rule {
    code: "CP103",
    name: "duplicate-published-port",
    title: "Host port published twice",
    severity: Severity::Error,
    upstream: &[Upstream::Dclint("no-duplicate-exported-ports")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A host port can be bound once per address and protocol. When two port entries, in \
one service or in two, publish the same host port for the same protocol on addresses that \
overlap (no `host_ip`, `0.0.0.0` and `::` overlap every address), `docker compose config` \
accepts the file but `docker compose up` starts the first container and fails on the \
second: `Bind for 0.0.0.0:8080 failed: port is already allocated`.

A published range with one container port (`\"8000-8010:80\"`) is a pool Docker picks one \
free port from: it clashes with a single port inside it, which the pool may take first, \
but not with another pool. The finding is at the later entry and names the first; where \
the later one is in an override file, it is at the entry of the file being checked.

Give each service its own host port, or bind them to different addresses \
(`127.0.0.1:8080:80` and `127.0.0.2:8080:80`). dclint reports the same \
(`no-duplicate-exported-ports`); it reads the file as written, so it also reports entries \
compose merges into one, and misses ports from override files."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.28\n    ports:\n      - \"8080:80\"\n  admin:\n    image: registry.example.com/admin:4.2\n    ports:\n      - \"8080:3000\"\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.28\n    ports:\n      - \"8080:80\"\n  admin:\n    image: registry.example.com/admin:4.2\n    ports:\n      - \"8081:3000\"\n",
    )])),
};

/// Whether a host port range is one port rather than a pool to pick one from.
fn single((start, end): (u16, u16)) -> bool {
    start == end
}

/// Whether both ports may need the same host port: the same protocol on addresses that
/// overlap, host ports that overlap, and not two pools (nor one service's entry written
/// twice for the same container port).
fn clash(one: &Port<'_>, two: &Port<'_>) -> bool {
    let (Some(first), Some(second)) = (one.published, two.published) else {
        return false;
    };
    one.protocol == two.protocol
        && one.shares_address_with(two)
        && (single(first) || single(second))
        && first.0 <= second.1
        && second.0 <= first.1
        && !(one.service == two.service && one.target == two.target)
}

pub fn check(project: &Project<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let ports: Vec<Port<'_>> = project
        .services
        .iter()
        .flat_map(ports)
        .filter(|port| port.published.is_some())
        .collect();
    for found in clashes(project, &ports, |port| port.published_node, clash) {
        let (reported, other) = (found.reported, found.other);
        let (Some(mine), Some(theirs)) = (reported.published, other.published) else {
            continue;
        };
        let whose = if other.service == reported.service {
            "the service itself".to_owned()
        } else {
            format!("service \"{}\"", other.service)
        };
        let protocol = reported.protocol;
        let what = match (single(mine), single(theirs)) {
            (true, true) => format!(
                "publishes host port {}/{protocol}, which {whose} publishes too",
                range(mine)
            ),
            (true, false) => format!(
                "publishes host port {}/{protocol}, which {whose} may take from its range {}",
                range(mine),
                range(theirs)
            ),
            _ => format!(
                "may take host port {}/{protocol} from its range {}, which {whose} publishes",
                range(theirs),
                range(mine)
            ),
        };
        let message = format!(
            "service \"{}\" {what}; docker compose up fails with \"port is already allocated\"",
            reported.service
        );
        let elsewhere = !project.in_file(other.published_node);
        let mut diagnostic = Diagnostic::new(&RULE, reported.published_node.span, message)
            .with_note(format!(
                "{} by service \"{}\" as {}{}",
                if found.reported_later {
                    "first published"
                } else {
                    "also published"
                },
                other.service,
                other.describe(),
                if elsewhere {
                    " in another file of the project"
                } else {
                    ""
                }
            ));
        if !elsewhere {
            let label = if found.reported_later {
                "published here first"
            } else {
                "published here too"
            };
            diagnostic = diagnostic.with_label(other.published_node.span, label);
        }
        diagnostics.push(diagnostic);
    }
}

/// Two entries that may not both be in the project (the same container name, the same host
/// port): `reported` is where the finding goes, `other` the entry it clashes with.
#[derive(Debug)]
struct Clash<'e, T> {
    reported: &'e T,
    other: &'e T,
    /// Whether `reported` comes after `other` (it usually does).
    reported_later: bool,
}

/// The clashes among `entries` (in the model's order) to report in the file being checked:
/// each entry against the first earlier one it clashes with, reported at the later one when
/// the file writes it, otherwise at the earlier one when the file writes that (the later one
/// is then in an override or an `extends` file). One finding at most per place, so that the
/// ports of one range written once are reported once.
fn clashes<'e, T>(
    project: &Project<'_>,
    entries: &'e [T],
    node: impl Fn(&T) -> &Node,
    clash: impl Fn(&T, &T) -> bool,
) -> Vec<Clash<'e, T>> {
    let mut found = Vec::new();
    let mut places: BTreeSet<(u32, Span)> = BTreeSet::new();
    let mut place = |node: &Node| places.insert((node.file.0, node.span));
    for (index, later) in entries.iter().enumerate() {
        let Some(earlier) = entries[..index]
            .iter()
            .find(|earlier| clash(earlier, later))
        else {
            continue;
        };
        let (reported, other, reported_later) = if project.in_file(node(later)) {
            (later, earlier, true)
        } else {
            (earlier, later, false)
        };
        if project.in_file(node(reported)) && place(node(reported)) {
            found.push(Clash {
                reported,
                other,
                reported_later,
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::model_checks::testing::{found, messages, texts};
    use super::*;

    fn compose(services: &[(&str, &str)]) -> String {
        let mut text = "services:\n".to_owned();
        for (name, ports) in services {
            text.push_str(&format!(
                "  {name}:\n    image: example/{name}\n    ports: {ports}\n"
            ));
        }
        text
    }

    #[test]
    fn the_same_port_in_two_services_is_reported_at_the_second() {
        let text = compose(&[
            ("web", "[\"8080:80\"]"),
            ("admin", "[\"8080:3000\", \"9090:9090\"]"),
        ]);
        let found = found(&RULE, &[("compose.yaml", &text)]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].text, "\"8080:3000\"");
        assert_eq!(
            found[0].message,
            "service \"admin\" publishes host port 8080/tcp, which service \"web\" publishes too; docker compose up fails with \"port is already allocated\""
        );
        assert_eq!(
            found[0].notes,
            ["first published by service \"web\" as 8080:80"]
        );
    }

    #[test]
    fn addresses_and_protocols() {
        // Different addresses, or protocols, do not clash; every address meets every other.
        let quiet = compose(&[
            (
                "a",
                "[\"127.0.0.1:8080:80\", \"53:53/udp\", \"[::1]:9000:9000\"]",
            ),
            (
                "b",
                "[\"127.0.0.2:8080:80\", \"53:53/tcp\", \"[::2]:9000:9000\"]",
            ),
        ]);
        assert!(messages(&RULE, &quiet).is_empty());
        let loud = compose(&[
            (
                "a",
                "[\"127.0.0.1:8080:80\", \"[::1]:9000:9000\", \"7000:7000\"]",
            ),
            ("b", "[\"0.0.0.0:8080:80\", \"[0:0::1]:9000:9000\"]"),
            ("c", "[\"[::]:7000:7001\"]"),
        ]);
        assert_eq!(
            texts(&RULE, &loud),
            [
                "\"0.0.0.0:8080:80\"",
                "\"[0:0::1]:9000:9000\"",
                "\"[::]:7000:7001\""
            ]
        );
    }

    #[test]
    fn ranges_overlap_by_range() {
        let text = compose(&[
            ("a", "[\"8000-8001:8000-8001\", \"9000-9010:80\"]"),
            (
                "b",
                "[\"8001-8002:9001-9002\", \"9005:80\", \"9008-9020:81\"]",
            ),
            ("c", "[{target: 82, published: \"9010\"}]"),
            ("d", "[\"7990-8000:90\"]"),
        ]);
        let found = messages(&RULE, &text);
        assert_eq!(found.len(), 4, "{found:#?}");
        // The range written once is reported once.
        assert!(found[0].starts_with(
            "service \"b\" publishes host port 8001/tcp, which service \"a\" publishes too"
        ));
        assert!(found[1].starts_with("service \"b\" publishes host port 9005/tcp, which service \"a\" may take from its range 9000-9010"));
        assert!(found[2].starts_with("service \"c\" publishes host port 9010/tcp, which service \"a\" may take from its range 9000-9010"));
        assert!(found[3].starts_with("service \"d\" may take host port 8000/tcp from its range 7990-8000, which service \"a\" publishes"));
    }

    #[test]
    fn one_service_publishing_a_port_twice() {
        let text = compose(&[(
            "web",
            "[\"8080:80\", {target: 81, published: 8080}, \"8080:80/udp\"]",
        )]);
        let found = found(&RULE, &[("compose.yaml", &text)]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].text, "8080");
        assert!(
            found[0]
                .message
                .contains("which the service itself publishes too")
        );
    }

    #[test]
    fn a_port_from_the_override_file_is_reported_at_this_files_entry() {
        let found = found(
            &RULE,
            &[
                (
                    "compose.yaml",
                    &compose(&[("web", "[\"8080:80\"]"), ("api", "[\"9000:9000\"]")]),
                ),
                (
                    "compose.override.yaml",
                    "services:\n  api:\n    ports: [\"8080:9000\"]\n",
                ),
            ],
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            (found[0].file.as_str(), found[0].text.as_str()),
            ("compose.yaml", "\"8080:80\"")
        );
        assert_eq!(
            found[0].notes,
            ["also published by service \"api\" as 8080:9000 in another file of the project"]
        );
    }

    #[test]
    fn host_networking_publishes_nothing() {
        let text = "services:\n  a:\n    image: example/a\n    network_mode: host\n    ports: [\"8080:80\"]\n  b:\n    image: example/b\n    ports: [\"8080:80\"]\n";
        assert!(messages(&RULE, text).is_empty());
    }
}
