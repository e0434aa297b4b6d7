//! Maintenance moments (a reminder, the start, the end) are announced once each, when a
//! scheduled run passes them, in a zone whose clocks go back during the window (New York,
//! 1 November 2026: 02:00 EDT becomes 01:00 EST).
// Sending needs the default feature `notify-send`.
#![cfg(feature = "notify-send")]

use crate::support::TestSite;
use crate::support::notify::{Receiver, notify};

const CONFIG: &str = "\
title: Acme Status
base_url: https://status.test/
language: en
timezone: America/New_York
products:
  - id: api
    name: API
    features:
      - id: db
        name: Database
  - id: web
    name: Website
";

/// 00:30 EDT (04:30Z) to 03:00 EST (08:00Z): three and a half hours, though the wall
/// clock shows two and a half.
const MAINTENANCE: &str = "\
---
title: Database upgrade
kind: maintenance
affected:
  api/db: under_maintenance
scheduled:
  start: 2026-11-01 00:30
  end: 2026-11-01 03:00
---
We upgrade the database.

## Timeline

### 2026-10-25 10:00 · scheduled
The upgrade is planned.
";

fn site(r: &Receiver, filter: &str) -> TestSite {
    let site = TestSite::new(CONFIG);
    site.write("incidents/db.md", MAINTENANCE);
    site.write(
        "notify.yaml",
        &format!(
            "remind_before: 60m\nmax_age: 1d\ntargets:\n  - {{ name: hooks, type: webhook, url: \"{}\"{filter} }}\n",
            r.url("/hook")
        ),
    );
    site
}

/// Runs notify at each UTC time; the event ids delivered by each run.
fn runs(site: &TestSite, r: &Receiver, times: &[&str]) -> Vec<Vec<String>> {
    let state = site.path().join("state");
    let args = ["--state", state.to_str().unwrap()];
    times
        .iter()
        .map(|now| {
            r.clear();
            let (status, out, err) = notify(site.path(), now, &args, &[]);
            assert_eq!(status, Some(0), "{now}: {out}\n{err}");
            r.delivered()
                .iter()
                .map(|q| {
                    q.json()["bulletin"]["event_id"]
                        .as_str()
                        .unwrap()
                        .to_string()
                })
                .collect()
        })
        .collect()
}

#[test]
fn each_maintenance_moment_is_announced_once_across_the_dst_change() {
    let r = Receiver::start();
    let site = site(&r, "");
    let got = runs(
        &site,
        &r,
        &[
            "2026-11-01T03:00:00Z", // first run: records what there is, sends nothing
            "2026-11-01T03:20:00Z",
            "2026-11-01T03:40:00Z", // 23:40 EDT: the reminder (start - 60 min = 23:30 EDT)
            "2026-11-01T04:00:00Z",
            "2026-11-01T04:40:00Z", // 00:40 EDT: started
            "2026-11-01T07:30:00Z", // 02:30 EST: not over (wall-clock arithmetic would say 07:00Z)
            "2026-11-01T08:05:00Z", // 03:05 EST: completed
            "2026-11-01T09:00:00Z",
        ],
    );
    let none: Vec<String> = Vec::new();
    assert_eq!(
        got,
        vec![
            none.clone(),
            none.clone(),
            vec!["maintenance:db@reminder".to_string()],
            none.clone(),
            vec!["maintenance:db@started".to_string()],
            none.clone(),
            vec!["maintenance:db@completed".to_string()],
            none,
        ]
    );
}

#[test]
fn a_reminder_missed_by_the_schedule_is_not_sent_after_the_start() {
    let r = Receiver::start();
    let site = site(&r, "");
    let got = runs(&site, &r, &["2026-11-01T03:00:00Z", "2026-11-01T04:40:00Z"]);
    assert_eq!(got[1], ["maintenance:db@started"]);
    // The message says the local times, with the offset of each moment.
    let r2 = Receiver::start();
    let site2 = self::site(&r2, "");
    runs(
        &site2,
        &r2,
        &["2026-11-01T03:00:00Z", "2026-11-01T08:05:00Z"],
    );
    let delivered = r2.delivered();
    assert_eq!(
        delivered.len(),
        1,
        "a run after the end says only that it ended"
    );
    let v = delivered[0].json();
    assert_eq!(v["incident"]["scheduled_for"], "2026-11-01T00:30:00-04:00");
    assert_eq!(
        v["incident"]["scheduled_until"],
        "2026-11-01T03:00:00-05:00"
    );
    assert_eq!(v["bulletin"]["headline"], "Maintenance completed");
}

#[test]
fn a_target_for_another_component_or_kind_gets_no_maintenance() {
    let r = Receiver::start();
    for filter in [", components: [web]", ", kinds: [incidents, statements]"] {
        let site = site(&r, filter);
        let got = runs(
            &site,
            &r,
            &[
                "2026-11-01T03:00:00Z",
                "2026-11-01T03:40:00Z",
                "2026-11-01T08:05:00Z",
            ],
        );
        assert!(got.iter().all(Vec::is_empty), "{filter}: {got:?}");
    }
    // A filter on the product takes its features' maintenance.
    let site = site(&r, ", components: [api]");
    let got = runs(&site, &r, &["2026-11-01T03:00:00Z", "2026-11-01T03:40:00Z"]);
    assert_eq!(got[1], ["maintenance:db@reminder"]);
}
