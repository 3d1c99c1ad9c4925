//! Image references as `distribution/reference` reads them (`ParseNormalizedNamed`):
//! `[registry[:port]/]path[:tag][@algorithm:hex]`.

/// The parts of a valid reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageReference {
    /// The registry host (with port), when the first component names one.
    pub registry: Option<String>,
    pub path: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

/// Reads `text`, or says why it is not a reference.
pub fn parse(text: &str) -> Result<ImageReference, String> {
    if text.is_empty() {
        return Err("repository name must have at least one component".into());
    }
    if is_identifier(text) {
        return Err(format!(
            "invalid repository name ({text}), cannot specify 64-byte hexadecimal strings"
        ));
    }
    if let Some(problem) = lowercase_problem(text) {
        return Err(problem);
    }
    let (rest, digest) = match text.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (text, None),
    };
    if let Some(digest) = digest {
        check_digest(digest)?;
    }
    // A `:` after the last `/` starts the tag; one before it belongs to a registry port.
    let last_slash = rest.rfind('/').map_or(0, |slash| slash + 1);
    let (name, tag) = match rest[last_slash..].find(':') {
        Some(colon) => (
            &rest[..last_slash + colon],
            Some(&rest[last_slash + colon + 1..]),
        ),
        None => (rest, None),
    };
    if let Some(tag) = tag
        && !is_tag(tag)
    {
        return Err("invalid reference format".into());
    }
    let (registry, path) = match name.split_once('/') {
        Some((first, path))
            if first.contains(['.', ':'])
                || first == "localhost"
                || changes_when_lowercased(first) =>
        {
            if !is_registry(first) {
                return Err("invalid reference format".into());
            }
            (Some(first.to_owned()), path)
        }
        _ => (None, name),
    };
    if !path.split('/').all(is_path_component) {
        return Err("invalid reference format".into());
    }
    Ok(ImageReference {
        registry,
        path: path.to_owned(),
        tag: tag.map(str::to_owned),
        digest: digest.map(str::to_owned),
    })
}

/// `ParseNormalizedNamed`'s first test: the repository (the name without its registry host,
/// `library/` added for an official image, up to the first `:` of what follows the host) must
/// be lower case, or it is this error. The host itself may have capitals: a first component
/// with one is taken for a host (`splitDockerDomain`).
pub fn lowercase_problem(text: &str) -> Option<String> {
    if is_identifier(text) {
        return None;
    }
    let (prefix, remainder) = docker_remainder(text);
    let repository = remainder
        .split_once(':')
        .map_or(remainder, |(repository, _)| repository);
    changes_when_lowercased(repository).then(|| {
        format!(
            "invalid reference format: repository name ({prefix}{repository}) must be lowercase"
        )
    })
}

/// `splitDockerDomain`'s remote name: what follows the registry host, with `library/` in
/// front of a one-component name on Docker Hub. Returned as that prefix (`library/` or
/// nothing) and the rest, so that a name that needs no message costs no copy.
fn docker_remainder(name: &str) -> (&'static str, &str) {
    const DEFAULT_DOMAIN: &str = "docker.io";
    const LIBRARY: &str = "library/";
    let (domain, remainder) = match name.split_once('/') {
        None => return (LIBRARY, name),
        Some(("localhost", remainder)) => ("localhost", remainder),
        Some(("index.docker.io", remainder)) => (DEFAULT_DOMAIN, remainder),
        Some((domain, remainder))
            if domain.contains(['.', ':']) || changes_when_lowercased(domain) =>
        {
            (domain, remainder)
        }
        Some(_) => (DEFAULT_DOMAIN, name),
    };
    if domain == DEFAULT_DOMAIN && !remainder.contains('/') {
        (LIBRARY, remainder)
    } else {
        ("", remainder)
    }
}

/// Whether `text.to_lowercase() != text`, without building the lower-case copy.
fn changes_when_lowercased(text: &str) -> bool {
    if text.is_ascii() {
        return text.bytes().any(|byte| byte.is_ascii_uppercase());
    }
    text.chars()
        .any(|ch| !ch.to_lowercase().eq(std::iter::once(ch)))
}

/// 64 lower-case hex digits: an image ID, which is no name.
fn is_identifier(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

/// `[a-z0-9]+` runs joined by `.`, `_`, `__` or dashes.
fn is_path_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    if bytes.is_empty() || !is_alphanumeric(bytes[0]) || !is_alphanumeric(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut index = 0;
    while index < bytes.len() {
        if is_alphanumeric(bytes[index]) {
            index += 1;
            continue;
        }
        let separator_end = bytes[index..]
            .iter()
            .position(|&byte| is_alphanumeric(byte))
            .map_or(bytes.len(), |offset| index + offset);
        let separator = &component[index..separator_end];
        let valid =
            matches!(separator, "." | "_" | "__") || separator.bytes().all(|byte| byte == b'-');
        if !valid {
            return false;
        }
        index = separator_end;
    }
    true
}

fn is_alphanumeric(byte: u8) -> bool {
    byte.is_ascii_lowercase() || byte.is_ascii_digit()
}

/// `host[:port]`: dot-separated labels of letters, digits and inner dashes, or `[IPv6]`.
fn is_registry(registry: &str) -> bool {
    let (host, port) = match registry.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(':') => (host, Some(port)),
        _ => (registry, None),
    };
    if port.is_some_and(|port| port.is_empty() || !port.bytes().all(|byte| byte.is_ascii_digit())) {
        return false;
    }
    if host.starts_with('[') && host.ends_with(']') {
        return host[1..host.len() - 1]
            .parse::<std::net::Ipv6Addr>()
            .is_ok();
    }
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// `[\w][\w.-]{0,127}`.
fn is_tag(tag: &str) -> bool {
    let word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    let bytes = tag.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 128
        && word(bytes[0])
        && bytes
            .iter()
            .all(|&byte| word(byte) || byte == b'.' || byte == b'-')
}

/// `algorithm:hex`; sha256 needs 64 lower-case hex digits, sha512 128.
fn check_digest(digest: &str) -> Result<(), String> {
    let invalid = || Err("invalid reference format".to_owned());
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return invalid();
    };
    let hex_ok = hex.len() >= 32
        && hex
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte));
    let length_ok = match algorithm {
        "sha256" => hex.len() == 64,
        "sha512" => hex.len() == 128,
        _ => !algorithm.is_empty(),
    };
    if hex_ok && length_ok {
        Ok(())
    } else {
        invalid()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIGEST: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn valid_references() {
        let reference = parse(&format!(
            "registry.example.com:5000/team/app:1.2-rc.1@{DIGEST}"
        ))
        .unwrap();
        assert_eq!(
            reference.registry.as_deref(),
            Some("registry.example.com:5000")
        );
        assert_eq!(reference.path, "team/app");
        assert_eq!(reference.tag.as_deref(), Some("1.2-rc.1"));
        assert_eq!(reference.digest.as_deref(), Some(DIGEST));
        let short = parse("alpine").unwrap();
        assert_eq!(
            (short.registry, short.tag, short.digest),
            (None, None, None)
        );
        assert!(parse("localhost/app").is_ok());
        assert!(parse("my__image/sub-part.x").is_ok());
        assert!(parse(&format!("alpine@{DIGEST}")).is_ok());
    }

    #[test]
    fn invalid_references() {
        for text in [
            "",
            "alpine:",
            ":3.20",
            "Alpine",
            "alpine:3.20:x",
            "-alpine",
            "alpine@sha256:12",
            "a//b",
            "a:-x",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn repositories_must_be_lower_case_but_hosts_need_not() {
        let problem = |text: &str| lowercase_problem(text);
        let must = |repository: &str| {
            Some(format!(
                "invalid reference format: repository name ({repository}) must be lowercase"
            ))
        };
        assert_eq!(problem("Alpine:3"), must("library/Alpine"));
        assert_eq!(problem("alpine:3.20-RC"), None, "tags may have capitals");
        // A first component with a capital is a registry host, and hosts may have capitals.
        assert_eq!(problem("myRegistry/App"), must("App"));
        assert_eq!(problem("MyRegistry/app"), None);
        assert!(parse("MyRegistry/app:1").is_ok());
        assert_eq!(problem("Registry.Example.com:5000/team/app"), None);
        assert_eq!(problem("registry.example.com/Team/app"), must("Team/app"));
        assert_eq!(problem("team/App"), must("team/App"));
        assert_eq!(problem("index.docker.io/Ubuntu"), must("library/Ubuntu"));
        assert_eq!(problem("localhost/App"), must("App"));
        // Up to the first `:` after the host, as distribution/reference cuts it.
        assert_eq!(
            problem(&format!("Alpine@{DIGEST}")),
            must("library/Alpine@sha256")
        );
        assert_eq!(
            parse("Alpine").unwrap_err(),
            "invalid reference format: repository name (library/Alpine) must be lowercase"
        );
    }
}
