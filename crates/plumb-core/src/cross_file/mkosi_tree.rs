//! An mkosi tree's settings together (its `mkosi.conf`, drop-ins and `mkosi.local.conf`,
//! folded as mkosi folds them; conditions are not evaluated): what keeps two builds from
//! giving the same image (MK201–MK206) and settings that contradict each other
//! (MK301–MK303). A finding is at the setting it is about, or at the first file's first
//! section when a setting is missing.

use crate::analysis::AnalyzedFile;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::mkosi::rules::{
    bootable_without_disk, cache_only_without_cache, leaking_files, no_source_date_epoch,
    oci_single_layer, random_seed, release_of_another_distribution, unpinned_mirror,
    unpinned_tools_tree,
};
use crate::mkosi::settings::{MKOSI_26, Settings, release_for};
use crate::mkosi::tree::{Tree, Written, boolean, file_texts, trees};
use crate::mkosi::tree_edits::TreeEdits;
use crate::source::Span;
use crate::workspace::Workspace;

/// The formats mkosi writes with systemd-repart, whose UUIDs come from `Seed=`.
const REPART_FORMATS: [&str; 5] = ["disk", "esp", "sysext", "confext", "portable"];

pub fn check(workspace: &Workspace, files: &[AnalyzedFile], diagnostics: &mut Vec<Diagnostic>) {
    let texts = file_texts(files);
    let text_of = |path: &str| texts.get(path).copied().unwrap_or_default();
    let all = trees(files);
    for top in all.iter().filter(|tree| is_top(&tree.directory)) {
        let tree = with_fragments(top, &all);
        let Some((first, document)) = tree.files.first() else {
            continue;
        };
        let settings = release_for(workspace, first, MKOSI_26);
        let edits = TreeEdits {
            tree: &tree,
            first,
            text: text_of(first),
            settings: &settings,
        };
        let anchor = Written {
            file: (*first).to_owned(),
            span: document
                .file
                .sections
                .first()
                .map_or(Span::point(0), |section| section.name_span),
        };
        let facts = Facts::of(&tree, workspace, &settings, &text_of);
        let mut found = Vec::new();
        reproducibility(&facts, &edits, &anchor, settings.release, &mut found);
        consistency(&facts, &mut found);
        diagnostics.extend(found.into_iter().map(|(written, mut diagnostic)| {
            diagnostic.file = written.file;
            diagnostic
        }));
    }
}

/// The folders of a tree whose configuration belongs to another: drop-in directories and
/// profiles (read into the tree above them), subimages (which inherit from it) and the tools
/// tree's configuration.
const PART_FOLDERS: [&str; 5] = [
    "mkosi.conf.d",
    "mkosi.profiles",
    "mkosi.images",
    "mkosi.local",
    "mkosi.tools.conf",
];

/// Whether the tree in `directory` is one mkosi is run on, not a part of another.
fn is_top(directory: &str) -> bool {
    !directory
        .split('/')
        .any(|component| PART_FOLDERS.contains(&component))
}

/// `top` with the files of its drop-in directories and profiles after its own, so that a
/// setting written in any of them counts (their conditions are not evaluated).
fn with_fragments<'a>(top: &Tree<'a>, all: &[Tree<'a>]) -> Tree<'a> {
    let prefix = if top.directory.is_empty() {
        String::new()
    } else {
        format!("{}/", top.directory)
    };
    let mut files = top.files.clone();
    for tree in all {
        let Some(rest) = tree.directory.strip_prefix(&prefix) else {
            continue;
        };
        let first = rest.split('/').next().unwrap_or_default();
        let own = !rest
            .split('/')
            .any(|component| matches!(component, "mkosi.images" | "mkosi.tools.conf"));
        if matches!(first, "mkosi.conf.d" | "mkosi.profiles") && own {
            files.extend(tree.files.iter().copied());
        }
    }
    Tree {
        directory: top.directory.clone(),
        files,
    }
}

/// What the checks read of a tree.
struct Facts<'t, 'a> {
    tree: &'t Tree<'a>,
    directory: String,
    distribution: Option<(&'a str, Written)>,
    format: Option<(&'a str, Written)>,
    remove_files: Vec<String>,
    /// Whether the tree holds a file at this path below its directory.
    has_file: Box<dyn Fn(&str) -> bool + 't>,
}

impl<'t, 'a> Facts<'t, 'a> {
    fn of(
        tree: &'t Tree<'a>,
        workspace: &'t Workspace,
        settings: &Settings,
        text_of: &dyn Fn(&str) -> &'a str,
    ) -> Self {
        let directory = tree.directory.clone();
        let prefix = if directory.is_empty() {
            String::new()
        } else {
            format!("{directory}/")
        };
        let has_file = Box::new(move |name: &str| {
            let path = format!("{prefix}{name}");
            workspace.contents(&path).is_some()
                || workspace
                    .all_paths()
                    .any(|other| other.starts_with(&format!("{path}/")))
        });
        Self {
            tree,
            directory,
            distribution: tree.single("Distribution"),
            format: tree.single("Format"),
            remove_files: tree
                .list("RemoveFiles", settings, text_of)
                .into_iter()
                .map(|(item, _)| item)
                .collect(),
            has_file,
        }
    }

    fn single(&self, key: &str) -> Option<(&'a str, Written)> {
        self.tree.single(key)
    }

    /// Whether `RemoveFiles=` removes `file`: named, or a directory or `*` above it.
    fn removes(&self, file: &str) -> bool {
        self.remove_files.iter().any(|item| {
            let item = item.trim_end_matches('/');
            let directory = item.strip_suffix("/*").unwrap_or(item);
            file == item || file.starts_with(&format!("{directory}/"))
        })
    }
}

fn reproducibility(
    facts: &Facts<'_, '_>,
    edits: &TreeEdits,
    anchor: &Written,
    release: &str,
    found: &mut Vec<(Written, Diagnostic)>,
) {
    let environment_sets_epoch = facts
        .tree
        .assignments("Environment")
        .any(|(_, assignment)| assignment.value.contains("SOURCE_DATE_EPOCH"));
    if facts.single("SourceDateEpoch").is_none() && !environment_sets_epoch {
        let diagnostic = no_source_date_epoch::finding(anchor.span).with_fix(Fix {
            title: format!("set SourceDateEpoch=0 in {}", edits.first),
            applicability: Applicability::Unsafe,
            edits: vec![edits.set_single("SourceDateEpoch", "0")],
        });
        found.push((anchor.clone(), diagnostic));
    }
    let format = facts.format.as_ref().map_or("disk", |(format, _)| *format);
    let seeded = facts
        .single("Seed")
        .is_some_and(|(seed, _)| seed != "random")
        || (facts.has_file)("mkosi.seed");
    if REPART_FORMATS.contains(&format) && !seeded {
        let at = facts.format.as_ref().map_or(anchor, |(_, written)| written);
        let seed = seed_for(&facts.directory);
        let diagnostic = random_seed::finding(format, at.span).with_fix(Fix {
            title: format!("set Seed={seed} in {}", edits.first),
            applicability: Applicability::Unsafe,
            edits: vec![edits.set_single("Seed", &seed)],
        });
        found.push((at.clone(), diagnostic));
    }
    let distribution = facts.distribution.as_ref().map(|(name, _)| *name);
    let mirror = facts.single("Mirror");
    let pinned = |setting: &Option<(&str, Written)>| {
        setting
            .as_ref()
            .is_some_and(|(url, _)| unpinned_mirror::is_pinned(url))
    };
    let snapshot = release != "24" && facts.single("Snapshot").is_some();
    if distribution != Some("custom")
        && !snapshot
        && !pinned(&mirror)
        && !pinned(&facts.single("LocalMirror"))
        && !(facts.has_file)("mkosi.snapshot")
    {
        let at = mirror
            .as_ref()
            .or(facts.distribution.as_ref())
            .map_or(anchor, |(_, written)| written);
        let name = distribution.unwrap_or("the host's distribution");
        found.push((at.clone(), unpinned_mirror::finding(name, release, at.span)));
    }
    if let Some((tools, written)) = facts.single("ToolsTree")
        && matches!(tools, "default" | "yes")
    {
        let tools_distribution = facts.single("ToolsTreeDistribution").map(|(name, _)| name);
        let inherits_mirror = tools_distribution.is_none_or(|name| Some(name) == distribution);
        let tools_mirror = facts.single("ToolsTreeMirror").or(if inherits_mirror {
            mirror.clone()
        } else {
            None
        });
        if !pinned(&tools_mirror) {
            found.push((written.clone(), unpinned_tools_tree::finding(written.span)));
        }
    }
    let leaking: Vec<&str> = leaking_files::leaking_files(distribution.unwrap_or(""))
        .iter()
        .copied()
        .filter(|file| !facts.removes(file))
        .collect();
    if !leaking.is_empty() {
        let diagnostic = leaking_files::finding(&leaking, anchor.span).with_fix(Fix {
            title: format!(
                "add {} to RemoveFiles= in {}",
                leaking.join(" and "),
                edits.first
            ),
            applicability: Applicability::Safe,
            edits: vec![edits.add_to_list("RemoveFiles", &leaking.join(","))],
        });
        found.push((anchor.clone(), diagnostic));
    }
    if let Some((value, written)) = facts.single("CacheOnly") {
        let needs_cache = matches!(value, "always" | "metadata") || boolean(value) == Some(true);
        let has_cache = facts.single("PackageCacheDirectory").is_some()
            || facts.single("CacheDirectory").is_some()
            || (facts.has_file)("mkosi.cache");
        if needs_cache && !has_cache {
            found.push((
                written.clone(),
                cache_only_without_cache::finding(value, written.span),
            ));
        }
    }
}

fn consistency(facts: &Facts<'_, '_>, found: &mut Vec<(Written, Diagnostic)>) {
    let format = facts.format.as_ref().map_or("disk", |(format, _)| *format);
    if let Some((_, written)) = facts.format.as_ref().filter(|(format, _)| *format == "oci") {
        found.push((written.clone(), oci_single_layer::finding(written.span)));
    }
    if let Some((value, written)) = facts.single("Bootable") {
        let on = value == "enabled" || boolean(value) == Some(true);
        if on && !bootable_without_disk::BOOTING_FORMATS.contains(&format) {
            found.push((
                written.clone(),
                bootable_without_disk::finding(format, written.span),
            ));
        }
    }
    if let (Some((distribution, _)), Some((release, written))) =
        (facts.distribution.as_ref(), facts.single("Release"))
        && let Some(owner) = release_of_another_distribution::owner_of(release, distribution)
    {
        let diagnostic =
            release_of_another_distribution::finding(release, owner, distribution, written.span);
        found.push((written, diagnostic));
    }
}

/// A fixed seed for the tree in `directory`: a UUID (version 4's layout) made from the
/// SHA-256 of its path, so the fix writes the same one each time.
fn seed_for(directory: &str) -> String {
    let digest = crate::digest::sha256(format!("plumb mkosi seed {directory}").as_bytes());
    let hex = digest.trim_start_matches("sha256:");
    let variant = ['8', '9', 'a', 'b'][usize::from(hex.as_bytes()[16] % 4)];
    format!(
        "{}-{}-4{}-{variant}{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}
