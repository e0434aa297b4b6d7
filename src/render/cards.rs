//! Each incident's card for one render: built once, shared by every list, page and feed
//! item that shows it, and let go as soon as the last page showing it is written.

use super::values::LabelValues;
use super::{Caches, Counts, Pass, view};
use crate::config::Config;
use crate::derive::Derived;

/// Each incident's card, as a template value, for one render: built the first time a list,
/// a page or a feed item asks for it and at most once however many do (values are reference
/// counted, so every list shares it). A partial render builds only the cards it shows, and
/// serve takes unchanged ones from the caller's [`Caches`].
///
/// The pages let go of a card ([`Cards::release`]) once every page that shows it is written,
/// so a build holds the cards of one year of incidents at a time rather than all of them;
/// the cards the feeds carry are kept to the end (the feeds render beside the pages).
pub(crate) struct Cards<'a> {
    caches: &'a Caches,
    counts: &'a Counts,
    views: view::Views<'a>,
    site: &'a Derived,
    /// The status labels' values, shared by every card of this render.
    labels: LabelValues,
    slots: Vec<std::sync::Mutex<Option<tera::Value>>>,
    /// Whether the feeds carry incident `i`: its card is never released.
    carried: Vec<bool>,
}

impl<'a> Cards<'a> {
    pub(super) fn new(
        pass: &'a Pass,
        config: &'a Config,
        site: &'a Derived,
        carried: &[usize],
    ) -> Self {
        let mut kept = vec![false; site.incidents.len()];
        for &i in carried {
            kept[i] = true;
        }
        Cards {
            caches: pass.caches,
            counts: pass.counts,
            views: pass.views(config, site.now),
            site,
            labels: LabelValues::default(),
            slots: site.incidents.iter().map(|_| Default::default()).collect(),
            carried: kept,
        }
    }

    /// The card of incident `i` (an index into `site.incidents`).
    pub(crate) fn get(&self, i: usize) -> tera::Value {
        let mut slot = self.slots[i].lock().expect("lock");
        slot.get_or_insert_with(|| {
            let (inc, state) = (&self.site.incidents[i], &self.site.states[i]);
            self.counts.card_held();
            self.caches
                .cards
                .get_or(&inc.slug, state.cache_key(inc), || {
                    self.views.card(inc, state).to_value(&self.labels)
                })
        })
        .clone()
    }

    /// Lets go of the card of incident `i` unless a feed carries it: every page that shows
    /// it has been rendered. Asked for again, it would be built again (and counted).
    pub(crate) fn release(&self, i: usize) {
        if !self.carried[i] && self.slots[i].lock().expect("lock").take().is_some() {
            self.counts.card_released();
        }
    }
}
