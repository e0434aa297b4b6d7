//! The history archive's pages: the index of months, with each month's first incidents, and
//! one page per month with older and newer neighbours. They list what has ended (the
//! derived `by_month`); a month's count says how many incidents and how many maintenance
//! windows it had, apart.

use serde::Serialize;
use tera::Context;

use super::{PageMeta, Shared};
use crate::model::Kind;
use crate::urls::month_path;

/// How many incidents the history index lists under each month (its own page has them all):
/// enough to scan a month at a glance.
const PER_MONTH_ON_HISTORY: usize = 8;
/// How many of the latest months the history index lists incidents for; older months are
/// links only. Keeps the page (re-rendered by every `serve` rebuild) bounded on a site with
/// years of history: at most 96 incidents.
const MONTHS_LISTED_ON_HISTORY: usize = 12;

impl Shared<'_> {
    fn month_entry(&self, m: usize) -> MonthEntry {
        let ((year, month), incidents) = &self.site.by_month[m];
        let first = jiff::civil::date(*year, *month, 1);
        let maintenance_count = incidents
            .iter()
            .filter(|&&i| self.site.incidents[i].kind == Kind::Maintenance)
            .count();
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
        jiff::fmt::strtime::format(&format, first_day).unwrap_or_else(|_| first_day.to_string())
    }

    pub(super) fn history(&self, ctx: &mut Context) -> (&'static str, PageMeta) {
        let listed = self.site.by_month.len().min(MONTHS_LISTED_ON_HISTORY);
        let older: Vec<MonthEntry> = (listed..self.site.by_month.len())
            .map(|m| self.month_entry(m))
            .collect();
        let months: Vec<MonthEntry> = (0..listed)
            .map(|m| {
                let all = &self.site.by_month[m].1;
                let shown = &all[..all.len().min(PER_MONTH_ON_HISTORY)];
                MonthEntry {
                    incidents: shown.iter().map(|&i| self.card(i).clone()).collect(),
                    ..self.month_entry(m)
                }
            })
            .collect();
        ctx.insert("months", &months);
        ctx.insert("older_months", &older);
        let title = self.renderer.strings().get("ui.history");
        (
            "history.html",
            self.meta("history", title, "history/".into()),
        )
    }

    pub(super) fn month(&self, m: usize, ctx: &mut Context) -> (&'static str, PageMeta) {
        let entry = self.month_entry(m);
        // by_month is newest first: the previous (older) month comes after this one.
        let older = (m + 1 < self.site.by_month.len()).then(|| self.month_entry(m + 1));
        let newer = m.checked_sub(1).map(|n| self.month_entry(n));
        ctx.insert_value("incidents", self.pick(&self.site.by_month[m].1));
        ctx.insert("older", &older);
        ctx.insert("newer", &newer);
        let meta = self.meta("month", entry.label.clone(), entry.url.clone());
        ctx.insert("month", &entry);
        ("month.html", meta)
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
