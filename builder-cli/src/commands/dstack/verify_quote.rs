//! `plumb dstack verify-quote REPORT [--app-compose FILE]`: a deployment's attestation
//! report replayed against its quote and compared with an app-compose.json.

use super::measure_file;
use crate::cli::VerifyQuoteArgs;
use crate::style::Style;
use anyhow::{Context, Result};
use plumb_core::dstack::{ComparisonOutcome, EventOutcome, Verification, read_report, verify};
use plumb_core::hex;
use std::io::Write;
use std::process::ExitCode;

pub fn run(arguments: &VerifyQuoteArgs) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&arguments.report)
        .with_context(|| format!("cannot read {}", arguments.report.display()))?;
    let report = read_report(&text).with_context(|| {
        format!(
            "{} is not an attestation report",
            arguments.report.display()
        )
    })?;
    let measurement = match &arguments.app_compose {
        Some(path) => Some(measure_file(path, arguments.app_id)?),
        None => None,
    };
    let verification = verify(&report, measurement.as_ref())
        .with_context(|| format!("{}: the quote cannot be read", arguments.report.display()))?;
    let mut stdout = std::io::stdout().lock();
    write_verification(&verification, Style::stdout(), &mut stdout)?;
    Ok(if verification.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn write_verification(
    verification: &Verification,
    style: Style,
    out: &mut impl Write,
) -> std::io::Result<()> {
    // Padded before painting: escape codes would count as width.
    let ok = style.done(&format!("{:<7}", "ok"));
    let differs = style.error(&format!("{:<7}", "DIFFERS"));
    writeln!(
        out,
        "TDX quote version {}; RTMR3 events, each digest recomputed from its name and payload:",
        verification.td_report.quote_version
    )?;
    for event in &verification.events {
        let (mark, note) = match event.outcome {
            EventOutcome::Recomputed(version) => (&ok, format!("v{}", version.number())),
            EventOutcome::Differs { computed } => (
                &differs,
                format!(
                    "logged {}, its payload gives {}",
                    hex::encode(&event.logged),
                    hex::encode(&computed)
                ),
            ),
            EventOutcome::TakenAsLogged => (&ok, "not a dstack event: taken as logged".to_owned()),
        };
        let name = if event.name.is_empty() {
            "(unnamed)"
        } else {
            &event.name
        };
        writeln!(out, "  {mark} {name:<18} {note}")?;
    }
    for (index, register) in verification.registers.iter().enumerate() {
        let mark = if register.matches() { &ok } else { &differs };
        writeln!(
            out,
            "{mark} RTMR{index} replayed {}",
            hex::encode(&register.replayed)
        )?;
        if !register.matches() {
            writeln!(
                out,
                "        the quote has   {}",
                hex::encode(&register.quoted)
            )?;
        }
    }
    for comparison in &verification.app_compose {
        let found = comparison.found.as_deref().unwrap_or("nothing");
        match &comparison.outcome {
            ComparisonOutcome::Match => {
                writeln!(out, "{ok} {} {}", comparison.what, comparison.expected)?;
            }
            ComparisonOutcome::Mismatch(why) => {
                writeln!(out, "{differs} {}: {why}", comparison.what)?;
                writeln!(out, "        expected {}", comparison.expected)?;
                writeln!(out, "        found    {found}")?;
            }
            ComparisonOutcome::NotCompared(why) => {
                writeln!(out, "{:<7} {} {found}: {why}", "-", comparison.what)?;
            }
        }
    }
    let verdict = if verification.passed() {
        style.done("the event log replays to the quote")
    } else {
        style.error("the report does not hold together")
    };
    writeln!(out, "{verdict}.")?;
    writeln!(
        out,
        "Not verified: the quote's signature and its certificate chain to Intel. This reads the quote; a DCAP verifier authenticates it."
    )
}
