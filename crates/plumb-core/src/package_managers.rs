//! Package-manager commands in RUN scripts: which manager a [`Command`] runs, its
//! subcommand, its options and the operands after the subcommand (the packages, for an
//! install), with options and their values told apart per manager.
//!
//! Wrappers that run another command unchanged (`sudo`, `env`, `eatmydata`, `nice`, `nohup`)
//! are looked through, as are `python -m pip` and `uv pip`. Simulations (`apt-get install -s`,
//! `apk add --simulate`, `pip install --dry-run`…) change nothing and are not read as
//! package-manager commands at all, so no rule about installing applies to them.

use crate::shell::script::{Command, ShellWord};

/// The package managers recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Manager {
    AptGet,
    Apt,
    Aptitude,
    Apk,
    Dnf,
    Yum,
    Microdnf,
    Zypper,
    /// `pip`, `pip3`, `pip3.12`, `python -m pip`.
    Pip,
    /// `uv pip …`.
    UvPip,
    /// `uv` project commands (`uv sync`, `uv add`).
    Uv,
    Npm,
    Yarn,
    Pnpm,
    Gem,
    Go,
    Cargo,
    Bundle,
    Composer,
    Pipenv,
    Poetry,
}

impl Manager {
    /// The command as a user types it.
    pub fn name(self) -> &'static str {
        match self {
            Manager::AptGet => "apt-get",
            Manager::Apt => "apt",
            Manager::Aptitude => "aptitude",
            Manager::Apk => "apk",
            Manager::Dnf => "dnf",
            Manager::Yum => "yum",
            Manager::Microdnf => "microdnf",
            Manager::Zypper => "zypper",
            Manager::Pip => "pip",
            Manager::UvPip => "uv pip",
            Manager::Uv => "uv",
            Manager::Npm => "npm",
            Manager::Yarn => "yarn",
            Manager::Pnpm => "pnpm",
            Manager::Gem => "gem",
            Manager::Go => "go",
            Manager::Cargo => "cargo",
            Manager::Bundle => "bundle",
            Manager::Composer => "composer",
            Manager::Pipenv => "pipenv",
            Manager::Poetry => "poetry",
        }
    }

    /// Debian's tools: `apt-get`, `apt`, `aptitude`.
    pub fn is_apt(self) -> bool {
        matches!(self, Manager::AptGet | Manager::Apt | Manager::Aptitude)
    }

    /// The RPM tools: `dnf`, `yum`, `microdnf`.
    pub fn is_rpm(self) -> bool {
        matches!(self, Manager::Dnf | Manager::Yum | Manager::Microdnf)
    }

    fn from_program(program: &str) -> Option<Manager> {
        Some(match program {
            "apt-get" => Manager::AptGet,
            "apt" => Manager::Apt,
            "aptitude" => Manager::Aptitude,
            "apk" => Manager::Apk,
            "dnf" | "dnf5" | "dnf-3" => Manager::Dnf,
            "yum" => Manager::Yum,
            "microdnf" => Manager::Microdnf,
            "zypper" => Manager::Zypper,
            "uv" => Manager::Uv,
            "npm" => Manager::Npm,
            "yarn" | "yarnpkg" => Manager::Yarn,
            "pnpm" => Manager::Pnpm,
            "gem" => Manager::Gem,
            "go" => Manager::Go,
            "cargo" => Manager::Cargo,
            "bundle" | "bundler" => Manager::Bundle,
            "composer" | "composer.phar" => Manager::Composer,
            "pipenv" => Manager::Pipenv,
            "poetry" => Manager::Poetry,
            _ if is_versioned("pip", program) => Manager::Pip,
            _ => return None,
        })
    }

    fn syntax(self) -> &'static Syntax {
        match self {
            Manager::AptGet | Manager::Apt | Manager::Aptitude => &APT,
            Manager::Apk => &APK,
            Manager::Dnf | Manager::Yum | Manager::Microdnf => &RPM,
            Manager::Zypper => &ZYPPER,
            Manager::Pip | Manager::UvPip | Manager::Uv | Manager::Pipenv | Manager::Poetry => {
                &PYTHON
            }
            Manager::Npm => &NPM,
            Manager::Yarn => &YARN,
            Manager::Pnpm => &PNPM,
            Manager::Gem => &GEM,
            Manager::Go => &GO,
            Manager::Cargo => &CARGO,
            Manager::Bundle => &BUNDLE,
            Manager::Composer => &COMPOSER,
        }
    }
}

/// `pip`, `pip3`, `pip3.12` for `base` = `pip`; `python3.11` for `python`.
fn is_versioned(base: &str, program: &str) -> bool {
    program
        .strip_prefix(base)
        .is_some_and(|version| version.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
}

/// How a command spells its options: which take a value as a separate word.
#[derive(Debug)]
pub struct Syntax {
    /// Long options (without dashes) whose value may be the next word.
    pub long_with_value: &'static [&'static str],
    /// Short options whose value is the rest of the word or the next word.
    pub short_with_value: &'static str,
    /// Go style: every option is a single-dash long name (`-ldflags x`, `-mod=mod`).
    pub single_dash_long: bool,
}

static APT: Syntax = Syntax {
    long_with_value: &[
        "option",
        "config-file",
        "target-release",
        "default-release",
        "host-architecture",
        "snapshot",
        "build-profiles",
    ],
    short_with_value: "octaSFw",
    single_dash_long: false,
};
static APK: Syntax = Syntax {
    long_with_value: &[
        "repository",
        "virtual",
        "root",
        "arch",
        "keys-dir",
        "repositories-file",
        "cache-dir",
        "timeout",
        "cache-max-age",
    ],
    short_with_value: "Xtp",
    single_dash_long: false,
};
static RPM: Syntax = Syntax {
    long_with_value: &[
        "setopt",
        "enablerepo",
        "disablerepo",
        "repo",
        "repoid",
        "repofrompath",
        "installroot",
        "releasever",
        "exclude",
        "excludepkgs",
        "config",
        "debuglevel",
        "errorlevel",
        "rpmverbosity",
        "color",
        "destdir",
        "downloaddir",
        "forcearch",
        "advisory",
        "advisories",
        "comment",
        "secseverity",
        "sec-severity",
        "bz",
        "cve",
        "use-host-config",
    ],
    short_with_value: "cdexR",
    single_dash_long: false,
};
static ZYPPER: Syntax = Syntax {
    long_with_value: &[
        "root",
        "config",
        "reposd-dir",
        "cache-dir",
        "raw-cache-dir",
        "solv-cache-dir",
        "pkg-cache-dir",
        "type",
        "repo",
        "from",
        "download",
        "installroot",
    ],
    short_with_value: "RcDCtr",
    single_dash_long: false,
};
static PYTHON: Syntax = Syntax {
    long_with_value: &[
        "abi",
        "build",
        "editable",
        "extra-index-url",
        "find-links",
        "index-url",
        "index",
        "implementation",
        "no-binary",
        "only-binary",
        "platform",
        "prefix",
        "progress-bar",
        "proxy",
        "python",
        "python-version",
        "root",
        "root-user-action",
        "src",
        "target",
        "trusted-host",
        "upgrade-strategy",
        "requirement",
        "requirements",
        "constraint",
        "constraints",
        "config-settings",
        "config-setting",
        "global-option",
        "cache-dir",
        "log",
        "timeout",
        "retries",
        "exists-action",
        "cert",
        "client-cert",
        "report",
        "keyring-provider",
        "index-strategy",
        "extra",
        "extras",
        "group",
        "only-group",
        "no-group",
        "with",
        "without",
        "only",
        "package",
        "directory",
        "project",
        "config-file",
        "resolution",
        "prerelease",
        "exclude-newer",
        "link-mode",
        "python-platform",
        "upgrade-package",
        "reinstall-package",
        "no-install-package",
        "refresh-package",
        "no-binary-package",
        "no-build-package",
        "build-constraints",
        "overrides",
        "pypi-mirror",
        "categories",
        "extra-pip-args",
    ],
    short_with_value: "bEefirtcCpP",
    single_dash_long: false,
};
static NPM: Syntax = Syntax {
    long_with_value: &[
        "registry",
        "loglevel",
        "prefix",
        "cache",
        "userconfig",
        "globalconfig",
        "omit",
        "include",
        "only",
        "tag",
        "workspace",
        "install-strategy",
        "save-prefix",
        "location",
        "auth-type",
        "scope",
        "otp",
        "before",
    ],
    short_with_value: "wC",
    single_dash_long: false,
};
static YARN: Syntax = Syntax {
    long_with_value: &[
        "cwd",
        "modules-folder",
        "cache-folder",
        "network-timeout",
        "mutex",
        "registry",
        "global-folder",
        "link-folder",
        "preferred-cache-folder",
        "network-concurrency",
    ],
    short_with_value: "",
    single_dash_long: false,
};
static PNPM: Syntax = Syntax {
    long_with_value: &[
        "filter",
        "dir",
        "store-dir",
        "reporter",
        "registry",
        "virtual-store-dir",
        "modules-dir",
        "lockfile-dir",
        "workspace-dir",
        "network-concurrency",
        "child-concurrency",
        "loglevel",
    ],
    short_with_value: "FC",
    single_dash_long: false,
};
static GEM: Syntax = Syntax {
    long_with_value: &[
        "version",
        "install-dir",
        "bindir",
        "source",
        "platform",
        "trust-policy",
        "build-root",
        "target-rbconfig",
    ],
    short_with_value: "vinsP",
    single_dash_long: false,
};
static GO: Syntax = Syntax {
    long_with_value: &[
        "C",
        "ldflags",
        "gcflags",
        "asmflags",
        "tags",
        "mod",
        "o",
        "p",
        "modfile",
        "overlay",
        "pkgdir",
        "toolexec",
        "buildmode",
        "compiler",
        "gccgoflags",
        "installsuffix",
        "pgo",
        "covermode",
        "coverpkg",
        "exec",
    ],
    short_with_value: "",
    single_dash_long: true,
};
static CARGO: Syntax = Syntax {
    long_with_value: &[
        "version",
        "vers",
        "git",
        "branch",
        "tag",
        "rev",
        "path",
        "root",
        "registry",
        "index",
        "features",
        "jobs",
        "target",
        "target-dir",
        "profile",
        "bin",
        "example",
        "config",
        "color",
        "manifest-path",
        "lockfile-path",
    ],
    short_with_value: "FjZ",
    single_dash_long: false,
};
static BUNDLE: Syntax = Syntax {
    long_with_value: &[
        "path",
        "without",
        "with",
        "gemfile",
        "jobs",
        "retry",
        "binstubs",
        "shebang",
        "trust-policy",
        "target-rbconfig",
    ],
    short_with_value: "j",
    single_dash_long: false,
};
static COMPOSER: Syntax = Syntax {
    long_with_value: &["working-dir", "ignore-platform-req"],
    short_with_value: "d",
    single_dash_long: false,
};

/// One option as written: `-y`, `--no-cache`, `-o Dpkg::Options=x`, `--setopt=a=b`.
/// A bundle of short options (`-qy`) gives one `Flag` per letter, all on the same word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag<'a> {
    /// The name without dashes: `y`, `no-cache`, `setopt`.
    pub name: &'a str,
    /// Spelled with two dashes (or single-dash long, Go style).
    pub long: bool,
    /// The value, inline (`--x=v`, `-ov`) or from the next word.
    pub value: Option<&'a str>,
    /// The word the option is written in.
    pub word: &'a ShellWord,
}

/// The options and operands of an argument list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options<'a> {
    pub flags: Vec<Flag<'a>>,
    /// Words that are neither options nor option values, in order (`--` ends options).
    pub operands: Vec<&'a ShellWord>,
}

impl<'a> Options<'a> {
    /// Splits `arguments` by `syntax`.
    pub fn parse(arguments: &'a [ShellWord], syntax: &Syntax) -> Self {
        let mut options = Options::default();
        let mut words = arguments.iter();
        while let Some(word) = words.next() {
            let text = word.value.as_str();
            if text == "--" {
                options.operands.extend(words.by_ref());
                break;
            }
            if text == "-" || !text.starts_with('-') {
                options.operands.push(word);
                continue;
            }
            if let Some(long) = text.strip_prefix("--").or_else(|| {
                syntax
                    .single_dash_long
                    .then(|| text.strip_prefix('-'))
                    .flatten()
            }) {
                let (name, inline) = match long.split_once('=') {
                    Some((name, value)) => (name, Some(value)),
                    None => (long, None),
                };
                let value = match inline {
                    Some(value) => Some(value),
                    None if syntax.long_with_value.contains(&name) => {
                        words.next().map(|next| next.value.as_str())
                    }
                    None => None,
                };
                options.flags.push(Flag {
                    name,
                    long: true,
                    value,
                    word,
                });
                continue;
            }
            let letters = &text[1..];
            for (index, letter) in letters.char_indices() {
                let name = &letters[index..index + letter.len_utf8()];
                if syntax.short_with_value.contains(letter) {
                    let rest = &letters[index + letter.len_utf8()..];
                    let value = if rest.is_empty() {
                        words.next().map(|next| next.value.as_str())
                    } else {
                        Some(rest.strip_prefix('=').unwrap_or(rest))
                    };
                    options.flags.push(Flag {
                        name,
                        long: false,
                        value,
                        word,
                    });
                    break;
                }
                options.flags.push(Flag {
                    name,
                    long: false,
                    value: None,
                    word,
                });
            }
        }
        options
    }

    /// Whether any option has one of these names (long names without dashes, or letters).
    pub fn has(&self, names: &[&str]) -> bool {
        self.flags.iter().any(|flag| names.contains(&flag.name))
    }

    /// How many times an option appears (`-qq` counts `q` twice).
    pub fn count(&self, name: &str) -> usize {
        self.flags.iter().filter(|flag| flag.name == name).count()
    }

    /// The values given to options with these names, in order.
    pub fn values(&self, names: &[&str]) -> Vec<&'a str> {
        self.flags
            .iter()
            .filter(|flag| names.contains(&flag.name))
            .filter_map(|flag| flag.value)
            .collect()
    }
}

/// A package-manager command read from a shell command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageCommand<'a> {
    pub manager: Manager,
    pub command: &'a Command,
    /// The program word (`apt-get`; `python3` for `python3 -m pip`; `uv` for `uv pip`).
    pub program: &'a ShellWord,
    /// The first operand after the program (`install`, `add`, `ci`); `None` for a bare
    /// `yarn` or `bundle`.
    pub subcommand: Option<&'a ShellWord>,
    /// Every option, before and after the subcommand.
    pub options: Options<'a>,
    /// The operands after the subcommand: packages, for an install.
    pub operands: Vec<&'a ShellWord>,
    /// The words after the program (after `-m pip` / `pip` for the Python forms).
    pub arguments: &'a [ShellWord],
}

impl<'a> PackageCommand<'a> {
    /// Reads `command` as a package-manager command, if it is one and it is not a simulation
    /// (see [`PackageCommand::simulates`]).
    pub fn read(command: &'a Command) -> Option<Self> {
        let argv = effective_argv(command);
        let (program, rest) = argv.split_first()?;
        let name = basename(&program.value);
        let (manager, arguments) = if is_versioned("python", name) || name == "py" {
            let module = rest
                .windows(2)
                .position(|pair| pair[0].value == "-m" && is_versioned("pip", &pair[1].value))?;
            if rest[..module]
                .iter()
                .any(|word| !word.value.starts_with('-'))
            {
                return None;
            }
            (Manager::Pip, &rest[module + 2..])
        } else {
            let manager = Manager::from_program(name)?;
            match (manager, rest.first()) {
                (Manager::Uv, Some(word)) if word.value == "pip" => (Manager::UvPip, &rest[1..]),
                _ => (manager, rest),
            }
        };
        let options = Options::parse(arguments, manager.syntax());
        let (subcommand, operands) = match options.operands.split_first() {
            Some((first, rest)) => (Some(*first), rest.to_vec()),
            None => (None, Vec::new()),
        };
        let package = PackageCommand {
            manager,
            command,
            program,
            subcommand,
            options,
            operands,
            arguments,
        };
        (!package.simulates()).then_some(package)
    }

    /// Whether the command only shows what it would do: `-s`, `--simulate`, `--just-print`,
    /// `--dry-run`, `--recon`, `--no-act` or `-o APT::Get::Simulate=true` for apt-get, apt
    /// and aptitude; `-s`/`--simulate` for apk; `--dry-run` for zypper and for pip and
    /// `uv pip`; `--assumeno` for dnf and yum. An `update` still refreshes the index.
    pub fn simulates(&self) -> bool {
        if self.subcommand() == "update" {
            return false;
        }
        let options = &self.options;
        match self.manager {
            Manager::AptGet | Manager::Apt | Manager::Aptitude => {
                options.has(&["s", "simulate", "just-print", "dry-run", "recon", "no-act"])
                    || options.values(&["o", "option"]).iter().any(|value| {
                        value.split_once('=').is_some_and(|(key, value)| {
                            key.eq_ignore_ascii_case("APT::Get::Simulate")
                                && matches!(value, "true" | "1" | "yes" | "True")
                        })
                    })
            }
            Manager::Apk => options.has(&["s", "simulate"]),
            Manager::Zypper | Manager::Pip | Manager::UvPip => options
                .flags
                .iter()
                .any(|flag| flag.long && flag.name == "dry-run"),
            Manager::Dnf | Manager::Yum => options.has(&["assumeno"]),
            _ => false,
        }
    }

    /// The subcommand's text, or `""` when there is none.
    pub fn subcommand(&self) -> &str {
        self.subcommand.map_or("", |word| word.value.as_str())
    }

    /// Whether this is one of `managers` running one of `subcommands`.
    pub fn is(&self, managers: &[Manager], subcommands: &[&str]) -> bool {
        managers.contains(&self.manager) && subcommands.contains(&self.subcommand())
    }

    /// Whether any option has one of these names (see [`Options::has`]).
    pub fn has_option(&self, names: &[&str]) -> bool {
        self.options.has(names)
    }
}

/// Every package-manager command of a script that is not a simulation, in order.
pub fn package_commands(commands: &[Command]) -> impl Iterator<Item = PackageCommand<'_>> {
    commands.iter().filter_map(PackageCommand::read)
}

/// `/usr/bin/apt-get` → `apt-get`.
pub fn basename(word: &str) -> &str {
    // Called for every command by many rules: a byte search, not a split iterator.
    match word.bytes().rposition(|byte| byte == b'/') {
        Some(slash) => &word[slash + 1..],
        None => word,
    }
}

/// The command's words from the program on, looking through wrappers that run the rest
/// unchanged: `sudo [options]`, `env [options] [NAME=value…]`, `eatmydata`, `nice [-n N]`,
/// `nohup`, `command`.
pub fn effective_argv(command: &Command) -> &[ShellWord] {
    let mut argv = command.argv();
    loop {
        let Some((first, rest)) = argv.split_first() else {
            return argv;
        };
        let (with_value, assignments): (&[&str], bool) = match basename(&first.value) {
            "sudo" | "doas" => (
                &["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U"],
                false,
            ),
            "env" => (&["-u", "-C", "-S", "--unset", "--chdir"], true),
            "nice" => (&["-n", "--adjustment"], false),
            "eatmydata" | "nohup" | "command" | "stdbuf" => (&[], false),
            _ => return argv,
        };
        let mut index = 0;
        while let Some(word) = rest.get(index) {
            let text = word.value.as_str();
            if text == "--" {
                index += 1;
                break;
            }
            if text.starts_with('-') && text.len() > 1 {
                index += if with_value.contains(&text) { 2 } else { 1 };
            } else if assignments && text.contains('=') && !text.starts_with('=') {
                index += 1;
            } else {
                break;
            }
        }
        argv = rest.get(index..).unwrap_or_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::script::parse_script;

    fn read(script: &str) -> Vec<(Manager, String, Vec<String>, Vec<String>)> {
        let commands = parse_script(script);
        package_commands(&commands)
            .map(|package| {
                (
                    package.manager,
                    package.subcommand().to_owned(),
                    package
                        .operands
                        .iter()
                        .map(|word| word.value.clone())
                        .collect(),
                    package
                        .options
                        .flags
                        .iter()
                        .map(|flag| match flag.value {
                            Some(value) => format!("{}={value}", flag.name),
                            None => flag.name.to_owned(),
                        })
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn apt_options_and_their_values_are_not_packages() {
        let found = read(
            "apt-get -qq update && DEBIAN_FRONTEND=noninteractive apt-get install -y -t bookworm-backports -o Dpkg::Options::=--force-confnew --no-install-recommends curl=8.* ca-certificates",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1, "update");
        assert_eq!(found[0].3, ["q", "q"]);
        assert_eq!(found[1].0, Manager::AptGet);
        assert_eq!(found[1].1, "install");
        assert_eq!(found[1].2, ["curl=8.*", "ca-certificates"]);
        assert_eq!(
            found[1].3,
            [
                "y",
                "t=bookworm-backports",
                "o=Dpkg::Options::=--force-confnew",
                "no-install-recommends"
            ]
        );
    }

    #[test]
    fn wrappers_and_python_forms() {
        let found = read(
            "sudo -E apt-get install -y git; env PIP_NO_CACHE_DIR=1 python3 -m pip install --no-cache-dir -r requirements.txt flask; uv pip install --system ruff; /usr/local/bin/pip3.12 install -e . six",
        );
        let managers: Vec<Manager> = found.iter().map(|found| found.0).collect();
        assert_eq!(
            managers,
            [Manager::AptGet, Manager::Pip, Manager::UvPip, Manager::Pip]
        );
        assert_eq!(found[1].2, ["flask"]);
        assert_eq!(found[1].3, ["no-cache-dir", "r=requirements.txt"]);
        assert_eq!(found[2].2, ["ruff"]);
        assert_eq!(found[3].2, ["six"]);
    }

    #[test]
    fn go_style_options_and_bare_commands() {
        let found = read(
            "go install -ldflags '-s -w' -trimpath github.com/x/y@v1.2.3 && yarn --frozen-lockfile && apk --no-cache add -t .build-deps gcc",
        );
        assert_eq!(found[0].1, "install");
        assert_eq!(found[0].2, ["github.com/x/y@v1.2.3"]);
        assert_eq!(found[0].3, ["ldflags=-s -w", "trimpath"]);
        assert_eq!(found[1].0, Manager::Yarn);
        assert_eq!(found[1].1, "");
        assert_eq!(found[2].1, "add");
        assert_eq!(found[2].2, ["gcc"]);
    }

    #[test]
    fn not_package_managers() {
        assert!(read("python3 script.py -m pip; pipx install black; echo apt-get").is_empty());
    }

    #[test]
    fn simulations_are_not_package_commands() {
        let found = read(
            "apt-get install -s curl; apt-get -qs install curl; apt-get install --simulate curl; \
             apt-get install --dry-run curl; apt-get install --just-print curl; apt-get install --recon curl; \
             apt-get install --no-act curl; apt-get -o APT::Get::Simulate=true install curl; \
             apt install -s curl; aptitude install -s curl; apk add --simulate curl; apk add -s curl; \
             zypper install --dry-run curl; pip install --dry-run flask; uv pip install --dry-run ruff; \
             dnf install --assumeno gcc; yum --assumeno install gcc",
        );
        assert_eq!(found, []);
        // An update with -s still refreshes the index; other options are not simulations.
        let found = read(
            "apt-get -s update; apt-get install -y -t stable curl; apk add --no-cache s; zypper -D /r install x",
        );
        let subcommands: Vec<&str> = found.iter().map(|found| found.1.as_str()).collect();
        assert_eq!(subcommands, ["update", "install", "add", "install"]);
    }

    #[test]
    fn options_count_bundles() {
        let commands = parse_script("apt-get -yqq install x");
        let package = PackageCommand::read(&commands[0]).unwrap();
        assert!(package.has_option(&["y"]));
        assert_eq!(package.options.count("q"), 2);
        assert_eq!(package.operands[0].value, "x");
    }
}
