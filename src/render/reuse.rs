//! What the caller of a render keeps between renders (the [`crate::site::Site`] session owns
//! it, the compiled [`crate::render::Renderer`] stays immutable): `serve` renders again after
//! every save, and most incidents' cards, feed items, API objects and calendar events have not
//! changed. Also the counters of the work a render did.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

pub(crate) use super::per_incident::PerIncident;

/// Per-incident pieces kept between renders with one compiled theme. A new theme or config
/// needs new caches ([`Caches::default`]): what they hold was built with the old ones. A
/// session that renders once keeps nothing ([`Caches::not_kept`]).
#[derive(Default)]
pub(crate) struct Caches {
    pub(crate) cards: PerIncident<Arc<crate::render::cards::Card>>,
    pub(crate) feed_items: PerIncident<Arc<crate::render::feeds::Item>>,
    /// Each incident's object in the API's lists, as written (see `api::IncidentCache`).
    pub(crate) api_incidents: PerIncident<Arc<[u8]>>,
    pub(crate) calendar_events: PerIncident<Arc<str>>,
    /// By component reference (see `view::catalogue::UptimeCache`).
    pub(crate) uptime_views: PerIncident<tera::Value>,
    /// Each component's part of `api/uptime.json`, by reference (see `api::uptime`).
    pub(crate) api_uptime: PerIncident<Arc<[u8]>>,
    /// Each incident's entries of `api/notify.json` (see `api::notify_file`).
    pub(crate) manifest_entries: PerIncident<Arc<[crate::events::manifest::Written]>>,
    /// The key each big file was last written with (see `render::written`).
    pub(crate) written: super::written::Written,
}

impl Caches {
    /// Caches that keep nothing, for a session that renders once (`build`): what a render
    /// builds per incident is then freed as soon as the pages that show it are written,
    /// instead of living until the end (at 100,000 incidents the cards alone took 700 MB).
    pub(crate) fn not_kept() -> Caches {
        Caches {
            cards: PerIncident::not_kept(),
            feed_items: PerIncident::not_kept(),
            api_incidents: PerIncident::not_kept(),
            calendar_events: PerIncident::not_kept(),
            uptime_views: PerIncident::not_kept(),
            api_uptime: PerIncident::not_kept(),
            manifest_entries: PerIncident::not_kept(),
            written: super::written::Written::not_kept(),
        }
    }
}

#[cfg(test)]
impl Caches {
    /// Whether these caches keep what a render builds (one flag for all of them).
    pub(crate) fn keeps(&self) -> bool {
        self.cards.keep
    }
}

impl std::fmt::Debug for Caches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Caches { .. }")
    }
}

/// How much work the last render did: the build's cost must stay linear in the number of
/// incidents, and tests hold these counts to exact expectations (see `tests/suite/build/work_counts.rs`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RenderStats {
    /// Template renders (pages and feed items).
    pub templates: usize,
    /// Incident list cards built.
    pub cards: usize,
    /// Cards turned into template values, for the templates that read them (the pages
    /// written without Tera read the card itself).
    pub card_values: usize,
    /// Full incident views built (all of an incident's Markdown rendered).
    pub details: usize,
    /// The most cards held at once: a full render holds those of one year of incidents (and
    /// the ones the feeds carry), not all of them.
    pub peak_cards: usize,
    /// Parallel runs the pages were rendered in: one queue for all of them, with no barrier
    /// between years (see `render/pages/queue.rs`).
    pub page_runs: usize,
    /// Components' uptime views built (90 days of bars each); the others were kept.
    pub uptime_views: usize,
    /// Components' parts of `api/uptime.json` built; the others were kept.
    pub api_uptime_parts: usize,
    /// Incidents whose entries of `api/notify.json` were written; the others were kept.
    pub manifest_entries: usize,
    /// Files a partial render left as the last render wrote them: their inputs had not
    /// changed (see `render::written`).
    pub kept_files: usize,
}

/// Counters behind [`RenderStats`], shared by the threads of one render and reset at its
/// start.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    templates: AtomicUsize,
    cards: AtomicUsize,
    card_values: AtomicUsize,
    details: AtomicUsize,
    /// Cards held now, and the most held at once.
    held: AtomicUsize,
    peak_held: AtomicUsize,
    page_runs: AtomicUsize,
    uptime_views: AtomicUsize,
    api_uptime_parts: AtomicUsize,
    manifest_entries: AtomicUsize,
    kept_files: AtomicUsize,
}

impl Counts {
    pub(crate) fn template(&self) {
        self.templates.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn card(&self) {
        self.cards.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn card_value(&self) {
        self.card_values.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn detail(&self) {
        self.details.fetch_add(1, Ordering::Relaxed);
    }

    /// A render took a card into its hands (built or from the caches).
    pub(crate) fn card_held(&self) {
        let now = self.held.fetch_add(1, Ordering::Relaxed) + 1;
        self.peak_held.fetch_max(now, Ordering::Relaxed);
    }

    /// A render let go of a card.
    pub(crate) fn card_released(&self) {
        self.held.fetch_sub(1, Ordering::Relaxed);
    }

    /// A render started a parallel run of pages.
    pub(crate) fn page_run(&self) {
        self.page_runs.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn uptime_view(&self) {
        self.uptime_views.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn api_uptime_part(&self) {
        self.api_uptime_parts.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn manifest_entries(&self) {
        self.manifest_entries.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn kept_file(&self) {
        self.kept_files.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn reset(&self) {
        let all = [
            &self.templates,
            &self.cards,
            &self.card_values,
            &self.details,
            &self.held,
            &self.peak_held,
            &self.page_runs,
            &self.uptime_views,
            &self.api_uptime_parts,
            &self.manifest_entries,
            &self.kept_files,
        ];
        for c in all {
            c.store(0, Ordering::Relaxed);
        }
    }

    /// What the render counted so far.
    pub(crate) fn stats(&self) -> RenderStats {
        RenderStats {
            templates: self.templates.load(Ordering::Relaxed),
            cards: self.cards.load(Ordering::Relaxed),
            card_values: self.card_values.load(Ordering::Relaxed),
            details: self.details.load(Ordering::Relaxed),
            peak_cards: self.peak_held.load(Ordering::Relaxed),
            page_runs: self.page_runs.load(Ordering::Relaxed),
            uptime_views: self.uptime_views.load(Ordering::Relaxed),
            api_uptime_parts: self.api_uptime_parts.load(Ordering::Relaxed),
            manifest_entries: self.manifest_entries.load(Ordering::Relaxed),
            kept_files: self.kept_files.load(Ordering::Relaxed),
        }
    }
}
