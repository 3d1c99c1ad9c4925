//! Rules about the shell commands RUN executes: package managers, language installers, downloads piped to shells, pipefail, users.

use super::Registered;

mod support;

pub mod apt_instead_of_apt_get;
pub mod apt_update_alone;
pub mod archive_not_deterministic;
pub mod build_leftovers;
pub mod cd_instead_of_workdir;
pub mod default_shell_replaced;
pub mod download_piped_to_shell;
pub mod git_clone_not_pinned;
pub mod language_packages_unpinned;
pub mod lockfile_not_enforced;
pub mod missing_no_install_recommends;
pub mod missing_pipefail;
pub mod missing_yes_flag;
pub mod os_packages_unpinned;
pub mod package_cache_left;
pub mod pointless_command;
pub mod sudo;
pub mod user_without_fixed_id;
pub mod useradd_large_uid;
pub mod wget_and_curl;
pub mod wget_without_progress;
pub mod zypper_dist_upgrade;

/// This topic's rules with their checks, in code order.
pub static RULES: &[Registered] = &[
    checked!(missing_yes_flag),
    checked!(missing_pipefail),
    checked!(cd_instead_of_workdir),
    checked!(sudo),
    checked!(pointless_command),
    checked!(zypper_dist_upgrade),
    checked!(os_packages_unpinned),
    checked!(apt_update_alone),
    checked!(language_packages_unpinned),
    checked!(lockfile_not_enforced),
    checked!(package_cache_left),
    checked!(download_piped_to_shell),
    checked!(build_leftovers),
    checked!(user_without_fixed_id),
    checked!(useradd_large_uid),
    checked!(archive_not_deterministic),
    checked!(git_clone_not_pinned),
    checked!(apt_instead_of_apt_get),
    checked!(missing_no_install_recommends),
    checked!(wget_without_progress),
    checked!(wget_and_curl),
    checked!(default_shell_replaced),
];
