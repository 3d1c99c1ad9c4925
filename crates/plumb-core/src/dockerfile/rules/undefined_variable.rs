//! DF103: variable is used but never defined.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF103",
    name: "undefined-variable",
    title: "Variable is used but never defined",
    severity: Severity::Warning,
    upstream: &[Upstream::BuildkitCheck("UndefinedVar")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "BuildKit expands `$NAME` in ADD, COPY, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, \
VOLUME, WORKDIR, ARG defaults and `RUN --mount` options. A name that no ENV or ARG of the stage \
(or of the stages it is built on) defines, and that the base image does not set, expands to \
nothing, which is usually a typo or a missing `ARG`. Like BuildKit, plumb does not look at RUN \
commands: the shell expands those.\n\n\
BuildKit knows the base image's ENV. Where a `plumb.lock` pins the image (`plumb lock`), plumb \
knows it too: the lock records each platform's `Env`, the stage starts with it (and with the \
default PATH if it sets none), and this rule reports exactly what BuildKit would, for the \
platform the stage is built for (`--platform`, else linux/amd64). Without a lock, plumb follows a stage's chain of bases (stages of the file) to its root: on \
`scratch` only PATH is defined (BuildKit gives every stage whose image sets none its default \
`/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`, except on Windows), and an \
unknown name is a warning. On an image, names images commonly set (PATH, HOME, LANG, \
`*_VERSION`, `*_HOME`…) are not reported, and any other unknown name is reported as \
information only, saying it may come from the base image; `# check=error=true` leaves those \
at information, since BuildKit fails only if the image does not set the name.\n\n\
Guarded expansions are reported too, as BuildKit does: its lexer (`shell/lex.go`) looks every \
name up through one function that records the names it does not find, whatever the modifier, \
and `dockerfile2llb` reports all of them (`reportUnmatchedVariables`), so `${NAME:+…}`, \
`${NAME:-…}` and `${NAME-…}` count as uses of `NAME`. Declare `ARG NAME` (without a value) to \
say that the name may be unset on purpose.\n\n\
A name of the global scope (an ARG declared before the first FROM, or one of BuildKit's \
automatic platform ARGs) used in a stage that has not declared it is DF117's finding, not \
this rule's: one finding per use. DF117 also checks RUN scripts, which this rule leaves to \
the shell."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM scratch\nARG APP_VERSION=1.0\nCOPY dist/app-$APP_VERSON /app\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM scratch\nARG APP_VERSION=1.0\nCOPY dist/app-$APP_VERSION /app\n",
    )),
};
