//! What `serve` tells the author about what the page is not showing yet, or no longer keeps:
//! entries dated ahead of now (held back until their time: right for a scheduled note, a
//! silent lie for a time-zone slip) and a promised next update whose time has passed. Printed
//! in the terminal and shown at the top of every page `serve` sends; never in `build`'s output.
//!
//! The facts are validation's ([`validate::ahead`], [`validate::promise`]): the same rules
//! `check` warns by, worded here as one line per incident.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::model::Incident;
use crate::validate::{ahead, promise};
use crate::{content, time};

/// One note: its words, and the fact it states without "in 5 min" or "3 min ago", which
/// change every minute: the terminal hears of a note again only when its fact changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub fact: (std::path::PathBuf, Timestamp, usize),
}

/// The notes for `incidents` (as written, before anything is held back) at `now`.
pub(crate) fn notes<'a>(
    incidents: impl IntoIterator<Item = &'a Incident>,
    now: Timestamp,
    tz: &TimeZone,
) -> Vec<Note> {
    let mut out = Vec::new();
    for inc in incidents {
        out.extend(held_back(inc, now, tz));
        if let Some(p) = promise::passed(inc, now) {
            let text = format!(
                "{}: the next update was promised for {} ({} ago) — post one, with --next for the one after",
                inc.file.display(),
                clock(p.at, now, tz),
                time::span_words(now.duration_since(p.at)),
            );
            let fact = (inc.file.clone(), p.at, 0);
            out.push(Note { text, fact });
        }
    }
    out
}

/// Prints the notes in the terminal, one line each.
pub(crate) fn say(notes: &[Note]) {
    for note in notes {
        crate::outln!("  note: {}", note.text);
    }
}

/// "incidents/x.md: 1 update scheduled for 11:10 (in 5 min), not shown yet — …", when `inc`
/// has entries or statements dated after `now`.
fn held_back(inc: &Incident, now: Timestamp, tz: &TimeZone) -> Option<Note> {
    let waiting: Vec<ahead::Ahead> = ahead::ahead(inc, now).collect();
    let first = waiting.iter().map(|a| a.at).min()?;
    let updates_only = waiting
        .iter()
        .all(|a| a.code == crate::diagnostics::Code::FutureEntry);
    let noun = match (waiting.len(), updates_only) {
        (1, true) => "update",
        (_, true) => "updates",
        (1, false) => "entry",
        (_, false) => "entries",
    };
    let gap = first.duration_since(now);
    let when = format!("{} (in {})", clock(first, now, tz), time::span_words(gap));
    let scheduled = match waiting.len() {
        1 => format!("1 {noun} scheduled for {when}"),
        n => format!("{n} {noun} scheduled, the first for {when}"),
    };
    let advice = ahead::zone_slip(gap, now, tz).unwrap_or_else(|| {
        "shown when its time comes; if it has already happened, correct its time".into()
    });
    let text = format!(
        "{}: {scheduled}, not shown yet — {advice}",
        inc.file.display()
    );
    let fact = (inc.file.clone(), first, waiting.len());
    Some(Note { text, fact })
}

/// `11:10` on the day of `now`, else `2026-04-21 11:10`, in the site's zone.
fn clock(at: Timestamp, now: Timestamp, tz: &TimeZone) -> String {
    let full = content::write::local_minute(at, tz);
    if time::date_in(at, tz) == time::date_in(now, tz) {
        full.split_once(' ')
            .map_or(full.clone(), |(_, c)| c.to_string())
    } else {
        full
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn incident(text: &str) -> Incident {
        let root = Path::new("/nonexistent");
        let config = "title: T\nbase_url: https://status.example.com/\ntimezone: UTC\nproducts:\n  - id: web\n    name: Web\n";
        let config = crate::config::parse(root, config, None).expect("config");
        let rel = Path::new("incidents/x.md");
        let (parsed, problems) = crate::content::parse(&config, rel, text);
        let parsed = parsed.unwrap_or_else(|| panic!("{problems:?}"));
        std::sync::Arc::unwrap_or_clone(parsed.incident)
    }

    const HEAD: &str = "---\ntitle: T\naffected:\n  web: major_outage\n---\n\n## Timeline\n\n### 2026-12-06 11:00 · investigating\n\nLooking.\n";

    fn notes(incidents: [&Incident; 1], now: Timestamp, tz: &TimeZone) -> Vec<String> {
        super::notes(incidents, now, tz)
            .into_iter()
            .map(|n| n.text)
            .collect()
    }

    #[test]
    fn an_entry_ahead_and_a_passed_promise_are_each_one_line() {
        let now: Timestamp = "2026-12-06T11:05:00Z".parse().unwrap();
        let inc = incident(&format!("{HEAD}\n### 11:10 · monitoring\n\nWatching.\n"));
        assert_eq!(
            notes([&inc], now, &TimeZone::UTC),
            [
                "incidents/x.md: 1 update scheduled for 11:10 (in 5 min), not shown yet — shown when its time comes; if it has already happened, correct its time"
            ]
        );
        // Eight hours ahead on a UTC site: probably written in UTC+8.
        let inc = incident(&format!(
            "{HEAD}\n### 19:05 · monitoring\n\nA.\n\n### 19:06 · resolved\n\nB.\n"
        ));
        let said = notes([&inc], now, &TimeZone::UTC);
        assert_eq!(said.len(), 1);
        assert!(
            said[0].starts_with("incidents/x.md: 2 updates scheduled, the first for 19:05 (in 8 h), not shown yet — this is 8 h ahead: did you write UTC+8 time on a UTC site"),
            "{said:?}"
        );
        let inc = incident(&HEAD.replace("Looking.", "Next update: 11:02\n\nLooking."));
        assert_eq!(
            notes([&inc], now, &TimeZone::UTC),
            [
                "incidents/x.md: the next update was promised for 11:02 (3 min ago) — post one, with --next for the one after"
            ]
        );
        assert!(notes([&incident(HEAD)], now, &TimeZone::UTC).is_empty());
    }
}
