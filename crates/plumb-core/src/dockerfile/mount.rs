//! `RUN --mount=…` and `RUN --device=…` options (`commands_runmount.go`,
//! `commands_rundevice.go`): one CSV record of `key=value` fields, read and validated as
//! BuildKit does when it builds the stage.

use super::go_text::parse_bool;
use crate::go_units::bytes::is_ram_in_bytes;
use crate::suggest::with_suggestion;

/// The mount types BuildKit knows.
const TYPES: [&str; 5] = ["bind", "cache", "tmpfs", "secret", "ssh"];
const SHARING: [&str; 3] = ["shared", "private", "locked"];
const KEYS: [&str; 19] = [
    "type",
    "from",
    "source",
    "target",
    "readonly",
    "id",
    "sharing",
    "required",
    "size",
    "mode",
    "uid",
    "gid",
    "src",
    "dst",
    "destination",
    "ro",
    "rw",
    "readwrite",
    "env",
];

/// A parsed mount. Values that hold a `$` are kept as written: BuildKit expands them with
/// the stage's variables before validating.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mount {
    pub kind: String,
    pub from: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    pub id: Option<String>,
    pub sharing: Option<String>,
}

/// Splits one CSV record as `go-csvvalue` does (Go's `encoding/csv` rules for one line).
/// Error columns count bytes, 1-based.
pub fn csv_fields(record: &str) -> Result<Vec<String>, String> {
    let line = record
        .strip_suffix("\r\n")
        .or_else(|| record.strip_suffix('\n'))
        .unwrap_or(record);
    if line.is_empty() {
        return Err("EOF".into());
    }
    let error = |position: usize, quote_error: bool| {
        let reason = if quote_error {
            "extraneous or missing \" in quoted-field"
        } else {
            "bare \" in non-quoted-field"
        };
        format!("parse error on line 1, column {}: {reason}", position + 1)
    };
    let mut fields = Vec::new();
    let mut rest = line;
    let mut position = 0;
    loop {
        let Some(quoted) = rest.strip_prefix('"') else {
            let field = rest.find(',').map_or(rest, |comma| &rest[..comma]);
            if let Some(quote) = field.find('"') {
                return Err(error(position + quote, false));
            }
            fields.push(field.to_owned());
            if field.len() == rest.len() {
                return Ok(fields);
            }
            position += field.len() + 1;
            rest = &rest[field.len() + 1..];
            continue;
        };
        rest = quoted;
        position += 1;
        let mut field = String::new();
        loop {
            let Some(close) = rest.find('"') else {
                return Err(error(position, true));
            };
            field.push_str(&rest[..close]);
            rest = &rest[close + 1..];
            position += close + 1;
            match rest.chars().next() {
                Some('"') => {
                    field.push('"');
                    rest = &rest[1..];
                    position += 1;
                }
                Some(',') => {
                    fields.push(field);
                    rest = &rest[1..];
                    position += 1;
                    break;
                }
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(_) => return Err(error(position - 1, true)),
            }
        }
    }
}

/// Reads and validates a `--mount` value. Errors carry BuildKit's message.
pub fn parse_mount(value: &str) -> Result<Mount, String> {
    let fields =
        csv_fields(value).map_err(|error| format!("failed to parse csv mounts: {error}"))?;
    let mut mount = Mount {
        kind: "bind".into(),
        ..Mount::default()
    };
    let (mut mode, mut uid, mut gid) = (false, false, false);
    // `type=$T` is known only after expansion: checks that depend on the type wait for it.
    let mut kind_known = true;
    for field in &fields {
        let (key, value) = match field.split_once('=') {
            Some((key, value)) => (key.to_lowercase(), Some(value)),
            None => (field.to_lowercase(), None),
        };
        let Some(value) = value else {
            match key.as_str() {
                "readonly" | "ro" | "readwrite" | "rw" => {}
                "required" if !kind_known || matches!(mount.kind.as_str(), "secret" | "ssh") => {}
                "required" => {
                    return Err(format!(
                        "unexpected key '{key}' for mount type '{}'",
                        mount.kind
                    ));
                }
                _ => return Err(format!("invalid field '{field}' must be a key=value pair")),
            }
            continue;
        };
        if key == "from" {
            if value
                .find('$')
                .is_some_and(|index| index != value.len() - 1)
            {
                return Err(
                    "'from' doesn't support variable expansion, define alias stage instead".into(),
                );
            }
        } else if value.contains('$') {
            // Expanded, then checked, when the stage is built.
            if key == "type" {
                kind_known = false;
            }
            continue;
        }
        let invalid = || format!("invalid value for {key}: {value}");
        match key.as_str() {
            "type" => {
                let kind = value.to_lowercase();
                if !TYPES.contains(&kind.as_str()) {
                    return Err(with_suggestion(
                        format!("unsupported mount type {value:?}"),
                        value,
                        &TYPES,
                        true,
                    ));
                }
                mount.kind = kind;
            }
            "from" => mount.from = Some(value.to_owned()),
            "source" | "src" => mount.source = Some(value.to_owned()),
            "target" | "dst" | "destination" => mount.target = Some(value.to_owned()),
            "readonly" | "ro" | "readwrite" | "rw" => {
                parse_bool(value).ok_or_else(invalid)?;
            }
            "required" if !kind_known || matches!(mount.kind.as_str(), "secret" | "ssh") => {
                parse_bool(value).ok_or_else(invalid)?;
            }
            "size" if !kind_known || mount.kind == "tmpfs" => {
                if !is_ram_in_bytes(value) {
                    return Err(invalid());
                }
            }
            "required" | "size" => {
                return Err(format!(
                    "unexpected key '{key}' for mount type '{}'",
                    mount.kind
                ));
            }
            "id" => mount.id = Some(value.to_owned()),
            "sharing" => {
                let sharing = value.to_lowercase();
                if !SHARING.contains(&sharing.as_str()) {
                    return Err(with_suggestion(
                        format!("unsupported sharing value {value:?}"),
                        value,
                        &SHARING,
                        true,
                    ));
                }
                mount.sharing = Some(sharing);
            }
            "mode" => {
                // Go's ParseUint: digits only, no sign.
                if value.is_empty() || !value.bytes().all(|byte| (b'0'..=b'7').contains(&byte)) {
                    return Err(format!("invalid value {value} for mode"));
                }
                u32::from_str_radix(value, 8)
                    .map_err(|_| format!("invalid value {value} for mode"))?;
                mode = true;
            }
            "uid" | "gid" => {
                if value.is_empty() || !value.bytes().all(|byte| byte.is_ascii_digit()) {
                    return Err(format!("invalid value {value} for {key}"));
                }
                value
                    .parse::<u32>()
                    .map_err(|_| format!("invalid value {value} for {key}"))?;
                if key == "uid" {
                    uid = true;
                } else {
                    gid = true;
                }
            }
            "env" => {}
            _ => {
                return Err(with_suggestion(
                    format!("unexpected key '{key}' in '{field}'"),
                    &key,
                    &KEYS,
                    true,
                ));
            }
        }
    }
    if !kind_known {
        return Ok(mount);
    }
    let file_info_allowed = matches!(mount.kind.as_str(), "secret" | "ssh" | "cache");
    if !file_info_allowed {
        for (given, name) in [(mode, "mode"), (uid, "uid"), (gid, "gid")] {
            if given {
                return Err(format!(
                    "{name} not allowed for {:?} type mounts",
                    mount.kind
                ));
            }
        }
    }
    if mount.kind == "secret" {
        if mount.from.is_some() {
            return Err("secret mount should not have a from".into());
        }
        if mount.sharing.is_some() {
            return Err("secret mount should not define sharing".into());
        }
        if mount.source.is_none() && mount.target.is_none() && mount.id.is_none() {
            return Err("invalid secret mount. one of source, target required".into());
        }
        if mount.source.is_some() && mount.id.is_some() {
            return Err("both source and id can't be set".into());
        }
    }
    if mount.sharing.is_some() && mount.kind != "cache" {
        return Err(format!(
            "invalid cache sharing set for {} mount",
            mount.kind
        ));
    }
    Ok(mount)
}

/// Reads and validates a `--device` value: a name, and `required[=bool]`.
pub fn parse_device(value: &str) -> Result<(), String> {
    let fields =
        csv_fields(value).map_err(|error| format!("failed to parse csv devices: {error}"))?;
    let mut name: Option<&str> = None;
    for field in &fields {
        let (key, value) = match field.split_once('=') {
            Some((key, value)) => (key.to_lowercase(), Some(value)),
            None => (field.to_lowercase(), None),
        };
        match (key.as_str(), value) {
            ("required", None) => {}
            (_, None) if name.is_none() => name = Some(field),
            (_, None) => return Err(format!("invalid field '{field}' must be a key=value pair")),
            ("name", Some(value)) => {
                if let Some(existing) = name {
                    return Err(format!("device name already set to {existing}"));
                }
                name = Some(value);
            }
            ("required", Some(value)) => {
                parse_bool(value).ok_or_else(|| format!("invalid value for {key}: {value}"))?;
            }
            _ if name.is_none() => name = Some(field),
            _ => {
                return Err(with_suggestion(
                    format!("unexpected key '{key}' in '{field}'"),
                    &key,
                    &["name", "required"],
                    true,
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_records() {
        assert_eq!(csv_fields("a=1,b=2").unwrap(), ["a=1", "b=2"]);
        assert_eq!(csv_fields("\"a=1,2\",b").unwrap(), ["a=1,2", "b"]);
        assert_eq!(csv_fields("\"x\"\"y\"").unwrap(), ["x\"y"]);
        assert_eq!(
            csv_fields("a=\"b\"").unwrap_err(),
            "parse error on line 1, column 3: bare \" in non-quoted-field"
        );
        assert_eq!(
            csv_fields("\"type=cache,target=/x").unwrap_err(),
            "parse error on line 1, column 2: extraneous or missing \" in quoted-field"
        );
        assert_eq!(
            csv_fields("\"target=/x\"y").unwrap_err(),
            "parse error on line 1, column 11: extraneous or missing \" in quoted-field"
        );
        assert_eq!(csv_fields("").unwrap_err(), "EOF");
        assert_eq!(csv_fields("a,,b").unwrap(), ["a", "", "b"]);
    }

    #[test]
    fn valid_mounts() {
        for value in [
            "type=cache,target=/root/.cache,sharing=locked,id=pip,mode=0755,uid=1000",
            "type=bind,from=build,source=/out,target=/in,rw",
            "type=secret,id=token,env=TOKEN,required",
            "type=tmpfs,target=/tmp,size=64m",
            "type=ssh",
            "target=/src",
            "type=cache,target=$HOME/.cache",
            "type=$KIND,target=/x,uid=1000,sharing=locked,required",
        ] {
            assert!(
                parse_mount(value).is_ok(),
                "{value}: {:?}",
                parse_mount(value)
            );
        }
    }

    #[test]
    fn invalid_mounts_have_buildkit_messages() {
        let error = |value| parse_mount(value).unwrap_err();
        assert_eq!(
            error("type=volume,target=/x"),
            "unsupported mount type \"volume\""
        );
        assert_eq!(
            error("type=cahce,target=/x"),
            "unsupported mount type \"cahce\" (did you mean cache?)"
        );
        assert_eq!(
            error("type=cache,target=/x,sharing=global"),
            "unsupported sharing value \"global\""
        );
        assert_eq!(
            error("target=/x,mode=0644"),
            "mode not allowed for \"bind\" type mounts"
        );
        assert_eq!(
            error("type=secret"),
            "invalid secret mount. one of source, target required"
        );
        assert_eq!(
            error("type=secret,id=a,source=b"),
            "both source and id can't be set"
        );
        assert_eq!(
            error("type=tmpfs,target=/x,sharing=locked"),
            "invalid cache sharing set for tmpfs mount"
        );
        assert_eq!(
            error("type=cache,target=/x,size=1g"),
            "unexpected key 'size' for mount type 'cache'"
        );
        assert_eq!(
            error("target=/x,requird=true"),
            "unexpected key 'requird' in 'requird=true' (did you mean required?)"
        );
        assert_eq!(
            error("type=cache,from=$STAGE,target=/x"),
            "'from' doesn't support variable expansion, define alias stage instead"
        );
        assert_eq!(error("target=/x,ro=maybe"), "invalid value for ro: maybe");
        assert_eq!(
            error("target"),
            "invalid field 'target' must be a key=value pair"
        );
        assert_eq!(
            error("type=cache,target=/x,uid=-1"),
            "invalid value -1 for uid"
        );
    }

    #[test]
    fn devices() {
        assert!(parse_device("nvidia.com/gpu=all,required").is_ok());
        assert!(parse_device("name=/dev/fuse,required=false").is_ok());
        assert_eq!(
            parse_device("name=a,name=b").unwrap_err(),
            "device name already set to a"
        );
        assert_eq!(
            parse_device("a,b").unwrap_err(),
            "invalid field 'b' must be a key=value pair"
        );
    }
}
