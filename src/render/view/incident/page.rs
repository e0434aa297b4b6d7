//! The content block of the built-in `templates/incident.html`, written by Rust.
//!
//! Why it exists: 98 % of a site's pages are incident pages, and Tera's interpreter (its
//! look-ups through scopes, escaping, and the template values it needs) was half of a 10k
//! build's instructions. When a site uses the built-in `incident.html`, `base.html` and
//! `partials/script.html`, its incident pages are written here instead (the chrome around
//! them comes from `base.html` rendered once: `render/compiled/`). Any other theme goes
//! through Tera.
//!
//! **`incident.html` is the reference**: it is what themes copy and edit, and this file is a
//! plain transcription of its content block, section by section in its order, writing the
//! bytes Tera writes from the template as compiled (`render/compact.rs`: each line without its
//! indentation; a line of tags only loses its line break). A change to either is a change to
//! both: `tests/suite/render/compiled_page.rs` holds them to the same bytes for every incident
//! of every site the repository has. `{{ … }}` is escaped ([`Html::text`]) unless the
//! template says `| safe` ([`Html::raw`]); `{% if x %}` on a text is "not empty"; the card's
//! fields are read from its view (the one every list shows), the rest from the body's views.

use super::{IncidentBody, IncidentCard, PostmortemView, SectionView, StatementView, UpdateView};
use crate::render::compiled::lists::Row;
use crate::render::compiled::{Content as PageContent, Html, Words};
use crate::render::view::TimeView;

/// What the incident page's content block reads besides the body.
type Content<'a> = PageContent<'a, IncidentCard>;

mod affected;
use affected::affected;

impl IncidentCard {
    /// What a row of a list page reads of this card.
    pub(crate) fn row(&self) -> Row<'_> {
        Row {
            url: &self.url,
            title: &self.title,
            kind: self.kind,
            impact_key: self.impact.key,
            impact_label: &self.impact.label,
            started_iso: &self.started.iso,
            started_day: &self.started.day,
            duration: self.duration.as_deref(),
            title_lang: self.title_lang.as_deref(),
        }
    }
}

impl IncidentBody {
    /// Writes the content block of the incident page showing `page.card` and this body.
    pub(crate) fn write_content(&self, page: &Content, h: &mut Html) {
        let t = page.words;
        header(h, page);
        summary(h, self, t);
        if let Some(p) = &self.postmortem {
            postmortem(h, p, t);
        }
        affected(h, page);
        timeline(h, &self.updates, page);
        statements(h, &self.statements, t);
        for s in &self.sections {
            section(h, s);
        }
        h.raw("</article>\n");
    }
}

/// `{% if x %}` on an optional text: there and not empty.
fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().filter(|s| !s.is_empty())
}

/// `{% if lang %} lang="{{ lang }}"{% endif %}`.
fn lang_attribute(h: &mut Html, lang: Option<&str>) {
    if let Some(lang) = lang {
        h.raw(" lang=\"");
        h.text(lang);
        h.raw("\"");
    }
}

fn untranslated(h: &mut Html, t: &Words) {
    h.raw("<p class=\"untranslated\">");
    h.raw(&t.untranslated);
    h.raw("</p>");
}

/// `<time class="dt" datetime="{{ iso }}">{{ shown }}</time>`.
fn time(h: &mut Html, iso: &str, shown: &str) {
    h.raw("<time class=\"dt\" datetime=\"");
    h.text(iso);
    h.raw("\">");
    h.text(shown);
    h.raw("</time>");
}

/// [`time`] of one of the card's times, in its `short` form.
fn card_time(h: &mut Html, at: &TimeView) {
    time(h, &at.iso, &at.short);
}

/// `inc.phase == "resolved" or inc.phase == "completed"`.
fn over(inc: &IncidentCard) -> bool {
    matches!(inc.phase, "resolved" | "completed")
}

/// `<header>`: kind, title and the facts list.
fn header(h: &mut Html, page: &Content) {
    let (inc, t) = (page.card, page.words);
    h.raw("<article class=\"incident kind-");
    h.text(inc.kind);
    h.raw("\">\n<header>\n<p class=\"kicker\">");
    h.raw(t.kind(inc.kind));
    h.raw("</p>\n<h1");
    let title_lang = given(&inc.title_lang);
    lang_attribute(h, title_lang);
    h.raw(">");
    h.text(&inc.title);
    h.raw("</h1>");
    if title_lang.is_some() {
        untranslated(h, t);
    }
    h.raw("\n<dl class=\"facts\">\n<div><dt>");
    h.raw(&t.status);
    h.raw("</dt><dd><span class=\"status u-");
    h.text(inc.status.key);
    h.raw("\">");
    h.text(&inc.status.label);
    h.raw("</span></dd></div>\n<div><dt>");
    h.raw(&t.impact);
    h.raw("</dt><dd class=\"impact\">");
    h.text(&inc.impact.label);
    h.raw("</dd></div>\n");
    if let Some(next) = &inc.next_update {
        h.raw("<div class=\"next-update\"><dt>");
        h.raw(&t.next_update_by);
        h.raw("</dt><dd>");
        card_time(h, next);
        h.raw("</dd></div>");
    }
    h.raw("\n");
    when(h, page);
    h.raw("</dl>\n</header>\n");
}

/// The facts' times: a maintenance's window, or the start and the end or how long so far.
fn when(h: &mut Html, page: &Content) {
    let (inc, t) = (page.card, page.words);
    if let Some(window) = &inc.window {
        h.raw("<div class=\"wide\"><dt>");
        h.raw(&t.window);
        h.raw("</dt><dd>");
        card_time(h, &window.start);
        h.raw(" – ");
        card_time(h, &window.end);
        h.raw(" (");
        h.text(&window.duration);
        h.raw(")</dd></div>\n");
        return;
    }
    h.raw("<div><dt>");
    h.raw(&t.started);
    h.raw("</dt><dd>");
    card_time(h, &inc.started);
    h.raw("</dd></div>\n");
    if let Some(end) = &inc.resolved {
        h.raw("<div class=\"end\"><dt>");
        h.raw(&t.resolved);
        h.raw("</dt><dd>");
        card_time(h, end);
        h.raw("</dd></div>\n<div><dt>");
        h.raw(&t.duration);
        h.raw("</dt><dd>");
        h.text(inc.duration.as_deref().unwrap_or_default());
        h.raw("</dd></div>\n");
        return;
    }
    h.raw("<div><dt>");
    h.raw(&t.duration);
    h.raw("</dt><dd>");
    match page.ongoing_for.filter(|d| !d.is_empty()) {
        Some(so_far) => {
            h.raw("<span class=\"ongoing\">");
            h.raw(&t.ongoing_before);
            h.raw("<span data-since=\"");
            h.text(&inc.started.iso);
            h.raw("\">");
            h.text(so_far);
            h.raw("</span>");
            h.raw(&t.ongoing_after);
            h.raw("</span>");
        }
        None => h.raw(&t.ongoing),
    }
    h.raw("</dd></div>\n");
}

fn summary(h: &mut Html, body: &IncidentBody, t: &Words) {
    if !body.summary_html.is_empty() {
        let lang = given(&body.summary_lang);
        if lang.is_some() {
            untranslated(h, t);
        }
        h.raw("<div class=\"summary prose\"");
        lang_attribute(h, lang);
        h.raw(">");
        h.raw(&body.summary_html);
        h.raw("</div>");
    }
    h.raw("\n");
}

fn postmortem(h: &mut Html, p: &PostmortemView, t: &Words) {
    let lang = given(&p.lang);
    h.raw("<section class=\"postmortem\" aria-labelledby=\"postmortem-title\">\n");
    h.raw("<h2 id=\"postmortem-title\"");
    lang_attribute(h, lang);
    h.raw(">");
    h.text(&p.title);
    h.raw("</h2>");
    if lang.is_some() {
        untranslated(h, t);
    }
    h.raw("\n");
    if let Some(at) = &p.published {
        h.raw("<p class=\"meta\">");
        h.raw(&t.postmortem_published);
        h.raw(" ");
        time(h, &at.iso, &at.short);
        h.raw("</p>");
    }
    h.raw("\n<div class=\"prose\"");
    lang_attribute(h, lang);
    h.raw(">");
    h.raw(&p.html);
    h.raw("</div>\n</section>\n");
}

fn timeline(h: &mut Html, updates: &[UpdateView], page: &Content) {
    if updates.is_empty() {
        return;
    }
    h.raw("<section aria-labelledby=\"timeline-title\">\n<h2 id=\"timeline-title\">");
    h.raw(&page.words.timeline);
    h.raw("</h2>\n<ol class=\"timeline ");
    h.raw(if over(page.card) {
        "oldest-first"
    } else {
        "newest-first"
    });
    h.raw("\">\n");
    for u in updates {
        update(h, u, page);
    }
    h.raw("</ol>\n</section>\n");
}

fn update(h: &mut Html, u: &UpdateView, page: &Content) {
    let t = page.words;
    h.raw("<li>\n<h3>");
    if u.status_changed {
        h.raw("<span class=\"status u-");
        h.text(u.status.key);
        h.raw("\">");
        h.text(&u.status.label);
        h.raw("</span> ");
    }
    time(
        h,
        &u.time.iso,
        if u.same_day {
            &u.time.clock
        } else {
            &u.time.short
        },
    );
    h.raw("</h3>");
    if let Some(w) = &u.window {
        h.raw("<p class=\"changes\">");
        h.raw(&t.new_window);
        h.raw(&t.colon);
        time(h, &w.start.iso, &w.start.short);
        h.raw(" – ");
        time(h, &w.end.iso, &w.end.short);
        h.raw("</p>");
    }
    if !u.changes.is_empty() {
        h.raw("<ul class=\"changes\" aria-label=\"");
        h.raw(&t.component_changes);
        h.raw("\">");
        for c in &u.changes {
            h.raw("<li><a href=\"");
            h.text(page.root);
            h.text(&c.url);
            h.raw("\">");
            h.text(&c.name);
            h.raw("</a> <span class=\"status s-");
            h.text(c.was.key);
            h.raw("\">");
            h.text(&c.was.label);
            h.raw("</span> → <span class=\"status s-");
            h.text(c.status.key);
            h.raw("\">");
            h.text(&c.status.label);
            h.raw("</span></li>");
        }
        h.raw("</ul>");
    }
    let lang = given(&u.lang);
    if lang.is_some() {
        untranslated(h, t);
    }
    h.raw("<div class=\"prose\"");
    lang_attribute(h, lang);
    h.raw(">");
    h.raw(&u.html);
    h.raw("</div>\n</li>\n");
}

fn statements(h: &mut Html, statements: &[StatementView], t: &Words) {
    if statements.is_empty() {
        return;
    }
    h.raw("<section aria-labelledby=\"statements-title\">\n<h2 id=\"statements-title\">");
    h.raw(&t.statements);
    h.raw("</h2>\n");
    for s in statements {
        statement(h, s, t);
    }
    h.raw("</section>\n");
}

fn statement(h: &mut Html, s: &StatementView, t: &Words) {
    let (lang, url) = (given(&s.lang), given(&s.url));
    h.raw("<figure class=\"statement\">\n");
    if lang.is_some() {
        untranslated(h, t);
    }
    h.raw("<blockquote");
    if let Some(url) = url {
        h.raw(" cite=\"");
        h.text(url);
        h.raw("\"");
    }
    lang_attribute(h, lang);
    h.raw(">");
    h.raw(&s.html);
    h.raw("</blockquote>\n<figcaption>— <cite");
    lang_attribute(h, lang);
    h.raw(">");
    h.text(&s.by);
    h.raw("</cite>");
    match (given(&s.channel), url) {
        (Some(channel), url) => {
            h.raw(&t.comma);
            h.raw(&t.via);
            if let Some(url) = url {
                link_start(h, url);
                h.text(channel);
                h.raw("</a>");
            } else {
                h.text(channel);
            }
        }
        (None, Some(url)) => {
            h.raw(&t.comma);
            link_start(h, url);
            h.raw(&t.source);
            h.raw("</a>");
        }
        (None, None) => {}
    }
    h.raw(" · ");
    time(h, &s.time.iso, &s.time.short);
    h.raw("</figcaption>\n</figure>\n");
}

/// `<a href="{{ url }}">`.
fn link_start(h: &mut Html, url: &str) {
    h.raw("<a href=\"");
    h.text(url);
    h.raw("\">");
}

fn section(h: &mut Html, s: &SectionView) {
    h.raw("<section class=\"extra\">\n<h2>");
    h.raw(&s.title_html);
    h.raw("</h2>\n<div class=\"prose\">");
    h.raw(&s.html);
    h.raw("</div>\n</section>\n");
}
