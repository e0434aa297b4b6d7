//! The site's maintenances, listed once per render for the files that need them (the
//! calendars, the history's counts): at 100,000 incidents each walk over every incident to
//! find a few thousand was a visible part of a one-file rebuild.

use std::sync::OnceLock;

use crate::derive::Derived;
use crate::model::Kind;

/// The indexes of the site's maintenances (into `Derived::incidents`, ascending), listed the
/// first time a part of the render asks.
#[derive(Default)]
pub(crate) struct Maintenances(OnceLock<Vec<usize>>);

impl Maintenances {
    /// Every maintenance of `site`, ascending.
    pub(crate) fn of(&self, site: &Derived) -> &[usize] {
        self.0.get_or_init(|| {
            (0..site.incidents.len())
                .filter(|&i| site.incidents[i].kind == Kind::Maintenance)
                .collect()
        })
    }
}

/// How many maintenances each month of the history lists (parallel to `Derived::by_month`):
/// each maintenance looked up in its month's list, rather than every incident's kind read.
pub(crate) fn per_month(site: &Derived, maintenance: &[usize]) -> Vec<usize> {
    let mut counts = vec![0; site.by_month.len()];
    let sorted = site.by_month.iter().all(|(_, ix)| ix.is_sorted());
    if !sorted {
        for (count, (_, ix)) in counts.iter_mut().zip(&site.by_month) {
            *count = ix
                .iter()
                .filter(|&&i| maintenance.binary_search(&i).is_ok())
                .count();
        }
        return counts;
    }
    let months: std::collections::HashMap<_, usize> = (site.by_month.iter().enumerate())
        .map(|(m, (month, _))| (*month, m))
        .collect();
    for &i in maintenance {
        if let Some(&m) = months.get(&site.states[i].month)
            && site.by_month[m].1.binary_search(&i).is_ok()
        {
            counts[m] += 1;
        }
    }
    counts
}
