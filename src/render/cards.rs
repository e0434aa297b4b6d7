//! Each incident's card for one render: built once, shared by every list, page and feed
//! item that shows it, and let go as soon as the last page showing it is written.

use std::sync::{Arc, Mutex, OnceLock};

use super::values::LabelValues;
use super::{Caches, Counts, Pass, view};
use crate::config::Config;
use crate::derive::Derived;

/// An incident's card: its view, which the pages written without Tera read
/// (`render/compiled/`), and its template value, built the first time a template reads it
/// (the front page, component pages, the history index, feed items, any site's own theme).
/// Most cards are only ever shown by compiled pages: their template value (about 7 KB, and a
/// third of a card's cost to build and to drop) is never built.
pub(crate) struct Card {
    pub(crate) view: view::IncidentCard,
    value: OnceLock<tera::Value>,
}

impl Card {
    /// The card showing `view`, its template value not built yet.
    pub(crate) fn new(view: view::IncidentCard) -> Card {
        Card {
            view,
            value: OnceLock::new(),
        }
    }
}

/// Each incident's card for one render: built the first time a list, a page or a feed item
/// asks for it and at most once however many do (shared: reference counted). A partial
/// render builds only the cards it shows, and serve takes unchanged ones from the caller's
/// [`Caches`].
///
/// The pages let go of a card ([`Cards::release`]) once every page that shows it is written,
/// so a build holds the cards of one year of incidents at a time rather than all of them;
/// the cards the feeds carry are kept to the end (the feeds render beside the pages).
pub(crate) struct Cards<'a> {
    caches: &'a Caches,
    counts: &'a Counts,
    views: view::Views<'a>,
    site: &'a Derived,
    /// The status labels' values, shared by every card's template value of this render.
    labels: LabelValues,
    slots: Vec<Mutex<Option<Arc<Card>>>>,
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
    pub(crate) fn card(&self, i: usize) -> Arc<Card> {
        let mut slot = self.slots[i].lock().expect("lock");
        slot.get_or_insert_with(|| {
            let (inc, state) = (&self.site.incidents[i], &self.site.states[i]);
            self.counts.card_held();
            self.caches
                .cards
                .get_or(&inc.slug, state.cache_key(inc), || {
                    Arc::new(Card::new(self.views.card(inc, state)))
                })
        })
        .clone()
    }

    /// The card of incident `i` as a template value.
    pub(crate) fn get(&self, i: usize) -> tera::Value {
        let card = self.card(i);
        let value = card.value.get_or_init(|| {
            self.counts.card_value();
            card.view.to_value(&self.labels)
        });
        value.clone()
    }

    /// Lets go of the card of incident `i` unless a feed carries it: every page that shows
    /// it has been rendered. Asked for again, it would be built again (and counted).
    pub(crate) fn release(&self, i: usize) {
        if !self.carried[i] && self.slots[i].lock().expect("lock").take().is_some() {
            self.counts.card_released();
        }
    }
}
