//! The site's translation files held to their originals at `check`: each translation's
//! structure against its incident's, and what each language still lacks as of an instant.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::Timestamp;
use rayon::prelude::*;

use super::Site;
use crate::config::MissingTranslations;
use crate::content;
use crate::derive;
use crate::diagnostics::Diagnostics;
use crate::validate;

impl Site {
    /// Holds each translation file to its original (errors into `diagnostics`), warns of what
    /// each language lacks as of `now` (unless `missing_translations: ignore`), and gives the
    /// translations that passed, by language and slug.
    pub(super) fn check_translations(
        &self,
        now: Timestamp,
        diagnostics: &mut Diagnostics,
    ) -> BTreeMap<String, derive::Translations> {
        let mut by_language: BTreeMap<String, derive::Translations> = BTreeMap::new();
        for t in self.translations.values() {
            let Some(original) = self.incidents.get(&t.original) else {
                // An original that failed to parse is reported already.
                if !self.problems.contains_key(&t.original) {
                    diagnostics.push(validate::translation::orphan(t));
                }
                continue;
            };
            validate::translation::check(&self.config, original, t, diagnostics);
            let language = by_language
                .entry(t.translation.language.clone())
                .or_default();
            language.insert(original.slug.clone(), Arc::clone(&t.translation));
        }
        if self.config.missing_translations == MissingTranslations::Warn {
            diagnostics.extend(self.missing_translations(&by_language, now));
        }
        by_language
    }

    /// The `translation-missing` warnings of every incident in every other language at `now`.
    fn missing_translations(
        &self,
        given: &BTreeMap<String, derive::Translations>,
        now: Timestamp,
    ) -> Diagnostics {
        let config = &self.config;
        let per_incident: Vec<Diagnostics> = self
            .incidents
            .par_iter()
            .map(|(_, parsed)| {
                let mut out = Diagnostics::default();
                for language in &config.languages[1..] {
                    let translation = given
                        .get(language)
                        .and_then(|g| g.get(&parsed.slug))
                        .map(|t| &**t);
                    // Without a file the warning is one and always due: nothing to work out
                    // (a site that adds a language has one per incident, on every rebuild).
                    if translation.is_none() {
                        let file = content::translation::translation_path(&parsed.file, language);
                        out.push(validate::translation::no_file(parsed, language, &file));
                        continue;
                    }
                    let missing =
                        validate::translation::missing(config, parsed, translation, language, now);
                    if let Some(m) = missing {
                        validate::translation::warn(config, &m, &mut out);
                    }
                }
                out
            })
            .collect();
        per_incident.into_iter().flatten().collect()
    }
}
