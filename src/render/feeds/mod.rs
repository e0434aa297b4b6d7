//! Feeds: RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed 1.1, for the whole site and for each
//! product and feature.
//!
//! An item is one incident or maintenance. Its content carries the summary, every update
//! (newest first) and the statements, so a feed reader shows the whole story. Its date is the
//! time of its latest update, so readers notice when one is added; its id is the incident's
//! permanent URL, which never changes. XML is written with quick-xml, which escapes every text
//! node; JSON with serde_json.
//!
//! This module picks what each feed carries; `item` builds the items (shared by every feed
//! that carries one), `xml` writes RSS and Atom, `json` writes JSON Feed.

mod item;
mod json;
mod xml;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;
use std::sync::Arc;

use jiff::Timestamp;
use rayon::prelude::*;

use crate::config::Config;
use crate::derive::Derived;
use crate::diagnostics::{Code, Diagnostic};
use crate::output::OutputFile;
use crate::render::{Cards, Pass, Selection};
use crate::urls::{ATOM, JSON_FEED, RSS, component_path};

pub(crate) use item::Item;

/// One feed's worth of incidents.
struct Scope {
    /// Where the feeds go, relative to the root: "" or "components/<ref>/".
    prefix: String,
    title: String,
    /// Indexes into `site.incidents`, most recently updated first.
    items: Vec<usize>,
}

/// Renders every feed of the site.
pub(crate) fn render(
    renderer: &Pass,
    config: &Config,
    site: &Derived,
    cards: &Cards,
    selection: &Selection,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let scopes = scopes(config, site, selection);
    let wanted = carried_by(&scopes);
    let items: BTreeMap<usize, Arc<Item>> = wanted
        .par_iter()
        .map(|&i| item::cached(renderer, config, site, cards, i).map(|item| (i, item)))
        .collect::<Result<_, _>>()?;
    let per_scope: Vec<[OutputFile; 3]> = scopes
        .par_iter()
        .map(|scope| {
            let chosen: Vec<&Item> = scope.items.iter().map(|i| &*items[i]).collect();
            let updated = chosen.iter().map(|i| i.updated).max().unwrap_or(site.now);
            let feed = Feed {
                config,
                scope,
                items: &chosen,
                updated,
            };
            let fail = |e: io::Error| {
                Diagnostic::error(
                    Code::Feed,
                    &scope.prefix,
                    format!("cannot write a feed: {e}"),
                )
            };
            Ok([
                OutputFile::new(format!("{}{RSS}", scope.prefix), feed.rss().map_err(fail)?),
                OutputFile::new(
                    format!("{}{ATOM}", scope.prefix),
                    feed.atom().map_err(fail)?,
                ),
                OutputFile::new(format!("{}{JSON_FEED}", scope.prefix), feed.json()),
            ])
        })
        .collect::<Result<_, Diagnostic>>()?;
    Ok(per_scope.into_iter().flatten().collect())
}

/// The incidents that the feeds `selection` asks for carry (indexes into `site.incidents`,
/// ascending).
pub(crate) fn carried(config: &Config, site: &Derived, selection: &Selection) -> Vec<usize> {
    carried_by(&scopes(config, site, selection))
}

/// The incidents any of `scopes` carries, ascending, each once.
fn carried_by(scopes: &[Scope]) -> Vec<usize> {
    let mut all: Vec<usize> = scopes
        .iter()
        .flat_map(|s| s.items.iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// The site's feed and the feeds of the selected components.
fn scopes(config: &Config, site: &Derived, selection: &Selection) -> Vec<Scope> {
    let everything = (0..site.incidents.len()).collect();
    let mut scopes = vec![Scope {
        prefix: String::new(),
        title: crate::markdown::plain(&config.title).into_owned(),
        items: latest(site, everything, config.feed_items),
    }];
    for c in config.components() {
        if !selection.component(c) {
            continue;
        }
        let listed = site.by_component.get(&c).cloned().unwrap_or_default();
        let title = format!("{} · {}", config.title, config.full_name(c));
        scopes.push(Scope {
            prefix: component_path(&config.reference(c)),
            title: crate::markdown::plain(&title).into_owned(),
            items: latest(site, listed, config.component_feed_items),
        });
    }
    scopes
}

/// The `keep` most recently updated of `candidates` (indexes into `site.incidents`), most
/// recent first, ties by slug (then by index, as a stable sort leaves them). The rest are
/// only partitioned away, not sorted: a serve rebuild asks this of every incident twice.
fn latest(site: &Derived, mut candidates: Vec<usize>, keep: usize) -> Vec<usize> {
    let order = |&a: &usize, &b: &usize| {
        site.states[b]
            .updated_at
            .cmp(&site.states[a].updated_at)
            .then_with(|| site.incidents[a].slug.cmp(&site.incidents[b].slug))
            .then(a.cmp(&b))
    };
    if keep < candidates.len() {
        candidates.select_nth_unstable_by(keep, order);
        candidates.truncate(keep);
    }
    candidates.sort_unstable_by(order);
    candidates
}

/// One feed being written: its scope, its items and when it last changed.
struct Feed<'a> {
    config: &'a Config,
    scope: &'a Scope,
    items: &'a [&'a Item],
    updated: Timestamp,
}

impl Feed<'_> {
    /// The absolute URL of `file` beside this feed.
    fn url(&self, file: &str) -> String {
        format!("{}{}{file}", self.config.base_url, self.scope.prefix)
    }

    /// The page this feed follows: the front page or the component's page.
    fn home(&self) -> String {
        self.url("")
    }

    /// Atom's and JSON Feed's date form, in the site's zone.
    fn rfc3339(&self, at: Timestamp) -> String {
        crate::time::rfc3339(&at.to_zoned_datetime(self.config.timezone.clone()))
    }

    /// RSS's date form, in the site's zone.
    fn rfc2822(&self, at: Timestamp) -> String {
        let zoned = at.to_zoned_datetime(self.config.timezone.clone());
        jiff::fmt::rfc2822::to_string(&zoned).unwrap_or_else(|_| at.to_string())
    }

    /// The feed's description: the site's, else its title (RSS requires one). Plain text,
    /// like every feed-level field: readers differ on whether markup there is shown or run.
    fn description(&self) -> Cow<'_, str> {
        let text = self.config.description.as_deref();
        crate::markdown::plain(text.unwrap_or(&self.config.title))
    }

    /// The feed's author: the site, by its title, as plain text.
    fn author(&self) -> Cow<'_, str> {
        crate::markdown::plain(&self.config.title)
    }
}
