//! The host as mkosi 24 sees it: its distribution and release from os-release (as
//! `detect_distribution` reads `/usr/lib/os-release`) and its architecture by mkosi's names.

use super::{Host, distributions};
use std::collections::BTreeMap;

impl Host {
    /// The host whose os-release is `os_release`, with the architecture Rust names
    /// `architecture` (`std::env::consts::ARCH`) and the process `environment`.
    pub fn new(
        os_release: Option<&str>,
        architecture: &str,
        environment: BTreeMap<String, String>,
    ) -> Self {
        let (distribution, release) = os_release.map(detect).unwrap_or_default();
        Self {
            distribution,
            release,
            architecture: architecture_name(architecture).to_owned(),
            environment,
            systemd_version: None,
            stderr_is_terminal: false,
        }
    }

    /// mkosi's `finalize_term`: the host's `TERM` on a terminal (`vt220` without one),
    /// else `dumb`.
    pub fn term(&self) -> String {
        if !self.stderr_is_terminal {
            return "dumb".to_owned();
        }
        match self.environment.get("TERM").map(String::as_str) {
            None | Some("unknown") => "vt220".to_owned(),
            Some(term) => term.to_owned(),
        }
    }
}

/// An os-release file's variables, its values unquoted.
fn variables(text: &str) -> BTreeMap<&str, String> {
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .map(|(key, value)| {
            let value = value.trim();
            let unquoted = value
                .strip_prefix('"')
                .and_then(|rest| rest.strip_suffix('"'))
                .or_else(|| {
                    value
                        .strip_prefix('\'')
                        .and_then(|rest| rest.strip_suffix('\''))
                })
                .unwrap_or(value);
            (key.trim(), unquoted.replace("\\\"", "\""))
        })
        .collect()
}

/// mkosi's `detect_distribution`: the first of ID and ID_LIKE mkosi builds, and for Debian
/// and Ubuntu the code name (VERSION_CODENAME, or the one in VERSION's parentheses), else
/// VERSION_ID.
fn detect(text: &str) -> (Option<String>, Option<String>) {
    let variables = variables(text);
    let id = variables.get("ID").map_or("linux", String::as_str);
    let like = variables.get("ID_LIKE").map_or("", String::as_str);
    let distribution = std::iter::once(id)
        .chain(like.split_whitespace())
        .find(|name| distributions::is_known(name))
        .map(str::to_owned);
    let code_name = variables.get("VERSION_CODENAME").cloned().or_else(|| {
        let version = variables.get("VERSION")?;
        let start = version.find('(')?;
        let end = start + version[start..].find(')')?;
        Some(version[start + 1..end].to_owned())
    });
    let release = match distribution.as_deref() {
        Some("debian" | "ubuntu") if code_name.as_deref().is_some_and(|name| !name.is_empty()) => {
            code_name
        }
        _ => variables.get("VERSION_ID").cloned(),
    };
    (distribution, release)
}

/// mkosi's name of the architecture Rust calls `architecture`.
fn architecture_name(architecture: &str) -> &str {
    match architecture {
        "x86_64" => "x86-64",
        "aarch64" => "arm64",
        "arm" => "arm",
        "x86" => "x86",
        "powerpc64" => "ppc64-le",
        "riscv64" => "riscv64",
        "s390x" => "s390x",
        "loongarch64" => "loongarch64",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_is_read_as_mkosi_reads_it() {
        let bookworm = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\n";
        let host = Host::new(Some(bookworm), "x86_64", BTreeMap::new());
        assert_eq!(host.distribution.as_deref(), Some("debian"));
        assert_eq!(host.release.as_deref(), Some("bookworm"));
        assert_eq!(host.architecture, "x86-64");
        let mint = "ID=linuxmint\nID_LIKE=\"ubuntu debian\"\nVERSION_ID=\"21.3\"\nVERSION_CODENAME=virginia\n";
        let host = Host::new(Some(mint), "aarch64", BTreeMap::new());
        assert_eq!(host.distribution.as_deref(), Some("ubuntu"));
        assert_eq!(host.release.as_deref(), Some("virginia"));
        assert_eq!(
            Host::new(None, "x86_64", BTreeMap::new()).distribution,
            None
        );
    }
}
