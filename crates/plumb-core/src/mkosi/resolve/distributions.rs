//! What mkosi 24 and 26 know of each distribution that resolution needs: its default
//! release, the root file system `%F` names, the distribution of the tools tree it defaults
//! to, and whether it installs RPMs.

struct Distribution {
    name: &'static str,
    default_release: &'static str,
    filesystem: &'static str,
    tools_tree: &'static str,
    rpm: bool,
}

const fn distribution(
    name: &'static str,
    default_release: &'static str,
    filesystem: &'static str,
    tools_tree: &'static str,
    rpm: bool,
) -> Distribution {
    Distribution {
        name,
        default_release,
        filesystem,
        tools_tree,
        rpm,
    }
}

static MKOSI_24: &[Distribution] = &[
    distribution("fedora", "40", "btrfs", "fedora", true),
    distribution("debian", "testing", "ext4", "debian", false),
    distribution("ubuntu", "noble", "ext4", "ubuntu", false),
    distribution("arch", "rolling", "ext4", "arch", false),
    distribution("opensuse", "tumbleweed", "btrfs", "opensuse", true),
    distribution("mageia", "cauldron", "ext4", "mageia", true),
    distribution("centos", "9", "xfs", "fedora", true),
    distribution("rhel", "9", "xfs", "fedora", true),
    distribution("rhel-ubi", "9", "xfs", "fedora", true),
    distribution("openmandriva", "cooker", "ext4", "openmandriva", true),
    distribution("rocky", "9", "xfs", "fedora", true),
    distribution("alma", "9", "xfs", "fedora", true),
    distribution("custom", "", "ext4", "custom", false),
];

static MKOSI_26: &[Distribution] = &[
    distribution("fedora", "rawhide", "btrfs", "fedora", true),
    distribution("debian", "testing", "ext4", "debian", false),
    distribution("kali", "kali-rolling", "ext4", "kali", false),
    distribution("ubuntu", "devel", "ext4", "debian", false),
    distribution("postmarketos", "edge", "ext4", "postmarketos", false),
    distribution("arch", "rolling", "ext4", "arch", false),
    distribution("opensuse", "tumbleweed", "btrfs", "opensuse", true),
    distribution("mageia", "cauldron", "ext4", "mageia", true),
    distribution("centos", "10", "xfs", "fedora", true),
    distribution("rhel", "10", "xfs", "fedora", true),
    distribution("rhel-ubi", "10", "xfs", "fedora", true),
    distribution("openmandriva", "cooker", "ext4", "openmandriva", true),
    distribution("rocky", "10", "xfs", "fedora", true),
    distribution("alma", "10", "xfs", "fedora", true),
    distribution("azure", "3.0", "ext4", "azure", true),
    distribution("custom", "", "ext4", "custom", false),
];

fn distributions(release: &str) -> &'static [Distribution] {
    if release == "24" { MKOSI_24 } else { MKOSI_26 }
}

fn find(release: &str, name: &str) -> &'static Distribution {
    let known = distributions(release);
    known
        .iter()
        .find(|distribution| distribution.name == name)
        .unwrap_or(&known[known.len() - 1])
}

/// Whether mkosi `release` builds the distribution `name`.
pub fn builds(release: &str, name: &str) -> bool {
    distributions(release)
        .iter()
        .any(|distribution| distribution.name == name)
}

/// Whether any release plumb resolves builds the distribution `name`: the host's
/// distribution is the first of its os-release names that one does.
pub fn is_known(name: &str) -> bool {
    builds("24", name) || builds("26", name)
}

/// The release mkosi builds of `name` when none is set and the host runs another.
pub fn default_release(release: &str, name: &str) -> &'static str {
    find(release, name).default_release
}

/// The file system `%F` expands to.
pub fn filesystem(release: &str, name: &str) -> &'static str {
    find(release, name).filesystem
}

/// The tools tree's distribution on a host running `name`.
pub fn tools_tree_distribution(release: &str, name: &str) -> &'static str {
    find(release, name).tools_tree
}

/// Whether `name` installs RPM packages (mkosi 26's `is_rpm_distribution`).
pub fn installs_rpms(release: &str, name: &str) -> bool {
    find(release, name).rpm
}
