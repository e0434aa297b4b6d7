//! The HTML pages against the replay, read with the theme's markers: `class="overall s-<status>"`
//! (the banner), `class="component" href="…components/<ref>/"` followed by `class="status
//! s-<status>"` (a component line), `class="status u-<status>"` (an incident's status), the
//! front page's sections by their heading ids, and `incidents/<slug>/` links in lists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::findings::{Findings, linked_slugs, read, section};
use super::replay::{self, Phase, slugs};
use super::site::{Item, Kind, REFS};

/// The word after `marker` in `text` (up to a quote or space).
fn word_after<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    let at = text.find(marker)? + marker.len();
    let rest = &text[at..];
    Some(&rest[..rest.find(['"', ' ']).unwrap_or(rest.len())])
}

/// Each component line's status, by the reference its link names.
fn component_lines(html: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for part in html.split("class=\"component\" href=\"").skip(1) {
        let href = &part[..part.find('"').unwrap_or(0)];
        let Some(r) = href.split("components/").nth(1) else {
            continue;
        };
        if let Some(s) = word_after(part, "class=\"status s-") {
            out.insert(r.trim_end_matches('/').to_string(), s.to_string());
        }
    }
    out
}

fn lines_agree(f: &mut Findings, surface: &str, t: i64, items: &[Item], html: &str) {
    for (r, shown) in component_lines(html) {
        let Some(i) = REFS.iter().position(|x| *x == r) else {
            continue;
        };
        let want = replay::component(items, i, t).word();
        f.agree(surface, t, &format!("status of {r}"), want, shown.as_str());
    }
}

/// The front page: banner, component lines, and which incidents are in which section.
pub fn front(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    let html = read(out, "index.html");
    let banner = word_after(&html, "class=\"overall s-").unwrap_or("");
    let overall = replay::overall(items, t).word();
    f.agree("index.html banner", t, "page status", overall, banner);
    lines_agree(f, "index.html component lines", t, items, &html);
    let sections = [
        ("active-title", Kind::Incident, Phase::Live),
        ("maintenance-now-title", Kind::Maintenance, Phase::Live),
        ("maintenance-next-title", Kind::Maintenance, Phase::Upcoming),
    ];
    for (id, kind, phase) in sections {
        let want = slugs(items, t, |i, p| i.kind == kind && p == phase);
        let shown: BTreeSet<String> = linked_slugs(section(&html, id)).into_iter().collect();
        f.agree(&format!("index.html #{id}"), t, "cards", &want, &shown);
    }
    let upcoming = section(&html, "maintenance-next-title");
    f.expect(
        !upcoming.contains("s-under_maintenance"),
        "index.html #maintenance-next-title [group 2]",
        t,
        || "an upcoming maintenance card marks its components under maintenance".into(),
    );
}

/// Each shown incident's page: its status.
pub fn incident_pages(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    for item in items.iter().filter(|i| replay::shown(i, t)) {
        let rel = format!("incidents/{}/index.html", item.slug);
        let html = read(out, &rel);
        let dd = html.find("<dd>").map_or("", |at| &html[at..]);
        let shown = word_after(dd, "class=\"status u-").unwrap_or("");
        f.agree(&rel, t, "status", replay::status_word(item, t), shown);
        let promised = replay::promise(item, t).map(super::site::iso);
        let facts = html.find("class=\"next-update\"").map(|at| &html[at..]);
        let shown = facts
            .and_then(|f| word_after(f, "datetime=\""))
            .map(str::to_string);
        f.agree(&rel, t, "next update by", promised, shown);
    }
}

/// No incident page shows a postmortem dated after the instant (issue 22, group 6).
pub fn postmortems(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    for item in items.iter().filter(|i| replay::shown(i, t)) {
        let rel = format!("incidents/{}/index.html", item.slug);
        if item.postmortem.is_some_and(|p| item.at(p) > t) {
            let html = read(out, &rel);
            f.expect(
                !html.contains("What happened."),
                &format!("{rel} [group 6]"),
                t,
                || "shows a postmortem dated later".into(),
            );
        }
    }
}

/// Component pages (status, features, "Incident history") and the history pages: history
/// lists only what has ended (docs/testing.md; issue 22's rule for group 5).
pub fn components_and_history(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    let ended = slugs(items, t, |_, p| p == Phase::Ended);
    for (i, r) in REFS.iter().enumerate() {
        let rel = format!("components/{r}/index.html");
        let html = read(out, &rel);
        let here = html.find("</h1>").map_or("", |at| &html[at..]);
        let shown = word_after(here, "class=\"status s-").unwrap_or("");
        let want = replay::component(items, i, t).word();
        f.agree(&rel, t, &format!("status of {r}"), want, shown);
        lines_agree(f, &rel, t, items, &html);
        for slug in linked_slugs(section(&html, "history-title")) {
            f.expect(
                ended.contains(&slug),
                &format!("{rel} incident history [group 5]"),
                t,
                || {
                    format!(
                        "lists {slug}, which has not ended ({:?})",
                        phase_of(items, &slug, t)
                    )
                },
            );
        }
    }
    let history = walkdir::WalkDir::new(out.join("history"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"));
    for entry in history {
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap()
            .display()
            .to_string();
        let html = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let main = html.find("<main").map_or(html.as_str(), |at| &html[at..]);
        for slug in linked_slugs(main) {
            f.expect(
                ended.contains(&slug),
                &format!("{rel} [group 5]"),
                t,
                || {
                    format!(
                        "lists {slug}, which has not ended ({:?})",
                        phase_of(items, &slug, t)
                    )
                },
            );
        }
    }
}

/// The history index's count for March 2026 (every generated item starts in it) is the number
/// of incidents that have ended, maintenance not counted as incidents (group 5).
pub fn month_count(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    let html = read(out, "history/index.html");
    let Some(at) = html.find("March 2026</a>") else {
        return;
    };
    let meta = &html[at..];
    let meta = &meta[..meta.find("</span>").unwrap_or(meta.len())];
    let Some(before) = meta.find(" incident").map(|end| &meta[..end]) else {
        return;
    };
    let digits: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    let shown: Option<usize> = digits.chars().rev().collect::<String>().parse().ok();
    let ended = items
        .iter()
        .filter(|i| i.kind == Kind::Incident && replay::phase(i, t) == Phase::Ended)
        .count();
    let surface = "history/index.html March 2026 count [group 5]";
    f.agree(surface, t, "incidents", Some(ended), shown);
}

fn phase_of(items: &[Item], slug: &str, t: i64) -> Option<Phase> {
    items
        .iter()
        .find(|i| i.slug == slug)
        .map(|i| replay::phase(i, t))
}
