//! History lists only what has ended, and nothing dated after the build is published: the
//! history index, month pages and component pages against ongoing incidents and upcoming
//! maintenance; postmortems, feed dates and the API's `updated_at` against "now"; the upcoming
//! maintenance card against its window. Each test builds a site at chosen `--now` instants and
//! reads the output as a reader (or a feed reader, or an API client) would.

use std::path::{Path, PathBuf};

use crate::support::*;

/// An incident on WeChat login that began on 2026-11-23 09:00 (site zone) and is still being
/// watched at the tests' usual now (12:00); it is resolved at 13:00.
const ONGOING: &str = "\
---
title: Slow logins
affected:
  wechat/login: degraded_performance
---

## Timeline

### 2026-11-23 09:00 · investigating
Looking into it.

### 10:00 · monitoring
Better.

### 13:00 · resolved
Fixed.
";

/// An incident on QQ mail earlier in the same month, resolved.
const EARLIER: &str = "\
---
title: Mail delays
affected:
  qq/mail: partial_outage
---

## Timeline

### 2026-11-02 09:00 · investigating
Looking into it.

### 10:00 · resolved
Fixed.
";

/// Maintenance of WeChat pay, announced on 2026-11-20, window 2026-12-09 01:00–04:00.
const UPCOMING: &str = "\
---
title: Pay upgrade
kind: maintenance
affected:
  wechat/pay: under_maintenance
scheduled:
  start: 2026-12-09 01:00
  end: 2026-12-09 04:00
---

## Timeline

### 2026-11-20 10:00 · scheduled
We will upgrade pay.
";

/// Maintenance of QQ mail completed in March 2023, the month of the standard site's incident.
const COMPLETED: &str = "\
---
title: Mail upgrade
kind: maintenance
affected:
  qq/mail: under_maintenance
scheduled:
  start: 2023-03-20 01:00
  end: 2023-03-20 02:00
---

## Timeline

### 2023-03-10 10:00 · scheduled
We will upgrade mail.
";

/// The standard site (one incident resolved in March 2023) with `extra` incident files.
fn site_with(extra: &[(&str, &str)]) -> TestSite {
    let site = TestSite::standard();
    for (name, text) in extra {
        site.write(&format!("incidents/{name}.md"), text);
    }
    site
}

/// The part of `html` from the element labelled `heading_id` to the end of its section.
fn section<'a>(html: &'a str, heading_id: &str) -> &'a str {
    let open = format!(r#"aria-labelledby="{heading_id}""#);
    let start = html
        .find(&open)
        .unwrap_or_else(|| panic!("no section labelled {heading_id}:\n{html}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").expect("the section is closed")]
}

/// Every incident slug linked from `html`.
fn linked(html: &str) -> Vec<String> {
    html.split("incidents/")
        .skip(1)
        .filter_map(|rest| rest.split_once("/\"").map(|(slug, _)| slug.to_string()))
        .filter(|slug| !slug.contains(['<', ' ', '"']))
        .collect()
}

/// The history listed by a component page.
fn component_history(out: &Path, component: &str) -> Vec<String> {
    let page = std::fs::read_to_string(out.join(format!("components/{component}/index.html")))
        .unwrap_or_else(|e| panic!("{component}: {e}"));
    linked(section(&page, "history-title"))
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn an_ongoing_incident_is_not_history_until_it_ends() {
    let site = site_with(&[("slow", ONGOING), ("earlier", EARLIER)]);
    site.run(&["build", "--now", "2026-11-23 12:00"]).ok();
    let out = site.out();
    let front = read(&out, "index.html");
    assert_eq!(linked(section(&front, "active-title")), ["slow"]);
    for component in ["wechat/login", "wechat"] {
        assert_eq!(
            component_history(&out, component),
            ["login"],
            "{component}: an ongoing incident is not in the component's history"
        );
    }
    let history = read(&out, "history/index.html");
    assert!(!linked(&history).contains(&"slow".to_string()), "{history}");
    assert!(
        history.contains(
            r#"<a href="../history/2026-11/">November 2026</a> <span class="meta">1 incident</span>"#
        ),
        "the month counts only what has ended: {history}"
    );
    assert_eq!(
        linked(&read(&out, "history/2026-11/index.html")),
        ["earlier"]
    );

    // Once it is resolved, it is history everywhere.
    site.run(&["build", "--now", "2026-11-23 14:00"]).ok();
    assert_eq!(component_history(&out, "wechat/login"), ["slow", "login"]);
    assert_eq!(
        linked(&read(&out, "history/2026-11/index.html")),
        ["slow", "earlier"]
    );
    assert!(linked(&read(&out, "history/index.html")).contains(&"slow".to_string()));
}

#[test]
fn future_and_running_maintenance_is_not_history() {
    let site = site_with(&[("pay-upgrade", UPCOMING)]);
    for now in ["2026-11-23 12:00", "2026-12-09 02:00"] {
        site.run(&["build", "--now", now]).ok();
        let out = site.out();
        for component in ["wechat/pay", "wechat"] {
            assert!(
                !component_history(&out, component).contains(&"pay-upgrade".to_string()),
                "at {now}, {component}: maintenance not over is not history"
            );
        }
        let history = read(&out, "history/index.html");
        assert!(!history.contains("pay-upgrade"), "at {now}: {history}");
        assert!(
            !out.join("history/2026-12").exists(),
            "at {now}: no month page for a month whose only maintenance is not over"
        );
        assert!(!read(&out, "sitemap.xml").contains("history/2026-12/"));
        // It is shown where maintenance that is ahead or under way is.
        let front = read(&out, "index.html");
        let listed = if now.starts_with("2026-11") {
            section(&front, "maintenance-next-title")
        } else {
            section(&front, "maintenance-now-title")
        };
        assert!(listed.contains("pay-upgrade"), "at {now}: {listed}");
    }
    site.run(&["build", "--now", "2026-12-09 05:00"]).ok();
    let out = site.out();
    assert_eq!(component_history(&out, "wechat/pay"), ["pay-upgrade"]);
    assert_eq!(
        linked(&read(&out, "history/2026-12/index.html")),
        ["pay-upgrade"]
    );
}

#[test]
fn month_counts_say_maintenance_apart_from_incidents() {
    let site = site_with(&[("mail-upgrade", COMPLETED)]);
    site.run(&["build", "--now", "2026-11-23 12:00"]).ok();
    let history = read(&site.out(), "history/index.html");
    assert!(
        history.contains(r#"<span class="meta">1 incident · 1 maintenance window</span>"#),
        "{history}"
    );
    // A month of maintenance only says so, in both languages.
    let site = TestSite::new(&CONFIG.replace("language: en", "language: zh-CN"));
    site.write("incidents/mail-upgrade.md", COMPLETED);
    site.run(&["build", "--now", "2026-11-23 12:00"]).ok();
    let history = read(&site.out(), "history/index.html");
    assert!(
        history.contains(r#"<span class="meta">1 次维护</span>"#),
        "{history}"
    );
    assert!(!history.contains("起事件"), "{history}");
}

/// Builds `examples/acme` at `now` into a new folder under `tmp`.
fn acme(tmp: &Path, now: &str) -> PathBuf {
    let out = tmp.join(now.replace([' ', ':'], "-"));
    let root = repo().join("examples/acme");
    let (root, out_arg) = (root.to_str().unwrap(), out.to_str().unwrap());
    run_from(
        Path::new("."),
        &["build", "--root", root, "--now", now, "-o", out_arg],
    )
    .ok();
    out
}

/// The API object of the incident `slug` in `api/v2/<file>`.
fn api_incident(out: &Path, file: &str, key: &str, slug: &str) -> Option<serde_json::Value> {
    let all = read_json(&out.join("api/v2").join(file));
    all[key]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["shortlink"].as_str().unwrap().contains(slug))
        .cloned()
}

const CDN: &str = "2026-06-08-cdn-config-outage";
/// Words of the CDN outage's postmortem, dated 2026-06-15 10:00.
const POSTMORTEM_WORDS: &str = "A software release on 12 May";

#[test]
fn a_postmortem_dated_after_now_is_not_published() {
    let tmp = tempfile::tempdir().unwrap();
    // 10:40 on the day of the outage: its latest entry so far is 10:36.
    let out = acme(tmp.path(), "2026-06-08 10:40");
    let page = read(&out, &format!("incidents/{CDN}/index.html"));
    assert!(!page.contains(POSTMORTEM_WORDS), "incident page: {page}");
    assert!(!page.contains("postmortem-title"), "incident page: {page}");
    let inc = api_incident(&out, "incidents.json", "incidents", CDN).unwrap();
    assert_eq!(inc["postmortem_body"], serde_json::Value::Null);
    assert_eq!(inc["postmortem_published_at"], serde_json::Value::Null);
    assert_eq!(inc["updated_at"], "2026-06-08T10:36:00.000+00:00");
    let api = read_json(&out.join("api/v2/summary.json"));
    assert_eq!(
        api["page"]["updated_at"], "2026-06-08T10:36:00.000+00:00",
        "the page was last updated by the 10:36 entry, not by the build"
    );
    for feed in ["atom.xml", "rss.xml", "feed.json"] {
        let text = read(&out, feed);
        assert!(!text.contains(POSTMORTEM_WORDS), "{feed}: {text}");
    }
    let feed = read_json(&out.join("feed.json"));
    assert_eq!(
        feed["items"][0]["date_modified"],
        "2026-06-08T10:36:00+00:00"
    );

    // On the day it is dated, it is published, and is the latest update.
    let out = acme(tmp.path(), "2026-06-15 10:00");
    assert!(read(&out, &format!("incidents/{CDN}/index.html")).contains(POSTMORTEM_WORDS));
    assert!(read(&out, "feed.json").contains(POSTMORTEM_WORDS));
    let inc = api_incident(&out, "incidents.json", "incidents", CDN).unwrap();
    assert_eq!(inc["updated_at"], "2026-06-15T10:00:00.000+00:00");
}

const LB: &str = "2026-12-09-load-balancer-maintenance";

#[test]
fn maintenance_announced_after_now_is_not_published() {
    let tmp = tempfile::tempdir().unwrap();
    // The load balancer maintenance is announced on 2026-11-18 12:00.
    let out = acme(tmp.path(), "2026-11-18 11:00");
    assert!(!out.join(format!("incidents/{LB}")).exists());
    assert!(
        api_incident(
            &out,
            "scheduled-maintenances.json",
            "scheduled_maintenances",
            LB
        )
        .is_none()
    );
    for file in ["index.html", "feed.json", "maintenance.ics"] {
        assert!(!read(&out, file).contains(LB), "{file}");
    }
    let out = acme(tmp.path(), "2026-11-18 12:00");
    assert!(out.join(format!("incidents/{LB}/index.html")).exists());
}

#[test]
fn feeds_date_a_maintenance_by_its_announcement_as_the_api_does() {
    let tmp = tempfile::tempdir().unwrap();
    let out = acme(tmp.path(), "2026-11-23 12:00");
    let m = api_incident(
        &out,
        "scheduled-maintenances.json",
        "scheduled_maintenances",
        LB,
    )
    .unwrap();
    assert_eq!(m["created_at"], "2026-11-18T12:00:00.000+00:00");
    let feed = read_json(&out.join("feed.json"));
    let item = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"].as_str().unwrap().contains(LB))
        .unwrap();
    assert_eq!(item["date_published"], "2026-11-18T12:00:00+00:00");
    let atom = read(&out, "atom.xml");
    let entry = &atom[atom
        .find(&format!(
            "<id>https://status.acme.example/incidents/{LB}/</id>"
        ))
        .unwrap()..];
    let published = xml_texts(
        &format!("<entry>{}", &entry[..entry.find("</entry>").unwrap() + 8]),
        &["entry", "published"],
    );
    assert_eq!(published, ["2026-11-18T12:00:00+00:00"]);
    // No item of any feed is dated after the build.
    for item in feed["items"].as_array().unwrap() {
        for key in ["date_published", "date_modified"] {
            let at = item[key].as_str().unwrap();
            assert!(at <= "2026-11-23T12:00:00+00:00", "{key} {at}");
        }
    }
}

#[test]
fn upcoming_maintenance_does_not_put_its_components_under_maintenance() {
    let tmp = tempfile::tempdir().unwrap();
    let out = acme(tmp.path(), "2026-11-23 12:00");
    let front = read(&out, "index.html");
    let card = section(&front, "maintenance-next-title");
    assert!(card.contains(LB), "{card}");
    assert!(
        !card.contains("under_maintenance") && !card.contains("Under maintenance"),
        "the card marks its components under maintenance before the window: {card}"
    );
    assert!(card.contains("Scheduled: </span>"), "{card}");
    let page = read(&out, &format!("incidents/{LB}/index.html"));
    assert!(!page.contains("Under maintenance"), "{page}");
    let feed = read_json(&out.join("feed.json"));
    let item = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"].as_str().unwrap().contains(LB))
        .unwrap();
    let content = item["content_html"].as_str().unwrap();
    assert!(!content.contains("Under maintenance"), "{content}");
    let components = read(&out, "components/network/load-balancers/index.html");
    assert!(!components.contains("Under maintenance"), "{components}");
    let api = read_json(&out.join("api/v2/components.json"));
    let lb = api["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Load Balancers")
        .unwrap();
    assert_eq!(lb["status"], "operational");

    // In its window, it does.
    let out = acme(tmp.path(), "2026-12-09 02:00");
    let front = read(&out, "index.html");
    assert!(section(&front, "maintenance-now-title").contains("Under maintenance"));
}
