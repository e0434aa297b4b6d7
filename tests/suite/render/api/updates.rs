//! The incident updates of the Statuspage-shaped API: which update records components going
//! down and coming back (`affected_components`), `monitoring_at`, and each component's
//! `updated_at`. Expectations written from Statuspage's documented shapes (docs/api.md).

use crate::support::*;
use serde_json::Value;

fn incident_json(site: &TestSite, name: &str) -> Value {
    listed_json(site, "incidents", name)
}

/// Incident `name` from `api/v2/<list>.json` (`incidents` or `scheduled-maintenances`).
fn listed_json(site: &TestSite, list: &str, name: &str) -> Value {
    let all = read_json(&site.out().join(format!("api/v2/{list}.json")));
    all[list.replace('-', "_")]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("no incident {name}"))
}

const TIMELINE: &str = "---\ntitle: Pay errors\naffected:\n  wechat/pay: partial_outage\n---\n\n## Timeline\n\n### 2023-03-29 00:30 · investigating\na\n\n### 01:00 · monitoring\nb\n\n### 01:30 · monitoring\nc\n\n### 02:00 · resolved\nd\n";

#[test]
fn the_first_update_takes_components_down_and_the_final_one_brings_them_back() {
    let site = TestSite::new(CONFIG);
    site.write("incidents/pay.md", TIMELINE);
    site.write(
        "incidents/open.md",
        "---\ntitle: Still open\naffected:\n  qq/mail: major_outage\n---\n\n## Timeline\n\n### 2023-03-30 00:30 · investigating\na\n\n### 01:00 · monitoring\nb\n",
    );
    site.write(
        "incidents/blip.md",
        "---\ntitle: Blip\naffected:\n  wechat/login: degraded_performance\n---\n\n## Timeline\n\n### 2023-03-31 00:30 · resolved\nOver before we could say so.\n",
    );
    site.run(&["build", "--now", "2023-04-01 00:00"]).ok();
    let pay = incident_json(&site, "Pay errors");
    assert_eq!(
        changes(&pay),
        [
            (
                "investigating".into(),
                vec![change("Pay", "operational", "partial_outage")]
            ),
            ("monitoring".into(), vec![]),
            ("monitoring".into(), vec![]),
            (
                "resolved".into(),
                vec![change("Pay", "partial_outage", "operational")]
            ),
        ]
    );
    // When monitoring began; the second monitoring entry is news, not a change of state.
    assert_eq!(pay["monitoring_at"], "2023-03-29T01:00:00.000+08:00");
    let open = incident_json(&site, "Still open");
    assert_eq!(
        changes(&open),
        [
            (
                "investigating".into(),
                vec![change("Mail", "operational", "major_outage")]
            ),
            ("monitoring".into(), vec![]),
        ],
        "an update that is not final brings nothing back"
    );
    assert_eq!(open["monitoring_at"], "2023-03-30T01:00:00.000+08:00");
    let blip = incident_json(&site, "Blip");
    assert_eq!(
        changes(&blip),
        [(
            "resolved".into(),
            vec![change("Login", "degraded_performance", "operational")]
        )],
        "a single resolved entry records the components coming back"
    );
    assert_eq!(blip["monitoring_at"], Value::Null);
}

#[test]
fn a_component_was_updated_when_its_latest_incident_was() {
    let site = TestSite::new(CONFIG);
    site.write("incidents/pay.md", TIMELINE);
    site.run(&["build", "--now", "2023-04-01 00:00"]).ok();
    let components = read_json(&site.out().join("api/v2/components.json"));
    let find = |name: &str| {
        components["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(find("Pay")["updated_at"], "2023-03-29T02:00:00.000+08:00");
    assert_eq!(
        find("WeChat")["updated_at"],
        "2023-03-29T02:00:00.000+08:00"
    );
    assert_ne!(find("Mail")["updated_at"], find("Pay")["updated_at"]);
}

#[test]
fn a_maintenance_records_its_components_going_under_maintenance_in_its_window_not_when_announced() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/upgrade.md",
        "---\ntitle: Pay upgrade\nkind: maintenance\naffected:\n  wechat/pay: under_maintenance\nscheduled:\n  start: 2023-03-29 02:00\n  end: 2023-03-29 04:00\n---\n\n## Timeline\n\n### 2023-03-20 10:00 · scheduled\nWe will upgrade Pay.\n\n### 2023-03-29 02:00 · in_progress\nStarted.\n\n### 03:00 · verifying\nChecking.\n\n### 03:30 · completed\nDone.\n",
    );
    site.write(
        "incidents/quiet.md",
        "---\ntitle: Quiet upgrade\nkind: maintenance\naffected:\n  qq/mail: under_maintenance\nscheduled:\n  start: 2023-03-30 02:00\n  end: 2023-03-30 04:00\n---\n\n## Timeline\n\n### 2023-03-20 10:00 · scheduled\nWe will upgrade Mail.\n\n### 2023-03-30 04:00 · completed\nDone.\n",
    );
    site.run(&["build", "--now", "2023-04-01 00:00"]).ok();
    assert_eq!(
        changes(&listed_json(&site, "scheduled-maintenances", "Pay upgrade")),
        [
            ("scheduled".into(), vec![]),
            (
                "in_progress".into(),
                vec![change("Pay", "operational", "under_maintenance")]
            ),
            ("verifying".into(), vec![]),
            (
                "completed".into(),
                vec![change("Pay", "under_maintenance", "operational")]
            ),
        ],
        "the announcement, weeks ahead, changes nothing on the page"
    );
    assert_eq!(
        changes(&listed_json(
            &site,
            "scheduled-maintenances",
            "Quiet upgrade"
        )),
        [("scheduled".into(), vec![]), ("completed".into(), vec![])],
        "no entry was written in the window: no change is recorded"
    );
}
