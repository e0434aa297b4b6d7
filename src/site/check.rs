//! The session's check as of an instant: each file's own problems (found when it was read),
//! the checks against "now" of the incidents not quiet yet, slug clashes, translations, and
//! the list of [`Checked`] incidents derive takes. A session that checks again and again
//! (`serve`) finds each of them from what it kept ([`super::indexes`], [`super::kept`]), in
//! proportion to the files changed since; one that checks once looks at every file.

use std::path::Path;

use jiff::Timestamp;

use super::{Site, Valid};
use crate::content::Parsed;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Checked, Kind};
use crate::validate;

/// The checked incidents for derive, with what listing them cost ([`Site::listed`]).
struct Listing {
    incidents: Vec<Checked>,
    /// Files looked at.
    looked_at: usize,
    /// Incidents copied (0 when the kept list was lent).
    copied: usize,
}

impl Site {
    /// The problems found in each file on its own, file by file.
    pub(crate) fn file_problems(&self) -> Diagnostics {
        let mut out = Diagnostics::default();
        for problems in self.problems.values() {
            out.extend(problems.iter().cloned());
        }
        out
    }

    /// Validates the site as of `now`: its incidents, each [`Checked`], with the warnings met;
    /// or, when there is an error, every problem (each file's own and those of the incidents
    /// as a whole, such as slug clashes and times in the future), sorted.
    pub(crate) fn check(&self, now: Timestamp) -> Result<Valid, Diagnostics> {
        let mut diagnostics = self.file_problems();
        // What `validate::check_site` finds, from the files not quiet at `now` and the
        // slugs' index: the same diagnostics, without looking at every file.
        let loud = self.loud(now);
        for parsed in &loud {
            validate::check_at(parsed, now, &self.config.timezone, &mut diagnostics);
        }
        match &self.indexes {
            Some(indexes) => indexes.check_slugs(&mut diagnostics),
            None => {
                let all: Vec<&Parsed> = self.incidents.values().collect();
                validate::slugs::check(&all, &mut diagnostics);
            }
        }
        let (translations, warned) = self.check_translations(now, &mut diagnostics);
        let Listing {
            incidents,
            looked_at: listed,
            copied,
        } = self.listed(&mut diagnostics);
        diagnostics.sort();
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(Valid {
            incidents,
            translations,
            warnings: diagnostics,
            timed: loud.len(),
            warned,
            listed,
            copied,
            translations_checked: (self.translation_checks.as_ref()).map_or(0, |k| k.worked()),
        })
    }

    /// Every incident [`Checked`], in path order, unless `diagnostics` has an error (then
    /// none: the check fails), with an error for each that lacks a fact [`Checked`] needs; and
    /// how many files were looked at to list them (those changed since the last check, when
    /// the session keeps its list), and how many incidents were copied to hand it out.
    fn listed(&self, diagnostics: &mut Diagnostics) -> Listing {
        let Some(kept) = &self.kept else {
            let incidents = self.list_every_file(diagnostics);
            let copied = incidents.len();
            return Listing {
                incidents,
                looked_at: self.incidents.len(),
                copied,
            };
        };
        let mut kept = kept.lock().expect("lock");
        let looked_at = kept.update(&self.incidents);
        let none = |looked_at| Listing {
            incidents: Vec::new(),
            looked_at,
            copied: 0,
        };
        if diagnostics.has_errors() {
            return none(looked_at);
        }
        for path in kept.unchecked() {
            if let Some(parsed) = self.incidents.get(path) {
                diagnostics.push(unchecked(path, parsed));
            }
        }
        if diagnostics.has_errors() {
            return none(looked_at);
        }
        let (incidents, copied) = kept.hand_out();
        Listing {
            incidents,
            looked_at,
            copied,
        }
    }

    /// [`Site::listed`] for a session that checks once: from every file.
    fn list_every_file(&self, diagnostics: &mut Diagnostics) -> Vec<Checked> {
        let mut incidents = Vec::with_capacity(self.incidents.len());
        if !diagnostics.has_errors() {
            for (path, parsed) in &self.incidents {
                match parsed.checked() {
                    Some(checked) => incidents.push(checked),
                    None => diagnostics.push(unchecked(path, parsed)),
                }
            }
        }
        incidents
    }

    /// Takes back what derive left of `valid`'s list of incidents, once nothing reads it any
    /// more: a session that keeps its list lends it to the next derive rather than copying it
    /// when derive leaves it whole (see [`super::kept::KeptList::take_back`]).
    pub(crate) fn take_back(&self, valid: Valid) {
        if let Some(kept) = &self.kept {
            kept.lock().expect("lock").take_back(valid.incidents);
        }
    }

    /// The incidents not quiet at `now` (see [`validate::quiet_from`]), in path order: the
    /// only ones the checks against "now", and serve's notes, can find anything in.
    /// Every incident while the indexes are dropped (see [`Site::render_once`]).
    pub(crate) fn loud(&self, now: Timestamp) -> Vec<&Parsed> {
        let Some(indexes) = &self.indexes else {
            return self.incidents.values().collect();
        };
        let mut loud: Vec<&Parsed> = (indexes.loud(now))
            .map(|path| &self.incidents[path])
            .collect();
        loud.sort_unstable_by(|a, b| a.file.cmp(&b.file));
        loud
    }
}

/// The error for an incident that passed every check yet lacks a fact [`Checked`] needs (its
/// start, a maintenance's window): validation reports those itself, so this only says so
/// rather than leaving the incident out of the site without a word.
fn unchecked(path: &Path, parsed: &Parsed) -> Diagnostic {
    let (code, message) = match parsed.kind {
        Kind::Maintenance if parsed.scheduled.is_none() => {
            (Code::MissingWindow, "maintenance has no `scheduled` window")
        }
        _ => (
            Code::EmptyTimeline,
            "cannot tell when this incident started",
        ),
    };
    Diagnostic::error(code, path, message)
        .at(1, 1)
        .hint("give it a `## Timeline` entry or `started:` (a maintenance: `scheduled:`)")
}
