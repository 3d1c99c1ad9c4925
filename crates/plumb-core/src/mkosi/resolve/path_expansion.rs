//! What mkosi's `parse_path` does to a path before it looks at it: `$NAME` and `${NAME}`
//! replaced by the host's variables (Python's `os.path.expandvars`), then a leading `~`
//! by the home directory (`Path.expanduser`).

use std::collections::BTreeMap;

/// `os.path.expandvars`: `$` followed by ASCII letters, digits and `_`, or `${…}`, replaced
/// by the variable's value; a variable that is not set is left as written.
pub fn expand_variables(text: &str, environment: &BTreeMap<String, String>) -> String {
    let mut expanded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        expanded.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        let (name, written) = match after.strip_prefix('{') {
            Some(braced) => match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => ("", 0),
            },
            None => {
                let end = after
                    .find(|character: char| {
                        !(character.is_ascii_alphanumeric() || character == '_')
                    })
                    .unwrap_or(after.len());
                (&after[..end], end)
            }
        };
        match environment.get(name).filter(|_| written > 0) {
            Some(value) => expanded.push_str(value),
            None => expanded.push_str(&rest[dollar..dollar + 1 + written]),
        }
        rest = &after[written..];
    }
    expanded.push_str(rest);
    expanded
}

/// `Path.expanduser` for the running user: a first component `~` becomes `HOME`. `None`
/// where mkosi would look the user up in the password database (`~name`, or no `HOME`),
/// which plumb does not read.
pub fn expand_home(text: &str, environment: &BTreeMap<String, String>) -> Option<String> {
    let Some(after) = text.strip_prefix('~') else {
        return Some(text.to_owned());
    };
    if !(after.is_empty() || after.starts_with('/')) {
        return None;
    }
    let home = environment.get("HOME")?.trim_end_matches('/');
    let home = if home.is_empty() { "/" } else { home };
    let rest = after.trim_start_matches('/');
    Some(match (home, rest) {
        (home, "") => home.to_owned(),
        ("/", rest) => format!("/{rest}"),
        (home, rest) => format!("{home}/{rest}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn environment() -> BTreeMap<String, String> {
        BTreeMap::from([
            ("HOME".to_owned(), "/home/user/".to_owned()),
            ("WORK".to_owned(), "/srv/work".to_owned()),
            ("EMPTY".to_owned(), String::new()),
        ])
    }

    #[test]
    fn variables_expand_as_python_expands_them() {
        let expand = |text| expand_variables(text, &environment());
        assert_eq!(expand("$WORK/out"), "/srv/work/out");
        assert_eq!(expand("${WORK}out"), "/srv/workout");
        assert_eq!(expand("$WORKout"), "$WORKout", "an unset name stays");
        assert_eq!(expand("a$EMPTY/b"), "a/b");
        assert_eq!(expand("$"), "$");
        assert_eq!(expand("$/x"), "$/x");
        assert_eq!(expand("${}"), "${}");
        assert_eq!(expand("${WORK"), "${WORK");
        assert_eq!(expand("$WORK-$WORK"), "/srv/work-/srv/work");
        assert_eq!(expand("plain"), "plain");
    }

    #[test]
    fn a_leading_tilde_is_home() {
        let expand = |text| expand_home(text, &environment());
        assert_eq!(expand("~").as_deref(), Some("/home/user"));
        assert_eq!(expand("~/keys/a").as_deref(), Some("/home/user/keys/a"));
        assert_eq!(expand("~//keys").as_deref(), Some("/home/user/keys"));
        assert_eq!(expand("a/~").as_deref(), Some("a/~"));
        assert_eq!(expand("~root/x"), None);
        assert_eq!(expand_home("~/x", &BTreeMap::new()), None);
    }
}
