//! An incident's own page: through Tera (`incident.html` with the incident's full view as a
//! template value), or, when the theme's incident page is the built-in one, written without
//! Tera from the same views (see `render::compiled`), to the same bytes.

use super::{PageContext, PageMeta, Shared};
use crate::output::OutputFile;
use crate::render::compiled::{Content, IncidentPage};
use crate::urls::incident_path;

impl Shared<'_> {
    /// Incident `i`'s page through Tera: its template and the context it adds.
    pub(super) fn incident(&self, i: usize, ctx: &mut PageContext) -> (&'static str, PageMeta) {
        let inc = &self.site.incidents[i];
        let incident =
            self.renderer
                .full_view(&self.views, inc, &self.site.states[i], self.card(i));
        ctx.insert_value("incident", incident, || {
            use std::hash::{Hash, Hasher};
            let mut h = crate::render::written::hasher();
            (inc.slug.as_str(), self.site.states[i].cache_key(inc)).hash(&mut h);
            h.finish()
        });
        ctx.insert("ongoing_for", &self.ongoing(i));
        (
            "incident.html",
            self.meta("incident", inc.title.clone(), incident_path(&inc.slug)),
        )
    }

    /// Incident `i`'s page written by `page`, from its card (the one every list shows) and
    /// its body, with no template value built for it.
    pub(super) fn compiled_incident(&self, i: usize, page: &IncidentPage) -> OutputFile {
        let (inc, state) = (&self.site.incidents[i], &self.site.states[i]);
        let meta = self.meta("incident", inc.title.clone(), incident_path(&inc.slug));
        let root = self.root(&meta);
        let card = self.cards.card(i);
        let body = self.views.body(inc, state);
        let ongoing_for = self.ongoing(i);
        let content = Content {
            card: &card.view,
            words: page.words(),
            root: &root,
            ongoing_for: ongoing_for.as_deref(),
        };
        self.write_compiled(page, &meta, &root, |h| body.write_content(&content, h))
    }
}
