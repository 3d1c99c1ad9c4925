//! DF113: an IP address or host port in EXPOSE.

use super::expose_specs;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::dockerfile::check_context::Context;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF113",
    name: "expose-invalid-format",
    title: "IP address or host port in EXPOSE",
    severity: Severity::Warning,
    upstream: &[Upstream::BuildkitCheck("ExposeInvalidFormat")],
    fix: FixAvailability::Safe,
    explanation: crate::rules::rule_text!(
        "`EXPOSE` documents the ports the container listens on; which host address and \
port they are published on is decided when the container runs (`docker run -p \
127.0.0.1:8080:80`, `ports:` in Compose). BuildKit accepts `ip:hostPort:containerPort` in \
`EXPOSE` but throws away everything except the container port, and says this will become an \
error.\n\n\
The fix keeps only the container port and protocol, which is what the image exposes anyway; \
it is offered when the spec is written without variables or quotes."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM nginx:1.27\nEXPOSE 127.0.0.1:8080:80\n"
    )),
    passing_example: crate::rules::rule_example!(Text("FROM nginx:1.27\nEXPOSE 80\n")),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for spec in expose_specs(context) {
        if spec.ip.is_empty() && spec.host_port.is_empty() {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            spec.word.span,
            format!(
                "EXPOSE instruction should not define an IP address or host-port mapping, found '{}'",
                spec.raw
            ),
        )
        .with_note("publish ports on the host when the container runs (docker run -p, Compose ports:)");
        if spec.literal {
            diagnostic = diagnostic.with_fix(Fix {
                title: format!("expose only the container port {}", spec.container_port),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    file: None,
                    span: spec.word.span,
                    replacement: spec.container_port.clone(),
                }],
            });
        }
        diagnostics.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed, has_fix, lines};

    #[test]
    fn host_ports_and_addresses() {
        let text = "FROM alpine\nARG MAP=8080:80\nEXPOSE 80 443/tcp\nEXPOSE 80:80\nEXPOSE [::1]:53:53/udp $MAP\nEXPOSE 80/http\n";
        assert_eq!(lines(&RULE, text), [4, 5, 5]);
    }

    #[test]
    fn the_fix_keeps_the_container_port() {
        assert_eq!(
            fixed(
                &RULE,
                "FROM alpine\nEXPOSE 127.0.0.1:8080:80/udp 9000:9000\n"
            ),
            "FROM alpine\nEXPOSE 80/udp 9000\n"
        );
        assert!(!has_fix(
            &RULE,
            "FROM alpine\nARG MAP=8080:80\nEXPOSE $MAP\n"
        ));
    }
}
