//! The derived site as a reader of another language sees it: the same states, statuses,
//! indexes and uptime (derived once, from the one structure), with each incident's words in
//! that language where its translation gives them ([`crate::model::Incident::in_language`]).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::Derived;
use crate::model::{Checked, Translation};

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
        // Most rebuilds keep the order of the incidents: the last one's incident at the same
        // place is the same one, found without a map of every slug (built only when not).
        let at_same_place = |i: usize, slug: &str| {
            let old = previous?.incidents.get(i)?;
            (old.slug == slug).then_some(old)
        };
        let by_slug: std::sync::OnceLock<HashMap<&str, &Checked>> = std::sync::OnceLock::new();
        let before = |i: usize, slug: &str| {
            at_same_place(i, slug).or_else(|| {
                let map = by_slug.get_or_init(|| {
                    let old = previous.map(|p| p.incidents.iter()).into_iter().flatten();
                    old.map(|i| (i.slug.as_str(), i)).collect()
                });
                map.get(slug).copied()
            })
        };
        let incidents = self
            .incidents
            .par_iter()
            .enumerate()
            .map(|(i, inc)| {
                let translation = translations.get(&inc.slug).map(|t| &**t);
                let same = |old: &&Checked| {
                    old.fingerprint() == inc.language_fingerprint(translation)
                        && old.updates.len() == inc.updates.len()
                        && old.statements.len() == inc.statements.len()
                        && old.postmortem.is_some() == inc.postmortem.is_some()
                };
                match before(i, &inc.slug).filter(same) {
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
            indexed_from_incidents: self.indexed_from_incidents,
            placed_in_order: self.placed_in_order,
            went_through: self.went_through,
            fresh: self.fresh.clone(),
            basis: super::Basis::default(),
        }
    }
}
