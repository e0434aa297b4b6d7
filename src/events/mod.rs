//! What happened, as a list of events: every timeline update and statement of the site, and
//! the moments of each maintenance window (a reminder before it, its start, its end), each with
//! an id taken from the sources (never from the order of files) and a hash of what it says.
//! It is the one list both sides share: `build` writes it into `api/notify.json`
//! ([`manifest`]) and `bulletin notify` reads it, so this module sits below both and imports
//! neither.
//!
//! The ids are [`Key`]s, the keys the API also makes its update ids from; a changed text keeps
//! its id and changes its hash, which is how a correction is told from a new update.

pub(crate) mod manifest;

use jiff::{SignedDuration, Timestamp};

use crate::config::ComponentRef;
use crate::derive::{Derived, Phase};
use crate::history;
use crate::ids::{Key, content_hash};
use crate::model::{ComponentStatus, Incident, Kind, UpdateStatus};

/// Events older than this are left out of the manifest and never announced: the limit on
/// `max_age` in notify.yaml, and what keeps the manifest small on a site with long history.
pub(crate) const HORIZON: SignedDuration = SignedDuration::from_hours(30 * 24);

/// What an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventKind {
    /// Timeline entry `n` (0-based, in file order).
    Update(usize),
    /// Statement `n` (0-based).
    Statement(usize),
    /// A maintenance window starts soon (the lead comes from notify.yaml).
    Reminder,
    /// A maintenance window started.
    Started,
    /// A maintenance window ended.
    Ended,
}

impl EventKind {
    /// The word the manifest and `--format json` use.
    pub(crate) fn word(self) -> &'static str {
        match self {
            EventKind::Update(_) => "update",
            EventKind::Statement(_) => "statement",
            EventKind::Reminder => "maintenance_reminder",
            EventKind::Started => "maintenance_started",
            EventKind::Ended => "maintenance_completed",
        }
    }

    /// Whether it is due to the clock rather than to something written (notify knows those
    /// from the previous run's time, not from its list; the manifest leaves them out).
    pub(crate) fn is_timed(self) -> bool {
        matches!(
            self,
            EventKind::Reminder | EventKind::Started | EventKind::Ended
        )
    }
}

/// The subscription kinds a target can filter on (notify.yaml `kinds:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Category {
    Incidents,
    Maintenance,
    Statements,
}

/// A component whose status an update changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ComponentChange {
    pub component: ComponentRef,
    pub old: ComponentStatus,
    pub new: ComponentStatus,
}

/// One thing to announce.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    /// Stable, from the sources: `update:<slug>#<n>`, `statement:<slug>#<n>`,
    /// `maintenance:<slug>@reminder|started|completed`.
    pub id: String,
    pub kind: EventKind,
    /// Index into [`Derived::incidents`].
    pub incident: usize,
    pub category: Category,
    /// When it happened (for timed events: the moment that passes).
    pub time: Timestamp,
    /// The update's status; `None` for statements and timed events.
    pub status: Option<UpdateStatus>,
    /// The components this update changed (old and new status), as the API's
    /// `affected_components` record them: the manifest lists them. Messages state the page's
    /// statuses instead (`message::PageAt`).
    pub changes: Vec<ComponentChange>,
    /// FNV-1a of what it says: a different hash under the same id is a correction.
    pub hash: u64,
}

/// Every event of `site` at or after `since`, in time order (ties by id). Timed events are
/// included only once their moment has passed (`site.now`); `remind_before` of zero turns
/// reminders off.
pub(crate) fn collect(
    site: &Derived,
    since: Timestamp,
    remind_before: SignedDuration,
) -> Vec<Event> {
    let mut out = Vec::new();
    for i in recent(site, since) {
        let inc = &site.incidents[i];
        written(i, inc, since, &mut out);
        timed(i, inc, since, site.now, remind_before, &mut out);
    }
    out.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.id.cmp(&b.id)));
    out
}

/// The incidents (indexes into [`Derived::incidents`]) that may have an event at or after
/// `since`; the others have none.
pub(crate) fn recent(site: &Derived, since: Timestamp) -> impl Iterator<Item = usize> + '_ {
    let states = site.incidents.iter().zip(&site.states).enumerate();
    states.filter_map(move |(i, (inc, state))| {
        // Most incidents of a long history: nothing recent, skipped without looking further.
        // An unplanned incident (active or resolved) has no window: its states, side by side
        // in memory, tell without reading the incident itself.
        let latest = match state.phase {
            Phase::Active | Phase::Resolved => state.updated_at,
            _ => state.updated_at.max(window_end(inc)),
        };
        (latest >= since).then_some(i)
    })
}

fn window_end(inc: &Incident) -> Timestamp {
    inc.windows().map(|w| w.end).max().unwrap_or(Timestamp::MIN)
}

fn category(inc: &Incident) -> Category {
    match inc.kind {
        Kind::Incident => Category::Incidents,
        Kind::Maintenance => Category::Maintenance,
    }
}

/// The updates and statements of incident `i` at or after `since`.
pub(crate) fn written(i: usize, inc: &Incident, since: Timestamp, out: &mut Vec<Event>) {
    for (n, u) in inc.updates.iter().enumerate() {
        if u.time.at < since {
            continue;
        }
        let changes: Vec<String> = u
            .changes
            .iter()
            .map(|c| format!("{}={}", c.component, c.status.as_str()))
            .collect();
        let when = u.time.at.to_string();
        let mut parts = vec![when.as_str(), u.status.as_str(), u.body.as_str()];
        parts.extend(changes.iter().map(String::as_str));
        // A new window is part of what the entry announces: changing it is a correction.
        let window = u.window().map(|w| format!("window={}/{}", w.start, w.end));
        parts.extend(window.as_deref());
        out.push(Event {
            id: Key::Update(&inc.slug, n).to_string(),
            kind: EventKind::Update(n),
            incident: i,
            category: category(inc),
            time: u.time.at,
            status: Some(u.status),
            changes: history::transitions(inc, n)
                .into_iter()
                .map(|t| ComponentChange {
                    component: t.component,
                    old: t.old,
                    new: t.new,
                })
                .collect(),
            hash: content_hash(&parts),
        });
    }
    for (n, s) in inc.statements.iter().enumerate() {
        if s.time.at < since {
            continue;
        }
        let when = s.time.at.to_string();
        let channel = s.channel.as_deref().unwrap_or("");
        let url = s.url.as_deref().unwrap_or("");
        out.push(Event {
            id: Key::Statement(&inc.slug, n).to_string(),
            kind: EventKind::Statement(n),
            incident: i,
            category: Category::Statements,
            time: s.time.at,
            status: None,
            changes: Vec::new(),
            hash: content_hash(&[&when, &s.by, channel, url, &s.body]),
        });
    }
}

/// The moments of a maintenance window that have passed by `now`. A window that was completed
/// (or cancelled) early has no later moments. A moment already overtaken by the next one is
/// not news: the reminder only counts before the start, the start only before the end (a
/// run that missed them says the latest).
fn timed(
    i: usize,
    inc: &Incident,
    since: Timestamp,
    now: Timestamp,
    remind_before: SignedDuration,
    out: &mut Vec<Event>,
) {
    let (Kind::Maintenance, Some(w)) = (inc.kind, inc.window()) else {
        return;
    };
    let done_at = inc.resolved_at().unwrap_or(Timestamp::MAX);
    let remind_at = w.start.checked_sub(remind_before).unwrap_or(w.start);
    let moments = [
        (
            EventKind::Reminder,
            remind_at,
            "reminder",
            !remind_before.is_zero() && now < w.start,
        ),
        (EventKind::Started, w.start, "started", now < w.end),
        (EventKind::Ended, w.end, "completed", true),
    ];
    for (kind, at, word, wanted) in moments {
        if !wanted || at > now || at < since || at >= done_at {
            continue;
        }
        let when = at.to_string();
        out.push(Event {
            id: Key::Maintenance(&inc.slug, word).to_string(),
            kind,
            incident: i,
            category: Category::Maintenance,
            time: at,
            status: None,
            changes: Vec::new(),
            hash: content_hash(&[&when]),
        });
    }
}
