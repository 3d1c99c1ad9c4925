//! DS104: an app-compose.json larger than dstack's guests copy.

use super::super::version::DstackVersion;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "DS104",
    name: "app-compose-too-large",
    title: "app-compose.json larger than guests accept",
    severity: Severity::Warning,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "The guest copies app-compose.json from the host with a size cap and refuses a larger \
file: 128 KiB in dstack 0.4.2 to 0.5.4, 256 KiB in 0.5.5 to 0.5.11, 50 MiB from 0.6. With \
`version` in `[dstack]` of plumb.toml the rule applies that release's limit; without it, it \
reports a file over 128 KiB with the releases that refuse it. A large embedded compose file \
or pre-launch script is the usual cause; move scripts into the image."
    ),
    failing_example: crate::rules::rule_example!(Built {
        path: "app-compose.json",
        description: "an app-compose.json whose pre_launch_script makes it 300 KiB",
        build: || {
            format!(
                "{{\"manifest_version\": 2, \"name\": \"app\", \"runner\": \"docker-compose\", \"pre_launch_script\": \"{}\"}}",
                "#".repeat(300 * 1024)
            )
            .into_bytes()
        },
    }),
    passing_example: crate::rules::rule_example!(Files(&[(
        "app-compose.json",
        "{\"manifest_version\": 2, \"name\": \"app\", \"runner\": \"docker-compose\"}",
    )])),
};

/// The largest file each range of releases copies, newest first.
const LIMITS: [(DstackVersion, usize, &str); 3] = [
    (DstackVersion::new(0, 6, 0), 50 << 20, "50 MiB"),
    (DstackVersion::new(0, 5, 5), 256 << 10, "256 KiB"),
    (DstackVersion::new(0, 4, 2), 128 << 10, "128 KiB"),
];

/// Without `version`, a file over the smallest limit is reported with the releases that
/// refuse it.
pub fn check(size: usize, version: Option<DstackVersion>, diagnostics: &mut Vec<Diagnostic>) {
    let message = match version {
        Some(version) => LIMITS
            .iter()
            .find(|(since, _, _)| version >= *since)
            .filter(|(_, limit, _)| size > *limit)
            .map(|(_, _, shown)| {
                format!("{size} bytes: dstack {version} refuses a file over {shown}")
            }),
        None => {
            let refused_by: Vec<String> = LIMITS
                .iter()
                .enumerate()
                .filter(|(_, (_, limit, _))| size > *limit)
                .map(|(index, (since, _, shown))| match index {
                    0 => format!("{since} and later ({shown})"),
                    _ => format!("{since} to before {} ({shown})", LIMITS[index - 1].0),
                })
                .collect();
            (!refused_by.is_empty())
                .then(|| format!("{size} bytes: refused by dstack {}", refused_by.join(", ")))
        }
    };
    if let Some(message) = message {
        diagnostics.push(Diagnostic::new(&RULE, Span::point(0), message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(size: usize, version: Option<&str>) -> Vec<String> {
        super::super::messages_of(|found| {
            check(size, version.and_then(DstackVersion::parse), found)
        })
    }

    #[test]
    fn the_limit_is_the_release_s() {
        assert_eq!(
            messages(200 << 10, None),
            ["204800 bytes: refused by dstack 0.4.2 to before 0.5.5 (128 KiB)"]
        );
        assert_eq!(messages(200 << 10, Some("0.5.11")), Vec::<String>::new());
        assert_eq!(
            messages(300 << 10, Some("0.5.11")),
            ["307200 bytes: dstack 0.5.11 refuses a file over 256 KiB"]
        );
        assert_eq!(messages(300 << 10, Some("0.6")), Vec::<String>::new());
        assert_eq!(messages(300 << 10, Some("0.3.6")), Vec::<String>::new());
    }
}
