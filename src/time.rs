//! Reading the times people write in incident files.
//!
//! Accepted forms, each optionally prefixed with `~` to mark it approximate:
//! `YYYY-MM-DD HH:MM[:SS]` in the site's zone, RFC 3339 with an offset
//! (`2023-03-29T03:30:00+08:00`), and, where a previous date is known, a bare `HH:MM[:SS]`.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;

/// A point in time as written in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenTime {
    pub at: Timestamp,
    /// Written with a leading `~`: the source does not know the exact time.
    pub approximate: bool,
}

/// What was wrong with a time, worded for the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError {
    pub message: String,
    pub hint: String,
    /// A bare `HH:MM` with no date to take: after an earlier time that could not be read,
    /// this follows from that mistake and need not be reported again.
    pub needs_date: bool,
}

const HINT: &str = "write YYYY-MM-DD HH:MM (site time zone), RFC 3339 with an offset such as 2023-03-29T03:30:00+08:00, or HH:MM after a dated entry";

/// Parses `text`. A bare time takes `previous_date` (a date in `tz`); without one it is an error.
pub fn parse(
    text: &str,
    tz: &TimeZone,
    previous_date: Option<Date>,
) -> Result<WrittenTime, TimeError> {
    let trimmed = text.trim();
    let (approximate, body) = match trimmed.strip_prefix('~') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, trimmed),
    };
    let fail = |message: String| TimeError {
        message,
        hint: HINT.into(),
        needs_date: false,
    };
    if body.is_empty() {
        return Err(fail("missing time".into()));
    }
    let at = if body.len() > 10 && body.as_bytes()[10] == b'T' || has_offset(body) {
        body.parse::<Timestamp>()
            .map_err(|_| fail(format!("cannot read time '{body}'")))?
    } else if body.len() <= 8 && body.contains(':') && !body.contains('-') {
        let time = parse_clock(body).ok_or_else(|| fail(format!("cannot read time '{body}'")))?;
        let date = previous_date.ok_or_else(|| TimeError {
            message: format!("time '{body}' has no date"),
            hint: "the first entry of a section needs a full date: YYYY-MM-DD HH:MM".into(),
            needs_date: true,
        })?;
        zoned(date.to_datetime(time), tz)?
    } else {
        let (date, clock) = body
            .split_once([' ', 'T'])
            .ok_or_else(|| fail(format!("time '{body}' has no clock time")))?;
        let date: Date = jiff::fmt::strtime::parse("%Y-%m-%d", date)
            .and_then(|t| t.to_date())
            .map_err(|_| fail(format!("cannot read date '{date}'")))?;
        let time =
            parse_clock(clock.trim()).ok_or_else(|| fail(format!("cannot read time '{body}'")))?;
        zoned(date.to_datetime(time), tz)?
    };
    Ok(WrittenTime { at, approximate })
}

/// RFC 3339 with the zone's offset and whole seconds (`2023-03-29T03:30:00+08:00`), as
/// `<time datetime>`, Atom and JSON Feed want it. Written directly: jiff's `strftime`
/// interprets its format on every call, and a large site writes several per incident.
pub fn rfc3339(zoned: &jiff::ZonedDateTime) -> String {
    use std::fmt::Write;
    let (year, offset) = (zoned.year(), zoned.offset().seconds());
    // Years outside 0–9999 and historic offsets with seconds take the general path.
    if !(0..=9999).contains(&year) || offset % 60 != 0 {
        return zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let (oh, om) = (offset.abs() / 3600, offset.abs() / 60 % 60);
    let mut out = String::with_capacity(25);
    let _ = write!(
        out,
        "{year:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{oh:02}:{om:02}",
        zoned.month(),
        zoned.day(),
        zoned.hour(),
        zoned.minute(),
        zoned.second()
    );
    out
}

fn has_offset(s: &str) -> bool {
    s.ends_with('Z') || s.ends_with('z') || {
        // An offset is the last `+` or `-` followed by HH:MM, after the clock time.
        s.rfind(['+', '-']).is_some_and(|i| {
            i > 10
                && s[i + 1..].len() >= 2
                && s[i + 1..].bytes().all(|b| b.is_ascii_digit() || b == b':')
        })
    }
}

fn parse_clock(s: &str) -> Option<Time> {
    let format = if s.matches(':').count() == 2 {
        "%H:%M:%S"
    } else {
        "%H:%M"
    };
    jiff::fmt::strtime::parse(format, s).ok()?.to_time().ok()
}

fn zoned(dt: DateTime, tz: &TimeZone) -> Result<Timestamp, TimeError> {
    // Times in a DST gap or fold resolve as most software does ("compatible"): a gap moves
    // forward, a fold takes the earlier instant.
    tz.to_ambiguous_zoned_datetime(dt)
        .compatible()
        .map(|z| z.timestamp())
        .map_err(|e| TimeError {
            message: format!("time {dt} does not exist in the site's time zone: {e}"),
            hint: HINT.into(),
            needs_date: false,
        })
}

/// The calendar date of `at` in `tz`.
pub fn date_in(at: Timestamp, tz: &TimeZone) -> Date {
    at.to_zoned_datetime(tz.clone()).date()
}

#[cfg(test)]
mod tests {

    #[test]
    fn rfc3339_matches_strftime() {
        for zone in [
            "Asia/Shanghai",
            "America/New_York",
            "Asia/Kolkata",
            "UTC",
            "America/St_Johns",
        ] {
            let tz = TimeZone::get(zone).unwrap();
            for at in [
                "2023-03-28T19:30:00Z",
                "2024-07-01T00:00:05Z",
                "0999-12-31T23:59:59Z",
            ] {
                let zoned = at
                    .parse::<Timestamp>()
                    .unwrap()
                    .to_zoned_datetime(tz.clone());
                let expected = zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
                assert_eq!(rfc3339(&zoned), expected, "{zone} {at}");
            }
        }
    }
    use super::*;

    fn shanghai() -> TimeZone {
        TimeZone::get("Asia/Shanghai").unwrap()
    }

    #[test]
    fn reads_local_time_in_site_zone() {
        let t = parse("2023-03-29 03:30", &shanghai(), None).unwrap();
        assert_eq!(t.at.to_string(), "2023-03-28T19:30:00Z");
        assert!(!t.approximate);
    }

    #[test]
    fn reads_rfc3339_and_keeps_its_offset_meaning() {
        let t = parse("2023-03-29T03:30:00+08:00", &TimeZone::UTC, None).unwrap();
        assert_eq!(t.at.to_string(), "2023-03-28T19:30:00Z");
        let t = parse("2023-03-28T19:30:00Z", &shanghai(), None).unwrap();
        assert_eq!(t.at.to_string(), "2023-03-28T19:30:00Z");
    }

    #[test]
    fn bare_clock_inherits_date_and_tilde_marks_approximate() {
        let date = jiff::civil::date(2023, 3, 29);
        let t = parse("~ 04:05", &shanghai(), Some(date)).unwrap();
        assert!(t.approximate);
        assert_eq!(t.at.to_string(), "2023-03-28T20:05:00Z");
        assert!(parse("04:05", &shanghai(), None).is_err());
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "",
            "yesterday",
            "2023-13-01 10:00",
            "2023-03-29",
            "25:00",
            "2023-03-29 10:61",
        ] {
            assert!(
                parse(bad, &shanghai(), Some(jiff::civil::date(2023, 1, 1))).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn dst_gap_moves_forward() {
        let ny = TimeZone::get("America/New_York").unwrap();
        let t = parse("2024-03-10 02:30", &ny, None).unwrap();
        assert_eq!(t.at.to_string(), "2024-03-10T07:30:00Z");
    }
}
