//! A service's `ports` as the port rules read them from the model, where every entry is in
//! the long syntax (a short one, `"8080:80"`, became one entry per port, each placed where
//! the string is written).

use super::model_checks::Service;
use crate::yaml::{Node, Value};
use std::net::IpAddr;

/// One port of a service.
#[derive(Debug)]
pub struct Port<'a> {
    pub service: &'a str,
    /// The entry: the long-syntax mapping, or the short-syntax string it came from.
    pub entry: &'a Node,
    /// `host_ip`, when it is written and not empty.
    pub host_ip: Option<&'a str>,
    /// The host ports (`published`: one, or a range to pick one from), when published.
    pub published: Option<(u16, u16)>,
    /// Where `published` is written (the entry when it is not).
    pub published_node: &'a Node,
    pub target: Option<i128>,
    pub protocol: &'a str,
}

impl Port<'_> {
    /// Whether it publishes on every address of the host: no `host_ip`, `0.0.0.0` or `::`.
    pub fn on_every_address(&self) -> bool {
        self.address()
            .is_none_or(|address| address.is_unspecified())
    }

    fn address(&self) -> Option<IpAddr> {
        self.host_ip.and_then(|ip| ip.parse().ok())
    }

    /// Whether two ports may be bound to one address: one of them on every address, or both
    /// on the same one.
    pub fn shares_address_with(&self, other: &Port<'_>) -> bool {
        self.on_every_address()
            || other.on_every_address()
            || match (self.address(), other.address()) {
                (Some(one), Some(two)) => one == two,
                _ => self.host_ip == other.host_ip,
            }
    }

    /// The port as the short syntax writes it: `[host_ip:]published:target[/protocol]`.
    pub fn describe(&self) -> String {
        let mut text = String::new();
        if let Some(ip) = self.host_ip {
            if ip.contains(':') {
                text.push_str(&format!("[{ip}]:"));
            } else {
                text.push_str(&format!("{ip}:"));
            }
        }
        if let Some(published) = self.published {
            text.push_str(&format!("{}:", range(published)));
        }
        if let Some(target) = self.target {
            text.push_str(&target.to_string());
        }
        if self.protocol != "tcp" {
            text.push_str(&format!("/{}", self.protocol));
        }
        text
    }
}

/// `8080`, or `8000-8010` for a range.
pub fn range((start, end): (u16, u16)) -> String {
    if start == end {
        start.to_string()
    } else {
        format!("{start}-{end}")
    }
}

/// The service's ports, in the model's order; none for a service on the host's network,
/// where compose publishes nothing.
pub fn ports<'a>(service: &Service<'a>) -> Vec<Port<'a>> {
    if service.uses_host_network() {
        return Vec::new();
    }
    service
        .items("ports")
        .iter()
        .filter(|entry| entry.as_mapping().is_some())
        .map(|entry| {
            let text = |key: &str| entry.get(key).and_then(Node::as_str);
            let published_node = entry.get("published");
            Port {
                service: service.name,
                entry,
                host_ip: text("host_ip").filter(|ip| !ip.is_empty()),
                published: published_node.and_then(host_ports),
                published_node: published_node.unwrap_or(entry),
                target: entry.get("target").and_then(|target| match target.value {
                    Value::Int(target) => Some(target),
                    _ => None,
                }),
                protocol: text("protocol").unwrap_or("tcp"),
            }
        })
        .collect()
}

/// `published` as a range of host ports: `8080`, `"8080"` or `"8000-8010"`.
fn host_ports(published: &Node) -> Option<(u16, u16)> {
    let text = match &published.value {
        Value::Int(port) => port.to_string(),
        Value::String(text) => text.clone(),
        _ => return None,
    };
    let (start, end) = text.split_once('-').unwrap_or((&text, &text));
    let (start, end) = (start.parse().ok()?, end.parse().ok()?);
    (start <= end && end > 0).then_some((start, end))
}
