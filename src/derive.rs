//! Deriving what the site shows from validated incidents and "now": each incident's phase,
//! each component's current status, the overall status, and the indexes that pages and feeds
//! are built from (by component, by month). Every index is built in one pass over the
//! incidents, so the build stays linear in their number.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use jiff::Timestamp;
use rayon::prelude::*;

use crate::config::Config;
use crate::model::{ComponentStatus, Impact, Incident, Kind, UpdateStatus};
use crate::time;
use crate::uptime::{self, Uptime};

/// Where an incident or maintenance stands at "now".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// An incident that is not resolved yet.
    Active,
    /// A resolved incident.
    Resolved,
    /// Maintenance whose window is ahead.
    Upcoming,
    /// Maintenance under way.
    InProgress,
    /// Maintenance that is over (completed, or its window has passed).
    Completed,
}

/// What is derived about one incident.
#[derive(Debug, Clone)]
pub struct IncidentState {
    pub phase: Phase,
    /// The latest entry's status, or for maintenance without entries, the phase's word.
    pub status: UpdateStatus,
    pub impact: Impact,
    pub started_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    pub updated_at: Timestamp,
    /// The month it started in, in the site's zone.
    pub month: Month,
}

impl IncidentState {
    /// Identifies everything a rendering of the incident depends on besides the theme and
    /// config: its source and what "now" made of it.
    pub fn cache_key(&self, inc: &Incident) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        inc.fingerprint.hash(&mut h);
        (inc.updates.len(), inc.statements.len()).hash(&mut h);
        (self.phase as u8, self.status.as_str()).hash(&mut h);
        (self.resolved_at, self.updated_at, self.started_at).hash(&mut h);
        h.finish()
    }

    /// Whether it changes components' current status.
    pub fn is_live(&self) -> bool {
        matches!(self.phase, Phase::Active | Phase::InProgress)
    }
}

/// A product's current status and its features'.
#[derive(Debug, Clone)]
pub struct ProductState {
    pub status: ComponentStatus,
    pub features: Vec<ComponentStatus>,
}

/// Year and month in the site's time zone, for the history archive.
pub type Month = (i16, i8);

/// Everything pages, feeds and APIs need, derived once.
#[derive(Debug)]
pub struct Derived {
    pub now: Timestamp,
    /// Newest first (by start), ties by slug. Shared with the caller (serve keeps them between
    /// rebuilds), so deriving copies no incident.
    pub incidents: Vec<Arc<Incident>>,
    /// Parallel to `incidents`.
    pub states: Vec<IncidentState>,
    /// Parallel to `config.products`.
    pub products: Vec<ProductState>,
    pub overall: ComponentStatus,
    /// Indexes into `incidents`, newest first.
    pub active: Vec<usize>,
    pub maintenance_in_progress: Vec<usize>,
    /// Soonest first.
    pub maintenance_upcoming: Vec<usize>,
    /// Component ref → incidents touching it (a product's list includes its features'
    /// incidents; a feature's includes incidents affecting its whole product), newest first.
    pub by_component: HashMap<String, Vec<usize>>,
    /// Newest month first.
    pub by_month: Vec<(Month, Vec<usize>)>,
    /// Daily uptime and windows per component reference.
    pub uptime: HashMap<String, Uptime>,
}

/// Derives the site state. Incidents must have passed validation (each has a start time).
pub fn derive(config: &Config, mut incidents: Vec<Arc<Incident>>, now: Timestamp) -> Derived {
    hide_future(&mut incidents, now);
    let states: Vec<IncidentState> = incidents
        .par_iter()
        .map(|i| state_of(i, now, &config.timezone))
        .collect();
    // Sorted through an index so each comparison reads a ready start time.
    let mut order: Vec<usize> = (0..incidents.len()).collect();
    order.sort_by(|&a, &b| {
        states[b]
            .started_at
            .cmp(&states[a].started_at)
            .then_with(|| incidents[a].slug.cmp(&incidents[b].slug))
    });
    let (incidents, states) = permute(incidents, states, &order);
    let Index {
        mut products,
        by_component,
        by_month,
        active,
        in_progress,
        mut upcoming,
    } = Index::build(config, &incidents, &states);
    // A product is as down as its worst feature.
    for p in &mut products {
        if let Some(worst) = p.features.iter().copied().max() {
            p.status = p.status.max(worst);
        }
    }
    let overall = products
        .iter()
        .map(|p| p.status)
        .max()
        .unwrap_or(ComponentStatus::Operational);
    upcoming.sort_by_key(|&i| (incidents[i].scheduled.map(|w| w.start), i));
    let uptime = uptime_of(config, &incidents, &states, &by_component, now);
    Derived {
        uptime,
        now,
        incidents,
        states,
        products,
        overall,
        active,
        maintenance_in_progress: in_progress,
        maintenance_upcoming: upcoming,
        by_component,
        by_month: by_month.into_iter().rev().collect(),
    }
}

/// The site shows the world as of `now`: entries written for later times are not yet public
/// (and a build with an earlier `--now` shows the page as it was then), nor are incidents that
/// start later. Only the rare incident with such entries is copied.
fn hide_future(incidents: &mut Vec<Arc<Incident>>, now: Timestamp) {
    for inc in incidents.iter_mut() {
        let future = inc.updates.iter().any(|u| u.time.at > now)
            || inc.statements.iter().any(|s| s.time.at > now);
        if future {
            let inc = Arc::make_mut(inc);
            inc.updates.retain(|u| u.time.at <= now);
            inc.statements.retain(|s| s.time.at <= now);
        }
    }
    incidents.retain(|i| match i.kind {
        Kind::Maintenance => i.scheduled.is_some(),
        Kind::Incident => i.started_at().is_some_and(|t| t <= now),
    });
}

/// Daily uptime and windows of every component that incidents touched.
fn uptime_of(
    config: &Config,
    incidents: &[Arc<Incident>],
    states: &[IncidentState],
    by_component: &HashMap<String, Vec<usize>>,
    now: Timestamp,
) -> HashMap<String, Uptime> {
    let starts_and_ends: Vec<_> = states
        .iter()
        .map(|s| (s.started_at, s.resolved_at))
        .collect();
    uptime::spans_by_component(config, incidents, &starts_and_ends, by_component, now)
        .into_par_iter()
        .map(|(reference, spans)| {
            let u = uptime::uptime(&spans, now, &config.timezone, &config.uptime);
            (reference, u)
        })
        .collect()
}

/// Components numbered (products first, then each product's features) so indexing pushes to
/// vectors instead of hashing strings for every affected component.
struct Slots {
    names: Vec<String>,
    product: Vec<usize>,
    features: Vec<Vec<usize>>,
    /// Reference → product index and feature index.
    of: HashMap<String, (usize, Option<usize>)>,
}

impl Slots {
    fn new(config: &Config) -> Slots {
        let mut names: Vec<String> = Vec::new();
        let mut product = Vec::with_capacity(config.products.len());
        let mut features: Vec<Vec<usize>> = Vec::with_capacity(config.products.len());
        let mut of = HashMap::new();
        for (pi, p) in config.products.iter().enumerate() {
            product.push(names.len());
            of.insert(p.id.clone(), (pi, None));
            names.push(p.id.clone());
            let mut slots = Vec::with_capacity(p.features.len());
            for (fi, f) in p.features.iter().enumerate() {
                let reference = format!("{}/{}", p.id, f.id);
                of.insert(reference.clone(), (pi, Some(fi)));
                names.push(reference);
                slots.push(names.len() - 1);
            }
            features.push(slots);
        }
        Slots {
            names,
            product,
            features,
            of,
        }
    }
}

/// The indexes and live statuses built in one pass over the sorted incidents.
struct Index {
    products: Vec<ProductState>,
    by_component: HashMap<String, Vec<usize>>,
    by_month: BTreeMap<Month, Vec<usize>>,
    active: Vec<usize>,
    in_progress: Vec<usize>,
    upcoming: Vec<usize>,
}

impl Index {
    fn build(config: &Config, incidents: &[Arc<Incident>], states: &[IncidentState]) -> Index {
        let Slots {
            names,
            product: product_slot,
            features: feature_slots,
            of: slot_of,
        } = Slots::new(config);
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
        let mut slots: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
        let mut touched: Vec<usize> = Vec::new();
        for (idx, (inc, state)) in incidents.iter().zip(states).enumerate() {
            index.by_month.entry(state.month).or_default().push(idx);
            match state.phase {
                Phase::Active => index.active.push(idx),
                Phase::InProgress => index.in_progress.push(idx),
                Phase::Upcoming => index.upcoming.push(idx),
                Phase::Resolved | Phase::Completed => {}
            }
            touched.clear();
            for a in &inc.affected {
                let Some(&(pi, fi)) = slot_of.get(a.component.as_str()) else {
                    continue;
                };
                index.affect(inc, state, a.status, pi, fi);
                match fi {
                    Some(fi) => touched.extend([feature_slots[pi][fi], product_slot[pi]]),
                    None => {
                        touched.push(product_slot[pi]);
                        touched.extend(&feature_slots[pi]);
                    }
                }
            }
            touched.sort_unstable();
            touched.dedup();
            for &slot in &touched {
                slots[slot].push(idx);
            }
        }
        index.by_component = names
            .into_iter()
            .zip(slots)
            .filter(|(_, ix)| !ix.is_empty())
            .collect();
        index
    }

    /// What a live incident does to the status of product `pi` (or its feature `fi`).
    fn affect(
        &mut self,
        inc: &Incident,
        state: &IncidentState,
        status: ComponentStatus,
        pi: usize,
        fi: Option<usize>,
    ) {
        if !state.is_live() {
            return;
        }
        let status = if inc.kind == Kind::Maintenance {
            ComponentStatus::UnderMaintenance
        } else {
            status
        };
        let product = &mut self.products[pi];
        match fi {
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

/// Both vectors in `order` (a permutation of their indexes).
fn permute(
    incidents: Vec<Arc<Incident>>,
    states: Vec<IncidentState>,
    order: &[usize],
) -> (Vec<Arc<Incident>>, Vec<IncidentState>) {
    let mut slots: Vec<Option<(Arc<Incident>, IncidentState)>> =
        incidents.into_iter().zip(states).map(Some).collect();
    order
        .iter()
        .map(|&i| slots[i].take().expect("order is a permutation"))
        .unzip()
}

fn state_of(inc: &Incident, now: Timestamp, tz: &jiff::tz::TimeZone) -> IncidentState {
    let started_at = inc.started_at().expect("validated incidents have a start");
    let resolved_at = inc.resolved_at().filter(|&t| t <= now);
    // Never in the future: a maintenance without entries would otherwise report its window.
    let updated_at = inc.updated_at().unwrap_or(started_at).min(now);
    let latest = inc.current_status();
    let (phase, status) = match inc.kind {
        Kind::Incident => {
            let phase = if resolved_at.is_some() || started_at > now {
                Phase::Resolved
            } else {
                Phase::Active
            };
            (phase, latest.unwrap_or(UpdateStatus::Investigating))
        }
        Kind::Maintenance => {
            let window = inc.scheduled.expect("validated maintenance has a window");
            let phase = match latest {
                Some(UpdateStatus::Completed) => Phase::Completed,
                Some(UpdateStatus::InProgress | UpdateStatus::Verifying) => Phase::InProgress,
                _ if now < window.start => Phase::Upcoming,
                _ if now < window.end => Phase::InProgress,
                _ => Phase::Completed,
            };
            let implied = match phase {
                Phase::Upcoming => UpdateStatus::Scheduled,
                Phase::InProgress => UpdateStatus::InProgress,
                _ => UpdateStatus::Completed,
            };
            // A window that has begun or ended outranks an entry that still says "scheduled".
            let status = match latest {
                Some(UpdateStatus::Scheduled) | None => implied,
                Some(s) => s,
            };
            (phase, status)
        }
    };
    IncidentState {
        phase,
        status,
        impact: inc.impact(),
        started_at,
        resolved_at: resolved_at.or_else(|| {
            (inc.kind == Kind::Maintenance && phase == Phase::Completed)
                .then(|| inc.resolved_at().or(inc.scheduled.map(|w| w.end)))
                .flatten()
        }),
        updated_at,
        month: {
            let date = time::date_in(started_at, tz);
            (date.year(), date.month())
        },
    }
}
