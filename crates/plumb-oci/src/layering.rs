//! Which entries go into which layer. A policy gives every entry an owning layer; each
//! layer then also holds the parent directories of its entries (with the same headers as
//! everywhere else), so that every layer unpacks on its own. Layers left empty are dropped
//! (all but one, when the tree is empty).

use crate::content::ContentReader;
use crate::dpkg::{self, Package};
use crate::entry::EntryKind;
use crate::error::Error;
use crate::package_grouping::{PackageGrouping, group_packages};
use crate::path_pattern::PathPattern;
use crate::tree::Tree;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layering {
    /// The whole tree in one layer.
    Single,
    /// A layer per rule, the first rule's at the bottom; an entry belongs to the first rule
    /// that matches it, and to a top layer when none does.
    PathRules(Vec<PathRule>),
    /// Layers of dpkg packages (sorted by name, grouped as asked) read from the tree's
    /// database; an entry several packages list belongs to the first of them, and entries
    /// no package lists (the database itself among them) to a top layer.
    DpkgPackages(PackageGrouping),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathRule {
    /// The history comment of the layer.
    pub layer: String,
    pub patterns: Vec<PathPattern>,
}

/// One layer to write: its name, the packages it holds, its entries in tree order.
#[derive(Debug)]
pub(crate) struct PlannedLayer {
    pub(crate) name: String,
    pub(crate) packages: Vec<Package>,
    pub(crate) members: Vec<usize>,
}

pub(crate) fn plan_layers(
    tree: &Tree,
    layering: &Layering,
    content: &mut ContentReader<'_>,
) -> Result<Vec<PlannedLayer>, Error> {
    let entries = tree.entries();
    let (owners, layers) = match layering {
        Layering::Single => (vec![0; entries.len()], vec![named("rootfs")]),
        Layering::PathRules(rules) => {
            let owners = entries
                .iter()
                .map(|entry| {
                    rules
                        .iter()
                        .position(|rule| {
                            rule.patterns
                                .iter()
                                .any(|pattern| pattern.matches(&entry.path))
                        })
                        .unwrap_or(rules.len())
                })
                .collect();
            let layers = rules
                .iter()
                .map(|rule| named(&rule.layer))
                .chain([named("unmatched")])
                .collect();
            (owners, layers)
        }
        Layering::DpkgPackages(grouping) => package_layers(tree, *grouping, content)?,
    };
    Ok(with_parent_directories(tree, &owners, layers))
}

fn named(name: &str) -> PlannedLayer {
    PlannedLayer {
        name: name.to_owned(),
        packages: Vec::new(),
        members: Vec::new(),
    }
}

/// Each entry's layer and the layers, for dpkg packages cut into groups.
fn package_layers(
    tree: &Tree,
    grouping: PackageGrouping,
    content: &mut ContentReader<'_>,
) -> Result<(Vec<usize>, Vec<PlannedLayer>), Error> {
    let packages = dpkg::installed_packages(tree, content)?;
    let mut owner_package: Vec<Option<usize>> = vec![None; tree.entries().len()];
    let mut sizes = vec![0; packages.len()];
    for (package, installed) in packages.iter().enumerate() {
        for &entry in &installed.entries {
            if owner_package[entry].is_none() {
                owner_package[entry] = Some(package);
                if let EntryKind::Regular { size, .. } = tree.entries()[entry].kind {
                    sizes[package] += size;
                }
            }
        }
    }
    let groups = group_packages(&sizes, grouping);
    let group_count = groups.last().map_or(0, |last| last + 1);
    let mut layers: Vec<PlannedLayer> = (0..group_count).map(|_| named("")).collect();
    for (installed, &group) in packages.into_iter().zip(&groups) {
        layers[group].packages.push(installed.package);
    }
    for layer in &mut layers {
        layer.name = match layer.packages.as_slice() {
            [only] => format!("dpkg: {}", only.name),
            [first, .., last] => format!(
                "dpkg: {} to {} ({} packages)",
                first.name,
                last.name,
                layer.packages.len()
            ),
            [] => String::new(),
        };
    }
    layers.push(named("not owned by a dpkg package"));
    let owners = owner_package
        .iter()
        .map(|package| package.map_or(group_count, |package| groups[package]))
        .collect();
    Ok((owners, layers))
}

/// Fills each layer with its entries and their parent directories, in tree order.
fn with_parent_directories(
    tree: &Tree,
    owners: &[usize],
    mut layers: Vec<PlannedLayer>,
) -> Vec<PlannedLayer> {
    let mut included = vec![vec![false; owners.len()]; layers.len()];
    for (entry, &layer) in owners.iter().enumerate() {
        let included = &mut included[layer];
        included[entry] = true;
        let mut parent = tree.parent(entry);
        // Parents are marked with all their ancestors, so the first marked one ends the walk.
        while let Some(directory) = parent.filter(|&directory| !included[directory]) {
            included[directory] = true;
            parent = tree.parent(directory);
        }
    }
    for (layer, included) in layers.iter_mut().zip(included) {
        layer.members = (0..owners.len()).filter(|&entry| included[entry]).collect();
    }
    // An empty tree still makes an image of one (empty) layer.
    let top = layers.pop();
    layers.retain(|layer| !layer.members.is_empty());
    if let Some(top) = top.filter(|top| !top.members.is_empty() || layers.is_empty()) {
        layers.push(top);
    }
    layers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_tree::{directory, file, tree};
    use std::path::Path;

    fn planned(
        entries: Vec<crate::entry::Entry>,
        layering: &Layering,
    ) -> Vec<(String, Vec<String>)> {
        let tree = tree(Path::new("/nowhere"), entries);
        plan_layers(&tree, layering, &mut ContentReader::new(&tree))
            .unwrap()
            .into_iter()
            .map(|layer| {
                let names = layer
                    .members
                    .iter()
                    .map(|&index| tree.entries()[index].path.to_string())
                    .collect();
                (layer.name, names)
            })
            .collect()
    }

    fn rule(layer: &str, pattern: &str) -> PathRule {
        PathRule {
            layer: layer.to_owned(),
            patterns: vec![PathPattern::new(pattern).unwrap()],
        }
    }

    #[test]
    fn the_first_matching_rule_owns_an_entry_and_each_layer_gets_its_parents() {
        let entries = vec![
            directory("usr"),
            directory("usr/lib"),
            directory("usr/lib/python3"),
            file("usr/lib/python3/a.pyc", 0),
            file("usr/lib/libc.so", 0),
            file("etc", 0),
        ];
        let layering = Layering::PathRules(vec![
            rule("bytecode", "**/*.pyc"),
            rule("lib", "usr/lib"),
            rule("none", "opt"),
        ]);
        let strings = |names: &[&str]| {
            names
                .iter()
                .map(|name| (*name).to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            planned(entries, &layering),
            [
                (
                    "bytecode".to_owned(),
                    strings(&["usr", "usr/lib", "usr/lib/python3", "usr/lib/python3/a.pyc"])
                ),
                (
                    "lib".to_owned(),
                    strings(&["usr", "usr/lib", "usr/lib/libc.so", "usr/lib/python3"])
                ),
                ("unmatched".to_owned(), strings(&["etc", "usr"])),
            ]
        );
    }

    #[test]
    fn an_empty_tree_is_one_empty_layer() {
        let layering = Layering::PathRules(vec![rule("lib", "usr/lib")]);
        assert_eq!(
            planned(Vec::new(), &layering),
            [("unmatched".to_owned(), Vec::new())]
        );
        assert_eq!(
            planned(Vec::new(), &Layering::Single),
            [("rootfs".to_owned(), Vec::new())]
        );
    }
}
