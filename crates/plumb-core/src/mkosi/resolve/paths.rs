//! Paths as mkosi writes them. Its `Path` values print as Python's pathlib writes them
//! (`pure`); paths it resolves are absolute with `..` applied, as `crate::posix_path`
//! makes them lexically (the same where no symbolic link is involved).

pub use crate::posix_path::{absolute as resolve, file_name as name, parent};

/// `value` as `pathlib.PurePath(value)` writes it: `.` components and repeated or trailing
/// slashes dropped, `..` kept.
pub fn pure(value: &str) -> String {
    let absolute = value.starts_with('/');
    let parts: Vec<&str> = value
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    match (absolute, parts.is_empty()) {
        (true, _) => format!("/{}", parts.join("/")),
        (false, true) => ".".to_owned(),
        (false, false) => parts.join("/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_pathlib_reads_them() {
        assert_eq!(pure("a//b/./c/"), "a/b/c");
        assert_eq!(pure("./"), ".");
        assert_eq!(pure("/usr/"), "/usr");
        assert_eq!(pure("../x"), "../x");
        assert_eq!(resolve("/src/tree", "../x/./y/"), "/src/x/y");
        assert_eq!(resolve("/src", "/abs/../b"), "/b");
    }
}
