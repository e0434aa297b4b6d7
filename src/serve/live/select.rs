//! What a rebuild renders: the selection of the edited incidents, widened to what time
//! changed since the last good build, and to everything when the set of pages changed.

use jiff::Timestamp;

use super::memory::{Memory, mark};
use super::years::Years;
use super::{Fingerprints, LiveSite};
use crate::derive::{Derived, Month};
use crate::render::Selection;
use crate::time;

impl LiveSite {
    /// Widens `selection` to what time changed, and to everything when the set of pages
    /// changed (a month, incident or component year page appears or goes away) or a new day
    /// moves every uptime bar. Returns what differs from the last good build (see
    /// [`LiveSite::widen_for_time`]), the months shown, and the component years when they
    /// were listed again (a full render).
    pub(super) fn select(
        &self,
        derived: &Derived,
        selection: &mut Selection,
        edited: &Fingerprints,
        ticking: bool,
    ) -> (Memory, Vec<Month>, Option<Years>) {
        let config = self.site.config();
        let months: Vec<Month> = derived.by_month.iter().map(|(m, _)| *m).collect();
        let (count, shown) = self.shown;
        let date = |at| time::date_in(at, &config.timezone);
        let new_day = shown.map(date) != Some(date(derived.now));
        if months != self.months || derived.incidents.len() != count || new_day {
            *selection = Selection::All;
        }
        // A later minute moves what every tick re-renders (today's bars, what is live and
        // how long it has been), whether or not this rebuild is the tick.
        let minute = |at: Timestamp| at.as_second().div_euclid(60);
        let minute_moved = shown.map(minute) != Some(minute(derived.now));
        if let Selection::Only { components, .. } = selection
            && minute_moved
        {
            components.extend(config.components());
        }
        let changed = self.widen_for_time(derived, selection, edited, ticking || minute_moved);
        if let Selection::Only {
            components,
            months: selected,
            ..
        } = selection
            && self.years.changed(derived, components, selected)
        {
            *selection = Selection::All;
        }
        let years = matches!(selection, Selection::All).then(|| Years::of(config, derived));
        (changed, months, years)
    }

    /// Time moves between rebuilds: an incident whose phase changed, or a component whose
    /// status changed, needs its pages re-rendered even if its file did not change. Returns
    /// what differs from the last good build, to [`LiveSite::remember`] once this one succeeds.
    /// Selects the `edited` incidents (by fingerprint) by their positions, found in the same
    /// pass.
    fn widen_for_time(
        &self,
        derived: &Derived,
        selection: &mut Selection,
        edited: &Fingerprints,
        ticking: bool,
    ) -> Memory {
        let config = self.site.config();
        let Selection::Only {
            incidents,
            components,
            months,
        } = selection
        else {
            // Everything is rendered, and `remember` starts the memory afresh.
            return Memory::default();
        };
        let changed = self.memory.changes(config, derived);
        // Only an incident whose state was worked out can be edited or have changed phase;
        // ticking, every live one is re-rendered too.
        let mut candidates: Vec<usize> = derived.fresh_positions().collect();
        // An edited translation leaves its incident's source as it was: found by a search.
        let fresh_edited = candidates.iter();
        let fresh_edited =
            fresh_edited.filter(|&&i| edited.contains(&derived.incidents[i].fingerprint()));
        if fresh_edited.count() < edited.len() {
            candidates.extend(derived.positions_of(|f| edited.contains(&f)));
        }
        if ticking {
            candidates.extend(&derived.active);
            candidates.extend(&derived.maintenance_in_progress);
        }
        candidates.sort_unstable();
        candidates.dedup();
        for position in candidates {
            let (inc, state) = (&derived.incidents[position], &derived.states[position]);
            let fingerprint = inc.fingerprint();
            if changed.phases.contains_key(&fingerprint) || ticking && state.is_live() {
                mark(config, inc, components, months);
                incidents.push(position);
            } else if edited.contains(&fingerprint) {
                incidents.push(position);
            }
        }
        components.extend(changed.statuses.keys().copied());
        changed
    }
}
