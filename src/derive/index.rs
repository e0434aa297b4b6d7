//! The indexes pages and feeds are built from, built in one pass over the sorted incidents
//! (the components' statuses are `at::Statuses`).

use std::collections::{BTreeMap, HashMap};

use super::{IncidentState, Month, Phase};
use crate::config::{ComponentRef, Config};
use crate::history;
use crate::model::Checked;

/// Components numbered in catalogue order, so indexing pushes to vectors instead of hashing
/// for every affected component.
struct Slots {
    /// The first slot of each product (the product itself); its features follow it.
    first: Vec<usize>,
    count: usize,
}

impl Slots {
    fn new(config: &Config) -> Slots {
        let mut first = Vec::with_capacity(config.products.len());
        let mut count = 0;
        for p in &config.products {
            first.push(count);
            count += 1 + p.features.len();
        }
        Slots { first, count }
    }

    fn of(&self, c: ComponentRef) -> usize {
        self.first[c.product] + c.feature.map_or(0, |fi| fi + 1)
    }

    /// The slots whose pages list an incident affecting `c`: itself and its product, or a
    /// product and all its features.
    fn listing(&self, config: &Config, c: ComponentRef, out: &mut Vec<usize>) {
        let product = self.first[c.product];
        match c.feature {
            Some(_) => out.extend([self.of(c), product]),
            None => out.extend(product..=product + config.products[c.product].features.len()),
        }
    }
}

/// The indexes built in one pass over the sorted incidents.
pub(super) struct Index {
    pub(super) by_component: HashMap<ComponentRef, Vec<usize>>,
    pub(super) by_month: BTreeMap<Month, Vec<usize>>,
    pub(super) active: Vec<usize>,
    pub(super) in_progress: Vec<usize>,
    pub(super) upcoming: Vec<usize>,
}

impl Index {
    pub(super) fn build(config: &Config, incidents: &[Checked], states: &[IncidentState]) -> Index {
        let numbering = Slots::new(config);
        let mut index = Index {
            by_component: HashMap::new(),
            by_month: BTreeMap::new(),
            active: Vec::new(),
            in_progress: Vec::new(),
            upcoming: Vec::new(),
        };
        let mut slots: Vec<Vec<usize>> = vec![Vec::new(); numbering.count];
        let mut touched: Vec<usize> = Vec::new();
        for (idx, (inc, state)) in incidents.iter().zip(states).enumerate() {
            if state.phase.is_over() {
                index.by_month.entry(state.month).or_default().push(idx);
            }
            match state.phase {
                Phase::Active => index.active.push(idx),
                Phase::InProgress => index.in_progress.push(idx),
                Phase::Upcoming => index.upcoming.push(idx),
                Phase::Resolved | Phase::Completed => {}
            }
            touched.clear();
            // Repeats are removed below: the slots of a repeated name come twice.
            for target in history::named(inc) {
                numbering.listing(config, target, &mut touched);
            }
            touched.sort_unstable();
            touched.dedup();
            for &slot in &touched {
                slots[slot].push(idx);
            }
        }
        index.by_component = config
            .components()
            .zip(slots)
            .filter(|(_, ix)| !ix.is_empty())
            .collect();
        index
    }
}
