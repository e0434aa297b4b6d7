//! Notifications state what the page showed at the time of their event, not at the run: a run
//! a day after the reference outage (the default site) says, for each entry and statement,
//! the component statuses, incident status and page indicator that a build at that instant
//! published in its API. Maintenance is never announced as under way before its window; the
//! announcement and the reminder state the window, and the reminder the real time left.

use std::collections::HashMap;
use std::path::Path;

use crate::support::notify::{dry_run_requests, notify};
use crate::support::{TestSite, read_json, repo};
use serde_json::Value;

/// A chat target (whose text lists the components) and a webhook (Statuspage's facts). In a
/// dry run nothing is sent: the URLs are never contacted.
const TARGETS: &str = "\
max_age: 3d
targets:
  - { name: chat, type: slack, url_env: SLACK_URL }
  - { name: hooks, type: webhook, url: \"http://127.0.0.1:9/hook\" }
";

/// `bulletin notify --dry-run --announce-all --format json` of `site` at `now`: the request
/// bodies per event id, per target.
fn dry_run(site: &Path, now: &str) -> HashMap<(String, String), Value> {
    let args = ["--dry-run", "--announce-all", "--format", "json"];
    let env = [("SLACK_URL", "http://127.0.0.1:9/slack")];
    let (status, out, err) = notify(site, now, &args, &env);
    assert_eq!(status, Some(0), "{out}\n{err}");
    dry_run_requests(&out)
        .into_iter()
        .map(|(event, target, request)| ((event, target), request["body"].clone()))
        .collect()
}

/// The site as `bulletin build --now <now>` published it: its `api/v2` folder.
fn api_at(site: &Path, now: &str, out: &Path) -> std::path::PathBuf {
    let r = crate::support::run_in(
        site,
        &["build", "--now", now, "--output", out.to_str().unwrap()],
    );
    r.ok();
    out.join("api/v2")
}

/// The status word of the default site's language (zh-CN) as the API spells it. Written out
/// here, not taken from Bulletin, so the test reads the message as a subscriber would.
fn api_word(zh: &str) -> &'static str {
    match zh {
        "正常" => "operational",
        "维护中" => "under_maintenance",
        "性能下降" => "degraded_performance",
        "部分中断" => "partial_outage",
        "严重中断" => "major_outage",
        other => panic!("not a status word: {other}"),
    }
}

/// Component statuses by every name a message may give them: "Product · Feature", and the
/// feature's own name when it already names its product ("微信支付").
fn statuses_by_name(components: &Value) -> HashMap<String, String> {
    let list = components["components"].as_array().unwrap();
    let group_name = |id: &Value| {
        list.iter()
            .find(|c| c["id"] == *id)
            .map(|c| c["name"].as_str().unwrap().to_string())
    };
    let mut out = HashMap::new();
    for c in list {
        let (name, status) = (c["name"].as_str().unwrap(), c["status"].as_str().unwrap());
        match group_name(&c["group_id"]) {
            Some(group) => {
                out.insert(format!("{group} · {name}"), status.to_string());
                if name.contains(&group) {
                    out.insert(name.to_string(), status.to_string());
                }
            }
            None => {
                out.insert(name.to_string(), status.to_string());
            }
        }
    }
    out
}

/// The "• Name: status" (or "• Name: old → new") lines of a Slack message: (name, status
/// now in the API's words).
fn slack_lines(body: &Value) -> Vec<(String, String)> {
    let text = body["blocks"][0]["text"]["text"].as_str().unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("• "))
        .map(|l| {
            let (name, words) = l.rsplit_once(": ").unwrap();
            let now = words.rsplit(" → ").next().unwrap();
            (name.to_string(), api_word(now).to_string())
        })
        .collect()
}

#[test]
fn a_run_a_day_later_states_what_the_page_showed_at_each_entry() {
    let site = TestSite::new(&std::fs::read_to_string(repo().join("bulletin.yaml")).unwrap());
    for entry in std::fs::read_dir(repo().join("incidents")).unwrap() {
        let path = entry.unwrap().path();
        let rel = format!("incidents/{}", path.file_name().unwrap().to_str().unwrap());
        site.write(&rel, &std::fs::read_to_string(&path).unwrap());
    }
    // The site's own files its bulletin.yaml names (the logo).
    site.write(
        "static/logo.svg",
        &std::fs::read_to_string(repo().join("static/logo.svg")).unwrap(),
    );
    site.write("notify.yaml", TARGETS);
    let sent = dry_run(site.path(), "2023-03-30 10:00");
    let mut events: Vec<&String> = sent
        .keys()
        .filter(|(_, t)| t == "hooks")
        .map(|(e, _)| e)
        .collect();
    events.sort();
    assert_eq!(
        events.len(),
        6,
        "four entries and two statements: {events:?}"
    );
    let builds = tempfile::tempdir().unwrap();
    for event in events {
        let hook = &sent[&(event.clone(), "hooks".to_string())];
        let chat = &sent[&(event.clone(), "chat".to_string())];
        // The entry's (or statement's) own time, as the message states it.
        let at = hook["incident"]["incident_updates"][0]["created_at"]
            .as_str()
            .unwrap();
        let out = builds.path().join(event.replace([':', '#'], "_"));
        let api = api_at(site.path(), at, &out);
        let components = statuses_by_name(&read_json(&api.join("components.json")));
        let summary = read_json(&api.join("summary.json"));
        // Every component line says the status the page showed then.
        let lines = slack_lines(chat);
        assert_eq!(lines.len(), 7, "{event}: {lines:?}");
        for (name, status) in &lines {
            assert_eq!(
                components.get(name),
                Some(status),
                "{event} at {at}: {name} in the message vs the page"
            );
        }
        // The webhook's changes end in the page's statuses.
        for c in hook["incident"]["incident_updates"][0]["affected_components"]
            .as_array()
            .unwrap()
        {
            let name = c["name"].as_str().unwrap();
            assert_eq!(components[name], c["new_status"], "{event}: {name}");
        }
        // The incident's status, impact and creation, and the page indicator, as the API
        // said then (incidents.json lists resolved incidents too).
        let incidents = read_json(&api.join("incidents.json"));
        let page_incident = incidents["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == hook["incident"]["name"])
            .unwrap();
        for field in ["status", "impact"] {
            assert_eq!(
                hook["incident"][field], page_incident[field],
                "{event}: incident {field}"
            );
        }
        let instant = |v: &Value| v.as_str().unwrap().parse::<jiff::Timestamp>().unwrap();
        assert_eq!(
            instant(&hook["incident"]["created_at"]),
            instant(&page_incident["created_at"])
        );
        assert_eq!(
            hook["page"]["status_indicator"], summary["status"]["indicator"],
            "{event}: page indicator"
        );
        assert_eq!(
            hook["page"]["status_description"], summary["status"]["description"],
            "{event}: page description"
        );
    }
    // The finding of the issue, spelled out: the 03:30 entry says login was down.
    let chat = &sent[&(
        "update:2023-03-29-wechat-qq-outage#1".to_string(),
        "chat".to_string(),
    )];
    let text = chat["blocks"][0]["text"]["text"].as_str().unwrap();
    assert!(text.contains("微信 · 账号登录: 严重中断"), "{text}");
}

const ENGLISH: &str = "\
title: Acme Status
base_url: https://status.test/
language: en
timezone: America/New_York
products:
  - id: network
    name: Network
    features:
      - id: lb
        name: Load Balancers
";

const CHINESE: &str = "\
title: 状态
base_url: https://status.test/
language: zh-CN
timezone: America/New_York
products:
  - id: network
    name: 网络
    features:
      - id: lb
        name: 负载均衡
";

/// Announced on 18 November for 9 December, 01:00–04:00 New York time (EST, -05:00).
const MAINTENANCE: &str = "\
---
title: Load balancer upgrade
kind: maintenance
affected:
  network/lb: under_maintenance
scheduled:
  start: 2026-12-09 01:00
  end: 2026-12-09 04:00
---
We upgrade the load balancers.

## Timeline

### 2026-11-18 12:00 · scheduled
Long-lived connections may be closed once.
";

fn maintenance_site(config: &str) -> TestSite {
    let site = TestSite::new(config);
    site.write("incidents/lb.md", MAINTENANCE);
    site.write(
        "notify.yaml",
        &TARGETS.replace("max_age: 3d", "max_age: 30d\nremind_before: 60m"),
    );
    site
}

/// Everything a message says to a reader: the Slack text as shown (the invisible characters
/// that defuse Slack's formatting left out) and the webhook body.
fn said(sent: &HashMap<(String, String), Value>, event: &str) -> (String, Value) {
    let chat = &sent[&(event.to_string(), "chat".to_string())];
    let hook = &sent[&(event.to_string(), "hooks".to_string())];
    let text = chat["blocks"][0]["text"]["text"].as_str().unwrap();
    let shown = text.replace(['\u{2060}', '\u{200b}'], "");
    (shown, hook.clone())
}

#[test]
fn maintenance_ahead_states_its_window_and_the_real_time_left_and_is_not_under_way() {
    const WINDOW: &str = "2026-12-09 01:00 – 2026-12-09 04:00 America/New_York \
                          (2026-12-09T01:00:00-05:00 to 2026-12-09T04:00:00-05:00)";
    let site = maintenance_site(ENGLISH);
    // 00:10 EST: 50 minutes before the start; the reminder's moment (00:00) has passed.
    let sent = dry_run(site.path(), "2026-12-09T05:10:00Z");
    let mut keys: Vec<&String> = sent.keys().map(|(e, _)| e).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys, ["maintenance:lb@reminder", "update:lb#0"]);
    for event in ["update:lb#0", "maintenance:lb@reminder"] {
        let (text, hook) = said(&sent, event);
        assert!(
            text.contains(&format!("Window: {WINDOW}")),
            "{event}: {text}"
        );
        assert!(!text.contains("under maintenance"), "{event}: {text}");
        assert!(
            text.contains("Network · Load Balancers: operational"),
            "{text}"
        );
        let entry = &hook["incident"]["incident_updates"][0];
        assert!(
            entry["body"]
                .as_str()
                .unwrap()
                .starts_with(&format!("Window: {WINDOW}"))
        );
        let body = hook.to_string();
        assert!(!body.contains("under_maintenance"), "{event}: {body}");
        assert_eq!(hook["page"]["status_indicator"], "none", "{event}");
        assert_eq!(hook["incident"]["status"], "scheduled", "{event}");
    }
    let (text, hook) = said(&sent, "maintenance:lb@reminder");
    assert!(text.contains("Maintenance starts in 50 minutes"), "{text}");
    // Dated when it is sent, the moment "50 minutes" counts from.
    assert!(text.contains("\n2026-12-09 00:10 (-05:00)\n"), "{text}");
    assert!(!text.contains("60 minutes"), "{text}");
    assert_eq!(
        hook["bulletin"]["headline"],
        "Maintenance starts in 50 minutes"
    );
    // The webhook's created_at is the API's (the announcement), not the window's start: the
    // same instant (the API writes milliseconds, as Statuspage does).
    let out = tempfile::tempdir().unwrap();
    let api = api_at(site.path(), "2026-12-09T05:10:00Z", out.path());
    let maint = read_json(&api.join("scheduled-maintenances.json"));
    let instant = |v: &Value| v.as_str().unwrap().parse::<jiff::Timestamp>().unwrap();
    let created = instant(&maint["scheduled_maintenances"][0]["created_at"]);
    assert_eq!(created, "2026-11-18T17:00:00Z".parse().unwrap());
    assert_eq!(instant(&hook["incident"]["created_at"]), created);

    // Once the window has begun, it is under way, and says so.
    let sent = dry_run(site.path(), "2026-12-09T06:10:00Z");
    let (text, hook) = said(&sent, "maintenance:lb@started");
    assert!(
        text.contains("Network · Load Balancers: operational → under maintenance"),
        "{text}"
    );
    assert_eq!(hook["page"]["status_indicator"], "maintenance");
    assert_eq!(hook["incident"]["status"], "in_progress");
}

#[test]
fn the_chinese_reminder_states_the_window_and_the_time_left() {
    let site = maintenance_site(CHINESE);
    // 1 hour 5 minutes ahead, with a reminder 2 hours before.
    site.write(
        "notify.yaml",
        &TARGETS.replace("max_age: 3d", "max_age: 30d\nremind_before: 2h"),
    );
    let sent = dry_run(site.path(), "2026-12-09T04:55:00Z");
    let (text, _) = said(&sent, "maintenance:lb@reminder");
    assert!(text.contains("维护将在 1 小时 5 分钟后开始"), "{text}");
    assert!(
        text.contains(
            "维护时间：2026-12-09 01:00 – 2026-12-09 04:00 America/New_York\
             （2026-12-09T01:00:00-05:00 至 2026-12-09T04:00:00-05:00）"
        ),
        "{text}"
    );
    assert!(text.contains("网络 · 负载均衡: 正常"), "{text}");
    assert!(!text.contains("维护中"), "{text}");
}
