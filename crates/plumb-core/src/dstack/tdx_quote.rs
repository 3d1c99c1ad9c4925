//! The measurements in an Intel TDX quote (versions 4 and 5, DCAP's layout): read, not
//! authenticated. The quote's signature and its certificate chain are not checked here.

use super::runtime_event::Register;

/// The TD report body's measurements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TdReport {
    pub quote_version: u16,
    pub mr_td: Register,
    pub mr_config_id: Register,
    /// RTMR0 to RTMR3.
    pub rtmr: [Register; 4],
    pub report_data: [u8; 64],
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    #[error("the quote ends at byte {found}; its {part} needs {needed} bytes")]
    TooShort {
        part: &'static str,
        needed: usize,
        found: usize,
    },
    #[error("quote version {0}: only versions 4 and 5 are read")]
    Version(u16),
    #[error("TEE type {0:#x} at byte 4 is not TDX (0x81)")]
    NotTdx(u32),
}

const HEADER_LENGTH: usize = 48;
const TDX_TEE_TYPE: u32 = 0x81;
/// Where each field lies in the TD report body (TDX module 1.0's, which 1.5's begins with).
const MR_TD: usize = 136;
const MR_CONFIG_ID: usize = 184;
const RTMR0: usize = 328;
const REPORT_DATA: usize = 520;
const BODY_LENGTH: usize = 584;

/// The measurements of a TDX `quote`.
pub fn read_quote(quote: &[u8]) -> Result<TdReport, QuoteError> {
    let header = bytes(quote, 0, HEADER_LENGTH, "header")?;
    let version = u16::from_le_bytes([header[0], header[1]]);
    let tee_type = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
    let body_start = match version {
        4 => HEADER_LENGTH,
        // Version 5 puts the body's type (u16) and size (u32) before it.
        5 => HEADER_LENGTH + 6,
        other => return Err(QuoteError::Version(other)),
    };
    if tee_type != TDX_TEE_TYPE {
        return Err(QuoteError::NotTdx(tee_type));
    }
    let body = bytes(quote, body_start, BODY_LENGTH, "TD report body")?;
    let register =
        |offset: usize| -> Register { body[offset..offset + 48].try_into().unwrap_or([0; 48]) };
    Ok(TdReport {
        quote_version: version,
        mr_td: register(MR_TD),
        mr_config_id: register(MR_CONFIG_ID),
        rtmr: std::array::from_fn(|index| register(RTMR0 + 48 * index)),
        report_data: body[REPORT_DATA..REPORT_DATA + 64]
            .try_into()
            .unwrap_or([0; 64]),
    })
}

fn bytes<'a>(
    quote: &'a [u8],
    start: usize,
    length: usize,
    part: &'static str,
) -> Result<&'a [u8], QuoteError> {
    quote
        .get(start..start + length)
        .ok_or(QuoteError::TooShort {
            part,
            needed: start + length,
            found: quote.len(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(version: u16, tee_type: u32, body_start: usize) -> Vec<u8> {
        let mut quote = vec![0; body_start + BODY_LENGTH + 4];
        quote[0..2].copy_from_slice(&version.to_le_bytes());
        quote[4..8].copy_from_slice(&tee_type.to_le_bytes());
        quote[body_start + RTMR0 + 3 * 48] = 0xaa;
        quote[body_start + MR_CONFIG_ID] = 1;
        quote
    }

    #[test]
    fn both_layouts_are_read() {
        for (version, body_start) in [(4, 48), (5, 54)] {
            let report = read_quote(&quote(version, 0x81, body_start)).unwrap();
            assert_eq!(report.rtmr[3][0], 0xaa);
            assert_eq!(report.mr_config_id[0], 1);
            assert_eq!(report.rtmr[2], [0; 48]);
        }
    }

    #[test]
    fn other_quotes_are_refused_with_the_reason() {
        assert_eq!(read_quote(&quote(3, 0x81, 48)), Err(QuoteError::Version(3)));
        assert_eq!(read_quote(&quote(4, 0, 48)), Err(QuoteError::NotTdx(0)));
        assert!(matches!(
            read_quote(&quote(4, 0x81, 48)[..100]),
            Err(QuoteError::TooShort { needed: 632, .. })
        ));
    }
}
