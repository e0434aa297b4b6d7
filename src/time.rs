//! Reading the times people write in incident files.
//!
//! Accepted forms, each optionally prefixed with `~` to mark it approximate:
//! `YYYY-MM-DD HH:MM[:SS]` in the site's zone, RFC 3339 with an offset
//! (`2023-03-29T03:30:00+08:00`), and, where a previous date is known, a bare `HH:MM[:SS]`.

mod fixed;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

/// A point in time as written in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenTime {
    pub at: Timestamp,
    /// Written with a leading `~`: the source does not know the exact time.
    pub approximate: bool,
}

/// What was wrong with a time, worded for the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TimeError {
    pub message: String,
    pub hint: String,
    /// A bare `HH:MM` with no date to take: after an earlier time that could not be read,
    /// this follows from that mistake and need not be reported again.
    pub needs_date: bool,
}

/// A time that was read, but only by choosing between two readings: worth a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TimeWarning {
    pub message: String,
    pub hint: String,
}

const HINT: &str = "write YYYY-MM-DD HH:MM (site time zone), RFC 3339 with an offset such as 2023-03-29T03:30:00+08:00, or HH:MM after a dated entry";

/// Parses `text`. A bare time takes `previous_date` (a date in `tz`); without one it is an error.
/// A local time that happens twice in `tz` takes the earlier instant: [`parse_noting`] also
/// says so.
pub(crate) fn parse(
    text: &str,
    tz: &TimeZone,
    previous_date: Option<Date>,
) -> Result<WrittenTime, TimeError> {
    parse_noting(text, tz, previous_date).map(|(t, _)| t)
}

/// Like [`parse`], with a warning when the local time written is ambiguous (a clock that was
/// set back passes it twice) and the earlier reading was taken.
pub(crate) fn parse_noting(
    text: &str,
    tz: &TimeZone,
    previous_date: Option<Date>,
) -> Result<(WrittenTime, Option<TimeWarning>), TimeError> {
    parse_noting_after(text, tz, || previous_date)
}

/// [`parse_noting`] asking for the previous date only when a bare time needs it: a timeline
/// finds it from the entry above, a time zone lookup per entry, and most entries are
/// written in full.
pub(crate) fn parse_noting_after(
    text: &str,
    tz: &TimeZone,
    previous_date: impl FnOnce() -> Option<Date>,
) -> Result<(WrittenTime, Option<TimeWarning>), TimeError> {
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
    let (at, warning) = if body.len() > 10 && body.as_bytes()[10] == b'T' || has_offset(body) {
        let at = match fixed::timestamp(body) {
            Some(at) => at,
            None => body
                .parse::<Timestamp>()
                .map_err(|_| fail(format!("cannot read time '{body}'")))?,
        };
        (at, None)
    } else if body.len() <= 8 && body.contains(':') && !body.contains('-') {
        let time = parse_clock(body).ok_or_else(|| fail(format!("cannot read time '{body}'")))?;
        let date = previous_date().ok_or_else(|| TimeError {
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
    Ok((WrittenTime { at, approximate }, warning))
}

/// RFC 3339 with the zone's offset and whole seconds (`2023-03-29T03:30:00+08:00`), as
/// `<time datetime>`, Atom and JSON Feed want it. Written directly: jiff's `strftime`
/// interprets its format on every call, and a large site writes several per incident.
pub(crate) fn rfc3339(zoned: &jiff::ZonedDateTime) -> String {
    let (year, offset) = (zoned.year(), zoned.offset().seconds());
    // Years outside 0–9999 and historic offsets with seconds take the general path.
    if !(0..=9999).contains(&year) || offset % 60 != 0 {
        return zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
    }
    let sign = if offset < 0 { b'-' } else { b'+' };
    let (oh, om) = (offset.abs() / 3600, offset.abs() / 60 % 60);
    // Digits written by hand: `write!` with widths cost ten times as much, and a large site
    // writes this for every time it shows.
    let mut out = [0u8; 25];
    let two = |out: &mut [u8], at: usize, n: i32| {
        out[at] = b'0' + (n / 10 % 10) as u8;
        out[at + 1] = b'0' + (n % 10) as u8;
    };
    let year = i32::from(year);
    two(&mut out, 0, year / 100);
    two(&mut out, 2, year % 100);
    two(&mut out, 5, i32::from(zoned.month()));
    two(&mut out, 8, i32::from(zoned.day()));
    two(&mut out, 11, i32::from(zoned.hour()));
    two(&mut out, 14, i32::from(zoned.minute()));
    two(&mut out, 17, i32::from(zoned.second()));
    two(&mut out, 20, oh);
    two(&mut out, 23, om);
    for (at, byte) in [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')] {
        out[at] = byte;
    }
    (out[19], out[22]) = (sign, b':');
    // ASCII only: never the empty default.
    std::str::from_utf8(&out).unwrap_or_default().to_string()
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

/// `dt` in `tz`. A local time the clocks skipped (a gap, when daylight saving time begins)
/// is an error naming both instants it could mean; one they passed twice (a fold, when it
/// ends) takes the earlier instant, with a warning. Most software silently moves a gap
/// forward, which put entries an hour away from where their author meant.
fn zoned(dt: DateTime, tz: &TimeZone) -> Result<(Timestamp, Option<TimeWarning>), TimeError> {
    let fail = |message: String, hint: String| TimeError {
        message,
        hint,
        needs_date: false,
    };
    let reading = |offset: Offset| {
        offset
            .to_timestamp(dt)
            .map_err(|e| fail(format!("time {dt} is out of range: {e}"), HINT.into()))
    };
    let zone = tz.iana_name().unwrap_or("the site's time zone");
    let written = dt.strftime("%Y-%m-%d %H:%M").to_string();
    let show = |at: Timestamp| rfc3339(&at.to_zoned_datetime(tz.clone()));
    match tz.to_ambiguous_timestamp(dt).offset() {
        AmbiguousOffset::Unambiguous { offset } => Ok((reading(offset)?, None)),
        AmbiguousOffset::Gap { before, after } => {
            // Read with the offset before the change, the time falls after it, and the reverse.
            let (late, early) = (reading(before)?, reading(after)?);
            Err(fail(
                format!(
                    "{written} does not exist in {zone}: the clocks went forward {} there (from {before} to {after}) and skipped it",
                    span_words(after.duration_since(before)),
                    before = offset_text(before),
                    after = offset_text(after),
                ),
                format!(
                    "write the instant you mean with its offset: {} ({written} on the clock before the change) or {} ({written} on the clock after it)",
                    show(late),
                    show(early)
                ),
            ))
        }
        AmbiguousOffset::Fold { before, after } => {
            let first = reading(before)?;
            let warning = TimeWarning {
                message: format!(
                    "{written} happens twice in {zone} (the clocks went back {} there): read as the first, {}",
                    span_words(before.duration_since(after)),
                    show(first)
                ),
                hint: format!(
                    "add the offset you mean: {} (the first, before the change) or {} (the second, after it)",
                    fixed(dt, before),
                    fixed(dt, after)
                ),
            };
            Ok((first, Some(warning)))
        }
    }
}

/// An offset as RFC 3339 writes it: `-05:00`, `+08:00`.
fn offset_text(offset: Offset) -> String {
    let secs = offset.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", secs.abs() / 3600, secs.abs() / 60 % 60)
}

/// `dt` written with `offset`, as RFC 3339.
fn fixed(dt: DateTime, offset: Offset) -> String {
    match offset.to_timestamp(dt) {
        Ok(at) => rfc3339(&at.to_zoned_datetime(TimeZone::fixed(offset))),
        Err(_) => dt.to_string(),
    }
}

/// A length of time in words for people: `2 h 30 min`, `45 min`, `3 d 4 h`, `20 s`.
pub(crate) fn span_words(span: SignedDuration) -> String {
    let secs = span.as_secs().unsigned_abs();
    let (d, h, m) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{secs} s"),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

/// The calendar date of `at` in `tz`.
pub(crate) fn date_in(at: Timestamp, tz: &TimeZone) -> Date {
    at.to_zoned_datetime(tz.clone()).date()
}

/// An instant as the authoring commands write it: date and minute in the site's zone.
pub(crate) fn local_minute(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned_datetime(zone.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
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
    fn a_time_the_clocks_skipped_is_an_error_naming_both_readings() {
        let ny = TimeZone::get("America/New_York").unwrap();
        let e = parse("2026-03-08 02:30", &ny, None).unwrap_err();
        assert_eq!(
            e.message,
            "2026-03-08 02:30 does not exist in America/New_York: the clocks went forward 1 h there (from -05:00 to -04:00) and skipped it"
        );
        assert_eq!(
            e.hint,
            "write the instant you mean with its offset: 2026-03-08T03:30:00-04:00 (2026-03-08 02:30 on the clock before the change) or 2026-03-08T01:30:00-05:00 (2026-03-08 02:30 on the clock after it)"
        );
        // Both readings are real instants, an hour apart, that read back unchanged.
        for reading in ["2026-03-08T03:30:00-04:00", "2026-03-08T01:30:00-05:00"] {
            assert!(parse(reading, &ny, None).is_ok(), "{reading}");
        }
        // Just outside the gap is fine.
        assert!(
            parse_noting("2026-03-08 01:59", &ny, None)
                .unwrap()
                .1
                .is_none()
        );
        assert!(
            parse_noting("2026-03-08 03:00", &ny, None)
                .unwrap()
                .1
                .is_none()
        );
    }

    #[test]
    fn a_time_that_happens_twice_takes_the_first_and_says_so() {
        let ny = TimeZone::get("America/New_York").unwrap();
        let (t, warning) = parse_noting("2026-11-01 01:30", &ny, None).unwrap();
        assert_eq!(t.at.to_string(), "2026-11-01T05:30:00Z");
        let warning = warning.expect("a warning");
        assert_eq!(
            warning.message,
            "2026-11-01 01:30 happens twice in America/New_York (the clocks went back 1 h there): read as the first, 2026-11-01T01:30:00-04:00"
        );
        assert_eq!(
            warning.hint,
            "add the offset you mean: 2026-11-01T01:30:00-04:00 (the first, before the change) or 2026-11-01T01:30:00-05:00 (the second, after it)"
        );
        let (t, warning) = parse_noting("2026-11-01T01:30:00-05:00", &ny, None).unwrap();
        assert_eq!(
            (t.at.to_string(), warning),
            ("2026-11-01T06:30:00Z".into(), None)
        );
    }

    #[test]
    fn spans_in_words() {
        let words = |mins| span_words(SignedDuration::from_mins(mins));
        assert_eq!(words(150), "2 h 30 min");
        assert_eq!(words(480), "8 h");
        assert_eq!(words(45), "45 min");
        assert_eq!(words(3 * 1440 + 61), "3 d 1 h");
        assert_eq!(span_words(SignedDuration::from_secs(20)), "20 s");
    }
}
