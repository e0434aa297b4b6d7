//! Uptime derived from incidents (part of the derive stage).
//!
//! Each incident is down time for the components it affects, from its start to its resolution
//! (or "now"), weighted by the status it gave the component: a major outage counts fully, a
//! partial outage by `partial_weight`, degraded performance by `degraded_weight` (and is always
//! flagged). Where incidents overlap, the worst weight counts, once. Scheduled maintenance time is
//! left out of both the down time and the time measured. A product is as down as its worst
//! feature. Days are cut at midnight in the site's time zone, so a day is 23 or 25 hours long
//! across a DST change. The rules are in docs/uptime.md.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::config::{ComponentRef, UptimeRules};
use crate::history;
use crate::model::{ComponentStatus, Incident, Kind};

mod figures;
mod reach;
mod sweep;
pub(crate) use figures::{Measured, WHOLE, percent, share_percent};
pub(crate) use reach::{Reach, spans_by_component};
pub(crate) use sweep::measure;

/// A span of time that counts against (or is excluded from) a component's uptime.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Span {
    pub start: Timestamp,
    pub end: Timestamp,
    /// Millionths of the span that count as down (0 for maintenance, which is excluded instead).
    pub weight: u64,
    /// The status the component had, as shown (maintenance: under maintenance).
    pub status: ComponentStatus,
    pub degraded: bool,
    pub maintenance: bool,
    /// Index of the incident in the site's list.
    pub incident: usize,
}

/// One day of a component's history.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    pub date: Date,
    /// What was measured: from the day's first instant to the next day's, or to now today.
    pub from: Timestamp,
    pub until: Timestamp,
    /// Today: measured up to now, so its figure is "so far".
    pub so_far: bool,
    pub measured: Measured,
    /// Incidents (and maintenance) that touched the day, newest first.
    pub incidents: Vec<usize>,
}

/// A component's uptime: daily history and the usual windows.
#[derive(Debug, Clone, PartialEq)]
pub struct Uptime {
    /// Oldest first, ending today.
    pub days: Vec<Day>,
    /// The last 24 hours, 7, 30 and 90 days (ending now).
    pub windows: [(u32, Measured); 4],
}

/// The window lengths, in days (the first is 24 hours).
pub(crate) const WINDOWS: [u32; 4] = [1, 7, 30, 90];

/// The weight of a status under `rules`, in millionths.
pub(crate) fn weight(status: ComponentStatus, rules: &UptimeRules) -> u64 {
    let share = match status {
        ComponentStatus::MajorOutage => return WHOLE,
        ComponentStatus::PartialOutage => rules.partial_weight,
        ComponentStatus::DegradedPerformance => rules.degraded_weight,
        ComponentStatus::Operational | ComponentStatus::UnderMaintenance => return 0,
    };
    // Configured weights are short decimals (0.3) checked to lie in 0..=1: in millionths they
    // are whole numbers, so rounding here loses nothing.
    (share.clamp(0.0, 1.0) * WHOLE as f64).round() as u64
}

/// The spans incident `index` puts on `component` (through the component itself, its
/// product, or for a product any of its features), as of `now`: one for each stretch of time
/// in which it gave the component a status (see [`crate::history`]), so a component down for
/// 30 of an incident's 120 minutes is charged 30.
#[allow(clippy::too_many_arguments)]
pub(crate) fn spans_of(
    inc: &Incident,
    index: usize,
    started: Timestamp,
    resolved: Option<Timestamp>,
    component: ComponentRef,
    now: Timestamp,
    rules: &UptimeRules,
    out: &mut Vec<Span>,
) {
    let (start, end) = match (inc.kind, inc.window()) {
        (Kind::Maintenance, Some(w)) => maintenance_span(inc, w, resolved, now),
        _ => (started, resolved.unwrap_or(now)),
    };
    let end = end.min(now);
    if end <= start {
        return;
    }
    let span = |from: Timestamp, until: Timestamp, status: ComponentStatus| Span {
        start: from,
        end: until,
        weight: if inc.kind == Kind::Maintenance {
            0
        } else {
            weight(status, rules)
        },
        status: inc.kind.shown_status(status),
        degraded: inc.kind == Kind::Incident && status == ComponentStatus::DegradedPerformance,
        maintenance: inc.kind == Kind::Maintenance,
        incident: index,
    };
    if history::holds_throughout(inc) {
        // The common case: the front matter's statuses hold from start to end.
        let touching = inc
            .affected
            .iter()
            .filter(|a| a.target.is_some_and(|t| t.touches(component)));
        if let Some(worst) = touching.map(|a| a.status).max() {
            out.push(span(start, end, worst));
        }
        return;
    }
    for s in history::stretches(inc, start, Some(end)) {
        if s.component.touches(component) {
            out.push(span(s.from, s.until.unwrap_or(end), s.status));
        }
    }
}

/// The last `rules.days` days as of `now`, oldest first, each as (date, first instant, next
/// day's, measured until): the same for every component, so worked out once per derive
/// (finding a midnight in a time zone is not free).
pub(crate) struct Days {
    now: Timestamp,
    bounds: Vec<(Date, Timestamp, Timestamp, Timestamp)>,
}

impl Days {
    pub(crate) fn new(now: Timestamp, tz: &TimeZone, rules: &UptimeRules) -> Days {
        let today = now.to_zoned_datetime(tz.clone()).date();
        let bounds = (0..rules.days as i64)
            .rev()
            .filter_map(|back| {
                let date = today
                    .checked_sub(SignedDuration::from_hours(24 * back))
                    .ok()?;
                let start = midnight(date, tz)?;
                let next = date.tomorrow().ok().and_then(|d| midnight(d, tz))?;
                Some((date, start, next, next.min(now)))
            })
            .collect();
        Days { now, bounds }
    }
}

/// The daily history of `days` and the windows, from `spans`.
pub(crate) fn uptime(spans: &[Span], days: &Days) -> Uptime {
    let touching = spans_by_day(spans, &days.bounds);
    let measured = (days.bounds.iter())
        .zip(touching)
        .map(|(&bound, on_day)| day(bound, &on_day))
        .collect();
    Uptime {
        days: measured,
        windows: windows(spans, days.now),
    }
}

/// [`uptime`], from `earlier` when it was measured earlier the same day from the same spans
/// but today's (which run on to "now"): its past days are kept, and only today's bar and
/// the windows measured again (`serve`, as "now" moves between rebuilds). Without it, or
/// when it was another day's, everything is measured.
pub(crate) fn uptime_after(earlier: Option<Uptime>, spans: &[Span], days: &Days) -> Uptime {
    let bounds = &days.bounds;
    let date = |d: &Day| d.date;
    let same_days = earlier.as_ref().is_some_and(|e| {
        e.days.len() == bounds.len()
            && e.days.first().map(date) == bounds.first().map(|b| b.0)
            && e.days.last().map(date) == bounds.last().map(|b| b.0)
    });
    match (earlier, bounds.last()) {
        (Some(mut earlier), Some(&today)) if same_days => {
            let on_today = spans_by_day(spans, &[today]).pop().unwrap_or_default();
            if let Some(last) = earlier.days.last_mut() {
                *last = day(today, &on_today);
            }
            earlier.windows = windows(spans, days.now);
            earlier
        }
        _ => uptime(spans, days),
    }
}

/// One day's bar from the spans touching it.
fn day((date, start, next, end): (Date, Timestamp, Timestamp, Timestamp), on_day: &[Span]) -> Day {
    let mut incidents: Vec<usize> = on_day.iter().map(|s| s.incident).collect();
    incidents.sort_unstable();
    incidents.dedup();
    Day {
        date,
        from: start,
        until: end,
        so_far: end < next,
        measured: measure(on_day, start, end),
        incidents,
    }
}

/// The windows (the last 1, 7, 30 and 90 days) as of `now`.
fn windows(spans: &[Span], now: Timestamp) -> [(u32, Measured); 4] {
    WINDOWS.map(|d| {
        let from = now
            .checked_sub(SignedDuration::from_hours(24 * i64::from(d)))
            .unwrap_or(now);
        (d, measure(spans, from, now))
    })
}

/// The spans touching each day of `bounds` (ascending, not overlapping): each span is put
/// on the days it touches, found by a binary search, rather than every day looking at every
/// span.
fn spans_by_day(
    spans: &[Span],
    bounds: &[(Date, Timestamp, Timestamp, Timestamp)],
) -> Vec<Vec<Span>> {
    let mut touching = vec![Vec::new(); bounds.len()];
    for s in spans {
        let first = bounds.partition_point(|&(_, _, _, end)| end <= s.start);
        for (day, &(_, start, _, end)) in bounds.iter().enumerate().skip(first) {
            if start >= s.end {
                break;
            }
            if s.start < end && s.end > start {
                touching[day].push(*s);
            }
        }
    }
    touching
}

/// The first instant of `date` in `tz` (not always 00:00: some zones skip midnight).
fn midnight(date: Date, tz: &TimeZone) -> Option<Timestamp> {
    date.to_zoned_datetime(tz.clone())
        .ok()
        .map(|z| z.start_of_day().ok().map(|s| s.timestamp()))?
}

/// When a maintenance holds its components, as its phase reads it (derive/state.rs): from its
/// window's start, or an earlier entry saying it is under way; to its end (`resolved`: the
/// `completed` entry, or the window's end), or on while its latest entry still says it is under
/// way (it overran its window, and the page says so).
fn maintenance_span(
    inc: &Incident,
    w: crate::model::Window,
    resolved: Option<Timestamp>,
    now: Timestamp,
) -> (Timestamp, Timestamp) {
    use crate::model::UpdateStatus::{InProgress, Verifying};
    let under_way = |u: &&crate::model::Update| matches!(u.status, InProgress | Verifying);
    let start = inc
        .updates
        .iter()
        .find(under_way)
        .map_or(w.start, |u| u.time.at.min(w.start));
    let end = match resolved {
        Some(end) => end,
        None if inc.updates.last().as_ref().is_some_and(under_way) => now,
        None => w.end,
    };
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    const HOUR: u64 = 3_600_000;

    fn span(start: &str, end: &str, status: ComponentStatus) -> Span {
        Span {
            start: ts(start),
            end: ts(end),
            weight: weight(status, &UptimeRules::default()),
            status,
            degraded: false,
            maintenance: false,
            incident: 0,
        }
    }

    #[test]
    fn overlaps_count_the_worst_weight_once_and_maintenance_is_excluded() {
        let spans = [
            span(
                "2026-01-01T10:00:00Z",
                "2026-01-01T12:00:00Z",
                ComponentStatus::MajorOutage,
            ),
            span(
                "2026-01-01T11:00:00Z",
                "2026-01-01T14:00:00Z",
                ComponentStatus::PartialOutage,
            ),
            Span {
                maintenance: true,
                ..span(
                    "2026-01-01T20:00:00Z",
                    "2026-01-01T22:00:00Z",
                    ComponentStatus::UnderMaintenance,
                )
            },
        ];
        let m = measure(
            &spans,
            ts("2026-01-01T00:00:00Z"),
            ts("2026-01-02T00:00:00Z"),
        );
        // 10–12 full (2 h), 12–14 at 0.3 (0.6 h); 2 h of maintenance not measured.
        assert_eq!(m.down, 26 * HOUR * WHOLE / 10);
        assert_eq!(m.measured, 22 * HOUR);
        // 1 − 2.6 / 22 = 0.881818…, rounded down.
        assert_eq!(m.millionths(), 881_818);
        assert!(m.maintenance);
        assert_eq!(m.worst, ComponentStatus::MajorOutage);
        // Each instant in its worst status: 10–12 major, 12–14 partial, 20–22 maintenance.
        assert_eq!(m.time_in(ComponentStatus::MajorOutage), 2 * HOUR);
        assert_eq!(m.time_in(ComponentStatus::PartialOutage), 2 * HOUR);
        assert_eq!(m.time_in(ComponentStatus::UnderMaintenance), 2 * HOUR);
        assert_eq!(m.time_in(ComponentStatus::Operational), 18 * HOUR);
    }

    #[test]
    fn days_are_cut_at_local_midnight_across_dst() {
        let ny = TimeZone::get("America/New_York").unwrap();
        let rules = UptimeRules {
            days: 3,
            ..UptimeRules::default()
        };
        // 2024-03-10 is 23 hours long in New York. An outage from 23:00 on the 9th (04:00Z on
        // the 10th) to 01:00 on the 10th (06:00Z) splits 1 h / 1 h across the two days.
        let spans = [span(
            "2024-03-10T04:00:00Z",
            "2024-03-10T06:00:00Z",
            ComponentStatus::MajorOutage,
        )];
        let now = ts("2024-03-11T12:00:00Z");
        let u = uptime(&spans, &Days::new(now, &ny, &rules));
        let dates: Vec<String> = u.days.iter().map(|d| d.date.to_string()).collect();
        assert_eq!(dates, ["2024-03-09", "2024-03-10", "2024-03-11"]);
        assert_eq!(u.days[0].measured.down, HOUR * WHOLE);
        assert_eq!(u.days[0].measured.measured, 24 * HOUR);
        assert_eq!(u.days[1].measured.down, HOUR * WHOLE);
        assert_eq!(
            u.days[1].measured.measured,
            23 * HOUR,
            "the DST day has 23 hours"
        );
        // Today is measured up to now: 08:00 local = 12:00Z minus 4 h.
        assert_eq!(u.days[2].measured.measured, 8 * HOUR);
        assert!(u.days[2].so_far && !u.days[1].so_far);
        assert_eq!(u.days[2].until, ts("2024-03-11T12:00:00Z"));
    }
}
