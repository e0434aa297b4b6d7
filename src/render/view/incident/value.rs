//! An incident's card as a template value, with its repeated parts shared: each status label
//! from the render's [`LabelValues`], and an instant the card shows twice (its start and its
//! window's, its last update and its latest entry) built once.
//!
//! The rest is serialised by Tera's serializer straight from the views (cheaper than building
//! each part as a [`Value`] and putting it in a map: a map built that way is hashed twice), and
//! the shared parts are passed to it as values, which it takes as they are (a clone: a count).
//! The value must be exactly what `tera::Value::from_serializable(&card)` makes (the tests
//! below hold them together): every field of every view, under its serde name.

use serde::Serialize;
use tera::Value;

use super::super::changes::SegmentView;
use super::{AffectedView, ChangeView, IncidentCard, UpdateView, WindowView};
use crate::render::values::LabelValues;
use crate::render::view::{Label, TimeView};

impl IncidentCard {
    /// This card as a template value, its labels taken from (and added to) `labels`.
    pub(crate) fn to_value(&self, labels: &LabelValues) -> Value {
        let mut times = Times::of(self);
        let label = |l: &Label| labels.get(l.key, &l.label);
        let fields = Card {
            slug: &self.slug,
            url: &self.url,
            title: &self.title,
            kind: self.kind,
            phase: self.phase,
            status: label(&self.status),
            impact: label(&self.impact),
            started: times.get(&self.started),
            resolved: self.resolved.as_ref().map(|t| times.get(t)),
            duration: self.duration.as_deref(),
            window: self.window.as_ref().map(|w| Window::of(w, &mut times)),
            updated: times.get(&self.updated),
            latest: self
                .latest
                .as_ref()
                .map(|u| Update::of(u, &mut times, &label)),
            next_update: self.next_update.as_ref().map(|t| times.get(t)),
            affected: (self.affected.iter())
                .map(|a| Affected::of(a, &label))
                .collect(),
            title_lang: self.title_lang.as_deref(),
        };
        Value::from_serializable(&fields)
    }
}

/// [`IncidentCard`]'s fields, the labels and repeated times as shared values.
#[derive(Serialize)]
struct Card<'c> {
    slug: &'c str,
    url: &'c str,
    title: &'c str,
    kind: &'static str,
    phase: &'static str,
    status: Value,
    impact: Value,
    started: Time<'c>,
    resolved: Option<Time<'c>>,
    duration: Option<&'c str>,
    window: Option<Window<'c>>,
    updated: Time<'c>,
    latest: Option<Update<'c>>,
    next_update: Option<Time<'c>>,
    affected: Vec<Affected<'c>>,
    title_lang: Option<&'c str>,
}

/// A time: serialised from its view, or, when the card shows it twice, its value built once.
#[derive(Serialize)]
#[serde(untagged)]
enum Time<'c> {
    View(&'c TimeView),
    Shared(Value),
}

/// [`WindowView`]'s fields.
#[derive(Serialize)]
struct Window<'c> {
    start: Time<'c>,
    end: Time<'c>,
    duration: &'c str,
}

impl<'c> Window<'c> {
    fn of(w: &'c WindowView, times: &mut Times<'c>) -> Self {
        Window {
            start: times.get(&w.start),
            end: times.get(&w.end),
            duration: &w.duration,
        }
    }
}

/// [`UpdateView`]'s fields.
#[derive(Serialize)]
struct Update<'c> {
    status: Value,
    status_changed: bool,
    time: Time<'c>,
    same_day: bool,
    html: &'c str,
    changes: Vec<Change<'c>>,
    window: Option<Window<'c>>,
    lang: Option<&'c str>,
}

impl<'c> Update<'c> {
    fn of(u: &'c UpdateView, times: &mut Times<'c>, label: &impl Fn(&Label) -> Value) -> Self {
        Update {
            status: label(&u.status),
            status_changed: u.status_changed,
            time: times.get(&u.time),
            same_day: u.same_day,
            html: &u.html,
            changes: (u.changes.iter()).map(|c| Change::of(c, label)).collect(),
            window: u.window.as_ref().map(|w| Window::of(w, times)),
            lang: u.lang.as_deref(),
        }
    }
}

/// [`ChangeView`]'s fields.
#[derive(Serialize)]
struct Change<'c> {
    name: &'c str,
    url: &'c str,
    was: Value,
    status: Value,
}

impl<'c> Change<'c> {
    fn of(c: &'c ChangeView, label: &impl Fn(&Label) -> Value) -> Self {
        Change {
            name: &c.name,
            url: &c.url,
            was: label(&c.was),
            status: label(&c.status),
        }
    }
}

/// [`AffectedView`]'s fields.
#[derive(Serialize)]
struct Affected<'c> {
    component: &'c str,
    url: &'c str,
    name: &'c str,
    status: Value,
    segments: Vec<Segment<'c>>,
}

impl<'c> Affected<'c> {
    fn of(a: &'c AffectedView, label: &impl Fn(&Label) -> Value) -> Self {
        Affected {
            component: &a.component,
            url: &a.url,
            name: &a.name,
            status: label(&a.status),
            segments: (a.segments.iter()).map(|s| Segment::of(s, label)).collect(),
        }
    }
}

/// [`SegmentView`]'s fields (its times serialised from their views: a strip's times are
/// not among a card's few that repeat).
#[derive(Serialize)]
struct Segment<'c> {
    status: Value,
    from: &'c TimeView,
    until: Option<&'c TimeView>,
    left: f64,
    width: f64,
}

impl<'c> Segment<'c> {
    fn of(s: &'c SegmentView, label: &impl Fn(&Label) -> Value) -> Self {
        Segment {
            status: label(&s.status),
            from: &s.from,
            until: s.until.as_ref(),
            left: s.left,
            width: s.width,
        }
    }
}

/// The card's own times (at most seven: its start, end, window, last update, latest entry,
/// next promise), and the value of each one it shows more than once.
struct Times<'c> {
    /// Each time the card shows more than once, and its value once built.
    repeated: Vec<(&'c TimeView, Option<Value>)>,
}

impl<'c> Times<'c> {
    fn of(card: &'c IncidentCard) -> Self {
        let windows = [
            card.window.as_ref(),
            card.latest.as_ref().and_then(|u| u.window.as_ref()),
        ];
        let all: Vec<&TimeView> = [Some(&card.started), Some(&card.updated)]
            .into_iter()
            .chain([card.resolved.as_ref(), card.next_update.as_ref()])
            .chain([card.latest.as_ref().map(|u| &u.time)])
            .chain(
                windows
                    .iter()
                    .flat_map(|w| [w.map(|w| &w.start), w.map(|w| &w.end)]),
            )
            .flatten()
            .collect();
        let mut repeated: Vec<(&TimeView, Option<Value>)> = Vec::new();
        for (n, &time) in all.iter().enumerate() {
            let again = all[n + 1..].iter().any(|t| same_time(t, time));
            if again && !repeated.iter().any(|(t, _)| same_time(t, time)) {
                repeated.push((time, None));
            }
        }
        Times { repeated }
    }

    /// `time` as the card shows it: shared when it repeats.
    fn get(&mut self, time: &'c TimeView) -> Time<'c> {
        match self.repeated.iter_mut().find(|(t, _)| same_time(t, time)) {
            Some((_, value)) => {
                Time::Shared((value.get_or_insert_with(|| Value::from_serializable(time))).clone())
            }
            None => Time::View(time),
        }
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
