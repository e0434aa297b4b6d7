//! Reading a timeline or statement entry's heading: its time (a bare `HH:MM` takes the date
//! of the entry above) and, for the timeline, its status word.

use jiff::Timestamp;
use jiff::civil::Date;

use super::{Heading, Source};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Kind, StatusProblem, UpdateStatus};
use crate::time;

/// The date a bare `HH:MM` entry time takes: the date of the entry above.
pub(super) struct EntryDates {
    previous: Option<Previous>,
    /// An entry's time could not be read: the bare times after it have no date because of
    /// that one mistake, which is reported once rather than once per entry.
    lost: bool,
}

/// What the entry above gives a bare time: a date, or the instant whose date in the site's
/// zone it is (found only if a bare time asks).
#[derive(Clone, Copy)]
enum Previous {
    Date(Date),
    At(Timestamp),
}

impl EntryDates {
    pub(super) fn starting(previous: Option<Date>) -> Self {
        EntryDates {
            previous: previous.map(Previous::Date),
            lost: false,
        }
    }

    /// Reads the time of the entry headed `h`, reporting it unless it only follows from an
    /// earlier unreadable time.
    pub(super) fn read(
        &mut self,
        config: &Config,
        src: &Source,
        h: &Heading,
        text: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<time::WrittenTime> {
        let (tz, previous) = (&config.timezone, self.previous);
        let date = || {
            previous.map(|p| match p {
                Previous::Date(date) => date,
                Previous::At(at) => time::date_in(at, tz),
            })
        };
        match time::parse_noting_after(text, tz, date) {
            Ok((t, warning)) => {
                if let Some(w) = warning {
                    let d =
                        Diagnostic::warning(Code::AmbiguousTime, src.rel, w.message).hint(w.hint);
                    problems.push(src.at(d, h.range.start, h.text, text));
                }
                self.previous = Some(Previous::At(t.at));
                self.lost = false;
                Some(t)
            }
            Err(e) => {
                if !(e.needs_date && self.lost) {
                    let d = Diagnostic::error(Code::BadTime, src.rel, e.message).hint(e.hint);
                    problems.push(src.at(d, h.range.start, h.text, text));
                }
                self.previous = None;
                self.lost = true;
                None
            }
        }
    }
}

/// The status word of a timeline entry, if it is one for `kind` (either kind's when the
/// kind could not be read: that problem is reported already).
pub(super) fn read_status(
    src: &Source,
    h: &Heading,
    status_text: &str,
    kind: Option<Kind>,
    problems: &mut Vec<Diagnostic>,
) -> Option<UpdateStatus> {
    let StatusProblem { message, hint } = match UpdateStatus::parse_for(status_text, kind) {
        Ok(status) => return Some(status),
        Err(problem) => problem,
    };
    problems.push(src.at(
        Diagnostic::error(Code::UnknownStatus, src.rel, message).hint(hint),
        h.range.start,
        h.text,
        status_text,
    ));
    None
}
