//! The site at one instant: which entries are public, each incident's state, each
//! component's status and the page's overall status, as a build with `--now` at that instant
//! shows them. `derive` reads it at "now"; `notify` at each event's time (see [`Past`]), so a
//! message says what the page said when the event happened, not what it says at the run.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use jiff::{SignedDuration, Timestamp};

use super::state::state_of;
use super::{Derived, IncidentState, ProductState};
use crate::config::{ComponentRef, Config};
use crate::history;
use crate::model::{Checked, ComponentStatus, Incident, Kind};

/// Every component's status at one instant, and the page's overall status.
#[derive(Debug, Clone)]
pub(crate) struct Statuses {
    /// Parallel to `config.products`.
    pub products: Vec<ProductState>,
    /// The worst product status: the page indicator (`ComponentStatus::page_indicator`).
    pub overall: ComponentStatus,
}

impl Statuses {
    /// What the live incidents among `incidents` (each with its state at the instant) make of
    /// the catalogue.
    pub(crate) fn of<'a>(
        config: &Config,
        incidents: impl IntoIterator<Item = (&'a Incident, &'a IncidentState)>,
    ) -> Statuses {
        let mut products: Vec<ProductState> = config
            .products
            .iter()
            .map(|p| ProductState {
                status: ComponentStatus::Operational,
                features: vec![ComponentStatus::Operational; p.features.len()],
            })
            .collect();
        for (inc, state) in incidents {
            if state.is_live() {
                affect_live(&mut products, inc, state);
            }
        }
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
        Statuses { products, overall }
    }

    /// The status of component `c`.
    pub(crate) fn status_of(&self, c: ComponentRef) -> ComponentStatus {
        status_in(&self.products, c)
    }
}

/// The status of `c` among `products` (a feature's own; a product's, which counts its
/// features).
pub(super) fn status_in(products: &[ProductState], c: ComponentRef) -> ComponentStatus {
    let product = &products[c.product];
    c.feature.map_or(product.status, |fi| product.features[fi])
}

/// What a live incident does to the statuses: the front matter's, or when its entries
/// change components, the statuses they have now.
fn affect_live(products: &mut [ProductState], inc: &Incident, state: &IncidentState) {
    if history::has_changes(inc) {
        for s in history::stretches(inc, state.started_at, None) {
            if s.until.is_none() {
                affect(products, s.component, inc.kind.shown_status(s.status));
            }
        }
    } else {
        for a in &inc.affected {
            if let Some(target) = a.target {
                affect(products, target, inc.kind.shown_status(a.status));
            }
        }
    }
}

/// What a live incident does to the status of `c` (a product's status shows on all its
/// features).
fn affect(products: &mut [ProductState], c: ComponentRef, status: ComponentStatus) {
    let product = &mut products[c.product];
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

/// The times of what `inc` publishes when its time comes: entries, statements, and the
/// postmortem when its heading gives a time (without one it is shown at once: the file does
/// not say when it was published).
pub(super) fn dated(inc: &Incident) -> impl Iterator<Item = Timestamp> + Clone + '_ {
    let updates = inc.updates.iter().map(|u| u.time.at);
    let statements = inc.statements.iter().map(|s| s.time.at);
    let postmortem = inc.postmortem.as_ref().and_then(|p| p.published);
    updates.chain(statements).chain(postmortem.map(|t| t.at))
}

/// Leaves out of `inc` what is dated after `t` (see [`dated`]): it is not public yet. Copies
/// the incident only when there is something to leave out.
pub(super) fn hide_after(inc: &mut Checked, t: Timestamp) {
    if dated(inc).max().is_some_and(|latest| latest > t) {
        let inc = inc.hide_mut();
        inc.updates.retain(|u| u.time.at <= t);
        inc.statements.retain(|s| s.time.at <= t);
        if inc
            .postmortem
            .as_ref()
            .and_then(|p| p.published)
            .is_some_and(|p| p.at > t)
        {
            inc.postmortem = None;
        }
    }
}

/// Whether a build at `t` shows `inc` at all (asked of the incident as written, before
/// [`hide_after`]): an incident from its start; maintenance from its announcement, its first
/// entry (one without entries is shown as soon as it is built: nothing says when it was
/// announced).
pub(super) fn shown_at(inc: &Incident, t: Timestamp) -> bool {
    match inc.kind {
        Kind::Maintenance => {
            inc.window().is_some()
                && (inc.updates.is_empty() || inc.created_at().is_some_and(|c| c <= t))
        }
        Kind::Incident => inc.started_at().is_some_and(|s| s <= t),
    }
}

/// `inc` and its state as a build at `t` shows them; `None` when it does not show it.
pub(super) fn incident_at(
    inc: &Checked,
    t: Timestamp,
    tz: &jiff::tz::TimeZone,
) -> Option<(Checked, IncidentState)> {
    // Asked of the incident as written: hiding would leave an unannounced maintenance
    // without entries, which is shown at once.
    if !shown_at(inc, t) {
        return None;
    }
    let mut view = inc.clone();
    hide_after(&mut view, t);
    let state = state_of(&view, t, tz);
    Some((view, state))
}

/// The site at instants between `since` and `site.now`, for notify. Only incidents that can
/// be live at such an instant are looked at (those with a moment after `since`, and those live
/// now), and each instant is worked out once: a run's events share their times, and every
/// destination reads the same ones.
pub(crate) struct Past<'a> {
    config: &'a Config,
    site: &'a Derived,
    /// Index into `site.incidents`, with the first and last moment the incident's state can
    /// change at: outside them its state is the one before it started, or the one now.
    candidates: Vec<(usize, Timestamp, Timestamp)>,
    cache: RefCell<HashMap<Timestamp, Rc<Statuses>>>,
}

impl<'a> Past<'a> {
    pub(crate) fn new(config: &'a Config, site: &'a Derived, since: Timestamp) -> Past<'a> {
        // The instant just before an event at `since` is looked at too.
        let reach = since
            .checked_sub(SignedDuration::from_secs(1))
            .unwrap_or(Timestamp::MIN);
        // Most incidents of a long history are told apart by times already at hand; only
        // the recent ones are looked at entry by entry.
        let recent = |i: usize, inc: &Incident| {
            let window = inc.windows().map(|w| w.end).max();
            let overrides = [inc.started_override, inc.resolved_override].map(|t| t.map(|t| t.at));
            let times = overrides.into_iter().chain([window]).flatten();
            site.states[i].is_live() || times.chain([site.states[i].updated_at]).any(|t| t >= reach)
        };
        let candidates = site
            .incidents
            .iter()
            .enumerate()
            .filter(|&(i, inc)| recent(i, inc))
            .filter_map(|(i, inc)| span(inc).map(|(first, last)| (i, first, last)))
            .collect();
        Past {
            config,
            site,
            candidates,
            cache: RefCell::default(),
        }
    }

    /// Every component's status at `t` (at most `site.now`).
    pub(crate) fn statuses(&self, t: Timestamp) -> Rc<Statuses> {
        if let Some(s) = self.cache.borrow().get(&t) {
            return Rc::clone(s);
        }
        let tz = &self.config.timezone;
        let live: Vec<(Checked, IncidentState)> = self
            .candidates
            .iter()
            .filter_map(|&(i, first, last)| {
                let inc = &self.site.incidents[i];
                if t > last {
                    // Nothing of it changes after `last`: its state is today's.
                    let now = &self.site.states[i];
                    now.is_live().then(|| (inc.clone(), now.clone()))
                } else if t < first {
                    None
                } else {
                    incident_at(inc, t, tz).filter(|(_, s)| s.is_live())
                }
            })
            .collect();
        let statuses = Rc::new(Statuses::of(
            self.config,
            live.iter().map(|(inc, s)| (&**inc, s)),
        ));
        self.cache.borrow_mut().insert(t, Rc::clone(&statuses));
        statuses
    }

    /// Incident `i`'s state at `t`; before it is shown (a statement dated before the start),
    /// its state at its start.
    pub(crate) fn incident(&self, i: usize, t: Timestamp) -> IncidentState {
        let inc = &self.site.incidents[i];
        let tz = &self.config.timezone;
        incident_at(inc, t, tz)
            .or_else(|| incident_at(inc, t.max(self.site.states[i].started_at), tz))
            .map_or_else(|| self.site.states[i].clone(), |(_, s)| s)
    }
}

/// The first and last moment at which anything about `inc` happens: entries, statements,
/// its start and end overrides, its window.
fn span(inc: &Incident) -> Option<(Timestamp, Timestamp)> {
    let windows = inc.windows().flat_map(|w| [w.start, w.end]);
    let times = inc
        .updates
        .iter()
        .map(|u| u.time.at)
        .chain(inc.statements.iter().map(|s| s.time.at))
        .chain(inc.started_override.map(|t| t.at))
        .chain(inc.resolved_override.map(|t| t.at))
        .chain(windows);
    times.fold(None, |acc, t| match acc {
        None => Some((t, t)),
        Some((a, b)) => Some((a.min(t), b.max(t))),
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::derive::derive;

    /// The example site's catalogue and incidents (reopened, overlapping, maintenance).
    fn acme() -> (Config, Vec<Checked>) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
        let text = std::fs::read_to_string(root.join("bulletin.yaml")).unwrap();
        let config = crate::config::parse(&root, &text, None).expect("acme config");
        let mut incidents = Vec::new();
        for entry in std::fs::read_dir(root.join("incidents")).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let rel = Path::new("incidents").join(path.file_name().unwrap());
            if crate::content::translation::translation_of(&config, &rel).is_some() {
                continue;
            }
            let (inc, _) = crate::content::parse(&config, &rel, &text);
            incidents.push(inc.and_then(|p| p.checked()).expect("acme incident"));
        }
        (config, incidents)
    }

    /// `Past`, which looks only at what can be live and reuses today's states, says at every
    /// instant what a whole derive at that instant says: the same components, page status
    /// and incident states.
    #[test]
    fn the_past_at_an_instant_is_a_derive_at_that_instant() {
        let (config, incidents) = acme();
        let now: Timestamp = "2026-12-10T00:00:00Z".parse().unwrap();
        let site = derive(&config, incidents.clone(), now);
        // All of the history, and the last 30 days (where `Past` leaves older incidents out);
        // steps that are not whole days, to meet every hour of the day.
        for (since, step) in [("2025-09-01T00:00:00Z", 29), ("2026-11-10T00:00:00Z", 5)] {
            let since: Timestamp = since.parse().unwrap();
            let past = Past::new(&config, &site, since);
            let entries = incidents
                .iter()
                .flat_map(|i| i.updates.iter().map(|u| u.time.at));
            let hourly = (0..).map(|h| since + SignedDuration::from_hours(step * h));
            let mut instants: Vec<Timestamp> = hourly.take_while(|&t| t <= now).collect();
            for t in entries.filter(|&t| t >= since && t <= now) {
                instants.extend([t, t - SignedDuration::from_nanos(1)]);
            }
            for t in instants {
                let then = derive(&config, incidents.clone(), t);
                let got = past.statuses(t);
                assert_eq!(got.overall, then.overall, "at {t}");
                for c in config.components() {
                    assert_eq!(got.status_of(c), then.status_of(c), "{c:?} at {t}");
                }
                for (inc, state) in then.incidents.iter().zip(&then.states) {
                    let i = site
                        .incidents
                        .iter()
                        .position(|x| x.slug == inc.slug)
                        .unwrap();
                    let mine = past.incident(i, t);
                    let ours = (mine.phase, mine.status, mine.impact, mine.created_at);
                    let theirs = (state.phase, state.status, state.impact, state.created_at);
                    assert_eq!(ours, theirs, "{} at {t}", inc.slug);
                }
            }
        }
    }
}
