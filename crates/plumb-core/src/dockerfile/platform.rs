//! `FROM --platform` values as containerd's `platforms.Parse` reads them:
//! `os[(version)]/arch[/variant]`, or a lone OS or architecture.

const KNOWN_OS: [&str; 17] = [
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "windows",
    "zos",
];
const KNOWN_ARCH: [&str; 24] = [
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "ppc64",
    "ppc64le",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

fn is_component(part: &str) -> bool {
    !part.is_empty()
        && part
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"_.-".contains(&byte))
}

/// `^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$`; returns the OS.
fn os_component(part: &str) -> Option<&str> {
    let (os, options) = match part.split_once('(') {
        Some((os, rest)) => (os, Some(rest.strip_suffix(')')?)),
        None => (part, None),
    };
    let os_ok = !os.is_empty()
        && os
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"_-".contains(&byte));
    let options_ok = options.is_none_or(|options| {
        let mut pieces = options.split('+');
        let version = pieces.next().unwrap_or_default();
        let allowed = |text: &str| {
            text.bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"_.%-".contains(&byte))
        };
        allowed(version) && pieces.all(|feature| !feature.is_empty() && allowed(feature))
    });
    (os_ok && options_ok).then_some(os)
}

/// Checks a platform specifier; the error is containerd's.
pub fn check_platform(specifier: &str) -> Result<(), String> {
    let invalid = "invalid argument";
    if specifier.contains('*') {
        return Err(format!(
            "{specifier:?}: wildcards not yet supported: {invalid}"
        ));
    }
    let parts: Vec<&str> = specifier.splitn(4, '/').collect();
    let Some(os) = os_component(parts[0]) else {
        return Err(format!(
            "{:?} is an invalid OS component of {specifier:?}: OSAndVersion specifier component must match \"^([A-Za-z0-9_-]+)(?:\\\\(([A-Za-z0-9_.%-]*)((?:\\\\+[A-Za-z0-9_.%-]+)*)\\\\))?$\": {invalid}",
            parts[0]
        ));
    };
    if let Some(part) = parts[1..].iter().find(|part| !is_component(part)) {
        return Err(format!(
            "{part:?} is an invalid component of {specifier:?}: platform specifier component must match \"^[A-Za-z0-9_.-]+$\": {invalid}"
        ));
    }
    match parts.len() {
        1 => {
            let (os, arch) = (normalize_os(os), normalize_arch(os));
            if KNOWN_OS.contains(&os.as_str()) || KNOWN_ARCH.contains(&arch.as_str()) {
                Ok(())
            } else {
                Err(format!(
                    "{specifier:?}: unknown operating system or architecture: {invalid}"
                ))
            }
        }
        2 | 3 => Ok(()),
        _ => Err(format!(
            "{specifier:?}: cannot parse platform specifier: {invalid}"
        )),
    }
}

/// The operating system and architecture containerd's `platforms.Parse` reads from a valid
/// specifier, as a `linux/amd64` machine would (a lone OS or architecture takes the
/// machine's other half).
pub fn os_and_arch(specifier: &str) -> (String, String) {
    let parts: Vec<&str> = specifier.split('/').collect();
    match parts.as_slice() {
        [single] => {
            let os = normalize_os(single);
            if KNOWN_OS.contains(&os.as_str()) {
                (os, "amd64".to_owned())
            } else {
                ("linux".to_owned(), normalize_arch(single))
            }
        }
        [os, arch, ..] => (normalize_os(os), normalize_arch(arch)),
        [] => (String::new(), String::new()),
    }
}

/// An architecture as containerd normalises it (`x86_64` is `amd64`).
fn normalize_arch(arch: &str) -> String {
    let arch = arch.to_lowercase();
    match arch.as_str() {
        "i386" => "386".to_owned(),
        "x86_64" | "x86-64" => "amd64".to_owned(),
        "aarch64" => "arm64".to_owned(),
        "armhf" | "armel" => "arm".to_owned(),
        _ => arch,
    }
}

/// An OS as containerd normalises it (`macOS` is `darwin`), without its version options.
fn normalize_os(part: &str) -> String {
    let os = part.split('(').next().unwrap_or_default().to_lowercase();
    if os == "macos" {
        "darwin".to_owned()
    } else {
        os
    }
}

#[cfg(test)]
mod tests {
    use super::check_platform;

    #[test]
    fn platforms() {
        for valid in [
            "linux/amd64",
            "linux/arm64/v8",
            "linux",
            "arm64",
            "x86_64",
            "windows(10.0.17763)/amd64",
            "Linux/AMD64",
        ] {
            assert_eq!(check_platform(valid), Ok(()), "{valid}");
        }
        assert_eq!(
            check_platform("linux/*").unwrap_err(),
            "\"linux/*\": wildcards not yet supported: invalid argument"
        );
        assert_eq!(
            check_platform("amd").unwrap_err(),
            "\"amd\": unknown operating system or architecture: invalid argument"
        );
        assert!(
            check_platform("linux/amd64/v1/x")
                .unwrap_err()
                .contains("cannot parse platform specifier")
        );
        assert!(
            check_platform("linux/am d64")
                .unwrap_err()
                .contains("is an invalid component")
        );
        assert!(
            check_platform("")
                .unwrap_err()
                .contains("invalid OS component")
        );
    }
}
