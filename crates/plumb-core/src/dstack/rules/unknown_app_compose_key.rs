//! DS103: a key dstack does not read, which is hashed all the same.

use super::super::app_compose_fields::{FIELDS, OBSOLETE};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::json_tree::{JsonNode, JsonValue};
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "DS103",
    name: "unknown-app-compose-key",
    title: "app-compose.json key dstack does not read",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::Unsafe,
    explanation: crate::rules::rule_text!(
        "dstack ignores keys it does not know, so a misspelt one (`gateway_enable`) silently \
leaves the option at its default, and an obsolete one (`docker_config`, removed in dstack \
0.5.5) does nothing. Either way the key is part of the bytes dstack hashes: it changes the \
compose-hash and the app-id without changing what runs. The fix renames a key within two \
edits of one dstack reads (unsafe: the option then takes effect)."
    ),
    failing_example: crate::rules::rule_example!(Files(&[(
        "app-compose.json",
        "{\"manifest_version\": 2, \"name\": \"app\", \"runner\": \"docker-compose\", \"gateway_enable\": true}",
    )])),
    passing_example: crate::rules::rule_example!(Files(&[(
        "app-compose.json",
        "{\"manifest_version\": 2, \"name\": \"app\", \"runner\": \"docker-compose\", \"gateway_enabled\": true}",
    )])),
};

pub fn check(root: &JsonNode, diagnostics: &mut Vec<Diagnostic>) {
    let JsonValue::Object(members) = &root.value else {
        return;
    };
    let known: Vec<&str> = FIELDS.iter().map(|field| field.key).collect();
    for member in members {
        if known.contains(&member.key.as_str()) {
            continue;
        }
        if let Some((_, why)) = OBSOLETE.iter().find(|(key, _)| *key == member.key) {
            diagnostics.push(Diagnostic::new(
                &RULE,
                member.key_span,
                format!("`{}` is ignored ({why}), but still hashed", member.key),
            ));
            continue;
        }
        let suggestion = crate::suggest::suggest(&member.key, &known, true);
        let message = format!(
            "dstack does not read `{}`, but it is hashed: it changes the compose-hash and nothing else",
            member.key
        );
        let diagnostic = Diagnostic::new(
            &RULE,
            member.key_span,
            match &suggestion {
                Some(found) => format!("{message} (did you mean {found}?)"),
                None => message,
            },
        );
        diagnostics.push(match suggestion {
            Some(found) if root.member(&found).is_none() => diagnostic.with_fix(Fix {
                title: format!("rename it to `{found}`"),
                applicability: Applicability::Unsafe,
                edits: vec![Edit::new(member.key_span, format!("\"{found}\""))],
            }),
            _ => diagnostic,
        });
    }
}
