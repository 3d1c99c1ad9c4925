//! CP303: a service that shares one of the host's namespaces.

use super::model_checks::Service;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "CP303",
    name: "host-namespace",
    title: "Service shares a namespace of the host",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Namespaces are what keeps a container's view of the system its own. Set to `host`, \
one of them is the host's: `network_mode: host` gives the service the host's interfaces \
(it can bind any port and reach everything listening on the host's loopback, and `ports` is \
ignored), `pid: host` every process of the host (to see, signal and, with `SYS_PTRACE`, \
trace), `ipc: host` the host's shared memory and message queues, `uts: host` the host's \
host name, and `userns_mode: host` turns off the daemon's user-namespace remapping, so that \
root in the container is root on the host.

Leave the setting out unless the service is a host agent that needs it: publish the ports a \
service serves, share a namespace with one other service (`pid: service:app`, `ipc: \
service:app`) rather than with the host. compose-lint (CL-0008 host network, CL-0010 host \
PID and IPC), KICS (Network Mode Host, Host Namespace is Shared, IPC set to host, Userns \
Set To Host) and DockSec report the same."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  exporter:\n    image: registry.example.com/node-exporter:1.9\n    network_mode: host\n    pid: host\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  exporter:\n    image: registry.example.com/node-exporter:1.9\n    ports:\n      - \"127.0.0.1:9100:9100\"\n",
    )])),
};

/// Each setting, what sharing the host's namespace gives the service.
const NAMESPACES: [(&str, &str); 5] = [
    (
        "network_mode",
        "uses the host's network: it can bind any port of the host and reach what listens on its loopback interface",
    ),
    (
        "pid",
        "shares the host's process namespace: it sees every process of the host and can signal them",
    ),
    (
        "ipc",
        "shares the host's IPC namespace: its shared memory and message queues",
    ),
    (
        "uts",
        "shares the host's UTS namespace: with SYS_ADMIN it can change the host's name",
    ),
    (
        "userns_mode",
        "runs in the host's user namespace: the daemon's remapping does not apply, and root in it is root on the host",
    ),
];

pub fn check(service: &Service<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for (key, what) in NAMESPACES {
        if let Some(node) = service.written(key)
            && node.as_str() == Some("host")
        {
            diagnostics.push(Diagnostic::new(
                &RULE,
                node.span,
                format!("service \"{}\" {what} ({key}: host)", service.name),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::model_checks::testing::messages;
    use super::*;

    #[test]
    fn each_host_namespace_is_named() {
        let text = "services:\n  a:\n    image: example/a\n    network_mode: host\n    pid: host\n    ipc: host\n    uts: host\n    userns_mode: host\n  b:\n    image: example/b\n    network_mode: bridge\n    pid: service:a\n    ipc: shareable\n";
        let found = messages(&RULE, text);
        assert_eq!(found.len(), 5, "{found:#?}");
        assert!(found[0].starts_with("service \"a\" uses the host's network"));
        assert!(found[0].ends_with("(network_mode: host)"));
        assert!(found[4].ends_with("(userns_mode: host)"));
    }
}
