//! The oracle's replay: what the documents say a site shows at an instant, computed from the
//! generated [`Item`]s alone (no call into the crate). Each rule names its source:
//!
//! - docs/format.md, "Rules" and "Component changes": the front matter's `affected` is the state
//!   at the start; each entry's `Affects:` line changes it from its time on; a `resolved` entry
//!   brings every component back; an entry after it reopens the incident and gives the
//!   components back the statuses they had before the close; the status is the last entry's.
//! - docs/api.md, "Current status": an unresolved incident or a maintenance in progress sets
//!   the status of what it affects (a product ref: the product and all its features;
//!   maintenance: `under_maintenance`); the worst wins (`operational` < `under_maintenance` <
//!   `degraded_performance` < `partial_outage` < `major_outage`); a product is at least as bad
//!   as its worst feature; the page is the worst product. Entries dated after the instant are
//!   left out, and so are incidents that start later; a maintenance is published from its
//!   announcement, the earlier of its first entry and its window start (docs/time.md).
//! - docs/api.md, "Which entries are where": maintenance is completed when its last entry is
//!   `completed`, in progress when its last entry is `in_progress`/`verifying` or the instant is
//!   inside the window, upcoming before the window.
//! - docs/format.md, "Changing a maintenance": the window at an instant is the latest entry's
//!   `Window:` line among those shown, else the front matter's `scheduled`; a `cancelled` entry
//!   ends the maintenance (its page says cancelled; the API, which has no such word, says
//!   `completed` and adds `cancelled_at`, docs/api.md).
//! - docs/format.md, "Next update": the page promises the time the latest published entry's
//!   `Next update:` line gives, while the item is not over.
//! - docs/api.md, `impact`/`updated_at`: the worst status the incident gave any component
//!   (`degraded_performance` → minor, `partial_outage` → major, `major_outage` → critical);
//!   the latest entry, statement or postmortem publication, never after the instant.

use std::collections::{BTreeMap, BTreeSet};

use super::site::{Item, Kind, REFS, Status};

/// Where an item stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Not shown at all (an incident whose first entry is later, a maintenance announced later).
    Hidden,
    /// Maintenance whose window is ahead.
    Upcoming,
    /// An unresolved incident, or maintenance in progress.
    Live,
    /// A resolved incident, or completed maintenance.
    Ended,
}

/// Seconds of an item's minute.
fn secs(item: &Item, minute: i64) -> i64 {
    item.at(minute)
}

/// The entries dated at or before `t`.
pub fn visible(item: &Item, t: i64) -> &[super::site::Entry] {
    let n = item
        .entries
        .iter()
        .take_while(|e| secs(item, e.minute) <= t)
        .count();
    &item.entries[..n]
}

/// The maintenance's window at `t`, in minutes: the latest `Window:` line shown, else the
/// front matter's.
pub fn window_at(item: &Item, t: i64) -> Option<(i64, i64)> {
    let changed = visible(item, t).iter().rev().find_map(|e| e.window);
    changed.or(item.window)
}

pub fn phase(item: &Item, t: i64) -> Phase {
    let seen = visible(item, t);
    match item.kind {
        Kind::Incident => match seen.last() {
            None => Phase::Hidden,
            Some(e) if e.word == "resolved" => Phase::Ended,
            Some(_) => Phase::Live,
        },
        Kind::Maintenance => {
            let (start, end) = window_at(item, t).expect("maintenance has a window");
            let first = item.entries.first().map(|e| secs(item, e.minute));
            if first.is_some_and(|f| f.min(secs(item, start)) > t) {
                return Phase::Hidden;
            }
            match seen.last().map(|e| e.word) {
                Some("completed" | "cancelled") => Phase::Ended,
                Some("in_progress" | "verifying") => Phase::Live,
                _ if t < secs(item, start) => Phase::Upcoming,
                _ if t < secs(item, end) => Phase::Live,
                _ => Phase::Ended,
            }
        }
    }
}

/// docs/format.md, "Next update": the instant the page promises the next update for at `t`:
/// the latest entry published by then promises one, and the item is not over.
pub fn promise(item: &Item, t: i64) -> Option<i64> {
    if matches!(phase(item, t), Phase::Hidden | Phase::Ended) {
        return None;
    }
    visible(item, t).last()?.next.map(|m| secs(item, m))
}

/// The status word the page gives the item at `t` (the API's: [`api_status_word`]).
pub fn status_word(item: &Item, t: i64) -> &'static str {
    match item.kind {
        Kind::Incident => visible(item, t).last().map_or("", |e| e.word),
        Kind::Maintenance => match (phase(item, t), visible(item, t).last()) {
            (Phase::Live, Some(e)) if e.word != "scheduled" => e.word,
            (Phase::Live, _) => "in_progress",
            (Phase::Ended, Some(e)) if e.word == "cancelled" => "cancelled",
            (Phase::Ended, _) => "completed",
            _ => "scheduled",
        },
    }
}

/// The status word the API and the webhook give the item at `t`: Statuspage has no
/// `cancelled`, which is `completed` there (docs/api.md).
pub fn api_status_word(item: &Item, t: i64) -> &'static str {
    match status_word(item, t) {
        "cancelled" => "completed",
        word => word,
    }
}

/// When the item was cancelled, if it was by `t`.
pub fn cancelled_at(item: &Item, t: i64) -> Option<i64> {
    let last = visible(item, t).last()?;
    (last.word == "cancelled").then(|| secs(item, last.minute))
}

/// The item's own status of each component it names, at `t` (docs/format.md).
pub fn own(item: &Item, t: i64) -> BTreeMap<usize, Status> {
    let mut state: BTreeMap<usize, Status> = item.affected.iter().copied().collect();
    if item.kind == Kind::Maintenance {
        if phase(item, t) != Phase::Live {
            state.values_mut().for_each(|s| *s = Status::Operational);
        }
        return state;
    }
    let mut before_close = None;
    for e in visible(item, t) {
        if e.word == "resolved" {
            before_close = Some(state.clone());
            state.values_mut().for_each(|s| *s = Status::Operational);
            continue;
        }
        if let Some(saved) = before_close.take() {
            state = saved;
        }
        for &(r, s) in &e.changes {
            state.insert(r, s);
        }
    }
    state
}

/// Whether component `c` (index into [`REFS`]) is set by a reference `r`: itself, or its
/// product when `c` is a feature.
fn sets(r: usize, c: usize) -> bool {
    r == c || REFS[c].split('/').next() == Some(REFS[r])
}

/// The features of product `p` (indexes into [`REFS`]).
fn features_of(p: usize) -> impl Iterator<Item = usize> {
    let prefix = format!("{}/", REFS[p]);
    (0..REFS.len()).filter(move |&c| REFS[c].starts_with(&prefix))
}

fn is_product(c: usize) -> bool {
    !REFS[c].contains('/')
}

/// Component `c`'s status on the page at `t` (docs/api.md, "Current status").
pub fn component(items: &[Item], c: usize, t: i64) -> Status {
    let direct = |c: usize| {
        items
            .iter()
            .filter(|i| phase(i, t) == Phase::Live)
            .flat_map(|i| own(i, t))
            .filter(|&(r, _)| sets(r, c))
            .map(|(_, s)| s)
            .max()
            .unwrap_or(Status::Operational)
    };
    let mut s = direct(c);
    if is_product(c) {
        s = features_of(c).map(direct).fold(s, Status::max);
    }
    s
}

/// The page's status at `t`: the worst product.
pub fn overall(items: &[Item], t: i64) -> Status {
    (0..REFS.len())
        .filter(|&c| is_product(c))
        .map(|c| component(items, c, t))
        .max()
        .unwrap_or(Status::Operational)
}

/// Statuspage's indicator of a page status (docs/api.md, `status`).
pub fn indicator(s: Status) -> &'static str {
    match s {
        Status::Operational => "none",
        Status::Degraded => "minor",
        Status::Partial => "major",
        Status::Major => "critical",
        Status::UnderMaintenance => "maintenance",
    }
}

/// The item's impact at `t` (docs/format.md's table; maintenance: `maintenance`).
pub fn impact(item: &Item, t: i64) -> &'static str {
    if item.kind == Kind::Maintenance {
        return "maintenance";
    }
    let worst = item
        .affected
        .iter()
        .chain(visible(item, t).iter().flat_map(|e| e.changes.iter()))
        .map(|&(_, s)| s)
        .max();
    match worst {
        Some(Status::Major) => "critical",
        Some(Status::Partial) => "major",
        Some(Status::Degraded) => "minor",
        _ => "none",
    }
}

/// The item's `updated_at` at `t`: its latest entry, statement or postmortem publication up to
/// `t`; without any, `started_at`, never after `t` (a maintenance announced later: it is
/// shown anyway); `None` for an incident not shown yet.
pub fn updated_at(item: &Item, t: i64) -> Option<i64> {
    if !shown(item, t) {
        return None;
    }
    let latest = visible(item, t)
        .iter()
        .map(|e| e.minute)
        .chain(item.statement)
        .chain(item.postmortem)
        .map(|m| secs(item, m))
        .filter(|&s| s <= t)
        .max();
    latest.or_else(|| window_at(item, t).map(|(start, _)| secs(item, start).min(t)))
}

/// `started_at` at `t`: the window's start for maintenance (the window at `t`), else the first
/// entry (no `started:` overrides are generated).
pub fn started_at(item: &Item, t: i64) -> i64 {
    let first = item.entries[0].minute;
    secs(item, window_at(item, t).map_or(first, |(start, _)| start))
}

/// `created_at` at `t`: the earlier of the first entry's time (of those shown at `t`) and
/// `started_at` (docs/api.md).
pub fn created_at(item: &Item, t: i64) -> i64 {
    let first = visible(item, t).first().map(|e| secs(item, e.minute));
    let started = started_at(item, t);
    first.map_or(started, |f| f.min(started))
}

/// The instant of a maintenance moment event (`reminder`, `started`, `completed`;
/// docs/notify.md) announced by a run at `now` (of the window then), with `remind_before` at
/// its default of 60 minutes.
pub fn moment(item: &Item, which: &str, now: i64) -> Option<i64> {
    let (start, end) = window_at(item, now)?;
    match which {
        "reminder" => Some(secs(item, start) - 3600),
        "started" => Some(secs(item, start)),
        "completed" => Some(secs(item, end)),
        _ => None,
    }
}

/// Whether the item is published at `t` (on the pages, in the API and the feeds).
pub fn shown(item: &Item, t: i64) -> bool {
    phase(item, t) != Phase::Hidden
}

/// The moments of the item's timeline entries and statement dated at or before `t`, as
/// `(event id, instant)`, with the event ids of docs/notify.md.
pub fn events(item: &Item, t: i64) -> Vec<(String, i64)> {
    let mut out: Vec<_> = visible(item, t)
        .iter()
        .enumerate()
        .map(|(n, e)| (format!("update:{}#{n}", item.slug), secs(item, e.minute)))
        .collect();
    if let Some(s) = item.statement.map(|m| secs(item, m)).filter(|&s| s <= t) {
        out.push((format!("statement:{}#0", item.slug), s));
    }
    out
}

/// The slugs of the items for which `keep` holds at `t`.
pub fn slugs(items: &[Item], t: i64, keep: impl Fn(&Item, Phase) -> bool) -> BTreeSet<String> {
    items
        .iter()
        .filter(|i| keep(i, phase(i, t)))
        .map(|i| i.slug.clone())
        .collect()
}
