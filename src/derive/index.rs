//! The indexes pages and feeds are built from, built in one pass over the sorted incidents
//! (the components' statuses are `at::Statuses`).

use std::collections::HashMap;

use super::{IncidentState, Month, Phase};
use crate::config::{ComponentRef, Config};
use crate::history;
use crate::model::{Checked, Incident};

/// The components an incident names, each once, kept inline beside its settled state
/// (`settled::Settled`): the index of a later derive reads them there, next to the state it
/// looks up anyway, instead of following the incident to its affected list and every
/// entry's changes. `None` from [`Named::of`] for an incident naming more than fit (it is
/// then read again).
#[derive(Debug, Clone, Copy)]
pub(super) struct Named {
    /// Product and feature + 1 (0 for the product itself) of the first `len` components.
    refs: [(u16, u16); 4],
    len: u8,
}

impl Named {
    pub(super) fn of(inc: &Incident) -> Option<Named> {
        let mut named = Named {
            refs: [(0, 0); 4],
            len: 0,
        };
        for c in history::components(inc) {
            let slot = named.refs.get_mut(usize::from(named.len))?;
            let feature = c.feature.map_or(Some(0), |f| f.checked_add(1))?;
            *slot = (u16::try_from(c.product).ok()?, u16::try_from(feature).ok()?);
            named.len += 1;
        }
        Some(named)
    }

    fn components(self) -> impl Iterator<Item = ComponentRef> {
        self.refs
            .into_iter()
            .take(usize::from(self.len))
            .map(|(product, feature)| ComponentRef {
                product: usize::from(product),
                feature: usize::from(feature).checked_sub(1),
            })
    }
}

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

impl Index {
    /// Puts incident `idx` in its month's list. The incidents come newest first, so their
    /// months almost always do too: the month is the last one listed, or a new one (a clock
    /// set back across midnight can start an incident in an earlier month than one before
    /// it: it is found among the others, and the months are sorted at the end).
    fn month(&mut self, month: Month, idx: usize) {
        let months = &mut self.by_month;
        match months.last_mut() {
            Some((last, list)) if *last == month => list.push(idx),
            _ => match months.iter_mut().find(|(m, _)| *m == month) {
                Some((_, list)) => list.push(idx),
                None => months.push((month, vec![idx])),
            },
        }
    }
}

/// The indexes built in one pass over the sorted incidents.
pub(super) struct Index {
    pub(super) by_component: HashMap<ComponentRef, Vec<usize>>,
    /// Newest month first.
    pub(super) by_month: Vec<(Month, Vec<usize>)>,
    pub(super) active: Vec<usize>,
    pub(super) in_progress: Vec<usize>,
    pub(super) upcoming: Vec<usize>,
    /// How many incidents' components were read from the incident (not from a [`Named`]).
    pub(super) read: usize,
}

impl Index {
    /// `named` is parallel to `incidents`: what is `None` there is read from the incident.
    pub(super) fn build(
        config: &Config,
        incidents: &[Checked],
        states: &[IncidentState],
        named: &[Option<Named>],
    ) -> Index {
        let numbering = Slots::new(config);
        let mut index = Index {
            by_component: HashMap::new(),
            by_month: Vec::new(),
            active: Vec::new(),
            in_progress: Vec::new(),
            upcoming: Vec::new(),
            read: 0,
        };
        let mut slots: Vec<Vec<usize>> = vec![Vec::new(); numbering.count];
        let mut touched: Vec<usize> = Vec::new();
        let each = incidents.iter().zip(states).zip(named);
        for (idx, ((inc, state), named)) in each.enumerate() {
            if state.phase.is_over() {
                index.month(state.month, idx);
            }
            match state.phase {
                Phase::Active => index.active.push(idx),
                Phase::InProgress => index.in_progress.push(idx),
                Phase::Upcoming => index.upcoming.push(idx),
                Phase::Resolved | Phase::Completed => {}
            }
            touched.clear();
            match named {
                Some(named) => named
                    .components()
                    .for_each(|target| numbering.listing(config, target, &mut touched)),
                None => {
                    index.read += 1;
                    history::named(inc)
                        .for_each(|target| numbering.listing(config, target, &mut touched));
                }
            }
            // The slots of a repeated name (or of two features of one product) come twice:
            // the incidents come in order, so a repeat is the list's last entry already
            // (no sort of the slots per incident).
            for &slot in &touched {
                let list = &mut slots[slot];
                if list.last() != Some(&idx) {
                    list.push(idx);
                }
            }
        }
        index.by_month.sort_by_key(|m| std::cmp::Reverse(m.0));
        index.by_component = config
            .components()
            .zip(slots)
            .filter(|(_, ix)| !ix.is_empty())
            .collect();
        index
    }
}
