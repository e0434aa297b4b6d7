//! `bulletin notify --dry-run --announce-all --format json` against the replay at each event's
//! own time (issue 22, group 1): a notification states what the page showed when the entry was
//! written, not when the job ran.
//!
//! Two targets of the dry run are read: a webhook (Statuspage-shaped: `incident.status`,
//! `incident.impact`, `page.status_indicator`) and a Feishu text message (the plain text every
//! chat and mail target is made from: one `- <Component>: <status>` or `- <Component>: <old> →
//! <new>` line per component). Every line states the page's status of that component at the
//! event's time, the new one where it changed then (docs/notify.md, "What a message says"): a
//! product-wide reference in the same `Affects:` line can keep a feature down on the page that
//! the entry wrote as operational.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::findings::{Findings, seconds};
use super::replay;
use super::site::{Item, Kind, NAMES};

pub const NOTIFY_YAML: &str = "\
max_age: 30d
targets:
  - { name: hook, type: webhook, url: \"https://hooks.oracle.test/w\" }
  - { name: chat, type: feishu, url_env: ORACLE_FEISHU_URL }
";

/// The dry run's JSON lines, by target and event id.
fn dry_run(root: &Path, now: i64) -> BTreeMap<(String, String), Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(["notify", "--dry-run", "--announce-all", "--format", "json"])
        .arg("--root")
        .arg(root)
        .env("SOURCE_DATE_EPOCH", now.to_string())
        .env("ORACLE_FEISHU_URL", "https://hooks.oracle.test/f")
        .env("NO_COLOR", "1")
        .output()
        .expect("run bulletin notify");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "notify failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["result"] == "dry-run")
        .map(|v| {
            let key = (
                v["target"].as_str().unwrap_or("").to_string(),
                v["event"].as_str().unwrap_or("").to_string(),
            );
            (key, v)
        })
        .collect()
}

/// `(component index, stated status, whether the line is a change)` for each component line.
fn stated(text: &str) -> Vec<(usize, String, bool)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim_start_matches("- ");
        // The longest name first: "App · Login" before "App".
        let mut names: Vec<(usize, &str)> = NAMES.iter().copied().enumerate().collect();
        names.sort_by_key(|(_, n)| std::cmp::Reverse(n.len()));
        let Some((i, rest)) = names
            .iter()
            .find_map(|(i, n)| line.strip_prefix(&format!("{n}: ")).map(|r| (*i, r)))
        else {
            continue;
        };
        match rest.split_once(" → ") {
            Some((_, new)) => out.push((i, new.trim().to_string(), true)),
            None => out.push((i, rest.trim().to_string(), false)),
        }
    }
    out
}

/// Every update and statement event the run at `now` announces, and every maintenance moment
/// it announces, against the replay at the event's own time.
pub fn check(f: &mut Findings, root: &Path, items: &[Item], now: i64) {
    let sent = dry_run(root, now);
    for item in items {
        for (event, at) in replay::events(item, now) {
            let found = sent.contains_key(&("hook".into(), event.clone()));
            f.expect(found, &format!("notify {event}"), at, || {
                "not announced".into()
            });
            message(f, &sent, items, item, &event, (at, now));
        }
    }
    for (_, event) in sent.keys().filter(|(target, _)| target == "hook") {
        let Some((slug, which)) = event
            .strip_prefix("maintenance:")
            .and_then(|e| e.split_once('@'))
        else {
            continue;
        };
        let item = items
            .iter()
            .find(|i| i.slug == slug)
            .expect("a generated slug");
        let at = replay::moment(item, which, now).expect("a documented moment");
        message(f, &sent, items, item, event, (at, now));
    }
}

/// The webhook body and the chat text of `event` against the replay at its time `at` (of a
/// run at `now`).
fn message(
    f: &mut Findings,
    sent: &BTreeMap<(String, String), Value>,
    items: &[Item],
    item: &Item,
    event: &str,
    (at, now): (i64, i64),
) {
    if let Some(hook) = sent.get(&("hook".into(), event.to_string())) {
        let body = &hook["request"]["body"];
        webhook(f, body, items, item, event, at);
        // `created_at` is the API's, as the run publishes it (docs/api.md).
        let created = body["incident"]["created_at"].as_str().and_then(seconds);
        let s = format!("notify hook {event} [group 1]");
        f.agree(
            &s,
            at,
            "incident.created_at",
            Some(replay::created_at(item, now)),
            created,
        );
    }
    if let Some(chat) = sent.get(&("chat".into(), event.to_string())) {
        let text = chat["request"]["body"]["content"]["text"]
            .as_str()
            .unwrap_or("");
        chat_lines(f, text, items, item, event, at);
    }
}

/// The webhook's incident status, impact and page indicator at the event's time.
fn webhook(f: &mut Findings, body: &Value, items: &[Item], item: &Item, event: &str, at: i64) {
    let field = |v: &Value| v.as_str().unwrap_or("").to_string();
    let s = format!("notify hook {event} [group 1]");
    let s = s.as_str();
    let status = replay::api_status_word(item, at);
    f.agree(
        s,
        at,
        "incident.status",
        status.into(),
        field(&body["incident"]["status"]),
    );
    let impact = replay::impact(item, at);
    f.agree(
        s,
        at,
        "incident.impact",
        impact.into(),
        field(&body["incident"]["impact"]),
    );
    let indicator = replay::indicator(replay::overall(items, at));
    let shown = field(&body["page"]["status_indicator"]);
    f.agree(s, at, "page.status_indicator", indicator.to_string(), shown);
}

/// Each component line of the chat text.
fn chat_lines(f: &mut Findings, text: &str, items: &[Item], item: &Item, event: &str, at: i64) {
    for (c, words, change) in stated(text) {
        // The page's status then: for maintenance, never "under maintenance" before its
        // window (group 2).
        let want = replay::component(items, c, at);
        let group = if change && item.kind == Kind::Maintenance {
            2
        } else {
            1
        };
        let what = format!(
            "{} ({})",
            NAMES[c],
            if change { "change" } else { "status" }
        );
        let surface = format!("notify chat {event} [group {group}]");
        f.agree(&surface, at, &what, want.words(), words);
    }
}
