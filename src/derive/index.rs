//! The indexes pages and feeds are built from, and the components' current statuses, built in
//! one pass over the sorted incidents.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::{IncidentState, Month, Phase, ProductState};
use crate::config::{ComponentRef, Config};
use crate::history;
use crate::model::{ComponentStatus, Incident};

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

/// The indexes and live statuses built in one pass over the sorted incidents.
pub(super) struct Index {
    pub(super) products: Vec<ProductState>,
    pub(super) by_component: HashMap<ComponentRef, Vec<usize>>,
    pub(super) by_month: BTreeMap<Month, Vec<usize>>,
    pub(super) active: Vec<usize>,
    pub(super) in_progress: Vec<usize>,
    pub(super) upcoming: Vec<usize>,
}

impl Index {
    pub(super) fn build(
        config: &Config,
        incidents: &[Arc<Incident>],
        states: &[IncidentState],
    ) -> Index {
        let numbering = Slots::new(config);
        let mut index = Index {
            products: config
                .products
                .iter()
                .map(|p| ProductState {
                    status: ComponentStatus::Operational,
                    features: vec![ComponentStatus::Operational; p.features.len()],
                })
                .collect(),
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
            if state.is_live() {
                index.affect_live(inc, state);
            }
            for target in history::components(inc) {
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

    /// What a live incident does to the current statuses: the front matter's, or when its
    /// entries change components, the statuses they have now.
    fn affect_live(&mut self, inc: &Incident, state: &IncidentState) {
        if history::has_changes(inc) {
            for s in history::stretches(inc, state.started_at, None) {
                if s.until.is_none() {
                    self.affect(s.component, inc.kind.shown_status(s.status));
                }
            }
        } else {
            for a in &inc.affected {
                if let Some(target) = a.target {
                    self.affect(target, inc.kind.shown_status(a.status));
                }
            }
        }
    }

    /// What a live incident does to the current status of `c` (a product's status shows on
    /// all its features).
    fn affect(&mut self, c: ComponentRef, status: ComponentStatus) {
        let product = &mut self.products[c.product];
        match c.feature {
            Some(fi) => product.features[fi] = product.features[fi].max(status),
            None => {
                product.status = product.status.max(status);
                for f in &mut product.features {
                    *f = (*f).max(status);
                }
            }
        }
    }
}
