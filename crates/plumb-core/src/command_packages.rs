//! Which distribution packages provide a command, for the families of distributions whose
//! package names differ: Debian and Ubuntu, Fedora and its relatives, Arch. Only commands a
//! build commonly needs and a minimal image lacks are listed; others are not judged.

/// A family of distributions that name packages alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Debian,
    Fedora,
    Arch,
}

impl Family {
    /// The family of an mkosi `Distribution=` value, if plumb knows it.
    pub fn of_distribution(distribution: &str) -> Option<Family> {
        match distribution {
            "debian" | "ubuntu" | "kali" => Some(Family::Debian),
            "fedora" | "centos" | "rhel" | "rhel-ubi" | "alma" | "rocky" | "azure" => {
                Some(Family::Fedora)
            }
            "arch" => Some(Family::Arch),
            _ => None,
        }
    }
}

/// The packages that provide a command in each family, the usual one first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Providers {
    pub commands: &'static [&'static str],
    pub debian: &'static [&'static str],
    pub fedora: &'static [&'static str],
    pub arch: &'static [&'static str],
}

impl Providers {
    pub fn of(&self, family: Family) -> &'static [&'static str] {
        match family {
            Family::Debian => self.debian,
            Family::Fedora => self.fedora,
            Family::Arch => self.arch,
        }
    }

    /// Whether `package` provides the command in any family.
    pub fn includes(&self, package: &str) -> bool {
        [self.debian, self.fedora, self.arch]
            .iter()
            .any(|packages| packages.contains(&package))
    }
}

const fn providers(
    commands: &'static [&'static str],
    debian: &'static [&'static str],
    fedora: &'static [&'static str],
    arch: &'static [&'static str],
) -> Providers {
    Providers {
        commands,
        debian,
        fedora,
        arch,
    }
}

static PROVIDERS: &[Providers] = &[
    providers(&["npm", "npx"], &["npm"], &["npm", "nodejs-npm"], &["npm"]),
    providers(&["node", "nodejs"], &["nodejs"], &["nodejs"], &["nodejs"]),
    providers(&["yarn", "yarnpkg"], &["yarnpkg"], &["yarnpkg"], &["yarn"]),
    providers(
        &["pip", "pip3"],
        &["python3-pip"],
        &["python3-pip"],
        &["python-pip"],
    ),
    providers(
        &["python3"],
        &["python3", "python3-minimal"],
        &["python3"],
        &["python"],
    ),
    providers(&["cargo"], &["cargo"], &["cargo"], &["rust", "rustup"]),
    providers(&["rustc"], &["rustc"], &["rust"], &["rust", "rustup"]),
    providers(&["go"], &["golang-go", "golang"], &["golang"], &["go"]),
    providers(
        &["make"],
        &["make", "build-essential"],
        &["make"],
        &["make"],
    ),
    providers(
        &["gcc", "cc"],
        &["gcc", "build-essential"],
        &["gcc"],
        &["gcc"],
    ),
    providers(
        &["g++", "c++"],
        &["g++", "build-essential"],
        &["gcc-c++"],
        &["gcc"],
    ),
    providers(&["cmake"], &["cmake"], &["cmake"], &["cmake"]),
    providers(&["meson"], &["meson"], &["meson"], &["meson"]),
    providers(&["ninja"], &["ninja-build"], &["ninja-build"], &["ninja"]),
    providers(&["git"], &["git"], &["git", "git-core"], &["git"]),
    providers(&["curl"], &["curl"], &["curl"], &["curl"]),
    providers(&["wget"], &["wget"], &["wget", "wget2-wget"], &["wget"]),
    providers(&["jq"], &["jq"], &["jq"], &["jq"]),
    providers(&["unzip"], &["unzip"], &["unzip"], &["unzip"]),
    providers(&["rsync"], &["rsync"], &["rsync"], &["rsync"]),
];

/// The packages that provide `command`, if plumb knows it.
pub fn providers_of(command: &str) -> Option<&'static Providers> {
    PROVIDERS
        .iter()
        .find(|providers| providers.commands.contains(&command))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_map_to_each_familys_packages() {
        let npm = providers_of("npm").unwrap();
        assert_eq!(npm.of(Family::Debian), ["npm"]);
        assert!(npm.includes("nodejs-npm") && !npm.includes("nodejs"));
        assert_eq!(providers_of("go").unwrap().of(Family::Arch), ["go"]);
        assert_eq!(Family::of_distribution("ubuntu"), Some(Family::Debian));
        assert!(providers_of("echo").is_none());
    }
}
