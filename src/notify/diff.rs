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
use crate::derive::Derived;
use crate::events::Event;
use crate::events::manifest::Previous;
use crate::ids::hash_text;

/// Why an event is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Novelty {
    New,
    /// Its id was announced before with other words.
    Correction,
}

impl Novelty {
    pub(crate) fn word(self) -> &'static str {
        match self {
            Novelty::New => "new",
            Novelty::Correction => "correction",
        }
    }
}

/// Where a destination without a record starts from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Baseline<'a> {
    pub previous: Option<&'a Previous>,
    pub announce_all: bool,
}

/// For one destination: what to send, and what to record as had without sending.
#[derive(Debug, Default)]
pub(crate) struct Fresh<'e> {
    pub send: Vec<(&'e Event, Novelty)>,
    pub skip: Vec<&'e Event>,
}

/// Sorts `events` for `target` (which events of `site` it wants), given what the destination
/// has had (`known`) or, without a record, the `baseline`. `since` is now minus `max_age`.
pub(crate) fn fresh<'e>(
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
pub(crate) fn wants(target: &Target, site: &Derived, e: &Event) -> bool {
    if !target.kinds.is_empty() && !target.kinds.contains(&e.category) {
        return false;
    }
    if target.components.is_empty() {
        return true;
    }
    let inc = &site.incidents[e.incident];
    crate::history::components(inc).any(|c| target.components.iter().any(|f| f.touches(c)))
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};
    use std::path::Path;

    use super::*;
    use crate::events::{Category, EventKind};

    const SITE: &str = "title: T\nbase_url: https://s.test/\nlanguage: en\ntimezone: UTC\nproducts:\n  - id: app\n    name: App\n";

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn event(id: &str, kind: EventKind, time: &str, hash: u64) -> Event {
        Event {
            id: id.into(),
            kind,
            incident: 0,
            category: Category::Maintenance,
            time: at(time),
            status: None,
            changes: Vec::new(),
            hash,
        }
    }

    fn target() -> Target {
        Target {
            name: "t".into(),
            components: Vec::new(),
            kinds: Vec::new(),
            channel: crate::notify::config::Channel::Unset,
            language: "en".into(),
            unset: Vec::new(),
        }
    }

    /// What `fresh` sends of `events` (ids and novelty words).
    fn sent(
        events: &[Event],
        known: Option<&BTreeMap<String, String>>,
        baseline: Baseline,
    ) -> Vec<(String, &'static str)> {
        let config = crate::config::parse(Path::new("."), SITE, None).expect("config");
        let site = crate::derive::derive(&config, Vec::new(), at("2026-01-02T00:00:00Z"));
        fresh(events, &site, &target(), known, baseline, Timestamp::MIN)
            .send
            .iter()
            .map(|(e, n)| (e.id.clone(), n.word()))
            .collect()
    }

    fn previous(generated_at: &str, known: &[(&str, u64)]) -> Previous {
        Previous {
            generated_at: at(generated_at),
            events: known
                .iter()
                .map(|(id, h)| (id.to_string(), hash_text(*h)))
                .collect::<HashMap<_, _>>(),
        }
    }

    #[test]
    fn a_timed_moment_whose_time_moved_is_new_not_a_correction() {
        // A window moved: the reminder's hash (its time) differs from the recorded one. It is
        // a new moment, announced as such; only written words can be corrected.
        let reminder = event("m@reminder", EventKind::Reminder, "2026-01-01T10:00:00Z", 2);
        let update = event("u#0", EventKind::Update(0), "2026-01-01T10:00:00Z", 2);
        let known: BTreeMap<String, String> = [("m@reminder", 1), ("u#0", 1)]
            .into_iter()
            .map(|(id, h)| (id.to_string(), hash_text(h)))
            .collect();
        let none = Baseline {
            previous: None,
            announce_all: false,
        };
        assert_eq!(
            sent(&[reminder, update], Some(&known), none),
            [
                ("m@reminder".to_string(), "new"),
                ("u#0".to_string(), "correction")
            ]
        );
    }

    #[test]
    fn without_a_record_timed_moments_count_by_the_previous_build_time() {
        let prev = previous("2026-01-01T12:00:00Z", &[("u#0", 7)]);
        let hash = hash_text(7);
        let base = Baseline {
            previous: Some(&prev),
            announce_all: false,
        };
        let timed = |t| event("m@started", EventKind::Started, t, 7);
        // Passed before the previous build (or at its very time): had.
        assert_eq!(
            from_baseline(&timed("2026-01-01T11:00:00Z"), &hash, base),
            Some(true)
        );
        assert_eq!(
            from_baseline(&timed("2026-01-01T12:00:00Z"), &hash, base),
            Some(true)
        );
        // Passed since: new.
        assert_eq!(
            from_baseline(&timed("2026-01-01T12:01:00Z"), &hash, base),
            None
        );
        // Written events count by the manifest's list, whatever their time.
        let listed = event("u#0", EventKind::Update(0), "2026-01-01T11:00:00Z", 7);
        let unlisted = event("u#1", EventKind::Update(1), "2026-01-01T11:00:00Z", 7);
        assert_eq!(from_baseline(&listed, &hash, base), Some(true));
        assert_eq!(from_baseline(&unlisted, &hash, base), None);
        assert_eq!(from_baseline(&listed, &hash_text(8), base), Some(false));
    }

    #[test]
    fn without_a_record_or_a_manifest_everything_is_had_unless_announcing_all() {
        let e = event("u#0", EventKind::Update(0), "2026-01-01T11:00:00Z", 7);
        let hash = hash_text(7);
        let quiet = Baseline {
            previous: None,
            announce_all: false,
        };
        let all = Baseline {
            previous: None,
            announce_all: true,
        };
        assert_eq!(from_baseline(&e, &hash, quiet), Some(true));
        assert_eq!(from_baseline(&e, &hash, all), None);
    }

    /// An event the record already holds, with the same words, is neither sent nor skipped
    /// (skipping records it, and the record answers for it already); one had only by the
    /// previous build is skipped, so the record holds it from now on.
    #[test]
    fn an_event_the_record_holds_is_left_alone_and_one_the_baseline_had_is_recorded() {
        let config = crate::config::parse(Path::new("."), SITE, None).expect("config");
        let site = crate::derive::derive(&config, Vec::new(), at("2026-01-02T00:00:00Z"));
        let update = event("u#0", EventKind::Update(0), "2026-01-01T10:00:00Z", 7);
        let known: BTreeMap<String, String> = [("u#0".to_string(), hash_text(7))].into();
        let prev = previous("2026-01-01T12:00:00Z", &[("u#0", 7)]);
        let base = Baseline {
            previous: Some(&prev),
            announce_all: false,
        };
        let events = std::slice::from_ref(&update);
        let recorded = fresh(events, &site, &target(), Some(&known), base, Timestamp::MIN);
        assert!(recorded.send.is_empty() && recorded.skip.is_empty());
        let baseline_only = fresh(events, &site, &target(), None, base, Timestamp::MIN);
        assert!(baseline_only.send.is_empty());
        assert_eq!(baseline_only.skip.len(), 1);
    }
}
