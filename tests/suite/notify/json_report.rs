//! `--format json` says only the documented words: every key of every line, and every word of
//! `novelty` and `result`, is in the list docs/notify.md gives (read from the doc here), over
//! runs that send, fail, refuse, correct, ping a WebSub hub and dry-run.
// Sending needs the default feature `notify-send`.
#![cfg(feature = "notify-send")]

use std::collections::{BTreeMap, BTreeSet};

use crate::support::notify::{OPEN_INCIDENT, Receiver, notify};
use crate::support::{CONFIG, TestSite};
use serde_json::Value;

/// The documented keys of a JSON line, each with the words it names (backticked, after its
/// colon): the sub-items of the `--format json` item of docs/notify.md.
fn documented() -> BTreeMap<String, BTreeSet<String>> {
    let doc = std::fs::read_to_string(crate::support::repo().join("docs/notify.md")).unwrap();
    let mut items: Vec<String> = Vec::new();
    let mut inside = false;
    for line in doc.lines() {
        if line.starts_with("- `--format json`") {
            inside = true;
        } else if inside && line.trim().is_empty() {
            break;
        } else if inside && line.starts_with("  - ") {
            items.push(line[4..].to_string());
        } else if inside && line.starts_with("  ") {
            // The item's own words (before the list), or an item's next line.
            if let Some(last) = items.last_mut() {
                last.push(' ');
                last.push_str(line.trim());
            }
        } else if inside && !line.trim().is_empty() {
            break;
        }
    }
    let ticked = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let mut out = BTreeMap::new();
    for item in items {
        let (keys, words) = item.split_once(": ").expect(&item);
        for key in ticked(keys) {
            out.insert(key, ticked(words).into_iter().collect());
        }
    }
    assert!(out.len() >= 7, "the doc's list was not found: {out:?}");
    out
}

fn lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Runs that make every kind of line: sent, failed (a refused port), rejected (a bad
/// subscriber), a correction, WebSub feeds, a dry run.
fn every_kind_of_line() -> Vec<Value> {
    let r = Receiver::start();
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_url = format!("http://{}/hook", dead.local_addr().unwrap());
    drop(dead);
    let site = TestSite::new(&format!("{CONFIG}websub_hub: {}\n", r.url("/hub")));
    site.write("incidents/login.md", OPEN_INCIDENT);
    site.write(
        "notify.yaml",
        &format!(
            "retry: {{ max_time: 300ms, timeout: 200ms, first_wait: 10ms }}
targets:
  - {{ name: chat, type: slack, url_env: SLACK_URL }}
  - {{ name: down, type: webhook, url: {dead_url} }}
  - name: mail
    type: email
    smtp: {{ host: 127.0.0.1, port: 9, security: none }}
    from: status@status.test
    subscribers_env: SUBSCRIBERS
  - {{ name: hub, type: websub }}
"
        ),
    );
    let list = site.path().join("subscribers.txt");
    std::fs::write(&list, "not-an-address\n").unwrap();
    let slack = r.url("/slack");
    let env = [
        ("SLACK_URL", slack.as_str()),
        ("SUBSCRIBERS", list.to_str().unwrap()),
    ];
    let state = site.path().join("state");
    let state = state.to_str().unwrap();
    let mut all = Vec::new();
    let json = ["--format", "json", "--state", state];
    let (_, out, err) = notify(
        site.path(),
        "2026-11-23 10:00",
        &[&json[..], &["--announce-all"]].concat(),
        &env,
    );
    assert!(!out.is_empty(), "{err}");
    all.extend(lines(&out));
    site.write(
        "incidents/login.md",
        &OPEN_INCIDENT.replace("looking into it", "looking into login"),
    );
    let (_, out, _) = notify(site.path(), "2026-11-23 10:05", &json, &env);
    all.extend(lines(&out));
    let (_, out, _) = notify(
        site.path(),
        "2026-11-23 10:10",
        &[&json[..], &["--dry-run"]].concat(),
        &env,
    );
    all.extend(lines(&out));
    all
}

#[test]
fn json_lines_hold_only_documented_keys_and_words() {
    let doc = documented();
    let all = every_kind_of_line();
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in &all {
        for (key, value) in line.as_object().unwrap() {
            assert!(doc.contains_key(key), "undocumented key `{key}` in {line}");
            if let Value::String(word) = value {
                seen.entry(key.clone()).or_default().insert(word.clone());
            }
            if key == "request" {
                for k in value.as_object().unwrap().keys() {
                    assert!(
                        doc["request"].contains(k),
                        "undocumented request key `{k}` in {line}"
                    );
                }
            }
        }
    }
    for key in ["novelty", "result"] {
        for word in &seen[key] {
            assert!(
                doc[key].contains(word),
                "undocumented {key} `{word}`; the doc says {:?}",
                doc[key]
            );
        }
    }
    // The runs made every kind of line the list describes (bar an unsavable record).
    for word in ["sent", "failed", "rejected", "dry-run"] {
        assert!(seen["result"].contains(word), "no `{word}` line: {all:#?}");
    }
    assert!(seen["novelty"].contains("correction"), "{all:#?}");
    assert!(seen.contains_key("feed"), "{all:#?}");
}
