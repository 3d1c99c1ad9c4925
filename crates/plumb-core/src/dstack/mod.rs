//! dstack as the deployment target. dstack measures the exact bytes of `app-compose.json`
//! into the TEE's RTMR3, so plumb writes those bytes once ([`write_app_compose`]), derives
//! what the TEE will report from them ([`measure`]), and checks a running deployment's
//! attestation report against them ([`verify`]).

mod app_compose;
mod app_compose_fields;
pub mod app_compose_format;
mod attestation;
mod config_section;
mod measurement;
mod pinned_compose;
mod python_json;
pub mod rules;
mod runtime_event;
mod settings;
mod tdx_quote;
pub mod version;
mod workspace_app_compose;

pub use app_compose::{Style, write_app_compose};
pub use attestation::{
    AttestationReport, Comparison, ComparisonOutcome, EventCheck, EventOutcome, LoggedEvent,
    RegisterCheck, ReportError, Verification, read_report, verify,
};
pub use config_section::DstackSection;
pub use measurement::{Measurement, MeasurementError, MrConfig, measure, mr_config};
pub use pinned_compose::{IMAGE_PLACEHOLDER, apply_edits, image_edits, pin_pulled_images};
pub use runtime_event::{EventLogVersion, RUNTIME_EVENT_TYPE, Register, event_digest, extend};
pub use settings::{AppComposeSettings, KeyProvider, is_env_name, parse_swap_size};
pub use tdx_quote::{QuoteError, TdReport, read_quote};
pub use workspace_app_compose::{
    WorkspaceAppCompose, Written, pre_launch_script_path, project_settings, workspace_app_compose,
};
