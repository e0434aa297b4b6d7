//! Feed items: one incident as every feed shows it, built once per render however many feeds
//! carry it, and kept between renders while the incident is unchanged.

use std::sync::Arc;

use jiff::Timestamp;
use tera::Context;

use super::xml::xml_chars;
use crate::config::Config;
use crate::derive::Derived;
use crate::diagnostics::Diagnostic;
use crate::model::Kind;
use crate::render::{Cards, Pass};
use crate::urls::incident_url;

/// One incident as a feed item, shared by every feed that carries it.
pub(crate) struct Item {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) published: Timestamp,
    pub(super) updated: Timestamp,
    pub(super) category: String,
    pub(super) content_html: String,
    /// `content_html` made XML text once, for every RSS and Atom feed that carries it: the
    /// content is most of a feed's bytes.
    pub(super) content_xml: String,
    pub(super) tags: Vec<String>,
    /// The language of the title when it is not yet translated into the feed's (Atom's
    /// `xml:lang`, JSON Feed's item `language`; RSS has no such field).
    pub(super) title_lang: Option<String>,
}

/// The item for incident `i`, reused from an earlier render of the same renderer when the
/// incident and its state are unchanged (`serve` renders feeds after every save).
pub(super) fn cached(
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
            build(renderer, config, site, cards, i).map(Arc::new)
        })
}

/// Builds the item of incident `i`: its content is the theme's `feed_item.html`.
fn build(
    renderer: &Pass,
    config: &Config,
    site: &Derived,
    cards: &Cards,
    i: usize,
) -> Result<Item, Diagnostic> {
    let views = renderer.views(config, site.now);
    let (inc, state) = (&site.incidents[i], &site.states[i]);
    let mut ctx = Context::new();
    ctx.insert_value(
        "incident",
        renderer.full_view(&views, inc, state, cards.get(i)),
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
        url: incident_url(&config.base_url, &inc.slug),
        // When it was announced, as the API's `created_at`: a maintenance's window start
        // would date it after the build.
        published: state.created_at,
        updated: state.updated_at,
        category: kind,
        content_xml: quick_xml::escape::escape(xml_chars(&content_html).as_ref()).into_owned(),
        content_html,
        tags: vec![
            inc.kind.as_str().to_string(),
            state.status.as_str().to_string(),
        ],
        title_lang: (inc.fallback.as_deref())
            .filter(|f| f.title)
            .map(|f| f.language.clone()),
    })
}
