//! Which components have a year page for which year of their archive, as the last good build
//! had them (`render::years_shown`): when this changes, pages appear or go away and the
//! rebuild renders everything. Listing them passes over every component's incidents, so a
//! partial rebuild asks only about the components and years it selected (the edited
//! incidents' and those whose phase changed, before and after), each by a binary search.

use std::collections::HashSet;

use crate::config::{ComponentRef, Config};
use crate::derive::{Derived, Month};

/// The components' years with a page, sorted.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Years(Vec<(ComponentRef, i16)>);

impl Years {
    /// Every component's years with a page in `derived` (worked out from all its incidents).
    pub(super) fn of(config: &Config, derived: &Derived) -> Years {
        let mut years = crate::render::years_shown(config, derived);
        years.sort_unstable();
        Years(years)
    }

    /// Whether a year page of one of `components` for a year of `months` appeared in
    /// `derived` or went away from it. Only those can: a year page changes with the incidents
    /// listed on it, and the selection holds every component and month showing an edited
    /// incident or one whose phase changed.
    pub(super) fn changed(
        &self,
        derived: &Derived,
        components: &HashSet<ComponentRef>,
        months: &HashSet<Month>,
    ) -> bool {
        let years: HashSet<i16> = months.iter().map(|m| m.0).collect();
        components.iter().any(|&c| {
            years.iter().any(|&year| {
                let had = self.0.binary_search(&(c, year)).is_ok();
                had != has_page(derived, c, year)
            })
        })
    }
}

/// Whether component `c` has a page for `year`: an incident of that year touching it has
/// ended. Its incidents are newest first, so that year's are found by a binary search.
fn has_page(derived: &Derived, c: ComponentRef, year: i16) -> bool {
    let Some(all) = derived.by_component.get(&c) else {
        return false;
    };
    let states = &derived.states;
    let first = all.partition_point(|&i| states[i].month.0 > year);
    all[first..]
        .iter()
        .map(|&i| &states[i])
        .take_while(|s| s.month.0 == year)
        .any(|s| s.phase.is_over())
}
