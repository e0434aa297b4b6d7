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
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
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

/// The feeds a render writes and what they carry, worked out once: the cards of what they
/// carry are kept to the end of the render (see [`Cards`]).
pub(crate) struct Plan {
    scopes: Vec<Scope>,
    /// The incidents any feed carries (indexes into `site.incidents`), ascending, each once.
    pub(crate) carried: Vec<usize>,
}

/// The site's feed and the feeds of the components `selection` asks for.
pub(crate) fn plan(config: &Config, site: &Derived, selection: &Selection) -> Plan {
    let scopes = scopes(config, site, selection);
    Plan {
        carried: carried_by(&scopes),
        scopes,
    }
}

/// Renders the feeds of `plan`.
pub(crate) fn render(
    renderer: &Pass,
    config: &Config,
    site: &Derived,
    cards: &Cards,
    plan: &Plan,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let scopes = &plan.scopes;
    let items: BTreeMap<usize, Arc<Item>> = (plan.carried)
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
    let everything = 0..site.incidents.len();
    let mut scopes = vec![Scope {
        prefix: String::new(),
        title: crate::markdown::plain(&config.title).into_owned(),
        items: latest(site, everything, config.feed_items),
    }];
    for c in config.components() {
        if !selection.component(c) {
            continue;
        }
        let listed = site.by_component.get(&c).into_iter().flatten().copied();
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
/// recent first, ties by slug (then by index, as a stable sort leaves them). One pass keeping
/// the best so far in a heap, whose worst most candidates are older than: a serve rebuild
/// asks this of every incident twice, and sorting them all was most of the feeds' work.
fn latest(site: &Derived, candidates: impl IntoIterator<Item = usize>, keep: usize) -> Vec<usize> {
    let key = |i: usize| {
        let updated = site.states[i].updated_at;
        (Reverse(updated), site.incidents[i].slug.as_str(), i)
    };
    let mut kept = BinaryHeap::with_capacity(keep + 1);
    for i in candidates {
        if kept.len() == keep {
            match kept.peek() {
                None => break,
                // Older than the worst kept: the slug is not even looked at.
                Some(&(Reverse(worst), _, _)) if site.states[i].updated_at < worst => continue,
                Some(_) => {}
            }
        }
        kept.push(key(i));
        if kept.len() > keep {
            kept.pop();
        }
    }
    kept.into_sorted_vec()
        .into_iter()
        .map(|(_, _, i)| i)
        .collect()
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
