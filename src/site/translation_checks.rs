//! What a session that checks again and again (`serve`) keeps of its translation checks:
//! each translation file's errors against its original, and each translated incident's
//! missing texts once time changes nothing in it, each with the very texts it was found in.
//! A check then works out only those of the files changed since (in a site with every
//! incident translated, holding each translation to its original on every save cost more
//! than the rest of the rebuild).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use jiff::Timestamp;

use crate::content::Parsed;
use crate::diagnostics::Diagnostic;
use crate::model::{Incident, Translation};
use crate::validate;

/// What was found in one original and one translation: held, so that the same pointers mean
/// the same texts (a file read again is a new one).
#[derive(Debug)]
struct Found {
    original: Arc<Incident>,
    translation: Arc<Translation>,
    problems: Vec<Diagnostic>,
}

impl Found {
    fn is_of(&self, original: &Arc<Incident>, translation: &Arc<Translation>) -> bool {
        Arc::ptr_eq(&self.original, original) && Arc::ptr_eq(&self.translation, translation)
    }
}

/// See the module's documentation.
#[derive(Debug, Default)]
pub(super) struct TranslationChecks {
    /// Each translation file's errors against its original, by the translation's path.
    structure: Mutex<HashMap<PathBuf, Found>>,
    /// Each translated incident's `translation-missing` warnings in the `n`th other language,
    /// by its fingerprint and `n`, with the moment from which they stay as they are.
    missing: Mutex<HashMap<(u64, usize), (Timestamp, Found)>>,
    /// How many were worked out by the last check (the rest were kept).
    worked: AtomicUsize,
}

impl TranslationChecks {
    /// Starts a check of `translations` translation files and `incidents` incidents in
    /// `languages` other languages: forgets what files gone since left behind, now and then.
    pub(super) fn start(&self, translations: usize, incidents: usize, languages: usize) {
        self.worked.store(0, Ordering::Relaxed);
        let mut structure = self.structure.lock().expect("lock");
        if structure.len() > 2 * translations {
            structure.clear();
        }
        let mut missing = self.missing.lock().expect("lock");
        if missing.len() > 2 * incidents * languages {
            missing.clear();
        }
    }

    /// How many were worked out since [`TranslationChecks::start`].
    pub(super) fn worked(&self) -> usize {
        self.worked.load(Ordering::Relaxed)
    }

    /// The errors of the translation at `path` against `original`: kept, or found by `find`.
    pub(super) fn structure(
        &self,
        path: &Path,
        original: &Arc<Incident>,
        translation: &Arc<Translation>,
        find: impl FnOnce() -> Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let mut kept = self.structure.lock().expect("lock");
        if let Some(found) = kept.get(path)
            && found.is_of(original, translation)
        {
            return found.problems.clone();
        }
        self.worked.fetch_add(1, Ordering::Relaxed);
        let problems = find();
        let found = Found {
            original: Arc::clone(original),
            translation: Arc::clone(translation),
            problems: problems.clone(),
        };
        kept.insert(path.to_path_buf(), found);
        problems
    }

    /// The `translation-missing` warnings of `parsed` in the `n`th other language, which
    /// `translation` gives, at `now`: kept, or found by `find` (and kept once nothing in the
    /// incident is dated after `now`: until then an entry coming due changes them).
    pub(super) fn missing(
        &self,
        parsed: &Parsed,
        n: usize,
        translation: &Arc<Translation>,
        now: Timestamp,
        find: impl FnOnce() -> Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let key = (parsed.source.fingerprint, n);
        if let Some((quiet, found)) = self.missing.lock().expect("lock").get(&key)
            && *quiet <= now
            && found.is_of(&parsed.incident, translation)
        {
            return found.problems.clone();
        }
        self.worked.fetch_add(1, Ordering::Relaxed);
        let problems = find();
        let quiet = validate::quiet_from(&parsed.incident).filter(|quiet| *quiet <= now);
        if let Some(quiet) = quiet {
            let found = Found {
                original: Arc::clone(&parsed.incident),
                translation: Arc::clone(translation),
                problems: problems.clone(),
            };
            self.missing
                .lock()
                .expect("lock")
                .insert(key, (quiet, found));
        }
        problems
    }
}
