//! `bulletin maintenance cancel|reschedule|extend|complete`: a maintenance's plan changes, each
//! written as one new timeline entry (docs/format.md, "Changing a maintenance"). A new window
//! is the entry's `Window:` line, so what was announced before stays as it was: a build at an
//! earlier instant still shows the earlier window.

use jiff::Timestamp;

use super::{Outcome, already_closed, append_entry, entry, find};
use crate::config::Config;
use crate::content::write;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Incident, Kind, UpdateStatus, Window};
use crate::validate::not_started_hint;

/// What happens to the maintenance.
#[derive(Debug, Clone)]
pub enum Change {
    /// Called off, before or during its window.
    Cancel,
    /// A new window, before the current one starts: start and end as written (site zone or
    /// RFC 3339; a bare `HH:MM` end takes the start's date).
    Reschedule { start: String, end: String },
    /// A later end, while it is under way.
    Extend { end: String },
    /// Done (early or not), once its window has begun.
    Complete,
}

impl Change {
    /// The command's verb, for messages.
    fn verb(&self) -> &'static str {
        match self {
            Change::Cancel => "cancel",
            Change::Reschedule { .. } => "reschedule",
            Change::Extend { .. } => "extend",
            Change::Complete => "complete",
        }
    }
}

/// Appends the entry that makes `change` to the maintenance `slug`, dated `now`.
pub fn change_maintenance(
    config: &Config,
    now: Timestamp,
    slug: &str,
    change: &Change,
    message: Option<&str>,
) -> Outcome {
    let (rel, original, incident) = find(config, slug)?;
    let window = planned(&incident, change)?;
    if let Some(done) = incident.current_status().filter(|s| s.is_final()) {
        return Err(vec![already_closed(&incident, done, false)].into());
    }
    let (status, new_window) = step(config, now, &incident, window, change)?;
    let when = |t: Timestamp| write::local_minute(t, &config.timezone);
    let written = new_window.map(|w| (when(w.start), when(w.end)));
    let window_text = written.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
    let addition = entry(config, now, status, &[], message).text_announcing(window_text);
    append_entry(config, now, &rel, &original, &addition)
}

/// The maintenance's window as its file leaves it; an error for an incident.
fn planned(incident: &Incident, change: &Change) -> Result<Window, Vec<Diagnostic>> {
    match (incident.kind, incident.window()) {
        (Kind::Maintenance, Some(w)) => Ok(w),
        _ => Err(vec![
            refused(
                incident,
                format!(
                    "'{}' is an incident, not a maintenance: there is nothing to {}",
                    incident.slug,
                    change.verb()
                ),
            )
            .hint(format!(
                "`bulletin update {0} --status …` and `bulletin resolve {0}` change an incident",
                incident.slug
            )),
        ]),
    }
}

/// The entry's status and new window for `change` at `now`, or why it cannot be made then.
fn step(
    config: &Config,
    now: Timestamp,
    incident: &Incident,
    window: Window,
    change: &Change,
) -> Result<(UpdateStatus, Option<Window>), Vec<Diagnostic>> {
    let started = now >= window.start;
    let slug = &incident.slug;
    let at = |t: Timestamp| write::local_minute(t, &config.timezone);
    match change {
        Change::Cancel => Ok((UpdateStatus::Cancelled, None)),
        Change::Complete if !started => Err(vec![not_started(config, incident, window)]),
        Change::Complete => Ok((UpdateStatus::Completed, None)),
        Change::Reschedule { .. } if started => Err(vec![
            refused(incident, format!("'{slug}' began at {}: a maintenance under way is not rescheduled", at(window.start)))
                .hint(format!("give it a later end with `bulletin maintenance extend {slug} --end …`, or call it off with `bulletin maintenance cancel {slug} -m \"…\"`")),
        ]),
        Change::Reschedule { start, end } => {
            let new = read_window(config, start, end)?;
            if new.start < now {
                return Err(vec![command_line(format!("the new window starts at {}, before now ({})", at(new.start), at(now)))
                    .hint("a rescheduled maintenance starts later than now; to stop it, `bulletin maintenance cancel`")]);
            }
            Ok((UpdateStatus::Scheduled, Some(new)))
        }
        Change::Extend { .. } if !started => Err(vec![
            refused(incident, format!("'{slug}' has not started (its window begins at {}): only a maintenance under way is extended", at(window.start)))
                .hint(format!("to move its window, `bulletin maintenance reschedule {slug} --start … --end …`")),
        ]),
        Change::Extend { end } => {
            let new_end = read_time(config, end, Some(window.start))?;
            if new_end <= window.end {
                return Err(vec![command_line(format!("--end {end} is not after the current end ({})", at(window.end)))
                    .hint("an extension gives a later end; to finish now, `bulletin maintenance complete`")]);
            }
            let new = Window { start: window.start, end: new_end };
            Ok((UpdateStatus::InProgress, Some(new)))
        }
    }
}

/// Refuses to complete (or `resolve`) a maintenance whose window has not begun, naming the
/// commands that do what was meant; it points at the line that set the window (in the file as
/// it is: nothing was written).
pub(super) fn not_started(config: &Config, incident: &Incident, window: Window) -> Diagnostic {
    let at = |t: Timestamp| write::local_minute(t, &config.timezone);
    let line = incident
        .updates
        .iter()
        .rev()
        .find(|u| u.window().is_some())
        .map_or_else(|| scheduled_line(config, incident), |u| u.line());
    Diagnostic::error(
        Code::ResolvedBeforeStart,
        &incident.file,
        format!(
            "'{}' has not started: its window begins at {}, so it cannot be completed yet",
            incident.slug,
            at(window.start)
        ),
    )
    .at(line, 1)
    .hint(not_started_hint(&incident.slug))
}

/// The line of the front matter's `scheduled:` key: the first line that starts with it.
fn scheduled_line(config: &Config, incident: &Incident) -> usize {
    let text = std::fs::read_to_string(config.root.join(&incident.file)).unwrap_or_default();
    text.lines()
        .position(|l| l.starts_with("scheduled:"))
        .map_or(1, |n| n + 1)
}

fn refused(incident: &Incident, message: String) -> Diagnostic {
    Diagnostic::error(Code::MaintenanceChange, &incident.file, message)
}

fn command_line(message: String) -> Diagnostic {
    Diagnostic::error(Code::MaintenanceChange, "command line", message)
}

/// A time from the command line, in the site's zone; a bare `HH:MM` takes `date_of`'s date.
fn read_time(
    config: &Config,
    text: &str,
    date_of: Option<Timestamp>,
) -> Result<Timestamp, Vec<Diagnostic>> {
    let tz = &config.timezone;
    let date = date_of.map(|t| crate::time::date_in(t, tz));
    crate::time::parse(text, tz, date)
        .map(|t| t.at)
        .map_err(|e| vec![command_line(format!("'{text}': {}", e.message)).hint(e.hint)])
}

/// `--start` and `--end` as a window that ends after it starts.
fn read_window(config: &Config, start: &str, end: &str) -> Result<Window, Vec<Diagnostic>> {
    let start_at = read_time(config, start, None)?;
    let end_at = read_time(config, end, Some(start_at))?;
    if end_at <= start_at {
        return Err(vec![
            command_line(format!("--end {end} is not after --start {start}"))
                .hint("give the end of the new window after its start"),
        ]);
    }
    Ok(Window {
        start: start_at,
        end: end_at,
    })
}
