//! The incident page's affected components (see `page.rs`, and `incident.html`, the
//! reference): each with its status and, when the incident's entries changed it, a strip of
//! its statuses across the incident. Read from the card's template value.

use super::over;
use crate::render::compiled::{Content, Fields, Html};

/// The affected components, each with its status and, when entries changed it, its strip.
pub(super) fn affected(h: &mut Html, page: &Content) {
    let (inc, t) = (page.card, page.words);
    let components = inc.list("affected");
    if components.is_empty() {
        return;
    }
    let over = over(inc);
    h.raw("<section aria-labelledby=\"affected-title\"");
    if over {
        h.raw(" class=\"then\"");
    }
    h.raw(">\n<h2 id=\"affected-title\">");
    h.raw(if over { &t.affected_then } else { &t.affected });
    h.raw("</h2>\n<ul class=\"affected\">\n");
    for a in components.iter().filter_map(Fields::of) {
        h.raw("<li class=\"component-line\"><a class=\"component\" href=\"");
        h.text(page.root);
        h.value(a.get("url"));
        h.raw("\">");
        h.value(a.get("name"));
        h.raw("</a> <span class=\"status s-");
        h.value(a.at("status").get("key"));
        h.raw("\">");
        h.value(a.at("status").get("label"));
        h.raw("</span>");
        if a.truthy("segments").is_some() {
            strip(h, a);
        }
        h.raw("</li>\n");
    }
    h.raw("</ul>\n</section>\n");
}

/// A component's statuses across the incident: the `<svg>` strip.
fn strip(h: &mut Html, a: Fields) {
    let segments = a.list("segments");
    h.raw("<svg class=\"strip\" viewBox=\"0 0 100 1\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"");
    h.value(a.get("name"));
    h.raw(": ");
    for (n, g) in segments.iter().filter_map(Fields::of).enumerate() {
        h.value(g.at("status").get("label"));
        h.raw(" ");
        stretch(h, g);
        if n + 1 < segments.len() {
            h.raw("; ");
        }
    }
    h.raw("\">");
    for g in segments.iter().filter_map(Fields::of) {
        h.raw("<rect class=\"seg s-");
        h.value(g.at("status").get("key"));
        h.raw("\" x=\"");
        h.value(g.get("left"));
        h.raw("\" width=\"");
        h.value(g.get("width"));
        h.raw("\" height=\"1\"><title>");
        h.value(g.at("status").get("label"));
        h.raw(" · ");
        stretch(h, g);
        h.raw("</title></rect>");
    }
    h.raw("</svg>");
}

/// `{{ g.from.display }}{% if g.until %} – {{ g.until.display }}{% endif %}`.
fn stretch(h: &mut Html, g: Fields) {
    h.value(g.at("from").get("display"));
    if let Some(until) = g.map("until") {
        h.raw(" – ");
        h.value(until.get("display"));
    }
}
