//! mkosi's scripts against their tree's configuration: each command a script runs that no
//! package list provides (MK101), and each network use in a script mkosi runs without a
//! network (MK102). A script belongs to the tree of its directory; its findings are in the
//! script, their fixes edit the tree's first configuration file.

use crate::analysis::AnalyzedFile;
use crate::command_packages::{Family, providers_of};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::mkosi::rules::{script_command_unavailable, script_network};
use crate::mkosi::script_format::{MkosiScriptDocument, Phase};
use crate::mkosi::settings::{MKOSI_26, Settings};
use crate::mkosi::tree::{Tree, boolean, trees};
use crate::shell::script::{Command, ShellWord};
use crate::source::Span;
use crate::workspace::Workspace;
use std::collections::{BTreeMap, BTreeSet};

/// The package lists whose packages a script may use.
const PACKAGE_LISTS: [&str; 3] = ["Packages", "BuildPackages", "ToolsTreePackages"];

pub fn check(workspace: &Workspace, files: &[AnalyzedFile], diagnostics: &mut Vec<Diagnostic>) {
    let texts: BTreeMap<&str, &str> = files
        .iter()
        .map(|file| (file.source.path(), file.source.text()))
        .collect();
    let text_of = |path: &str| texts.get(path).copied().unwrap_or_default();
    for tree in trees(files) {
        let Some((first, _)) = tree.files.first() else {
            continue;
        };
        let settings = workspace
            .config_for(first)
            .and_then(|(config, _)| config.mkosi.as_ref()?.settings())
            .unwrap_or(MKOSI_26);
        let packages: BTreeSet<String> = PACKAGE_LISTS
            .iter()
            .flat_map(|list| tree.list(list, &text_of))
            .map(|(package, _)| package)
            .collect();
        let family = tree
            .single("Distribution")
            .and_then(|(distribution, _)| Family::of_distribution(distribution));
        let with_network = tree
            .single("WithNetwork")
            .and_then(|(value, _)| boolean(value))
            .unwrap_or(false);
        let place = Place {
            tree: &tree,
            first,
            text: text_of(first),
            settings: &settings,
        };
        for file in files {
            let Some(script) = file.document.as_mkosi_script() else {
                continue;
            };
            let path = file.source.path();
            let directory = path.rsplit_once('/').map_or("", |(directory, _)| directory);
            if directory != tree.directory {
                continue;
            }
            let name = path.rsplit('/').next().unwrap_or(path);
            let mut found = Vec::new();
            check_commands(script, &packages, family, &place, &mut found);
            if !with_network && script.phase.needs_with_network() {
                check_network(script, name, &place, &mut found);
            }
            diagnostics.extend(found.into_iter().map(|mut diagnostic| {
                diagnostic.file = path.to_owned();
                diagnostic
            }));
        }
    }
}

/// Where a tree's fixes edit it: its first file, with the release's sections.
struct Place<'a> {
    tree: &'a Tree<'a>,
    first: &'a str,
    text: &'a str,
    settings: &'a Settings,
}

/// MK101 for the first use of each command no listed package provides.
fn check_commands(
    script: &MkosiScriptDocument,
    packages: &BTreeSet<String>,
    family: Option<Family>,
    place: &Place<'_>,
    found: &mut Vec<Diagnostic>,
) {
    let mut reported = BTreeSet::new();
    for command in &script.commands {
        let Some((_, word)) = program(command) else {
            continue;
        };
        let name = word.value.rsplit('/').next().unwrap_or(&word.value);
        let Some(providers) = providers_of(name) else {
            continue;
        };
        if packages.iter().any(|package| providers.includes(package)) || !reported.insert(name) {
            continue;
        }
        let span = Span::new(word.start, word.end);
        let mut diagnostic = script_command_unavailable::finding(
            name,
            providers,
            span,
            "Packages=, BuildPackages= or ToolsTreePackages=",
        );
        let list = if matches!(script.phase, Phase::Prepare | Phase::Build) {
            "BuildPackages"
        } else {
            "Packages"
        };
        if let Some(package) = family.and_then(|family| providers.of(family).first()) {
            diagnostic = diagnostic.with_fix(Fix {
                title: format!("add {package} to {list}= in {}", place.first),
                applicability: Applicability::Unsafe,
                edits: vec![add_to_list(place, list, package)],
            });
        }
        found.push(diagnostic);
    }
}

/// MK102 for each command that reads the network.
fn check_network(
    script: &MkosiScriptDocument,
    name: &str,
    place: &Place<'_>,
    found: &mut Vec<Diagnostic>,
) {
    let section = place
        .settings
        .get("WithNetwork")
        .map_or("Build", |setting| setting.section);
    for command in &script.commands {
        let Some(what) = network_use(command) else {
            continue;
        };
        let (start, end) = command.range();
        let diagnostic = script_network::finding(&what, name, Span::new(start, end), section);
        found.push(diagnostic.with_fix(Fix {
            title: format!("set WithNetwork=yes in {}", place.first),
            applicability: Applicability::Unsafe,
            edits: vec![set_single(place, "WithNetwork", "yes")],
        }));
    }
}

/// The word that names the program a command runs, with its index in the argv, past
/// `mkosi-chroot`, `sudo` and `env` (with its assignments), which run the next one.
fn program(command: &Command) -> Option<(usize, &ShellWord)> {
    let mut words = command.argv().iter().enumerate().peekable();
    loop {
        let (index, word) = words.next()?;
        match word.value.rsplit('/').next().unwrap_or(&word.value) {
            "mkosi-chroot" | "sudo" => {}
            "env" => {
                while words.peek().is_some_and(|(_, next)| {
                    next.value.contains('=') || next.value.starts_with('-')
                }) {
                    words.next();
                }
            }
            _ => return Some((index, word)),
        }
    }
}

/// What a command does that reads the network (`npm ci`, `curl`), if it does.
fn network_use(command: &Command) -> Option<String> {
    let (position, word) = program(command)?;
    let name = word.value.rsplit('/').next().unwrap_or(&word.value);
    let arguments: Vec<&str> = command.argv()[position + 1..]
        .iter()
        .map(|argument| argument.value.as_str())
        .collect();
    let subcommand = arguments
        .iter()
        .find(|argument| !argument.starts_with('-'))
        .copied()
        .unwrap_or_default();
    let fetches = match name {
        "curl" | "wget" => true,
        "npm" => matches!(subcommand, "install" | "i" | "ci" | "add" | "update"),
        "yarn" | "yarnpkg" => matches!(subcommand, "" | "install" | "add"),
        "pnpm" => matches!(subcommand, "install" | "i" | "add"),
        "pip" | "pip3" => subcommand == "install" && !arguments.contains(&"--no-index"),
        "git" => matches!(subcommand, "clone" | "fetch" | "pull" | "ls-remote"),
        "go" => {
            matches!(subcommand, "get" | "install")
                || subcommand == "mod" && arguments.contains(&"download")
        }
        "cargo" => matches!(subcommand, "fetch" | "install"),
        _ => false,
    };
    if !fetches {
        return None;
    }
    Some(
        if subcommand.is_empty() || matches!(name, "curl" | "wget") {
            format!("`{name}`")
        } else {
            format!("`{name} {subcommand}`")
        },
    )
}

/// The edit that adds `item` to the list `key` in the tree's first file: after its last
/// assignment there, else as a new line of the key's section, else in a new section at the
/// end.
fn add_to_list(place: &Place<'_>, key: &str, item: &str) -> Edit {
    let last = last_assignment(place, key);
    let edit = match last {
        Some(assignment) if assignment.value.is_empty() => {
            Edit::new(Span::point(assignment.value_span.end), item)
        }
        Some(assignment) => Edit::new(Span::point(assignment.value_span.end), format!(",{item}")),
        None => new_line(place, key, item),
    };
    in_file(edit, place.first)
}

/// The edit that gives the single setting `key` the value `value` in the tree's first file.
fn set_single(place: &Place<'_>, key: &str, value: &str) -> Edit {
    let edit = match last_assignment(place, key) {
        Some(assignment) => Edit::new(assignment.value_span, value),
        None => new_line(place, key, value),
    };
    in_file(edit, place.first)
}

fn in_file(mut edit: Edit, file: &str) -> Edit {
    edit.file = Some(file.to_owned());
    edit
}

/// The last assignment of `key` in the tree's first file.
fn last_assignment<'a>(place: &Place<'a>, key: &str) -> Option<&'a crate::mkosi::ini::Assignment> {
    place
        .tree
        .assignments(key)
        .filter(|(path, _)| *path == place.first)
        .map(|(_, assignment)| assignment)
        .last()
}

/// `key=value` as a new line at the end of the key's section in the first file, or in a
/// new section at the file's end.
fn new_line(place: &Place<'_>, key: &str, value: &str) -> Edit {
    let section_name = place
        .settings
        .get(key)
        .map_or("Content", |setting| setting.section);
    let (_, document) = place.tree.files[0];
    let section = document
        .file
        .sections
        .iter()
        .rev()
        .find(|section| section.name == section_name);
    if let Some(section) = section {
        let after = section
            .assignments
            .last()
            .map_or(section.name_span.end + 1, |assignment| {
                assignment.value_span.end
            });
        return Edit::new(Span::point(after), format!("\n{key}={value}"));
    }
    let end = place.text.len();
    let separator = if place.text.is_empty() || place.text.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    Edit::new(
        Span::point(end),
        format!("{separator}\n[{section_name}]\n{key}={value}\n"),
    )
}
