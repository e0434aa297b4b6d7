//! The site's translation files held to their originals at `check`: each translation's
//! structure against its incident's, and what each language still lacks as of an instant.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::Timestamp;
use rayon::prelude::*;

use super::Site;
use crate::config::MissingTranslations;
use crate::content::ParsedTranslation;
use crate::content::{self, Parsed};
use crate::derive;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Incident, Translation};
use crate::validate;

impl Site {
    /// Holds each translation file to its original (errors into `diagnostics`), warns of what
    /// each language lacks as of `now` (unless `missing_translations: ignore`), and gives the
    /// translations that passed, by language and slug, with how many warnings of a missing
    /// file were written (the others were kept: see [`Site::no_file_warning`]).
    pub(super) fn check_translations(
        &self,
        now: Timestamp,
        diagnostics: &mut Diagnostics,
    ) -> (BTreeMap<String, derive::Translations>, usize) {
        let mut by_language: BTreeMap<String, derive::Translations> = BTreeMap::new();
        if let Some(kept) = &self.translation_checks {
            let languages = &self.config.languages;
            kept.start(&self.translations, self.incidents.len(), languages);
        }
        for t in self.translations.values() {
            let Some((original, problems)) = self.structure(t) else {
                // An original that failed to parse is reported already.
                if !self.problems.contains_key(&t.original) {
                    diagnostics.push(validate::translation::orphan(t));
                }
                continue;
            };
            diagnostics.extend(problems);
            let language = by_language
                .entry(t.translation.language.clone())
                .or_default();
            language.insert(original.slug.clone(), Arc::clone(&t.translation));
        }
        let written = AtomicUsize::new(0);
        if self.config.missing_translations == MissingTranslations::Warn {
            diagnostics.extend(self.missing_translations(&by_language, now, &written));
        }
        (by_language, written.into_inner())
    }

    /// The original of `t` and the errors of `t` against it (`None` when it has none): kept
    /// by a session that checks again and again while neither changes.
    fn structure(&self, t: &ParsedTranslation) -> Option<(Arc<Incident>, Vec<Diagnostic>)> {
        let kept = self.translation_checks.as_ref();
        if let Some(found) = kept.and_then(|k| k.kept_structure(&t.translation)) {
            return Some(found);
        }
        let original = self.incidents.get(&t.original)?;
        let mut problems = Diagnostics::default();
        validate::translation::check(&self.config, original, t, &mut problems);
        let problems = problems.into_vec();
        if let Some(kept) = kept {
            kept.keep_structure(&original.incident, &t.translation, &problems);
        }
        Some((Arc::clone(&original.incident), problems))
    }

    /// The `translation-missing` warnings of every incident in every other language at `now`.
    fn missing_translations(
        &self,
        given: &BTreeMap<String, derive::Translations>,
        now: Timestamp,
        written: &AtomicUsize,
    ) -> Diagnostics {
        let config = &self.config;
        // A site in one language lacks nothing: no walk of every incident to find that out.
        let Some(others) = config.languages.get(1..).filter(|o| !o.is_empty()) else {
            return Diagnostics::default();
        };
        if let Some(kept) = &self.no_file_warnings {
            let mut kept = kept.lock().expect("lock");
            // Files edited or deleted since leave theirs behind: forgotten now and then.
            if kept.len() > 2 * self.incidents.len() * config.languages.len() {
                kept.clear();
            }
        }
        let per_incident: Vec<Diagnostics> = self
            .incidents
            .par_iter()
            .map(|(_, parsed)| {
                let mut out = Diagnostics::default();
                for (n, language) in others.iter().enumerate() {
                    let translation = given.get(language).and_then(|g| g.get(&parsed.slug));
                    // Without a file the warning is one and always due: nothing to work out
                    // (a site that adds a language has one per incident, on every rebuild).
                    let Some(translation) = translation else {
                        out.push(self.no_file_warning(parsed, n, language, written));
                        continue;
                    };
                    out.extend(self.missing_in(parsed, (n, language), translation, now));
                }
                out
            })
            .collect();
        per_incident.into_iter().flatten().collect()
    }

    /// The `translation-missing` warnings of `parsed` in `language` (the `n`th other
    /// language), which `translation` gives, at `now`: kept by a session that checks again
    /// and again once time changes nothing in them.
    fn missing_in(
        &self,
        parsed: &Parsed,
        (n, language): (usize, &str),
        translation: &Arc<Translation>,
        now: Timestamp,
    ) -> Vec<Diagnostic> {
        let config = &self.config;
        let find = || {
            let mut out = Diagnostics::default();
            let t = Some(&**translation);
            if let Some(m) = validate::translation::missing(config, parsed, t, language, now) {
                validate::translation::warn(config, &m, &mut out);
            }
            out.into_vec()
        };
        match &self.translation_checks {
            Some(kept) => kept.missing(parsed, n, translation, now, find),
            None => find(),
        }
    }

    /// The warning that `parsed` has no translation into `language` (the `n`th other
    /// language), counted in `written` when written. It depends on the file alone: a session
    /// that checks again and again (`serve`) keeps it, so a site that adds a language does not
    /// write one warning per incident anew on every save.
    fn no_file_warning(
        &self,
        parsed: &Parsed,
        n: usize,
        language: &str,
        written: &AtomicUsize,
    ) -> Diagnostic {
        let write = || {
            written.fetch_add(1, Ordering::Relaxed);
            let file = content::translation::translation_path(&parsed.file, language);
            validate::translation::no_file(parsed, language, &file)
        };
        let Some(kept) = &self.no_file_warnings else {
            return write();
        };
        let key = (parsed.source.fingerprint, n);
        if let Some(warning) = kept.lock().expect("lock").get(&key) {
            return warning.clone();
        }
        let warning = write();
        kept.lock().expect("lock").insert(key, warning.clone());
        warning
    }
}
