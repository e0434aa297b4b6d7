//! An incident that passed validation: the facts every later stage needs (when it began, a
//! maintenance's window) are values here, not `Option`s, so deriving, rendering and notifying
//! never ask "what if it has none?".

use std::ops::Deref;
use std::sync::Arc;

use jiff::Timestamp;

use super::{Incident, Kind, Window};

/// Whether it was planned: an incident happens, a maintenance has its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Schedule {
    /// An incident (validation refuses a window on one).
    Unplanned,
    /// A maintenance and its window (validation refuses a maintenance without one).
    Planned(Window),
}

/// A validated incident, shared (deriving copies it only to hide what is not public yet).
/// Reads of the incident's fields go through [`Deref`].
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    incident: Arc<Incident>,
    started: Timestamp,
    schedule: Schedule,
    fingerprint: u64,
}

impl Checked {
    /// `incident` with the facts validation guarantees; `None` when it lacks one (it has a
    /// `missing-window` or `empty-timeline` error, or one that stopped those checks).
    /// `fingerprint` is the parser's hash of the source (see `content::SourceFacts`).
    pub(crate) fn new(incident: Arc<Incident>, fingerprint: u64) -> Option<Checked> {
        let started = incident.started_at()?;
        let schedule = match incident.kind {
            Kind::Incident => Schedule::Unplanned,
            Kind::Maintenance => Schedule::Planned(incident.scheduled?),
        };
        Some(Checked {
            incident,
            started,
            schedule,
            fingerprint,
        })
    }

    /// When it began: [`Incident::started_at`], which validation makes sure of (a maintenance's
    /// is the start of its window at the entries it shows: see [`Incident::window`]).
    pub(crate) fn started(&self) -> Timestamp {
        self.incident.started_at().unwrap_or(self.started)
    }

    /// A maintenance's window at the entries it shows ([`Incident::window`]).
    pub(crate) fn schedule(&self) -> Schedule {
        match (self.schedule, self.incident.window()) {
            (Schedule::Planned(_), Some(now)) => Schedule::Planned(now),
            (schedule, _) => schedule,
        }
    }

    /// A hash of the source file's path and text: equal fingerprints, equal incidents. Lets
    /// `serve` reuse what it rendered for files that did not change.
    pub(crate) fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The incident as a reader of `translation`'s language sees it ([`Incident::in_language`]),
    /// with every fact validation guaranteed (the structure is the original's). Its fingerprint
    /// names the translation too, so a cached rendering of one language is never another's.
    pub(crate) fn in_language(
        &self,
        translation: Option<&super::Translation>,
        original_language: &str,
    ) -> Checked {
        Checked {
            incident: Arc::new(self.incident.in_language(translation, original_language)),
            started: self.started,
            schedule: self.schedule,
            fingerprint: self.language_fingerprint(translation),
        }
    }

    /// The fingerprint of this incident shown through `translation` (see
    /// [`Checked::in_language`]), without building it: a render that kept the last one can
    /// tell whether it is still the same.
    pub(crate) fn language_fingerprint(&self, translation: Option<&super::Translation>) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        self.fingerprint.hash(&mut h);
        translation
            .map(|t| (t.fingerprint, &t.language))
            .hash(&mut h);
        h.finish()
    }

    /// The incident to leave out what is dated after "now" (a copy when it is shared). Only
    /// entries, statements and the postmortem may go: what the start and the window come from
    /// stays (an incident shown at "now" started at or before it).
    pub(crate) fn hide_mut(&mut self) -> &mut Incident {
        Arc::make_mut(&mut self.incident)
    }
}

impl Deref for Checked {
    type Target = Incident;

    fn deref(&self) -> &Incident {
        &self.incident
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::time::WrittenTime;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn incident(kind: Kind, started: Option<&str>, window: Option<Window>) -> Arc<Incident> {
        Arc::new(Incident {
            slug: "x".into(),
            file: PathBuf::from("incidents/x.md"),
            title: "X".into(),
            kind,
            impact: None,
            affected: Vec::new(),
            scheduled: window,
            started_override: started.map(|s| WrittenTime {
                at: at(s),
                approximate: false,
            }),
            resolved_override: None,
            summary: crate::model::Text::default(),
            updates: Vec::new(),
            statements: Vec::new(),
            postmortem: None,
            sections: Vec::new(),
            fallback: None,
        })
    }

    #[test]
    fn an_incident_needs_a_start() {
        assert_eq!(Checked::new(incident(Kind::Incident, None, None), 7), None);
        let checked = Checked::new(
            incident(Kind::Incident, Some("2026-01-01T10:00:00Z"), None),
            7,
        )
        .expect("a start is all an incident needs");
        assert_eq!(checked.started(), at("2026-01-01T10:00:00Z"));
        assert_eq!(checked.schedule(), Schedule::Unplanned);
        assert_eq!((checked.fingerprint(), checked.slug.as_str()), (7, "x"));
    }

    #[test]
    fn a_maintenance_needs_its_window_and_starts_with_it() {
        let started = Some("2026-01-01T10:00:00Z");
        assert_eq!(
            Checked::new(incident(Kind::Maintenance, started, None), 0),
            None
        );
        let window = Window {
            start: at("2026-01-02T01:00:00Z"),
            end: at("2026-01-02T03:00:00Z"),
        };
        let checked = Checked::new(incident(Kind::Maintenance, None, Some(window)), 0)
            .expect("a window gives the start");
        assert_eq!(checked.started(), window.start);
        assert_eq!(checked.schedule(), Schedule::Planned(window));
    }
}
