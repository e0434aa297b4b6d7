//! A whole derive: every incident's state worked out (but those [`Settled`] has), put in
//! order, indexed, and every component's uptime measured. One-shot builds derive so; `serve`
//! too when the last derive cannot be patched ([`super::patch`]).

use std::collections::HashMap;

use jiff::Timestamp;
use rayon::prelude::*;

use super::index::{Index, Named};
use super::state::state_of;
use super::{Basis, Derived, Fresh, IncidentState, Settled, Statuses, at, order, settled};
use crate::config::{ComponentRef, Config};
use crate::model::Checked;
use crate::uptime::{self, Uptime};

/// [`super::derive_with`] working out every incident's state (but those `settled` has).
pub(super) fn derive_all(
    config: &Config,
    incidents: Vec<Checked>,
    now: Timestamp,
    settled: Option<&Settled>,
) -> Derived {
    let went_through = incidents.len();
    let given = settled.map_or(0, |_| incidents.len());
    let fingerprints: Vec<u64> = incidents
        .iter()
        .take(given)
        .map(Checked::fingerprint)
        .collect();
    let mut slots = slots(incidents, now, settled);
    let next_due = hide_future(&mut slots, now);
    let fresh_states = slots.iter().filter(|s| s.known.is_none()).count();
    // What a fresh incident names is kept with its state (when kept) for later indexes.
    let (states, mut named): (Vec<IncidentState>, Vec<Option<Named>>) = slots
        .par_iter_mut()
        .map(|slot| {
            slot.known.take().unwrap_or_else(|| {
                let named = settled.and_then(|_| Named::of(&slot.incident));
                (state_of(&slot.incident, now, &config.timezone), named)
            })
        })
        .unzip();
    if let Some(settled) = settled {
        let fresh = slots.iter().zip(&states).zip(&named);
        let fresh = fresh.filter_map(|((s, st), n)| Some((&s.incident, s.settles?, st, *n)));
        settled.keep(fresh, now, slots.len());
    }
    let (incidents, mut shown): (Vec<Checked>, Vec<Shown>) = slots
        .into_iter()
        .map(|s| {
            (
                s.incident,
                (
                    s.given,
                    s.known_before || s.settles.is_some_and(|t| t <= now),
                ),
            )
        })
        .unzip();
    let mut kept_order = settled.map(Settled::order);
    let order::Sorted { order, placed } =
        order::sort(&incidents, &states, kept_order.as_deref_mut());
    drop(kept_order);
    let (mut incidents, mut states) = (incidents, states);
    permute(&order, |i, j| {
        incidents.swap(i, j);
        states.swap(i, j);
        named.swap(i, j);
        shown.swap(i, j);
    });
    let index = Index::build(config, &incidents, &states, &named);
    let (uptime, reach) = uptime_of(config, &incidents, &states, &index.by_component, now);
    let basis = Basis::new(fingerprints, &shown, reach);
    let mut derived = assemble(config, incidents, states, index, now);
    derived.uptime = uptime;
    derived.basis = basis;
    derived.next_due = next_due;
    derived.fresh_states = fresh_states;
    derived.placed_in_order = placed;
    derived.went_through = went_through;
    derived
}

/// Of a shown incident: its index among those given, and whether it was settled.
type Shown = (u32, bool);

/// The derived site from the sorted `incidents` and their `states` and `index`, its uptime
/// not measured yet (and its counts to be filled in).
fn assemble(
    config: &Config,
    incidents: Vec<Checked>,
    states: Vec<IncidentState>,
    index: Index,
    now: Timestamp,
) -> Derived {
    let Index {
        by_component,
        by_month,
        active,
        in_progress,
        mut upcoming,
        read: indexed_from_incidents,
    } = index;
    let Statuses { products, overall } =
        Statuses::of(config, incidents.iter().map(|i| &**i).zip(&states));
    upcoming.sort_by_key(|&i| (incidents[i].window().map(|w| w.start), i));
    let fresh = Fresh::All;
    Derived {
        uptime: HashMap::new(),
        next_due: None,
        fresh_states: incidents.len(),
        indexed_from_incidents,
        placed_in_order: incidents.len(),
        went_through: incidents.len(),
        now,
        incidents,
        states,
        products,
        overall,
        active,
        maintenance_in_progress: in_progress,
        maintenance_upcoming: upcoming,
        by_component,
        by_month,
        fresh,
        basis: Basis::default(),
    }
}

/// The site shows the world as of `now`: entries, statements and postmortems written for
/// later times are not yet public (and a build with an earlier `--now` shows the page as it
/// was then), nor are incidents that start later or maintenance announced later. Only the
/// rare incident with such entries is copied. Returns the earliest moment after `now` that
/// changes what is shown (see [`Derived::next_due`]), found in the same pass.
fn hide_future(incidents: &mut Vec<Slot>, now: Timestamp) -> Option<Timestamp> {
    let mut next_due: Option<Timestamp> = None;
    // Settled by now (see `settled`): shown, nothing of it ahead or falling due.
    incidents
        .retain_mut(|slot| slot.known.is_some() || reveal(&mut slot.incident, now, &mut next_due));
    next_due
}

/// What a build at `now` shows of `inc`: leaves out what is dated after `now` ([`at::hide_after`])
/// and keeps in `next_due` the earliest moment of it after `now` that changes what is shown;
/// whether it is shown at all.
pub(super) fn reveal(inc: &mut Checked, now: Timestamp, next_due: &mut Option<Timestamp>) -> bool {
    let mut due = |t: Timestamp| {
        if t > now {
            *next_due = Some(next_due.map_or(t, |n| n.min(t)));
        }
    };
    // Decided before hiding: hiding would leave an unannounced maintenance without entries.
    let shown = at::shown_at(inc, now);
    at::dated(inc).for_each(&mut due);
    at::hide_after(inc, now);
    // Every window it was given: the one in effect now may still be replaced by an entry
    // ahead, whose window then matters (a moment too many only costs a re-render).
    let times = [inc.started_at(), inc.resolved_override.map(|t| t.at)];
    let windows = inc.windows().flat_map(|w| [w.start, w.end]);
    times.into_iter().flatten().chain(windows).for_each(due);
    shown
}

/// An incident being derived.
struct Slot {
    incident: Checked,
    /// Its state (and what it names) when [`Settled`] had it.
    known: Option<settled::Known>,
    /// Whether it had (`known` is taken when the state is worked out).
    known_before: bool,
    /// Otherwise, when there is a [`Settled`] to keep it in, the moment it settles (see
    /// `settled::from`).
    settles: Option<Timestamp>,
    /// Its index among the incidents given.
    given: u32,
}

/// Each incident with its state from `settled`, or the moment it settles (see [`Slot`]).
fn slots(incidents: Vec<Checked>, now: Timestamp, settled: Option<&Settled>) -> Vec<Slot> {
    let known = match settled {
        Some(settled) => settled.get_all(&incidents, now),
        None => vec![None; incidents.len()],
    };
    (0..)
        .zip(incidents)
        .zip(known)
        .map(|((given, incident), known)| {
            // Asked of the incident as written, before `hide_future` leaves anything out.
            let settles = (settled.is_some() && known.is_none()).then(|| settled::from(&incident));
            Slot {
                incident,
                known_before: known.is_some(),
                known,
                settles,
                given,
            }
        })
        .collect()
}

/// Daily uptime and windows of every component that incidents touched, and which incidents
/// reach the days measured (kept for a patch: see [`super::patch`]).
pub(super) fn uptime_of(
    config: &Config,
    incidents: &[Checked],
    states: &[IncidentState],
    by_component: &HashMap<ComponentRef, Vec<usize>>,
    now: Timestamp,
) -> (HashMap<ComponentRef, Uptime>, uptime::Reach) {
    let starts_and_ends: Vec<_> = states
        .iter()
        .map(|s| (s.started_at, s.resolved_at))
        .collect();
    let days = uptime::Days::new(now, &config.timezone, &config.uptime);
    let reach = uptime::Reach::new(config, &starts_and_ends, now);
    let uptime =
        uptime::spans_by_component(config, incidents, &starts_and_ends, by_component, &reach)
            .into_par_iter()
            .map(|(reference, spans)| (reference, uptime::uptime(&spans, &days)))
            .collect();
    (uptime, reach)
}

/// Puts parallel vectors in `order` (a permutation of their indexes) through `swap`, which
/// swaps two positions of each: position `i` gets the element at `order[i]`. In place,
/// following each cycle of the permutation, so each element moves about once and nothing is
/// allocated but a mark per position.
pub(super) fn permute(order: &[usize], mut swap: impl FnMut(usize, usize)) {
    let mut placed = vec![false; order.len()];
    for start in 0..order.len() {
        let mut i = start;
        while !placed[i] {
            placed[i] = true;
            let from = order[i];
            if from == start {
                break;
            }
            swap(i, from);
            i = from;
        }
    }
}
