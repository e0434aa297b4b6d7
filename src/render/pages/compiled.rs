//! Which pages are written without Tera (`render::compiled`): a page of a kind the theme
//! leaves to the built-in templates, and the chrome set up for this site's footer.

use std::hash::{Hash, Hasher};

use super::{Made, Page, PageMeta, Shared, output_path};
use crate::output::OutputFile;
use crate::render::compiled::lists::Row;
use crate::render::compiled::{CompiledPage, Html, PageValues};
use crate::render::written::hasher;

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

    /// The list page of `meta` (a month's, a component's year), which shows a row for each
    /// of `incidents`, with a pager `pager` feeds a key: `write` writes it from the rows,
    /// unless a partial render finds that what it shows is what the caller holds (see
    /// [`crate::render::Pass::unchanged`]). What it shows is its rows, each keyed by what it
    /// says (an edit that changes no row leaves the page as it is), its time zone's name and
    /// its pager. A row's key is kept by its incident's cache key (see
    /// `render::written`): only the rows of incidents changed since are built to be keyed.
    pub(super) fn list_page(
        &self,
        meta: &PageMeta,
        incidents: &[usize],
        pager: &dyn Fn(&mut dyn Hasher),
        write: impl FnOnce(&[Row]) -> OutputFile,
    ) -> Made {
        let path = output_path(meta);
        let keyed = self.renderer.keys_files();
        let partial = self.renderer.partial;
        if keyed && partial {
            let rows = self.row_keys(incidents);
            let key = || self.list_key(meta, &rows, pager);
            if self.renderer.unchanged(&path, key) {
                return Made::Unchanged;
            }
        }
        let cards = self.typed_cards(incidents);
        let rows: Vec<Row> = cards.iter().map(|c| c.view.row()).collect();
        if keyed && !partial {
            // A full render: the keys the next partial render compares with.
            let keys: Vec<u64> = rows.iter().map(row_key).collect();
            let idents = incidents.iter().map(|&i| self.identity(i));
            self.renderer
                .caches
                .written
                .add_rows(idents.zip(keys.iter().copied()));
            self.renderer
                .unchanged(&path, || self.list_key(meta, &keys, pager));
        }
        Made::File(write(&rows))
    }

    /// The key of a list page of `meta` with rows keyed `rows`.
    fn list_key(&self, meta: &PageMeta, rows: &[u64], pager: &dyn Fn(&mut dyn Hasher)) -> u64 {
        let mut h = hasher();
        (meta.kind, &meta.path, &self.zone, rows).hash(&mut h);
        pager(&mut h);
        h.finish()
    }

    /// Incident `i`'s cache key: what its card is built from (its source's fingerprint
    /// names the file, and so the slug, too).
    fn identity(&self, i: usize) -> u64 {
        self.site.states[i].cache_key(&self.site.incidents[i])
    }

    /// The key of each of `incidents`' rows: kept, or built from its card when its incident
    /// changed since it was kept (and kept then).
    fn row_keys(&self, incidents: &[usize]) -> Vec<u64> {
        let idents: Vec<u64> = incidents.iter().map(|&i| self.identity(i)).collect();
        let written = &self.renderer.caches.written;
        let mut keys = written.rows(&idents);
        let mut built = Vec::new();
        for (n, key) in keys.iter_mut().enumerate() {
            if key.is_none() {
                let card = self.cards.card(incidents[n]);
                let row = row_key(&card.view.row());
                built.push((idents[n], row));
                *key = Some(row);
            }
        }
        written.add_rows(built.into_iter());
        keys.into_iter().flatten().collect()
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

/// What a row says, as a key.
fn row_key(row: &Row) -> u64 {
    let mut h = hasher();
    row.hash(&mut h);
    h.finish()
}
