//! Writes a synthetic Statuspage page (its four api/v2 JSON documents) with N incidents, for
//! `bench/import.sh`: `cargo run --release --example gen_statuspage -- 10000 /tmp/sp-10000`.
//!
//! Deterministic (a fixed linear congruential sequence), shaped like real pages: 8 groups of
//! 5 components and 4 ungrouped ones; incidents of 2 to 5 updates, newest first, with
//! component changes, half of the bodies HTML (paragraphs, lists, links, bold, a raw `<`),
//! some with no components, some out of order, some with long titles; one maintenance in 20.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// A small deterministic generator, so every run writes the same page.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

const STATUSES: [&str; 3] = ["degraded_performance", "partial_outage", "major_outage"];
const IMPACTS: [&str; 3] = ["minor", "major", "critical"];

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .expect("usage: gen_statuspage N DIR");
    let dir = PathBuf::from(args.next().expect("usage: gen_statuspage N DIR"));
    write_page(n, &dir);
    println!("wrote {n} incidents into {}", dir.display());
}

/// Writes the page of `n` incidents into `dir` (the suite includes this file to import the
/// same corpus on a small scale).
pub fn write_page(n: usize, dir: &Path) {
    std::fs::create_dir_all(dir).expect("create the folder");
    let page = json!({"id": "benchpage", "name": "Bench Cloud", "url": "https://status.bench.example", "time_zone": "Etc/UTC"});
    let components = components();
    let codes: Vec<(String, String)> = components
        .iter()
        .filter(|c| c["group"] == false)
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut rng = Lcg(42);
    let mut incidents = Vec::with_capacity(n);
    let mut maintenances = Vec::new();
    for i in 0..n {
        let inc = incident(i, &codes, &mut rng);
        if i % 20 == 19 {
            maintenances.push(inc);
        } else {
            incidents.push(inc);
        }
    }
    let write = |name: &str, v: Value| {
        std::fs::write(dir.join(name), serde_json::to_vec(&v).unwrap()).expect("write")
    };
    write(
        "components.json",
        json!({"page": page, "components": components}),
    );
    write(
        "incidents.json",
        json!({"page": page, "incidents": incidents}),
    );
    write(
        "scheduled-maintenances.json",
        json!({"page": page, "scheduled_maintenances": maintenances}),
    );
    write(
        "summary.json",
        json!({"page": page, "components": components, "incidents": [], "scheduled_maintenances": []}),
    );
}

fn components() -> Vec<Value> {
    let mut out = Vec::new();
    let mut position = 0;
    for g in 0..8 {
        position += 1;
        out.push(json!({"id": format!("g{g}"), "name": format!("Group {g}"), "status": "operational", "position": position, "group": true, "group_id": null}));
        for c in 0..5 {
            position += 1;
            // The same five names in every group, as pages with one group per region have.
            out.push(json!({"id": format!("g{g}c{c}"), "name": format!("Service {c}"), "status": "operational", "position": position, "group": false, "group_id": format!("g{g}")}));
        }
    }
    for u in 0..4 {
        position += 1;
        out.push(json!({"id": format!("u{u}"), "name": format!("Standalone {u}"), "status": "operational", "position": position, "group": false, "group_id": null}));
    }
    out
}

fn body(rng: &mut Lcg, i: usize, k: usize) -> String {
    if rng.next(2) == 0 {
        return format!(
            "Update {k} on incident {i}: errors for <1% of requests.\\r\\nWe\u{a0}are \u{201c}on it\u{201d}."
        );
    }
    let mut s =
        format!("<p>Update {k} on incident {i}: <strong>we are working on it</strong>.</p><ul>");
    for r in 0..rng.next(3) + 1 {
        let _ = write!(s, "<li>Region {r}</li>");
    }
    s.push_str(
        "</ul><p>Details on <a href=\"https://bench.example/notes\">the notes page</a>.</p>",
    );
    s
}

fn incident(i: usize, codes: &[(String, String)], rng: &mut Lcg) -> Value {
    let maintenance = i % 20 == 19;
    let start = 1_500_000_000 + i as i64 * 3_600 * 7;
    let at = |s: i64| jiff::Timestamp::from_second(s).unwrap().to_string();
    let code = &codes[rng.next(codes.len() as u64) as usize];
    let status = STATUSES[rng.next(3) as usize];
    let steps = 2 + rng.next(4) as usize;
    let words = if maintenance {
        ["scheduled", "in_progress", "verifying", "completed"]
    } else {
        ["investigating", "identified", "monitoring", "resolved"]
    };
    let no_components = i % 50 == 7;
    let mut updates = Vec::new();
    for k in 0..steps {
        let last = k + 1 == steps;
        let word = if last { words[3] } else { words[k.min(2)] };
        let changes = match (k, last) {
            _ if no_components => Value::Null,
            (0, _) => {
                json!([{"code": code.0, "name": code.1, "old_status": "operational", "new_status": if maintenance { "under_maintenance" } else { status }}])
            }
            (_, true) => {
                json!([{"code": code.0, "name": code.1, "old_status": status, "new_status": "operational"}])
            }
            _ => Value::Null,
        };
        updates.push(json!({"id": format!("i{i}u{k}"), "status": word, "body": body(rng, i, k), "created_at": at(start + k as i64 * 1200), "display_at": at(start + k as i64 * 1200), "affected_components": changes}));
    }
    if i % 10 != 3 {
        updates.reverse();
    }
    let title = if i % 100 == 11 {
        format!(
            "Incident {i}: {}",
            "a very long description of what went wrong ".repeat(4)
        )
    } else {
        format!("Incident {i} on {}", code.1)
    };
    let mut v = json!({"id": format!("inc{i}"), "name": title, "status": words[3], "impact": if maintenance { "maintenance" } else { IMPACTS[rng.next(3) as usize] }, "created_at": at(start), "started_at": at(start), "resolved_at": at(start + (steps as i64 - 1) * 1200), "incident_updates": updates, "components": if no_components { json!([]) } else { json!([{"id": code.0, "name": code.1}]) }});
    if maintenance {
        v["scheduled_for"] = json!(at(start));
        v["scheduled_until"] = json!(at(start + 7200));
    }
    v
}
