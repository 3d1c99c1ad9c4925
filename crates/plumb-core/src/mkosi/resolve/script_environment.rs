//! The environment mkosi 24 gives its scripts, which its summary shows as `Environment=`
//! (`load_environment`): variables of its own, the image's identity and proxies, the
//! environment files, then the setting's own variables on top. mkosi 26 shows the setting
//! as written and makes the scripts' environment only when it runs them.

use super::Host;
use super::context::Namespace;
use super::files::TreeFiles;
use crate::mkosi::ini::python_strip;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The settings the environment is made from; when plumb does not know one of them, it
/// does not know the environment either.
const INPUTS: [&str; 10] = [
    "ImageId",
    "ImageVersion",
    "SourceDateEpoch",
    "ProxyUrl",
    "ProxyExclude",
    "ProxyPeerCertificate",
    "ProxyClientCertificate",
    "ProxyClientKey",
    "EnvironmentFiles",
    "Environment",
];

/// The environment of an image whose settings are `values`, sorted by name as mkosi's JSON
/// writes it; `None` where plumb does not know an input or cannot read an environment file.
pub fn script_environment(values: &Namespace, host: &Host, files: &dyn TreeFiles) -> Option<Value> {
    let mut known = BTreeMap::new();
    for name in INPUTS {
        known.insert(name, values.get(name)?.clone()?);
    }
    let text = |name: &str| known[name].as_str().map(str::to_owned);
    let mut environment: BTreeMap<String, String> = BTreeMap::new();
    let mut set = |name: &str, value: String| {
        environment.insert(name.to_owned(), value);
    };
    set("SYSTEMD_TMPFILES_FORCE_SUBVOL", "0".to_owned());
    set("TERM", host.term());
    if let Some(id) = text("ImageId") {
        set("IMAGE_ID", id);
    }
    if let Some(version) = text("ImageVersion") {
        set("IMAGE_VERSION", version);
    }
    if let Some(epoch) = known["SourceDateEpoch"].as_u64() {
        set("SOURCE_DATE_EPOCH", epoch.to_string());
    }
    if let Some(url) = text("ProxyUrl") {
        for name in ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"] {
            set(name, url.clone());
        }
    }
    let excluded: Vec<&str> = known["ProxyExclude"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if !excluded.is_empty() {
        set("no_proxy", excluded.join(","));
        set("NO_PROXY", excluded.join(","));
    }
    let proxy_files = [
        (
            "ProxyPeerCertificate",
            "GIT_PROXY_SSL_CAINFO",
            "/proxy.cacert",
        ),
        (
            "ProxyClientCertificate",
            "GIT_PROXY_SSL_CERT",
            "/proxy.clientcert",
        ),
        ("ProxyClientKey", "GIT_PROXY_SSL_KEY", "/proxy.clientkey"),
    ];
    for (setting, name, value) in proxy_files {
        if text(setting).is_some_and(|path| !path.is_empty()) {
            set(name, value.to_owned());
        }
    }
    for name in ["MKOSI_DNF", "GNUPGHOME"] {
        if let Some(value) = host.environment.get(name).filter(|value| !value.is_empty()) {
            set(name, value.clone());
        }
    }
    for file in known["EnvironmentFiles"].as_array().into_iter().flatten() {
        let contents = files.read(file.as_str()?)?;
        for line in python_lines(python_strip(&contents)) {
            let (name, value) = environment_entry(line, Some(&host.environment));
            set(name, value);
        }
    }
    for (name, value) in known["Environment"].as_object()? {
        set(name, value.as_str()?.to_owned());
    }
    let entries: Map<String, Value> = environment
        .into_iter()
        .map(|(name, value)| (name, json!(value)))
        .collect();
    Some(Value::Object(entries))
}

/// mkosi's `parse_environment` (with the host's variables) and `parse_key_value`:
/// `NAME=value`, both sides stripped; a name alone takes the host's variable, or nothing.
pub fn environment_entry<'a>(
    item: &'a str,
    host_environment: Option<&BTreeMap<String, String>>,
) -> (&'a str, String) {
    match item.split_once('=') {
        Some((name, value)) => (python_strip(name), python_strip(value).to_owned()),
        None => {
            let name = python_strip(item);
            let host = host_environment.and_then(|environment| environment.get(name));
            (name, host.cloned().unwrap_or_default())
        }
    }
}

/// Python's `str.splitlines()`: lines end at `\n`, `\r`, `\r\n` and the other separators
/// Python counts.
fn python_lines(text: &str) -> Vec<&str> {
    const ENDS: [char; 10] = [
        '\n', '\r', '\u{b}', '\u{c}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{85}', '\u{2028}',
        '\u{2029}',
    ];
    let mut lines = Vec::new();
    let mut rest = text;
    while let Some(end) = rest.find(ENDS) {
        lines.push(&rest[..end]);
        let ending = if rest[end..].starts_with("\r\n") {
            2
        } else {
            rest[end..].chars().next().map_or(1, char::len_utf8)
        };
        rest = &rest[end + ending..];
    }
    if !rest.is_empty() {
        lines.push(rest);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_as_python_splits_them() {
        assert_eq!(python_lines("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(python_lines("a\n\nb\n"), ["a", "", "b"]);
        assert_eq!(python_lines(""), Vec::<&str>::new());
        assert_eq!(python_lines("a\u{2028}b"), ["a", "b"]);
    }

    #[test]
    fn entries_read_as_parse_environment_does() {
        let host = BTreeMap::from([("HOME".to_owned(), "/root".to_owned())]);
        let host = Some(&host);
        assert_eq!(
            environment_entry(" A = 1 = 2 ", host),
            ("A", "1 = 2".to_owned())
        );
        assert_eq!(
            environment_entry("HOME", host),
            ("HOME", "/root".to_owned())
        );
        assert_eq!(environment_entry("HOME", None), ("HOME", String::new()));
        assert_eq!(environment_entry("UNSET", host), ("UNSET", String::new()));
    }
}
