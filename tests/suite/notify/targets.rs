//! `bulletin notify` against a loopback receiver: every target format, signatures, the
//! idempotency key, filters, corrections, the first-run rule, retries, and notify.yaml's
//! problems as check errors.
// Sending needs the default feature `notify-send`.
#![cfg(feature = "notify-send")]

use std::path::Path;

use crate::support::notify::{Answer, Receiver, hmac_base64, hmac_hex, notify, publish};
use crate::support::{CONFIG, TestSite, build};

const SECRET: &str = "s3cret-signing-key";

const INCIDENT: &str = "\
---
title: Login failures
affected:
  wechat/login: major_outage
---
Some users cannot log in.

## Timeline

### 2026-11-23 09:00 · investigating
We are looking into login failures.
";

const UPDATE: &str = "
### 10:30 · identified
Affects: wechat/login=partial_outage
A bad deploy for <1% & > @channel `*bold* [x](https://evil.example)`.
";

/// notify.yaml with every HTTP format pointing at `r`, and two filtered targets that must
/// get nothing.
fn targets(r: &Receiver) -> String {
    format!(
        "max_age: 2d
retry: {{ max_time: 5s, timeout: 2s, first_wait: 10ms }}
targets:
  - name: hooks
    type: webhook
    url: {}
    secret_env: HOOK_SECRET
  - {{ name: slack, type: slack, url_env: SLACK_URL }}
  - {{ name: discord, type: discord, url_env: DISCORD_URL }}
  - {{ name: teams, type: teams, url_env: TEAMS_URL }}
  - {{ name: feishu, type: feishu, url_env: FEISHU_URL, secret_env: HOOK_SECRET }}
  - {{ name: wecom, type: wecom, url_env: WECOM_URL }}
  - {{ name: dingtalk, type: dingtalk, url_env: DINGTALK_URL, secret_env: HOOK_SECRET }}
  - name: qq-only
    type: slack
    url_env: QQ_URL
    components: [qq]
  - name: maintenance-only
    type: slack
    url_env: QQ_URL
    kinds: [maintenance]
  - {{ name: hub, type: websub }}
",
        r.url("/hook"),
    )
}

fn env(r: &Receiver) -> Vec<(&'static str, String)> {
    vec![
        ("HOOK_SECRET", SECRET.to_string()),
        ("SLACK_URL", r.url("/slack")),
        ("DISCORD_URL", r.url("/discord")),
        ("TEAMS_URL", r.url("/teams")),
        ("FEISHU_URL", r.url("/feishu")),
        ("WECOM_URL", r.url("/wecom")),
        ("DINGTALK_URL", r.url("/dingtalk?access_token=t0ken")),
        ("QQ_URL", r.url("/qq")),
    ]
}

fn run(site: &Path, r: &Receiver, now: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let env = env(r);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    notify(site, now, args, &env)
}

/// A site built and published at 10:00, then updated at 10:30: the previous site is in
/// `<site>/prev`, the record goes to `<site>/state`.
fn updated_site(r: &Receiver) -> TestSite {
    let site = TestSite::new(&format!("{CONFIG}websub_hub: {}\n", r.url("/hub")));
    site.write("incidents/login.md", INCIDENT);
    site.write("notify.yaml", &targets(r));
    build(site.path(), None, Some("2026-11-23 10:00"));
    publish(site.path(), &site.path().join("prev"));
    site.write("incidents/login.md", &format!("{INCIDENT}{UPDATE}"));
    site
}

fn by_path<'a>(
    reqs: &'a [crate::support::notify::Request],
    path: &str,
) -> Vec<&'a crate::support::notify::Request> {
    reqs.iter()
        .filter(|q| q.path.split('?').next() == Some(path))
        .collect()
}

#[test]
fn every_target_gets_the_new_update_once_in_its_format() {
    let r = Receiver::start();
    let site = updated_site(&r);
    let args = ["--previous", "prev", "--state", "state"];
    let args: Vec<String> = args
        .iter()
        .map(|a| site.path().join(a).display().to_string())
        .collect();
    let args = ["--previous", &args[1], "--state", &args[3]];
    let (status, out, err) = run(site.path(), &r, "2026-11-23 11:00", &args);
    assert_eq!(status, Some(0), "{out}\n{err}");
    let reqs = r.delivered();
    for path in [
        "/hook",
        "/slack",
        "/discord",
        "/teams",
        "/feishu",
        "/wecom",
        "/dingtalk",
    ] {
        assert_eq!(by_path(&reqs, path).len(), 1, "{path}: {reqs:#?}");
    }
    assert!(
        by_path(&reqs, "/qq").is_empty(),
        "filtered targets got something"
    );
    check_webhook(by_path(&reqs, "/hook")[0]);
    check_chat_formats(&reqs);
    let hub: Vec<String> = by_path(&reqs, "/hub")
        .iter()
        .map(|q| q.body.clone())
        .collect();
    assert!(
        hub.iter()
            .any(|b| b == "hub.mode=publish&hub.url=https%3A%2F%2Fstatus.test%2Fatom.xml"),
        "{hub:?}"
    );
    assert!(
        hub.iter()
            .any(|b| b.contains("components%2Fwechat%2Flogin%2Frss.xml")),
        "{hub:?}"
    );
    assert!(
        !hub.iter().any(|b| b.contains("components%2Fqq")),
        "{hub:?}"
    );

    // A rerun has nothing new.
    r.clear();
    let (status, out, err) = run(site.path(), &r, "2026-11-23 11:05", &args);
    assert_eq!(status, Some(0), "{out}\n{err}");
    assert!(r.requests().is_empty(), "{:#?}", r.requests());
}

fn check_webhook(q: &crate::support::notify::Request) {
    let sig = q.header("X-Bulletin-Signature").expect("signed");
    assert_eq!(sig, format!("sha256={}", hmac_hex(SECRET, &q.body)));
    let key = q.header("Idempotency-Key").expect("idempotency key");
    assert!(key.starts_with("bulletin-") && key.len() > 12, "{key}");
    let v = q.json();
    // Statuspage's incident webhook shape.
    assert_eq!(v["incident"]["name"], "Login failures");
    assert_eq!(
        v["incident"]["shortlink"],
        "https://status.test/incidents/login/"
    );
    let update = &v["incident"]["incident_updates"][0];
    assert_eq!(update["status"], "identified");
    assert!(update["body"].as_str().unwrap().starts_with("A bad deploy"));
    let c = &update["affected_components"][0];
    assert_eq!(
        (
            c["name"].as_str(),
            c["old_status"].as_str(),
            c["new_status"].as_str()
        ),
        (
            Some("WeChat · Login"),
            Some("major_outage"),
            Some("partial_outage")
        )
    );
    assert_eq!(v["page"]["status_indicator"], "major");
    assert_eq!(v["bulletin"]["event_id"], "update:login#1");
    assert_eq!(v["bulletin"]["correction"], false);
}

fn check_chat_formats(reqs: &[crate::support::notify::Request]) {
    let slack = by_path(reqs, "/slack")[0].json();
    let text = slack["blocks"][0]["text"]["text"].as_str().unwrap();
    // Code spans keep their characters as text: the escaping is what defuses them.
    assert!(text.contains("for &lt;1% &amp; &gt; @"), "{text}");
    assert!(!text.contains("*bold*"), "{text}");
    assert!(!text.contains("@channel"), "{text}");
    assert!(
        text.contains("WeChat · Login: major outage → partial outage"),
        "{text}"
    );
    let discord = by_path(reqs, "/discord")[0].json();
    assert_eq!(discord["allowed_mentions"]["parse"], serde_json::json!([]));
    let desc = discord["embeds"][0]["description"].as_str().unwrap();
    assert!(desc.contains("\\*bold\\* \\[x\\]\\(https://evil"), "{desc}");
    let teams = by_path(reqs, "/teams")[0].json();
    assert_eq!(
        teams["attachments"][0]["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
    assert_eq!(teams["attachments"][0]["content"]["type"], "AdaptiveCard");
    let wecom = by_path(reqs, "/wecom")[0].json();
    assert_eq!(wecom["msgtype"], "markdown");
    // Feishu: the signature over the timestamp it sent.
    let feishu = by_path(reqs, "/feishu")[0].json();
    let ts = feishu["timestamp"].as_str().unwrap();
    assert_eq!(
        feishu["sign"].as_str().unwrap(),
        hmac_base64(&format!("{ts}\n{SECRET}"), "")
    );
    assert!(
        !feishu["content"]["text"]
            .as_str()
            .unwrap()
            .contains("<!here>")
    );
    // DingTalk: timestamp and sign in the query, the access token kept.
    let ding = by_path(reqs, "/dingtalk")[0];
    let query: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(ding.path.split_once('?').unwrap().1.as_bytes())
            .into_owned()
            .collect();
    assert_eq!(query["access_token"], "t0ken");
    let expected = hmac_base64(SECRET, &format!("{}\n{SECRET}", query["timestamp"]));
    assert_eq!(query["sign"], expected);
    assert_eq!(ding.json()["at"]["isAtAll"], false);
}

#[test]
fn a_corrected_update_is_announced_once_as_a_correction() {
    let r = Receiver::start();
    let site = updated_site(&r);
    let state = site.path().join("state").display().to_string();
    let prev = site.path().join("prev").display().to_string();
    let args = ["--previous", prev.as_str(), "--state", state.as_str()];
    run(site.path(), &r, "2026-11-23 11:00", &args);
    r.clear();
    let fixed = UPDATE.replace("A bad deploy", "A bad configuration push");
    site.write("incidents/login.md", &format!("{INCIDENT}{fixed}"));
    for now in ["2026-11-23 11:10", "2026-11-23 11:20"] {
        let (status, out, err) = run(site.path(), &r, now, &args);
        assert_eq!(status, Some(0), "{out}\n{err}");
    }
    let hooks = by_path(&r.delivered(), "/hook")
        .into_iter()
        .cloned()
        .collect::<Vec<_>>();
    assert_eq!(hooks.len(), 1, "{hooks:#?}");
    let v = hooks[0].json();
    assert_eq!(v["bulletin"]["correction"], true);
    assert!(
        v["incident"]["incident_updates"][0]["body"]
            .as_str()
            .unwrap()
            .contains("configuration push")
    );
    let slack = by_path(&r.delivered(), "/slack")[0].json();
    assert!(
        slack["text"]
            .as_str()
            .unwrap()
            .starts_with("[Correction] Identified"),
        "{slack}"
    );
}

#[test]
fn a_first_run_without_previous_site_or_record_announces_nothing_unless_asked() {
    let r = Receiver::start();
    let site = updated_site(&r);
    let state = site.path().join("state").display().to_string();
    let (status, out, err) = run(site.path(), &r, "2026-11-23 11:00", &["--state", &state]);
    assert_eq!(status, Some(0), "{out}\n{err}");
    assert!(r.requests().is_empty(), "{:#?}", r.requests());
    // The record now knows both entries: a later update alone is new.
    site.write(
        "incidents/login.md",
        &format!("{INCIDENT}{UPDATE}\n### 11:30 · resolved\nFixed.\n"),
    );
    run(site.path(), &r, "2026-11-23 11:40", &["--state", &state]);
    let hooks = by_path(&r.delivered(), "/hook").len();
    assert_eq!(hooks, 1);
    // Asked: everything younger than max_age (2 days), not the 2023 incident.
    let other = updated_site(&r);
    other.write("incidents/old.md", crate::support::GOOD_INCIDENT);
    r.clear();
    run(other.path(), &r, "2026-11-23 11:00", &["--announce-all"]);
    let events: Vec<String> = by_path(&r.delivered(), "/hook")
        .iter()
        .map(|q| {
            q.json()["bulletin"]["event_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(events, ["update:login#0", "update:login#1"]);
}

#[test]
fn a_5xx_is_retried_and_a_4xx_is_reported_and_left_for_the_rerun() {
    let r = Receiver::start();
    let site = updated_site(&r);
    site.write("notify.yaml", &format!(
        "retry: {{ max_time: 5s, timeout: 2s, first_wait: 10ms }}\ntargets:\n  - {{ name: hooks, type: webhook, url: \"{}\" }}\n",
        r.url("/hook")
    ));
    let prev = site.path().join("prev").display().to_string();
    let state = site.path().join("state").display().to_string();
    let args = [
        "--previous",
        prev.as_str(),
        "--state",
        state.as_str(),
        "--format",
        "json",
    ];
    r.script(&[
        Answer::Status(500),
        Answer::Status(503),
        Answer::Status(200),
    ]);
    let (status, out, _) = run(site.path(), &r, "2026-11-23 11:00", &args);
    assert_eq!(status, Some(0), "{out}");
    assert_eq!(r.requests().len(), 3);
    let line: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        (line["result"].as_str(), line["attempts"].as_u64()),
        (Some("sent"), Some(3))
    );

    site.write(
        "incidents/login.md",
        &format!("{INCIDENT}{UPDATE}\n### 11:30 · resolved\nFixed.\n"),
    );
    r.clear();
    r.script(&[Answer::Status(404)]);
    let (status, out, _) = run(site.path(), &r, "2026-11-23 11:40", &args);
    assert_eq!(status, Some(1), "a failed delivery fails the run: {out}");
    assert_eq!(r.requests().len(), 1, "a 4xx is not retried");
    assert!(out.contains("\"result\":\"rejected\""), "{out}");
    let (status, _, _) = run(site.path(), &r, "2026-11-23 11:45", &args);
    assert_eq!(status, Some(0));
    assert_eq!(
        r.delivered().len(),
        1,
        "the rerun delivers what failed, once"
    );
}

#[test]
fn a_target_that_refuses_connections_fails_within_the_time_allowed() {
    let r = Receiver::start();
    let site = updated_site(&r);
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    site.write("notify.yaml", &format!(
        "retry: {{ max_time: 1s, timeout: 200ms, first_wait: 50ms }}\ntargets:\n  - {{ name: hooks, type: webhook, url: \"http://127.0.0.1:{closed}/x\" }}\n"
    ));
    let prev = site.path().join("prev").display().to_string();
    let started = std::time::Instant::now();
    let (status, out, err) = run(site.path(), &r, "2026-11-23 11:00", &["--previous", &prev]);
    assert_eq!(status, Some(1), "{out}\n{err}");
    assert!(
        out.contains("failed") && out.contains("attempt(s)"),
        "{out}"
    );
    // Bounded: max_time is 1 s (the bound is generous for a loaded machine).
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn build_publishes_a_manifest_of_the_last_30_days() {
    let site = TestSite::new(CONFIG);
    site.write("incidents/login.md", &format!("{INCIDENT}{UPDATE}"));
    site.write("incidents/old.md", crate::support::GOOD_INCIDENT);
    build(site.path(), None, Some("2026-11-23 11:00"));
    let m = crate::support::read_json(&site.path().join("public/api/notify.json"));
    assert_eq!(m["generated_at"], "2026-11-23T03:00:00Z");
    assert_eq!(m["horizon_days"], 30);
    let events = m["events"].as_array().unwrap();
    let ids: Vec<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["update:login#0", "update:login#1"],
        "the 2023 incident is older than 30 days"
    );
    let e = &events[1];
    assert_eq!(
        (
            e["kind"].as_str(),
            e["incident"].as_str(),
            e["status"].as_str()
        ),
        (Some("update"), Some("login"), Some("identified"))
    );
    assert_eq!(e["time"], "2026-11-23T02:30:00Z");
    assert_eq!(
        e["components"],
        serde_json::json!([{ "component": "wechat/login", "old": "major_outage", "new": "partial_outage" }])
    );
    assert_eq!(e["hash"].as_str().unwrap().len(), 16);
    // Same sources, same hashes; another text, another hash.
    build(site.path(), None, Some("2026-11-23 11:30"));
    let again = crate::support::read_json(&site.path().join("public/api/notify.json"));
    assert_eq!(again["events"], m["events"]);
    site.write(
        "incidents/login.md",
        &format!("{INCIDENT}{}", UPDATE.replace("bad deploy", "bad push")),
    );
    build(site.path(), None, Some("2026-11-23 11:30"));
    let edited = crate::support::read_json(&site.path().join("public/api/notify.json"));
    assert_eq!(edited["events"][0], m["events"][0]);
    assert_ne!(edited["events"][1]["hash"], m["events"][1]["hash"]);
}

#[test]
fn a_robot_that_answers_200_with_an_error_code_has_not_delivered() {
    let r = Receiver::start();
    let site = updated_site(&r);
    site.write("notify.yaml", "retry: { max_time: 5s, timeout: 2s, first_wait: 10ms }\ntargets:\n  - { name: dingtalk, type: dingtalk, url_env: DINGTALK_URL, secret_env: HOOK_SECRET }\n");
    let prev = site.path().join("prev").display().to_string();
    let state = site.path().join("state").display().to_string();
    let args = ["--previous", prev.as_str(), "--state", state.as_str()];
    // DingTalk's "sign not match": refused for good, not retried.
    r.script(&[Answer::Json(
        r#"{"errcode":310000,"errmsg":"sign not match"}"#,
    )]);
    let (status, out, _) = run(site.path(), &r, "2026-11-23 11:00", &args);
    assert_eq!(status, Some(1), "{out}");
    assert!(
        out.contains("the robot refused it: 310000 sign not match"),
        "{out}"
    );
    assert_eq!(r.requests().len(), 1);
    // "Sending too fast" is worth a retry.
    r.clear();
    r.script(&[Answer::Json(
        r#"{"errcode":130101,"errmsg":"send too fast"}"#,
    )]);
    let (status, out, _) = run(site.path(), &r, "2026-11-23 11:05", &args);
    assert_eq!(status, Some(0), "{out}");
    assert_eq!(r.requests().len(), 2);
}

#[test]
fn a_target_that_hangs_is_timed_out_and_tried_again() {
    let r = Receiver::start();
    let site = updated_site(&r);
    site.write("notify.yaml", &format!(
        "retry: {{ max_time: 10s, timeout: 300ms, first_wait: 10ms }}\ntargets:\n  - {{ name: hooks, type: webhook, url: \"{}\" }}\n",
        r.url("/hook")
    ));
    let prev = site.path().join("prev").display().to_string();
    r.script(&[Answer::Hang]);
    let (status, out, err) = run(
        site.path(),
        &r,
        "2026-11-23 11:00",
        &["--previous", &prev, "--format", "json"],
    );
    assert_eq!(status, Some(0), "{out}\n{err}");
    let line: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        (line["result"].as_str(), line["attempts"].as_u64()),
        (Some("sent"), Some(2))
    );
    let keys: Vec<_> = r
        .requests()
        .iter()
        .map(|q| q.header("Idempotency-Key").unwrap().to_string())
        .collect();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0], keys[1], "every attempt carries the same key");
}

#[test]
fn the_previous_site_is_read_over_http_and_an_unreachable_one_stops_the_run() {
    let r = Receiver::start();
    let site = updated_site(&r);
    site.write(
        "notify.yaml",
        &format!(
            "targets:\n  - {{ name: hooks, type: webhook, url: \"{}\" }}\n",
            r.url("/hook")
        ),
    );
    let port = crate::support::notify::serve(site.path().join("prev"));
    let (status, out, err) = run(
        site.path(),
        &r,
        "2026-11-23 11:00",
        &["--previous", &format!("http://127.0.0.1:{port}/")],
    );
    assert_eq!(status, Some(0), "{out}\n{err}");
    let events: Vec<String> = r
        .delivered()
        .iter()
        .map(|q| {
            q.json()["bulletin"]["event_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(events, ["update:login#1"]);
    // A site that answers 5xx: nothing is known, so nothing is sent; the job fails to be rerun.
    let down = Receiver::start();
    down.script(&[Answer::Status(503)]);
    r.clear();
    let (status, _, err) = run(
        site.path(),
        &r,
        "2026-11-23 11:00",
        &["--previous", &down.url("/")],
    );
    assert_eq!(status, Some(2), "{err}");
    assert!(
        err.contains("/api/notify.json: HTTP 503; rerun when the site answers"),
        "{err}"
    );
    assert!(r.requests().is_empty());
}

#[test]
fn a_secret_url_never_shows_in_an_error() {
    let r = Receiver::start();
    let site = updated_site(&r);
    site.write("notify.yaml", "retry: { max_time: 300ms, timeout: 100ms, first_wait: 10ms }\ntargets:\n  - { name: s, type: slack, url_env: SECRET_URL }\n");
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let secret = format!("http://127.0.0.1:{closed}/services/T0/B0/SECRETTOKEN");
    let prev = site.path().join("prev").display().to_string();
    let (status, out, err) = notify(
        site.path(),
        "2026-11-23 11:00",
        &["--previous", &prev],
        &[("SECRET_URL", &secret)],
    );
    assert_eq!(status, Some(1), "{out}\n{err}");
    assert!(out.contains("failed"), "{out}");
    assert!(
        !out.contains("SECRETTOKEN") && !err.contains("SECRETTOKEN"),
        "{out}\n{err}"
    );
}

#[test]
fn every_request_carries_the_one_user_agent() {
    let r = Receiver::start();
    let site = updated_site(&r);
    site.write(
        "notify.yaml",
        &format!(
            "targets:\n  - {{ name: hooks, type: webhook, url: \"{}\" }}\n  - {{ name: hub, type: websub }}\n",
            r.url("/hook")
        ),
    );
    // The previous site is asked for at the receiver too: a 404 is "nothing published yet".
    r.script(&[Answer::Status(404)]);
    let (status, out, err) = run(
        site.path(),
        &r,
        "2026-11-23 11:00",
        &[
            "--previous",
            &r.url("/"),
            "--previous-optional",
            "--announce-all",
        ],
    );
    assert_eq!(status, Some(0), "{out}\n{err}");
    let reqs = r.requests();
    for path in ["/api/notify.json", "/hook", "/hub"] {
        assert!(!by_path(&reqs, path).is_empty(), "{path}: {reqs:#?}");
    }
    let agent = format!("Bulletin/{}", env!("CARGO_PKG_VERSION"));
    for q in &reqs {
        assert_eq!(q.header("User-Agent"), Some(agent.as_str()), "{}", q.path);
    }
}
