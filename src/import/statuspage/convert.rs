//! A Statuspage page into a site: settings, catalogue, and each incident's front matter
//! (title, impact, start, window). The timeline is [`timeline`]'s job.

use std::collections::HashSet;

use rayon::prelude::*;

use super::catalogue::{self, Catalogue};
use super::{Incident as Source1, Source};
use crate::import::{Imported, Incident, Report, Stamp, clean_name};
use crate::model::Impact;

mod timeline;

/// Titles longer than this are kept whole but reported (Statuspage allows them; they make
/// long headings and feed titles).
const LONG_TITLE: usize = 150;

/// The whole page.
pub(super) fn imported(mut source: Source) -> Imported {
    let mut report = std::mem::take(&mut source.report);
    super::lagging::shift_if_lagging(&mut source.incidents, &mut report);
    let page = &source.page;
    let timezone = zone(page.time_zone.as_deref(), &mut report);
    let base_url = base_url(page.url.as_deref(), &mut report);
    let cat = catalogue::build(&source.components, &page.name, &mut report);
    let maintenance_ids: HashSet<&str> =
        source.maintenance_ids.iter().map(String::as_str).collect();
    // Incidents are independent: converted in parallel (HTML conversion is most of the
    // work), each with its own report, merged in the source's order.
    let converted: Vec<(Option<Incident>, Report)> = source
        .incidents
        .par_iter()
        .map(|src| {
            let maintenance = maintenance_ids.contains(src.id.as_str())
                || src.impact.as_deref() == Some("maintenance")
                || src.scheduled_for.is_some();
            let mut own = Report::default();
            (incident(src, maintenance, &cat, &mut own), own)
        })
        .collect();
    let mut incidents = Vec::with_capacity(converted.len());
    for (inc, own) in converted {
        report.absorb(own);
        incidents.extend(inc);
    }
    report.read = source.incidents.len();
    Imported {
        title: clean_name(&page.name, "page", "Status", &mut report),
        base_url,
        timezone,
        products: cat.products,
        incidents,
        report,
    }
}

/// The page's time zone when the bundled database knows it, else UTC.
fn zone(name: Option<&str>, report: &mut Report) -> String {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) if jiff::tz::TimeZone::get(n).is_ok() => n.to_string(),
        Some(n) => {
            report.decide("page", format!("time zone '{n}' is not an IANA zone name: the site uses UTC (times keep their offsets)"));
            "UTC".into()
        }
        None => "UTC".into(),
    }
}

/// The page's own address when it is an absolute http(s) URL, else a placeholder to edit.
fn base_url(url: Option<&str>, report: &mut Report) -> String {
    match url.map(str::trim) {
        Some(u) if crate::urls::web::is_web_address(u) => {
            if u.ends_with('/') {
                u.to_string()
            } else {
                format!("{u}/")
            }
        }
        _ => {
            report.decide(
                "page",
                "no page URL: base_url is https://status.example.com/, change it in bulletin.yaml",
            );
            "https://status.example.com/".into()
        }
    }
}

/// One incident or maintenance; `None` (reported) when it has no time at all.
fn incident(
    src: &Source1,
    maintenance: bool,
    cat: &Catalogue,
    report: &mut Report,
) -> Option<Incident> {
    let title = clean_title(&src.name, report);
    let what = format!("incident '{}' ({})", short(&title), src.id);
    let mut inc = Incident::new(format!("statuspage:{}", src.id), title, maintenance);
    timeline::fill(&mut inc, src, &what, cat, report);
    if inc.entries.is_empty() {
        report.skip(&what, "no update and no time to place it at");
        return None;
    }
    if !maintenance {
        inc.impact = src.impact.as_deref().and_then(Impact::parse);
    }
    // A maintenance's start is its window (its first update is usually the announcement).
    if maintenance {
        window(&mut inc, src, &what, report);
    } else {
        start(&mut inc, src.started_at.as_deref(), &what, report);
    }
    if let Some(pm) = src
        .postmortem_body
        .as_deref()
        .map(|b| crate::import::html::to_markdown_reported(b, &what, report))
        .filter(|p| !p.is_empty())
    {
        inc.sections.insert(0, ("Postmortem".into(), pm));
    }
    Some(inc)
}

/// `started:` only for a start earlier than the first update (a backdated start). A start
/// later than the first update (the update was backdated) is dropped: the first update is
/// the start, as a timeline cannot begin before its incident.
fn start(inc: &mut Incident, started_at: Option<&str>, what: &str, report: &mut Report) {
    let (Some(s), Some(first)) = (started_at.and_then(Stamp::parse), inc.entries.first()) else {
        return;
    };
    if s.at < first.at.at {
        inc.started = Some(s);
        report.decide(
            what,
            format!(
                "started_at {} is before the first update: kept as `started:`",
                s.written()
            ),
        );
    } else if s.at > first.at.at {
        report.decide(what, format!("started_at {} is after the first update ({}): the first update's time is the start", s.written(), first.at.written()));
    }
}

/// The maintenance window; without one (or with one that ends before it starts), the first
/// and last updates' times stand for it.
fn window(inc: &mut Incident, src: &Source1, what: &str, report: &mut Report) {
    let from = src.scheduled_for.as_deref().and_then(Stamp::parse);
    let until = src.scheduled_until.as_deref().and_then(Stamp::parse);
    if let (Some(f), Some(u)) = (from, until)
        && u.at > f.at
    {
        inc.window = Some((f, u));
        return;
    }
    let first = inc.entries.first().map(|e| e.at).expect("entries checked");
    let f = from.unwrap_or(first);
    let last = inc.entries.last().map(|e| e.at).expect("entries checked");
    let end = if last.at > f.at {
        last
    } else {
        Stamp {
            at: f.at + jiff::SignedDuration::from_hours(1),
            offset: f.offset,
        }
    };
    report.decide(
        what,
        format!(
            "no usable scheduled_for/scheduled_until: the window is {} to {}",
            f.written(),
            end.written()
        ),
    );
    inc.window = Some((f, end));
}

/// One line of text without invisible characters ([`clean_name`]); an empty title gets a
/// placeholder.
fn clean_title(name: &str, report: &mut Report) -> String {
    if name.split_whitespace().next().is_none() {
        report.decide("incident without a name", "titled 'Untitled incident'");
        return "Untitled incident".into();
    }
    let title = clean_name(name, "incident", "Untitled incident", report);
    if title.chars().count() > LONG_TITLE {
        report.decide(&format!("incident '{}'", short(&title)), format!("title has {} characters (over {LONG_TITLE}): kept whole; the file name uses its first words", title.chars().count()));
    }
    title
}

/// The first 60 characters of a title, for report lines.
fn short(title: &str) -> String {
    if title.chars().count() <= 60 {
        return title.to_string();
    }
    let cut: String = title.chars().take(57).collect();
    format!("{cut}…")
}
