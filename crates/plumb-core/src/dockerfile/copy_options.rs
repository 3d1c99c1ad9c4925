//! COPY/ADD options BuildKit checks when it copies (`convert_copy.go`): `--chmod` (octal, or
//! symbolic like `u=rwX,go=rX`) and where `--checksum` may be used.

/// `--chmod`: an octal mode up to 07777, or a symbolic mode. The error is BuildKit's
/// message, with a note where that message alone does not say enough.
pub fn check_chmod(value: &str) -> Result<(), (String, Option<String>)> {
    let octal_error = || {
        (
            format!(
                "invalid chmod parameter: '{value}'. it should be octal string and between 0 and 07777"
            ),
            None,
        )
    };
    // Go's ParseUint: octal digits only, no sign.
    if value.bytes().all(|byte| (b'0'..=b'7').contains(&byte)) {
        return match u32::from_str_radix(value, 8) {
            Ok(mode) if mode <= 0o7777 => Ok(()),
            _ => Err(octal_error()),
        };
    }
    if value.starts_with(|ch: char| ch.is_ascii_digit()) {
        // Looks numeric but is not octal (BuildKit keeps its octal message for these).
        return Err(octal_error());
    }
    if is_symbolic_mode(value) {
        Ok(())
    } else {
        Err((
            "invalid syntax".to_owned(),
            Some(format!(
                "`{value}` is neither an octal mode nor a symbolic mode such as `u=rwX,go=rX`"
            )),
        ))
    }
}

/// chmod(1)'s symbolic modes: comma-separated clauses of `[ugoa]*` followed by one or more
/// `[+-=]` operators, each with permissions `[rwxXst]*` or a copy source `u`, `g`, `o`.
fn is_symbolic_mode(value: &str) -> bool {
    value.split(',').all(|clause| {
        let rest = clause.trim_start_matches(['u', 'g', 'o', 'a']);
        let mut chars = rest.chars().peekable();
        let mut operators = 0;
        while let Some(operator) = chars.next() {
            if !matches!(operator, '+' | '-' | '=') {
                return false;
            }
            operators += 1;
            while chars.next_if(|ch| "rwxXstugo".contains(*ch)).is_some() {}
        }
        operators > 0
    })
}

/// `ADD --checksum` works for exactly one HTTP(S) or Git source; never for COPY.
pub fn check_checksum_sources(is_add: bool, sources: &[&str]) -> Result<(), &'static str> {
    if !is_add {
        return Err("checksum can't be specified for COPY");
    }
    let [source] = sources else {
        return Err("checksum can't be specified for multiple sources");
    };
    let is_http = source.starts_with("http://") || source.starts_with("https://");
    // BuildKit's git reference parser also takes `github.com/…` shorthands.
    let is_git = ["git@", "git://", "ssh://", "github.com/"]
        .iter()
        .any(|prefix| source.starts_with(prefix));
    if is_http || is_git {
        Ok(())
    } else {
        Err("checksum requires HTTP(S) or Git sources")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chmod_values() {
        for valid in [
            "0644",
            "755",
            "7777",
            "u=rwX,go=rX",
            "a+x",
            "u+rw-x",
            "go=u",
            "+t",
        ] {
            assert_eq!(check_chmod(valid), Ok(()), "{valid}");
        }
        assert_eq!(
            check_chmod("10000").unwrap_err().0,
            "invalid chmod parameter: '10000'. it should be octal string and between 0 and 07777"
        );
        assert!(check_chmod("0689").unwrap_err().0.contains("octal string"));
        assert_eq!(check_chmod("u+q").unwrap_err().0, "invalid syntax");
        assert_eq!(check_chmod("+755").unwrap_err().0, "invalid syntax");
        assert!(check_chmod("u=rwx,").is_err());
        assert!(check_chmod("rwx").is_err());
    }

    #[test]
    fn checksum_sources() {
        assert_eq!(
            check_checksum_sources(true, &["https://example.com/a.tgz"]),
            Ok(())
        );
        assert_eq!(
            check_checksum_sources(true, &["git@github.com:a/b.git#v1"]),
            Ok(())
        );
        assert_eq!(
            check_checksum_sources(true, &["github.com/moby/buildkit"]),
            Ok(())
        );
        assert_eq!(
            check_checksum_sources(false, &["a"]),
            Err("checksum can't be specified for COPY")
        );
        assert_eq!(
            check_checksum_sources(true, &["a", "b"]),
            Err("checksum can't be specified for multiple sources")
        );
        assert_eq!(
            check_checksum_sources(true, &["app.tgz"]),
            Err("checksum requires HTTP(S) or Git sources")
        );
    }
}
