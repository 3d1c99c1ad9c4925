//! `volumes:` short syntax of a service, `[source:]target[:options]`, parsed as compose-go's
//! `format.ParseVolume` does: fields split at `:` except inside `${…}` and after a single
//! letter (a Windows drive, so a one-letter volume name is read as part of a path), a
//! source that looks like a path makes a bind mount, and unknown options are ignored.
//! Paths are left as written (relative and `~` ones are resolved later); only the target is
//! cleaned.

use super::{Canonical, invalid_type};
use crate::compose::tree::{self, Notice, TreePath};
use crate::dockerfile::dockerignore::go_clean;
use crate::yaml::{Node, Value};

/// A service's mount as compose-go's `ServiceVolumeConfig` holds it after parsing; empty
/// strings and `false` are fields compose-go leaves out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VolumeMount {
    pub kind: MountKind,
    pub source: String,
    pub target: String,
    pub read_only: bool,
    /// Set for every bind mount, and for a volume given a bind option (`z`, `shared`…).
    pub bind: Option<BindOptions>,
    /// Set for every volume, and for a bind mount given `nocopy`.
    pub volume: Option<VolumeOptions>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MountKind {
    Bind,
    #[default]
    Volume,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BindOptions {
    /// `z` or `Z`.
    pub selinux: String,
    /// `shared`, `rslave`, …
    pub propagation: String,
    pub create_host_path: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VolumeOptions {
    pub nocopy: bool,
}

/// Rewrites a volume string to its long syntax; mappings are kept. A string that does not
/// parse is an error, or is left as written when variables were not substituted.
pub fn volume_mount(step: &mut Canonical, node: &mut Node, path: &TreePath) -> Result<(), Notice> {
    let spec = match &node.value {
        Value::Mapping(_) => return Ok(()),
        Value::String(spec) => spec,
        _ => return Err(invalid_type(path, node, "for service volume mount")),
    };
    let mut mount = match parse_volume(spec) {
        Ok(mount) => mount,
        Err(_) if step.keep_unparsable => return Ok(()),
        Err(message) => return Err(Notice::new(message, path, node)),
    };
    if !mount.target.is_empty() {
        mount.target = go_clean(&mount.target);
    }
    *node = mount_node(&mount, node);
    Ok(())
}

/// The long syntax of a mount, its fields in compose-go's order, the empty ones left out.
fn mount_node(mount: &VolumeMount, origin: &Node) -> Node {
    let text = |text: &str| (!text.is_empty()).then(|| tree::string(text, origin));
    let flag = |set: bool| set.then(|| tree::made(Value::Bool(true), origin));
    let fields = |fields| tree::mapping_of_present(fields, origin);
    let kind = match mount.kind {
        MountKind::Bind => "bind",
        MountKind::Volume => "volume",
    };
    fields(vec![
        ("type", text(kind)),
        ("source", text(&mount.source)),
        ("target", text(&mount.target)),
        ("read_only", flag(mount.read_only)),
        (
            "bind",
            mount.bind.as_ref().map(|bind| {
                fields(vec![
                    ("selinux", text(&bind.selinux)),
                    ("propagation", text(&bind.propagation)),
                    ("create_host_path", flag(bind.create_host_path)),
                ])
            }),
        ),
        (
            "volume",
            mount
                .volume
                .as_ref()
                .map(|volume| fields(vec![("nocopy", flag(volume.nocopy))])),
        ),
    ])
}

/// compose-go's `ParseVolume`; the error is its message.
pub fn parse_volume(spec: &str) -> Result<VolumeMount, String> {
    match spec.len() {
        0 => return Err("invalid empty volume spec".to_owned()),
        // One or two bytes: a target only (and no volume options).
        1 | 2 => {
            return Ok(VolumeMount {
                target: spec.to_owned(),
                ..VolumeMount::default()
            });
        }
        _ => {}
    }
    let mut mount = VolumeMount::default();
    let mut field = String::new();
    let mut substitution_depth = 0_usize;
    let bytes = spec.as_bytes();
    // compose-go reads a NUL as the end of the spec, one in the spec as well.
    let characters = spec.char_indices().chain([(spec.len(), END)]);
    for (index, ch) in characters {
        if ch == '$' && bytes.get(index + 1) == Some(&b'{') {
            substitution_depth += 1;
        } else if ch == '}' && substitution_depth > 0 {
            substitution_depth -= 1;
        } else if !is_windows_drive(&field, ch)
            && (ch == ':' || ch == END)
            && substitution_depth == 0
        {
            if let Err(reason) = end_field(ch, &field, &mut mount) {
                return Err(format!("invalid spec: {spec}: {reason}"));
            }
            field.clear();
            continue;
        }
        // An unclosed `${` keeps even the end in the field, which is then never used.
        field.push(ch);
    }
    set_kind(&mut mount);
    Ok(mount)
}

const END: char = '\0';

/// A `:` after a field of one letter, as in `C:\data`.
fn is_windows_drive(field: &str, ch: char) -> bool {
    let mut characters = field.chars();
    ch == ':' && characters.next().is_some_and(is_go_letter) && characters.next().is_none()
}

/// Go's `unicode.IsLetter`, as near as Rust's character classes come: alphabetic characters
/// that are not numbers (`Ⅻ`). The vowel signs and other marks Unicode also calls
/// alphabetic count as letters here, though not in Go.
fn is_go_letter(ch: char) -> bool {
    ch.is_alphabetic() && !ch.is_numeric()
}

/// Puts a finished field where it belongs: the source, then the target (a last field alone
/// is the target), then the options.
fn end_field(ch: char, field: &str, mount: &mut VolumeMount) -> Result<(), &'static str> {
    if field.is_empty() {
        return Err("empty section between colons");
    }
    if mount.source.is_empty() && ch == END {
        mount.target = field.to_owned();
    } else if mount.source.is_empty() {
        mount.source = field.to_owned();
    } else if mount.target.is_empty() {
        mount.target = field.to_owned();
    } else if ch == ':' {
        return Err("too many colons");
    } else {
        field
            .split(',')
            .for_each(|option| set_option(option, mount));
    }
    Ok(())
}

fn set_option(option: &str, mount: &mut VolumeMount) {
    match option {
        "ro" => mount.read_only = true,
        "rw" => mount.read_only = false,
        "nocopy" => mount.volume = Some(VolumeOptions { nocopy: true }),
        "rprivate" | "private" | "rshared" | "shared" | "rslave" | "slave" => {
            mount.bind.get_or_insert_default().propagation = option.to_owned();
        }
        "z" | "Z" => mount.bind.get_or_insert_default().selinux = option.to_owned(),
        _ => {}
    }
}

/// A source that is a path makes a bind mount (whose host path the short syntax creates),
/// anything else a volume.
fn set_kind(mount: &mut VolumeMount) {
    if is_file_path(&mount.source) {
        mount.kind = MountKind::Bind;
        mount.bind.get_or_insert_default().create_host_path = true;
    } else {
        mount.kind = MountKind::Volume;
        mount.volume.get_or_insert_default();
    }
}

/// `.`, `/` or `~` first, a Windows named pipe (`\\`) or a drive letter (`C:`).
fn is_file_path(source: &str) -> bool {
    if source.starts_with(['.', '/', '~']) || source.starts_with(r"\\") {
        return true;
    }
    let mut characters = source.chars();
    characters.next().is_some_and(is_go_letter) && characters.as_str().starts_with(':')
}

#[cfg(test)]
mod tests {
    use super::super::Interpolation;
    use super::super::test_support::*;
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn volumes_of(list: &str) -> serde_json::Value {
        canonical_service_key("volumes", list)
    }

    #[test]
    fn short_specs_become_long_mounts() {
        // Observed: case volumes-short of the research notes, before path resolution.
        assert_eq!(
            volumes_of(
                r#"["./data:/data:ro,z", "named:/d:nocopy", "/anon", "~/h:/h", "/a/../b:/x/./y/"]"#
            ),
            json!([
                {"type": "bind", "source": "./data", "target": "/data", "read_only": true,
                 "bind": {"selinux": "z", "create_host_path": true}},
                {"type": "volume", "source": "named", "target": "/d", "volume": {"nocopy": true}},
                {"type": "volume", "target": "/anon", "volume": {}},
                {"type": "bind", "source": "~/h", "target": "/h", "bind": {"create_host_path": true}},
                {"type": "bind", "source": "/a/../b", "target": "/x/y", "bind": {"create_host_path": true}},
            ])
        );
    }

    #[test]
    fn edge_forms_parse_as_docker_compose_parses_them() {
        // Each observed with docker compose v2.40.3.
        let bind = json!({"create_host_path": true});
        assert_eq!(
            volumes_of(
                r#"["./a:/b:nocopy,ro,rw,shared,z", "ab", "x", "C:\\x:/y", "\\\\pipe\\x:/p", "a:b", "v:/a:rw,nocopy", "/a:b:ro", "é:/x", "éa:/x", "Ⅻ:/x", "/x:/y/../..", "./x:.", "./", "//", "v:/c:Z", "a\u0000b:/c", "${A:-/x}:/y", "${A:-${B}}:/y:${C}", "/r:/s:ro,${A:-b}", {target: /t}]"#
            ),
            json!([
                {"type": "bind", "source": "./a", "target": "/b",
                 "bind": {"selinux": "z", "propagation": "shared", "create_host_path": true},
                 "volume": {"nocopy": true}},
                {"type": "volume", "target": "ab"},
                {"type": "volume", "target": "x"},
                {"type": "bind", "source": "C:\\x", "target": "/y", "bind": bind},
                {"type": "bind", "source": "\\\\pipe\\x", "target": "/p", "bind": bind},
                {"type": "volume", "target": "a:b", "volume": {}},
                {"type": "bind", "source": "v:/a", "target": "rw,nocopy", "bind": bind},
                {"type": "bind", "source": "/a", "target": "b:ro", "bind": bind},
                {"type": "volume", "target": "é:/x", "volume": {}},
                {"type": "volume", "source": "éa", "target": "/x", "volume": {}},
                {"type": "volume", "source": "Ⅻ", "target": "/x", "volume": {}},
                {"type": "bind", "source": "/x", "target": "/", "bind": bind},
                {"type": "bind", "source": "./x", "target": ".", "bind": bind},
                {"type": "volume", "target": "."},
                {"type": "volume", "target": "/"},
                {"type": "bind", "source": "v:/c", "target": "Z", "bind": bind},
                {"type": "volume", "target": "b:/c", "volume": {}},
                {"type": "volume", "source": "${A:-/x}", "target": "/y", "volume": {}},
                {"type": "volume", "source": "${A:-${B}}", "target": "/y", "volume": {}},
                {"type": "bind", "source": "/r", "target": "/s", "read_only": true, "bind": bind},
                {"target": "/t"},
            ])
        );
    }

    #[test]
    fn a_one_letter_volume_name_is_read_as_a_drive() {
        // Observed: case volume-single-letter, `v:/data` is an anonymous volume.
        assert_eq!(
            volumes_of(r#"["v:/data"]"#),
            json!([{"type": "volume", "target": "v:/data", "volume": {}}])
        );
    }

    #[test]
    fn bind_options_on_a_volume_keep_both_option_sets() {
        assert_eq!(
            volumes_of(r#"["data:/d:z,rslave"]"#),
            json!([{"type": "volume", "source": "data", "target": "/d",
                    "bind": {"selinux": "z", "propagation": "rslave"}, "volume": {}}])
        );
    }

    #[test]
    fn bad_specs_get_compose_go_messages() {
        // Each observed with docker compose v2.40.3.
        for (spec, message) in [
            ("", "invalid empty volume spec"),
            (
                "/foo:/foo:ro:foo",
                "invalid spec: /foo:/foo:ro:foo: too many colons",
            ),
            ("/x:/y:ro:z", "invalid spec: /x:/y:ro:z: too many colons"),
            ("/a:", "invalid spec: /a:: empty section between colons"),
            (":/b", "invalid spec: :/b: empty section between colons"),
            (
                "/x::ro",
                "invalid spec: /x::ro: empty section between colons",
            ),
            ("ab:", "invalid spec: ab:: empty section between colons"),
        ] {
            assert_eq!(parse_volume(spec), Err(message.to_owned()), "{spec:?}");
            let list = format!("[{}]", serde_json::to_string(spec).unwrap());
            assert_eq!(canonical_error(&service_with("volumes", &list)), message);
        }
        assert_eq!(
            canonical_error(&service_with("volumes", "[1]")),
            "services.web.volumes.[]: invalid type int for service volume mount"
        );
    }

    #[test]
    fn without_interpolation_an_unparsable_string_is_kept() {
        let kept = try_canonical(
            &service_with("volumes", r#"["${X}:/a:${Y}::", "/b:/c"]"#),
            Interpolation::Skipped,
        )
        .unwrap();
        assert_eq!(
            kept["services"]["web"]["volumes"],
            json!(["${X}:/a:${Y}::", {"type": "bind", "source": "/b", "target": "/c",
                                       "bind": {"create_host_path": true}}])
        );
    }

    #[test]
    fn an_unclosed_substitution_swallows_the_target() {
        // docker compose then reports the mount target missing.
        let mount = parse_volume("/a:${X").unwrap();
        assert_eq!((mount.source.as_str(), mount.target.as_str()), ("/a", ""));
    }

    proptest! {
        #[test]
        fn any_spec_parses_or_fails_without_panicking(spec in "\\PC*") {
            let _ = parse_volume(&spec);
        }

        #[test]
        fn a_parsed_mount_has_the_options_of_its_kind(
            spec in "[a-zC.~/\\\\:,${}\\-é\u{0}]{3,24}"
        ) {
            if let Ok(mount) = parse_volume(&spec) {
                let creates_host_path = mount.bind.as_ref().is_some_and(|bind| bind.create_host_path);
                prop_assert_eq!(mount.kind == MountKind::Bind, creates_host_path);
                prop_assert!(mount.kind == MountKind::Bind || mount.volume.is_some());
            }
        }
    }
}
