//! Which pages a site has (one per incident, component, month and component year, and the
//! few site-wide ones), which of them a render selects, and the addresses the sitemap lists.

use super::archive;
use crate::config::{ComponentRef, Config};
use crate::derive::Derived;
use crate::render::Selection;
use crate::urls::{component_path, component_year_path, incident_path, month_path};

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Page {
    Index,
    Incident(usize),
    Product(usize),
    Feature(usize, usize),
    History,
    Month(usize),
    /// One year of a component's archive (an index into `Shared::year_pages`).
    ComponentYear(usize),
    NotFound,
    /// `embed.html`: the banner and live incidents, for other sites' iframes.
    Embed,
    /// `subscribe/`: every way to follow the site.
    Subscribe,
}

/// Every page of the site, but of the incidents' pages only those `selection` asks for (a
/// partial render asks for a few of 100,000).
pub(super) fn all_pages(
    config: &Config,
    site: &Derived,
    years: &[archive::YearPage],
    selection: &Selection,
) -> Vec<Page> {
    let mut pages = vec![
        Page::Index,
        Page::History,
        Page::NotFound,
        Page::Embed,
        Page::Subscribe,
    ];
    match selection {
        Selection::All => pages.extend((0..site.incidents.len()).map(Page::Incident)),
        Selection::Only { incidents, .. } => pages.extend(
            (incidents.iter().copied())
                .filter(|&i| i < site.incidents.len())
                .map(Page::Incident),
        ),
    }
    for (pi, p) in config.products.iter().enumerate() {
        pages.push(Page::Product(pi));
        pages.extend((0..p.features.len()).map(|fi| Page::Feature(pi, fi)));
    }
    pages.extend((0..site.by_month.len()).map(Page::Month));
    pages.extend((0..years.len()).map(Page::ComponentYear));
    pages
}

pub(super) fn selected(
    page: Page,
    site: &Derived,
    years: &[archive::YearPage],
    selection: &Selection,
) -> bool {
    match page {
        Page::Index | Page::History | Page::NotFound | Page::Embed => true,
        // It shows only the catalogue, which a partial rebuild keeps.
        Page::Subscribe => matches!(selection, Selection::All),
        Page::Incident(i) => selection.incident(i),
        Page::Product(p) => selection.component(ComponentRef::product(p)),
        Page::Feature(p, f) => selection.component(ComponentRef {
            product: p,
            feature: Some(f),
        }),
        Page::Month(m) => selection.month(site.by_month[m].0),
        Page::ComponentYear(y) => {
            selection.component(years[y].component) && selection.year(years[y].year)
        }
    }
}

/// The URL path (relative to the root, percent-encoded) of every page listed in the sitemap.
pub(in crate::render) fn url_paths(config: &Config, site: &Derived) -> Vec<String> {
    let years = archive::year_pages(config, site, &Selection::All);
    all_pages(config, site, &years, &Selection::All)
        .into_iter()
        .filter_map(|page| match page {
            Page::Index => Some(String::new()),
            Page::History => Some("history/".into()),
            Page::Subscribe => Some(crate::urls::SUBSCRIBE_PATH.into()),
            Page::NotFound | Page::Embed => None,
            Page::Incident(i) => Some(incident_path(&site.incidents[i].slug)),
            Page::Product(p) => Some(component_path(&config.products[p].id)),
            Page::Feature(p, f) => Some(component_path(&config.reference(ComponentRef {
                product: p,
                feature: Some(f),
            }))),
            Page::Month(m) => {
                let (year, month) = site.by_month[m].0;
                Some(month_path(year, month))
            }
            Page::ComponentYear(y) => {
                let page = &years[y];
                Some(component_year_path(
                    &config.reference(page.component),
                    page.year,
                ))
            }
        })
        .collect()
}
