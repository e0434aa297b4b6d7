//! An entry's promise of the next update: a `Next update: 11:35` line at the top of a timeline
//! entry, beside its `Affects:` lines (docs/format.md, "Next update").
//!
//! A line rather than a heading part or a front-matter field: the promise belongs to one entry
//! (the next entry replaces it), reads as plain English in the file and in a diff, and is
//! written the way every other entry time is: a bare `HH:MM` takes the entry's own date, in
//! the site's zone. It is an absolute time, not "in 30 min": the file says what the page says.

use jiff::Timestamp;

use super::Source;
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::NextUpdate;
use crate::time::{self, WrittenTime};

/// The words that start a promise line (compared case-insensitively), each followed by `:`
/// or a full-width `：`.
const KEYWORDS: [&str; 2] = ["next update", "下次更新"];

/// The rest of `line` after a promise keyword and its colon, if it is a promise line.
pub(super) fn after_keyword(line: &str) -> Option<&str> {
    super::after_keyword(line, &KEYWORDS)
}

/// What reading one entry's promise needs: the site's zone, the entry's own time, and where
/// to report.
pub(super) struct PromiseReader<'a> {
    pub config: &'a Config,
    pub src: &'a Source<'a>,
    pub entry: WrittenTime,
}

impl PromiseReader<'_> {
    /// Reads the promise line starting at body offset `line_start`. A time that cannot be read,
    /// or that is before the entry itself, is an error.
    pub(super) fn read(
        &self,
        line_start: usize,
        line: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<NextUpdate> {
        let rest = after_keyword(line)?;
        let written = rest.trim();
        let (line_no, src) = (self.src.line(line_start), self.src);
        let column = crate::text::column_of(line, written).unwrap_or(1);
        let tz = &self.config.timezone;
        let date = time::date_in(self.entry.at, tz);
        let at = match time::parse(written, tz, Some(date)) {
            Ok(t) => t.at,
            Err(e) => {
                problems.push(
                    Diagnostic::error(Code::BadTime, src.rel, e.message)
                        .at(line_no, column)
                        .length(written.chars().count().max(1))
                        .hint("write when the next update is due: `Next update: 11:35` (the entry's date, site time zone) or `Next update: 2026-04-21 00:30`"),
                );
                return None;
            }
        };
        if at < self.entry.at {
            problems.push(before_entry(
                src,
                line_no,
                column,
                written,
                self.entry.at,
                tz,
            ));
            return None;
        }
        Some(NextUpdate {
            at,
            line: line_no,
            column,
        })
    }
}

fn before_entry(
    src: &Source,
    line_no: usize,
    column: usize,
    written: &str,
    entry: Timestamp,
    tz: &jiff::tz::TimeZone,
) -> Diagnostic {
    let entry_time = crate::time::local_minute(entry, tz);
    Diagnostic::error(
        Code::NextUpdateBeforeEntry,
        src.rel,
        format!("the next update is promised for {written}, before this entry ({entry_time})"),
    )
    .at(line_no, column)
    .length(written.chars().count().max(1))
    .hint("a bare time takes the entry's date; for a time after midnight write the date too, e.g. `Next update: 2026-04-21 00:30`")
}
