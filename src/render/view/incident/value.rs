//! An incident's card as a template value, built field by field (no serde) with its repeated
//! parts shared: each status label from the render's [`LabelValues`], and an instant the card
//! shows twice (its last update and its end, its start and its window's) built once.
//!
//! The value must be exactly what `tera::Value::from_serializable(&card)` makes (the tests
//! below hold them together): every field of every view, under its serde name.

use tera::Value;

use super::super::changes::SegmentView;
use super::{AffectedView, ChangeView, IncidentCard, UpdateView, WindowView};
use crate::render::values::{LabelValues, list, map};
use crate::render::view::{Label, TimeView};

/// Builds one card's value: the render's labels, and the times met so far in this card.
struct Builder<'c> {
    labels: &'c LabelValues,
    times: Vec<(&'c TimeView, Value)>,
}

impl IncidentCard {
    /// This card as a template value, its labels taken from (and added to) `labels`.
    pub(crate) fn to_value(&self, labels: &LabelValues) -> Value {
        let mut b = Builder {
            labels,
            times: Vec::with_capacity(4),
        };
        map([
            ("slug", Value::from(self.slug.as_str())),
            ("url", Value::from(self.url.as_str())),
            ("title", Value::from(self.title.as_str())),
            ("kind", Value::from(self.kind)),
            ("phase", Value::from(self.phase)),
            ("status", b.label(&self.status)),
            ("impact", b.label(&self.impact)),
            ("started", b.time(&self.started)),
            ("resolved", b.maybe_time(self.resolved.as_ref())),
            ("duration", text(self.duration.as_deref())),
            ("window", b.window(self.window.as_ref())),
            ("updated", b.time(&self.updated)),
            ("latest", b.update(self.latest.as_ref())),
            ("next_update", b.maybe_time(self.next_update.as_ref())),
            ("affected", list(&self.affected, |a| b.affected(a))),
            ("title_lang", text(self.title_lang.as_deref())),
        ])
    }
}

/// A text that may be missing: none, as serde writes `None`.
fn text(value: Option<&str>) -> Value {
    value.map_or_else(Value::none, Value::from)
}

impl<'c> Builder<'c> {
    fn label(&self, label: &Label) -> Value {
        self.labels.get(label.key, &label.label)
    }

    /// `time`'s value, shared with an equal time met before in this card.
    fn time(&mut self, time: &'c TimeView) -> Value {
        if let Some((_, value)) = self.times.iter().find(|(t, _)| same_time(t, time)) {
            return value.clone();
        }
        let value = map([
            ("iso", Value::from(time.iso.as_str())),
            ("display", Value::from(time.display.as_str())),
            ("short", Value::from(time.short.as_str())),
            ("date", Value::from(time.date.as_str())),
            ("day", Value::from(time.day.as_str())),
            ("clock", Value::from(time.clock.as_str())),
            ("approximate", Value::from(time.approximate)),
        ]);
        self.times.push((time, value.clone()));
        value
    }

    fn maybe_time(&mut self, time: Option<&'c TimeView>) -> Value {
        time.map_or_else(Value::none, |t| self.time(t))
    }

    fn window(&mut self, window: Option<&'c WindowView>) -> Value {
        let Some(w) = window else {
            return Value::none();
        };
        map([
            ("start", self.time(&w.start)),
            ("end", self.time(&w.end)),
            ("duration", Value::from(w.duration.as_str())),
        ])
    }

    fn update(&mut self, update: Option<&'c UpdateView>) -> Value {
        let Some(u) = update else {
            return Value::none();
        };
        map([
            ("status", self.label(&u.status)),
            ("status_changed", Value::from(u.status_changed)),
            ("time", self.time(&u.time)),
            ("same_day", Value::from(u.same_day)),
            ("html", Value::from(u.html.as_str())),
            ("changes", list(&u.changes, |c| self.change(c))),
            ("window", self.window(u.window.as_ref())),
            ("lang", text(u.lang.as_deref())),
        ])
    }

    fn change(&self, change: &ChangeView) -> Value {
        map([
            ("name", Value::from(change.name.as_str())),
            ("url", Value::from(change.url.as_str())),
            ("was", self.label(&change.was)),
            ("status", self.label(&change.status)),
        ])
    }

    fn affected(&mut self, affected: &'c AffectedView) -> Value {
        map([
            ("component", Value::from(affected.component.as_str())),
            ("url", Value::from(affected.url.as_str())),
            ("name", Value::from(affected.name.as_str())),
            ("status", self.label(&affected.status)),
            ("segments", list(&affected.segments, |s| self.segment(s))),
        ])
    }

    fn segment(&mut self, segment: &'c SegmentView) -> Value {
        map([
            ("status", self.label(&segment.status)),
            ("from", self.time(&segment.from)),
            ("until", self.maybe_time(segment.until.as_ref())),
            ("left", Value::from(segment.left)),
            ("width", Value::from(segment.width)),
        ])
    }
}

/// Whether two times read the same in every form (then their values are equal).
fn same_time(a: &TimeView, b: &TimeView) -> bool {
    a.iso == b.iso
        && a.approximate == b.approximate
        && a.display == b.display
        && a.short == b.short
        && a.date == b.date
        && a.day == b.day
        && a.clock == b.clock
}

#[cfg(test)]
mod tests;
