//! Which pages and feeds a render writes: all of them (`build`), or only what shows the
//! incidents, components and months a change touched (`serve`).

use std::collections::HashSet;

use crate::config::ComponentRef;
use crate::derive::Month;

/// Which pages and feeds to render. Derived-wide files (front page, history index, API,
/// calendars, badges) are always rendered: they are few and summarise everything. A partial
/// render assumes the set of pages is unchanged (no incident or month added or removed), so
/// it leaves the sitemap alone.
#[derive(Debug, Clone)]
pub(crate) enum Selection {
    All,
    /// Only what shows these incidents (by position in `Derived::incidents`, ascending: the
    /// page list asks of every incident, and a position needs no look into the incident),
    /// components and months.
    Only {
        incidents: Vec<usize>,
        components: HashSet<ComponentRef>,
        months: HashSet<Month>,
    },
}

impl Selection {
    /// Whether the incident at position `i` of `Derived::incidents` is selected.
    pub(crate) fn incident(&self, i: usize) -> bool {
        match self {
            Selection::All => true,
            Selection::Only { incidents, .. } => incidents.binary_search(&i).is_ok(),
        }
    }

    pub(crate) fn component(&self, c: ComponentRef) -> bool {
        match self {
            Selection::All => true,
            Selection::Only { components, .. } => components.contains(&c),
        }
    }

    pub(crate) fn month(&self, month: Month) -> bool {
        match self {
            Selection::All => true,
            Selection::Only { months, .. } => months.contains(&month),
        }
    }

    /// Whether any selected month is in `year` (a component's year page shows it).
    pub(crate) fn year(&self, year: i16) -> bool {
        match self {
            Selection::All => true,
            Selection::Only { months, .. } => months.iter().any(|m| m.0 == year),
        }
    }
}
