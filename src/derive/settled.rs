//! The states of incidents that time can no longer change, kept between derives by `serve`:
//! once "now" has passed every time an incident gives (its entries, statements, postmortem,
//! start and end, windows), deriving it again at a later "now" gives the same state, and
//! nothing of it is hidden or falls due. A one-file rebuild then works out the state of the
//! edited incident and of those still under way, not of every incident of the history.
//! The last derive's order of the incidents is kept beside them ([`super::order`]).

use std::collections::HashMap;
use std::sync::Mutex;

use fnv::FnvBuildHasher;
use jiff::Timestamp;

use super::at::dated;
use super::index::Named;
use super::order::Order;
use super::{Derived, IncidentState};
use crate::model::{Checked, Incident};

/// Settled states by the incident's fingerprint (its source: path and text), each with the
/// moment it settled and the components it names (for the index, see [`Named`]). Hashed with FNV: the key is a hash already, and every derive looks up
/// every incident. And the last derive's order.
#[derive(Debug, Default)]
pub(crate) struct Settled {
    states: Mutex<HashMap<u64, Kept, FnvBuildHasher>>,
    order: Mutex<Order>,
    /// The last good derive, handed back once its site was built, for the next derive to
    /// patch ([`super::patch`]).
    last: Mutex<Option<Derived>>,
}

/// What [`Settled`] keeps of an incident: when it settled, its state, what it names.
type Kept = (Timestamp, IncidentState, Option<Named>);

/// A settled incident's state and the components it names.
pub(super) type Known = (IncidentState, Option<Named>);

impl Settled {
    /// The state at `now` of each of `incidents` that was settled by then, with what it
    /// names (one lock for all).
    pub(super) fn get_all(&self, incidents: &[Checked], now: Timestamp) -> Vec<Option<Known>> {
        let states = self.states.lock().expect("lock");
        let get = |inc: &Checked| {
            let (from, state, named) = states.get(&inc.fingerprint())?;
            (*from <= now).then(|| (state.clone(), *named))
        };
        incidents.iter().map(get).collect()
    }

    /// Keeps each fresh state (an incident, the moment it settles, its state derived at
    /// `now`, what it names) of an incident settled by `now`. Forgets every state when the map has grown to
    /// twice the `current` number of incidents (files edited or deleted since): the next
    /// derive works them out again.
    pub(super) fn keep<'a>(
        &self,
        fresh: impl Iterator<Item = (&'a Checked, Timestamp, &'a IncidentState, Option<Named>)>,
        now: Timestamp,
        current: usize,
    ) {
        let mut states = self.states.lock().expect("lock");
        if states.len() > 2 * current.max(1) {
            states.clear();
        }
        for (inc, from, state, named) in fresh.filter(|&(_, from, _, _)| from <= now) {
            states.insert(inc.fingerprint(), (from, state.clone(), named));
        }
    }

    /// Keeps `derived` (its site built) for the next derive to patch.
    pub(crate) fn keep_last(&self, derived: Derived) {
        *self.last.lock().expect("lock") = Some(derived);
    }

    /// The last derive kept, taken (a patch makes it the next one).
    pub(super) fn take_last(&self) -> Option<Derived> {
        self.last.lock().expect("lock").take()
    }

    /// The last derive's order, for this one to keep what it can of it and replace.
    pub(super) fn order(&self) -> std::sync::MutexGuard<'_, Order> {
        self.order.lock().expect("lock")
    }
}

/// The moment from which time changes nothing about `inc`: the latest of every time it
/// gives (see `hide_future`, which looks at the same times).
pub(super) fn from(inc: &Incident) -> Timestamp {
    let times = [inc.started_at(), inc.resolved_override.map(|t| t.at)];
    let promises = inc
        .updates
        .iter()
        .filter_map(|u| u.next_update().map(|p| p.at));
    dated(inc)
        .chain(times.into_iter().flatten())
        .chain(inc.windows().flat_map(|w| [w.start, w.end]))
        .chain(promises)
        .max()
        .unwrap_or(Timestamp::MIN)
}
