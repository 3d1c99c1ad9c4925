//! DF301: ARG or ENV names that say they hold a secret.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::check_context::Context;
use crate::dockerfile::instruction::{Arguments, Instruction, Keyword};
use crate::dockerfile::scope::{self, arg_name_span};
use crate::dockerfile::shell_lexer::Lexer;
use crate::rules::{FixAvailability, Rule, Upstream};
use crate::source::Span;

pub static RULE: Rule = Rule {
    code: "DF301",
    name: "secrets-in-arg-or-env",
    title: "Secret passed in ARG or ENV",
    severity: Severity::Warning,
    upstream: &[
        Upstream::BuildkitCheck("SecretsUsedInArgOrEnv"),
        Upstream::Hadolint("DL3064"),
    ],
    fix: FixAvailability::None,
    explanation: crate::rules::rule_text!(
        "Values of ENV are stored in the image's configuration, and build arguments \
used by a RUN are recorded in the image history and in build provenance: anyone who can pull \
the image can read them. Pass secrets with a secret mount, which exists only while that RUN \
runs:

```dockerfile
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
```

and build with `docker buildx build --secret id=npm_token,env=NPM_TOKEN .`.

The rule follows BuildKit's `SecretsUsedInArgOrEnv`: a name is reported when one of \
its `_`-separated parts is, ignoring case, `apikey`, `auth`, `credential`, `credentials`, \
`key`, `password`, `pword`, `passwd`, `secret` or `token`, unless another part is `public`, \
`file` or `version` (`GITHUB_TOKEN`, `db_password` and `AWS_SECRET_ACCESS_KEY` are \
reported; `PUBLIC_KEY`, `TOKEN_FILE` and `AUTH_MODULE_VERSION` are not). It looks at ARG in \
stages (a global ARG only reaches FROM lines, and BuildKit does not check it) and at ENV keys \
after expansion.

One exception, where BuildKit reports and plumb does not: OpenPGP key identifiers, which \
name public keys used to verify downloads. A name with a part `gpg`, `pgp`, `gnupg` or \
`openpgp`, whose only listed part is `key` (`GPG_KEY`, `NODE_GPG_KEY`), is not reported when \
its value (the ENV value or the ARG default, after expansion) is a list of key fingerprints \
(40 hex digits, also written in ten groups of four) or long key ids (16 hex digits, with or \
without `0x`): `ENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D`. Any other value, or \
an ARG without a default, is reported as before; `GPG_TOKEN`, `PGP_PASSWORD` or `API_KEY` \
with a hexadecimal value still are. (`GPG_KEYS` and `KEYS` are not reported by BuildKit's \
rule in the first place: `keys` is not on the list.)

**Compared with hadolint:** DL3064 matches a fixed list of full names (`GH_TOKEN`, \
`DOCKER_USERNAME`, `OKTA_CLIENT_ORGURL`…) and any name *containing* `api_key`, \
`client_key`, `password`, `private`, `secret`, `token` or `username`, with no exceptions; it \
also checks global ARGs. So hadolint reports `TOKENIZERS_PARALLELISM`, `PRIVATE_REGISTRY` \
or `PASSWORD_FILE` and misses `AUTH`, `APIKEY`, `PASSWD` or `SSH_KEY`, where plumb does the \
opposite."
    ),
    failing_example: crate::rules::rule_example!(Text(
        "FROM node:22-alpine@sha256:96cc8323e25c8cc6ddcb8b965e135cfd57846e8003ec0d7bcec16c5fd5f6d39f\nARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci\n",
    )),
    passing_example: crate::rules::rule_example!(Text(
        "FROM node:22-alpine@sha256:96cc8323e25c8cc6ddcb8b965e135cfd57846e8003ec0d7bcec16c5fd5f6d39f\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n",
    )),
};

const DENY: [&str; 10] = [
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];
const ALLOW: [&str; 3] = ["public", "file", "version"];
/// Name parts that say a `…_KEY` is an OpenPGP key.
const OPENPGP: [&str; 4] = ["gpg", "pgp", "gnupg", "openpgp"];

/// A secret-sounding name that only names public OpenPGP keys: an OpenPGP part, no listed
/// part but `key` (and nothing private), and a value of fingerprints or long key ids.
fn names_public_keys(name: &str, value: &str) -> bool {
    let parts: Vec<&str> = name.split('_').collect();
    let is = |part: &str, words: &[&str]| words.iter().any(|word| folds_to(part, word));
    parts.iter().any(|part| is(part, &OPENPGP))
        && parts
            .iter()
            .filter(|part| is(part, &DENY))
            .all(|part| folds_to(part, "key"))
        && !parts.iter().any(|part| folds_to(part, "private"))
        && is_key_id_list(value)
}

/// Fingerprints (40 hex digits, or ten groups of four) or long key ids (16 hex digits),
/// `0x` allowed, separated by blanks.
fn is_key_id_list(value: &str) -> bool {
    let ids: Vec<&str> = value
        .split_whitespace()
        .map(|id| {
            id.strip_prefix("0x")
                .or_else(|| id.strip_prefix("0X"))
                .unwrap_or(id)
        })
        .collect();
    let hex = |id: &&str| !id.is_empty() && id.chars().all(|ch| ch.is_ascii_hexdigit());
    if ids.is_empty() || !ids.iter().all(hex) {
        return false;
    }
    ids.iter().all(|id| matches!(id.len(), 16 | 40))
        || (ids.len().is_multiple_of(10) && ids.iter().all(|id| id.len() == 4))
}

/// `(?i)(?:_|^)(?:…)(?:_|$)` for the deny list, and not for the allow list: a `_`-separated
/// part equal to a listed word under Go's case folding.
pub fn is_secret_name(name: &str) -> bool {
    let has_part = |words: &[&str]| {
        name.split('_')
            .any(|part| words.iter().any(|word| folds_to(part, word)))
    };
    has_part(&DENY) && !has_part(&ALLOW)
}

/// Whether `text` equals the lower-case ASCII `word` under Unicode simple case folding, as
/// Go's `(?i)` compares: besides ASCII case, `K` (Kelvin sign) folds to `k` and `ſ` (long s)
/// to `s`.
fn folds_to(text: &str, word: &str) -> bool {
    let mut chars = text.chars();
    for expected in word.chars() {
        let folded = match chars.next() {
            Some('\u{212A}') => 'k',
            Some('\u{17F}') => 's',
            Some(ch) => ch.to_ascii_lowercase(),
            None => return false,
        };
        if folded != expected {
            return false;
        }
    }
    chars.next().is_none()
}

pub fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let lexer = Lexer::new(context.dockerfile.escape);
    scope::walk(context, |_, instruction, scope| {
        check_instruction(context, instruction, diagnostics, &|word: &str| {
            scope
                .expand(&lexer, word)
                .unwrap_or_else(|| word.to_owned())
        });
        if let Arguments::Trigger(trigger) = &instruction.arguments {
            check_instruction(context, trigger, diagnostics, &|key: &str| key.to_owned());
        }
    });
}

fn check_instruction(
    context: &Context<'_>,
    instruction: &Instruction,
    diagnostics: &mut Vec<Diagnostic>,
    expand: &dyn Fn(&str) -> String,
) {
    let mut report = |keyword: &str, name: &str, value: Option<&str>, span: Span| {
        if is_secret_name(name) && !value.is_some_and(|value| names_public_keys(name, value)) {
            diagnostics.push(Diagnostic::new(
                &RULE,
                span,
                format!(
                    "do not use ARG or ENV instructions for sensitive data ({keyword} {name:?}); pass it with RUN --mount=type=secret"
                ),
            ));
        }
    };
    match (instruction.kind, &instruction.arguments) {
        (Some(Keyword::Arg), Arguments::Words(words)) => {
            for word in words {
                let (name, default) = match word.value.split_once('=') {
                    Some((name, default)) => (name, Some(expand(default))),
                    None => (word.value.as_str(), None),
                };
                let span = arg_name_span(context.file.text(), word, name);
                report("ARG", name, default.as_deref(), span);
            }
        }
        (Some(Keyword::Env), Arguments::KeyValues(pairs)) => {
            for pair in pairs {
                let value = expand(&pair.value.value);
                report("ENV", &expand(&pair.key.value), Some(&value), pair.key.span);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::findings;

    #[test]
    fn buildkit_names() {
        for name in [
            "SECRET_PASSPHRASE",
            "SUPER_Secret",
            "password",
            "super_duper_secret_token",
            "auth",
            "apikey",
            "git_key",
            "AWS_SECRET_ACCESS_KEY",
            "\u{212A}EY",
            "_TOKEN_",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "sunflower",
            "PUBLIC_KEY",
            "public_token",
            "SECRET_PASSPHRASE_FILE",
            "password_file",
            "secret_File",
            "AUTH_MODULE_VERSION",
            "API_KEYS",
            "TOKENIZERS_PARALLELISM",
            "GITHUB-TOKEN",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn public_key_fingerprints_are_not_secrets() {
        let passing = [
            "FROM alpine\nENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D\n",
            "FROM alpine\nENV TOOL_GPG_KEY=0x1234567890ABCDEF\n",
            "FROM alpine\nARG NODE_PGP_KEY=\"4ED778F539E3634C779C87C6D7062848A1AB005C 141F07595B7B3FFE74309A937405533BE57C7D57\"\n",
            "FROM alpine\nENV GPG_KEY=\"A035 C8C1 9219 BA82 1ECE A86B 64E6 28F8 D684 696D\"\n",
            "FROM alpine\nENV GPG_KEYS \\\n    A035C8C19219BA821ECEA86B64E628F8D684696D \\\n    7169605F62C751356D054A26A821E680E5FA6305\n",
            "FROM alpine\nENV KEYS=\"A035C8C19219BA821ECEA86B64E628F8D684696D 64E628F8D684696D\"\n",
            "FROM alpine\nARG FINGERPRINT=A035C8C19219BA821ECEA86B64E628F8D684696D\nENV GPG_KEY=${FINGERPRINT}\n",
        ];
        for text in passing {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
        let failing = [
            // Not a key id: too short, not hexadecimal, or no value to look at.
            "FROM alpine\nENV GPG_KEY=64E628F8\n",
            "FROM alpine\nENV GPG_KEY=not-a-fingerprint\n",
            "FROM alpine\nARG GPG_KEY\n",
            "FROM alpine\nENV GPG_KEY=$UNSET\n",
            // Real secrets, whatever their value looks like.
            "FROM alpine\nENV API_TOKEN=A035C8C19219BA821ECEA86B64E628F8D684696D\n",
            "FROM alpine\nENV PASSWORD=A035C8C19219BA821ECEA86B64E628F8D684696D\n",
            "FROM alpine\nENV API_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\n",
            "FROM alpine\nENV GPG_SECRET_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\n",
            "FROM alpine\nENV GPG_PRIVATE_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\n",
            "FROM alpine\nARG GPG_TOKEN=A035C8C19219BA821ECEA86B64E628F8D684696D\n",
        ];
        for text in failing {
            assert_eq!(findings(&RULE, text).len(), 1, "{text}");
        }
    }

    #[test]
    fn stage_args_env_keys_and_triggers() {
        let text = "ARG GITHUB_TOKEN\nFROM alpine\nARG GITHUB_TOKEN\nARG name=x\nARG KEY=y\nENV A=1 DB_PASSWORD=p\nENV ${name}_secret=1\nONBUILD ENV AUTH=x\n";
        let found: Vec<String> = findings(&RULE, text)
            .into_iter()
            .map(|diagnostic| diagnostic.message)
            .collect();
        assert_eq!(found.len(), 5, "{found:#?}");
        assert!(found[0].contains("(ARG \"GITHUB_TOKEN\")"));
        assert!(found[3].contains("(ENV \"x_secret\")"));
        assert!(found[4].contains("(ENV \"AUTH\")"));
    }
}
