//! `api/notify.json`, notify's manifest ([`crate::events::manifest`]), with each incident's
//! entries kept between renders while the incident is the same: a rebuild writes the entries
//! of the incidents it changed, not every entry of the last 30 days.

use crate::config::Config;
use crate::derive::Derived;
use crate::events::manifest;
use crate::output::OutputFile;
use crate::render::reuse::{Caches, Counts};

/// The manifest of `site`, reusing the entries `caches` kept (each incident's, by slug: see
/// [`manifest::entries_of`]) and counting those written.
pub(crate) fn render(
    config: &Config,
    site: &Derived,
    caches: &Caches,
    counts: &Counts,
) -> OutputFile {
    manifest::render(site, |i| {
        let inc = &site.incidents[i];
        let key = site.states[i].cache_key(inc);
        caches.manifest_entries.get_or(&inc.slug, key, || {
            counts.manifest_entries();
            manifest::entries_of(config, site, i).into()
        })
    })
}
