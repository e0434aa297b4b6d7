//! Component statuses that change with the timeline (`Affects:` lines, docs/format.md): what
//! every output says about a component at a moment follows from the entries up to it.
//! Site zone: Asia/Shanghai (UTC+8).

use crate::support::*;
use serde_json::Value;

/// 10:00–12:00: Login down from the start and back at 11:30; Pay down only from 11:30.
const ESCALATES: &str = "---
title: Login then Pay
affected:
  wechat/login: major_outage
---

## Timeline

### 2026-11-20 10:00 · investigating

Logins fail.

### 11:30 · identified

Affects: wechat/login=operational, wechat/pay=major_outage

Logins work again; payments now fail.

### 12:00 · resolved

All is well.
";

fn status_of(components: &Value, name: &str) -> String {
    components["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no component {name}"))["status"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn current_status_follows_the_entries_up_to_now() {
    let site = TestSite::new(CONFIG);
    site.write("incidents/escalates.md", ESCALATES);
    build(site.path(), None, Some("2026-11-20 11:00"));
    let c = site.json("api/v2/components.json");
    assert_eq!(status_of(&c, "Login"), "major_outage");
    assert_eq!(status_of(&c, "Pay"), "operational");
    build(site.path(), None, Some("2026-11-20 11:45"));
    let c = site.json("api/v2/components.json");
    assert_eq!(
        status_of(&c, "Login"),
        "operational",
        "login came back at 11:30"
    );
    assert_eq!(status_of(&c, "Pay"), "major_outage");
    let page = std::fs::read_to_string(site.out().join("index.html")).unwrap();
    assert!(
        !page.contains("All systems operational"),
        "pay is still down"
    );
}

#[test]
fn uptime_charges_only_the_time_a_component_spent_in_each_status() {
    let site = TestSite::new(CONFIG);
    site.write("incidents/escalates.md", ESCALATES);
    build(site.path(), None, Some("2026-11-21 12:00"));
    let uptime = site.json("api/uptime.json");
    let day = |reference: &str| -> f64 {
        let c = uptime["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["reference"] == reference)
            .unwrap();
        let d = c["days"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["date"] == "2026-11-20")
            .unwrap();
        d["down_seconds"].as_f64().unwrap()
    };
    assert_eq!(day("wechat/pay"), 1800.0, "pay: 30 of the 120 minutes");
    assert_eq!(day("wechat/login"), 5400.0, "login: 90 of the 120 minutes");
    // The product is down whenever either feature is: all 120 minutes.
    assert_eq!(day("wechat"), 7200.0);
}

#[test]
fn api_updates_carry_each_components_old_and_new_status() {
    let site = TestSite::new(CONFIG);
    site.write("incidents/escalates.md", ESCALATES);
    build(site.path(), None, Some("2026-11-21 12:00"));
    validate("api", &site.out());
    let incidents = site.json("api/v2/incidents.json");
    let inc = &incidents["incidents"][0];
    let updates = changes(inc);
    let changes = |n: usize| updates[n].1.clone();
    assert_eq!(
        changes(0),
        vec![change("Login", "operational", "major_outage")]
    );
    assert_eq!(
        changes(1),
        vec![
            change("Login", "major_outage", "operational"),
            change("Pay", "operational", "major_outage")
        ]
    );
    assert_eq!(
        changes(2),
        vec![change("Pay", "major_outage", "operational")]
    );
    let names: Vec<&str> = inc["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Login", "Pay"],
        "every component the incident touched"
    );
    assert_eq!(inc["impact"], "critical");
}

#[test]
fn incident_page_and_feeds_show_what_changed() {
    let site = TestSite::new(CONFIG);
    site.write("incidents/escalates.md", ESCALATES);
    build(site.path(), None, Some("2026-11-21 12:00"));
    let page = std::fs::read_to_string(site.out().join("incidents/escalates/index.html")).unwrap();
    assert!(
        page.contains(r#"<ul class="changes""#),
        "chips on the entries"
    );
    assert!(page.contains(r#"class="strip""#), "a strip per component");
    assert!(
        !page.contains("Affects:"),
        "the change line is not shown as text"
    );
    assert!(page.contains("Logins work again"));
    let rss = std::fs::read_to_string(site.out().join("rss.xml")).unwrap();
    assert!(rss.contains("Pay: Operational → Major outage"), "{rss}");
}

fn codes_at(site: &TestSite) -> Vec<(String, u64, u64, String)> {
    check_json(site)
        .0
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["hint"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn bad_changes_are_located_with_a_did_you_mean() {
    let site = TestSite::new(CONFIG);
    let text = ESCALATES.replace(
        "Affects: wechat/login=operational, wechat/pay=major_outage",
        "Affects: wechat/logn=operational, wechat/pay=major_outag,   wechat/login=major_outage",
    );
    site.write("incidents/escalates.md", &text);
    let found = codes_at(&site);
    let line = 15;
    let has = |code: &str, column: u64, hint: &str| {
        found
            .iter()
            .any(|(c, l, col, h)| c == code && *l == line && *col == column && h.contains(hint))
    };
    assert!(has("unknown-component", 10, "wechat/login"), "{found:?}");
    assert!(
        has("unknown-component-status", 46, "major_outage"),
        "{found:?}"
    );
    // Three spaces after the comma: the column counts them.
    assert!(has("unchanged-component", 61, ""), "{found:?}");
}

#[test]
fn update_affects_writes_the_change_line() {
    let site = TestSite::new(CONFIG);
    let open = ESCALATES.split("### 11:30").next().unwrap().to_string();
    site.write("incidents/escalates.md", &open);
    site.run(&[
        "update",
        "escalates",
        "Logins are back.",
        "--affects",
        "wechat/login=operational",
        "--now",
        "2026-11-20 11:30",
    ])
    .ok();
    let text = site.read("incidents/escalates.md");
    assert!(
        text.contains("Affects: wechat/login=operational\n\nLogins are back."),
        "{text}"
    );
    build(site.path(), None, Some("2026-11-20 11:45"));
    let c = site.json("api/v2/components.json");
    assert_eq!(status_of(&c, "Login"), "operational");
    let refused = site.run(&["update", "escalates", "x", "--affects", "wechat/login"]);
    assert_eq!(refused.status, Some(1), "{}", refused.stderr);
    assert!(refused.stderr.contains("new status"), "{}", refused.stderr);
}

const POSTMORTEM: &str = "
## Postmortem · 2026-11-22 09:00

A bad deploy. **We now canary** every deploy.
";

#[test]
fn a_postmortem_is_shown_above_the_timeline_in_feeds_and_in_the_api() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/escalates.md",
        &format!("{ESCALATES}{POSTMORTEM}"),
    );
    build(site.path(), None, Some("2026-11-23 12:00"));
    validate("api", &site.out());
    let page = std::fs::read_to_string(site.out().join("incidents/escalates/index.html")).unwrap();
    let postmortem = page
        .find(r#"<section class="postmortem""#)
        .expect("postmortem section");
    let timeline = page.find(r#"id="timeline-title""#).unwrap();
    assert!(postmortem < timeline, "shown before the timeline");
    assert!(page.contains("<strong>We now canary</strong>"));
    let inc = &site.json("api/v2/incidents.json")["incidents"][0];
    assert_eq!(
        inc["postmortem_body"],
        "A bad deploy. We now canary every deploy."
    );
    assert_eq!(
        inc["postmortem_published_at"],
        "2026-11-22T09:00:00.000+08:00"
    );
    let feed = site.json("feed.json");
    let html = feed["items"][0]["content_html"].as_str().unwrap();
    assert!(html.contains("We now canary"), "{html}");
    // Publishing the postmortem is news: the incident's update time moves to it.
    assert_eq!(inc["updated_at"], "2026-11-22T09:00:00.000+08:00");
}

#[test]
fn a_postmortem_time_that_cannot_be_read_is_located() {
    let site = TestSite::new(CONFIG);
    let text = format!(
        "{ESCALATES}{}",
        POSTMORTEM.replace("2026-11-22 09:00", "next week")
    );
    site.write("incidents/escalates.md", &text);
    let found = codes_at(&site);
    assert!(
        found
            .iter()
            .any(|(c, l, col, _)| c == "bad-time" && *l == 23 && *col == 17),
        "{found:?}"
    );
}

#[test]
fn a_change_without_status_a_late_change_line_and_a_second_postmortem_are_reported() {
    let site = TestSite::new(CONFIG);
    let text = ESCALATES
        .replace(
            "Affects: wechat/login=operational, wechat/pay=major_outage",
            "Affects: wechat/login=operational, wechat/pay",
        )
        .replace(
            "All is well.",
            "All is well.\nAffects: wechat/pay=operational",
        );
    site.write(
        "incidents/escalates.md",
        &format!("{text}{POSTMORTEM}{POSTMORTEM}"),
    );
    let found = codes_at(&site);
    let has = |code: &str, line: u64, column: u64| {
        found
            .iter()
            .any(|(c, l, col, _)| c == code && *l == line && *col == column)
    };
    assert!(has("bad-component-change", 15, 36), "{found:?}");
    assert!(has("late-component-change", 22, 1), "{found:?}");
    assert!(has("duplicate-section", 28, 4), "{found:?}");
}

#[test]
fn an_affects_line_without_any_pair_is_prose_with_a_warning() {
    let site = TestSite::new(CONFIG);
    let text = ESCALATES.replace(
        "Affects: wechat/login=operational, wechat/pay=major_outage",
        "Affects: all customers in the EU",
    );
    site.write("incidents/escalates.md", &text);
    let found = codes_at(&site);
    assert!(
        found
            .iter()
            .any(|(c, l, _, _)| c == "component-change-without-status" && *l == 15),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(c, ..)| c == "bad-component-change"),
        "{found:?}"
    );
    build(site.path(), None, Some("2026-11-21 12:00"));
    let page = std::fs::read_to_string(site.out().join("incidents/escalates/index.html")).unwrap();
    assert!(
        page.contains("Affects: all customers in the EU"),
        "shown as text"
    );
}
