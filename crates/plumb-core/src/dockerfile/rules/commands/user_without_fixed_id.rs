//! DF227: users and groups created without a fixed ID.

use super::support::{USER_TOOLS, program_calls};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::package_managers::{Options, basename};
use crate::rules::{FixAvailability, Rule};

pub static RULE: Rule = Rule {
    code: "DF227",
    name: "user-without-fixed-id",
    title: "User or group created without a fixed ID",
    severity: Severity::Info,
    upstream: &[],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "`useradd`, `adduser`, `groupadd` and `addgroup` take the next free ID when \
none is given, so the ID depends on what the base image and earlier packages created: it can \
change when the base image is updated, leaving files on volumes owned by the wrong user, and \
it makes the image differ between builds. Docker's best practices ask for an explicit \
UID/GID: `groupadd -g 10001 app && useradd -u 10001 -g app app`, or `addgroup -g 10001 -S app \
&& adduser -u 10001 -S -G app app` with BusyBox on Alpine.\n\n\
Adding an existing user to a group (`adduser app docker`, BusyBox `addgroup app docker`) is \
not reported. There is no hadolint equivalent."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN groupadd app && useradd --create-home -g app app\nUSER app\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM debian:12\nRUN groupadd -g 10001 app && useradd --create-home -u 10001 -g app app\nUSER 10001\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for (script, program, arguments) in program_calls(context) {
        let name = basename(&program.value);
        let (id, option) = match name {
            "useradd" | "adduser" => ("UID", "-u"),
            "groupadd" | "addgroup" => ("GID", "-g"),
            _ => continue,
        };
        let options = Options::parse(arguments, &USER_TOOLS);
        let has_id = match name {
            "useradd" | "adduser" => options.has(&["u", "uid"]),
            "groupadd" => options.has(&["g", "gid"]),
            // BusyBox `addgroup -g GID`, Debian `addgroup --gid GID`.
            _ => options.has(&["g", "gid"]),
        };
        // `adduser USER GROUP` / `addgroup USER GROUP` add a member.
        let membership = matches!(name, "adduser" | "addgroup") && options.operands.len() == 2;
        if has_id || membership || options.has(&["help", "version"]) {
            continue;
        }
        diagnostics.push(Diagnostic::new(
            &RULE,
            script.span(program.start, program.end),
            format!(
                "`{name}` without `{option}` takes the next free {id}, which can change with the base image: set it explicitly"
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::messages;

    #[test]
    fn busybox_and_debian_forms() {
        let passing = "FROM alpine\nRUN addgroup -g 10001 -S app && adduser -u 10001 -S -G app -h /home/app app && adduser app wheel && addgroup app docker\n";
        assert_eq!(messages(&RULE, passing), Vec::<String>::new());
        let failing = "FROM alpine\nRUN addgroup -S app && adduser -S -G app -g 'App user' app\n";
        assert_eq!(messages(&RULE, failing).len(), 2);
    }
}
