//! The HTML pages of the site and the data each one gets.
//!
//! Pages are independent, so they render in parallel. List pages take incident cards built
//! once; component and history pages read the indexes built in [`crate::derive`], never
//! scanning all incidents.

use jiff::SignedDuration;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::{ComponentRef, Config};
use crate::derive::{Derived, Phase};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use crate::render::view::{Label, ProductView, Views};
use crate::render::{Cards, Job, Pass, emit};
use crate::urls::{base_path, component_path, decode};

mod archive;
pub(crate) use archive::years_shown;
mod compiled;
mod context;
mod history;
mod incident;
mod list;
mod queue;
use context::{Made, PageContext};
pub(super) use list::url_paths;
use list::{Page, all_pages, selected};
mod subscribe;

/// How many past incidents the front page lists at most, a line each, and how recent they must
/// be (Statuspage shows 15 days): eleven products, what is live and the latest history fit
/// 1,600 px at 1280 px (issue 26); the rest are a link away, in the history.
const RECENT_ON_FRONT_PAGE: usize = 5;
const RECENT_DAYS: i64 = 14;

/// Everything the page builders share.
struct Shared<'a> {
    renderer: &'a Pass<'a>,
    config: &'a Config,
    site: &'a Derived,
    views: Views<'a>,
    cards: &'a Cards<'a>,
    products: Vec<ProductView>,
    /// `products` as template values, built once: the front page and every component page
    /// share them (each carries 90 days of uptime, kept between renders while unchanged).
    products_value: tera::Value,
    product_values: Vec<tera::Value>,
    feature_values: Vec<Vec<tera::Value>>,
    /// What the catalogue's values show, as a key (see [`crate::render::view::Catalogue`]).
    catalogue_key: u64,
    year_pages: Vec<archive::YearPage>,
    /// The site's time zone as its pages name it (see [`zone`]).
    zone: String,
    /// The site's maintenances, and how many each month of the history has (worked out the
    /// first time a page asks).
    maintenances: &'a crate::render::maintenance::Maintenances,
    maintenance_per_month: std::sync::OnceLock<Vec<usize>>,
}

/// Renders every HTML page of the site.
pub(super) fn render_all(renderer: &Pass, job: Job) -> Result<(), Diagnostics> {
    let (config, site) = (job.config, job.site);
    let views = renderer.views(config, site.now);
    let catalogue = views.catalogue(site, &renderer.caches.uptime_views);
    let products_value = tera::Value::from(catalogue.products.clone());
    let shared = Shared {
        renderer,
        config,
        site,
        views,
        cards: job.cards,
        products: catalogue.views,
        products_value,
        product_values: catalogue.products,
        feature_values: catalogue.features,
        catalogue_key: catalogue.key,
        year_pages: archive::year_pages(config, site, job.selection),
        zone: zone(config, renderer.strings(), site.now),
        maintenances: job.maintenances,
        maintenance_per_month: std::sync::OnceLock::new(),
    };

    let pages: Vec<Page> = all_pages(config, site, &shared.year_pages, job.selection)
        .into_iter()
        .filter(|&page| selected(page, site, &shared.year_pages, job.selection))
        .collect();

    // Each page goes to the sink as soon as it is rendered: the site is never held whole.
    // The pages of one year of incidents (theirs, their months', their components' years)
    // are the only ones showing those incidents' cards, once the pages of any year are done:
    // the queue lets each year's cards go when its last page is, so only about one year's
    // are held at a time, with no barrier between years (see `queue`).
    let (site_pages, years) = queue::by_year(&pages, site, &shared.year_pages, job.selection);
    let queue = queue::Queue::new(site_pages, years);
    let problems = shared.render_queue(&queue, job);
    let mut unique: Vec<Diagnostic> = Vec::new();
    for d in problems {
        if !unique.contains(&d) {
            unique.push(d);
        }
    }
    if unique.is_empty() {
        Ok(())
    } else {
        Err(unique.into())
    }
}

/// Data every page template gets as `page`.
#[derive(Serialize)]
struct PageMeta {
    /// The page's own title (the site title is added by the template).
    title: String,
    /// The page's path relative to the site root ("" for the front page).
    path: String,
    /// Absolute URL of the page.
    canonical: String,
    /// Which template family it is: index, incident, component, history, month, not_found,
    /// subscribe.
    kind: &'static str,
}

/// The file a page is written to.
fn output_path(meta: &PageMeta) -> String {
    if matches!(meta.kind, "not_found" | "embed") {
        meta.path.clone()
    } else {
        format!("{}index.html", decode(&meta.path))
    }
}

/// The site's time zone as readers know it: the language's own name for it when it has
/// one ("北京时间"), else "Asia/Shanghai (UTC+8)", but plain "UTC" for UTC under any of
/// its names ("Etc/UTC", not "Etc/UTC (UTC)").
fn zone(config: &Config, strings: &crate::i18n::Strings, now: jiff::Timestamp) -> String {
    let name = &config.timezone_name;
    if let Some(known) = strings
        .tree()
        .get("zone_names")
        .and_then(|z| z.get(name))
        .and_then(|v| v.as_str())
    {
        return known.to_string();
    }
    if crate::i18n::is_utc_name(name) {
        return "UTC".to_string();
    }
    let offset = crate::i18n::offset_label(now, &config.timezone);
    if offset == *name {
        offset
    } else {
        format!("{name} ({offset})")
    }
}

impl Shared<'_> {
    /// Renders the queue's pages into the job's sink, on every thread of the pool until none
    /// is left, letting each year's cards go as the queue says; returns the problems met.
    fn render_queue(&self, queue: &queue::Queue, job: Job) -> Vec<Diagnostic> {
        let release = |years: Vec<&[usize]>| {
            years
                .into_iter()
                .flatten()
                .for_each(|&i| job.cards.release(i));
        };
        release(queue.start());
        self.renderer.counts.page_run();
        let workers = rayon::current_num_threads();
        let problems: Vec<Vec<Diagnostic>> = (0..workers)
            .into_par_iter()
            .map(|_| {
                let mut problems = Vec::new();
                while let Some(taken) = queue.take() {
                    let rendered = self.render(taken.page);
                    let emitted = rendered.and_then(|made| match made {
                        Made::File(file) => emit(job.sink, file),
                        Made::Unchanged => Ok(()),
                    });
                    if let Err(d) = emitted {
                        problems.push(d);
                    }
                    release(queue.finished(taken));
                }
                problems
            })
            .collect();
        problems.concat()
    }

    fn render(&self, page: Page) -> Result<Made, Diagnostic> {
        if let Some(made) = self.compiled(page) {
            return Ok(made);
        }
        // The pages a partial render may leave as they are: big, and most edits change
        // nothing they show (see `context`).
        let keyed = matches!(
            page,
            Page::Index | Page::Embed | Page::Product(_) | Page::Feature(..)
        );
        let mut ctx = PageContext::new(keyed && self.renderer.keys_files());
        let (template, meta) = match page {
            Page::Index => self.index(&mut ctx),
            Page::Incident(i) => self.incident(i, &mut ctx),
            Page::Product(p) => self.product(p, &mut ctx),
            Page::Feature(p, f) => self.feature(p, f, &mut ctx),
            Page::History => self.history(&mut ctx),
            Page::Month(m) => self.month(m, &mut ctx),
            Page::ComponentYear(y) => self.component_year(y, &mut ctx),
            Page::NotFound => self.not_found(&mut ctx),
            Page::Subscribe => self.subscribe(&mut ctx),
            Page::Embed => {
                self.index(&mut ctx);
                let title = self.config.title.clone();
                ("embed.html", self.meta("embed", title, "embed.html".into()))
            }
        };
        ctx.insert("root", &self.root(&meta));
        ctx.insert("zone", &self.zone);
        ctx.insert("page", &meta);
        let generator = self.config.show_generator.then_some(crate::VERSION);
        ctx.insert("generator_version", &generator);
        let path = output_path(&meta);
        if let Some(key) = ctx.key()
            && self.renderer.unchanged(&path, || key)
        {
            return Ok(Made::Unchanged);
        }
        let html = self.renderer.render_template(template, &ctx.ctx)?;
        Ok(Made::File(OutputFile::new(path, html.into_bytes())))
    }

    /// The page's way back to the site's root. Links are relative so the site works under any
    /// path prefix; the 404 page is served at arbitrary depths, so its links start from the
    /// base URL's path instead.
    fn root(&self, meta: &PageMeta) -> String {
        if meta.kind == "not_found" {
            base_path(&self.config.base_url)
        } else {
            match meta.path.matches('/').count() {
                0 => "./".to_string(),
                depth => "../".repeat(depth),
            }
        }
    }

    /// How long incident `i` has been going on at the site's "now", for incidents that are.
    fn ongoing(&self, i: usize) -> Option<String> {
        let state = &self.site.states[i];
        matches!(state.phase, Phase::Active | Phase::InProgress).then(|| {
            let since = self.site.now.duration_since(state.started_at);
            self.renderer.strings().format_duration(since)
        })
    }

    fn meta(&self, kind: &'static str, title: String, path: String) -> PageMeta {
        PageMeta {
            canonical: format!("{}{}", self.config.base_url, path),
            title,
            path,
            kind,
        }
    }

    fn card(&self, i: usize) -> tera::Value {
        self.cards.get(i)
    }

    fn pick(&self, indexes: &[usize]) -> tera::Value {
        tera::Value::from(indexes.iter().map(|&i| self.card(i)).collect::<Vec<_>>())
    }

    /// The cards of `indexes`, in their order, for pages written without Tera.
    fn typed_cards(&self, indexes: &[usize]) -> Vec<std::sync::Arc<crate::render::cards::Card>> {
        indexes.iter().map(|&i| self.cards.card(i)).collect()
    }

    fn index(&self, ctx: &mut PageContext) -> (&'static str, PageMeta) {
        let site = self.site;
        let strings = self.renderer.strings();
        ctx.insert(
            "overall",
            &Label {
                key: site.overall.as_str(),
                label: strings.label("overall", site.overall.as_str()),
            },
        );
        self.insert_cards(ctx, "active", &site.active);
        let in_progress = &site.maintenance_in_progress;
        self.insert_cards(ctx, "maintenance_in_progress", in_progress);
        self.insert_cards(ctx, "maintenance_upcoming", &site.maintenance_upcoming);
        self.insert_cards(ctx, "recent", &self.recent());
        ctx.insert("recent_days", &RECENT_DAYS);
        ctx.insert("any_past", &!site.by_month.is_empty());
        // Slug → "2 h 13 min": how long each live incident and maintenance has been going on.
        let ongoing: std::collections::BTreeMap<&str, String> = site
            .active
            .iter()
            .chain(&site.maintenance_in_progress)
            .filter_map(|&i| Some((site.incidents[i].slug.as_str(), self.ongoing(i)?)))
            .collect();
        ctx.insert("ongoing", &ongoing);
        let products = self.products_value.clone();
        ctx.insert_value("products", products, || self.catalogue_key);
        ctx.insert("generated", &self.views.time(site.now, false));
        (
            "index.html",
            self.meta("index", self.config.title.clone(), String::new()),
        )
    }

    /// The front page's past incidents: those that ended in the last [`RECENT_DAYS`] days, the
    /// latest [`RECENT_ON_FRONT_PAGE`] of them (newest first, as the incidents are).
    fn recent(&self) -> Vec<usize> {
        let since = self.site.now - SignedDuration::from_hours(24 * RECENT_DAYS);
        (0..self.site.states.len())
            .filter(|&i| {
                let state = &self.site.states[i];
                state.phase.is_over() && state.resolved_at.is_some_and(|end| end >= since)
            })
            .take(RECENT_ON_FRONT_PAGE)
            .collect()
    }

    fn product(&self, p: usize, ctx: &mut PageContext) -> (&'static str, PageMeta) {
        let product = &self.products[p];
        let value = self.product_values[p].clone();
        ctx.insert_value("product", value, || self.catalogue_key);
        ctx.insert("feature", &Option::<()>::None);
        self.component_incidents(ComponentRef::product(p), ctx);
        (
            "component.html",
            self.meta(
                "component",
                product.name.clone(),
                component_path(&product.id),
            ),
        )
    }

    fn feature(&self, p: usize, f: usize, ctx: &mut PageContext) -> (&'static str, PageMeta) {
        let c = ComponentRef {
            product: p,
            feature: Some(f),
        };
        let (product, feature) = (&self.product_values[p], &self.feature_values[p][f]);
        ctx.insert_value("product", product.clone(), || self.catalogue_key);
        ctx.insert_value("feature", feature.clone(), || self.catalogue_key);
        self.component_incidents(c, ctx);
        let path = component_path(&self.products[p].features[f].reference);
        (
            "component.html",
            self.meta("component", self.component_title(c), path),
        )
    }

    /// A component's name as a page title: a feature's with its product's, unless it already
    /// starts with it.
    fn component_title(&self, c: ComponentRef) -> String {
        let product = &self.products[c.product];
        match c.feature.map(|f| &product.features[f]) {
            None => product.name.clone(),
            Some(feature) if feature.name.starts_with(product.name.as_str()) => {
                feature.name.clone()
            }
            Some(feature) => format!("{} · {}", feature.name, product.name),
        }
    }

    fn not_found(&self, _ctx: &mut PageContext) -> (&'static str, PageMeta) {
        let title = self.renderer.strings().get("ui.not_found_title");
        ("404.html", self.meta("not_found", title, "404.html".into()))
    }
}
