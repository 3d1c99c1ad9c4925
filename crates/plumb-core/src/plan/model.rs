//! The plan as it is written (docs/plan-format.md, docs/plan.schema.json): every field
//! serialised in a fixed order of maps and arrays, so that its canonical JSON is its identity.
//! Only strings, booleans and integers below 2^53 appear.

use crate::dstack::AppComposeSettings;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The value of `schema`: the format and its major version.
pub const PLAN_SCHEMA: &str = "plumb-plan/v1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub schema: &'static str,
    /// `sha256:` over the canonical bytes of `core`: the plan's identity.
    pub plan_id: String,
    pub core: Core,
    /// Output digests a trusted build recorded, by output name; outside `core`, so that
    /// recording them keeps the plan id.
    pub expected: BTreeMap<String, String>,
    pub meta: Meta,
}

/// Everything the plan id covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Core {
    pub intent: Intent,
    pub time: Time,
    pub toolchain: Toolchain,
    pub lock: PlanLock,
    pub steps: Vec<Step>,
    pub outputs: Vec<Output>,
    /// What is deployed once the steps are built; absent when nothing is.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deploys: Vec<Deploy>,
    pub policy: Policy,
}

/// What was asked for, by content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Intent {
    /// Every configuration file read (Dockerfiles, ignore files, `plumb.toml`, `plumb.lock`),
    /// by workspace path.
    pub files: Vec<FileDigest>,
    /// Every build context, by directory.
    pub contexts: Vec<ContextDigest>,
    /// The named build contexts (`--build-context`), by name; absent when there are none.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub named_contexts: BTreeMap<String, ContextDigest>,
    pub targets: Vec<Target>,
    /// Values given on the command line (`--build-arg`), by name.
    pub build_args: BTreeMap<String, String>,
    /// Secret ids only: their values never enter a plan.
    pub secrets: Vec<String>,
    pub platforms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileDigest {
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContextDigest {
    /// Workspace path of the directory, `.` for the root.
    pub path: String,
    /// The ignore file that filtered it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_file: Option<String>,
    /// The context tree digest (`context_tree::tree_digest`), or `unknown` where the front
    /// end listed nothing.
    pub tree: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    pub dockerfile: String,
    /// The stage built: its name, else its index.
    pub stage: String,
    pub context: String,
    /// The compose service whose `build:` this is, when it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compose: Option<ComposeService>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ComposeService {
    /// The compose file's workspace path.
    pub file: String,
    pub service: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeSource {
    /// Given (`--source-date-epoch`).
    Explicit,
    /// The time of the commit checked out (the front end read it).
    GitCommit,
    /// Recorded in `plumb.lock` when it was written.
    Lock,
    /// Nothing gave one: the start of 1970, with a PL203 finding.
    Default,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Time {
    /// Seconds since 1970 UTC: every timestamp the build writes.
    pub source_date_epoch: u64,
    pub from: TimeSource,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Toolchain {
    pub builder: Tool,
    pub compressor: Compressor,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tool {
    pub name: String,
    /// The version the plan is written for; the executor refuses another.
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compressor {
    pub format: String,
    pub level: u64,
}

/// The part of the lock the plan uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanLock {
    /// Each `plumb.lock` used, by workspace path, with its digest of the references it
    /// resolved.
    pub locks: BTreeMap<String, String>,
    /// By reference as the Dockerfiles name it.
    pub images: BTreeMap<String, PinnedImage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PinnedImage {
    pub source: String,
    pub digest: String,
    /// The manifest for each planned platform.
    pub platforms: BTreeMap<String, String>,
}

/// One backend invocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// `sha256:` over the canonical bytes of the step without its id (empty, and so not
    /// written, only while it is computed).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub kind: StepKind,
    /// A readable name, unique in the plan.
    pub name: String,
    pub platform: String,
    pub inputs: Vec<Input>,
    pub network: Network,
    /// The exact invocation for each backend that can run it, by backend name.
    pub run: BTreeMap<String, Invocation>,
    pub outputs: Vec<StepOutput>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// A Dockerfile target built for one platform.
    Image,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Input {
    File {
        path: String,
        sha256: String,
    },
    Context {
        path: String,
        tree: String,
    },
    /// A directory the build gets under a name (`--build-context`).
    NamedContext {
        name: String,
        path: String,
        tree: String,
    },
    /// An image the step pulls, by the reference it pulls and the digest that pins it: the
    /// platform's manifest from the lock, the digest written in the reference, or
    /// `unpinned`.
    Image {
        reference: String,
        digest: String,
    },
    /// `ADD --checksum=… <url>`.
    Download {
        url: String,
        sha256: String,
    },
    /// `ADD <git url>` with its commit.
    Git {
        url: String,
        commit: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Network {
    /// The step runs nothing that needs a network (or the policy is offline).
    None,
    /// RUN instructions get the host's network.
    Host,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invocation {
    /// Paths are relative to the plan's root; `{out}` is the step's output directory and
    /// `{state}` the executor's own, filled in when it runs.
    pub argv: Vec<String>,
    pub env: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepOutput {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub path: String,
    pub determinism: Determinism,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Determinism {
    /// Every input is pinned and nothing reads the network: rebuilds must be identical.
    BitForBit,
    /// Something reads a network or an unpinned input: rebuilds are compared, not trusted.
    Unverified,
}

/// A final artifact of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Output {
    pub name: String,
    pub step: String,
    pub output: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// How many times the executor builds each step to compare the results.
    pub rebuilds: u64,
    pub fail_on_unpinned: bool,
    pub offline: bool,
}

/// A compose project deployed to dstack: every image it runs pinned by digest (those it
/// builds pushed to the registry first), then its app-compose.json written from the compose
/// file's text with those images edited in, whose SHA-256 is the compose-hash the TEE
/// measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deploy {
    /// The platform deployed to: `dstack`.
    pub target: String,
    /// The compose file's workspace path (its digest is among `intent.files`).
    pub compose_file: String,
    /// `canonical` or `vmm-cli`.
    pub style: String,
    /// app-compose.json's options, from `[dstack]` in plumb.toml.
    pub settings: AppComposeSettings,
    /// By service, in the compose file's order.
    pub images: Vec<DeployedImage>,
}

/// One service's image in a deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeployedImage {
    pub service: String,
    /// What pins it.
    pub pinned: PinnedBy,
    /// Where the compose file's text changes for it: byte ranges and their replacements,
    /// `{image}` standing for the reference by digest.
    pub edits: Vec<TextEdit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "kebab-case")]
pub enum PinnedBy {
    /// Built by the step: pushed to `repository` by its manifest's digest, and deployed as
    /// `repository@digest`.
    Step { step: String, repository: String },
    /// Pulled as `reference@digest` (the digest the reference or the lock gives, or
    /// `unpinned`, which the executor refuses to deploy).
    Image { reference: String, digest: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextEdit {
    pub start: u64,
    pub end: u64,
    pub text: String,
}

/// About the plan, not hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meta {
    pub generator: Tool,
}
