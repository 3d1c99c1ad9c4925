//! Rules about the shell commands RUN executes: package managers, language installers, downloads piped to shells, pipefail, users.

use super::Check;
use crate::rules::Rule;

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

/// This topic's rules, in code order.
pub static RULES: &[&Rule] = &[
    &missing_yes_flag::RULE,
    &missing_pipefail::RULE,
    &cd_instead_of_workdir::RULE,
    &sudo::RULE,
    &pointless_command::RULE,
    &zypper_dist_upgrade::RULE,
    &os_packages_unpinned::RULE,
    &apt_update_alone::RULE,
    &language_packages_unpinned::RULE,
    &lockfile_not_enforced::RULE,
    &package_cache_left::RULE,
    &download_piped_to_shell::RULE,
    &build_leftovers::RULE,
    &user_without_fixed_id::RULE,
    &useradd_large_uid::RULE,
    &archive_not_deterministic::RULE,
    &git_clone_not_pinned::RULE,
    &apt_instead_of_apt_get::RULE,
    &missing_no_install_recommends::RULE,
    &wget_without_progress::RULE,
    &wget_and_curl::RULE,
    &default_shell_replaced::RULE,
];

/// Their checks.
pub static CHECKS: &[Check] = &[
    missing_yes_flag::check,
    missing_pipefail::check,
    cd_instead_of_workdir::check,
    sudo::check,
    pointless_command::check,
    zypper_dist_upgrade::check,
    os_packages_unpinned::check,
    apt_update_alone::check,
    language_packages_unpinned::check,
    lockfile_not_enforced::check,
    package_cache_left::check,
    download_piped_to_shell::check,
    build_leftovers::check,
    user_without_fixed_id::check,
    useradd_large_uid::check,
    archive_not_deterministic::check,
    git_clone_not_pinned::check,
    apt_instead_of_apt_get::check,
    missing_no_install_recommends::check,
    wget_without_progress::check,
    wget_and_curl::check,
    default_shell_replaced::check,
];

#[cfg(test)]
mod tests {
    use super::support::testing::assert_fixed;
    use super::{CHECKS, RULES};
    use crate::rules::{Example, FixAvailability};

    #[test]
    fn every_fix_repairs_its_failing_example() {
        assert_eq!(RULES.len(), CHECKS.len());
        for (rule, check) in RULES.iter().zip(CHECKS) {
            if rule.fix == FixAvailability::None {
                continue;
            }
            let Example::Text(text) = rule.failing_example else {
                continue;
            };
            assert_fixed(*check, text);
        }
    }
}
