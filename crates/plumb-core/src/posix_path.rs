//! File paths as Go's `path/filepath` treats them on Linux, which decides the paths docker
//! compose prints (and the absolute paths mkosi resolves, which Python makes the same way
//! where no link is involved): `Clean`, `Join`, `Dir`, `Base`, `Abs` against a given working
//! directory.
//! The core never looks at a real file system; these are text operations only.

/// Go's `filepath.Clean`: one slash between names, no `.`, `..` resolved lexically.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let rooted = path.starts_with('/');
    let mut names: Vec<&str> = Vec::new();
    for name in path.split('/') {
        match name {
            "" | "." => {}
            ".." => match names.last() {
                Some(&last) if last != ".." => {
                    names.pop();
                }
                _ if rooted => {}
                _ => names.push(".."),
            },
            name => names.push(name),
        }
    }
    let joined = names.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// Go's `filepath.Join`: the non-empty parts joined by slashes, cleaned.
pub fn join(parts: &[&str]) -> String {
    let kept: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|part| !part.is_empty())
        .collect();
    if kept.is_empty() {
        return String::new();
    }
    clean(&kept.join("/"))
}

pub fn is_absolute(path: &str) -> bool {
    path.starts_with('/')
}

/// Go's `filepath.Abs` with `working_directory` as the current directory.
pub fn absolute(working_directory: &str, path: &str) -> String {
    if is_absolute(path) {
        clean(path)
    } else {
        join(&[working_directory, path])
    }
}

/// Go's `filepath.Dir`: everything before the last slash, cleaned.
pub fn parent(path: &str) -> String {
    match path.rfind('/') {
        Some(0) => "/".to_owned(),
        Some(at) => clean(&path[..at]),
        None => ".".to_owned(),
    }
}

/// Go's `filepath.Base`: the last name, ignoring trailing slashes.
pub fn file_name(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return if path.is_empty() { "." } else { "/" }.to_owned();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_owned()
}

/// Go's `filepath.Rel` for two absolute paths: `target` as seen from `base`.
pub fn relative(base: &str, target: &str) -> String {
    let base = clean(base);
    let target = clean(target);
    let names = |path: &str| -> Vec<String> {
        path.split('/')
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (base_names, target_names) = (names(&base), names(&target));
    let common = base_names
        .iter()
        .zip(&target_names)
        .take_while(|(left, right)| left == right)
        .count();
    let mut parts: Vec<String> = vec!["..".to_owned(); base_names.len() - common];
    parts.extend(target_names[common..].iter().cloned());
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_clean_as_go_cleans_them() {
        assert_eq!(clean("/a/../b"), "/b");
        assert_eq!(clean("a//b/./c/"), "a/b/c");
        assert_eq!(clean("../../x"), "../../x");
        assert_eq!(clean("/.."), "/");
        assert_eq!(clean(""), ".");
        assert_eq!(join(&["/p", "./data"]), "/p/data");
        assert_eq!(join(&["/p", "", "x"]), "/p/x");
        assert_eq!(absolute("/p", "/abs/./y"), "/abs/y");
        assert_eq!(absolute("/p/q", "../r"), "/p/r");
        assert_eq!(parent("/p/compose.yaml"), "/p");
        assert_eq!(parent("/compose.yaml"), "/");
        assert_eq!(parent("compose.yaml"), ".");
        assert_eq!(file_name("/p/q/"), "q");
        assert_eq!(file_name("/"), "/");
        assert_eq!(relative("/p", "/p/sub"), "sub");
        assert_eq!(relative("/p", "/p"), ".");
        assert_eq!(relative("/p/a", "/p/b/c"), "../b/c");
    }
}
