//! The machine-readable surfaces against the replay: the Statuspage-shaped API (docs/api.md §1),
//! the feeds (§2), the maintenance calendar (§3) and the badges (§4).

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use super::findings::{Findings, json, read, seconds};
use super::replay::{self, Phase};
use super::site::{Item, Kind, REFS, Status};

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

/// The slugs of the items for which `keep` holds at `t`.
pub fn slugs(items: &[Item], t: i64, keep: impl Fn(&Item, Phase) -> bool) -> BTreeSet<String> {
    items
        .iter()
        .filter(|i| keep(i, replay::phase(i, t)))
        .map(|i| i.slug.clone())
        .collect()
}

/// The slug of an API incident (its `shortlink` ends in `incidents/<slug>/`).
fn slug_of(v: &Value) -> String {
    let link = v["shortlink"].as_str().unwrap_or("");
    link.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_string()
}

fn list_slugs(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .map(|a| a.iter().map(slug_of).collect())
        .unwrap_or_default()
}

/// Each component object of `list` against the replay; `position` is the index in [`REFS`] + 1.
fn components(f: &mut Findings, surface: &str, t: i64, items: &[Item], list: &Value) {
    for c in list.as_array().into_iter().flatten() {
        let Some(i) = c["position"].as_u64().map(|p| p as usize - 1) else {
            continue;
        };
        f.agree(
            surface,
            t,
            &format!("status of {}", REFS[i]),
            replay::component(items, i, t).word(),
            c["status"].as_str().unwrap_or(""),
        );
    }
}

/// One API incident or maintenance object against the replay.
fn incident(f: &mut Findings, surface: &str, t: i64, items: &[Item], v: &Value) {
    let slug = slug_of(v);
    let Some(item) = items.iter().find(|i| i.slug == slug) else {
        return f.expect(false, surface, t, || format!("unknown incident {slug}"));
    };
    let what = |w: &str| format!("{w} of {slug}");
    // A postmortem dated after the instant is published early (issue 22, group 6).
    let later = item.postmortem.is_some_and(|p| item.at(p) > t);
    let tagged = format!("{surface}{}", if later { " [group 6]" } else { "" });
    let surface = tagged.as_str();
    f.agree(
        surface,
        t,
        &what("status"),
        replay::status_word(item, t),
        v["status"].as_str().unwrap_or(""),
    );
    f.agree(
        surface,
        t,
        &what("impact"),
        replay::impact(item, t),
        v["impact"].as_str().unwrap_or(""),
    );
    let updated = v["updated_at"].as_str().and_then(seconds);
    f.expect(updated.is_some_and(|u| u <= t), surface, t, || {
        format!(
            "{} updated_at {:?} is after the instant",
            slug, v["updated_at"]
        )
    });
    let created = v["created_at"].as_str().and_then(seconds);
    f.agree(
        surface,
        t,
        &what("created_at"),
        Some(replay::created_at(item, t)),
        created,
    );
    if let Some(want) = replay::updated_at(item, t) {
        f.agree(surface, t, &what("updated_at"), Some(want), updated);
    }
    if later {
        f.agree(
            surface,
            t,
            &what("postmortem_body (dated later)"),
            &Value::Null,
            &v["postmortem_body"],
        );
    }
    components(
        f,
        &format!("{} components[]", slug_surface(surface)),
        t,
        items,
        &v["components"],
    );
}

/// The file of a surface name, without a group tag.
fn slug_surface(surface: &str) -> &str {
    surface.split(" [").next().unwrap_or(surface)
}

/// `api/v2/*`: page indicator, components, incidents and maintenance lists.
pub fn api(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    let overall = replay::indicator(replay::overall(items, t));
    for file in ["summary.json", "status.json"] {
        let v = json(out, &format!("api/v2/{file}"));
        let s = format!("api/v2/{file} status.indicator");
        f.agree(
            &s,
            t,
            "page indicator",
            overall,
            v["status"]["indicator"].as_str().unwrap_or(""),
        );
    }
    let summary = json(out, "api/v2/summary.json");
    components(f, "api/v2/summary.json", t, items, &summary["components"]);
    components(
        f,
        "api/v2/components.json",
        t,
        items,
        &json(out, "api/v2/components.json")["components"],
    );
    let live_incidents = slugs(items, t, |i, p| {
        i.kind == Kind::Incident && p == Phase::Live
    });
    f.agree(
        "api/v2/summary.json incidents",
        t,
        "unresolved incidents",
        &live_incidents,
        &list_slugs(&summary["incidents"]),
    );
    let planned = slugs(items, t, |i, p| {
        i.kind == Kind::Maintenance && matches!(p, Phase::Live | Phase::Upcoming)
    });
    f.agree(
        "api/v2/summary.json scheduled_maintenances",
        t,
        "maintenance in progress or upcoming",
        &planned,
        &list_slugs(&summary["scheduled_maintenances"]),
    );
    let lists = [
        (
            "incidents.json",
            "incidents",
            slugs(items, t, |i, p| {
                i.kind == Kind::Incident && p != Phase::Hidden
            }),
        ),
        ("incidents/unresolved.json", "incidents", live_incidents),
        (
            "scheduled-maintenances.json",
            "scheduled_maintenances",
            slugs(items, t, |i, _| i.kind == Kind::Maintenance),
        ),
        (
            "scheduled-maintenances/upcoming.json",
            "scheduled_maintenances",
            slugs(items, t, |i, p| {
                i.kind == Kind::Maintenance && p == Phase::Upcoming
            }),
        ),
        (
            "scheduled-maintenances/active.json",
            "scheduled_maintenances",
            slugs(items, t, |i, p| {
                i.kind == Kind::Maintenance && p == Phase::Live
            }),
        ),
    ];
    for (file, key, want) in lists {
        let v = json(out, &format!("api/v2/{file}"));
        let surface = format!("api/v2/{file}");
        f.agree(&surface, t, "entries", &want, &list_slugs(&v[key]));
        for inc in v[key].as_array().into_iter().flatten() {
            incident(f, &surface, t, items, inc);
        }
    }
    let page = summary["page"]["updated_at"].as_str().and_then(seconds);
    let want = items.iter().filter_map(|i| replay::updated_at(i, t)).max();
    f.expect(
        page.is_some_and(|p| p <= t),
        "api/v2/summary.json page.updated_at",
        t,
        || format!("{:?} is after the instant", summary["page"]["updated_at"]),
    );
    let later = items
        .iter()
        .any(|i| i.postmortem.is_some_and(|p| i.at(p) > t));
    let surface = if later {
        "api/v2/summary.json page.updated_at [group 6]"
    } else {
        "api/v2/summary.json page.updated_at"
    };
    if want.is_some() {
        f.agree(surface, t, "latest update", want, page);
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

/// The site's RSS, Atom and JSON feeds: the items present, no date after the instant, no
/// postmortem dated later.
pub fn feeds(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    let want = slugs(items, t, |i, p| {
        p != Phase::Hidden || i.kind == Kind::Maintenance
    });
    let slug = |url: &str| {
        url.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string()
    };
    let rss = read(out, "rss.xml");
    let atom = read(out, "atom.xml");
    let feed = json(out, "feed.json");
    let ids = |v: Vec<String>| v.iter().map(|u| slug(u)).collect::<BTreeSet<_>>();
    f.agree(
        "rss.xml",
        t,
        "items",
        &want,
        &ids(xml(&rss, &["rss", "channel", "item", "guid"])),
    );
    f.agree(
        "atom.xml",
        t,
        "entries",
        &want,
        &ids(xml(&atom, &["feed", "entry", "id"])),
    );
    let json_ids = feed["items"].as_array().into_iter().flatten();
    let json_ids: Vec<String> = json_ids
        .map(|i| i["id"].as_str().unwrap_or("").to_string())
        .collect();
    f.agree("feed.json", t, "items", &want, &ids(json_ids));
    let mut dates: Vec<(String, Option<i64>, String)> = Vec::new();
    for path in [
        &["rss", "channel", "item", "pubDate"][..],
        &["rss", "channel", "lastBuildDate"],
    ] {
        for d in xml(&rss, path) {
            dates.push((
                "rss.xml".into(),
                rfc2822(&d),
                format!("{} {d}", path.last().unwrap()),
            ));
        }
    }
    for path in [
        &["feed", "entry", "published"][..],
        &["feed", "entry", "updated"],
        &["feed", "updated"],
    ] {
        for d in xml(&atom, path) {
            dates.push((
                "atom.xml".into(),
                seconds(&d),
                format!("{} {d}", path.join("/")),
            ));
        }
    }
    for item in feed["items"].as_array().into_iter().flatten() {
        for key in ["date_published", "date_modified"] {
            let d = item[key].as_str().unwrap_or("");
            dates.push((
                "feed.json".into(),
                seconds(d),
                format!("{} {key} {d}", item["id"]),
            ));
        }
    }
    for (file, at, what) in dates {
        f.expect(
            at.is_some_and(|a| a <= t),
            &format!("{file} dates [group 6]"),
            t,
            || format!("{what} is after the instant (or unreadable)"),
        );
    }
    let later_postmortem = items
        .iter()
        .any(|i| i.postmortem.is_some_and(|p| i.at(p) > t));
    if later_postmortem {
        for (file, text) in [("rss.xml", &rss), ("atom.xml", &atom)] {
            f.expect(
                !text.contains("What happened."),
                &format!("{file} [group 6]"),
                t,
                || "shows a postmortem dated later".into(),
            );
        }
    }
}

fn xml(text: &str, path: &[&str]) -> Vec<String> {
    crate::common::xml_texts(text, path)
}

/// `maintenance.ics`: one event per maintenance, none stamped after the instant.
pub fn calendar(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    let ics = read(out, "maintenance.ics").replace("\r\n ", "");
    let want = slugs(items, t, |i, _| i.kind == Kind::Maintenance);
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
    let slug = url.trim_end_matches('/').rsplit('/').next().unwrap_or("");
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
    // The label is the latest entry's own (docs/api.md: "<Status label>: <latest entry>").
    if let Some(latest) = replay::visible(item, t).last() {
        let label = update_label(latest.word);
        let description = field("DESCRIPTION:");
        f.expect(description.contains(&format!("{label}: Text.")), "maintenance.ics", t, || {
            format!("DESCRIPTION of {slug}: the replay says {label:?}, the surface says {description:?}")
        });
    }
}
