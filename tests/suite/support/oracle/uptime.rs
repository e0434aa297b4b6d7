//! `api/uptime.json` against the replay (docs/uptime.md, "Rules"): each component's down
//! seconds per local day, up to the instant. A component is charged, at each moment, the
//! weight of its worst status from the incidents live then (`major_outage` 1, `partial_outage`
//! 0.3, anything else 0; overlapping incidents once); a product is as down as its worst
//! feature; days are local midnight to midnight (23 hours on 8 March 2026); today is measured
//! up to the instant. Days a maintenance window of the component touches are not compared:
//! the window's share is "neither down nor measured", and the replay does not model it.
//!
//! The day bars of each component page (issue 22, group 3: "colour = worst status of the day,
//! legend unchanged"): a bar's class is the legend's (`b-ok`, `b-degraded`, `b-partial`,
//! `b-major`, `b-maintenance`) for the worst status the component had that day up to the
//! instant, in the order of docs/api.md (maintenance in progress ranks below degraded).

use std::collections::BTreeMap;
use std::path::Path;

use super::findings::{Findings, json};
use super::replay;
use super::site::{EPOCH, Item, Kind, REFS, SPAN_MINUTES, Status};

const PARTIAL_WEIGHT: f64 = 0.3;

fn weight(s: Status) -> f64 {
    match s {
        Status::Major => 1.0,
        Status::Partial => PARTIAL_WEIGHT,
        _ => 0.0,
    }
}

/// The local date of an instant.
fn date(t: i64) -> String {
    super::site::local(t)[..10].to_string()
}

/// Whether maintenance `item` can touch component `c`: one of its references is `c`, `c`'s
/// product, or a feature of `c`.
fn touches(item: &Item, c: usize) -> bool {
    item.affected.iter().any(|&(r, _)| {
        let (a, b) = (REFS[r], REFS[c]);
        a == b || b.starts_with(&format!("{a}/")) || a.starts_with(&format!("{b}/"))
    })
}

/// The days a maintenance of `c` may have been in progress on: from its window start to its
/// end, or on to the instant when an `in_progress` entry is not followed by `completed`.
fn maintenance_days(items: &[Item], c: usize, t: i64) -> Vec<String> {
    let mut days = Vec::new();
    for item in items
        .iter()
        .filter(|i| i.kind == Kind::Maintenance && touches(i, c))
    {
        let (start, end) = replay::window_at(item, t).expect("maintenance has a window");
        let open = item.entries.iter().any(|e| e.word == "in_progress")
            && !item
                .entries
                .iter()
                .any(|e| matches!(e.word, "completed" | "cancelled"));
        // Cancelled: under maintenance (if at all) only until the cancellation.
        let end = replay::cancelled_at(item, t).map_or(end, |c| (c - item.at(0)) / 60);
        let end = if open { t } else { item.at(end).min(t) };
        let mut at = item.at(start);
        while at <= end {
            days.push(date(at));
            at += 3600;
        }
        // The hourly steps can stop short of the last day (an end at 00:46, steps at :55).
        if item.at(start) <= end {
            days.push(date(end));
        }
    }
    days
}

/// Down seconds of component `c` per local day, minute by minute up to `t`.
fn down_by_day(items: &[Item], c: usize, t: i64) -> BTreeMap<String, f64> {
    let incidents: Vec<Item> = items
        .iter()
        .filter(|i| i.kind == Kind::Incident)
        .cloned()
        .collect();
    let mut out: BTreeMap<String, f64> = BTreeMap::new();
    let mut at = EPOCH;
    while at < t {
        let step = 60.min(t - at);
        let w = weight(replay::component(&incidents, c, at));
        *out.entry(date(at)).or_default() += w * step as f64;
        at += step;
    }
    out
}

/// Each component's down seconds on each day of the generated span.
pub fn check(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    let v = json(out, "api/uptime.json");
    // Issue 22, group 4: the gap between a resolution and a reopening charged as down time.
    let reopened = items.iter().any(|i| {
        i.entries
            .windows(2)
            .any(|w| w[0].word == "resolved" && i.at(w[1].minute) <= t)
    });
    let surface = if reopened {
        "api/uptime.json [group 4]"
    } else {
        "api/uptime.json"
    };
    let first = date(EPOCH);
    let last = date(EPOCH + SPAN_MINUTES * 60);
    for comp in v["components"].as_array().into_iter().flatten() {
        let reference = comp["reference"].as_str().unwrap_or("");
        let Some(c) = REFS.iter().position(|r| *r == reference) else {
            continue;
        };
        let want = down_by_day(items, c, t);
        let skip = maintenance_days(items, c, t);
        for day in comp["days"].as_array().into_iter().flatten() {
            let d = day["date"].as_str().unwrap_or("").to_string();
            if d < first || d > last || skip.contains(&d) {
                continue;
            }
            let shown = day["down_seconds"].as_f64().unwrap_or(f64::NAN);
            let expected = want.get(&d).copied().unwrap_or(0.0);
            if (shown - expected).abs() > 1e-6 {
                let what = format!("down seconds of {reference} on {d}");
                f.agree(
                    surface,
                    t,
                    &what,
                    format!("{expected:.1}"),
                    format!("{shown:.1}"),
                );
            }
        }
    }
}

/// The legend's class of a status.
fn level(s: Status) -> &'static str {
    match s {
        Status::Operational => "ok",
        Status::UnderMaintenance => "maintenance",
        Status::Degraded => "degraded",
        Status::Partial => "partial",
        Status::Major => "major",
    }
}

/// Component `c`'s worst status per local day, minute by minute up to `t`.
fn worst_by_day(items: &[Item], c: usize, t: i64) -> BTreeMap<String, Status> {
    let mut out: BTreeMap<String, Status> = BTreeMap::new();
    let mut at = EPOCH;
    while at < t {
        let s = replay::component(items, c, at);
        let day = out.entry(date(at)).or_insert(Status::Operational);
        *day = (*day).max(s);
        at += 60.min(t - at);
    }
    out
}

/// `(date, level class, marked "so far")` of each day bar in `html`.
fn bar_levels(html: &str) -> Vec<(String, String, bool)> {
    html.split("<li class=\"bar b-")
        .skip(1)
        .filter_map(|part| {
            let classes = &part[..part.find('"')?];
            let mut words = classes.split(' ');
            let level = words.next()?.to_string();
            let so_far = words.any(|w| w == "so-far");
            let at = part.find("<time datetime=\"")? + "<time datetime=\"".len();
            Some((part[at..].chars().take(10).collect(), level, so_far))
        })
        .collect()
}

/// Each component page's day bars over the generated span.
pub fn bars(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    let first = date(EPOCH);
    for (c, reference) in REFS.iter().enumerate() {
        let rel = format!("components/{reference}/index.html");
        let html = std::fs::read_to_string(out.join(&rel)).unwrap_or_default();
        let want = worst_by_day(items, c, t);
        let surface = format!("{rel} day bars [group 3]");
        let today = date(t);
        for (day, class, so_far) in bar_levels(&html).into_iter().filter(|(d, ..)| *d >= first) {
            // docs/uptime.md: today's bar, and only today's, is measured "so far".
            f.agree(
                &surface,
                t,
                &format!("{day} marked so far"),
                day == today,
                so_far,
            );
            let expected = want.get(&day).copied().unwrap_or(Status::Operational);
            let what = format!("colour of {day}");
            f.agree(
                &surface,
                t,
                &what,
                format!("b-{}", level(expected)),
                format!("b-{class}"),
            );
        }
    }
}
