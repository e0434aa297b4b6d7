//! What a session that checks again and again (`serve`) keeps of its translation checks:
//! each translation file's errors against its original, and each translated incident's
//! missing texts once time changes nothing in it, each with the very texts it was found in.
//! A check then works out only those of the files changed since (in a site with every
//! incident translated, holding each translation to its original on every save cost more
//! than the rest of the rebuild).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use jiff::Timestamp;

use crate::content::{Parsed, ParsedTranslation, translation::translation_path};
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
    /// Each translation file's errors against its original, by the translation (its
    /// address: `Found` holds it, so no other takes its place).
    structure: Mutex<HashMap<usize, Found, fnv::FnvBuildHasher>>,
    /// The files applied since the last check.
    changed: Mutex<Vec<PathBuf>>,
    /// The translations whose file or original changed since the last check, by address: the
    /// only ones whose kept structure is not theirs any more (the others' originals are the
    /// same, so is whether they exist and had problems).
    affected: Mutex<HashSet<usize, fnv::FnvBuildHasher>>,
    /// Each translated incident's `translation-missing` warnings in the `n`th other language,
    /// by its fingerprint and `n`, with the moment from which they stay as they are.
    missing: Mutex<HashMap<(u64, usize), (Timestamp, Found)>>,
    /// How many were worked out by the last check (the rest were kept).
    worked: AtomicUsize,
}

impl TranslationChecks {
    /// Notes that the file `rel` was applied (read again, added or gone).
    pub(super) fn applied(&mut self, rel: &Path) {
        (self.changed.get_mut().expect("lock")).push(rel.to_path_buf());
    }

    /// Starts a check of `translations`, and `incidents` incidents, in a site in `languages`:
    /// finds the translations the files applied since touch, and forgets what files gone
    /// since left behind, now and then.
    pub(super) fn start(
        &self,
        translations: &BTreeMap<PathBuf, ParsedTranslation>,
        incidents: usize,
        languages: &[String],
    ) {
        self.worked.store(0, Ordering::Relaxed);
        let mut affected = self.affected.lock().expect("lock");
        affected.clear();
        let changed = std::mem::take(&mut *self.changed.lock().expect("lock"));
        for path in changed {
            let theirs = (languages.iter().skip(1)).map(|l| translation_path(&path, l));
            for file in theirs.chain([path.clone()]) {
                if let Some(t) = translations.get(&file) {
                    affected.insert(address(&t.translation));
                }
            }
        }
        drop(affected);
        let mut structure = self.structure.lock().expect("lock");
        if structure.len() > 2 * translations.len() {
            structure.clear();
        }
        let mut missing = self.missing.lock().expect("lock");
        if missing.len() > 2 * incidents * languages.len() {
            missing.clear();
        }
    }

    /// How many were worked out since [`TranslationChecks::start`].
    pub(super) fn worked(&self) -> usize {
        self.worked.load(Ordering::Relaxed)
    }

    /// The errors of `translation` against its original, with the original, as kept (`None`
    /// when it or its original changed since, or it was never checked).
    pub(super) fn kept_structure(
        &self,
        translation: &Arc<Translation>,
    ) -> Option<(Arc<Incident>, Vec<Diagnostic>)> {
        let key = address(translation);
        let mut kept = self.structure.lock().expect("lock");
        if self.affected.lock().expect("lock").contains(&key) {
            // Not kept again when its original is gone: the next check must not find it.
            kept.remove(&key);
            return None;
        }
        let found = kept
            .get(&key)
            .filter(|f| Arc::ptr_eq(&f.translation, translation))?;
        Some((Arc::clone(&found.original), found.problems.clone()))
    }

    /// Keeps the errors of `translation` against `original`, just found.
    pub(super) fn keep_structure(
        &self,
        original: &Arc<Incident>,
        translation: &Arc<Translation>,
        problems: &[Diagnostic],
    ) {
        self.worked.fetch_add(1, Ordering::Relaxed);
        let found = Found {
            original: Arc::clone(original),
            translation: Arc::clone(translation),
            problems: problems.to_vec(),
        };
        (self.structure.lock().expect("lock")).insert(address(translation), found);
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

/// Where `translation` is in memory: its key while [`Found`] holds it.
fn address(translation: &Arc<Translation>) -> usize {
    Arc::as_ptr(translation).addr()
}
