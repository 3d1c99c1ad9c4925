//! CP304: a capability added to a service that lets it reach past its container.

use super::model_checks::Service;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "CP304",
    name: "dangerous-capability",
    title: "Dangerous capability added",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Docker starts containers with a short list of capabilities. `cap_add` gives more, \
and some of them are, one by one, a way out of the container or into the host's kernel: \
`ALL` (everything `privileged` gives but the devices), `SYS_ADMIN` (mounts, namespaces and \
much else), `SYS_MODULE` (kernel modules), `SYS_RAWIO` (raw memory and I/O ports), \
`SYS_PTRACE` (other processes' memory), `SYS_BOOT` (reboot, kexec), `NET_ADMIN` (interfaces, \
routes, firewall), `BPF` and `PERFMON` (programs in and tracing of the kernel), \
`DAC_READ_SEARCH` (any file, and files by handle: the \"shocker\" escape) and `SYS_TIME` (the \
host's clock, which no namespace isolates). The rule reads names as Docker does, in any \
case and with or without `CAP_`.

Add only what the service needs, and drop the rest (`cap_drop: [ALL]` and `cap_add` of the \
few it needs); a tool that needs one of these is a host agent and should be reviewed as \
one. compose-lint (CL-0011, CL-0024, CL-0027, CL-0028), KICS (Container Capabilities \
Unrestricted) and DockSec report the same."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  vpn:\n    image: registry.example.com/vpn:3.1\n    cap_add:\n      - SYS_ADMIN\n      - CAP_NET_ADMIN\n",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "compose.yaml",
        "services:\n  web:\n    image: registry.example.com/web:3.1\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n",
    )])),
};

/// The capabilities reported, each with what it lets the service do.
const DANGEROUS: [(&str, &str); 11] = [
    ("ALL", "every capability, nearly what privileged gives"),
    (
        "SYS_ADMIN",
        "mounts, namespaces and many administrative calls, the usual way out of a container",
    ),
    ("SYS_MODULE", "loading modules into the host's kernel"),
    ("SYS_RAWIO", "raw I/O ports and memory devices of the host"),
    (
        "SYS_PTRACE",
        "tracing other processes and reading their memory",
    ),
    ("SYS_BOOT", "rebooting the host and loading a new kernel"),
    (
        "NET_ADMIN",
        "changing interfaces, routes and firewall rules (the host's with network_mode: host)",
    ),
    ("BPF", "loading BPF programs into the host's kernel"),
    (
        "DAC_READ_SEARCH",
        "reading any file whatever its permissions, and opening files by handle, which escapes to the host's file system",
    ),
    (
        "PERFMON",
        "tracing the host's kernel and other processes with perf and BPF",
    ),
    (
        "SYS_TIME",
        "setting the host's clock, which no namespace isolates",
    ),
];

/// A capability as Docker reads it: any case, `CAP_` optional.
fn capability_name(written: &str) -> String {
    let upper = written.trim().to_ascii_uppercase();
    match upper.strip_prefix("CAP_") {
        Some(name) => name.to_owned(),
        None => upper,
    }
}

pub fn check(service: &Service<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for added in service.items("cap_add") {
        let Some(written) = added.as_str() else {
            continue;
        };
        let name = capability_name(written);
        let Some((_, allows)) = DANGEROUS.iter().find(|(dangerous, _)| *dangerous == name) else {
            continue;
        };
        if service.in_file(added) {
            diagnostics.push(Diagnostic::new(
                &RULE,
                added.span,
                format!(
                    "service \"{}\" adds {name}: {allows}; add only the capabilities it needs",
                    service.name
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::model_checks::testing::{messages, texts};
    use super::*;

    #[test]
    fn names_in_any_case_with_or_without_the_prefix() {
        let text = "services:\n  a:\n    image: example/a\n    cap_add: [all, CAP_SYS_ADMIN, cap_sys_ptrace, NET_BIND_SERVICE, CHOWN, Bpf]\n";
        let found = messages(&RULE, text);
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[0].starts_with("service \"a\" adds ALL: every capability"));
        assert!(found[1].starts_with("service \"a\" adds SYS_ADMIN:"));
        assert!(found[3].starts_with("service \"a\" adds BPF:"));
        assert_eq!(
            texts(&RULE, text),
            ["all", "CAP_SYS_ADMIN", "cap_sys_ptrace", "Bpf"]
        );
    }
}
