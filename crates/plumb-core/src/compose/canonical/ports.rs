//! `ports:` short syntax, `[[ip:][host]:]container[/protocol]` with port ranges, parsed as
//! compose-go's `types.ParsePortConfig` does through go-connections' `nat.ParsePortSpec`
//! (v0.6.0, the version docker compose v2.40.3 links, whose messages are lower-case).
//!
//! One spec may stand for several ports (`3000-3001`), so the rule rewrites the whole list.

use super::{Canonical, invalid_type};
use crate::compose::tree::{self, Notice, TreePath, go_int, go_type};
use crate::yaml::{Node, Value};
use std::net::IpAddr;

/// One port of a short-syntax spec, as compose-go's `ServicePortConfig` holds it (its mode is
/// always `ingress`). Empty strings and a zero target are fields compose-go leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortConfig {
    pub host_ip: String,
    pub target: u16,
    /// The host port or range (`8000-9000`), empty when none is published.
    pub published: String,
    pub protocol: String,
}

/// Rewrites each string or integer of a port list to the ports it stands for; mappings are
/// kept. A string that does not parse is an error, or leaves the whole list as written when
/// variables were not substituted (an integer's error stands either way).
pub fn ports(step: &mut Canonical, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    let Value::Sequence(entries) = &node.value else {
        return Err(invalid_type(path, node, "for port"));
    };
    let item_path = path.next(tree::ITEM);
    let mut ports = Vec::with_capacity(entries.len());
    for entry in entries {
        let parsed = match &entry.value {
            Value::Mapping(_) => {
                ports.push(entry.clone());
                continue;
            }
            Value::String(spec) => match parse_port_config(spec) {
                Err(_) if step.keep_unparsable => return Ok(()),
                parsed => parsed,
            },
            other => match go_int(other) {
                // compose-go prints an integer and parses the text.
                Some(number) => parse_port_config(&number.to_string()),
                None => {
                    let message = format!("{path}: invalid type {} for port", go_type(other));
                    return Err(Notice::new(message, &item_path, entry));
                }
            },
        };
        let parsed = parsed.map_err(|message| Notice::new(message, &item_path, entry))?;
        ports.extend(parsed.iter().map(|port| port_node(port, entry)));
    }
    *node = tree::sequence(ports, node);
    Ok(())
}

/// The long syntax of one port, its fields in compose-go's order, the empty ones left out.
fn port_node(port: &PortConfig, origin: &Node) -> Node {
    let text = |text: &str| (!text.is_empty()).then(|| tree::string(text, origin));
    let target = (port.target != 0).then(|| tree::made(Value::Int(port.target.into()), origin));
    let fields = vec![
        ("mode", text("ingress")),
        ("host_ip", text(&port.host_ip)),
        ("target", target),
        ("published", text(&port.published)),
        ("protocol", text(&port.protocol)),
    ];
    tree::mapping_of_present(fields, origin)
}

/// The ports one short-syntax spec stands for, ordered as compose-go orders them: by the
/// text `port/protocol`, so `10000` comes before `9999`. The error is go-connections'
/// message.
pub fn parse_port_config(spec: &str) -> Result<Vec<PortConfig>, String> {
    let (host_ip, host_ports, container_ports) = split_parts(spec);
    let (container_ports, protocol) = split_protocol(container_ports);
    let protocol = go_to_lower(protocol);
    if !matches!(protocol.as_str(), "tcp" | "udp" | "sctp") {
        // Also where no container port is written: its protocol is empty.
        return Err(format!("invalid proto: {protocol}"));
    }
    let host_ip = if host_ip.starts_with('[') {
        bracketed_host(host_ip).map_err(|why| format!("invalid IP address {host_ip}: {why}"))?
    } else {
        host_ip
    };
    if !host_ip.is_empty() && host_ip.parse::<IpAddr>().is_err() {
        return Err(format!("invalid IP address: {host_ip}"));
    }
    let (start, end) = parse_port_range(container_ports)
        .ok_or_else(|| format!("invalid containerPort: {container_ports}"))?;
    let host_range = if host_ports.is_empty() {
        None
    } else {
        let (host_start, host_end) = parse_port_range(host_ports)
            .ok_or_else(|| format!("invalid hostPort: {host_ports}"))?;
        // A host range with a single container port is the range to pick a host port from.
        if end - start != host_end - host_start && end != start {
            return Err(format!(
                "invalid ranges specified for container and host Ports: {container_ports} and {host_ports}"
            ));
        }
        Some((host_start, host_end))
    };
    let mut ports: Vec<(String, PortConfig)> = (start..=end)
        .map(|target| {
            let offset = target - start;
            let published = match host_range {
                None => String::new(),
                Some((host_start, host_end)) if start == end && host_start != host_end => {
                    format!("{host_start}-{host_end}")
                }
                Some((host_start, _)) => (u32::from(host_start) + u32::from(offset)).to_string(),
            };
            let port = PortConfig {
                host_ip: host_ip.to_owned(),
                target,
                published,
                protocol: protocol.clone(),
            };
            (format!("{target}/{protocol}"), port)
        })
        .collect();
    ports.sort_by(|left, right| left.0.cmp(&right.0));
    Ok(ports.into_iter().map(|(_, port)| port).collect())
}

/// The host IP, host ports and container ports of a spec: split at every `:`, the last two
/// fields are the ports and the rest is the IP (so `::1:80:80` has the IP `::1`).
fn split_parts(spec: &str) -> (&str, &str, &str) {
    let mut fields = spec.rsplitn(3, ':');
    let container = fields.next().unwrap_or_default();
    match (fields.next(), fields.next()) {
        (Some(host), Some(ip)) => (ip, host, container),
        (Some(host), None) => ("", host, container),
        _ => ("", "", container),
    }
}

/// `80/udp` → (`80`, `udp`); the protocol is `tcp` when not written, and empty when no port
/// is.
fn split_protocol(ports: &str) -> (&str, &str) {
    let (ports, protocol) = ports.split_once('/').unwrap_or((ports, ""));
    match (ports, protocol) {
        ("", _) => ("", ""),
        (ports, "") => (ports, "tcp"),
        split => split,
    }
}

/// Go's `strings.ToLower`: each character's simple lower case (`İ` → `i`).
fn go_to_lower(text: &str) -> String {
    text.chars()
        .map(|ch| ch.to_lowercase().next().unwrap_or(ch))
        .collect()
}

/// The host of `[host]` as Go's `net.SplitHostPort` takes it from `[host]:` (go-connections
/// adds the colon), or its complaint about the address.
fn bracketed_host(ip: &str) -> Result<&str, String> {
    let address = format!("{ip}:");
    let complaint = |why: &str| format!("address {address}: {why}");
    let last_colon = ip.len();
    let Some(close) = ip.find(']') else {
        return Err(complaint("missing ']' in address"));
    };
    if close + 1 != last_colon {
        return Err(complaint(if address.as_bytes()[close + 1] == b':' {
            "too many colons in address"
        } else {
            "missing port in address"
        }));
    }
    if address[1..].contains('[') {
        return Err(complaint("unexpected '[' in address"));
    }
    Ok(&ip[1..close])
}

/// go-connections' `ParsePortRange`: `N` or `N-M` with M ≥ N, decimal ports up to 65535
/// (text after a second `-` is ignored).
fn parse_port_range(ports: &str) -> Option<(u16, u16)> {
    let mut parts = ports.split('-');
    let start = parse_port(parts.next()?)?;
    let end = match parts.next() {
        Some(end) => parse_port(end)?,
        None => start,
    };
    (end >= start).then_some((start, end))
}

/// `strconv.ParseUint(text, 10, 16)`: ASCII digits only, no sign.
fn parse_port(text: &str) -> Option<u16> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    // Leading zeros are allowed, so the digits may be many for a small number.
    let digits = text.trim_start_matches('0');
    if digits.len() > 5 {
        return None;
    }
    digits.parse().ok().or(digits.is_empty().then_some(0))
}

#[cfg(test)]
mod tests {
    use super::super::Interpolation;
    use super::super::test_support::*;
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn ports_of(list: &str) -> serde_json::Value {
        canonical_service_key("ports", list)
    }

    fn port_error(spec: &str) -> String {
        parse_port_config(spec).unwrap_err()
    }

    #[test]
    fn short_specs_become_long_ports() {
        // Observed: case ports-short of the research notes.
        assert_eq!(
            ports_of(
                r#"["3000", "3000-3001", "9090-9091:8080-8081", "8000-9000:80", "127.0.0.1:5000:5000", "[::1]:6001:6001", "6060:6060/udp", 7000]"#
            ),
            json!([
                {"mode": "ingress", "target": 3000, "protocol": "tcp"},
                {"mode": "ingress", "target": 3000, "protocol": "tcp"},
                {"mode": "ingress", "target": 3001, "protocol": "tcp"},
                {"mode": "ingress", "target": 8080, "published": "9090", "protocol": "tcp"},
                {"mode": "ingress", "target": 8081, "published": "9091", "protocol": "tcp"},
                {"mode": "ingress", "target": 80, "published": "8000-9000", "protocol": "tcp"},
                {"mode": "ingress", "host_ip": "127.0.0.1", "target": 5000, "published": "5000", "protocol": "tcp"},
                {"mode": "ingress", "host_ip": "::1", "target": 6001, "published": "6001", "protocol": "tcp"},
                {"mode": "ingress", "target": 6060, "published": "6060", "protocol": "udp"},
                {"mode": "ingress", "target": 7000, "protocol": "tcp"},
            ])
        );
    }

    #[test]
    fn edge_forms_parse_as_docker_compose_parses_them() {
        // Each observed with docker compose v2.40.3.
        let port = |host_ip: &str, target: u16, published: &str, protocol: &str| PortConfig {
            host_ip: host_ip.to_owned(),
            target,
            published: published.to_owned(),
            protocol: protocol.to_owned(),
        };
        let cases = [
            // Ranges are ordered as text.
            (
                "9999-10000",
                vec![port("", 10000, "", "tcp"), port("", 9999, "", "tcp")],
            ),
            ("80/TCP", vec![port("", 80, "", "tcp")]),
            ("80/Udp", vec![port("", 80, "", "udp")]),
            (
                "1-2-3:5-6-7",
                vec![port("", 5, "1", "tcp"), port("", 6, "2", "tcp")],
            ),
            ("10-12:20", vec![port("", 20, "10-12", "tcp")]),
            ("::1:6000:6000", vec![port("::1", 6000, "6000", "tcp")]),
            ("1.2.3.4::80", vec![port("1.2.3.4", 80, "", "tcp")]),
            (":80", vec![port("", 80, "", "tcp")]),
            ("[]:80:80", vec![port("", 80, "80", "tcp")]),
            ("[1.2.3.4]:80:80", vec![port("1.2.3.4", 80, "80", "tcp")]),
            ("0080:0090", vec![port("", 90, "80", "tcp")]),
            ("0", vec![port("", 0, "", "tcp")]),
            (
                "::ffff:1.2.3.4:80:80",
                vec![port("::ffff:1.2.3.4", 80, "80", "tcp")],
            ),
            ("::1.2.3.4:80:80", vec![port("::1.2.3.4", 80, "80", "tcp")]),
            ("::FFFF:80:80", vec![port("::FFFF", 80, "80", "tcp")]),
            (
                "1:2:3:4:5:6:1.2.3.4:80:80",
                vec![port("1:2:3:4:5:6:1.2.3.4", 80, "80", "tcp")],
            ),
            ("80:80/sctp", vec![port("", 80, "80", "sctp")]),
        ];
        for (spec, expected) in cases {
            assert_eq!(parse_port_config(spec), Ok(expected), "{spec}");
        }
    }

    #[test]
    fn bad_specs_get_go_connections_messages() {
        // Each observed with docker compose v2.40.3.
        for (spec, message) in [
            ("9999999", "invalid containerPort: 9999999"),
            ("65536", "invalid containerPort: 65536"),
            ("+80", "invalid containerPort: +80"),
            ("-1", "invalid containerPort: -1"),
            ("a b", "invalid containerPort: a b"),
            ("3000-2000", "invalid containerPort: 3000-2000"),
            ("80:80/xyz", "invalid proto: xyz"),
            ("80:80/tcp/x", "invalid proto: tcp/x"),
            ("80:80/ＴCP", "invalid proto: ｔcp"),
            ("80/İ", "invalid proto: i"),
            ("80:", "invalid proto: "),
            ("/udp", "invalid proto: "),
            ("", "invalid proto: "),
            ("8_080:80", "invalid hostPort: 8_080"),
            ("127.0.0.1:80", "invalid hostPort: 127.0.0.1"),
            (
                "10:20-22",
                "invalid ranges specified for container and host Ports: 20-22 and 10",
            ),
            (
                "10-11:20-22",
                "invalid ranges specified for container and host Ports: 20-22 and 10-11",
            ),
            ("127.0.1:80:80", "invalid IP address: 127.0.1"),
            ("1.2.3.04:80:80", "invalid IP address: 1.2.3.04"),
            ("1::2::3:80:80", "invalid IP address: 1::2::3"),
            ("fe80::1%eth0:80:80", "invalid IP address: fe80::1%eth0"),
            ("[fe80::1%eth0]:80:80", "invalid IP address: fe80::1%eth0"),
            (
                "1:2:3:4:5:6:7:8:9:80:80",
                "invalid IP address: 1:2:3:4:5:6:7:8:9",
            ),
            (
                "255.255.255.256:80:80",
                "invalid IP address: 255.255.255.256",
            ),
            (
                "[::1]x:80:80",
                "invalid IP address [::1]x: address [::1]x:: missing port in address",
            ),
            (
                "[::1]]:80:80",
                "invalid IP address [::1]]: address [::1]]:: missing port in address",
            ),
            (
                "[::1:6000:6000",
                "invalid IP address [::1: address [::1:: missing ']' in address",
            ),
            (
                "[[::1]:80:80",
                "invalid IP address [[::1]: address [[::1]:: unexpected '[' in address",
            ),
            (
                "[::1]:[::1]:80",
                "invalid IP address [::1]:[:: address [::1]:[::: too many colons in address",
            ),
        ] {
            assert_eq!(port_error(spec), message, "{spec}");
        }
    }

    #[test]
    fn list_entries_of_other_kinds() {
        // Observed: long syntax is kept as written (defaults come later), a bare integer
        // is a spec (`8_080` is 8080 to go-yaml), unquoted `22:22` is a string (no base 60),
        // and `0` leaves the target out (the check after reports it missing).
        assert_eq!(
            ports_of("[{target: 81, published: 8081}, 7000, 8_080, 22:22, \"0\"]"),
            json!([
                {"target": 81, "published": 8081},
                {"mode": "ingress", "target": 7000, "protocol": "tcp"},
                {"mode": "ingress", "target": 8080, "protocol": "tcp"},
                {"mode": "ingress", "target": 22, "published": "22", "protocol": "tcp"},
                {"mode": "ingress", "protocol": "tcp"},
            ])
        );
        // Observed with docker compose v2.40.3.
        for (entry, message) in [
            ("80.5", "services.web.ports: invalid type float64 for port"),
            (
                "99999999999999999999",
                "services.web.ports: invalid type float64 for port",
            ),
            (
                "18446744073709551615",
                "services.web.ports: invalid type uint64 for port",
            ),
            (
                "9223372036854775807",
                "invalid containerPort: 9223372036854775807",
            ),
            ("-1", "invalid containerPort: -1"),
        ] {
            assert_eq!(
                canonical_error(&service_with("ports", &format!("[{entry}]"))),
                message,
                "{entry}"
            );
        }
        assert_eq!(
            canonical_error(&service_with("ports", "\"80\"")),
            "services.web.ports: invalid type string for port"
        );
    }

    #[test]
    fn without_interpolation_an_unparsable_string_keeps_the_list() {
        // Observed with --no-interpolate: the whole list stays as written.
        let text = service_with("ports", r#"["${PORT}:80", "80:80", {target: 81}]"#);
        let kept = try_canonical(&text, Interpolation::Skipped).unwrap();
        assert_eq!(
            kept["services"]["web"]["ports"],
            json!(["${PORT}:80", "80:80", {"target": 81}])
        );
        assert_eq!(
            try_canonical(&service_with("ports", "[-1]"), Interpolation::Skipped),
            Err("invalid containerPort: -1".to_owned())
        );
    }

    proptest! {
        #[test]
        fn any_spec_parses_or_fails_without_panicking(spec in "\\PC*") {
            let _ = parse_port_config(&spec);
        }

        #[test]
        fn port_like_specs_parse_or_fail_without_panicking(
            spec in "[\\[\\]0-9a-f:./\\-TCPUDtcpud%]{0,24}"
        ) {
            if let Ok(ports) = parse_port_config(&spec) {
                prop_assert!(!ports.is_empty());
            }
        }
    }
}
