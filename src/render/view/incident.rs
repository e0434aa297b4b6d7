//! The views of one incident: its card, shown in every list, and its body, which only its own
//! page and its feed item add (see [`crate::render::Pass::full_view`]).

mod page;
mod value;

use serde::Serialize;

use super::changes::{AffectedView, ChangeView};
use super::{Label, TimeView, Views};
use crate::derive::{IncidentState, Phase};
use crate::markdown;
use crate::model::{ComponentStatus, Fallback, Incident, UpdateStatus};
use crate::urls::web::is_web_link;
use crate::urls::{component_path, incident_path};

/// One update of the timeline.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UpdateView {
    pub status: Label,
    /// Whether the status differs from the entry before it in time (the first entry's does):
    /// the page labels only those, so 35 "Investigating" entries carry the word once.
    pub status_changed: bool,
    pub time: TimeView,
    /// Whether the entry shown just above it on the page is of the same day (in the site's
    /// zone): the page then writes only the clock time.
    pub same_day: bool,
    pub html: String,
    /// The component statuses this entry changed (only for incidents whose entries change
    /// components; the others' components are in `affected`).
    pub changes: Vec<ChangeView>,
    /// A maintenance's new window, announced by this entry (a reschedule or an extension).
    pub window: Option<WindowView>,
    /// The language of its words when they are the original's, not yet translated into the
    /// page's (see [`crate::model::Fallback`]).
    pub lang: Option<String>,
}

/// A statement quoted from the organisation or a third party.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StatementView {
    pub by: String,
    pub channel: Option<String>,
    /// Only a web link: anything else from the file is dropped.
    pub url: Option<String>,
    pub time: TimeView,
    pub html: String,
    /// The language of its words when not yet translated.
    pub lang: Option<String>,
}

/// A `##` section of the incident file other than the timeline and statements.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SectionView {
    pub title_html: String,
    pub html: String,
}

/// A maintenance window.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WindowView {
    pub start: TimeView,
    pub end: TimeView,
    pub duration: String,
}

/// An incident in a list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct IncidentCard {
    pub slug: String,
    /// Relative to the site root; prefix with the page's `root`.
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    /// active, resolved, upcoming, in_progress or completed.
    pub phase: &'static str,
    pub status: Label,
    pub impact: Label,
    pub started: TimeView,
    pub resolved: Option<TimeView>,
    pub duration: Option<String>,
    pub window: Option<WindowView>,
    pub updated: TimeView,
    /// The latest update, for incidents and maintenance that are not over.
    pub latest: Option<UpdateView>,
    /// When the latest update promises the next one, while it is not over.
    pub next_update: Option<TimeView>,
    pub affected: Vec<AffectedView>,
    /// The language of the title when it is not yet translated.
    pub title_lang: Option<String>,
}

/// The postmortem, shown above the timeline.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PostmortemView {
    pub title: String,
    pub html: String,
    pub published: Option<TimeView>,
    /// The language of its words when not yet translated.
    pub lang: Option<String>,
}

/// The parts of an incident's full view (its page, its feed item) that its card does not
/// have. Templates see both as one `incident`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct IncidentBody {
    pub summary_html: String,
    /// The language of the summary when it is not yet translated.
    pub summary_lang: Option<String>,
    pub postmortem: Option<PostmortemView>,
    /// In reading order (see [`timeline_order`]).
    pub updates: Vec<UpdateView>,
    pub statements: Vec<StatementView>,
    pub sections: Vec<SectionView>,
}

impl Views<'_> {
    fn update(&self, inc: &Incident, n: usize) -> UpdateView {
        let u = &inc.updates[n];
        UpdateView {
            status: self.label("update", u.status.as_str()),
            status_changed: n == 0 || inc.updates[n - 1].status != u.status,
            time: self.time(u.time.at, u.time.approximate),
            same_day: false,
            html: markdown::to_html(&u.body, markdown::Allow::of(self.config)),
            changes: self.changes(inc, n),
            window: u.window().map(|w| self.window(w)),
            lang: untranslated(inc, |f| f.update(n)),
        }
    }

    fn window(&self, w: crate::model::Window) -> WindowView {
        WindowView {
            start: self.time(w.start, false),
            end: self.time(w.end, false),
            duration: self.strings.format_duration(w.end.duration_since(w.start)),
        }
    }

    /// The list-item view of an incident.
    pub(crate) fn card(&self, inc: &Incident, state: &IncidentState) -> IncidentCard {
        self.counts.card();
        let end = state.resolved_at;
        let live = matches!(
            state.phase,
            Phase::Active | Phase::InProgress | Phase::Upcoming
        );
        // A start or end shown as "about" only when the update that gives it was written so.
        let started_approximate = inc
            .updates
            .first()
            .is_some_and(|u| u.time.approximate && inc.started_override.is_none());
        let resolved_approximate = inc
            .updates
            .last()
            .is_some_and(|u| u.time.approximate && u.status.is_final());
        let resolved = end.map(|t| self.time(t, resolved_approximate));
        // An incident over was last updated when it ended: that time is written once.
        let updated = match &resolved {
            Some(time) if end == Some(state.updated_at) && !resolved_approximate => time.clone(),
            _ => self.time(state.updated_at, false),
        };
        IncidentCard {
            slug: inc.slug.clone(),
            url: incident_path(&inc.slug),
            title: inc.title.clone(),
            kind: inc.kind.as_str(),
            phase: phase_key(state.phase),
            status: self.label("update", state.status.as_str()),
            impact: self.label("impact", state.impact.as_str()),
            started: self.time(state.started_at, started_approximate),
            resolved,
            duration: end.map(|e| {
                let exact = self
                    .strings
                    .format_duration(e.duration_since(state.started_at));
                // A duration between approximate times is itself approximate: "约 9 小时 30 分钟".
                if started_approximate || resolved_approximate {
                    self.strings.formats().approximate.replace("{}", &exact)
                } else {
                    exact
                }
            }),
            window: inc.window().map(|w| self.window(w)),
            updated,
            latest: (live && !inc.updates.is_empty())
                .then(|| self.update(inc, inc.updates.len() - 1)),
            next_update: state.next_update.map(|t| self.time(t, false)),
            affected: self.affected(inc, state),
            title_lang: untranslated(inc, |f| f.title),
        }
    }

    /// The components `inc` affects; maintenance puts every one under maintenance.
    fn affected(&self, inc: &Incident, state: &IncidentState) -> Vec<AffectedView> {
        if crate::history::has_changes(inc) {
            return self.affected_over_time(inc, state);
        }
        inc.affected
            .iter()
            .filter_map(|a| {
                let c = a.target?;
                Some(AffectedView {
                    component: a.component.to_string(),
                    url: component_path(&a.component),
                    name: self.config.full_name(c),
                    status: self.affected_status(inc, state, a.status),
                    segments: Vec::new(),
                })
            })
            .collect()
    }

    /// The status a card shows for a component the incident gives `status`: maintenance
    /// shows as under maintenance, but not before its window: until then its components
    /// are only scheduled for it (their own status is unchanged).
    pub(super) fn affected_status(
        &self,
        inc: &Incident,
        state: &IncidentState,
        status: ComponentStatus,
    ) -> Label {
        if state.phase == Phase::Upcoming && status != ComponentStatus::Operational {
            return self.label("update", UpdateStatus::Scheduled.as_str());
        }
        self.component_status(inc.kind.shown_status(status))
    }

    /// What an incident's own page and feed item add to its card: all its Markdown,
    /// rendered (see [`crate::render::Pass::full_view`]).
    pub(crate) fn body(&self, inc: &Incident, state: &IncidentState) -> IncidentBody {
        self.counts.detail();
        let raw = markdown::Allow::of(self.config);
        IncidentBody {
            summary_html: markdown::to_html(&inc.summary, raw),
            summary_lang: untranslated(inc, |f| f.summary),
            postmortem: inc.postmortem.as_ref().map(|p| PostmortemView {
                title: p.title.clone(),
                html: markdown::to_html(&p.body, raw),
                published: p.published.map(|t| self.time(t.at, t.approximate)),
                lang: untranslated(inc, |f| f.postmortem),
            }),
            updates: self.timeline(inc, state.phase),
            statements: inc
                .statements
                .iter()
                .enumerate()
                .map(|(n, s)| StatementView {
                    by: s.by.to_string(),
                    channel: s.channel.as_deref().map(str::to_string),
                    url: s
                        .url
                        .as_deref()
                        .filter(|u| is_web_link(u))
                        .map(str::to_string),
                    time: self.time(s.time.at, s.time.approximate),
                    html: markdown::to_html(&unquote(&s.body), raw),
                    lang: untranslated(inc, |f| f.statement(n)),
                })
                .collect(),
            sections: inc
                .sections
                .iter()
                .map(|s| SectionView {
                    title_html: markdown::inline_to_html(&s.title, raw),
                    html: markdown::to_html(&s.body, raw),
                })
                .collect(),
        }
    }
}

impl Views<'_> {
    /// The timeline's entries in [`timeline_order`], each knowing whether the one above it is
    /// of the same day.
    fn timeline(&self, inc: &Incident, phase: Phase) -> Vec<UpdateView> {
        let mut entries: Vec<UpdateView> = (0..inc.updates.len())
            .map(|n| self.update(inc, n))
            .collect();
        if timeline_order(phase) == Order::NewestFirst {
            entries.reverse();
        }
        for n in 1..entries.len() {
            entries[n].same_day = entries[n].time.date == entries[n - 1].time.date;
        }
        entries
    }
}

/// The order a timeline reads in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    NewestFirst,
    OldestFirst,
}

/// While an incident or maintenance is live, readers come for the latest word: newest first.
/// Once it is over, its timeline is a story: oldest first. (docs/design.md, "Timelines".)
pub(crate) fn timeline_order(phase: Phase) -> Order {
    match phase {
        Phase::Active | Phase::InProgress | Phase::Upcoming => Order::NewestFirst,
        Phase::Resolved | Phase::Completed => Order::OldestFirst,
    }
}

/// The word templates and styles use for a phase.
fn phase_key(phase: Phase) -> &'static str {
    match phase {
        Phase::Active => "active",
        Phase::Resolved => "resolved",
        Phase::Upcoming => "upcoming",
        Phase::InProgress => "in_progress",
        Phase::Completed => "completed",
    }
}

/// The language a text of `inc` is in when `which` says it is not yet translated into the
/// language shown (only an incident shown in another language has any: [`Incident::fallback`]).
fn untranslated(inc: &Incident, which: impl Fn(&Fallback) -> bool) -> Option<String> {
    let fallback = inc.fallback.as_deref()?;
    which(fallback).then(|| fallback.language.clone())
}

/// A statement's words without the `>` quote markers its author may have written: the page
/// already shows it as a quotation.
fn unquote(markdown: &str) -> String {
    let quoted = markdown
        .lines()
        .filter(|l| !l.trim().is_empty())
        .all(|l| l.trim_start().starts_with('>'));
    if !quoted {
        return markdown.to_string();
    }
    markdown
        .lines()
        .map(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix('>').unwrap_or(l);
            l.strip_prefix(' ').unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n")
}
