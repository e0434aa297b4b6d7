//! A component's incident history: its page lists the latest ones that have ended, and each
//! year of them has a page of its own (`components/<ref>/history/<year>/`), which the
//! component page links to: the archive filtered to that component. Every ended incident is
//! on one year page per component it touched, so pages and bytes grow linearly.

use serde::Serialize;

use super::{Made, PageContext, PageMeta, Shared};
use crate::config::{ComponentRef, Config};
use crate::derive::Derived;
use crate::render::Selection;
use crate::render::compiled::lists::{self, Link, Row};
use crate::render::compiled::{CompiledPage, Fields, ListWords};
use crate::urls::component_year_path;

/// One year of a component's ended incidents: a page of its own.
pub(super) struct YearPage {
    pub(super) component: ComponentRef,
    pub(super) year: i16,
    /// Newest first, as `by_component` lists them.
    incidents: Vec<usize>,
}

/// The year pages of every component `selection` asks for (a partial render shows no other
/// component's), in the configuration's order, newest year first.
pub(super) fn year_pages(config: &Config, site: &Derived, selection: &Selection) -> Vec<YearPage> {
    let mut pages: Vec<YearPage> = Vec::new();
    for c in config.components().filter(|&c| selection.component(c)) {
        let Some(all) = site.by_component.get(&c) else {
            continue;
        };
        for &i in all {
            let state = &site.states[i];
            if !state.phase.is_over() {
                continue;
            }
            let year = state.month.0;
            match pages.last_mut() {
                Some(page) if page.component == c && page.year == year => page.incidents.push(i),
                _ => pages.push(YearPage {
                    component: c,
                    year,
                    incidents: vec![i],
                }),
            }
        }
    }
    pages
}

/// Which components have a page for which year: when this changes, pages appear or go away.
pub(crate) fn years_shown(config: &Config, site: &Derived) -> Vec<(ComponentRef, i16)> {
    year_pages(config, site, &Selection::All)
        .iter()
        .map(|p| (p.component, p.year))
        .collect()
}

/// A link to one year of a component's archive.
#[derive(Serialize)]
struct YearLink {
    year: i16,
    url: String,
    count: usize,
}

impl YearLink {
    /// A pager's link to this year, which reads `year` (the year as Tera writes it).
    fn link<'a>(&'a self, year: &'a str) -> Link<'a> {
        Link {
            url: &self.url,
            text: year,
        }
    }
}

impl Shared<'_> {
    /// A component's page's history block: the most recent incidents touching it that have
    /// ended (a page listing thousands helps no one, and would make every rebuild that
    /// touches the component slow), how many there are in all, and its year pages. Ongoing
    /// ones are on the front page.
    pub(super) fn component_incidents(&self, c: ComponentRef, ctx: &mut PageContext) {
        let years = self.year_links(c);
        let total: usize = years.iter().map(|y| y.count).sum();
        let shown: Vec<usize> = self
            .site
            .by_component
            .get(&c)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .copied()
            .filter(|&i| self.site.states[i].phase.is_over())
            .take(self.config.component_page_items)
            .collect();
        self.insert_cards(ctx, "incidents", &shown);
        ctx.insert("incidents_total", &total);
        ctx.insert("archive_years", &years);
    }

    /// The year pages of component `c`, newest first.
    fn year_links(&self, c: ComponentRef) -> Vec<YearLink> {
        let reference = self.config.reference(c);
        self.year_pages
            .iter()
            .filter(|p| p.component == c)
            .map(|p| YearLink {
                year: p.year,
                url: component_year_path(&reference, p.year),
                count: p.incidents.len(),
            })
            .collect()
    }

    /// One year of a component's archive, with its newer and older years.
    pub(super) fn component_year(
        &self,
        y: usize,
        ctx: &mut PageContext,
    ) -> (&'static str, PageMeta) {
        let page = &self.year_pages[y];
        let c = page.component;
        let years = self.year_links(c);
        let (newer, older) = ends(&years, page.year);
        let key = || self.catalogue_key;
        ctx.insert_value("product", self.product_values[c.product].clone(), key);
        match c.feature {
            Some(f) => ctx.insert_value("feature", self.feature_values[c.product][f].clone(), key),
            None => ctx.insert("feature", &Option::<()>::None),
        }
        self.insert_cards(ctx, "incidents", &page.incidents);
        ctx.insert("year", &page.year);
        ctx.insert("newer", &newer);
        ctx.insert("older", &older);
        ("component_year.html", self.year_meta(page))
    }

    /// The `page` of a year page.
    fn year_meta(&self, page: &YearPage) -> PageMeta {
        let name = self.component_title(page.component);
        let title = format!("{name} · {}", page.year);
        let path = component_year_path(&self.config.reference(page.component), page.year);
        self.meta("component_year", title, path)
    }

    /// Year page `y` written by `page`, from the same values and cards as
    /// [`Self::component_year`].
    pub(super) fn compiled_component_year(&self, y: usize, page: &CompiledPage<ListWords>) -> Made {
        let year_page = &self.year_pages[y];
        let c = year_page.component;
        let years = self.year_links(c);
        let (newer, older) = ends(&years, year_page.year);
        let meta = self.year_meta(year_page);
        // The pager's links, and the counts on them.
        let pager = |h: &mut dyn std::hash::Hasher| {
            for link in &years {
                h.write_i16(link.year);
                h.write_usize(link.count);
            }
        };
        let root = self.root(&meta);
        let [newer_year, older_year, year] = [
            newer.map(|l| l.year),
            older.map(|l| l.year),
            Some(year_page.year),
        ]
        .map(|y| y.map(|y| y.to_string()).unwrap_or_default());
        let write = |rows: &[Row]| {
            let content = lists::Year {
                words: page.words(),
                root: &root,
                site_title: &self.config.title,
                product: Fields::read(&self.product_values[c.product]),
                feature: c
                    .feature
                    .map(|f| Fields::read(&self.feature_values[c.product][f])),
                year: &year,
                cards: rows,
                newer: newer.map(|l| l.link(&newer_year)),
                older: older.map(|l| l.link(&older_year)),
            };
            self.write_compiled(page, &meta, &root, |h| lists::component_year(h, &content))
        };
        self.list_page(&meta, &year_page.incidents, &pager, write)
    }
}

/// The years before and after `year` among `years` (newest first): its newer and older pages.
fn ends(years: &[YearLink], year: i16) -> (Option<&YearLink>, Option<&YearLink>) {
    let at = years.iter().position(|l| l.year == year).unwrap_or(0);
    (at.checked_sub(1).map(|n| &years[n]), years.get(at + 1))
}
