//! Where one incident is listed in the derived indexes (by phase, month and component), moved
//! when a patch ([`super::patch`]) gives it a new state at the same position, and the uptime
//! of the components it touches measured again.

use std::collections::HashSet;

use rayon::prelude::*;

use super::{Derived, IncidentState, Phase};
use crate::config::{ComponentRef, Config};
use crate::history;
use crate::model::Checked;
use crate::uptime;

/// The components whose incidents changed in a patch.
pub(super) struct Listing {
    touched: HashSet<ComponentRef>,
}

impl Listing {
    pub(super) fn new() -> Listing {
        Listing {
            touched: HashSet::new(),
        }
    }

    /// The incident at `position` of `derived` was `old` (incident and state): moves its
    /// entries in the lists by phase, by month and by component to where its state now puts
    /// them. Every list stays in ascending positions (the upcoming ones soonest first).
    pub(super) fn move_entry(
        &mut self,
        config: &Config,
        derived: &mut Derived,
        position: usize,
        old: (&Checked, &IncidentState),
    ) {
        let (old_inc, old_state) = old;
        let new_phase = derived.states[position].phase;
        if let Some(list) = phase_list(derived, old_state.phase) {
            remove(list, position);
        }
        if let Some(list) = phase_list(derived, new_phase) {
            insert(list, position);
        }
        if old_state.phase == Phase::Upcoming || new_phase == Phase::Upcoming {
            let incidents = &derived.incidents;
            let upcoming = &mut derived.maintenance_upcoming;
            upcoming.sort_by_key(|&i| (incidents[i].window().map(|w| w.start), i));
        }
        if old_state.phase.is_over() {
            leave_month(derived, old_state.month, position);
        }
        let new_state = &derived.states[position];
        if new_state.phase.is_over() {
            let month = new_state.month;
            enter_month(derived, month, position);
        }
        let before = listed_on(config, old_inc);
        let after = listed_on(config, &derived.incidents[position]);
        self.touch(config, derived, position, old, (&before, &after));
        if before != after {
            for c in &before {
                let list = derived.by_component.get_mut(c);
                if list.is_some_and(|list| remove(list, position) && list.is_empty()) {
                    derived.by_component.remove(c);
                }
            }
            for &c in &after {
                insert(derived.by_component.entry(c).or_default(), position);
            }
        }
    }

    /// Notes the components whose uptime the incident at `position` changed: those it is
    /// listed on before or after, when the lists changed or it puts other spans on them (an
    /// edit that leaves its times and statuses as they were changes no uptime).
    fn touch(
        &mut self,
        config: &Config,
        derived: &Derived,
        position: usize,
        (old_inc, old_state): (&Checked, &IncidentState),
        (before, after): (&[ComponentRef], &[ComponentRef]),
    ) {
        let reach = &derived.basis.reach;
        let (new_inc, new_state) = (&derived.incidents[position], &derived.states[position]);
        let spans = |inc: &Checked, state: &IncidentState, c: ComponentRef| {
            let mut out = Vec::new();
            let ends = (state.started_at, state.resolved_at);
            reach.spans_of_one(config, (inc, position), ends, c, &mut out);
            out
        };
        for &c in before.iter().chain(after) {
            if before != after || spans(old_inc, old_state, c) != spans(new_inc, new_state, c) {
                self.touched.insert(c);
            }
        }
    }

    /// Measures again the uptime of the components touched, or of every component when "now"
    /// `moved_on` (today's bar and the windows end at "now"; which incidents reach the days
    /// measured is worked out from the last, see [`uptime::Reach::advance`], and the past
    /// days of a component not touched are kept while the date stays, see
    /// [`uptime::uptime_after`]).
    pub(super) fn measure(self, config: &Config, derived: &mut Derived, moved_on: bool) {
        let (incidents, states, now) = (&derived.incidents, &derived.states, derived.now);
        let ends = |i: usize| (states[i].started_at, states[i].resolved_at);
        if moved_on {
            let reach = &mut derived.basis.reach;
            match reach.advance(config, now, incidents.len(), ends) {
                Some(advanced) => *reach = advanced,
                None => {
                    let by_component = &derived.by_component;
                    let whole =
                        super::whole::uptime_of(config, incidents, states, by_component, now);
                    (derived.uptime, *reach) = whole;
                    return;
                }
            }
        }
        let mut uptime = std::mem::take(&mut derived.uptime);
        let work: Vec<(ComponentRef, Option<uptime::Uptime>)> = if moved_on {
            let mut earlier = |c| uptime.remove(&c).filter(|_| !self.touched.contains(&c));
            config.components().map(|c| (c, earlier(c))).collect()
        } else {
            self.touched.iter().map(|&c| (c, None)).collect()
        };
        let days = uptime::Days::new(now, &config.timezone, &config.uptime);
        let (reach, by_component) = (&derived.basis.reach, &derived.by_component);
        let measure = |(c, earlier): (ComponentRef, Option<uptime::Uptime>)| {
            let all = by_component.get(&c).map_or(&[][..], Vec::as_slice);
            let spans = reach.spans(config, incidents, ends, all, c);
            (c, uptime::uptime_after(earlier, &spans, &days))
        };
        // Every component in parallel; the few an edit touched on this thread (handing a
        // job to the pool costs a wake-up, a millisecond or more on a busy machine).
        if moved_on {
            uptime.par_extend(work.into_par_iter().map(measure));
        } else {
            uptime.extend(work.into_iter().map(measure));
        }
        derived.uptime = uptime;
    }
}

/// The components whose lists show `inc`: those it names, each with its product, or for a
/// product all its features (as the index lists them), sorted.
fn listed_on(config: &Config, inc: &Checked) -> Vec<ComponentRef> {
    let named: Vec<ComponentRef> = history::components(inc).collect();
    config
        .components()
        .filter(|c| named.iter().any(|&n| c.touches(n)))
        .collect()
}

/// The list of the incidents in `phase`, if it has one.
fn phase_list(derived: &mut Derived, phase: Phase) -> Option<&mut Vec<usize>> {
    match phase {
        Phase::Active => Some(&mut derived.active),
        Phase::InProgress => Some(&mut derived.maintenance_in_progress),
        Phase::Upcoming => Some(&mut derived.maintenance_upcoming),
        Phase::Resolved | Phase::Completed => None,
    }
}

/// Takes `position` out of `list` (ascending, found by a binary search; the upcoming ones,
/// soonest first, are few and looked through); whether it was there.
fn remove(list: &mut Vec<usize>, position: usize) -> bool {
    let at = list.binary_search(&position).ok();
    let at = at.or_else(|| list.iter().position(|&i| i == position));
    at.map(|at| list.remove(at)).is_some()
}

/// Puts `position` into the ascending `list`.
fn insert(list: &mut Vec<usize>, position: usize) {
    if let Err(at) = list.binary_search(&position) {
        list.insert(at, position);
    }
}

/// Takes `position` out of `month`'s list of the history, and the month when it is empty.
fn leave_month(derived: &mut Derived, month: super::Month, position: usize) {
    let months = &mut derived.by_month;
    if let Some(at) = months.iter().position(|(m, _)| *m == month) {
        remove(&mut months[at].1, position);
        if months[at].1.is_empty() {
            months.remove(at);
        }
    }
}

/// Puts `position` into `month`'s list of the history (newest month first), and the month
/// when it is new.
fn enter_month(derived: &mut Derived, month: super::Month, position: usize) {
    let months = &mut derived.by_month;
    match months.iter().position(|(m, _)| *m <= month) {
        Some(at) if months[at].0 == month => insert(&mut months[at].1, position),
        Some(at) => months.insert(at, (month, vec![position])),
        None => months.push((month, vec![position])),
    }
}
