//! What is new for one destination: the events it has not had (or had with other words: a
//! correction), among those it wants, not older than `max_age`.
//!
//! A destination with a delivery record compares with it. One without (a new target, a lost
//! record) starts from the previously published manifest: what it lists, and every timed
//! event whose moment had passed when it was built, counts as had. With neither, everything
//! current counts as had: a first run announces nothing unless asked (`--announce-all`), so
//! subscribers are never flooded with history.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::config::Target;
use super::events::Event;
use super::manifest::{Previous, hash_text};
use crate::derive::Derived;

/// Why an event is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Novelty {
    New,
    /// Its id was announced before with other words.
    Correction,
}

impl Novelty {
    pub fn word(self) -> &'static str {
        match self {
            Novelty::New => "new",
            Novelty::Correction => "correction",
        }
    }
}

/// Where a destination without a record starts from.
#[derive(Debug, Clone, Copy)]
pub struct Baseline<'a> {
    pub previous: Option<&'a Previous>,
    pub announce_all: bool,
}

/// For one destination: what to send, and what to record as had without sending.
#[derive(Debug, Default)]
pub struct Fresh<'e> {
    pub send: Vec<(&'e Event, Novelty)>,
    pub skip: Vec<&'e Event>,
}

/// Sorts `events` for `target` (which events of `site` it wants), given what the destination
/// has had (`known`) or, without a record, the `baseline`. `since` is now minus `max_age`.
pub fn fresh<'e>(
    events: &'e [Event],
    site: &Derived,
    target: &Target,
    known: Option<&BTreeMap<String, String>>,
    baseline: Baseline,
    since: Timestamp,
) -> Fresh<'e> {
    let mut out = Fresh::default();
    for e in events {
        let hash = hash_text(e.hash);
        let had = match known {
            Some(map) => map.get(&e.id).map(|h| *h == hash),
            None => from_baseline(e, &hash, baseline),
        };
        let novelty = match had {
            Some(true) => None,
            Some(false) if !e.kind.is_timed() => Some(Novelty::Correction),
            _ => Some(Novelty::New),
        };
        match novelty {
            Some(n) if e.time >= since && wants(target, site, e) => out.send.push((e, n)),
            Some(_) => out.skip.push(e),
            // Had by the baseline: recorded, so the record alone answers from now on.
            None if known.is_none() => out.skip.push(e),
            None => {}
        }
    }
    out
}

/// Whether a destination without a record has had `e`: `Some(same words?)`, `None` if not.
fn from_baseline(e: &Event, hash: &str, baseline: Baseline) -> Option<bool> {
    match baseline.previous {
        Some(prev) if e.kind.is_timed() => (e.time <= prev.generated_at).then_some(true),
        Some(prev) => prev.events.get(&e.id).map(|h| h == hash),
        None if baseline.announce_all => None,
        None => Some(true),
    }
}

/// Whether `target` wants `e`: its kind, and a component of its incident.
pub fn wants(target: &Target, site: &Derived, e: &Event) -> bool {
    if !target.kinds.is_empty() && !target.kinds.contains(&e.category) {
        return false;
    }
    if target.components.is_empty() {
        return true;
    }
    let inc = &site.incidents[e.incident];
    crate::history::components(inc).any(|c| target.components.iter().any(|f| f.touches(c)))
}
