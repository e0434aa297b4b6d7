//! What `serve` remembers of the last good build, and which pages show an incident: what
//! decides how far a rebuild must reach.

use std::collections::{HashMap, HashSet};

use fnv::FnvBuildHasher;

use crate::config::{ComponentRef, Config};
use crate::derive::{Derived, Month, Phase};
use crate::model::{ComponentStatus, Incident};
use crate::time;

/// What the last good build showed of each incident's phase and each component's status.
/// Incidents are known by their source's fingerprint (a number, cheap to look up 10,000 times
/// per rebuild; an edited file is a new one, and is re-rendered for its edit anyway).
#[derive(Default)]
pub(super) struct Memory {
    pub(super) phases: HashMap<u64, Seen, FnvBuildHasher>,
    pub(super) statuses: HashMap<ComponentRef, ComponentStatus>,
}

/// What a build showed of one incident that time alone can change: its phase, and how many
/// of its entries (statements, the postmortem) were due (one dated ahead is published when
/// its time comes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Seen {
    phase: Phase,
    entries: usize,
}

impl Seen {
    fn of(inc: &Incident, phase: Phase) -> Seen {
        Seen {
            phase,
            entries: inc.updates.len()
                + inc.statements.len()
                + usize::from(inc.postmortem.is_some()),
        }
    }
}

impl Memory {
    /// Everything `derived` shows.
    pub(super) fn of(config: &Config, derived: &Derived) -> Memory {
        Memory {
            phases: derived
                .incidents
                .iter()
                .zip(&derived.states)
                .map(|(i, s)| (i.fingerprint(), Seen::of(i, s.phase)))
                .collect(),
            statuses: statuses(config, derived).collect(),
        }
    }

    /// The phases (and due entries) and statuses in `derived` that differ from these (the
    /// last good build's). Only incidents whose states were worked out can differ: the
    /// others had settled and their files did not change (see [`Derived::fresh_positions`]).
    pub(super) fn changes(&self, config: &Config, derived: &Derived) -> Memory {
        let mut changed = Memory::default();
        for position in derived.fresh_positions() {
            let (inc, state) = (&derived.incidents[position], &derived.states[position]);
            let seen = Seen::of(inc, state.phase);
            if self.phases.get(&inc.fingerprint()) != Some(&seen) {
                changed.phases.insert(inc.fingerprint(), seen);
            }
        }
        for (reference, status) in statuses(config, derived) {
            if self.statuses.get(&reference) != Some(&status) {
                changed.statuses.insert(reference, status);
            }
        }
        changed
    }
}

/// Adds the components and months that show `inc` to the selection (its page is selected by
/// position once derived, see `LiveSite::widen_for_time`).
pub(super) fn mark(
    config: &Config,
    inc: &Incident,
    components: &mut HashSet<ComponentRef>,
    months: &mut HashSet<Month>,
) {
    for target in crate::history::components(inc) {
        components.extend(config.components().filter(|&c| c.touches(target)));
    }
    if let Some(start) = inc.started_at() {
        let date = time::date_in(start, &config.timezone);
        months.insert((date.year(), date.month()));
    }
}

/// Every product's and feature's status.
fn statuses<'a>(
    config: &'a Config,
    derived: &'a Derived,
) -> impl Iterator<Item = (ComponentRef, ComponentStatus)> + 'a {
    config.components().map(|c| (c, derived.status_of(c)))
}
