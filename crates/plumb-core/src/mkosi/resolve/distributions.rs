//! What mkosi 24 knows of each distribution that resolution needs: its default release, the
//! root file system `%F` names, and the distribution of the tools tree it defaults to.

struct Distribution {
    name: &'static str,
    default_release: &'static str,
    filesystem: &'static str,
    tools_tree: &'static str,
}

const fn distribution(
    name: &'static str,
    default_release: &'static str,
    filesystem: &'static str,
    tools_tree: &'static str,
) -> Distribution {
    Distribution {
        name,
        default_release,
        filesystem,
        tools_tree,
    }
}

static DISTRIBUTIONS: &[Distribution] = &[
    distribution("fedora", "40", "btrfs", "fedora"),
    distribution("debian", "testing", "ext4", "debian"),
    distribution("ubuntu", "noble", "ext4", "ubuntu"),
    distribution("arch", "rolling", "ext4", "arch"),
    distribution("opensuse", "tumbleweed", "btrfs", "opensuse"),
    distribution("mageia", "cauldron", "ext4", "mageia"),
    distribution("centos", "9", "xfs", "fedora"),
    distribution("rhel", "9", "xfs", "fedora"),
    distribution("rhel-ubi", "9", "xfs", "fedora"),
    distribution("openmandriva", "cooker", "ext4", "openmandriva"),
    distribution("rocky", "9", "xfs", "fedora"),
    distribution("alma", "9", "xfs", "fedora"),
    distribution("custom", "", "ext4", "custom"),
];

fn find(name: &str) -> &'static Distribution {
    DISTRIBUTIONS
        .iter()
        .find(|distribution| distribution.name == name)
        .unwrap_or(&DISTRIBUTIONS[DISTRIBUTIONS.len() - 1])
}

/// Whether mkosi builds the distribution `name`.
pub fn is_known(name: &str) -> bool {
    DISTRIBUTIONS
        .iter()
        .any(|distribution| distribution.name == name)
}

/// The release mkosi builds of `name` when none is set and the host runs another.
pub fn default_release(name: &str) -> &'static str {
    find(name).default_release
}

/// The file system `%F` expands to.
pub fn filesystem(name: &str) -> &'static str {
    find(name).filesystem
}

/// The tools tree's distribution on a host running `name`.
pub fn tools_tree_distribution(name: &str) -> &'static str {
    find(name).tools_tree
}
