//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use plumb_core::config::FailThreshold;
use plumb_core::options::Platform;
use plumb_core::{FileKind, Severity};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "plumb",
    version,
    about = "Check container and OS-image build configurations and make their builds reproducible",
    after_help = "Examples:\n  plumb check                     check every Dockerfile below the current directory\n  plumb check Dockerfile --format sarif > plumb.sarif\n  plumb rules DF001               explain a rule\n  plumb dump Dockerfile           print the parsed instructions as JSON\n  plumb lock                      pin every image the Dockerfiles pull in plumb.lock\n  plumb plan -o plan.json         write the build plan"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and report problems.
    #[command(
        after_help = "Exit status: 0 clean, 1 findings at or above --fail-level, 2 usage error or a path that could not be checked (each reported on stderr; the other paths are still checked).\n\nExamples:\n  plumb check\n  plumb check services/ Dockerfile.dev --fail-level error\n  plumb check --format json --ignore DL3008 Dockerfile\n  cat Dockerfile | plumb check --stdin-filename app/Dockerfile -"
    )]
    Check(CheckArgs),
    /// List the rules, or explain one (by plumb code or upstream code such as DL3008).
    Rules(RulesArgs),
    /// Print a parsed Dockerfile as JSON.
    Dump(DumpArgs),
    /// Pin every image the Dockerfiles below DIR pull, by digest, in DIR/plumb.lock.
    #[command(
        after_help = "Images are resolved with skopeo: from their registry (a registry on a loopback address is spoken to over plain HTTP), or with --source containers-storage from the local container storage that buildah and podman use.\n\nExit status: 0 written (or, with --check, fresh), 1 with --check when the lock is stale or missing, 2 when an image cannot be resolved.\n\nExamples:\n  plumb lock\n  plumb lock services/ --source containers-storage\n  plumb lock --check"
    )]
    Lock(LockArgs),
    /// Write the build plan of the Dockerfiles below DIR: every input by digest, every step
    /// with its exact argv, as canonical JSON (or, with --emit bake, a buildx bake file).
    #[command(
        after_help = "The plan is the same bytes on every run and machine for the same files, plumb.lock and options, and the same as the browser app's download. Its findings (PL rules) go to stderr; with an error among them nothing is written.\n\nSOURCE_DATE_EPOCH comes from --source-date-epoch, else plumb.lock, else the commit time of the git checkout, else 0 (with a PL203 finding).\n\nExit status: 0 written, 1 findings of error severity (under --locked anything unpinned is one), 2 usage error or unreadable files.\n\nExamples:\n  plumb plan -o plan.json\n  plumb plan services/ --locked --platform linux/amd64 --platform linux/arm64 -o plan.json\n  plumb plan --emit bake -o docker-bake.json && docker buildx bake -f docker-bake.json"
    )]
    Plan(PlanArgs),
    /// Check a plan against itself and the files it was made from, then run its steps with
    /// buildah (or, with --dry-run, show every step as it would run).
    #[command(
        after_help = "The plan's paths are relative to the directory the plan file is in. Its id must be the digest of its core, and every file, build context and named context it records must still have its digest; paths that leave that directory (absolute, `..`, through a symbolic link, or a link in a context pointing outside it) are refused.\n\nThe build needs the plan's buildah version; every image the plan pins from the local container storage must be there at its digest, and each one pinned from a registry is copied into the local storage by that digest first. Each step's result is kept under its id in OUT/steps/ (an OCI image layout, result.json, step.log): a finished step is reused, an interrupted one redone.\n\nWith --record, each image's manifest digest is written into the plan's expected section; a plan that has them is compared with them: match or no match.\n\nExit status: 0 the plan matches (built, or its steps shown; the recorded digests matched), 1 something drifted (each difference listed) or an image is not the one recorded, 2 a step failed, an unreadable plan or a usage error.\n\nExamples:\n  plumb build plan.json --dry-run\n  plumb build plan.json --record\n  plumb build plan.json --out plumb-out --secret token=token.txt"
    )]
    Build(BuildArgs),
    /// Build every step of a plan twice from nothing and compare the images: the same
    /// manifest is a match, anything else is explained file by file.
    #[command(
        after_help = "The plan is checked as `plumb build` checks it. Each step is built twice, each time in a fresh state directory (OUT/verify/first and OUT/verify/second), and the two images compared: manifest, config, every layer's diff_id, and in a layer that differs each file's content, mtime, mode, owner, link target, extended attributes and order.\n\nExit status: 0 every step matched, 1 a step did not (or the plan drifted), 2 a build failed or a usage error.\n\nExamples:\n  plumb verify plan.json"
    )]
    Verify(VerifyArgs),
    /// Read a Docker Compose project as docker compose v2.40.3 does.
    Compose(ComposeArgs),
    /// dstack as the deployment target: write app-compose.json, compute what the TEE
    /// measures, check a deployment's attestation.
    Dstack(DstackArgs),
    /// Read an mkosi configuration tree as mkosi reads it.
    Mkosi(MkosiArgs),
    /// Deterministic OCI images from a root filesystem.
    Oci(OciArgs),
}

#[derive(Debug, Args)]
pub struct OciArgs {
    #[command(subcommand)]
    pub command: OciCommand,
}

#[derive(Debug, Subcommand)]
pub enum OciCommand {
    /// Make an OCI image layout of a root filesystem (a directory or an uncompressed tar),
    /// the same bytes on every run and machine.
    #[command(
        after_help = "Entries are sorted by name, mtimes later than SOURCE_DATE_EPOCH clamped to it, owners numeric with empty names; modes (setuid too), hard links, xattrs (but security.selinux) and device nodes are kept; PAX headers only where USTAR cannot hold a value. Layers are gzip at level 6 from the pinned flate2 and miniz_oxide; config, manifest and index are canonical JSON with `created` at SOURCE_DATE_EPOCH (docs/oci-assembly.md).\n\nLayers: one (`rootfs`) by default; --layer NAME=PATTERN[,PATTERN…] once per layer, bottom first, each entry in the first layer with a pattern matching it or a directory above it (`*`, `?`, `**`), the rest in a top layer `unmatched`; or --dpkg-layers N, at most N layers of the dpkg packages of var/lib/dpkg, cut by size, the files no package lists on top.\n\nExit status: 0 written, 2 an unreadable tree, an entry no layer can hold, a layout that is not empty, or a usage error.\n\nExamples:\n  plumb oci assemble rootfs/ -o image --source-date-epoch 1700000000\n  plumb oci assemble rootfs.tar -o image --dpkg-layers 8 --format json\n  plumb oci assemble rootfs/ -o image --layer libs=usr/lib --layer docs=usr/share/doc,usr/share/man"
    )]
    Assemble(OciAssembleArgs),
}

#[derive(Debug, Args)]
pub struct OciAssembleArgs {
    /// The root filesystem: a directory, or an uncompressed tar archive.
    pub rootfs: PathBuf,
    /// The OCI image layout to write (absent or empty).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Every later mtime becomes this, as does the image's `created` (default:
    /// $SOURCE_DATE_EPOCH, else 0).
    #[arg(long, value_name = "SECONDS")]
    pub source_date_epoch: Option<u64>,
    /// A layer of the entries matching the patterns; repeated, bottom first.
    #[arg(
        long,
        value_name = "NAME=PATTERN[,PATTERN...]",
        conflicts_with = "dpkg_layers"
    )]
    pub layer: Vec<String>,
    /// At most N layers of dpkg packages, read from the tree's var/lib/dpkg.
    #[arg(long, value_name = "N")]
    pub dpkg_layers: Option<std::num::NonZeroUsize>,
    /// The gzip level of the layers, 0 to 9.
    #[arg(long, value_name = "LEVEL", default_value_t = 6, value_parser = clap::value_parser!(u32).range(0..=9))]
    pub gzip_level: u32,
    /// Plain tar layers, uncompressed.
    #[arg(long, conflicts_with = "gzip_level")]
    pub uncompressed: bool,
    /// The image's platform (default: linux and this machine's architecture).
    #[arg(long, value_name = "OS/ARCH[/VARIANT]", value_parser = Platform::parse)]
    pub platform: Option<Platform>,
    /// Leave out what is below proc/, sys/ and dev/ (for a tree copied from a running system).
    #[arg(long)]
    pub skip_api_contents: bool,
    #[arg(long, value_enum, default_value = "text")]
    pub format: OciFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OciFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct MkosiArgs {
    #[command(subcommand)]
    pub command: MkosiCommand,
}

#[derive(Debug, Subcommand)]
pub enum MkosiCommand {
    /// Print the tree's resolved configuration, as `mkosi summary` does.
    #[command(
        after_help = "The tree is read as the mkosi release reads it: mkosi.conf with its [Match] and [Assert] conditions, Include=, mkosi.local.conf, the default mkosi.* paths, the profile, mkosi.conf.d/ and the subimages of mkosi.images/. The host's distribution, release and architecture are read from /usr/lib/os-release and the machine, its systemd version from systemctl, and its environment from plumb's, as mkosi reads them. Values mkosi computes from the host at build time (credentials, the kernel command line, a random seed) are left out of the JSON and shown as `left to mkosi` in the text.\n\nThe mkosi release is --mkosi-version, else plumb.toml's `[mkosi] version`, else 26.\n\nExit status: 0 resolved, 2 mkosi would refuse the tree (the reason and its position are printed), plumb cannot resolve it, or a usage error.\n\nExamples:\n  plumb mkosi summary\n  plumb mkosi summary -C image --profile dev --format json"
    )]
    Summary(MkosiSummaryArgs),
}

#[derive(Debug, Args)]
pub struct MkosiSummaryArgs {
    /// The tree's directory (default: the current directory).
    pub directory: Option<PathBuf>,
    /// The tree's directory, as mkosi's -C names it.
    #[arg(
        short = 'C',
        long = "directory",
        value_name = "DIR",
        conflicts_with = "directory"
    )]
    pub change_directory: Option<PathBuf>,
    /// The profile, as `Profile=` sets it.
    #[arg(long)]
    pub profile: Option<String>,
    /// The distribution, as `Distribution=` sets it.
    #[arg(short, long, value_name = "DIST")]
    pub distribution: Option<String>,
    /// The release, as `Release=` sets it.
    #[arg(short, long)]
    pub release: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: MkosiSummaryFormat,
    /// The mkosi release whose reading of the tree to print, 24 or 26 (default: plumb.toml's
    /// `[mkosi] version`, else 26).
    #[arg(long, value_name = "VERSION", value_parser = ["24", "26"])]
    pub mkosi_version: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MkosiSummaryFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct DstackArgs {
    #[command(subcommand)]
    pub command: DstackCommand,
}

#[derive(Debug, Subcommand)]
pub enum DstackCommand {
    /// Write the app-compose.json dstack deploys and measures, and print its hashes.
    #[command(
        after_help = "docker_compose_file is the compose file's text as it is. The options come from the flags, then `[dstack]` in the nearest plumb.toml, then vmm-cli's defaults (manifest_version 2, runner docker-compose, everything off). --style vmm-cli writes the same bytes as `vmm-cli.py compose` with the same options; canonical (RFC 8785) is what the dstack SDKs' getComposeHash hashes. public_tcbinfo and storage_fs, which vmm-cli has no flag for, come after its fields.\n\nThe hashes go to stderr, the file to -o (or stdout).\n\nExit status: 0 written, 2 an option dstack would refuse, an unreadable file or a usage error.\n\nExamples:\n  plumb dstack app-compose -o app-compose.json\n  plumb dstack app-compose docker-compose.yml --name hello --kms --gateway --allowed-env API_KEY --style vmm-cli -o app-compose.json"
    )]
    AppCompose(AppComposeArgs),
    /// Print what dstack measures of an app-compose.json: compose-hash, app-id,
    /// mr_config_id and the RTMR3 compose-hash event.
    #[command(
        after_help = "The compose-hash is the SHA-256 of exactly the file's bytes: any re-serialisation (indentation, key order, a final newline) is another hash.\n\nExit status: 0 measured, 2 the file is not an app-compose.json dstack would boot, or a usage error.\n\nExamples:\n  plumb dstack hash app-compose.json\n  plumb dstack hash app-compose.json --format json"
    )]
    Hash(DstackHashArgs),
    /// Check a deployment's attestation report: replay its event log, compare it with the
    /// quote's RTMRs, and (with --app-compose) that it runs exactly that file.
    #[command(
        after_help = "REPORT is the guest agent's answer to GetQuote (`quote` in hex, `event_log`). Each RTMR3 event's digest is recomputed from its name and payload; RTMR0-2 are replayed from their logged digests. The quote is read, not authenticated: its signature and Intel's certificate chain are not verified, so pass the quote through a DCAP verifier as well.\n\nExit status: 0 everything matches, 1 something does not (each listed), 2 an unreadable report or app-compose.json, or a usage error.\n\nExamples:\n  plumb dstack verify-quote report.json --app-compose app-compose.json"
    )]
    VerifyQuote(VerifyQuoteArgs),
}

#[derive(Debug, Args)]
pub struct AppComposeArgs {
    /// The compose file (default: compose.yaml, compose.yml, docker-compose.yaml or
    /// docker-compose.yml in the current directory).
    pub compose: Option<PathBuf>,
    /// Write app-compose.json here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How the JSON is written (default: plumb.toml's, else canonical).
    #[arg(long, value_enum)]
    pub style: Option<AppComposeStyle>,
    /// The app's name (default: plumb.toml's, else the compose file's directory).
    #[arg(long)]
    pub name: Option<String>,
    /// manifest_version (default 2; 3 is written as the string "3").
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=3))]
    pub manifest_version: Option<u32>,
    /// kms_enabled: keys (and encrypted environment variables) from the KMS.
    #[arg(long)]
    pub kms: bool,
    /// gateway_enabled: reachable through dstack-gateway.
    #[arg(long)]
    pub gateway: bool,
    /// local_key_provider_enabled: keys from the SGX local key provider.
    #[arg(long)]
    pub local_key_provider: bool,
    /// key_provider, overriding the two flags above.
    #[arg(long, value_enum)]
    pub key_provider: Option<KeyProviderName>,
    /// key_provider_id (hex): the KMS's or key provider's identity the app is bound to.
    #[arg(long, value_name = "HEX")]
    pub key_provider_id: Option<String>,
    /// public_logs: container logs readable on the guest agent's public port.
    #[arg(long)]
    pub public_logs: bool,
    /// public_sysinfo.
    #[arg(long)]
    pub public_sysinfo: bool,
    /// public_tcbinfo (dstack's default: true).
    #[arg(long, value_name = "BOOL")]
    pub public_tcbinfo: Option<bool>,
    /// An encrypted environment variable the app may receive (allowed_envs); repeatable.
    #[arg(long = "allowed-env", value_name = "NAME")]
    pub allowed_envs: Vec<String>,
    /// allowed_envs from the names in an env file (`NAME=value` lines), as vmm-cli's
    /// --env-file.
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
    /// no_instance_id.
    #[arg(long)]
    pub no_instance_id: bool,
    /// secure_time: wait for a trusted time before starting.
    #[arg(long)]
    pub secure_time: bool,
    /// storage_fs: the data disk's file system.
    #[arg(long, value_enum)]
    pub storage_fs: Option<StorageFs>,
    /// swap_size, as vmm-cli's --swap (512M, 4G; a bare number is MiB).
    #[arg(long, value_name = "SIZE", value_parser = plumb_core::dstack::parse_swap_size)]
    pub swap: Option<u64>,
    /// pre_launch_script: the text of this file.
    #[arg(long, value_name = "FILE")]
    pub prelaunch_script: Option<PathBuf>,
    /// event_log_version: 2 for canonical-JSON RTMR3 event digests.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=2))]
    pub event_log_version: Option<u8>,
    /// Replace each image a service pulls by the digest the nearest plumb.lock pins (the
    /// images services build are pinned by `plumb build`).
    #[arg(long)]
    pub pin: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AppComposeStyle {
    Canonical,
    VmmCli,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyProviderName {
    None,
    Kms,
    Local,
    Tpm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StorageFs {
    Zfs,
    Ext4,
}

#[derive(Debug, Args)]
pub struct DstackHashArgs {
    /// An app-compose.json.
    pub file: PathBuf,
    /// The app-id the deployment sets (an on-chain KMS app's address), instead of the one
    /// derived from the compose-hash.
    #[arg(long, value_name = "HEX", value_parser = parse_app_id)]
    pub app_id: Option<[u8; 20]>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: MeasurementFormat,
}

#[derive(Debug, Args)]
pub struct VerifyQuoteArgs {
    /// The attestation report (JSON with `quote` and `event_log`).
    pub report: PathBuf,
    /// The app-compose.json the deployment should run.
    #[arg(long, value_name = "FILE")]
    pub app_compose: Option<PathBuf>,
    /// The app-id the deployment sets, when it is not derived from the compose-hash.
    #[arg(long, value_name = "HEX", value_parser = parse_app_id, requires = "app_compose")]
    pub app_id: Option<[u8; 20]>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MeasurementFormat {
    Text,
    Json,
}

fn parse_app_id(text: &str) -> Result<[u8; 20], String> {
    let text = text.strip_prefix("0x").unwrap_or(text);
    let bytes = plumb_core::hex::decode(text).map_err(|error| error.to_string())?;
    bytes.try_into().map_err(|bytes: Vec<u8>| {
        format!("an app-id is 20 bytes (40 hex digits), not {}", bytes.len())
    })
}

/// docker compose's options, before its subcommand as with docker compose.
#[derive(Debug, Args)]
pub struct ComposeArgs {
    /// A compose file; repeat to merge several (default: `COMPOSE_FILE`, else compose.yaml
    /// and its compose.override.yaml, from the project directory upwards).
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The project name (default: `COMPOSE_PROJECT_NAME`, the files' `name:`, or the
    /// project directory's name).
    #[arg(short = 'p', long = "project-name", value_name = "NAME")]
    pub project_name: Option<String>,
    /// A profile to enable; repeatable (default: `COMPOSE_PROFILES`).
    #[arg(long = "profile", value_name = "PROFILE")]
    pub profiles: Vec<String>,
    /// The project directory (default: the first compose file's directory).
    #[arg(long = "project-directory", value_name = "DIR")]
    pub project_directory: Option<PathBuf>,
    /// An environment file for interpolation; repeatable, the last one wins (default:
    /// `COMPOSE_ENV_FILES`, else the project directory's .env).
    #[arg(long = "env-file", value_name = "FILE")]
    pub env_files: Vec<PathBuf>,
    #[command(subcommand)]
    pub command: ComposeCommand,
}

#[derive(Debug, Subcommand)]
pub enum ComposeCommand {
    /// Print the project's model as docker compose config does: interpolated, merged,
    /// validated, in long syntax.
    #[command(
        after_help = "Exit status: 0 the project loads, 1 docker compose would refuse it (the reason on stderr), 2 usage error.\n\nExamples:\n  plumb compose config\n  plumb compose -f compose.yaml -f compose.prod.yaml config --format json\n  plumb compose --profile debug config --services"
    )]
    Config(ComposeConfigArgs),
}

#[derive(Debug, Args)]
pub struct ComposeConfigArgs {
    /// Only these services (and what they depend on).
    pub services: Vec<String>,
    /// The output's format.
    #[arg(long, value_enum, default_value = "yaml")]
    pub format: ComposeFormat,
    /// Print the service names, one per line, in dependency order.
    #[arg(long = "services", conflicts_with_all = ["images", "quiet"])]
    pub list_services: bool,
    /// Print each service's image (or the name its build gets), one per line.
    #[arg(long, conflicts_with = "quiet")]
    pub images: bool,
    /// Only check the project; print nothing.
    #[arg(short, long)]
    pub quiet: bool,
    /// Leave `${VARIABLE}` references as written.
    #[arg(long)]
    pub no_interpolate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ComposeFormat {
    Yaml,
    Json,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The plan file (`plumb plan -o plan.json`).
    pub plan: PathBuf,
    /// Where the two builds are made (OUT/verify/first and OUT/verify/second).
    #[arg(long, value_name = "DIR", default_value = "plumb-out")]
    pub out: PathBuf,
    /// The file holding a secret the plan's build mounts, by id.
    #[arg(long = "secret", value_name = "ID=FILE", value_parser = parse_name_and_path)]
    pub secrets: Vec<(String, PathBuf)>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The plan file (`plumb plan -o plan.json`).
    pub plan: PathBuf,
    /// Check the plan and show what would run; run nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The state directory: each step's result under its id.
    #[arg(long, value_name = "DIR", default_value = "plumb-out")]
    pub out: PathBuf,
    /// The file holding a secret the plan's build mounts, by id.
    #[arg(long = "secret", value_name = "ID=FILE", value_parser = parse_name_and_path)]
    pub secrets: Vec<(String, PathBuf)>,
    /// Write each image's manifest digest into the plan's `expected` section (outside its
    /// core: the plan id stays), so a later build says match or no match.
    #[arg(long)]
    pub record: bool,
    /// Push each image to this repository (`registry/path`) by its digest, unchanged.
    #[arg(long, value_name = "REPOSITORY")]
    pub push: Option<String>,
    /// Load the image into the local container storage under this name (a plan of one step).
    #[arg(long, value_name = "NAME")]
    pub load: Option<String>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The directory whose Dockerfiles are planned; paths in the plan are relative to it.
    #[arg(default_value = ".")]
    pub directory: PathBuf,
    /// Write the plan here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// What to write.
    #[arg(long, value_enum, default_value = "plan")]
    pub emit: Emit,
    /// The backend the plan's toolchain names, whose missing features are PL001 errors.
    #[arg(long, value_enum, default_value = "buildah")]
    pub backend: PlanBackend,
    /// A platform to build for; repeat for several (default linux/amd64).
    #[arg(long = "platform", value_name = "OS/ARCH[/VARIANT]", value_parser = Platform::parse)]
    pub platforms: Vec<Platform>,
    /// The stage to build from every Dockerfile (default: each one's last stage).
    #[arg(long, value_name = "STAGE")]
    pub target: Option<String>,
    /// A build argument's value, as `docker build --build-arg` takes it.
    #[arg(long = "build-arg", value_name = "NAME=VALUE", value_parser = parse_build_arg)]
    pub build_args: Vec<(String, String)>,
    /// A directory the build gets under a name (`FROM NAME`, `COPY --from=NAME`), as
    /// `docker buildx build --build-context` takes it; inside DIR, relative to it.
    #[arg(long = "build-context", value_name = "NAME=PATH", value_parser = parse_name_and_path)]
    pub build_contexts: Vec<(String, PathBuf)>,
    /// A secret the build mounts, by id; its value never enters the plan.
    #[arg(long = "secret", value_name = "ID")]
    pub secrets: Vec<String>,
    /// The time the build writes, in seconds since 1970 (UTC).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(..(1_u64 << 53)))]
    pub source_date_epoch: Option<u64>,
    /// Anything unpinned (or a stale lock) is an error, and the plan says so in its policy.
    #[arg(long)]
    pub locked: bool,
    /// No step gets a network.
    #[arg(long)]
    pub offline: bool,
    /// How many times the executor builds each step to compare.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..100))]
    pub rebuilds: u64,
    /// How the findings are written (to stderr).
    #[arg(long, value_enum, default_value = "human")]
    pub format: FindingsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    /// The plan (docs/plan-format.md).
    Plan,
    /// A `docker buildx bake` JSON file for the same builds.
    Bake,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanBackend {
    /// Debian's buildah 1.28.
    Buildah,
    /// docker buildx on any BuildKit builder.
    Buildx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FindingsFormat {
    Human,
    Json,
}

fn parse_build_arg(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!("{text:?}: expected NAME=VALUE")),
    }
}

fn parse_name_and_path(text: &str) -> Result<(String, PathBuf), String> {
    match text.split_once('=') {
        Some((name, path)) if !name.is_empty() && !path.is_empty() => {
            Ok((name.to_owned(), PathBuf::from(path)))
        }
        _ => Err(format!("{text:?}: expected NAME=PATH")),
    }
}

#[derive(Debug, Args)]
pub struct LockArgs {
    /// The directory whose Dockerfiles are locked; plumb.lock is written there.
    #[arg(default_value = ".")]
    pub directory: PathBuf,
    /// Only check that plumb.lock pins exactly the images the Dockerfiles name now; resolve
    /// nothing and write nothing.
    #[arg(long)]
    pub check: bool,
    /// Where images are resolved.
    #[arg(long, value_enum, default_value = "registry")]
    pub source: ImageSource,
    /// A named build context the plans give (`plumb plan --build-context`): the Dockerfiles'
    /// `FROM NAME` and `COPY --from=NAME` are that directory, not an image to lock.
    #[arg(long = "build-context", value_name = "NAME=PATH", value_parser = parse_name_and_path)]
    pub build_contexts: Vec<(String, PathBuf)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImageSource {
    /// The image's registry.
    Registry,
    /// The local container storage of buildah and podman.
    ContainersStorage,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input. Defaults to the current
    /// directory. A file named here is checked whatever its name: as its name implies, else
    /// as a Dockerfile. Directories are searched for Dockerfile, Containerfile, *.Dockerfile,
    /// Dockerfile.*, Dockerfile-* and Dockerfile_*, in any letter case.
    pub paths: Vec<PathBuf>,
    /// Read every file named on the command line as this kind, whatever its name (files
    /// found in directories still go by their names).
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<Kind>,
    /// The path standard input (`-`) is shown under, which also decides its kind and the
    /// plumb.toml and .dockerignore that apply, as if the file were there (standard input is
    /// read when no path is given).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// The platform the images are built for, as `docker build --platform` takes it
    /// (TARGETPLATFORM, TARGETOS, TARGETARCH, TARGETVARIANT).
    #[arg(long, value_name = "OS/ARCH[/VARIANT]", value_parser = Platform::parse, default_value = "linux/amd64")]
    pub platform: Platform,
    /// Never report this rule (a plumb code, or an upstream code such as DL3008), as
    /// `ignore` in plumb.toml does, whatever plumb.toml says. Repeatable, or comma-separated.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Use this plumb.toml for every file instead of the nearest one above each (its per-path
    /// patterns stay relative to its folder).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The lowest severity that makes the exit status 1. Without it, each file's
    /// configuration decides (`fail-level` in plumb.toml, `failure-threshold` in
    /// .hadolint.yaml), else warning.
    #[arg(long, value_enum)]
    pub fail_level: Option<FailLevel>,
    /// Apply safe fixes to the files, then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff: also apply fixes that may change behaviour.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit status 1 when there
    /// is something to fix).
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A rule code (DF001) or an upstream code (DL3008, JSONArgsRecommended).
    pub code: Option<String>,
    /// Print the whole rules reference as Markdown (docs/rules.md).
    #[arg(long, conflicts_with = "code")]
    pub markdown: bool,
}

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// The Dockerfile to parse.
    pub path: PathBuf,
    /// Also print the stages with global ARGs, ARG/ENV scoping and expanded values.
    #[arg(long)]
    pub resolved: bool,
    /// The platform the image is built for (see `plumb check --platform`).
    #[arg(long, value_name = "OS/ARCH[/VARIANT]", value_parser = Platform::parse, default_value = "linux/amd64")]
    pub platform: Platform,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source lines with the problem underlined.
    Human,
    /// One JSON document (schema in docs/json-output.md).
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

/// The kinds of file plumb checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// A Dockerfile or Containerfile.
    Dockerfile,
}

impl Kind {
    pub fn file_kind(self) -> FileKind {
        match self {
            Kind::Dockerfile => FileKind::Dockerfile,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Error,
    Warning,
    Info,
    /// No finding fails the run.
    Never,
}

impl FailLevel {
    pub fn threshold(self) -> FailThreshold {
        match self {
            FailLevel::Error => FailThreshold::At(Severity::Error),
            FailLevel::Warning => FailThreshold::At(Severity::Warning),
            FailLevel::Info => FailThreshold::At(Severity::Info),
            FailLevel::Never => FailThreshold::Never,
        }
    }
}
