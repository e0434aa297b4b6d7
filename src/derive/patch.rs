//! `serve`'s derive after a one-file edit: the last derive patched, not done again. Almost
//! everything it worked out is still true: an incident that had settled (time changes
//! nothing about it, see [`super::settled`]) and whose file did not change has the same state,
//! at the same position. Only the edited incidents and those not settled yet are worked out;
//! their entries in the indexes are moved, the statuses are read from the live incidents, and
//! the uptime of the components they touch is measured again (of every component when "now"
//! moved). Anything else (an incident added, removed, moved in the order, shown or hidden,
//! "now" going back, many changes) is left to a whole derive.

use jiff::Timestamp;

use super::basis::HIDDEN;
use super::index::Named;
use super::listing::Listing;
use super::state::state_of;
use super::{Derived, IncidentState, Settled, Statuses};
use crate::config::Config;
use crate::model::Checked;

/// More incidents to work out than this share of all (one in `SHARE`), and a whole derive is
/// about as cheap.
const SHARE: usize = 16;

/// One incident worked out again.
struct Redone {
    /// Its index among those given, and when it settles.
    given: usize,
    settles: Timestamp,
    /// Its position, the incident as shown and its state; `None` when it is still not shown.
    shown: Option<(usize, Checked, IncidentState)>,
}

/// `last` patched into the derive of `incidents` at `now`; `None` when it cannot be (see the
/// module's doc). Only the incidents worked out again are copied from `incidents`: the list
/// is left to its owner (`serve` lends the same one to every check).
pub(super) fn patch(
    config: &Config,
    last: Derived,
    incidents: &[Checked],
    now: Timestamp,
    settled: &Settled,
) -> Option<Derived> {
    let redo = to_redo(&last, incidents, now)?;
    let mut next_due: Option<Timestamp> = None;
    let went_through = redo.len();
    let mut redone = Vec::with_capacity(redo.len());
    for given in redo {
        let mut inc = incidents[given].clone();
        let settles = super::settled::from(&inc);
        let shown = super::whole::reveal(&mut inc, now, &mut next_due);
        let position = last.basis.given[given].1;
        let shown = match (shown, position) {
            (false, HIDDEN) => None,
            (true, HIDDEN) | (false, _) => return None,
            (true, position) => {
                let position = position as usize;
                let state = state_of(&inc, now, &config.timezone);
                let before = (&last.incidents[position], &last.states[position]);
                // Kept in its place only when its order cannot have changed.
                if before.1.started_at != state.started_at || before.0.slug != inc.slug {
                    return None;
                }
                Some((position, inc, state))
            }
        };
        redone.push(Redone {
            given,
            settles,
            shown,
        });
    }
    let mut derived = apply(config, last, redone, now, settled);
    derived.next_due = next_due;
    derived.went_through = went_through;
    Some(derived)
}

/// The incidents given to work out again (indexes, ascending): those whose source changed
/// and those not settled at the last derive. `None` when the last derive cannot be patched:
/// the incidents do not line up with it, or "now" went back, or too many changed.
fn to_redo(last: &Derived, incidents: &[Checked], now: Timestamp) -> Option<Vec<usize>> {
    let given = &last.basis.given;
    let limit = incidents.len() / SHARE + 1;
    if now < last.now || incidents.len() != given.len() || last.basis.unsettled.len() > limit {
        return None;
    }
    let mut redo = last.basis.unsettled.clone();
    let edited = incidents
        .iter()
        .zip(given)
        .map(|(i, g)| i.fingerprint() != g.0);
    for (index, _) in edited.enumerate().filter(|&(_, edited)| edited) {
        redo.push(index);
        if redo.len() > 2 * limit {
            return None;
        }
    }
    redo.sort_unstable();
    redo.dedup();
    Some(redo)
}

/// Puts each redone incident's state in `derived` and moves its index entries; measures the
/// uptime of the components they touch again; keeps in `settled` those settled by `now`.
fn apply(
    config: &Config,
    mut derived: Derived,
    redone: Vec<Redone>,
    now: Timestamp,
    settled: &Settled,
) -> Derived {
    let moved_on = now != derived.now;
    derived.now = now;
    let mut listing = Listing::new();
    let mut positions = Vec::with_capacity(redone.len());
    let mut unsettled = Vec::new();
    let mut kept = Vec::new();
    for Redone {
        given,
        settles,
        shown,
    } in redone
    {
        let Some((position, inc, state)) = shown else {
            // Still not shown: asked again next time.
            unsettled.push(given);
            continue;
        };
        derived.basis.given[given].0 = inc.fingerprint();
        if settles > now {
            unsettled.push(given);
        }
        let ends = (state.started_at, state.resolved_at);
        derived.basis.reach.update(position, ends);
        if settles <= now {
            kept.push((inc.clone(), settles, state.clone(), Named::of(&inc)));
        }
        let old_inc = std::mem::replace(&mut derived.incidents[position], inc);
        let old_state = std::mem::replace(&mut derived.states[position], state);
        listing.move_entry(config, &mut derived, position, (&old_inc, &old_state));
        positions.push(position);
    }
    let kept = kept.iter().map(|(i, s, st, n)| (i, *s, st, *n));
    settled.keep(kept, now, derived.incidents.len());
    derived.basis.unsettled = unsettled;
    positions.sort_unstable();
    let live = derived
        .active
        .iter()
        .chain(&derived.maintenance_in_progress);
    let live = live.map(|&i| (&*derived.incidents[i], &derived.states[i]));
    let Statuses { products, overall } = Statuses::of(config, live);
    (derived.products, derived.overall) = (products, overall);
    listing.measure(config, &mut derived, moved_on);
    derived.fresh_states = positions.len();
    derived.indexed_from_incidents = positions.len();
    derived.placed_in_order = 0;
    derived.fresh = super::Fresh::Only(positions);
    derived
}

#[cfg(test)]
mod tests;
