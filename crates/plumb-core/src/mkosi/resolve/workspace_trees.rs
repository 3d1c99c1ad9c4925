//! The mkosi trees of a workspace resolved, for the browser: each top directory holding an
//! `mkosi.conf` or an `mkosi.conf.d/` (not one inside another tree, which that tree reads
//! through its drop-ins, subimages, profiles or includes), read from the workspace's files
//! placed under `/workspace`, on plumb's build host (Debian 12 on x86-64 with its CA
//! bundle), whose answers the CLI gives there too.

use super::files::MemoryFiles;
use super::{Failure, Host, Request, Resolved, resolve};
use crate::mkosi::settings::{MKOSI_26, Settings, release_for};
use crate::workspace::Workspace;
use std::collections::BTreeSet;

/// Where the workspace's files are placed, as the paths mkosi prints show.
pub const ROOT: &str = "/workspace";

/// The host the browser resolves for: plumb's build host, Debian 12 (bookworm) on x86-64,
/// with no environment variables; its systemd is unknown (backports change it).
pub fn build_host() -> Host {
    Host {
        distribution: Some("debian".to_owned()),
        release: Some("bookworm".to_owned()),
        architecture: "x86-64".to_owned(),
        environment: Default::default(),
        systemd_version: None,
        stderr_is_terminal: false,
    }
}

/// The files of the build host that mkosi looks for by default: Debian's CA bundle
/// (`ProxyPeerCertificate=`), which the ca-certificates package installs.
const BUILD_HOST_FILES: [&str; 1] = ["/etc/ssl/certs/ca-certificates.crt"];

/// The directory of `path` in the workspace (`""` at the top).
fn directory_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(directory, _)| directory)
}

/// The workspace directories that are trees, in path order.
pub fn tree_directories(workspace: &Workspace) -> Vec<String> {
    let candidates: BTreeSet<&str> = workspace
        .all_paths()
        .filter_map(|path| {
            let directory = directory_of(path);
            let name = path.rsplit('/').next().unwrap_or(path);
            match name {
                "mkosi.conf" => Some(directory),
                _ if directory == "mkosi.conf.d" || directory.ends_with("/mkosi.conf.d") => {
                    Some(directory_of(directory))
                }
                _ => None,
            }
        })
        .collect();
    let inside_another = |directory: &str| {
        candidates.iter().any(|other| {
            *other != directory && (other.is_empty() || directory.starts_with(&format!("{other}/")))
        })
    };
    candidates
        .iter()
        .filter(|directory| !inside_another(directory))
        .map(|directory| (*directory).to_owned())
        .collect()
}

/// The absolute path mkosi sees for the workspace path `path`.
pub fn absolute(path: &str) -> String {
    if path.is_empty() {
        ROOT.to_owned()
    } else {
        format!("{ROOT}/{path}")
    }
}

/// The workspace path of a path mkosi sees, if it is in the workspace.
pub fn workspace_path(absolute: &str) -> Option<&str> {
    absolute
        .strip_prefix(ROOT)
        .and_then(|rest| rest.strip_prefix('/'))
}

/// The tree at `directory` resolved for the release of its plumb.toml (`[mkosi] version`,
/// else 24), with that release's settings.
pub fn resolve_tree(
    workspace: &Workspace,
    directory: &str,
) -> (Settings, Result<Resolved, Failure>) {
    let conf = match directory {
        "" => "mkosi.conf".to_owned(),
        directory => format!("{directory}/mkosi.conf"),
    };
    let settings = release_for(workspace, &conf, MKOSI_26);
    let workspace_files = workspace.all_paths().filter_map(|path| {
        let text = workspace.contents(path)?;
        Some((absolute(path), String::from_utf8_lossy(text).into_owned()))
    });
    let host_files = BUILD_HOST_FILES
        .iter()
        .map(|path| ((*path).to_owned(), String::new()));
    let files = MemoryFiles::new(workspace_files.chain(host_files));
    let request = Request {
        directory: absolute(directory),
        ..Request::default()
    };
    (settings, resolve(&request, settings, &build_host(), &files))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FileKind;

    #[test]
    fn a_workspace_s_trees_are_its_top_configuration_directories() {
        let mut workspace = Workspace::new();
        for path in [
            "image/mkosi.conf",
            "image/mkosi.conf.d/10.conf",
            "image/mkosi.images/base/mkosi.conf",
            "other/mkosi.conf.d/10.conf",
        ] {
            workspace.add_file(
                path,
                FileKind::Mkosi,
                b"[Content]\nPackages=curl\n".to_vec(),
            );
        }
        workspace.add_input("image/mkosi.build", b"#!/bin/sh\n".to_vec());
        assert_eq!(tree_directories(&workspace), ["image", "other"]);
        let (_, resolved) = resolve_tree(&workspace, "image");
        let resolved = resolved.expect("the tree resolves");
        // The subimage first, then the main image.
        assert_eq!(resolved.images.len(), 2);
        let main = &resolved.images[1].values;
        assert_eq!(
            main["BuildScripts"],
            Some(serde_json::json!(["/workspace/image/mkosi.build"]))
        );
        assert_eq!(main["Release"], Some(serde_json::json!("bookworm")));
        assert_eq!(
            workspace_path("/workspace/image/mkosi.conf"),
            Some("image/mkosi.conf")
        );
    }
}
