//! The names BuildKit looks images up by among a build's named contexts: how a plan hands it
//! an image by digest under the name the Dockerfile uses, and how a named directory
//! (`--build-context NAME=PATH`) takes the place of an image the Dockerfile names.

use std::collections::BTreeMap;

/// Whether `reference`, as a Dockerfile names an image, is one of the named contexts
/// instead (BuildKit looks a name up among them first): then no image is pulled for it.
pub fn is_named_context<T>(named_contexts: &BTreeMap<String, T>, reference: &str) -> bool {
    named_contexts.contains_key(reference) || named_contexts.contains_key(&context_name(reference))
}

/// The name BuildKit looks a `FROM` image up by among named contexts: the reference in its
/// familiar form (no `docker.io/`, no `library/`) without a `:latest` tag
/// (`dockerfile2llb`'s `namedContext`).
pub fn context_name(reference: &str) -> String {
    let familiar = reference
        .strip_prefix("docker.io/")
        .or_else(|| reference.strip_prefix("index.docker.io/"))
        .map(|rest| rest.strip_prefix("library/").unwrap_or(rest))
        .unwrap_or(reference);
    familiar
        .strip_suffix(":latest")
        .unwrap_or(familiar)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::context_name;

    #[test]
    fn named_contexts_use_the_familiar_name() {
        assert_eq!(context_name("docker.io/library/debian:latest"), "debian");
        assert_eq!(context_name("debian:bookworm"), "debian:bookworm");
        assert_eq!(
            context_name("registry.test:5000/team/app:1"),
            "registry.test:5000/team/app:1"
        );
        assert_eq!(context_name("docker.io/team/app"), "team/app");
    }
}
