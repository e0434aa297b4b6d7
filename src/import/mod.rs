//! `bulletin import`: moves a status page's history from Atlassian Statuspage (its public v2
//! JSON, fetched or saved) or from a cState (Hugo) site into a Bulletin site.
//!
//! Each source is read into one neutral form, [`Imported`] (a catalogue and incidents with
//! their timelines), with a [`Report`] line for every decision taken on odd data; [`write`]
//! then turns it into `bulletin.yaml` and incident files, safely: it never overwrites a file
//! someone edited since the last import (the hashes of what it wrote are kept in
//! `.bulletin-import.json`), and `--dry-run` only says what it would do.
//!
//! Decisions and a worked example: docs/import.md.

use jiff::Timestamp;
use jiff::tz::Offset;

use crate::model::{ComponentStatus, Impact, UpdateStatus};

mod add;
pub mod cstate;
#[cfg(feature = "import-fetch")]
pub mod fetch;
pub(crate) mod html;
pub(crate) mod ids;
pub(crate) mod read;
mod record;
pub(crate) mod report;
pub mod statuspage;
mod text;
pub mod write;

pub use ids::{Taken, work};
pub use record::RECORD_FILE;
pub use report::Report;

/// A product of the catalogue to write (a Statuspage component group, a cState category).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub features: Vec<Feature>,
}

/// A feature of a product (a Statuspage component, a cState system).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
}

/// A moment as the source wrote it: the instant and the offset it was written with, so the
/// incident file shows the time the way the source page did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    pub at: Timestamp,
    pub offset: Offset,
}

impl Stamp {
    /// Reads an RFC 3339 time (`2021-06-08T10:36:51.123-07:00`, `…Z`); fractions of a
    /// second are dropped, since incident files are read to the second.
    pub fn parse(text: &str) -> Option<Stamp> {
        let at: Timestamp = text.trim().parse().ok()?;
        let at = Timestamp::from_second(at.as_second()).ok()?;
        Some(Stamp {
            at,
            offset: offset_of(text.trim()),
        })
    }

    /// RFC 3339 with the source's offset, as incident files accept it.
    pub(crate) fn written(&self) -> String {
        self.at.display_with_offset(self.offset).to_string()
    }

    /// The calendar date in the source's offset (`YYYY-MM-DD`), for slugs.
    pub(crate) fn date(&self) -> String {
        self.at
            .to_zoned_datetime(self.offset.to_time_zone())
            .strftime("%Y-%m-%d")
            .to_string()
    }
}

/// The offset at the end of an RFC 3339 time: `Z`, or `±HH:MM` / `±HHMM`. The instant is
/// parsed by jiff; only the written offset is read here, to write the time back with it.
fn offset_of(text: &str) -> Offset {
    let time_part = text.rsplit(['T', 't', ' ']).next().unwrap_or("");
    let Some(sign_at) = time_part.rfind(['+', '-']) else {
        return Offset::UTC;
    };
    let sign = if time_part.as_bytes()[sign_at] == b'-' {
        -1
    } else {
        1
    };
    let digits: String = time_part[sign_at + 1..]
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let (h, m) = match digits.len() {
        2 => (digits[..2].parse().unwrap_or(0), 0),
        4 => (
            digits[..2].parse().unwrap_or(0),
            digits[2..].parse().unwrap_or(0),
        ),
        _ => return Offset::UTC,
    };
    Offset::from_seconds(sign * (h * 3600 + m * 60)).unwrap_or(Offset::UTC)
}

/// One timeline entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub at: Stamp,
    pub status: UpdateStatus,
    /// Component statuses this entry changes (its `Affects:` line).
    pub changes: Vec<(String, ComponentStatus)>,
    /// Markdown.
    pub body: String,
}

/// One incident or maintenance, ready to be written.
#[derive(Debug, Clone)]
pub struct Incident {
    /// Where it came from (`statuspage:<id>`, `cstate:<file>`): the key that keeps its file
    /// name from one import to the next.
    pub source_id: String,
    pub title: String,
    pub maintenance: bool,
    pub impact: Option<Impact>,
    /// The component statuses at the start (front matter `affected`).
    pub affected: Vec<(String, ComponentStatus)>,
    /// A start earlier than the first entry (front matter `started`).
    pub started: Option<Stamp>,
    /// A maintenance window.
    pub window: Option<(Stamp, Stamp)>,
    /// Markdown before the timeline.
    pub summary: String,
    /// Oldest first.
    pub entries: Vec<Entry>,
    /// Further `##` sections: title and Markdown (a postmortem, updates after resolution).
    pub sections: Vec<(String, String)>,
}

impl Incident {
    /// An incident from `source_id` with nothing in it yet: the converters fill it in.
    pub(crate) fn new(source_id: String, title: String, maintenance: bool) -> Incident {
        Incident {
            source_id,
            title,
            maintenance,
            impact: None,
            affected: vec![],
            started: None,
            window: None,
            summary: String::new(),
            entries: vec![],
            sections: vec![],
        }
    }

    /// When it began, for its file name's date.
    pub(crate) fn first_stamp(&self) -> Option<Stamp> {
        let first = self.entries.first().map(|e| e.at);
        match (self.started, first) {
            (Some(s), Some(f)) => Some(s.min(f)),
            (s, f) => s.or(f),
        }
    }
}

/// What a source gives: site settings, the catalogue and the incidents, with the report of
/// every decision taken while reading it.
#[derive(Debug, Clone)]
pub struct Imported {
    pub title: String,
    pub base_url: String,
    pub timezone: String,
    pub products: Vec<Product>,
    pub incidents: Vec<Incident>,
    pub report: Report,
}

/// The id `name` makes (`[a-z0-9][a-z0-9-]*`, `bulletin new`'s slug rules), before any suffix.
pub(crate) fn base_id(name: &str, fallback: &str) -> String {
    let base = crate::authoring::slugify(name);
    if base == "incident" && !name.to_ascii_lowercase().contains("incident") {
        return fallback.to_string();
    }
    base
}

/// Turns `name` into an id not yet in `taken`, adding `-2`, `-3`, … when needed.
pub(crate) fn unique_id(name: &str, fallback: &str, taken: &mut Taken) -> String {
    taken.claim(&base_id(name, fallback))
}

/// A name or title from the source as one line of text: control and invisible format
/// characters (NUL, ESC, bidirectional overrides: `text::is_unsafe`, the rules titles and
/// names of a site follow) and odd spaces become spaces, runs of spaces one. They are cleaned
/// rather than refused, with a report line naming what was removed, so that one bad name
/// does not stop a whole import (the history behind the name is worth keeping); `fallback`
/// stands in for a name left empty.
pub(crate) fn clean_name(name: &str, what: &str, fallback: &str, report: &mut Report) -> String {
    if let Some((_, c)) = crate::text::unsafe_char(name) {
        report.decide(
            &format!("{what} '{}'", crate::text::escape_unsafe(name)),
            format!(
                "its name holds {} or other invisible characters: each became a space",
                crate::text::describe(c)
            ),
        );
    }
    let cleaned: String = name
        .chars()
        .map(|c| {
            if crate::text::is_unsafe(c) || c == '\u{a0}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if cleaned.is_empty() {
        fallback.to_string()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_keep_their_offset() {
        let s = Stamp::parse("2021-06-08T10:36:51.123-07:00").unwrap();
        assert_eq!(s.written(), "2021-06-08T10:36:51-07:00");
        assert_eq!(Stamp::parse("2021-06-08T17:36:51Z").unwrap().at, s.at);
        assert_eq!(
            Stamp::parse("2021-06-09T01:06:51+0830").unwrap().written(),
            "2021-06-09T01:06:51+08:30"
        );
        assert_eq!(s.date(), "2021-06-08");
    }

    #[test]
    fn ids_are_unique() {
        let mut taken = Taken::default();
        assert_eq!(unique_id("API", "c", &mut taken), "api");
        assert_eq!(unique_id("Api!", "c", &mut taken), "api-2");
        assert_eq!(unique_id("!!!", "component", &mut taken), "component");
    }

    #[test]
    fn names_lose_control_and_bidi_characters_with_a_report_line() {
        let mut report = Report::default();
        let name = clean_name(
            "Log\u{0}in\u{1b}[31m \u{202e}API",
            "component",
            "Component",
            &mut report,
        );
        assert_eq!(name, "Log in [31m API");
        assert_eq!(report.decisions.len(), 1, "{:?}", report.decisions);
        assert!(
            report.decisions[0].contains("\\u{0000}"),
            "{:?}",
            report.decisions
        );
        assert_eq!(
            clean_name("\u{202e}", "component", "Component", &mut report),
            "Component"
        );
        let before = report.decisions.len();
        assert_eq!(
            clean_name(" Plain  name ", "component", "C", &mut report),
            "Plain name"
        );
        assert_eq!(report.decisions.len(), before);
    }
}
