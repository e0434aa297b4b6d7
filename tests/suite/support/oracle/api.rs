//! The Statuspage-shaped API (docs/api.md §1) against the replay.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use super::findings::{Findings, json, seconds};
use super::replay::{self, Phase, slugs};
use super::site::{Item, Kind, REFS};

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

/// One API incident or maintenance object against the replay: status, impact, `created_at`,
/// its components.
fn incident(f: &mut Findings, surface: &str, t: i64, items: &[Item], v: &Value) {
    let slug = slug_of(v);
    let Some(item) = items.iter().find(|i| i.slug == slug) else {
        return f.expect(false, surface, t, || format!("unknown incident {slug}"));
    };
    let what = |w: &str| format!("{w} of {slug}");
    let field = |k: &str| v[k].as_str().unwrap_or("").to_string();
    let status = replay::api_status_word(item, t).to_string();
    f.agree(surface, t, &what("status"), status, field("status"));
    let cancelled = v["cancelled_at"].as_str().and_then(seconds);
    let want = replay::cancelled_at(item, t);
    f.agree(surface, t, &what("cancelled_at"), want, cancelled);
    let impact = replay::impact(item, t).to_string();
    f.agree(surface, t, &what("impact"), impact, field("impact"));
    let created = v["created_at"].as_str().and_then(seconds);
    let want = Some(replay::created_at(item, t));
    f.agree(surface, t, &what("created_at"), want, created);
    let surface = format!("{surface} components[]");
    components(f, &surface, t, items, &v["components"]);
}

/// The file of a surface name, without a group tag.
fn slug_surface(surface: &str) -> &str {
    surface.split(" [").next().unwrap_or(surface)
}

/// One API object's `updated_at` (the latest update up to the instant, never after it) and
/// its postmortem (none dated later).
fn dated_object(f: &mut Findings, surface: &str, t: i64, item: &Item, v: &Value) {
    let slug = &item.slug;
    let what = |w: &str| format!("{w} of {slug}");
    let updated = v["updated_at"].as_str().and_then(seconds);
    f.expect(updated.is_some_and(|u| u <= t), surface, t, || {
        format!(
            "{slug} updated_at {:?} is after the instant",
            v["updated_at"]
        )
    });
    if let Some(want) = replay::updated_at(item, t) {
        f.agree(surface, t, &what("updated_at"), Some(want), updated);
    }
    if item.postmortem.is_some_and(|p| item.at(p) > t) {
        let what = what("postmortem_body (dated later)");
        f.agree(surface, t, &what, &Value::Null, &v["postmortem_body"]);
    }
}

/// The API incidents and maintenance each list holds at `t`: (file, key, slugs).
fn lists(items: &[Item], t: i64) -> Vec<(&'static str, &'static str, BTreeSet<String>)> {
    let of = |kind: Kind, keep: fn(Phase) -> bool| {
        slugs(items, t, move |i, p| i.kind == kind && keep(p))
    };
    vec![
        (
            "incidents.json",
            "incidents",
            of(Kind::Incident, |p| p != Phase::Hidden),
        ),
        (
            "incidents/unresolved.json",
            "incidents",
            of(Kind::Incident, |p| p == Phase::Live),
        ),
        (
            "scheduled-maintenances.json",
            "scheduled_maintenances",
            of(Kind::Maintenance, |p| p != Phase::Hidden),
        ),
        (
            "scheduled-maintenances/upcoming.json",
            "scheduled_maintenances",
            of(Kind::Maintenance, |p| p == Phase::Upcoming),
        ),
        (
            "scheduled-maintenances/active.json",
            "scheduled_maintenances",
            of(Kind::Maintenance, |p| p == Phase::Live),
        ),
    ]
}

/// `summary.json` and `status.json`: the page indicator, the components, what is unresolved
/// and planned.
fn summary(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
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
    let all = json(out, "api/v2/components.json");
    components(f, "api/v2/components.json", t, items, &all["components"]);
    let live = slugs(items, t, |i, p| {
        i.kind == Kind::Incident && p == Phase::Live
    });
    let shown = list_slugs(&summary["incidents"]);
    f.agree(
        "api/v2/summary.json incidents",
        t,
        "unresolved incidents",
        &live,
        &shown,
    );
    let planned = slugs(items, t, |i, p| {
        i.kind == Kind::Maintenance && matches!(p, Phase::Live | Phase::Upcoming)
    });
    let shown = list_slugs(&summary["scheduled_maintenances"]);
    let s = "api/v2/summary.json scheduled_maintenances";
    f.agree(
        s,
        t,
        "maintenance in progress or upcoming",
        &planned,
        &shown,
    );
}

/// `page.updated_at`: the latest update of anything shown, never after the instant.
fn page_updated_at(f: &mut Findings, summary: &Value, items: &[Item], t: i64) {
    let page = summary["page"]["updated_at"].as_str().and_then(seconds);
    let s = "api/v2/summary.json page.updated_at [group 6]";
    f.expect(page.is_some_and(|p| p <= t), s, t, || {
        format!("{:?} is after the instant", summary["page"]["updated_at"])
    });
    let want = items.iter().filter_map(|i| replay::updated_at(i, t)).max();
    if want.is_some() {
        f.agree(s, t, "latest update", want, page);
    }
}

/// `api/v2/*`: page indicator, components, incidents and maintenance lists.
pub fn api(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    summary(f, out, items, t);
    for (file, key, want) in lists(items, t) {
        let v = json(out, &format!("api/v2/{file}"));
        let surface = format!("api/v2/{file}");
        f.agree(&surface, t, "entries", &want, &list_slugs(&v[key]));
        for inc in v[key].as_array().into_iter().flatten() {
            incident(f, &surface, t, items, inc);
        }
    }
}

/// Nothing dated after the instant in the API (issue 22, group 6): each object's and the
/// page's `updated_at`, postmortems.
pub fn dated(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    for (file, key, _) in lists(items, t) {
        let v = json(out, &format!("api/v2/{file}"));
        let surface = format!("api/v2/{file} [group 6]");
        for obj in v[key].as_array().into_iter().flatten() {
            if let Some(item) = items.iter().find(|i| i.slug == slug_of(obj)) {
                dated_object(f, &surface, t, item, obj);
            }
        }
    }
    page_updated_at(f, &json(out, "api/v2/summary.json"), items, t);
}
