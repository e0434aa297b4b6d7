//! Reading a timeline or statement entry's heading: its time (a bare `HH:MM` takes the date
//! of the entry above) and, for the timeline, its status word.

use jiff::civil::Date;

use super::{Heading, Source};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, did_you_mean};
use crate::model::{Kind, UpdateStatus};
use crate::time;

/// The date a bare `HH:MM` entry time takes: the date of the entry above.
pub(super) struct EntryDates {
    previous: Option<Date>,
    /// An entry's time could not be read: the bare times after it have no date because of
    /// that one mistake, which is reported once rather than once per entry.
    lost: bool,
}

impl EntryDates {
    pub(super) fn starting(previous: Option<Date>) -> Self {
        EntryDates {
            previous,
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
        match time::parse_noting(text, &config.timezone, self.previous) {
            Ok((t, warning)) => {
                if let Some(w) = warning {
                    let d =
                        Diagnostic::warning(Code::AmbiguousTime, src.rel, w.message).hint(w.hint);
                    problems.push(src.at(d, h.range.start, h.text, text));
                }
                self.previous = Some(time::date_in(t.at, &config.timezone));
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
    let allowed: Vec<UpdateStatus> = match kind {
        Some(kind) => UpdateStatus::allowed(kind).to_vec(),
        None => [&UpdateStatus::INCIDENT[..], &UpdateStatus::MAINTENANCE].concat(),
    };
    let parsed = UpdateStatus::parse(status_text);
    if let Some(s) = parsed.filter(|s| allowed.contains(s)) {
        return Some(s);
    }
    let words: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
    let what = match kind {
        Some(Kind::Maintenance) => "maintenance",
        _ => "incident",
    };
    let hint = match did_you_mean(&status_text.to_lowercase(), words.iter().copied()) {
        Some(best) if parsed.is_none() => format!("did you mean '{best}'?"),
        _ => format!("{what} statuses are: {}", words.join(", ")),
    };
    let message = match parsed {
        Some(_) => format!("'{status_text}' is not a status for {what} entries"),
        None => format!("unknown status '{status_text}'"),
    };
    problems.push(src.at(
        Diagnostic::error(Code::UnknownStatus, src.rel, message).hint(hint),
        h.range.start,
        h.text,
        status_text,
    ));
    None
}
