//! A maintenance's changes as its entries record them. Its `affected` statuses are what the
//! components will be *during the window*: an entry written before the window (the
//! announcement, a reschedule) changes nothing on the page, so it records no change (docs/api.md,
//! "Maintenance"). The components go under maintenance at the first entry inside the window (or
//! one saying `in_progress` early) and come back at the final one.

use super::{Transition, replay};
use crate::config::ComponentRef;
use crate::model::{ComponentStatus, Incident, UpdateStatus};

/// Whether the maintenance's statuses hold at entry `n`: the entry says it is under way, or it
/// still says `scheduled` once the window has begun (as the page reads it then).
fn in_effect(inc: &Incident, n: usize) -> bool {
    let u = &inc.updates[n];
    match u.status {
        UpdateStatus::InProgress | UpdateStatus::Verifying => true,
        UpdateStatus::Scheduled => inc.window_at_entry(n).is_some_and(|w| u.time.at >= w.start),
        _ => false,
    }
}

/// The statuses held after entry `n` (front matter included) when they are in effect then;
/// none (everything operational) otherwise.
fn held_after(inc: &Incident, n: usize) -> Vec<(ComponentRef, ComponentStatus)> {
    if !in_effect(inc, n) {
        return Vec::new();
    }
    let mut held: Vec<(ComponentRef, ComponentStatus)> = Vec::new();
    for e in replay(inc)
        .into_iter()
        .take_while(|e| e.entry.is_none_or(|m| m <= n))
    {
        match held.iter_mut().find(|(c, _)| *c == e.component) {
            Some((_, s)) => *s = e.new,
            None => held.push((e.component, e.new)),
        }
    }
    held
}

/// Entry `n`'s changes: the statuses in effect after the entry before it against those after it.
pub(super) fn transitions(inc: &Incident, n: usize) -> Vec<Transition> {
    let before = n
        .checked_sub(1)
        .map_or_else(Vec::new, |m| held_after(inc, m));
    let after = held_after(inc, n);
    let status_in = |held: &[(ComponentRef, ComponentStatus)], c: ComponentRef| {
        held.iter()
            .find(|(h, _)| *h == c)
            .map_or(ComponentStatus::Operational, |(_, s)| *s)
    };
    super::components(inc)
        .map(|c| Transition {
            component: c,
            old: status_in(&before, c),
            new: status_in(&after, c),
        })
        .filter(|t| t.old != t.new)
        .collect()
}
