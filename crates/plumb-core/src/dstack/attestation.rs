//! A deployment's attestation report (what dstack's guest agent returns for a quote: the
//! TDX quote and its event log) checked against itself and against an app-compose.json:
//! every RTMR3 event's digest recomputed from its name and payload, the registers replayed
//! and compared with the quote, and the `compose-hash` and `app-id` events compared with
//! what the file's bytes give. The quote is read, not authenticated: its signature and
//! certificate chain are not checked.

use super::measurement::{Measurement, json_kind};
use super::runtime_event::{EventLogVersion, RUNTIME_EVENT_TYPE, Register, event_digest, extend};
use super::tdx_quote::{QuoteError, TdReport, read_quote};
use crate::hex;
use serde_json::Value;

/// A report as read: the quote's bytes and the event log in its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttestationReport {
    pub quote: Vec<u8>,
    pub events: Vec<LoggedEvent>,
}

/// One event of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedEvent {
    /// The register it extends: 0 to 3 for RTMR0 to RTMR3.
    pub imr: u32,
    pub event_type: u32,
    pub digest: Vec<u8>,
    pub name: String,
    pub payload: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// `path` is JSONPath-like: `$.event_log[3].digest`.
    #[error("{path}: {message}")]
    Field { path: String, message: String },
    #[error("$.quote: {0}")]
    Quote(QuoteError),
}

/// Reads a report: `quote` in hex and `event_log`, a list of events or (as the guest agent
/// writes it) a string holding one.
pub fn read_report(text: &str) -> Result<AttestationReport, ReportError> {
    let document: Value = parse_json(text)?;
    let quote = hex_field(&document, "$", "quote")?;
    let log = match document.get("event_log") {
        Some(Value::String(inner)) => parse_json(inner)?,
        Some(list @ Value::Array(_)) => list.clone(),
        other => return Err(field_error("$.event_log", "a list of events", other)),
    };
    let Value::Array(entries) = &log else {
        return Err(field_error("$.event_log", "a list of events", Some(&log)));
    };
    let events = entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let path = format!("$.event_log[{index}]");
            Ok(LoggedEvent {
                imr: number_field(entry, &path, "imr")?,
                event_type: number_field(entry, &path, "event_type")?,
                digest: hex_field(entry, &path, "digest")?,
                name: match entry.get("event") {
                    None => String::new(),
                    Some(Value::String(name)) => name.clone(),
                    other => return Err(field_error(&format!("{path}.event"), "a string", other)),
                },
                payload: hex_field(entry, &path, "event_payload")?,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(AttestationReport { quote, events })
}

/// What checking a report found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub td_report: TdReport,
    /// The RTMR3 events, in log order.
    pub events: Vec<EventCheck>,
    /// RTMR0 to RTMR3 replayed from the log and as the quote has them.
    pub registers: [RegisterCheck; 4],
    /// The comparisons with an app-compose.json, when one was given.
    pub app_compose: Vec<Comparison>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCheck {
    pub name: String,
    pub payload: Vec<u8>,
    pub logged: Vec<u8>,
    pub outcome: EventOutcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOutcome {
    /// The logged digest is the one its name and payload give, in this event-log version.
    Recomputed(EventLogVersion),
    /// Neither version gives the logged digest: the payload, name or digest was changed.
    Differs { computed: Register },
    /// Not a dstack runtime event: its digest is taken as logged.
    TakenAsLogged,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterCheck {
    pub replayed: Register,
    pub quoted: Register,
}

impl RegisterCheck {
    pub fn matches(&self) -> bool {
        self.replayed == self.quoted
    }
}

/// One value of the report compared with what plumb computes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub what: &'static str,
    pub expected: String,
    /// What the report has (`None`: nothing).
    pub found: Option<String>,
    pub outcome: ComparisonOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComparisonOutcome {
    Match,
    Mismatch(String),
    /// Nothing to compare, with why; not a failure.
    NotCompared(String),
}

impl Verification {
    /// Every event recomputes, every register replays to the quote's value, and every
    /// comparison with the app-compose.json matches.
    pub fn passed(&self) -> bool {
        self.events
            .iter()
            .all(|event| !matches!(event.outcome, EventOutcome::Differs { .. }))
            && self.registers.iter().all(RegisterCheck::matches)
            && self
                .app_compose
                .iter()
                .all(|comparison| !matches!(comparison.outcome, ComparisonOutcome::Mismatch(_)))
    }
}

/// Checks `report`, and, given the measurement of the app-compose.json it should run, that
/// the deployment runs exactly that file.
pub fn verify(
    report: &AttestationReport,
    app_compose: Option<&Measurement>,
) -> Result<Verification, ReportError> {
    let td_report = read_quote(&report.quote).map_err(ReportError::Quote)?;
    let mut replayed = [[0; 48]; 4];
    let mut events = Vec::new();
    for event in &report.events {
        let Some(register) = replayed.get_mut(event.imr as usize) else {
            continue;
        };
        if event.imr != 3 {
            *register = extend(register, &event.digest);
            continue;
        }
        let check = check_event(event);
        // A runtime event counts with the digest its payload gives, never the logged one.
        let digest = match check.outcome {
            EventOutcome::Differs { computed } => computed.to_vec(),
            _ => event.digest.clone(),
        };
        *register = extend(register, &digest);
        events.push(check);
    }
    let registers = std::array::from_fn(|index| RegisterCheck {
        replayed: replayed[index],
        quoted: td_report.rtmr[index],
    });
    let app_compose = app_compose
        .map(|measurement| compare_app_compose(&events, &td_report, measurement))
        .unwrap_or_default();
    Ok(Verification {
        td_report,
        events,
        registers,
        app_compose,
    })
}

fn check_event(event: &LoggedEvent) -> EventCheck {
    let outcome = if event.event_type != RUNTIME_EVENT_TYPE {
        EventOutcome::TakenAsLogged
    } else {
        [EventLogVersion::V1, EventLogVersion::V2]
            .into_iter()
            .find(|version| {
                event_digest(&event.name, &event.payload, *version)[..] == event.digest[..]
            })
            .map_or(
                EventOutcome::Differs {
                    computed: event_digest(&event.name, &event.payload, EventLogVersion::V1),
                },
                EventOutcome::Recomputed,
            )
    };
    EventCheck {
        name: event.name.clone(),
        payload: event.payload.clone(),
        logged: event.digest.clone(),
        outcome,
    }
}

fn compare_app_compose(
    events: &[EventCheck],
    td_report: &TdReport,
    measurement: &Measurement,
) -> Vec<Comparison> {
    let app_id_note = if measurement.app_id_given {
        ""
    } else {
        ": a deployment may set its own app-id (an on-chain KMS app's address); give it with --app-id"
    };
    vec![
        compare_event(events, "compose-hash", &measurement.compose_hash, ""),
        compare_event(events, "app-id", &measurement.app_id, app_id_note),
        compare_mr_config(td_report, measurement),
    ]
}

fn compare_event(
    events: &[EventCheck],
    name: &'static str,
    expected: &[u8],
    note: &str,
) -> Comparison {
    let payloads: Vec<&[u8]> = events
        .iter()
        .filter(|event| event.name == name)
        .map(|event| &event.payload[..])
        .collect();
    let expected_text = hex::encode(expected);
    let (found, outcome) = match payloads[..] {
        [] => (
            None,
            ComparisonOutcome::Mismatch(format!("the log has no `{name}` event")),
        ),
        [payload] if payload == expected => (Some(hex::encode(payload)), ComparisonOutcome::Match),
        [payload] => (
            Some(hex::encode(payload)),
            ComparisonOutcome::Mismatch(format!("the deployment measured another value{note}")),
        ),
        [first, ..] => (
            Some(hex::encode(first)),
            ComparisonOutcome::Mismatch(format!(
                "the log has {} `{name}` events; the guest emits one",
                payloads.len()
            )),
        ),
    };
    Comparison {
        what: name,
        expected: expected_text,
        found,
        outcome,
    }
}

fn compare_mr_config(td_report: &TdReport, measurement: &Measurement) -> Comparison {
    let quoted = td_report.mr_config_id;
    let expected = hex::encode(&measurement.mr_config.id);
    let outcome = match quoted[0] {
        _ if quoted == [0; 48] => ComparisonOutcome::NotCompared(
            "zero in the quote: the VMM did not bind the configuration (dstack before 0.5.1, or use_mrconfigid off)".to_owned(),
        ),
        3 => ComparisonOutcome::NotCompared(
            "version 3 (dstack 0.6): it hashes a document with the instance id, which the VMM draws at random".to_owned(),
        ),
        _ if quoted == measurement.mr_config.id => ComparisonOutcome::Match,
        _ => ComparisonOutcome::Mismatch(
            "the quote binds another configuration".to_owned(),
        ),
    };
    Comparison {
        what: "mr_config_id",
        expected,
        found: Some(hex::encode(&quoted)),
        outcome,
    }
}

fn parse_json(text: &str) -> Result<Value, ReportError> {
    serde_json::from_str(text).map_err(|error| ReportError::Json {
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    })
}

fn hex_field(object: &Value, path: &str, key: &str) -> Result<Vec<u8>, ReportError> {
    let path = format!("{path}.{key}");
    match object.get(key) {
        Some(Value::String(text)) => hex::decode(text).map_err(|error| ReportError::Field {
            path,
            message: error.to_string(),
        }),
        other => Err(field_error(&path, "a hex string", other)),
    }
}

fn number_field(object: &Value, path: &str, key: &str) -> Result<u32, ReportError> {
    let path = format!("{path}.{key}");
    match object.get(key).and_then(Value::as_u64) {
        Some(number) => u32::try_from(number).map_err(|_| ReportError::Field {
            path,
            message: format!("{number} does not fit 32 bits"),
        }),
        None => Err(field_error(&path, "a number", object.get(key))),
    }
}

fn field_error(path: &str, wanted: &str, found: Option<&Value>) -> ReportError {
    ReportError::Field {
        path: path.to_owned(),
        message: format!(
            "{} where {wanted} belongs",
            found.map_or("nothing", json_kind)
        ),
    }
}
