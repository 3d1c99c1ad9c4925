//! DF122: `cd` in a RUN where WORKDIR says it better.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF122",
    name: "cd-instead-of-workdir",
    title: "Use WORKDIR instead of cd",
    severity: Severity::Warning,
    upstream: &[Upstream::Hadolint("DL3003")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Every RUN starts in the stage's WORKDIR: a `cd` lasts only until the end of \
its own RUN. A `cd` at the end of a RUN does nothing at all, and a `cd` in the middle hides \
where the following commands, and the files they write, end up. `WORKDIR /src` sets the \
directory for every later RUN, COPY, CMD and ENTRYPOINT, and creates it if needed.\n\n\
A `cd` inside a subshell, `(cd src && make)`, is scoped on purpose and not reported.\n\n\
Differences from hadolint: DL3003 reports every `cd`, including one inside a subshell; plumb \
reports the first other `cd` of each RUN."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.22\nCOPY . /src\nRUN cd /src && go build -o /usr/local/bin/app .\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app .\n",
    )),
};

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for script in context.run_scripts() {
        let top_level: Vec<_> = script
            .commands
            .iter()
            .filter(|command| !command.nested)
            .collect();
        let Some(position) = top_level
            .iter()
            .position(|command| command.program() == Some("cd"))
        else {
            continue;
        };
        let message = if position + 1 == top_level.len() {
            "`cd` at the end of a RUN does not carry over to later instructions: use WORKDIR"
        } else {
            "use WORKDIR to switch to a directory instead of `cd`"
        };
        diagnostics.push(Diagnostic::new(
            &RULE,
            script.command_span(top_level[position]),
            message,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::messages;

    #[test]
    fn subshells_are_scoped() {
        assert!(messages(&RULE, "FROM alpine\nRUN (cd /src && make) && echo ok\n").is_empty());
        assert_eq!(
            messages(&RULE, "FROM alpine\nRUN make && cd /src\n"),
            ["`cd` at the end of a RUN does not carry over to later instructions: use WORKDIR"]
        );
        assert_eq!(
            messages(&RULE, "FROM alpine\nRUN cd /a && make && cd /b && make\n").len(),
            1
        );
    }
}
