//! A page's template context, and for the pages a partial render may leave as they are (the
//! front page, `embed.html` and the component pages: their catalogue carries 90 days of
//! uptime bars per component, the front page is most of a megabyte at 100,000 incidents), a
//! key of everything put in it (see `Pass::unchanged`). The key is fed by the same calls that
//! fill the context, so nothing a template reads is left out of it.

use std::hash::{Hash, Hasher};

use serde::Serialize;
use tera::Context;

use crate::output::OutputFile;
use crate::render::written::{hash_serialized, hasher};

/// A page as a render makes it: its file, or nothing when the file the caller holds is what
/// it would be (a partial render, inputs unchanged: see `Pass::unchanged`).
pub(super) enum Made {
    File(OutputFile),
    Unchanged,
}

/// A template context being filled, with the key of what is in it when one is wanted.
pub(super) struct PageContext {
    pub(super) ctx: Context,
    key: Option<ahash::AHasher>,
}

impl PageContext {
    /// An empty context, keyed when `keyed`.
    pub(super) fn new(keyed: bool) -> PageContext {
        PageContext {
            ctx: Context::new(),
            key: keyed.then(hasher),
        }
    }

    /// Puts `value` in as `name`, keyed by what it serialises to (small values only).
    pub(super) fn insert<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Some(h) = &mut self.key {
            name.hash(h);
            hash_serialized(h, value);
        }
        self.ctx.insert(name, value);
    }

    /// Puts `value` in as `name`, keyed by what `key` says identifies it (its cards' cache
    /// keys, the catalogue's key), worked out only when the context is keyed.
    pub(super) fn insert_value(
        &mut self,
        name: &'static str,
        value: tera::Value,
        key: impl FnOnce() -> u64,
    ) {
        if let Some(h) = &mut self.key {
            (name, key()).hash(h);
        }
        self.ctx.insert_value(name, value);
    }

    /// The key of everything put in, when keyed.
    pub(super) fn key(&self) -> Option<u64> {
        self.key.as_ref().map(Hasher::finish)
    }
}

impl super::Shared<'_> {
    /// Puts the cards of `indexes` in as `name`, keyed by the incidents' slugs and cache
    /// keys (what each card is built from).
    pub(super) fn insert_cards(
        &self,
        ctx: &mut PageContext,
        name: &'static str,
        indexes: &[usize],
    ) {
        ctx.insert_value(name, self.pick(indexes), || {
            use std::hash::{Hash, Hasher};
            let mut h = crate::render::written::hasher();
            for &i in indexes {
                let (inc, state) = (&self.site.incidents[i], &self.site.states[i]);
                (inc.slug.as_str(), state.cache_key(inc)).hash(&mut h);
            }
            h.finish()
        });
    }
}
