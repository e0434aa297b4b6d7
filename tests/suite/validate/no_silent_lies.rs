//! Issue 14, "no silent lies": front-matter overrides that contradict the timeline, entries
//! dated after "now", and local times that do not exist or exist twice. "Now" is fixed at
//! 2026-11-23 12:00 UTC, 20:00 in the test site's zone (Asia/Shanghai).

use crate::support::*;

/// The diagnostic with `code`, which must be the only one with it.
fn the(diags: &[serde_json::Value], code: &str) -> serde_json::Value {
    let found: Vec<_> = diags.iter().filter(|d| d["code"] == code).collect();
    assert_eq!(found.len(), 1, "one '{code}' in {diags:#?}");
    found[0].clone()
}

const REOPENED: &str = "\
---
title: Login failures
affected:
  wechat/login: major_outage
resolved: 2026-11-23 10:00
---

## Timeline

### 2026-11-23 09:00 · investigating
Looking.

### 09:50 · resolved
Fixed.

### 19:00 · investigating
Failing again.
";

#[test]
fn an_entry_after_a_resolved_override_reopens_the_incident_everywhere() {
    let site = TestSite::new(CONFIG);
    site.write("incidents/login.md", REOPENED);
    site.run(&["build"]).ok();
    let out = site.out();
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!index.contains("All systems operational"), "{index}");
    let unresolved = read_json(&out.join("api/v2/incidents/unresolved.json"));
    let names: Vec<_> = unresolved["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].clone())
        .collect();
    assert_eq!(names, ["Login failures"]);
    let page = std::fs::read_to_string(out.join("incidents/login/index.html")).unwrap();
    assert!(!page.contains("<dt>Resolved</dt>"), "{page}");

    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(0), "a warning: {diags:#?}");
    let d = the(&diags, "reopened-after-override");
    assert_eq!(
        (d["severity"].as_str(), d["line"].as_u64()),
        (Some("warning"), Some(16))
    );
    assert!(
        d["hint"]
            .as_str()
            .unwrap()
            .starts_with("remove `resolved:` from the front matter"),
        "{d}"
    );
}

#[test]
fn monitoring_after_a_resolved_override_then_resolved_keeps_the_override() {
    // "Impact ended at 10:00; we watched until 11:00": the override says when it ended.
    let site = TestSite::new(CONFIG);
    let text = REOPENED
        .replace("### 19:00 · investigating\nFailing again.\n", "")
        .replace(
            "### 09:50 · resolved",
            "### 10:30 · monitoring\nWatching.\n\n### 11:00 · resolved",
        );
    site.write("incidents/login.md", &text);
    let (diags, status) = check_json(&site);
    assert_eq!((diags.len(), status), (0, Some(0)), "{diags:#?}");
    site.run(&["build"]).ok();
    let page = std::fs::read_to_string(site.out().join("incidents/login/index.html")).unwrap();
    assert!(
        page.contains(
            "<dt>Resolved</dt><dd><time class=\"dt\" datetime=\"2026-11-23T10:00:00+08:00\""
        ),
        "{page}"
    );
}

#[test]
fn a_started_override_after_the_first_entry_is_an_error_at_the_started_line() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/late.md",
        "---\ntitle: Late start\naffected:\n  wechat/login: major_outage\nstarted: 2026-11-23 10:00\n---\n\n## Timeline\n\n### 2026-11-23 09:00 · investigating\nLooking.\n",
    );
    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(1));
    let d = the(&diags, "started-after-first-entry");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(1))
    );
    assert_eq!(
        d["message"],
        "`started:` is later than the first timeline entry (line 10)"
    );
}

const UTC_CONFIG_ZONE: &str = "timezone: UTC";

/// An open incident on a UTC site, with `last` appended to its timeline.
fn utc_site_with(last: &str) -> TestSite {
    let site = TestSite::new(&CONFIG.replace("timezone: Asia/Shanghai", UTC_CONFIG_ZONE));
    site.write(
        "incidents/login.md",
        &format!("---\ntitle: Login failures\naffected:\n  wechat/login: major_outage\n---\n\n## Timeline\n\n### 2026-11-23 09:00 · investigating\nLooking.\n\n{last}"),
    );
    site
}

#[test]
fn an_entry_written_in_utc_plus_8_on_a_utc_site_is_a_warning_naming_the_slip() {
    // Now is 12:00 UTC; the on-call engineer in UTC+8 typed 20:00 local time.
    let site = utc_site_with("### 20:00 · resolved\nFixed.\n");
    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(0));
    let d = the(&diags, "future-entry");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(12), Some(5))
    );
    assert_eq!(
        d["message"],
        "this 'resolved' entry is dated 8 h ahead of now: it is not published until then"
    );
    assert!(
        d["hint"].as_str().unwrap().starts_with(
            "this is 8 h ahead: did you write UTC+8 time on a UTC site (timezone: UTC in bulletin.yaml)?"
        ),
        "{d}"
    );
    // It is not shown until its time: the incident is still open, without the entry's text.
    site.run(&["build"]).ok();
    let page = std::fs::read_to_string(site.out().join("incidents/login/index.html")).unwrap();
    assert!(
        page.contains("Looking.") && !page.contains("Fixed."),
        "{page}"
    );
}

#[test]
fn an_entry_ahead_by_other_than_whole_hours_says_how_far_and_guesses_no_zone() {
    let site = utc_site_with(
        "### 14:30 · identified\nFound it.\n\n## Statements\n\n### 12:45 · Ops · [Blog](https://blog.test/)\n> Soon.\n",
    );
    let (diags, _) = check_json(&site);
    let d = the(&diags, "future-entry");
    assert_eq!(
        d["message"],
        "this 'identified' entry is dated 2 h 30 min ahead of now: it is not published until then"
    );
    assert!(
        !d["hint"].as_str().unwrap().contains("did you write"),
        "{d}"
    );
    let s = the(&diags, "future-statement");
    assert_eq!(
        s["message"],
        "this statement by Ops is dated 45 min ahead of now: it is not published until then"
    );
    assert_eq!(s["line"].as_u64(), Some(17));
}

#[test]
fn maintenance_scheduled_ahead_is_not_a_future_entry() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/m.md",
        "---\ntitle: Upgrade\nkind: maintenance\nscheduled:\n  start: 2026-12-09 01:00\n  end: 2026-12-09 03:00\naffected:\n  wechat: under_maintenance\n---\n\n## Timeline\n\n### 2026-11-20 10:00 · scheduled\nPlanned.\n",
    );
    let (diags, status) = check_json(&site);
    assert_eq!((diags.len(), status), (0, Some(0)), "{diags:#?}");
}

const NEW_YORK: &str = "timezone: America/New_York";

fn new_york_site(incident: &str) -> TestSite {
    let site = TestSite::new(&CONFIG.replace("timezone: Asia/Shanghai", NEW_YORK));
    site.write("incidents/dst.md", incident);
    site
}

#[test]
fn a_local_time_the_clocks_skipped_is_an_error_with_both_readings() {
    let site = new_york_site(
        "---\ntitle: T\naffected:\n  wechat/login: major_outage\n---\n\n## Timeline\n\n### 2026-03-08 01:00 · investigating\nLooking.\n\n### 02:30 · resolved\nFixed.\n",
    );
    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(1));
    let d = the(&diags, "bad-time");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(12), Some(5))
    );
    assert_eq!(
        d["message"],
        "2026-03-08 02:30 does not exist in America/New_York: the clocks went forward 1 h there (from -05:00 to -04:00) and skipped it"
    );
    let hint = d["hint"].as_str().unwrap();
    assert!(
        hint.contains("2026-03-08T03:30:00-04:00") && hint.contains("2026-03-08T01:30:00-05:00"),
        "{hint}"
    );
}

#[test]
fn a_window_end_in_the_gap_is_that_error_not_a_window_that_ends_before_it_starts() {
    let site = new_york_site(
        "---\ntitle: M\nkind: maintenance\nscheduled:\n  start: 2026-03-08 01:00\n  end: 2026-03-08 02:30\naffected:\n  wechat: under_maintenance\n---\n\n## Timeline\n\n### 2026-03-01 10:00 · scheduled\nPlanned.\n",
    );
    let (diags, _) = check_json(&site);
    let codes: Vec<_> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["bad-time"], "{diags:#?}");
    assert_eq!(
        (diags[0]["line"].as_u64(), diags[0]["column"].as_u64()),
        (Some(6), Some(8))
    );
}

#[test]
fn a_local_time_that_happens_twice_is_a_warning_that_takes_the_first() {
    let site = new_york_site(
        "---\ntitle: T\naffected:\n  wechat/login: major_outage\nstarted: 2026-11-01 01:30\n---\n\n## Timeline\n\n### 2026-11-01 01:40 · investigating\nLooking.\n\n### 03:00 · resolved\nFixed.\n",
    );
    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(0));
    let codes: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["line"].as_u64(),
                d["column"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("ambiguous-time", Some(5), Some(10)),
            ("ambiguous-time", Some(10), Some(5))
        ]
    );
    assert_eq!(
        diags[0]["message"],
        "started: 2026-11-01 01:30 happens twice in America/New_York (the clocks went back 1 h there): read as the first, 2026-11-01T01:30:00-04:00"
    );
    assert_eq!(
        diags[0]["hint"],
        "add the offset you mean: 2026-11-01T01:30:00-04:00 (the first, before the change) or 2026-11-01T01:30:00-05:00 (the second, after it)"
    );
}
