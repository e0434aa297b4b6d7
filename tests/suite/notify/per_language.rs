//! A site in two languages (zh-CN, the default, and en): each target speaks the language it
//! names (`language:`), with that language's status words, component names, site title and
//! links into its own tree; an incident not yet translated is sent in the original, said so
//! in the target's language (and marked with its `lang` in the HTML mail). The same events
//! reach every target once, whatever its language. A language the site lacks is a `check`
//! error at its line and column.
//!
//! The translated incident text itself is tested in src/notify/language/tests.rs (the
//! translation files' loader lands separately; until then no site on disk has one).

use crate::support::notify::{dry_run_requests, notify};
use crate::support::{TestSite, check_json};
use serde_json::Value;

const SITE: &str = "\
title: 服务状态
base_url: https://s.test/
languages: [zh-CN, en]
timezone: UTC
translations:
  en: {title: Service status}
products:
  - id: app
    name: 应用
    translations:
      en: {name: App}
    features:
      - id: pay
        name: 支付
        translations:
          en: {name: Payments}
";

const INCIDENT: &str = "\
---
title: 支付失败
affected:
  app/pay: major_outage
---

## Timeline

### 2026-11-23 09:00 · investigating

部分用户付款失败，正在调查。
";

const NOTIFY: &str = "\
targets:
  - { name: zh, type: webhook, url: https://hooks.test/zh }
  - { name: en, type: webhook, url: https://hooks.test/en, language: en }
  - name: mail
    type: email
    language: en
    smtp: { host: 127.0.0.1, port: 9, security: none }
    from: \"Status <status@s.test>\"
    subscribers_env: SUBSCRIBERS
";

/// The dry run's requests, as (event, target, request).
fn dry_run(site: &TestSite) -> Vec<(String, String, Value)> {
    let list = site.path().join("subscribers.txt");
    std::fs::write(&list, "a@example.com\n").unwrap();
    let args = ["--dry-run", "--announce-all", "--format", "json"];
    let env = [("SUBSCRIBERS", list.to_str().unwrap())];
    let (status, out, err) = notify(site.path(), "2026-11-23 11:15", &args, &env);
    assert_eq!(status, Some(0), "{out}\n{err}");
    dry_run_requests(&out)
}

/// The webhook body sent to `target`.
fn hook(sent: &[(String, String, Value)], target: &str) -> Value {
    let (_, _, req) = sent.iter().find(|(_, t, _)| t == target).unwrap();
    req["body"].clone()
}

#[test]
fn each_target_speaks_its_language_and_says_what_is_not_translated() {
    let site = TestSite::new(SITE);
    site.write("incidents/2026-11-23-pay.md", INCIDENT);
    site.write("notify.yaml", NOTIFY);
    let sent = dry_run(&site);
    // One event, once to each target.
    let events: Vec<(&str, &str)> = sent.iter().map(|(e, t, _)| (&e[..], &t[..])).collect();
    assert_eq!(
        events,
        [
            ("update:2026-11-23-pay#0", "zh"),
            ("update:2026-11-23-pay#0", "en"),
            ("update:2026-11-23-pay#0", "mail"),
        ]
    );

    let zh = hook(&sent, "zh");
    assert_eq!(zh["bulletin"]["headline"], "调查中");
    assert_eq!(zh["incident"]["name"], "支付失败");
    assert_eq!(
        zh["incident"]["shortlink"],
        "https://s.test/incidents/2026-11-23-pay/"
    );
    let update = &zh["incident"]["incident_updates"][0];
    assert_eq!(update["body"], "部分用户付款失败，正在调查。");
    assert_eq!(update["affected_components"][0]["name"], "应用 · 支付");

    let en = hook(&sent, "en");
    assert_eq!(en["bulletin"]["headline"], "Investigating");
    assert_eq!(
        en["incident"]["shortlink"],
        "https://s.test/en/incidents/2026-11-23-pay/"
    );
    let update = &en["incident"]["incident_updates"][0];
    assert_eq!(
        update["body"],
        "(not yet translated)\n\n部分用户付款失败，正在调查。"
    );
    assert_eq!(update["affected_components"][0]["name"], "App · Payments");
    // The same delivery keys as ever: a target's language is not part of its events.
    assert_ne!(
        zh["bulletin"]["idempotency_key"],
        en["bulletin"]["idempotency_key"]
    );
    assert_eq!(zh["bulletin"]["event_id"], en["bulletin"]["event_id"]);

    let (_, _, mail) = sent.iter().find(|(_, t, _)| t == "mail").unwrap();
    assert_eq!(
        mail["subject"],
        "[Service status] Investigating: 支付失败 (App · Payments)"
    );
    let text = mail["text"].as_str().unwrap();
    for words in [
        "- App · Payments: operational → major outage\n",
        "\n(not yet translated)\n\n部分用户付款失败，正在调查。\n",
        "\nView on the status page: https://s.test/en/incidents/2026-11-23-pay/\n",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    let html = mail["html"].as_str().unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html><html lang=\"en\">"),
        "{html}"
    );
    assert!(
        html.contains(
            "<p>(not yet translated)</p>\n<div lang=\"zh-CN\">\n<p>部分用户付款失败，正在调查。</p>\n</div>\n"
        ),
        "{html}"
    );
}

#[test]
fn a_language_the_site_lacks_is_an_error_at_its_value() {
    let site = TestSite::new(SITE);
    site.write("incidents/2026-11-23-pay.md", INCIDENT);
    site.write(
        "notify.yaml",
        "targets:\n  - name: en\n    type: webhook\n    url: https://hooks.test/en\n    language: en-GB\n",
    );
    let (diags, status) = check_json(&site);
    assert_eq!(status, Some(1), "{diags:#?}");
    let d = diags
        .iter()
        .find(|d| d["code"] == "notify-language")
        .unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(
        (&d["file"], &d["line"], &d["column"]),
        (&"notify.yaml".into(), &5.into(), &15.into())
    );
    assert_eq!(
        d["message"],
        "`language: en-GB` is not one of the site's languages"
    );
    assert_eq!(
        d["hint"],
        "did you mean 'en'? The site's languages: zh-CN, en"
    );
}
