//! The history archive's pages. History is paged by month: each month that had ended
//! incidents is a page (`history/YYYY-MM/`, published addresses, kept). The index is the
//! newest page, the latest incidents grouped by their months, plus a year × month grid
//! linking every month with its count. They list what has ended (the derived `by_month`); a
//! month's count says how many incidents and how many maintenance windows it had, apart.

use serde::Serialize;

use super::{Made, PageContext, PageMeta, Shared};
use crate::render::compiled::lists::{self, Link, Row};
use crate::render::compiled::{CompiledPage, ListWords};
use crate::urls::month_path;

/// How many of the latest ended incidents the history index lists (their months' pages list
/// them all): a screenful or two, the same on a site with ten or ten thousand, so the page
/// `serve` re-renders on every rebuild stays small.
const LATEST_ON_HISTORY: usize = 20;

impl Shared<'_> {
    fn month_entry(&self, m: usize) -> MonthEntry {
        let ((year, month), incidents) = &self.site.by_month[m];
        let first = jiff::civil::date(*year, *month, 1);
        let maintenance_count = self.maintenance_per_month.get_or_init(|| {
            let maintenance = self.maintenances.of(self.site);
            crate::render::maintenance::per_month(self.site, maintenance)
        })[m];
        MonthEntry {
            label: self.month_label(first),
            url: month_path(*year, *month),
            count: incidents.len(),
            incident_count: incidents.len() - maintenance_count,
            maintenance_count,
            incidents: Vec::new(),
        }
    }

    fn month_label(&self, first_day: jiff::civil::Date) -> String {
        let format = self.renderer.strings().get("format.month");
        self.renderer
            .strings()
            .strftime(&format, first_day)
            .unwrap_or_else(|_| first_day.to_string())
    }

    pub(super) fn history(&self, ctx: &mut PageContext) -> (&'static str, PageMeta) {
        let mut left = LATEST_ON_HISTORY;
        let mut months: Vec<MonthEntry> = Vec::new();
        for (m, (_, all)) in self.site.by_month.iter().enumerate() {
            if left == 0 {
                break;
            }
            let shown = &all[..all.len().min(left)];
            left -= shown.len();
            months.push(MonthEntry {
                incidents: shown.iter().map(|&i| self.card(i)).collect(),
                ..self.month_entry(m)
            });
        }
        ctx.insert("months", &months);
        ctx.insert("grid", &self.month_grid());
        let title = self.renderer.strings().get("ui.history");
        (
            "history.html",
            self.meta("history", title, "history/".into()),
        )
    }

    /// Every year with ended incidents, newest first, each with its twelve months: a month
    /// with incidents is its entry, one without is `None` (not a link).
    fn month_grid(&self) -> Vec<YearRow> {
        let mut rows: Vec<YearRow> = Vec::new();
        for (m, ((year, month), _)) in self.site.by_month.iter().enumerate() {
            if rows.last().is_none_or(|r| r.year != *year) {
                rows.push(YearRow {
                    year: *year,
                    months: std::array::from_fn(|_| None),
                });
            }
            if let (Some(row), Ok(at)) = (rows.last_mut(), usize::try_from(month - 1)) {
                row.months[at.min(11)] = Some(self.month_entry(m));
            }
        }
        rows
    }

    pub(super) fn month(&self, m: usize, ctx: &mut PageContext) -> (&'static str, PageMeta) {
        let (entry, older, newer) = self.month_and_ends(m);
        self.insert_cards(ctx, "incidents", &self.site.by_month[m].1);
        ctx.insert("older", &older);
        ctx.insert("newer", &newer);
        let meta = self.meta("month", entry.label.clone(), entry.url.clone());
        ctx.insert("month", &entry);
        ("month.html", meta)
    }

    /// Month `m`'s entry, and its older and newer months' (`by_month` is newest first: the
    /// older month comes after it).
    fn month_and_ends(&self, m: usize) -> (MonthEntry, Option<MonthEntry>, Option<MonthEntry>) {
        let older = (m + 1 < self.site.by_month.len()).then(|| self.month_entry(m + 1));
        let newer = m.checked_sub(1).map(|n| self.month_entry(n));
        (self.month_entry(m), older, newer)
    }

    /// Month `m`'s page written by `page`, from the same entries and cards as [`Self::month`].
    pub(super) fn compiled_month(&self, m: usize, page: &CompiledPage<ListWords>) -> Made {
        let (entry, older, newer) = self.month_and_ends(m);
        let meta = self.meta("month", entry.label.clone(), entry.url.clone());
        // The pager's links: the months before and after, named by the strings.
        let pager = |h: &mut dyn std::hash::Hasher| {
            for link in [&older, &newer] {
                h.write(link.as_ref().map_or(&[][..], |e| e.url.as_bytes()));
                h.write_u8(0xff);
            }
        };
        let root = self.root(&meta);
        let write = |rows: &[Row]| {
            let content = lists::Month {
                words: page.words(),
                root: &root,
                label: &entry.label,
                cards: rows,
                newer: newer.as_ref().map(MonthEntry::link),
                older: older.as_ref().map(MonthEntry::link),
            };
            self.write_compiled(page, &meta, &root, |h| lists::month(h, &content))
        };
        self.list_page(&meta, &self.site.by_month[m].1, &pager, write)
    }
}

/// A month in the history archive.
#[derive(Serialize)]
struct MonthEntry {
    label: String,
    url: String,
    /// Incidents and maintenance together.
    count: usize,
    incident_count: usize,
    maintenance_count: usize,
    /// The first incidents of the month (on the history index only).
    incidents: Vec<tera::Value>,
}

impl MonthEntry {
    /// A pager's link to this month.
    fn link(&self) -> Link<'_> {
        Link {
            url: &self.url,
            text: &self.label,
        }
    }
}

/// A year of the history index's grid.
#[derive(Serialize)]
struct YearRow {
    year: i16,
    /// January to December.
    months: [Option<MonthEntry>; 12],
}
