//! The views of an incident whose entries change component statuses: a chip per change on
//! each entry, and per component a strip of its statuses across the incident.

use jiff::Timestamp;
use serde::Serialize;

use super::{Label, TimeView, Views};
use crate::derive::IncidentState;
use crate::history::{self, Stretch};
use crate::model::{ComponentStatus, Incident};
use crate::urls::component_path;

/// A component the incident affects, with the status it gives it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AffectedView {
    pub component: String,
    pub url: String,
    pub name: String,
    /// While the incident is on, the status now; after it, the worst it reached.
    pub status: Label,
    /// When its entries change components: each stretch of this component's status across
    /// the incident (to its end, or its latest entry while it is on).
    pub segments: Vec<SegmentView>,
}

/// One component whose status a timeline entry changed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChangeView {
    pub name: String,
    pub url: String,
    /// The status before the entry.
    pub was: Label,
    pub status: Label,
}

/// One stretch of a component's status, placed on the incident's span (percentages).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SegmentView {
    pub status: Label,
    pub from: TimeView,
    pub until: Option<TimeView>,
    /// Offset from the start of the incident, in percent of its span.
    pub left: f64,
    pub width: f64,
}

impl Views<'_> {
    /// The changes entry `n` of `inc` made, when its entries change components.
    pub(super) fn changes(&self, inc: &Incident, n: usize) -> Vec<ChangeView> {
        if !history::has_changes(inc) {
            return Vec::new();
        }
        let shown = |s| self.component_status(inc.kind.shown_status(s));
        history::transitions(inc, n)
            .into_iter()
            .map(|t| ChangeView {
                name: self.config.full_name(t.component),
                url: component_path(&self.config.reference(t.component)),
                was: shown(t.old),
                status: shown(t.new),
            })
            .collect()
    }

    /// Every component the incident named, with its status (now while it is on, else the
    /// worst it reached) and its strip.
    pub(super) fn affected_over_time(
        &self,
        inc: &Incident,
        state: &IncidentState,
    ) -> Vec<AffectedView> {
        let start = state.started_at;
        // While it is on, the strip runs to the latest entry (so a card does not depend on
        // the clock); then to the end.
        let end = state.resolved_at.unwrap_or(state.updated_at).max(start);
        let stretches = history::stretches(inc, start, state.resolved_at);
        history::components(inc)
            .map(|c| {
                let own: Vec<&Stretch> = stretches.iter().filter(|s| s.component == c).collect();
                let status = match state.resolved_at {
                    None => own.iter().find(|s| s.until.is_none()).map(|s| s.status),
                    Some(_) => own.iter().map(|s| s.status).max(),
                };
                let reference = self.config.reference(c);
                AffectedView {
                    url: component_path(&reference),
                    component: reference,
                    name: self.config.full_name(c),
                    status: self.affected_status(
                        inc,
                        state,
                        status.unwrap_or(ComponentStatus::Operational),
                    ),
                    segments: own
                        .iter()
                        .map(|s| self.segment(inc, s, start, end))
                        .collect(),
                }
            })
            .collect()
    }

    fn segment(
        &self,
        inc: &Incident,
        s: &Stretch,
        start: Timestamp,
        end: Timestamp,
    ) -> SegmentView {
        let total = end.duration_since(start).as_secs_f64().max(1.0);
        let at = |t: Timestamp| {
            (t.duration_since(start).as_secs_f64() / total * 100.0).clamp(0.0, 100.0)
        };
        let left = at(s.from);
        let right = s.until.map_or(100.0, at);
        SegmentView {
            status: self.component_status(inc.kind.shown_status(s.status)),
            from: self.time(s.from, false),
            until: s.until.map(|t| self.time(t, false)),
            left: (left * 10.0).round() / 10.0,
            width: ((right - left).max(0.0) * 10.0).round() / 10.0,
        }
    }
}
