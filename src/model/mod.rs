//! The incident model: what an incident file says, as plain data.
//!
//! These types know nothing of HTML or templates; Markdown is kept as written and turned into
//! HTML only when rendering.

use std::path::PathBuf;

use jiff::Timestamp;

use crate::config::ComponentRef;
use crate::time::WrittenTime;

mod checked;
mod status;
mod text;
mod translation;
pub(crate) use checked::{Checked, Schedule};
pub use status::{ComponentStatus, Impact, Kind, StatusProblem, UpdateStatus};
pub use text::Text;
pub(crate) use text::pack as pack_texts;
pub use translation::{EntryKey, Fallback, StatementKey, TranslatedStatement, Translation};

/// A planned maintenance window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: Timestamp,
    pub end: Timestamp,
}

/// One `### <time> · <status>` entry of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    pub time: WrittenTime,
    pub status: UpdateStatus,
    /// The Markdown under the heading, as written, without its `Affects:` lines.
    pub body: Text,
    /// The component statuses this entry changes, from its time on.
    pub changes: Vec<Affected>,
    /// Its `Window:` and `Next update:` lines, which few entries have: boxed together, they
    /// cost the many entries without them one pointer instead of 80 bytes each.
    pub lines: Option<Box<EntryLines>>,
    /// 1-based line of the heading in the source file (`u32`, as [`Text`]'s bounds: it
    /// shares padding with `status`, 8 bytes less for each of ≈ 592,000 entries at 100k).
    pub line: u32,
}

/// An entry's rarer header lines (see [`Update::lines`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryLines {
    /// A maintenance's new window, announced by the entry's `Window:` line (a reschedule or
    /// an extension): it holds from the entry's time on (see [`Incident::window`]).
    pub window: Option<Window>,
    /// When the entry promises the next update (its `Next update:` line), if it does.
    pub next_update: Option<NextUpdate>,
}

/// A 1-based line or column as the model holds it: `u32`, as [`Text`]'s bounds (a file is
/// at most 4 MiB, so never beyond; the largest `u32` if it were).
pub(crate) fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Affected {
    /// 1-based line of the component's name, for diagnostics.
    pub fn line(&self) -> usize {
        self.line as usize
    }

    /// 1-based column of the component's name, for diagnostics.
    pub fn column(&self) -> usize {
        self.column as usize
    }
}

impl Update {
    /// 1-based line of the entry's heading, for diagnostics.
    pub fn line(&self) -> usize {
        self.line as usize
    }

    /// The Markdown under the heading, as written, without its header lines.
    pub fn markdown(&self) -> &str {
        self.body.as_str()
    }

    /// The maintenance window this entry's `Window:` line announces, if it has one.
    pub fn window(&self) -> Option<Window> {
        self.lines.as_ref().and_then(|l| l.window)
    }

    /// The next update this entry promises (its `Next update:` line), if it does.
    pub fn next_update(&self) -> Option<NextUpdate> {
        self.lines.as_ref().and_then(|l| l.next_update)
    }
}

/// An entry's promise of the next update: `Next update: 11:35` (docs/format.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextUpdate {
    pub at: Timestamp,
    /// 1-based line and column of the time in the source file, for diagnostics.
    pub line: usize,
    pub column: usize,
}

/// One official statement: who said what, when, where.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub time: WrittenTime,
    /// Who said it (boxed, as `channel` and `url`: 8 bytes less each than a `String`).
    pub by: Box<str>,
    /// Where it was said (e.g. "Weibo"), if given.
    pub channel: Option<Box<str>>,
    /// A link to the original, if given.
    pub url: Option<Box<str>>,
    /// The quoted words, as Markdown.
    pub body: Text,
    pub line: usize,
}

/// The postmortem: a `## Postmortem` section (docs/format.md).
#[derive(Debug, Clone, PartialEq)]
pub struct Postmortem {
    /// The heading's title, as written.
    pub title: String,
    /// The Markdown of the section.
    pub body: Text,
    /// When it was published, from the heading (`## Postmortem · 2026-04-20 10:00`).
    pub published: Option<WrittenTime>,
    pub line: usize,
}

/// Any other `##` section, kept as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    pub body: Text,
    pub line: usize,
}

/// A component given a status: in the front matter's `affected` (the state at the start) or
/// in an entry's `Affects:` line (a change from the entry's time on; there `operational`
/// means the component is back).
#[derive(Debug, Clone, PartialEq)]
pub struct Affected {
    /// `product` or `product/feature`, as written (boxed: 8 bytes less than a `String`, for
    /// ≈ 400,000 of them at 100k incidents).
    pub component: Box<str>,
    /// The component it names; `None` when it is not in the catalogue (reported by
    /// validation).
    pub target: Option<ComponentRef>,
    pub status: ComponentStatus,
    /// 1-based line of the component's name (`u32`, as [`Text`]'s bounds: a file is at most
    /// 4 MiB; 16 bytes less per component than two `usize`).
    pub line: u32,
    /// 1-based column of the component's name on that line.
    pub column: u32,
}

/// One incident or maintenance, as its file says.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// The file stem: the incident's permanent address.
    pub slug: String,
    /// The source file, relative to the site root.
    pub file: PathBuf,
    pub title: String,
    pub kind: Kind,
    /// As written; `None` means "derive it from the affected statuses".
    pub impact: Option<Impact>,
    pub affected: Vec<Affected>,
    pub scheduled: Option<Window>,
    pub started_override: Option<WrittenTime>,
    pub resolved_override: Option<WrittenTime>,
    /// Markdown before the first `##` section.
    pub summary: Text,
    /// Oldest first, as written.
    pub updates: Vec<Update>,
    pub statements: Vec<Statement>,
    /// Boxed: most incidents have none, and it is 88 bytes.
    pub postmortem: Option<Box<Postmortem>>,
    pub sections: Vec<Section>,
    /// Shown in another language than its file's: which texts are still the original's
    /// ([`Incident::in_language`]); `None` in its own language and when all is translated.
    pub fallback: Option<std::sync::Arc<Fallback>>,
}

impl Incident {
    /// The impact as written, or implied by the worst status it gave any component at any
    /// time (in the front matter or an entry's `Affects:` line).
    pub(crate) fn impact(&self) -> Impact {
        self.impact.unwrap_or_else(|| {
            let written = self.affected.iter().map(|a| a.status);
            let changed = self
                .updates
                .iter()
                .flat_map(|u| u.changes.iter().map(|c| c.status));
            written
                .chain(changed)
                .max()
                .map_or(Impact::None, ComponentStatus::implied_impact)
        })
    }

    /// The status of its latest timeline entry.
    pub(crate) fn current_status(&self) -> Option<UpdateStatus> {
        self.updates.last().map(|u| u.status)
    }

    /// A maintenance's window as its entries leave it: the latest entry's `Window:` line, else
    /// the front matter's `scheduled` (the window as first announced); `None` for an incident.
    /// This is the one "window at t": a build, notify or the calendar at an instant reads it
    /// on the incident with the entries after that instant hidden (`derive::at`), so a
    /// reschedule never rewrites what was shown before it.
    pub fn window(&self) -> Option<Window> {
        if self.kind != Kind::Maintenance {
            return None;
        }
        let changed = self.updates.iter().rev().find_map(|u| u.window());
        changed.or(self.scheduled)
    }

    /// The window in effect at entry `n` (the latest `Window:` line up to it, else the front
    /// matter's): [`Incident::window`] of the incident as it stood at that entry.
    pub fn window_at_entry(&self, n: usize) -> Option<Window> {
        if self.kind != Kind::Maintenance {
            return None;
        }
        let upto = self.updates.get(..=n).unwrap_or(&self.updates);
        upto.iter()
            .rev()
            .find_map(|u| u.window())
            .or(self.scheduled)
    }

    /// The window in effect at instant `t`: the latest `Window:` line of an entry dated at or
    /// before it, else the front matter's.
    pub fn window_at(&self, t: Timestamp) -> Option<Window> {
        let shown = self.updates.iter().rposition(|u| u.time.at <= t);
        match shown {
            Some(n) => self.window_at_entry(n),
            None => self.scheduled.filter(|_| self.kind == Kind::Maintenance),
        }
    }

    /// Every window it was ever given, first announced first (the front matter's, then each
    /// entry's): what may matter at some instant, for the moments time alone changes things.
    pub(crate) fn windows(&self) -> impl Iterator<Item = Window> + '_ {
        let first = self.scheduled.filter(|_| self.kind == Kind::Maintenance);
        first.into_iter().chain(
            self.updates
                .iter()
                .filter_map(|u| u.window())
                .filter(|_| self.kind == Kind::Maintenance),
        )
    }

    /// How many changes to the maintenance were announced: each new window and a
    /// cancellation (the calendar's `SEQUENCE`, which must grow with each).
    pub fn changes_announced(&self) -> usize {
        let cancelled = self.current_status() == Some(UpdateStatus::Cancelled);
        self.updates.iter().filter(|u| u.window().is_some()).count() + usize::from(cancelled)
    }

    /// Whether its latest entry called it off.
    pub fn is_cancelled(&self) -> bool {
        self.current_status() == Some(UpdateStatus::Cancelled)
    }

    /// The promise of the next update a reader sees at `t`: the latest entry dated up to `t`
    /// promises one and the incident has not ended by then (entries dated later are not
    /// public yet; an ended incident owes no update). The page shows it; `check` and `serve`
    /// say when it has passed.
    pub(crate) fn promise_at(&self, t: Timestamp) -> Option<NextUpdate> {
        if self.resolved_at().is_some_and(|end| end <= t) {
            return None;
        }
        let latest = self.updates.iter().rev().find(|u| u.time.at <= t)?;
        latest.next_update().filter(|_| !latest.status.is_final())
    }

    /// When it began: the `started` override, else the first update, else the window's start.
    pub(crate) fn started_at(&self) -> Option<Timestamp> {
        self.started_override
            .map(|t| t.at)
            .or_else(|| self.window().map(|w| w.start))
            .or_else(|| self.updates.first().map(|u| u.time.at))
    }

    /// When it was first published: the earlier of its first entry and its start (a
    /// maintenance is announced before its window; an incident's `started:` may be earlier than
    /// its first entry). The API's `created_at` and the feeds' publication date.
    pub(crate) fn created_at(&self) -> Option<Timestamp> {
        let first = self.updates.first().map(|u| u.time.at);
        match (first, self.started_at()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// When it ended: the `resolved` override, else its latest entry when that entry is final.
    /// The timeline wins over the override: an entry after it that is not final reopens the
    /// incident (see [`Incident::reopened_after_override`]).
    pub(crate) fn resolved_at(&self) -> Option<Timestamp> {
        if let Some(t) = self.resolved_override
            && self.reopened_after_override().is_none()
        {
            return Some(t.at);
        }
        self.updates
            .last()
            .filter(|u| u.status.is_final())
            .map(|u| u.time.at)
    }

    /// The entry dated after the `resolved` override that reopened the incident, so that the
    /// override no longer says when it ended: the first one that is not final when the latest
    /// entry is not final either (the incident is open again), else the first `investigating`
    /// or `identified` one (reopened, then resolved again). A `monitoring` entry after the
    /// override followed by `resolved` is the common "impact ended, then we watched" and
    /// leaves the override as written.
    /// A `resolved` before the start reopens nothing: that contradiction is an error of its own.
    pub(crate) fn reopened_after_override(&self) -> Option<&Update> {
        let resolved = self.resolved_override?.at;
        if self.started_at().is_none_or(|start| start > resolved) {
            return None;
        }
        let open_now = self
            .updates
            .last()
            .is_some_and(|u| u.time.at > resolved && !u.status.is_final());
        self.updates.iter().find(|u| {
            u.time.at > resolved
                && !u.status.is_final()
                && (open_now
                    || matches!(
                        u.status,
                        UpdateStatus::Investigating | UpdateStatus::Identified
                    ))
        })
    }

    /// The time of the latest entry of any kind: readers watch this move. Without entries,
    /// the start (for maintenance, which starts in the future, there is nothing earlier).
    pub(crate) fn updated_at(&self) -> Option<Timestamp> {
        let updates = self.updates.iter().map(|u| u.time.at);
        let statements = self.statements.iter().map(|s| s.time.at);
        let postmortem = self
            .postmortem
            .iter()
            .filter_map(|p| p.published.map(|t| t.at));
        updates
            .chain(statements)
            .chain(postmortem)
            .max()
            .or_else(|| self.started_at())
    }
}
