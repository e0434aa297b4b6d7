//! Which pages are written without Tera (`render::compiled`): a page of a kind the theme
//! leaves to the built-in templates, and the chrome set up for this site's footer.

use super::{Made, Page, PageMeta, Shared, output_path};
use crate::output::OutputFile;
use crate::render::compiled::{CompiledPage, Html, PageValues};

impl Shared<'_> {
    /// `page` written without Tera, when its kind is.
    pub(super) fn compiled(&self, page: Page) -> Option<Made> {
        let pages = self.renderer.compiled();
        match page {
            Page::Incident(i) => Some(Made::File(
                self.compiled_incident(i, self.usable(&pages.incident)?),
            )),
            Page::Month(m) => Some(self.compiled_month(m, self.usable(&pages.month)?)),
            Page::ComponentYear(y) => {
                Some(self.compiled_component_year(y, self.usable(&pages.component_year)?))
            }
            _ => None,
        }
    }

    /// Whether the page of `meta`, which shows `incidents` and whatever else `more` feeds a
    /// key, is what the caller holds (see [`crate::render::Pass::unchanged`]): a list page
    /// follows from its incidents' cards (each built from the incident's slug and cache key),
    /// its time zone's name and what `more` adds (its pager's neighbours).
    pub(super) fn list_unchanged(
        &self,
        meta: &PageMeta,
        incidents: &[usize],
        more: impl FnOnce(&mut dyn std::hash::Hasher),
    ) -> bool {
        use std::hash::{Hash, Hasher};
        self.renderer.unchanged(&output_path(meta), || {
            let mut h = crate::render::written::hasher();
            (meta.kind, &meta.path, &self.zone).hash(&mut h);
            for &i in incidents {
                let (inc, state) = (&self.site.incidents[i], &self.site.states[i]);
                (inc.slug.as_str(), state.cache_key(inc)).hash(&mut h);
            }
            more(&mut h);
            h.finish()
        })
    }

    /// `page`, when it was set up for this site's footer.
    fn usable<'p, W>(&self, page: &'p Option<CompiledPage<W>>) -> Option<&'p CompiledPage<W>> {
        (page.as_ref()).filter(|p| p.names_generator() == self.config.show_generator)
    }

    /// The page of `meta` written by `page`: its chrome with the page's values (`root` is the
    /// page's way back to the site's root) and `content` writing its content block.
    pub(super) fn write_compiled<W>(
        &self,
        page: &CompiledPage<W>,
        meta: &PageMeta,
        root: &str,
        content: impl FnOnce(&mut Html),
    ) -> OutputFile {
        let values = PageValues {
            title: &meta.title,
            path: &meta.path,
            canonical: &meta.canonical,
            root,
            zone: &self.zone,
        };
        OutputFile::new(output_path(meta), page.write(&values, content))
    }
}
