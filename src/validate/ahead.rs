//! Entries dated after "now": they are not published until their time comes (derive hides
//! them), which is right for a scheduled note and a silent lie for a time-zone slip. The
//! author hears about each one, how far ahead it is and, when the gap is a whole number of
//! hours, which zone the time was probably written in.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::Incident;
use crate::time;

/// How far from a whole number of hours a gap may be and still look like a zone mistake:
/// the entry was typed a few minutes before or after the check ran.
const SLACK: SignedDuration = SignedDuration::from_mins(10);

/// Something `inc` publishes only later: a timeline entry or statement dated after now.
#[derive(Debug, Clone)]
pub(crate) struct Ahead {
    /// `FutureEntry` or `FutureStatement`.
    pub code: Code,
    /// "this 'monitoring' entry", "this statement by Ops".
    pub what: String,
    pub line: usize,
    pub at: Timestamp,
}

/// Every timeline entry and statement of `inc` dated after `now`, in the file's order of
/// sections. A maintenance window ahead is normal and not looked at. `check` warns about
/// each; `serve` sums them up in its note.
pub(crate) fn ahead(inc: &Incident, now: Timestamp) -> impl Iterator<Item = Ahead> + '_ {
    let updates = inc
        .updates
        .iter()
        .filter(move |u| u.time.at > now)
        .map(|u| Ahead {
            code: Code::FutureEntry,
            what: format!("this '{}' entry", u.status.as_str()),
            line: u.line(),
            at: u.time.at,
        });
    let statements = inc
        .statements
        .iter()
        .filter(move |s| s.time.at > now)
        .map(|s| Ahead {
            code: Code::FutureStatement,
            what: format!("this statement by {}", s.by),
            line: s.line,
            at: s.time.at,
        });
    updates.chain(statements)
}

/// Warns about every timeline entry and statement of `inc` dated after `now` (see [`ahead`]).
pub(super) fn check(inc: &Incident, now: Timestamp, tz: &TimeZone, out: &mut Diagnostics) {
    for a in ahead(inc, now) {
        out.push(warning(inc, a.code, &a.what, a.line, a.at, now, tz));
    }
}

fn warning(
    inc: &Incident,
    code: Code,
    what: &str,
    line: usize,
    at: Timestamp,
    now: Timestamp,
    tz: &TimeZone,
) -> Diagnostic {
    let ahead = at.duration_since(now);
    let message = format!(
        "{what} is dated {} ahead of now: it is not published until then",
        time::span_words(ahead)
    );
    let publish =
        "an entry dated after now is published when its time comes (`serve` shows it then)";
    let hint = match zone_slip(ahead, now, tz) {
        Some(slip) => format!(
            "{slip} If so, write the time in the site's zone or with its offset; otherwise {publish}"
        ),
        None => {
            format!("if it has already happened, correct its date and time; otherwise {publish}")
        }
    };
    Diagnostic::warning(code, &inc.file, message)
        .at(line, 5)
        .hint(hint)
}

/// "this is 8 h ahead: did you write UTC+8 time on a UTC site (…)?" when `ahead` is within
/// [`SLACK`] of a whole number of hours (one or more) and the zone it implies exists.
pub(crate) fn zone_slip(ahead: SignedDuration, now: Timestamp, tz: &TimeZone) -> Option<String> {
    let hours = (ahead.as_secs() + SLACK.as_secs()) / 3600;
    let off_by = ahead - SignedDuration::from_hours(hours);
    if hours < 1 || off_by.abs() > SLACK {
        return None;
    }
    let site = tz.to_offset(now).seconds();
    let guess = site + i32::try_from(hours).ok()? * 3600;
    // Offsets in use run from UTC-12 to UTC+14.
    if !(-12 * 3600..=14 * 3600).contains(&guess) {
        return None;
    }
    let zone = tz.iana_name().unwrap_or("your zone");
    Some(format!(
        "this is {hours} h ahead: did you write {} time on a {} site (timezone: {zone} in bulletin.yaml)?",
        utc_label(guess),
        utc_label(site)
    ))
}

/// `UTC`, `UTC+8`, `UTC-5`, `UTC+5:30`.
fn utc_label(seconds: i32) -> String {
    let (sign, abs) = (if seconds < 0 { '-' } else { '+' }, seconds.abs());
    match (abs / 3600, abs / 60 % 60) {
        (0, 0) => "UTC".into(),
        (h, 0) => format!("UTC{sign}{h}"),
        (h, m) => format!("UTC{sign}{h}:{m:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-11-23T02:30:00Z".parse().unwrap()
    }

    #[test]
    fn a_whole_number_of_hours_ahead_names_the_zone_it_was_probably_written_in() {
        let ahead = SignedDuration::from_mins(8 * 60 + 4);
        assert_eq!(
            zone_slip(ahead, now(), &TimeZone::UTC).as_deref(),
            Some(
                "this is 8 h ahead: did you write UTC+8 time on a UTC site (timezone: UTC in bulletin.yaml)?"
            )
        );
        let ny = TimeZone::get("America/New_York").unwrap();
        let guess = zone_slip(SignedDuration::from_hours(13), now(), &ny);
        assert_eq!(
            guess.as_deref(),
            Some(
                "this is 13 h ahead: did you write UTC+8 time on a UTC-5 site (timezone: America/New_York in bulletin.yaml)?"
            )
        );
        let early = SignedDuration::from_mins(8 * 60 - 9);
        assert!(zone_slip(early, now(), &TimeZone::UTC).is_some());
    }

    #[test]
    fn other_gaps_name_no_zone() {
        for mins in [30, 150, 8 * 60 + 11, 7 * 60 + 49, 15 * 60, 24 * 60] {
            let ahead = SignedDuration::from_mins(mins);
            assert_eq!(zone_slip(ahead, now(), &TimeZone::UTC), None, "{mins} min");
        }
    }
}
