//! The other machine-readable surfaces against the replay: the feeds (docs/api.md §2), the
//! maintenance calendar (§3) and the badges (§4).

use std::collections::BTreeSet;
use std::path::Path;

use super::findings::{Findings, json, read, seconds};
use super::replay::{self, Phase, slugs};
use super::site::{Item, Kind, REFS, Status, postmortem_text};

/// The English label of a component status (themes/default/i18n/en.yaml, `status:`).
pub fn label(s: Status) -> &'static str {
    match s {
        Status::Operational => "Operational",
        Status::UnderMaintenance => "Under maintenance",
        Status::Degraded => "Degraded performance",
        Status::Partial => "Partial outage",
        Status::Major => "Major outage",
    }
}

/// `badges/status.json` and one badge per component: the message is the status's label.
pub fn badges(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    let overall = json(out, "badges/status.json");
    f.agree(
        "badges/status.json",
        t,
        "message",
        label(replay::overall(items, t)),
        overall["message"].as_str().unwrap_or(""),
    );
    for (i, r) in REFS.iter().enumerate() {
        let file = format!("badges/{r}.json");
        let v = json(out, &file);
        f.agree(
            &file,
            t,
            "message",
            label(replay::component(items, i, t)),
            v["message"].as_str().unwrap_or(""),
        );
    }
}

/// RFC 2822 (RSS) to seconds.
fn rfc2822(text: &str) -> Option<i64> {
    jiff::fmt::rfc2822::parse(text.trim())
        .ok()
        .map(|z| z.timestamp().as_second())
}

/// Nothing dated after the instant in the site's feeds (issue 22, group 6): no date, no
/// postmortem dated later.
pub fn feeds_dated(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    let rss = read(out, "rss.xml");
    let atom = read(out, "atom.xml");
    let json_items = json(out, "feed.json")["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for (file, at, what) in feed_dates(&rss, &atom, &json_items) {
        f.expect(
            at.is_some_and(|a| a <= t),
            &format!("{file} dates [group 6]"),
            t,
            || format!("{what} is after the instant (or unreadable)"),
        );
    }
    let later: Vec<String> = items
        .iter()
        .filter(|i| i.postmortem.is_some_and(|p| i.at(p) > t))
        .map(|i| postmortem_text(&i.slug))
        .collect();
    for (file, text) in [("rss.xml", &rss), ("atom.xml", &atom)] {
        f.expect(
            !later.iter().any(|words| text.contains(words.as_str())),
            &format!("{file} [group 6]"),
            t,
            || "shows a postmortem dated later".into(),
        );
    }
}

/// The site's RSS, Atom and JSON feeds: every published item is present.
pub fn feeds(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    let rss = read(out, "rss.xml");
    let atom = read(out, "atom.xml");
    let feed = json(out, "feed.json");
    let want = slugs(items, t, |_, p| p != Phase::Hidden);
    let ids = |v: Vec<String>| v.iter().map(|u| last_segment(u)).collect::<BTreeSet<_>>();
    let rss_ids = ids(xml(&rss, &["rss", "channel", "item", "guid"]));
    f.agree("rss.xml", t, "items", &want, &rss_ids);
    let atom_ids = ids(xml(&atom, &["feed", "entry", "id"]));
    f.agree("atom.xml", t, "entries", &want, &atom_ids);
    let json_items = feed["items"].as_array().cloned().unwrap_or_default();
    let json_ids = json_items
        .iter()
        .map(|i| i["id"].as_str().unwrap_or("").to_string());
    f.agree("feed.json", t, "items", &want, &ids(json_ids.collect()));
}

/// The last path segment of a URL (`…/incidents/<slug>/` → `<slug>`).
fn last_segment(url: &str) -> String {
    url.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_string()
}

/// Every date of the three feeds: (file, seconds, what it is).
fn feed_dates(
    rss: &str,
    atom: &str,
    json_items: &[serde_json::Value],
) -> Vec<(&'static str, Option<i64>, String)> {
    let mut dates = Vec::new();
    for path in [
        &["rss", "channel", "item", "pubDate"][..],
        &["rss", "channel", "lastBuildDate"],
    ] {
        for d in xml(rss, path) {
            dates.push(("rss.xml", rfc2822(&d), format!("{} {d}", path.join("/"))));
        }
    }
    for path in [
        &["feed", "entry", "published"][..],
        &["feed", "entry", "updated"],
        &["feed", "updated"],
    ] {
        for d in xml(atom, path) {
            dates.push(("atom.xml", seconds(&d), format!("{} {d}", path.join("/"))));
        }
    }
    for item in json_items {
        for key in ["date_published", "date_modified"] {
            let d = item[key].as_str().unwrap_or("");
            dates.push(("feed.json", seconds(d), format!("{} {key} {d}", item["id"])));
        }
    }
    dates
}

fn xml(text: &str, path: &[&str]) -> Vec<String> {
    crate::support::xml_texts(text, path)
}

/// `maintenance.ics`: one event per maintenance, none stamped after the instant.
pub fn calendar(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    let ics = read(out, "maintenance.ics").replace("\r\n ", "");
    let want = slugs(items, t, |i, p| {
        i.kind == Kind::Maintenance && p != Phase::Hidden
    });
    let urls: BTreeSet<String> = ics
        .lines()
        .filter_map(|l| l.strip_prefix("URL:"))
        .map(|u| {
            u.trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    f.agree("maintenance.ics", t, "events", &want, &urls);
    for event in ics.split("BEGIN:VEVENT").skip(1) {
        calendar_event(f, items, t, event);
    }
    for stamp in ics.lines().filter_map(|l| l.strip_prefix("DTSTAMP:")) {
        let at = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%SZ", stamp)
            .ok()
            .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
            .map(|z| z.timestamp().as_second());
        f.expect(
            at.is_some_and(|a| a <= t),
            "maintenance.ics DTSTAMP",
            t,
            || format!("DTSTAMP {stamp} is after the instant"),
        );
    }
}

/// The English label of a timeline status (themes/default/i18n/en.yaml, `update:`).
fn update_label(word: &str) -> &'static str {
    match word {
        "scheduled" => "Scheduled",
        "in_progress" => "In progress",
        "verifying" => "Verifying",
        "completed" => "Completed",
        "cancelled" => "Cancelled",
        _ => "?",
    }
}

/// One unfolded `VEVENT`: `SEQUENCE` counts the entries shown; `DESCRIPTION` quotes the latest
/// entry shown, with its status label (docs/api.md §3).
fn calendar_event(f: &mut Findings, items: &[Item], t: i64, event: &str) {
    let field = |name: &str| {
        event
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or("")
            .to_string()
    };
    let url = field("URL:");
    let slug = last_segment(&url);
    let Some(item) = items.iter().find(|i| i.slug == slug) else {
        return;
    };
    let seen = replay::visible(item, t).len().to_string();
    let what = format!("SEQUENCE of {slug}");
    f.agree(
        "maintenance.ics",
        t,
        &what,
        seen.as_str(),
        field("SEQUENCE:").as_str(),
    );
    // A cancelled maintenance is a cancelled event (RFC 5545), at the window then.
    let status = if replay::cancelled_at(item, t).is_some() {
        "CANCELLED"
    } else {
        "CONFIRMED"
    };
    f.agree(
        "maintenance.ics",
        t,
        &format!("STATUS of {slug}"),
        status,
        field("STATUS:").as_str(),
    );
    let (start, end) = replay::window_at(item, t).expect("a maintenance");
    let dtstart = super::site::local(item.at(start))
        .replace(['-', ':'], "")
        .replace(' ', "T");
    let dtend = super::site::local(item.at(end))
        .replace(['-', ':'], "")
        .replace(' ', "T");
    let shown = (
        field("DTSTART;TZID=America/New_York:"),
        field("DTEND;TZID=America/New_York:"),
    );
    let want = (format!("{dtstart}00"), format!("{dtend}00"));
    f.agree(
        "maintenance.ics",
        t,
        &format!("window of {slug}"),
        want,
        shown,
    );
    // The label is the latest entry's own (docs/api.md: "<Status label>: <latest entry>").
    if let Some(latest) = replay::visible(item, t).last() {
        let label = update_label(latest.word);
        let description = field("DESCRIPTION:");
        f.expect(description.contains(&format!("{label}: Text.")), "maintenance.ics", t, || {
            format!("DESCRIPTION of {slug}: the replay says {label:?}, the surface says {description:?}")
        });
    }
}
