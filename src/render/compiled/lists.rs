//! The content blocks of the built-in `templates/month.html` (with
//! `partials/incident_row.html`) and `templates/component_year.html` (with
//! `partials/year_row.html`), written by Rust.
//!
//! Why: these pages list every incident that has ended, once on its month's page and once per
//! component it touched on that component's year page; their rows were most of what was left
//! of Tera's time in a build (18 % of a 10k build's instructions).
//!
//! **The templates are the reference**: this is a plain transcription of their content
//! blocks, writing the bytes Tera writes from them as compiled (`render/compact.rs`: each line
//! without its indentation; a line of tags only loses its line break). A change to either is
//! a change to both: `tests/suite/render/compiled_page.rs` holds them to the same bytes.
//! `{{ … }}` is escaped ([`Html::text`]); a row reads what the template reads of the incident's
//! card ([`Row`], from the card's view: no template value is built for it).

use serde_json::Value;

use super::card::Fields;
use super::html::{Html, escaped};

/// The theme's words the list pages write, escaped once per tree.
pub(crate) struct ListWords {
    /// `t.ui.history`, `t.ui.no_incidents_month`, `t.ui.newer`, `t.ui.older`, `t.ui.colon`,
    /// `t.ui.lasted`, `t.ui.feature_of`.
    history: String,
    no_incidents_month: String,
    newer: String,
    older: String,
    colon: String,
    lasted: String,
    feature_of: String,
    /// `t.history.by_year`.
    by_year: String,
    /// `t.kind.maintenance`.
    maintenance: String,
}

impl ListWords {
    /// The words from the strings' tree; `None` when one is missing or is not text (Tera then
    /// renders the pages, and says what is wrong).
    pub(crate) fn of(tree: &Value) -> Option<ListWords> {
        let word = |group: &str, key: &str| {
            let text = tree.get(group)?.get(key)?.as_str()?;
            Some(escaped(text))
        };
        Some(ListWords {
            history: word("ui", "history")?,
            no_incidents_month: word("ui", "no_incidents_month")?,
            newer: word("ui", "newer")?,
            older: word("ui", "older")?,
            colon: word("ui", "colon")?,
            lasted: word("ui", "lasted")?,
            feature_of: word("ui", "feature_of")?,
            by_year: word("history", "by_year")?,
            maintenance: word("kind", "maintenance")?,
        })
    }
}

/// What a row reads of an incident's card (`inc.*`), as it is (escaped as it is written).
#[derive(Clone, Copy, Hash)]
pub(crate) struct Row<'a> {
    pub(crate) url: &'a str,
    pub(crate) title: &'a str,
    /// `incident` or `maintenance`.
    pub(crate) kind: &'a str,
    pub(crate) impact_key: &'a str,
    pub(crate) impact_label: &'a str,
    pub(crate) started_iso: &'a str,
    pub(crate) started_day: &'a str,
    pub(crate) duration: Option<&'a str>,
    pub(crate) title_lang: Option<&'a str>,
}

/// A link of a pager: where to, and what it says (a month's label, a year).
pub(crate) struct Link<'a> {
    pub(crate) url: &'a str,
    pub(crate) text: &'a str,
}

/// What a month page's content block reads.
pub(crate) struct Month<'a> {
    pub(crate) words: &'a ListWords,
    /// The page's way back to the site's root (`root`).
    pub(crate) root: &'a str,
    /// `month.label`.
    pub(crate) label: &'a str,
    /// The month's incidents' cards (`incidents`), newest first.
    pub(crate) cards: &'a [Row<'a>],
    pub(crate) newer: Option<Link<'a>>,
    pub(crate) older: Option<Link<'a>>,
}

/// What a component's year page's content block reads.
pub(crate) struct Year<'a> {
    pub(crate) words: &'a ListWords,
    pub(crate) root: &'a str,
    /// `site.title`, as it is.
    pub(crate) site_title: &'a str,
    /// `product` and `feature` (the component's, when it is one), their template values.
    pub(crate) product: Fields<'a>,
    pub(crate) feature: Option<Fields<'a>>,
    /// `year`, as Tera writes the number.
    pub(crate) year: &'a str,
    pub(crate) cards: &'a [Row<'a>],
    pub(crate) newer: Option<Link<'a>>,
    pub(crate) older: Option<Link<'a>>,
}

/// `month.html`'s content block.
pub(crate) fn month(h: &mut Html, page: &Month) {
    let t = page.words;
    h.raw("<nav class=\"crumbs\" aria-label=\"");
    h.raw(&t.history);
    h.raw("\">\n<a href=\"");
    h.text(page.root);
    h.raw("history/\">");
    h.raw(&t.history);
    h.raw("</a> › <span aria-current=\"page\">");
    h.text(page.label);
    h.raw("</span>\n</nav>\n<h1>");
    h.text(page.label);
    h.raw("</h1>\n");
    if page.cards.is_empty() {
        h.raw("<p>");
        h.raw(&t.no_incidents_month);
        h.raw("</p>\n");
    } else {
        h.raw("<ol class=\"incident-list\">\n");
        for card in page.cards {
            incident_row(h, card, page.root, t);
        }
        h.raw("</ol>\n");
    }
    h.raw("<nav class=\"pager\" aria-label=\"");
    h.raw(&t.history);
    h.raw("\">\n");
    pager(h, page.root, t, page.newer.as_ref(), page.older.as_ref());
    h.raw("</nav>\n");
}

/// The pager's two lines: the newer page's link (or an empty `<span>`), the older's.
fn pager(h: &mut Html, root: &str, t: &ListWords, newer: Option<&Link>, older: Option<&Link>) {
    match newer {
        Some(newer) => {
            h.raw("<a rel=\"next\" href=\"");
            h.text(root);
            h.text(newer.url);
            h.raw("\">← ");
            h.raw(&t.newer);
            h.raw(&t.colon);
            h.text(newer.text);
            h.raw("</a>");
        }
        None => h.raw("<span></span>"),
    }
    h.raw("\n");
    if let Some(older) = older {
        h.raw("<a rel=\"prev\" href=\"");
        h.text(root);
        h.text(older.url);
        h.raw("\">");
        h.raw(&t.older);
        h.raw(&t.colon);
        h.text(older.text);
        h.raw(" →</a>");
    }
    h.raw("\n");
}

/// The start of a row, both partials alike: `<li class="row impact-…">` and the link's
/// address.
fn row_start(h: &mut Html, inc: &Row, root: &str) {
    h.raw("<li class=\"row impact-");
    h.text(inc.impact_key);
    if inc.kind == "maintenance" {
        h.raw(" kind-maintenance");
    }
    h.raw("\"><a href=\"");
    h.text(root);
    h.text(inc.url);
    h.raw("\"");
}

/// `<span class="impact">…</span>`: "maintenance" for a maintenance, else its impact.
fn impact(h: &mut Html, inc: &Row, t: &ListWords) {
    h.raw("<span class=\"impact\">");
    if inc.kind == "maintenance" {
        h.raw(&t.maintenance);
    } else {
        h.text(inc.impact_label);
    }
    h.raw("</span>");
}

/// `<time class="d" …>` of the day it started.
fn day(h: &mut Html, inc: &Row) {
    h.raw("<time class=\"d\" datetime=\"");
    h.text(inc.started_iso);
    h.raw("\">");
    h.text(inc.started_day);
    h.raw("</time>");
}

/// `{% if x %}` on an optional text: there and not empty.
fn given(text: Option<&str>) -> Option<&str> {
    text.filter(|s| !s.is_empty())
}

/// `partials/incident_row.html`.
fn incident_row(h: &mut Html, inc: &Row, root: &str, t: &ListWords) {
    row_start(h, inc, root);
    if let Some(lang) = given(inc.title_lang) {
        h.raw(" lang=\"");
        h.text(lang);
        h.raw("\"");
    }
    h.raw(">");
    h.text(inc.title);
    h.raw("</a> <span class=\"meta\">");
    impact(h, inc, t);
    h.raw(" · ");
    day(h, inc);
    if let Some(duration) = given(inc.duration) {
        h.raw(" · <span class=\"nowrap\">");
        h.raw(&t.lasted);
        h.raw(" ");
        h.text(duration);
        h.raw("</span>");
    }
    h.raw("</span></li>\n");
}

/// `component_year.html`'s content block.
pub(crate) fn component_year(h: &mut Html, page: &Year) {
    let t = page.words;
    let here = page.feature.unwrap_or(page.product);
    h.raw("<nav class=\"crumbs\" aria-label=\"");
    h.raw(&t.feature_of);
    h.raw("\">\n<a href=\"");
    h.text(page.root);
    h.raw("\">");
    h.text(page.site_title);
    h.raw("</a> ›\n");
    if page.feature.is_some() {
        component_link(h, page.root, page.product);
        h.raw(" ›");
    }
    h.raw("\n");
    component_link(h, page.root, here);
    h.raw(" › <span aria-current=\"page\">");
    h.text(page.year);
    h.raw("</span>\n</nav>\n<h1>");
    h.value(here.get("name"));
    h.raw(" · ");
    h.text(page.year);
    h.raw("</h1>\n<ol class=\"incident-list year-list\">\n");
    for card in page.cards {
        year_row(h, card, page.root, t);
    }
    h.raw("</ol>\n<nav class=\"pager\" aria-label=\"");
    h.raw(&t.by_year);
    h.raw("\">\n");
    pager(h, page.root, t, page.newer.as_ref(), page.older.as_ref());
    h.raw("</nav>\n");
}

/// `<a href="{{ root }}{{ c.url }}">{{ c.name }}</a>`.
fn component_link(h: &mut Html, root: &str, component: Fields) {
    h.raw("<a href=\"");
    h.text(root);
    h.value(component.get("url"));
    h.raw("\">");
    h.value(component.get("name"));
    h.raw("</a>");
}

/// `partials/year_row.html`.
fn year_row(h: &mut Html, inc: &Row, root: &str, t: &ListWords) {
    row_start(h, inc, root);
    h.raw(">");
    h.text(inc.title);
    h.raw("</a> ");
    impact(h, inc, t);
    h.raw(" ");
    day(h, inc);
    h.raw("</li>\n");
}

#[cfg(test)]
mod tests;
