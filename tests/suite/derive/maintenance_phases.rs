//! When a maintenance is upcoming, in progress or completed: the window decides, unless an
//! entry says otherwise (finished early, or running over). Read from the Statuspage-shaped
//! API, whose `status` field says it in Statuspage's words.

use crate::support::*;

/// The window is 18:00–22:00 on 2026-11-23 (site zone, Asia/Shanghai); `entries` follow.
fn maintenance(entries: &str) -> String {
    format!(
        "---\ntitle: Upgrade\nkind: maintenance\nscheduled:\n  start: 2026-11-23 18:00\n  end: 2026-11-23 22:00\naffected:\n  wechat: under_maintenance\n---\n\n## Timeline\n{entries}"
    )
}

/// The maintenance's API status and the overall indicator, built at `now` (site zone).
fn status_at(entries: &str, now: &str) -> (String, String) {
    let site = TestSite::new(CONFIG);
    site.write("incidents/m.md", &maintenance(entries));
    site.run(&["build", "--now", now]).ok();
    let all = read_json(&site.out().join("api/v2/scheduled-maintenances.json"));
    let status = all["scheduled_maintenances"][0]["status"].as_str().unwrap();
    let summary = read_json(&site.out().join("api/v2/summary.json"));
    let indicator = summary["status"]["indicator"].as_str().unwrap();
    (status.to_string(), indicator.to_string())
}

#[test]
fn without_entries_the_window_decides() {
    let cases = [
        ("2026-11-23 17:59", "scheduled", "none"),
        ("2026-11-23 18:00", "in_progress", "maintenance"),
        ("2026-11-23 21:59", "in_progress", "maintenance"),
        ("2026-11-23 22:00", "completed", "none"),
    ];
    for (now, status, indicator) in cases {
        let got = status_at("", now);
        assert_eq!(got, (status.into(), indicator.into()), "at {now}");
    }
}

#[test]
fn a_window_that_ended_without_an_entry_was_resolved_at_its_end() {
    let site = TestSite::new(CONFIG);
    site.write("incidents/m.md", &maintenance(""));
    site.run(&["build", "--now", "2026-11-23 23:00"]).ok();
    let all = read_json(&site.out().join("api/v2/scheduled-maintenances.json"));
    let m = &all["scheduled_maintenances"][0];
    assert_eq!(m["status"], "completed");
    assert_eq!(m["resolved_at"], "2026-11-23T22:00:00.000+08:00");
}

#[test]
fn an_entry_can_finish_early_or_run_over() {
    let early =
        "\n### 2026-11-23 18:00 · in_progress\nStarted.\n\n### 19:00 · completed\nDone early.\n";
    assert_eq!(
        status_at(early, "2026-11-23 20:00"),
        ("completed".into(), "none".into())
    );
    let over =
        "\n### 2026-11-23 18:00 · in_progress\nStarted.\n\n### 21:50 · verifying\nChecking.\n";
    assert_eq!(
        status_at(over, "2026-11-23 22:30"),
        ("verifying".into(), "maintenance".into())
    );
    let late_start = "\n### 2026-11-23 17:00 · scheduled\nReminder.\n";
    assert_eq!(
        status_at(late_start, "2026-11-23 19:00"),
        ("in_progress".into(), "maintenance".into()),
        "a window that has begun outranks an entry that still says scheduled"
    );
}

#[test]
fn an_incident_that_starts_this_very_minute_is_active() {
    let site = TestSite::standard();
    site.run(&["build", "--now", "2023-03-29 00:30"]).ok();
    let unresolved = read_json(&site.out().join("api/v2/incidents/unresolved.json"));
    assert_eq!(
        unresolved["incidents"].as_array().unwrap().len(),
        1,
        "{unresolved:#}"
    );
}
