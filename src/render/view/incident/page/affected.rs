//! The incident page's affected components (see `page.rs`, and `incident.html`, the
//! reference): each with its status and, when the incident's entries changed it, a strip of
//! its statuses across the incident. Read from the card's view.

use super::{Content, over};
use crate::render::compiled::Html;
use crate::render::view::changes::{AffectedView, SegmentView};

/// The affected components, each with its status and, when entries changed it, its strip.
pub(super) fn affected(h: &mut Html, page: &Content) {
    let (inc, t) = (page.card, page.words);
    let components = &inc.affected;
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
    for a in components {
        h.raw("<li class=\"component-line\"><a class=\"component\" href=\"");
        h.text(page.root);
        h.text(&a.url);
        h.raw("\">");
        h.text(&a.name);
        h.raw("</a> <span class=\"status s-");
        h.text(a.status.key);
        h.raw("\">");
        h.text(&a.status.label);
        h.raw("</span>");
        if !a.segments.is_empty() {
            strip(h, a);
        }
        h.raw("</li>\n");
    }
    h.raw("</ul>\n</section>\n");
}

/// A component's statuses across the incident: the `<svg>` strip.
fn strip(h: &mut Html, a: &AffectedView) {
    let segments = &a.segments;
    h.raw("<svg class=\"strip\" viewBox=\"0 0 100 1\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"");
    h.text(&a.name);
    h.raw(": ");
    for (n, g) in segments.iter().enumerate() {
        h.text(&g.status.label);
        h.raw(" ");
        stretch(h, g);
        if n + 1 < segments.len() {
            h.raw("; ");
        }
    }
    h.raw("\">");
    for g in segments {
        h.raw("<rect class=\"seg s-");
        h.text(g.status.key);
        h.raw("\" x=\"");
        h.number(g.left);
        h.raw("\" width=\"");
        h.number(g.width);
        h.raw("\" height=\"1\"><title>");
        h.text(&g.status.label);
        h.raw(" · ");
        stretch(h, g);
        h.raw("</title></rect>");
    }
    h.raw("</svg>");
}

/// `{{ g.from.display }}{% if g.until %} – {{ g.until.display }}{% endif %}`.
fn stretch(h: &mut Html, g: &SegmentView) {
    h.text(&g.from.display);
    if let Some(until) = &g.until {
        h.raw(" – ");
        h.text(&until.display);
    }
}
