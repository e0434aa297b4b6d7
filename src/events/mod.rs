//! What there is to announce: every timeline update and statement of the site, and the
//! moments of each maintenance window (a reminder before it, its start, its end), each with an
//! id taken from the sources (never from the order of files) and a hash of what it says.
//!
//! The ids are the keys the API already uses for updates (`update:<slug>#<n>`, see
//! [`crate::render::api::stable_id`]); a changed text keeps its id and changes its hash, which
//! is how a correction is told from a new update.

pub mod manifest;

use jiff::{SignedDuration, Timestamp};

use crate::config::ComponentRef;
use crate::derive::Derived;
use crate::history;
use crate::model::{ComponentStatus, Incident, Kind, UpdateStatus};

/// Events older than this are left out of the manifest and never announced: the limit on
/// `max_age` in notify.yaml, and what keeps the manifest small on a site with long history.
pub const HORIZON: SignedDuration = SignedDuration::from_hours(30 * 24);

/// What an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
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
    pub fn word(self) -> &'static str {
        match self {
            EventKind::Update(_) => "update",
            EventKind::Statement(_) => "statement",
            EventKind::Reminder => "maintenance_reminder",
            EventKind::Started => "maintenance_started",
            EventKind::Ended => "maintenance_completed",
        }
    }

    /// Whether it is due to the clock rather than to something written (see
    /// [`crate::notify::diff`]: those are known from the previous run's time, not its list).
    pub fn is_timed(self) -> bool {
        matches!(
            self,
            EventKind::Reminder | EventKind::Started | EventKind::Ended
        )
    }
}

/// The subscription kinds a target can filter on (notify.yaml `kinds:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    Incidents,
    Maintenance,
    Statements,
}

/// A component whose status an update changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComponentChange {
    pub component: ComponentRef,
    pub old: ComponentStatus,
    pub new: ComponentStatus,
}

/// One thing to announce.
#[derive(Debug, Clone)]
pub struct Event {
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

/// FNV-1a 64 over `parts`, each followed by a separator byte. Written out (six lines) because
/// the value is published in the manifest and must never change between versions or builds;
/// std's hasher makes no such promise.
pub fn content_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.as_bytes().iter().chain(&[0x1f]) {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// Every event of `site` at or after `since`, in time order (ties by id). Timed events are
/// included only once their moment has passed (`site.now`); `remind_before` of zero turns
/// reminders off.
pub fn collect(site: &Derived, since: Timestamp, remind_before: SignedDuration) -> Vec<Event> {
    let mut out = Vec::new();
    for (i, inc) in site.incidents.iter().enumerate() {
        // Most incidents of a long history: nothing recent, skipped without looking further.
        let latest = site.states[i].updated_at.max(window_end(inc));
        if latest < since {
            continue;
        }
        written(i, inc, since, &mut out);
        timed(i, inc, since, site.now, remind_before, &mut out);
    }
    out.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.id.cmp(&b.id)));
    out
}

fn window_end(inc: &Incident) -> Timestamp {
    inc.scheduled.map_or(Timestamp::MIN, |w| w.end)
}

fn category(inc: &Incident) -> Category {
    match inc.kind {
        Kind::Incident => Category::Incidents,
        Kind::Maintenance => Category::Maintenance,
    }
}

/// The updates and statements of incident `i`.
fn written(i: usize, inc: &Incident, since: Timestamp, out: &mut Vec<Event>) {
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
        out.push(Event {
            id: format!("update:{}#{n}", inc.slug),
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
            id: format!("statement:{}#{n}", inc.slug),
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
    let (Kind::Maintenance, Some(w)) = (inc.kind, inc.scheduled) else {
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
            id: format!("maintenance:{}@{word}", inc.slug),
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

#[cfg(test)]
mod tests {
    use super::content_hash;

    #[test]
    fn content_hashes_never_change() {
        // Published in api/notify.json: a different function would make every update of
        // the last 30 days look corrected after an upgrade.
        assert_eq!(content_hash(&[]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(content_hash(&["a"]), content_hash(&["a"]));
        assert_ne!(content_hash(&["ab", "c"]), content_hash(&["a", "bc"]));
        // FNV-1a 64 with 0x1f after each part, computed independently (Python).
        assert_eq!(
            format!("{:016x}", content_hash(&["resolved", "Fixed."])),
            "47fff42d4f466c47"
        );
    }
}
