//! The site-wide RSS 2.0 feed, written with quick-xml (which escapes every text node).
//!
//! Each item is one incident or maintenance; its description carries the summary and every
//! update, newest first, so a feed reader shows the whole story. The item's date is the time of
//! its latest update, so readers notice when one is added; the guid is the incident's permanent
//! URL, which never changes.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use tera::Context;

use crate::config::Config;
use crate::derive::Site;
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use crate::render::Renderer;
use crate::render::view::{Views, incident_path};

/// Where the feed is written, relative to the site root.
pub const RSS_PATH: &str = "rss.xml";

/// Renders `rss.xml` with the `config.feed_items` most recently updated incidents.
pub fn render(renderer: &Renderer, config: &Config, site: &Site) -> Result<OutputFile, Diagnostic> {
    let views = Views {
        config,
        strings: renderer.strings(),
    };
    let mut order: Vec<usize> = (0..site.incidents.len()).collect();
    order.sort_by(|&a, &b| {
        site.states[b]
            .updated_at
            .cmp(&site.states[a].updated_at)
            .then_with(|| site.incidents[a].slug.cmp(&site.incidents[b].slug))
    });
    order.truncate(config.feed_items);

    let mut items = Vec::with_capacity(order.len());
    for &i in &order {
        let inc = &site.incidents[i];
        let state = &site.states[i];
        let detail = views.detail(inc, state);
        let mut ctx = Context::new();
        ctx.insert("incident", &detail);
        let description = renderer.render_template("feed_item.html", &ctx)?;
        let title = format!("[{}] {}", detail.card.status.label, inc.title);
        items.push(Item {
            title,
            link: format!("{}{}", config.base_url, incident_path(&inc.slug)),
            date: rfc2822(state.updated_at, config),
            category: renderer
                .strings()
                .get(&format!("kind.{}", detail.card.kind)),
            description,
        });
    }
    let bytes = write(config, &items, rfc2822(site.now, config)).map_err(|e| {
        Diagnostic::error("feed", RSS_PATH, format!("cannot write the RSS feed: {e}"))
    })?;
    Ok(OutputFile::new(RSS_PATH, bytes))
}

struct Item {
    title: String,
    link: String,
    date: String,
    category: String,
    description: String,
}

fn rfc2822(at: jiff::Timestamp, config: &Config) -> String {
    let zoned = at.to_zoned_datetime(config.timezone.clone());
    jiff::fmt::rfc2822::to_string(&zoned).unwrap_or_else(|_| at.to_string())
}

fn write(config: &Config, items: &[Item], built: String) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let self_url = format!("{}{}", config.base_url, RSS_PATH);
    w.create_element("rss")
        .with_attribute(("version", "2.0"))
        .with_attribute(("xmlns:atom", "http://www.w3.org/2005/Atom"))
        .write_inner_content(|w| {
            w.create_element("channel").write_inner_content(|w| {
                text(w, "title", &config.title)?;
                text(w, "link", &config.base_url)?;
                text(
                    w,
                    "description",
                    config.description.as_deref().unwrap_or(&config.title),
                )?;
                text(w, "language", &config.language)?;
                text(w, "lastBuildDate", &built)?;
                text(w, "generator", "Bulletin")?;
                w.create_element("atom:link")
                    .with_attribute(("href", self_url.as_str()))
                    .with_attribute(("rel", "self"))
                    .with_attribute(("type", "application/rss+xml"))
                    .write_empty()?;
                for item in items {
                    w.create_element("item").write_inner_content(|w| {
                        text(w, "title", &item.title)?;
                        text(w, "link", &item.link)?;
                        w.create_element("guid")
                            .with_attribute(("isPermaLink", "true"))
                            .write_text_content(BytesText::new(&xml_chars(&item.link)))?;
                        text(w, "pubDate", &item.date)?;
                        text(w, "category", &item.category)?;
                        text(w, "description", &item.description)?;
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_chars(value)))?;
    Ok(())
}

/// Drops characters XML 1.0 forbids (most C0 controls), which escaping cannot make legal.
pub fn xml_chars(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect()
}
