//! DF033: an image reference whose repository has upper-case letters.

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, Upstream};

pub static RULE: Rule = Rule {
    code: "DF033",
    name: "repository-not-lowercase",
    title: "Image repository name has upper-case letters",
    severity: Severity::Error,
    upstream: &[Upstream::BuildkitError("must be lowercase")],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Image repositories are lower case. BuildKit reads every image it is asked \
for (`FROM`, `COPY --from`, `RUN --mount=from=`, whether the stage is built or not) with \
distribution/reference's `ParseNormalizedNamed`, which rejects a repository with a capital \
before anything is pulled: `failed to parse stage name \"Alpine:3\": invalid reference \
format: repository name (library/Alpine) must be lowercase`.\n\n\
plumb applies the same grammar to the value after ARG expansion (with the ARG defaults). \
The repository is the name after the registry host, up to the tag; capitals in the tag \
(`alpine:3.20-RC`) are fine, and so are capitals in the host: a first component with a \
capital is taken for a registry host, and hosts may have them (`MyRegistry/app` is the image \
`app` on the host `MyRegistry`, while `myRegistry/App` fails on `App`).\n\n\
A name that is a stage of the file is no image. `COPY --from` and `RUN --mount=from=` find \
stages whatever the case (`--from=Build` reads the stage `build`), but FROM compares its name \
as written with the stage names, which BuildKit lower-cases: `FROM Base` after \
`FROM alpine AS base` is not built on that stage, and fails as an image name; write \
`FROM base`.\n\n\
BuildKit reads flag values byte by byte, so a `--from` name outside ASCII arrives garbled \
(`büild` as `bÃ¼ild`): it matches no stage, and its garbled capitals fail the same way.\n\n\
With a variable in FROM, BuildKit's InvalidDefaultArgInFrom check (DF105) also fires for \
this; plumb reports only this finding. A `--from` name that is a malformed reference for \
another reason is DF109's. hadolint has no such rule."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM Alpine:3.20\nCOPY --from=build /out/app /usr/local/bin/app\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=Build /out/app /usr/local/bin/app\n",
    )),
};

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::dockerfile::rules::invalid_default_arg_in_from;
    use crate::dockerfile::rules::structure::copy_from_unknown_stage;
    use crate::testing::{findings, lines, messages};

    #[test]
    fn repositories_with_capitals_are_buildkit_errors() {
        let text = "FROM Alpine:3\nFROM myRegistry/App\nCOPY --from=Ubuntu:22.04 /etc/os-release /x\nRUN --mount=from=Busybox,target=/b true\n";
        assert_eq!(
            messages(&RULE, text),
            [
                "failed to parse stage name \"Alpine:3\": invalid reference format: repository name (library/Alpine) must be lowercase",
                "failed to parse stage name \"myRegistry/App\": invalid reference format: repository name (App) must be lowercase",
                "failed to parse stage name \"Ubuntu:22.04\": invalid reference format: repository name (library/Ubuntu) must be lowercase",
                "failed to parse stage name \"Busybox\": invalid reference format: repository name (library/Busybox) must be lowercase",
            ]
        );
        // One finding per problem: DF109 leaves these to this rule.
        assert!(findings(&copy_from_unknown_stage::RULE, text).is_empty());
    }

    #[test]
    fn hosts_and_tags_may_have_capitals() {
        let text = "FROM MyRegistry/app:1\nFROM Registry.Example.com:5000/team/app\nFROM alpine:3.20-RC\nFROM localhost/tools:Dev\n";
        assert_eq!(messages(&RULE, text), Vec::<String>::new());
    }

    #[test]
    fn stage_names_from_copy_and_mount_match_whatever_the_case() {
        let text = "FROM golang:1.23 AS build\nFROM alpine:3.20\nCOPY --from=Build /out /out\nRUN --mount=from=BUILD,target=/b true\n";
        assert_eq!(messages(&RULE, text), Vec::<String>::new());
    }

    #[test]
    fn from_matches_stage_names_as_written() {
        // BuildKit looks FROM's name up as written among lower-cased stage names.
        let text = "FROM alpine:3.20 AS base\nFROM Base\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].notes,
            [
                "FROM compares its name as written with the stage names, which are lower case: write `base` to build on the stage `base`"
            ]
        );
        assert_eq!(
            lines(&RULE, "FROM alpine:3.20 AS Base\nFROM base\n"),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn values_are_read_after_arg_expansion() {
        let text = "ARG IMAGE=Node:22\nFROM ${IMAGE}\n";
        let found = findings(&RULE, text);
        assert_eq!(
            found[0].message,
            "failed to parse stage name \"Node:22\": invalid reference format: repository name (library/Node) must be lowercase"
        );
        assert_eq!(
            found[0].notes,
            ["with the ARG defaults, the image is `Node:22`"]
        );
        // The same problem is not reported again as an invalid default.
        assert!(findings(&invalid_default_arg_in_from::RULE, text).is_empty());
        assert_eq!(
            lines(&RULE, "ARG IMAGE=node:22\nFROM ${IMAGE}\n"),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn flag_values_outside_ascii_arrive_garbled() {
        // BuildKit reads `büild` in a flag as the bytes of its UTF-8, one character each:
        // `bÃ¼ild`, whose `Ã` is a capital, and the stage `büild` is not found.
        let text = "FROM alpine:3.20 AS büild\nFROM alpine:3.20\nCOPY --from=büild /a /b\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].notes,
            [
                "BuildKit reads flag values byte by byte, so characters outside ASCII arrive garbled, as capitals among others"
            ]
        );
    }

    #[test]
    fn onbuild_triggers_are_reported_once() {
        let text = "FROM alpine:3.20 AS base\nONBUILD COPY --from=Tools /t /t\nFROM base AS one\nFROM base AS two\n";
        assert_eq!(lines(&RULE, text), [2]);
    }
}
