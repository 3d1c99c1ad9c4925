//! mkosi's scripts against their tree's configuration: each command a script runs that no
//! package list provides (MK101), and each network use in a script mkosi runs without a
//! network (MK102). A script belongs to the tree of its directory; its findings are in the
//! script, their fixes edit the tree's first configuration file.

use crate::analysis::AnalyzedFile;
use crate::command_packages::{Family, providers_of};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::mkosi::rules::{script_command_unavailable, script_network};
use crate::mkosi::script_format::{MkosiScriptDocument, Phase};
use crate::mkosi::settings::{MKOSI_26, release_for};
use crate::mkosi::tree::{boolean, file_texts, trees};
use crate::mkosi::tree_edits::TreeEdits;
use crate::shell::script::{Command, ShellWord};
use crate::source::Span;
use crate::workspace::Workspace;
use std::collections::BTreeSet;

/// The package lists whose packages a script may use.
const PACKAGE_LISTS: [&str; 3] = ["Packages", "BuildPackages", "ToolsTreePackages"];

pub fn check(workspace: &Workspace, files: &[AnalyzedFile], diagnostics: &mut Vec<Diagnostic>) {
    let texts = file_texts(files);
    let text_of = |path: &str| texts.get(path).copied().unwrap_or_default();
    for tree in trees(files) {
        let Some((first, _)) = tree.files.first() else {
            continue;
        };
        let settings = release_for(workspace, first, MKOSI_26);
        let packages: BTreeSet<String> = PACKAGE_LISTS
            .iter()
            .flat_map(|list| tree.list(list, &settings, &text_of))
            .map(|(package, _)| package)
            .collect();
        let family = tree
            .single("Distribution")
            .and_then(|(distribution, _)| Family::of_distribution(distribution));
        let with_network = tree
            .single("WithNetwork")
            .and_then(|(value, _)| boolean(value))
            .unwrap_or(false);
        let place = TreeEdits {
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

/// MK101 for the first use of each command no listed package provides.
fn check_commands(
    script: &MkosiScriptDocument,
    packages: &BTreeSet<String>,
    family: Option<Family>,
    place: &TreeEdits<'_>,
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
                edits: vec![place.add_to_list(list, package)],
            });
        }
        found.push(diagnostic);
    }
}

/// MK102 for each command that reads the network.
fn check_network(
    script: &MkosiScriptDocument,
    name: &str,
    place: &TreeEdits<'_>,
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
            edits: vec![place.set_single("WithNetwork", "yes")],
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
