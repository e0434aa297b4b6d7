//! Deriving what the site shows from validated incidents and "now": each incident's phase,
//! each component's current status, the overall status, and the indexes that pages and feeds
//! are built from (by component, by month). Every index is built in one pass over the
//! incidents, so the build stays linear in their number.

use std::collections::HashMap;

use jiff::Timestamp;

use crate::config::{ComponentRef, Config};
use crate::model::{Checked, ComponentStatus, Impact, UpdateStatus};
use crate::uptime::Uptime;

mod at;
mod basis;
mod index;
mod language;
mod listing;
mod order;
mod patch;
pub use language::Translations;
mod settled;
mod state;
mod whole;
pub(crate) use at::{Past, Statuses};
pub(crate) use basis::{Basis, Fresh};
pub(crate) use settled::Settled;

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
    /// Maintenance that is over (completed, cancelled, or its window has passed); the
    /// incident's status says which.
    Completed,
}

impl Phase {
    /// Whether it has ended: only what has ended is history (the history archive, a
    /// component's "Incident history", the front page's recent history). What is on or ahead
    /// is shown where live and upcoming items are, not in the past.
    pub(crate) fn is_over(self) -> bool {
        matches!(self, Phase::Resolved | Phase::Completed)
    }
}

/// What is derived about one incident.
#[derive(Debug, Clone)]
pub struct IncidentState {
    pub phase: Phase,
    /// The latest entry's status, or for maintenance without entries, the phase's word.
    pub status: UpdateStatus,
    pub impact: Impact,
    pub started_at: Timestamp,
    /// When it was first published: the earlier of its first entry and its start, never
    /// after now. The API's `created_at` and the feeds' publication date (a maintenance is
    /// announced before its window).
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    pub updated_at: Timestamp,
    /// The month it started in, in the site's zone.
    pub month: Month,
    /// When the latest public entry promises the next update, while it is not over
    /// ([`crate::model::Incident::promise_at`]).
    pub next_update: Option<Timestamp>,
}

impl IncidentState {
    /// Identifies everything a rendering of the incident depends on besides the theme and
    /// config: its source and what "now" made of it.
    pub(crate) fn cache_key(&self, inc: &Checked) -> u64 {
        use std::hash::{BuildHasher, Hash, Hasher};
        // aHash with fixed seeds, as the fingerprint (content/mod.rs): the render asks for
        // this key of every incident it may reuse, a thousand times a one-file rebuild at
        // 10k, and SipHash took ~1,300 instructions a key.
        let mut h = ahash::RandomState::with_seeds(0x6b65, 0x7973, 0x7461, 0x7465).build_hasher();
        inc.fingerprint().hash(&mut h);
        let postmortem = inc.postmortem.is_some();
        (inc.updates.len(), inc.statements.len(), postmortem).hash(&mut h);
        (self.phase as u8, self.status.as_str()).hash(&mut h);
        (self.resolved_at, self.updated_at, self.started_at).hash(&mut h);
        self.created_at.hash(&mut h);
        self.next_update.hash(&mut h);
        h.finish()
    }

    /// Whether it changes components' current status.
    pub(crate) fn is_live(&self) -> bool {
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
pub(crate) type Month = (i16, i8);

/// Everything pages, feeds and APIs need, derived once.
#[derive(Debug)]
pub struct Derived {
    pub now: Timestamp,
    /// Newest first (by start), ties by slug. Shared with the caller (serve keeps them between
    /// rebuilds), so deriving copies no incident.
    pub incidents: Vec<Checked>,
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
    pub by_component: HashMap<ComponentRef, Vec<usize>>,
    /// What has ended (see [`Phase::is_over`]) by the month it started in, newest month
    /// first: the history archive.
    pub by_month: Vec<(Month, Vec<usize>)>,
    /// Daily uptime and windows per component reference.
    pub uptime: HashMap<ComponentRef, Uptime>,
    /// The next moment after `now` at which time alone changes what is shown: an entry or
    /// an incident coming due, a `resolved:` time, a maintenance window starting or ending.
    /// `serve` re-renders then.
    pub next_due: Option<Timestamp>,
    /// How many incidents' states were worked out; the others were settled already (see
    /// `derive_with`).
    pub fresh_states: usize,
    /// How many incidents the index read for the components they name; the others' were
    /// kept with their settled states.
    pub indexed_from_incidents: usize,
    /// How many incidents were put in order by comparing them; the others kept the last
    /// derive's order (see `order`).
    pub placed_in_order: usize,
    /// How many incidents derive went through: every one given in a whole derive (looked
    /// up, ordered, indexed), only the edited ones and those not settled in a patch.
    pub went_through: usize,
    /// The positions of the incidents whose states were worked out: only they can differ
    /// from the last derive's (`serve` asks which phases changed).
    pub(crate) fresh: Fresh,
    /// What a later derive needs to patch this one (`serve`; see [`patch`]).
    pub(crate) basis: Basis,
}

impl Derived {
    /// The current status of component `c`.
    pub fn status_of(&self, c: ComponentRef) -> ComponentStatus {
        at::status_in(&self.products, c)
    }
}

/// Derives the site state from validated incidents.
pub fn derive(config: &Config, incidents: Vec<Checked>, now: Timestamp) -> Derived {
    derive_with(config, incidents, now, None)
}

/// [`derive`], taking the states of incidents time no longer changes from `settled` (and
/// keeping there those it works out): `serve` derives again after every save. When
/// `settled` holds the last derive and the incidents line up with it, that one is patched
/// instead ([`patch`]).
pub(crate) fn derive_with(
    config: &Config,
    mut incidents: Vec<Checked>,
    now: Timestamp,
    settled: Option<&Settled>,
) -> Derived {
    derive_lent(config, &mut incidents, now, settled)
}

/// [`derive_with`] leaving `incidents` to their owner when it patches the last derive (it
/// reads the few it works out again), and taking them (leaving an empty list) when it
/// derives every incident: `serve` lends its kept list to each derive, and a patch then
/// costs no copy of the list, nor dropping one.
pub(crate) fn derive_lent(
    config: &Config,
    incidents: &mut Vec<Checked>,
    now: Timestamp,
    settled: Option<&Settled>,
) -> Derived {
    if let Some((settled, last)) = settled.and_then(|s| Some((s, s.take_last()?)))
        && let Some(derived) = patch::patch(config, last, incidents, now, settled)
    {
        return derived;
    }
    whole::derive_all(config, std::mem::take(incidents), now, settled)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::whole::permute;
    use super::*;
    use crate::config;

    const RESOLVED_WITH_POSTMORTEM: &str = "---\ntitle: T\naffected:\n  app: major_outage\n---\n\n## Timeline\n\n### 2026-01-01 10:00 · investigating\na\n\n### 11:00 · resolved\nb\n\n## Postmortem · 2026-01-08 09:00\n\nWhat happened.\n";

    fn derive_at(text: &str, now: &str) -> Derived {
        let yaml = "title: T\nbase_url: https://s.test/\nlanguage: en\ntimezone: UTC\nproducts:\n  - id: app\n    name: App\n";
        let config = config::parse(Path::new("."), yaml, None).expect("test config");
        let (inc, problems) = crate::content::parse(&config, Path::new("incidents/t.md"), text);
        assert!(problems.iter().all(|d| !d.is_error()), "{problems:?}");
        let incidents = vec![inc.and_then(|p| p.checked()).expect("parsed")];
        derive(&config, incidents, now.parse().unwrap())
    }

    #[test]
    fn incidents_are_put_in_the_order_given() {
        let one = derive_at(RESOLVED_WITH_POSTMORTEM, "2026-01-09T00:00:00Z");
        let (inc, state) = (one.incidents[0].clone(), one.states[0].clone());
        // Five copies told apart by their states' start; new position i takes order[i].
        let states: Vec<IncidentState> = (0..5)
            .map(|n| IncidentState {
                started_at: Timestamp::from_second(n).unwrap(),
                ..state.clone()
            })
            .collect();
        let order = [3, 0, 4, 1, 2];
        let (mut incidents, mut states) = (vec![inc; 5], states);
        permute(&order, |i, j| {
            incidents.swap(i, j);
            states.swap(i, j);
        });
        let starts: Vec<i64> = states.iter().map(|s| s.started_at.as_second()).collect();
        assert_eq!(starts, [3, 0, 4, 1, 2]);
        assert_eq!(incidents.len(), 5);
    }

    #[test]
    fn a_postmortem_dated_ahead_is_hidden_until_it_is_due() {
        let before = derive_at(RESOLVED_WITH_POSTMORTEM, "2026-01-02T00:00:00Z");
        assert!(before.incidents[0].postmortem.is_none());
        assert_eq!(
            before.states[0].updated_at,
            "2026-01-01T11:00:00Z".parse().unwrap()
        );
        assert_eq!(
            before.next_due,
            Some("2026-01-08T09:00:00Z".parse().unwrap())
        );
        let after = derive_at(RESOLVED_WITH_POSTMORTEM, "2026-01-08T09:00:00Z");
        assert!(after.incidents[0].postmortem.is_some());
        assert_eq!(
            after.states[0].updated_at,
            "2026-01-08T09:00:00Z".parse().unwrap()
        );
    }
}
