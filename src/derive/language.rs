//! The derived site as a reader of another language sees it: the same states, statuses,
//! indexes and uptime (derived once, from the one structure), with each incident's words in
//! that language where its translation gives them ([`crate::model::Incident::in_language`]).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::Derived;
use crate::model::Translation;

/// One language's translations, by incident slug.
pub type Translations = HashMap<String, Arc<Translation>>;

impl Derived {
    /// This site in the language of `translations`: every incident shown through its
    /// translation (marked where a text is still in `original_language`), every derived fact
    /// the same as `self`'s.
    pub fn in_language(&self, translations: &Translations, original_language: &str) -> Derived {
        self.in_language_after(translations, original_language, None)
    }

    /// [`Derived::in_language`], taking each incident from `previous` (this language's last
    /// one) where it is the same (same fingerprint, translation and shown entries): `serve`
    /// rebuilds after every save, and one incident changed.
    pub(crate) fn in_language_after(
        &self,
        translations: &Translations,
        original_language: &str,
        previous: Option<&Derived>,
    ) -> Derived {
        let before: HashMap<&str, &crate::model::Checked> = previous
            .map(|p| p.incidents.iter().map(|i| (i.slug.as_str(), i)).collect())
            .unwrap_or_default();
        let incidents = self
            .incidents
            .par_iter()
            .map(|inc| {
                let translation = translations.get(&inc.slug).map(|t| &**t);
                let same = |old: &&crate::model::Checked| {
                    old.fingerprint() == inc.language_fingerprint(translation)
                        && old.updates.len() == inc.updates.len()
                        && old.statements.len() == inc.statements.len()
                        && old.postmortem.is_some() == inc.postmortem.is_some()
                };
                match before.get(inc.slug.as_str()).copied().filter(same) {
                    Some(old) => old.clone(),
                    None => inc.in_language(translation, original_language),
                }
            })
            .collect();
        Derived {
            now: self.now,
            incidents,
            states: self.states.clone(),
            products: self.products.clone(),
            overall: self.overall,
            active: self.active.clone(),
            maintenance_in_progress: self.maintenance_in_progress.clone(),
            maintenance_upcoming: self.maintenance_upcoming.clone(),
            by_component: self.by_component.clone(),
            by_month: self.by_month.clone(),
            uptime: self.uptime.clone(),
            next_due: self.next_due,
            fresh_states: self.fresh_states,
        }
    }
}
