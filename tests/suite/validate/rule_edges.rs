//! The edges of the validation rules: where a check starts to fire and where it must not.
//! "Now" is fixed at 2026-11-23 12:00 UTC, 20:00 in the test site's zone (Asia/Shanghai).

use crate::support::*;

/// The codes of every diagnostic (errors and warnings) of `check`.
fn codes(site: &TestSite) -> Vec<String> {
    check_json(site)
        .0
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn open_since(start: &str) -> String {
    format!(
        "---\ntitle: Open\naffected:\n  wechat/login: major_outage\n---\n\n## Timeline\n\n### {start} · investigating\nStill looking.\n"
    )
}

#[test]
fn an_incident_is_stale_only_after_seven_whole_days_open() {
    let cases = [
        ("2026-11-17 20:00", false), // six days
        ("2026-11-16 20:00", false), // exactly seven days
        ("2026-11-16 19:59", true),  // seven days and a minute
    ];
    for (start, stale) in cases {
        let site = TestSite::new(CONFIG);
        site.write("incidents/open.md", &open_since(start));
        let found = codes(&site).contains(&"stale-incident".to_string());
        assert_eq!(found, stale, "open since {start}");
    }
}

#[test]
fn a_long_maintenance_is_not_a_stale_incident() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/m.md",
        "---\ntitle: Long migration\nkind: maintenance\nscheduled:\n  start: 2026-11-01 00:00\n  end: 2026-12-30 00:00\naffected:\n  wechat: under_maintenance\n---\n\n## Timeline\n\n### 2026-11-01 00:00 · in_progress\nMoving.\n",
    );
    assert_eq!(codes(&site), Vec::<String>::new());
}

#[test]
fn maintenance_needs_a_window_and_an_incident_may_not_have_one() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/m.md",
        "---\ntitle: M\nkind: maintenance\naffected:\n  wechat: under_maintenance\n---\n\n## Timeline\n\n### 2023-03-29 00:30 · scheduled\na\n",
    );
    assert_eq!(codes(&site), ["missing-window"]);
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/i.md",
        &GOOD_INCIDENT.replace(
            "affected:",
            "scheduled:\n  start: 2023-03-29 00:00\n  end: 2023-03-29 01:00\naffected:",
        ),
    );
    assert_eq!(codes(&site), ["window-on-incident"]);
}

#[test]
fn entries_at_the_same_minute_and_a_resolution_at_the_start_are_fine() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/x.md",
        "---\ntitle: Blip\naffected:\n  wechat/login: degraded_performance\n---\n\n## Timeline\n\n### 2023-03-29 00:30 · investigating\nA blip.\n\n### 00:30 · resolved\nGone already.\n",
    );
    assert_eq!(codes(&site), Vec::<String>::new());
    // The same with a `resolved` override at the very start.
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/x.md",
        &GOOD_INCIDENT.replace("affected:", "resolved: 2023-03-29 00:30\naffected:"),
    );
    assert_eq!(codes(&site), Vec::<String>::new());
    // One minute earlier is an error.
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/x.md",
        &GOOD_INCIDENT.replace("affected:", "resolved: 2023-03-29 00:29\naffected:"),
    );
    assert_eq!(codes(&site), ["resolved-before-start"]);
}

#[test]
fn a_maintenance_is_overdue_only_once_its_window_has_ended() {
    let maintenance = |end: &str| {
        format!(
            "---\ntitle: Upgrade\nkind: maintenance\nscheduled:\n  start: 2026-11-23 18:00\n  end: {end}\naffected:\n  wechat: under_maintenance\n---\n\n## Timeline\n\n### 2026-11-23 18:00 · in_progress\nUpgrading.\n"
        )
    };
    for (end, overdue) in [("2026-11-23 20:00", false), ("2026-11-23 19:59", true)] {
        let site = TestSite::new(CONFIG);
        site.write("incidents/m.md", &maintenance(end));
        let found = codes(&site).contains(&"maintenance-not-completed".to_string());
        assert_eq!(found, overdue, "window ending {end}");
    }
}

#[test]
fn a_title_yaml_reads_as_null_a_number_or_a_boolean_is_taken_as_written() {
    for title in ["null", "~", "404", "yes"] {
        let site = TestSite::new(CONFIG);
        let text =
            open_since("2026-11-23 10:00").replace("title: Open", &format!("title: {title}"));
        site.write("incidents/open.md", &text);
        assert!(
            !codes(&site).contains(&"empty-title".to_string()),
            "title: {title}"
        );
        site.run(&["build"]).ok();
        let api = site.read("public/api/v2/incidents.json");
        let api: serde_json::Value = serde_json::from_str(&api).unwrap();
        assert_eq!(api["incidents"][0]["name"], title, "title: {title}");
    }
}

/// A `Window:` line (docs/format.md, "Changing a maintenance"): read on a maintenance entry and
/// in effect from it on; an error on an incident, when it ends before it starts, and when it
/// cannot be read, each at its line; a cancelled maintenance ends before its window without
/// an error.
#[test]
fn window_lines_are_for_maintenance_and_end_after_they_start() {
    let maintenance = |entry: &str| {
        format!(
            "---\ntitle: M\nkind: maintenance\nscheduled:\n  start: 2026-12-01 01:00\n  end: 2026-12-01 03:00\naffected:\n  wechat: under_maintenance\n---\n\n## Timeline\n\n### 2026-11-20 10:00 · scheduled\nPlanned.\n\n{entry}"
        )
    };
    let cases = [
        (
            "### 2026-11-21 10:00 · scheduled\n\nWindow: 2026-12-02 01:00 → 03:00\n\nMoved.\n",
            vec![],
        ),
        ("### 2026-11-21 10:00 · cancelled\n\nNot needed.\n", vec![]),
        (
            "### 2026-11-21 10:00 · scheduled\n\nWindow: 2026-12-02 03:00 → 01:00\n\nMoved.\n",
            vec!["window-ends-before-start"],
        ),
        (
            "### 2026-11-21 10:00 · scheduled\n\nWindow: next tuesday\n\nMoved.\n",
            vec!["bad-window-change"],
        ),
        (
            "### 2026-11-21 10:00 · scheduled\n\nWindow: 2026-12-02 01:00 → 25:00\n\nMoved.\n",
            vec!["bad-window-change"],
        ),
        (
            "### 2026-11-21 10:00 · completed\n\nDone.\n",
            vec!["resolved-before-start"],
        ),
        // Read among the other lines at the top of the entry, in any order.
        (
            "### 2026-11-21 10:00 · scheduled\n\nAffects: wechat=under_maintenance\nWindow: 2026-12-02 03:00 → 01:00\n\nMoved.\n",
            vec!["window-ends-before-start", "unchanged-component"],
        ),
        (
            "### 2026-11-21 10:00 · scheduled\n\nWindow: 2026-12-02 01:00 → 03:00\nWindow: 2026-12-03 01:00 → 03:00\n\nMoved.\n",
            vec!["bad-window-change"],
        ),
    ];
    for (entry, want) in cases {
        let site = TestSite::new(CONFIG);
        site.write("incidents/m.md", &maintenance(entry));
        assert_eq!(codes(&site), want, "{entry}");
    }
    let site = TestSite::new(CONFIG);
    let incident = GOOD_INCIDENT.replace("Fixed.", "Window: 2023-03-30 01:00 → 03:00\n\nFixed.");
    site.write("incidents/i.md", &incident);
    let (diags, _) = check_json(&site);
    let found: Vec<_> = diags
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(found, [("window-on-incident", 13)]);
}
