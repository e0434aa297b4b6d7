//! What `serve` remembers of the last good build, and which pages show an incident: what
//! decides how far a rebuild must reach.

use std::collections::{HashMap, HashSet};

use crate::config::Config;
use crate::derive::{Derived, Month, Phase};
use crate::model::{ComponentStatus, Incident};
use crate::time;

/// What the last good build showed of each incident's phase and each component's status.
#[derive(Default)]
pub(super) struct Memory {
    pub(super) phases: HashMap<String, Phase>,
    pub(super) statuses: HashMap<String, ComponentStatus>,
}

impl Memory {
    /// Everything `derived` shows.
    pub(super) fn of(config: &Config, derived: &Derived) -> Memory {
        Memory {
            phases: derived
                .incidents
                .iter()
                .zip(&derived.states)
                .map(|(i, s)| (i.slug.clone(), s.phase))
                .collect(),
            statuses: statuses(config, derived).collect(),
        }
    }

    /// The phases and statuses in `derived` that differ from these.
    pub(super) fn changes(&self, config: &Config, derived: &Derived) -> Memory {
        let mut changed = Memory::default();
        for (inc, state) in derived.incidents.iter().zip(&derived.states) {
            if self.phases.get(&inc.slug) != Some(&state.phase) {
                changed.phases.insert(inc.slug.clone(), state.phase);
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

/// Adds what shows `inc` to the selection.
pub(super) fn mark(
    config: &Config,
    inc: &Incident,
    incidents: &mut HashSet<String>,
    components: &mut HashSet<String>,
    months: &mut HashSet<Month>,
) {
    incidents.insert(inc.slug.clone());
    for a in &inc.affected {
        components.extend(component_and_relatives(config, &a.component));
    }
    if let Some(start) = inc.started_at() {
        let date = time::date_in(start, &config.timezone);
        months.insert((date.year(), date.month()));
    }
}

/// A reference, its product, and for a product all its features: every page that lists it.
pub(super) fn component_and_relatives(config: &Config, reference: &str) -> Vec<String> {
    let product = reference.split('/').next().unwrap_or(reference);
    let mut out = vec![reference.to_string(), product.to_string()];
    if !reference.contains('/')
        && let Some(p) = config.products.iter().find(|p| p.id == product)
    {
        out.extend(p.features.iter().map(|f| format!("{}/{}", p.id, f.id)));
    }
    out
}

/// Every product's and feature's status, by reference.
fn statuses<'a>(
    config: &'a Config,
    derived: &'a Derived,
) -> impl Iterator<Item = (String, ComponentStatus)> + 'a {
    config
        .products
        .iter()
        .zip(&derived.products)
        .flat_map(|(p, state)| {
            std::iter::once((p.id.clone(), state.status)).chain(
                p.features
                    .iter()
                    .zip(&state.features)
                    .map(move |(f, &s)| (format!("{}/{}", p.id, f.id), s)),
            )
        })
}
