//! Plain scalars go-yaml v3 reads as timestamps (`parseTimestamp`): Go's `time.Parse` with
//! the layouts `2006-1-2T15:4:5.999999999Z07:00` (also with `t`), `2006-1-2 15:4:5.999999999`
//! and `2006-1-2`. A timestamp is kept in the form Go prints it in JSON (RFC 3339 with
//! nanoseconds), which is how `docker compose config` shows one in an extension.

/// The RFC 3339 form of `text` if go-yaml reads it as a timestamp.
pub fn parse(text: &str) -> Option<String> {
    // go-yaml's quick check: exactly four digits, then `-`.
    let bytes = text.as_bytes();
    if bytes.len() < 5 || !bytes[..4].iter().all(u8::is_ascii_digit) || bytes[4] != b'-' {
        return None;
    }
    let mut reader = Reader { rest: text };
    let year: u32 = text[..4].parse().ok()?;
    reader.rest = &text[5..];
    let month = reader.number()?;
    reader.expect("-")?;
    let day = reader.number()?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    if reader.rest.is_empty() {
        return Some(format!("{date}T00:00:00Z"));
    }
    let zoned = match reader.rest.as_bytes()[0] {
        b'T' | b't' => true,
        b' ' => false,
        _ => return None,
    };
    reader.rest = &reader.rest[1..];
    let hour = reader.number()?;
    reader.expect(":")?;
    let minute = reader.number()?;
    reader.expect(":")?;
    let second = reader.number()?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let fraction = reader.fraction();
    let zone = if zoned {
        reader.zone()?
    } else {
        "Z".to_owned()
    };
    reader
        .rest
        .is_empty()
        .then(|| format!("{date}T{hour:02}:{minute:02}:{second:02}{fraction}{zone}"))
}

struct Reader<'a> {
    rest: &'a str,
}

impl Reader<'_> {
    /// One or two digits, as Go reads the layout fields `1`, `2`, `15`, `4` and `5`.
    fn number(&mut self) -> Option<u32> {
        let digits = self
            .rest
            .bytes()
            .take(2)
            .take_while(u8::is_ascii_digit)
            .count();
        if digits == 0 {
            return None;
        }
        let value = self.rest[..digits].parse().ok()?;
        self.rest = &self.rest[digits..];
        Some(value)
    }

    fn expect(&mut self, literal: &str) -> Option<()> {
        self.rest = self.rest.strip_prefix(literal)?;
        Some(())
    }

    /// An optional `.digits` (Go keeps nine), printed without trailing zeros.
    fn fraction(&mut self) -> String {
        let Some(after) = self.rest.strip_prefix(['.', ',']) else {
            return String::new();
        };
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return String::new();
        }
        let kept = after[..digits.min(9)].trim_end_matches('0');
        self.rest = &after[digits..];
        if kept.is_empty() {
            String::new()
        } else {
            format!(".{kept}")
        }
    }

    /// `Z` or `±hh:mm`; Go prints a zero offset as `Z`.
    fn zone(&mut self) -> Option<String> {
        if let Some(rest) = self.rest.strip_prefix('Z') {
            self.rest = rest;
            return Some("Z".to_owned());
        }
        let bytes = self.rest.as_bytes();
        let well_formed = bytes.len() >= 6
            && matches!(bytes[0], b'+' | b'-')
            && bytes[1..3].iter().all(u8::is_ascii_digit)
            && bytes[3] == b':'
            && bytes[4..6].iter().all(u8::is_ascii_digit);
        if !well_formed {
            return None;
        }
        let zone = &self.rest[..6];
        self.rest = &self.rest[6..];
        Some(if zone[1..] == *"00:00" {
            "Z".to_owned()
        } else {
            zone.to_owned()
        })
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn layouts_go_yaml_accepts() {
        assert_eq!(parse("2001-12-14").as_deref(), Some("2001-12-14T00:00:00Z"));
        assert_eq!(parse("2001-1-2").as_deref(), Some("2001-01-02T00:00:00Z"));
        assert_eq!(
            parse("2001-12-14t21:59:43.10-05:00").as_deref(),
            Some("2001-12-14T21:59:43.1-05:00")
        );
        assert_eq!(
            parse("2001-12-14T21:59:43Z").as_deref(),
            Some("2001-12-14T21:59:43Z")
        );
        assert_eq!(
            parse("2001-12-14 21:59:43.10").as_deref(),
            Some("2001-12-14T21:59:43.1Z")
        );
        assert_eq!(parse("2024-02-29").as_deref(), Some("2024-02-29T00:00:00Z"));
    }

    #[test]
    fn what_time_parse_rejects_stays_text() {
        for text in [
            "2001-12-14 21:59:43.10 -5",
            "2001-13-01",
            "2023-02-29",
            "2001-12-14T21:59:43",
            "20011-12-14",
            "2001-123-1",
            "2001-12-14x",
            "1.2.3",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
