//! Checking what parsed incidents mean: known components, a timeline that only moves forward,
//! windows that end after they start, slugs that do not collide. Errors stop the build;
//! warnings point at things an editor probably forgot.

use std::borrow::Borrow;
use std::path::Path;

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use rayon::prelude::*;

use crate::config::{Config, component_hint};
use crate::content::Parsed;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Affected, Incident, Kind, UpdateStatus};

pub(crate) mod ahead;
pub(crate) mod promise;
pub(crate) mod slugs;
pub(crate) mod translation;
mod window;
pub(crate) use window::not_started_hint;

/// An incident open longer than this gets a warning: it was probably never resolved.
pub(crate) const STALE_AFTER: SignedDuration = SignedDuration::from_hours(7 * 24);

/// Checks every incident and the set of them as a whole.
pub fn validate<I: Borrow<Parsed> + Sync>(
    config: &Config,
    incidents: &[I],
    now: Timestamp,
) -> Diagnostics {
    let per_incident: Vec<Diagnostics> = incidents
        .par_iter()
        .map(|incident| check_incident(config, incident.borrow()))
        .collect();
    let mut out = Diagnostics::default();
    for d in per_incident {
        out.extend(d);
    }
    out.extend(check_site(incidents, now, &config.timezone));
    out
}

/// The checks that depend only on one incident and the config. `serve` keeps their result
/// until the file changes; what it re-runs on every rebuild is [`check_site`]'s, from
/// [`check_at`] on the incidents not [`quiet_from`] yet and [`slugs::Slugs`].
pub(crate) fn check_incident(config: &Config, inc: &Parsed) -> Diagnostics {
    let mut out = Diagnostics::default();
    unknown_components(config, &inc.file, &inc.affected, &mut out);
    check_changes(config, inc, &mut out);
    check_timeline(inc, &mut out);
    window::check(inc, &mut out);
    check_editorial(inc, &mut out);
    if inc.source.front_complete {
        check_fields(config, inc, &mut out);
    }
    out
}

/// An error for each component in `list` that is not in the catalogue (in the front matter's
/// `affected` or in an entry's `Affects:` line alike).
fn unknown_components<'a>(
    config: &Config,
    file: &Path,
    list: impl IntoIterator<Item = &'a Affected>,
    out: &mut Diagnostics,
) {
    for a in list.into_iter().filter(|a| a.target.is_none()) {
        out.push(
            Diagnostic::error(
                Code::UnknownComponent,
                file,
                format!("unknown component '{}'", a.component),
            )
            .at(a.line(), a.column())
            .length(a.component.chars().count())
            .hint(component_hint(config, &a.component)),
        );
    }
}

/// Each entry's component changes: a component in the catalogue, and a status it does not
/// have already (a change that changes nothing is usually a typo in the component or status).
fn check_changes(config: &Config, inc: &Incident, out: &mut Diagnostics) {
    let file = &inc.file;
    unknown_components(
        config,
        file,
        inc.updates.iter().flat_map(|u| &u.changes),
        out,
    );
    let unchanged = crate::history::replay(inc)
        .into_iter()
        .filter(|g| g.entry.is_some() && g.old == g.new)
        .filter_map(|g| g.written);
    for c in unchanged {
        out.push(
            Diagnostic::warning(
                Code::UnchangedComponent,
                file,
                format!(
                    "'{}' is {} already, so this changes nothing",
                    c.component,
                    c.status.as_str()
                ),
            )
            .at(c.line(), c.column())
            .length(c.component.chars().count())
            .hint("check the component and the status word; remove the change if it is not needed"),
        );
    }
}

/// The checks that compare front-matter fields with each other and with the timeline. Run
/// only when every field was read: a field that could not be read was reported already.
fn check_fields(config: &Config, inc: &Parsed, out: &mut Diagnostics) {
    let file = &inc.file;
    if inc.affected.is_empty() && !crate::history::has_changes(inc) {
        out.push(
            Diagnostic::warning(Code::NothingAffected, file, "no component is listed under `affected`")
                .at(1, 1)
                .hint(format!("list what users notice, e.g. `affected: {{ {}: major_outage }}`, so component pages and uptime show it", config.example_component())),
        );
    }
    match (inc.kind, inc.scheduled) {
        (Kind::Maintenance, None) => out.push(
            Diagnostic::error(
                Code::MissingWindow,
                file,
                "maintenance has no `scheduled` window",
            )
            .at(inc.source.lines.kind, 1)
            .hint("add `scheduled: { start: 2026-12-09 01:00, end: 2026-12-09 03:00 }`"),
        ),
        (Kind::Incident, Some(_)) => out.push(
            Diagnostic::error(
                Code::WindowOnIncident,
                file,
                "`scheduled` is only for maintenance",
            )
            .at(inc.source.lines.scheduled, 1)
            .hint("add `kind: maintenance`, or remove `scheduled`"),
        ),
        (Kind::Maintenance, Some(w)) if w.end <= w.start => out.push(
            Diagnostic::error(
                Code::WindowEndsBeforeStart,
                file,
                "maintenance window ends before it starts",
            )
            .at(inc.source.lines.scheduled, 1)
            .hint("check `scheduled.start` and `scheduled.end` (and their dates)"),
        ),
        _ => {}
    }
    if inc.kind == Kind::Incident && inc.updates.is_empty() && !inc.source.partial {
        out.push(
            Diagnostic::error(Code::EmptyTimeline, file, "incident has no timeline entries")
                .at(1, 1)
                .hint("add `## Timeline` with at least one entry such as `### 2023-03-29 00:30 · investigating`"),
        );
    }
    check_overrides(inc, out);
    check_ends_after_start(inc, out);
}

/// An end before the start is an error, worded for the kind: a maintenance completed before
/// its window is pointed to the maintenance commands. A maintenance cancelled before its
/// window ends before it starts, as it should.
fn check_ends_after_start(inc: &Parsed, out: &mut Diagnostics) {
    let file = &inc.file;
    if let (Some(start), Some(end)) = (inc.started_at(), inc.resolved_at())
        && end < start
        && !inc.is_cancelled()
    {
        let line = if inc.resolved_override.is_some() {
            inc.source.lines.resolved
        } else {
            inc.updates.last().map_or(1, |u| u.line())
        };
        let (message, hint) = match inc.kind {
            Kind::Incident => (
                "the incident is resolved before it started",
                "check the dates of `started`/`resolved` and of the first and last timeline entries".to_string(),
            ),
            Kind::Maintenance => (
                "the maintenance is completed before its window starts",
                not_started_hint(&inc.slug),
            ),
        };
        out.push(
            Diagnostic::error(Code::ResolvedBeforeStart, file, message)
                .at(line, 1)
                .hint(hint),
        );
    }
}

/// `started:` and `resolved:` must agree with the timeline: the timeline wins where they do
/// not (a reopening entry voids `resolved:`), and the author hears about it.
fn check_overrides(inc: &Parsed, out: &mut Diagnostics) {
    let file = &inc.file;
    if let Some(entry) = inc.reopened_after_override() {
        out.push(
            Diagnostic::warning(
                Code::ReopenedAfterOverride,
                file,
                format!(
                    "this '{}' entry is dated after `resolved:` (line {}) and reopens the incident, which is shown as open again",
                    entry.status.as_str(),
                    inc.source.lines.resolved
                ),
            )
            .at(entry.line(), 5)
            .hint("remove `resolved:` from the front matter and let the timeline say when it ended (append `### <time> · resolved` when it is over), or date this entry before `resolved:` if it belongs to the first resolution"),
        );
    }
    if inc.kind == Kind::Incident
        && let (Some(started), Some(first)) = (inc.started_override, inc.updates.first())
        && started.at > first.time.at
    {
        out.push(
            Diagnostic::error(
                Code::StartedAfterFirstEntry,
                file,
                format!(
                    "`started:` is later than the first timeline entry (line {})",
                    first.line
                ),
            )
            .at(inc.source.lines.started, 1)
            .hint("`started:` is when the problem began, which is no later than the first entry about it: set it to that time or earlier, or remove it to start at the first entry"),
        );
    }
}

/// The checks that depend on "now" or on the incidents together: open too long, windows
/// over but not closed, entries dated ahead of now (read in the site's zone `tz`), slugs that
/// collide.
pub(crate) fn check_site<I: Borrow<Parsed>>(
    incidents: &[I],
    now: Timestamp,
    tz: &TimeZone,
) -> Diagnostics {
    let mut out = Diagnostics::default();
    for inc in incidents {
        check_at(inc.borrow(), now, tz, &mut out);
    }
    slugs::check(incidents, &mut out);
    out
}

/// The checks of one incident against `now`: open too long, a window over but not closed,
/// entries dated ahead, a promise of the next update passed. From [`quiet_from`] on they
/// find nothing, so `serve` runs them only on the incidents not quiet yet.
pub(crate) fn check_at(inc: &Parsed, now: Timestamp, tz: &TimeZone, out: &mut Diagnostics) {
    check_time(inc, now, out);
    ahead::check(inc, now, tz, out);
    promise::check(inc, now, tz, out);
}

/// The moment from which [`check_at`] finds nothing in `inc`, whatever "now" is then: it is
/// over (an incident resolved, a maintenance marked completed or cancelled, so it is neither
/// stale nor waiting on a promise) and every time it gives has passed (no entry ahead).
/// `None` while it is open: its checks run on every rebuild.
pub(crate) fn quiet_from(inc: &Incident) -> Option<Timestamp> {
    let over = match inc.kind {
        Kind::Incident => inc.resolved_at().is_some(),
        Kind::Maintenance => inc.current_status().is_some_and(UpdateStatus::is_final),
    };
    if !over {
        return None;
    }
    let promises = inc
        .updates
        .iter()
        .filter_map(|u| u.next_update().map(|p| p.at));
    let overrides = [inc.started_override, inc.resolved_override];
    let postmortem = inc.postmortem.as_ref().and_then(|p| p.published);
    let times = (inc.updates.iter().map(|u| u.time.at))
        .chain(inc.statements.iter().map(|s| s.time.at))
        .chain(
            overrides
                .into_iter()
                .chain([postmortem])
                .flatten()
                .map(|t| t.at),
        )
        .chain(inc.windows().flat_map(|w| [w.start, w.end]))
        .chain(promises);
    Some(times.max().unwrap_or(Timestamp::MIN))
}

/// Entries must be in order, and after a final one only a reopening status may follow.
fn check_timeline(inc: &Incident, out: &mut Diagnostics) {
    for pair in inc.updates.windows(2) {
        let (prev, next) = (&pair[0], &pair[1]);
        if next.time.at < prev.time.at {
            out.push(
                Diagnostic::error(Code::TimelineOrder, &inc.file, "timeline entry is earlier than the one before it")
                    .at(next.line(), 5)
                    .hint(format!(
                        "entries go oldest first; the previous entry (line {}) is later. A bare HH:MM takes the previous entry's date: write the full date if it crossed midnight",
                        prev.line
                    )),
            );
        }
        if prev.status.is_final() && !reopens(next.status) {
            let (ended, reopen) = match inc.kind {
                Kind::Incident => ("resolved", "investigating or identified"),
                Kind::Maintenance => ("completed", "in_progress"),
            };
            out.push(
                Diagnostic::error(Code::UpdateAfterResolved, &inc.file, format!("'{}' entry after the incident was {ended}", next.status.as_str()))
                    .at(next.line(), 5)
                    .hint(format!("to reopen, make the next entry {reopen}; to add detail, edit the {ended} entry or add a section")),
            );
        }
    }
}

fn reopens(status: UpdateStatus) -> bool {
    matches!(
        status,
        UpdateStatus::Investigating | UpdateStatus::Identified | UpdateStatus::InProgress
    )
}

fn check_time(inc: &Parsed, now: Timestamp, out: &mut Diagnostics) {
    let file = &inc.file;
    if inc.kind == Kind::Incident
        && inc.resolved_at().is_none()
        && let Some(start) = inc.started_at()
        && now.duration_since(start) > STALE_AFTER
    {
        out.push(
            Diagnostic::warning(
                Code::StaleIncident,
                file,
                "incident has been open for more than 7 days",
            )
            .at(inc.updates.last().map_or(1, |u| u.line()), 1)
            .hint("if it is over, append `### <time> · resolved`, e.g. with `bulletin resolve`"),
        );
    }
    if inc.kind == Kind::Maintenance
        && let Some(w) = inc.window()
        && w.end < now
        && !inc.current_status().is_some_and(UpdateStatus::is_final)
    {
        out.push(
            Diagnostic::warning(
                Code::MaintenanceNotCompleted,
                file,
                "maintenance window is over but it was never marked completed",
            )
            .at(inc.source.lines.scheduled, 1)
            .hint("append `### <time> · completed` to the timeline"),
        );
    }
}

/// Things an editor probably forgot: a source link, the text of an entry.
fn check_editorial(inc: &Incident, out: &mut Diagnostics) {
    let file = &inc.file;
    for s in &inc.statements {
        if s.url.is_none() {
            out.push(
                Diagnostic::warning(
                    Code::StatementWithoutSource,
                    file,
                    format!("statement by {} has no source link", s.by),
                )
                .at(s.line, 1)
                .hint("link the original: `### <time> · <who> · [Channel](https://…)`"),
            );
        }
    }
    for u in &inc.updates {
        if u.body.trim().is_empty() {
            out.push(
                Diagnostic::warning(Code::EmptyUpdate, file, "timeline entry has no text")
                    .at(u.line(), 1)
                    .hint("say what changed, even in one line: readers see only this"),
            );
        }
    }
}
