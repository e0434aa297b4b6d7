//! Feeds: RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed 1.1, for the whole site and for each
//! product and feature.
//!
//! An item is one incident or maintenance. Its content carries the summary, every update
//! (newest first) and the statements, so a feed reader shows the whole story. Its date is the
//! time of its latest update, so readers notice when one is added; its id is the incident's
//! permanent URL, which never changes. XML is written with quick-xml, which escapes every text
//! node; JSON with serde_json.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;
use std::sync::Arc;

use jiff::Timestamp;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::config::Config;
use crate::derive::Derived;
use crate::diagnostics::Diagnostic;
use crate::model::Kind;
use crate::output::OutputFile;
use crate::render::view::{component_path, incident_path};
use crate::render::{Cards, Pass, Selection};

pub const RSS: &str = "rss.xml";
pub const ATOM: &str = "atom.xml";
pub const JSON_FEED: &str = "feed.json";

/// One feed's worth of incidents.
struct Scope {
    /// Where the feeds go, relative to the root: "" or "components/<ref>/".
    prefix: String,
    title: String,
    /// Indexes into `site.incidents`, most recently updated first.
    items: Vec<usize>,
}

/// One incident as a feed item, shared by every feed that carries it.
pub(crate) struct Item {
    title: String,
    url: String,
    published: Timestamp,
    updated: Timestamp,
    category: String,
    content_html: String,
    /// `content_html` made XML text once, for every RSS and Atom feed that carries it: the
    /// content is most of a feed's bytes.
    content_xml: String,
    tags: Vec<String>,
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
    let wanted: Vec<usize> = {
        let mut all: Vec<usize> = scopes
            .iter()
            .flat_map(|s| s.items.iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    let items: BTreeMap<usize, Arc<Item>> = wanted
        .par_iter()
        .map(|&i| cached_item(renderer, config, site, cards, i).map(|item| (i, item)))
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
                Diagnostic::error("feed", &scope.prefix, format!("cannot write a feed: {e}"))
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

/// The site's feed and the feeds of the selected components.
fn scopes(config: &Config, site: &Derived, selection: &Selection) -> Vec<Scope> {
    let mut ranked: Vec<usize> = (0..site.incidents.len()).collect();
    ranked.sort_by(|&a, &b| {
        site.states[b]
            .updated_at
            .cmp(&site.states[a].updated_at)
            .then_with(|| site.incidents[a].slug.cmp(&site.incidents[b].slug))
    });
    let mut rank = vec![0; ranked.len()];
    for (pos, &i) in ranked.iter().enumerate() {
        rank[i] = pos;
    }
    let limit = config.feed_items;
    let mut scopes = vec![Scope {
        prefix: String::new(),
        title: crate::markdown::plain(&config.title).into_owned(),
        items: ranked.iter().copied().take(limit).collect(),
    }];
    let mut component = |reference: String, name: String| {
        if !selection.component(&reference) {
            return;
        }
        let mut items = site
            .by_component
            .get(&reference)
            .cloned()
            .unwrap_or_default();
        items.sort_by_key(|&i| rank[i]);
        items.truncate(limit);
        scopes.push(Scope {
            prefix: component_path(&reference),
            title: crate::markdown::plain(&format!("{} · {name}", config.title)).into_owned(),
            items,
        });
    };
    for p in &config.products {
        component(p.id.clone(), p.name.clone());
        for f in &p.features {
            component(
                format!("{}/{}", p.id, f.id),
                format!("{} · {}", p.name, f.name),
            );
        }
    }
    scopes
}

/// The item for incident `i`, reused from an earlier render of the same renderer when the
/// incident and its state are unchanged (`serve` renders feeds after every save).
fn cached_item(
    renderer: &Pass,
    config: &Config,
    site: &Derived,
    cards: &Cards,
    i: usize,
) -> Result<Arc<Item>, Diagnostic> {
    let (inc, state) = (&site.incidents[i], &site.states[i]);
    renderer
        .caches
        .feed_items
        .get_or_build(&inc.slug, state.cache_key(inc), || {
            item(renderer, config, site, cards, i).map(Arc::new)
        })
}

fn item(
    renderer: &Pass,
    config: &Config,
    site: &Derived,
    cards: &Cards,
    i: usize,
) -> Result<Item, Diagnostic> {
    let views = renderer.views(config);
    let (inc, state) = (&site.incidents[i], &site.states[i]);
    let mut ctx = Context::new();
    ctx.insert_value(
        "incident",
        renderer.full_view(&views, inc, cards.get(i).clone()),
    );
    let content_html = renderer.render_template("feed_item.html", &ctx)?;
    let strings = renderer.strings();
    let kind = strings.label("kind", inc.kind.as_str());
    // The same words as the card's status label.
    let status = strings.label("update", state.status.as_str());
    // A feed title is plain text: readers differ on whether markup in it is shown or run.
    let plain_title = crate::markdown::plain(&inc.title);
    let title = match inc.kind {
        Kind::Maintenance => format!("[{kind} · {status}] {plain_title}"),
        Kind::Incident => format!("[{status}] {plain_title}"),
    };
    Ok(Item {
        title,
        url: format!("{}{}", config.base_url, incident_path(&inc.slug)),
        published: state.started_at,
        updated: state.updated_at,
        category: kind,
        content_xml: quick_xml::escape::escape(xml_chars(&content_html).as_ref()).into_owned(),
        content_html,
        tags: vec![
            inc.kind.as_str().to_string(),
            state.status.as_str().to_string(),
        ],
    })
}

struct Feed<'a> {
    config: &'a Config,
    scope: &'a Scope,
    items: &'a [&'a Item],
    updated: Timestamp,
}

impl Feed<'_> {
    fn url(&self, file: &str) -> String {
        format!("{}{}{file}", self.config.base_url, self.scope.prefix)
    }

    fn home(&self) -> String {
        self.url("")
    }

    fn rfc3339(&self, at: Timestamp) -> String {
        crate::time::rfc3339(&at.to_zoned_datetime(self.config.timezone.clone()))
    }

    fn rfc2822(&self, at: Timestamp) -> String {
        let zoned = at.to_zoned_datetime(self.config.timezone.clone());
        jiff::fmt::rfc2822::to_string(&zoned).unwrap_or_else(|_| at.to_string())
    }

    fn description(&self) -> &str {
        self.config
            .description
            .as_deref()
            .unwrap_or(&self.config.title)
    }

    fn rss(&self) -> io::Result<Vec<u8>> {
        let mut w = xml_writer()?;
        let self_url = self.url(RSS);
        w.create_element("rss")
            .with_attribute(("version", "2.0"))
            .with_attribute(("xmlns:atom", "http://www.w3.org/2005/Atom"))
            .write_inner_content(|w| {
                w.create_element("channel").write_inner_content(|w| {
                    text(w, "title", &self.scope.title)?;
                    text(w, "link", &self.home())?;
                    text(w, "description", self.description())?;
                    text(w, "language", &self.config.language)?;
                    text(w, "lastBuildDate", &self.rfc2822(self.updated))?;
                    text(w, "generator", "Bulletin")?;
                    w.create_element("atom:link")
                        .with_attribute(("href", self_url.as_str()))
                        .with_attribute(("rel", "self"))
                        .with_attribute(("type", "application/rss+xml"))
                        .write_empty()?;
                    for item in self.items {
                        w.create_element("item").write_inner_content(|w| {
                            text(w, "title", &item.title)?;
                            text(w, "link", &item.url)?;
                            w.create_element("guid")
                                .with_attribute(("isPermaLink", "true"))
                                .write_text_content(BytesText::new(&xml_chars(&item.url)))?;
                            text(w, "pubDate", &self.rfc2822(item.updated))?;
                            text(w, "category", &item.category)?;
                            w.create_element("description")
                                .write_text_content(BytesText::from_escaped(&item.content_xml))?;
                            Ok(())
                        })?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(finish(w))
    }

    fn atom(&self) -> io::Result<Vec<u8>> {
        let mut w = xml_writer()?;
        let self_url = self.url(ATOM);
        w.create_element("feed")
            .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
            .with_attribute(("xml:lang", self.config.language.as_str()))
            .write_inner_content(|w| {
                text(w, "id", &self.home())?;
                text(w, "title", &self.scope.title)?;
                text(w, "subtitle", self.description())?;
                text(w, "updated", &self.rfc3339(self.updated))?;
                link(w, &self_url, "self", Some("application/atom+xml"))?;
                link(w, &self.home(), "alternate", Some("text/html"))?;
                w.create_element("author")
                    .write_inner_content(|w| text(w, "name", &self.config.title))?;
                text(w, "generator", "Bulletin")?;
                for item in self.items {
                    w.create_element("entry").write_inner_content(|w| {
                        text(w, "id", &item.url)?;
                        text(w, "title", &item.title)?;
                        text(w, "published", &self.rfc3339(item.published))?;
                        text(w, "updated", &self.rfc3339(item.updated))?;
                        link(w, &item.url, "alternate", Some("text/html"))?;
                        w.create_element("category")
                            .with_attribute(("term", item.tags[0].as_str()))
                            .with_attribute(("label", item.category.as_str()))
                            .write_empty()?;
                        w.create_element("content")
                            .with_attribute(("type", "html"))
                            .write_text_content(BytesText::from_escaped(&item.content_xml))?;
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(finish(w))
    }

    fn json(&self) -> Vec<u8> {
        let items = self
            .items
            .iter()
            .map(|item| JsonItem {
                content_html: &item.content_html,
                date_modified: self.rfc3339(item.updated),
                date_published: self.rfc3339(item.published),
                id: &item.url,
                tags: &item.tags,
                title: &item.title,
                url: &item.url,
            })
            .collect();
        crate::render::json_bytes(&JsonFeed {
            authors: [JsonAuthor {
                name: &self.config.title,
            }],
            description: self.description(),
            feed_url: self.url(JSON_FEED),
            home_page_url: self.home(),
            items,
            language: &self.config.language,
            title: &self.scope.title,
            version: "https://jsonfeed.org/version/1.1",
        })
    }
}

// JSON Feed 1.1 objects, borrowing from the items (their content is most of the file). Fields
// in alphabetical order, like every other JSON file of the site.

#[derive(Serialize)]
struct JsonFeed<'a> {
    authors: [JsonAuthor<'a>; 1],
    description: &'a str,
    feed_url: String,
    home_page_url: String,
    items: Vec<JsonItem<'a>>,
    language: &'a str,
    title: &'a str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    content_html: &'a str,
    date_modified: String,
    date_published: String,
    id: &'a str,
    tags: &'a [String],
    title: &'a str,
    url: &'a str,
}

fn xml_writer() -> io::Result<Writer<Vec<u8>>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(w)
}

fn finish(w: Writer<Vec<u8>>) -> Vec<u8> {
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    bytes
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_chars(value)))?;
    Ok(())
}

fn link(w: &mut Writer<Vec<u8>>, href: &str, rel: &str, kind: Option<&str>) -> io::Result<()> {
    let mut e = w
        .create_element("link")
        .with_attribute(("href", href))
        .with_attribute(("rel", rel));
    if let Some(kind) = kind {
        e = e.with_attribute(("type", kind));
    }
    e.write_empty()?;
    Ok(())
}

/// Drops characters XML 1.0 forbids (most C0 controls), which escaping cannot make legal.
/// Text without them, nearly all of it, is passed through without a copy.
pub fn xml_chars(s: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    // Bytes that can start a forbidden character: C0 controls, and the lead byte of U+Fxxx.
    let suspect = |b: u8| (b < b' ' && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF;
    if !s.bytes().any(suspect) || s.chars().all(allowed) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| allowed(c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_chars_drops_only_what_xml_forbids() {
        for kept in [
            "plain",
            "微信支付，资金安全：",
            "tab\tand\nlines\r",
            "\u{FFFD}",
        ] {
            assert!(
                matches!(xml_chars(kept), Cow::Borrowed(s) if s == kept),
                "{kept}"
            );
        }
        assert_eq!(xml_chars("a\u{1}b\u{FFFE}c\u{FFFF}，"), "abc，");
        assert_eq!(xml_chars("\u{0}\u{1F}"), "");
    }
}
