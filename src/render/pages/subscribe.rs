//! The subscribe page (`subscribe/`): the site's own channels in one place — the feeds of the
//! site and of every component, the maintenance calendars, the e-mail sign-up page when
//! `bulletin.yaml` names one, and how to follow the feed from a chat app. Pages link to it
//! from the header; with JavaScript the same panel opens as a dialog (`bulletin.js`).

use super::{PageContext, PageMeta, Shared};
use crate::urls::SUBSCRIBE_PATH;

impl Shared<'_> {
    pub(super) fn subscribe(&self, ctx: &mut PageContext) -> (&'static str, PageMeta) {
        // The catalogue, for the per-component feeds (each product's and feature's `url`).
        let products = self.products_value.clone();
        ctx.insert_value("products", products, || self.catalogue_key);
        let title = self.renderer.strings().get("subscribe.title");
        (
            "subscribe.html",
            self.meta("subscribe", title, SUBSCRIBE_PATH.into()),
        )
    }
}
