//! CP305: a port published on every interface of the host.

use super::model_checks::Service;
use super::service_ports::{Port, ports, range};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "CP305",
    name: "unbound-port-interface",
    title: "Port published on every interface",
    severity: Severity::Info,
    upstream: &[Upstream::Dclint("no-unbound-port-interfaces")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "A port without a host address (`\"8080:80\"`, or `\"80\"`, which takes a random host \
port) is published on every interface of the host: whoever reaches the machine reaches the \
service, and Docker's own firewall rules let the traffic through even where the host's \
firewall would not. A database or an admin interface meant for the host, or for a proxy on \
it, is then open to the network.

When only the host needs the port, publish it on the loopback address \
(`\"127.0.0.1:8080:80\"`, or `host_ip: 127.0.0.1`); when other containers need it, they \
reach it over a compose network without any `ports`. Write `0.0.0.0:` (or `host_ip: \
0.0.0.0`) where every interface is meant: the rule is quiet then. dclint \
(`no-unbound-port-interfaces`), compose-lint (CL-0005) and KICS (Container Traffic Not \
Bound To Host Interface) report the same."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  db:\n    image: postgres:17.5\n    ports:\n      - \"5432:5432\"\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  db:\n    image: postgres:17.5\n    ports:\n      - \"127.0.0.1:5432:5432\"\n",
    )])),
};

pub fn check(service: &Service<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let ports = ports(service);
    // The ports of one short-syntax range are entries written once: one finding each.
    let mut groups: Vec<Vec<&Port<'_>>> = Vec::new();
    for port in ports
        .iter()
        .filter(|port| port.host_ip.is_none() && service.in_file(port.entry))
    {
        match groups.last_mut() {
            Some(group) if group[0].entry.span == port.entry.span => group.push(port),
            _ => groups.push(vec![port]),
        }
    }
    for group in groups {
        let span = |ports: Vec<u16>| Some((*ports.iter().min()?, *ports.iter().max()?));
        let published = span(
            group
                .iter()
                .filter_map(|port| port.published)
                .flat_map(|(start, end)| [start, end])
                .collect(),
        );
        let targets = span(
            group
                .iter()
                .filter_map(|port| u16::try_from(port.target?).ok())
                .collect(),
        );
        let written = |ports: Option<(u16, u16)>| ports.map(range).unwrap_or_default();
        let protocol = match group[0].protocol {
            "tcp" => String::new(),
            protocol => format!("/{protocol}"),
        };
        let example = format!(
            "127.0.0.1:{}:{}{protocol}",
            written(published),
            written(targets)
        );
        let what = match published {
            Some(ports) => format!(
                "publishes host port {}{protocol} on every interface of the host",
                range(ports)
            ),
            None => "publishes a random host port on every interface of the host".to_owned(),
        };
        diagnostics.push(Diagnostic::new(
            &RULE,
            group[0].entry.span,
            format!(
                "service \"{}\" {what}; if only the host needs it, publish it on 127.0.0.1 ({example})",
                service.name
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::model_checks::testing::{messages, texts};
    use super::*;

    #[test]
    fn ports_without_a_host_address() {
        let text = "services:\n  web:\n    image: example/web\n    ports:\n      - \"8080:80\"\n      - \"9000-9002:9000-9002\"\n      - \"3000\"\n      - \"127.0.0.1:5432:5432\"\n      - \"0.0.0.0:443:443\"\n      - \"[::1]:6000:6000\"\n      - target: 53\n        published: 5353\n        protocol: udp\n  host:\n    image: example/host\n    network_mode: host\n    ports: [\"7000:7000\"]\n";
        let found = messages(&RULE, text);
        assert_eq!(found.len(), 4, "{found:#?}");
        assert_eq!(
            found[0],
            "service \"web\" publishes host port 8080 on every interface of the host; if only the host needs it, publish it on 127.0.0.1 (127.0.0.1:8080:80)"
        );
        assert!(
            found[1].contains("host port 9000-9002 on every interface"),
            "{}",
            found[1]
        );
        assert!(found[2].contains("a random host port"));
        assert!(found[2].ends_with("(127.0.0.1::3000)"));
        assert!(found[3].contains("host port 5353/udp on every interface"));
        assert!(found[3].ends_with("(127.0.0.1:5353:53/udp)"));
        let texts = texts(&RULE, text);
        assert_eq!(
            texts[..3],
            ["\"8080:80\"", "\"9000-9002:9000-9002\"", "\"3000\""]
        );
        assert!(texts[3].starts_with("target: 53"));
    }
}
