//! A zh-CN target and an en target of the same entries, up to the requests a dry run prints:
//! each carries its language's title, status word, text and link, the text not yet
//! translated marked and given in the original. The translation is built here by hand (the
//! loader of translation files fills `Valid::translations` the same way).

use std::path::PathBuf;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;

use super::Languages;
use crate::derive::{Past, Translations};
use crate::model::Translation;
use crate::notify::config::{Channel, Secret, Target};
use crate::notify::diff::Novelty;
use crate::notify::targets::{self, Destination, Outgoing, Site};

const SITE: &str = "title: 服务状态\nbase_url: https://s.test/\nlanguages: [zh-CN, en]\ntimezone: UTC\ntranslations:\n  en: {title: Service status}\nproducts:\n  - id: app\n    name: 应用\n    translations:\n      en: {name: App}\n";

const INCIDENT: &str = "---\ntitle: 登录失败\naffected:\n  app: major_outage\n---\n\n## Timeline\n\n### 2026-01-01 10:00 · investigating\n\n正在调查登录失败。\n\n### 11:00 · identified\n\n已找到原因。\n";

/// The site's folder, its incidents checked, with the English translation of the title and
/// the first entry only.
fn site() -> (tempfile::TempDir, crate::site::Site, crate::site::Valid) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("bulletin.yaml"), SITE).expect("write");
    std::fs::create_dir(dir.path().join("incidents")).expect("mkdir");
    std::fs::write(dir.path().join("incidents/login.md"), INCIDENT).expect("write");
    let mut site = crate::site::Site::open(dir.path(), None).expect("site");
    site.load_incidents();
    let mut valid = site.check(now()).expect("valid");
    let inc = &valid.incidents[0];
    let translation = Translation {
        language: "en".into(),
        file: PathBuf::from("incidents/login.en.md"),
        fingerprint: 1,
        title: Some("Login failures".into()),
        summary: None,
        updates: vec![(inc.entry_keys()[0], "Looking into login failures.".into())],
        statements: Vec::new(),
        postmortem: None,
    };
    let english = Translations::from([("login".to_string(), Arc::new(translation))]);
    valid.translations.insert("en".into(), english);
    (dir, site, valid)
}

fn now() -> Timestamp {
    "2026-01-01T12:00:00Z".parse().expect("time")
}

fn target(name: &str, language: &str) -> Target {
    let url = format!("https://hooks.test/{name}");
    Target {
        name: name.into(),
        components: Vec::new(),
        kinds: Vec::new(),
        channel: Channel::Webhook {
            url: Secret {
                value: url.clone(),
                shown: url,
            },
            secret: None,
        },
        language: language.into(),
        unset: Vec::new(),
    }
}

/// The webhook bodies `target` is sent for both entries, in order.
fn sent(target: &Target) -> Vec<Value> {
    let (_dir, site, valid) = site();
    let derived = site.derive(&valid, now());
    let languages = Languages::new(&site, &valid, &derived, &[&target.language]).expect("words");
    let since = now() - SignedDuration::from_hours(24);
    let events = crate::events::collect(&derived, since, SignedDuration::ZERO);
    let past = Past::new(site.config(), &derived, since);
    let speech = languages.get(&target.language);
    let view = Site {
        config: &speech.config,
        site: speech.site(),
        past: &past,
        strings: &speech.strings,
    };
    let dest = Destination {
        key: target.name.clone(),
        target,
        recipient: None,
    };
    let fresh: Vec<_> = events.iter().map(|e| (e, Novelty::New)).collect();
    targets::batches(view, &dest, &fresh)
        .flat_map(|b| b.parcels)
        .map(|p| match p.outgoing {
            Outgoing::Http(req) => serde_json::from_str(&req.body).expect("JSON"),
            Outgoing::Mail(_) => panic!("a webhook sends no mail"),
        })
        .collect()
}

/// (title, headline, text, link) of a webhook body.
fn words(body: &Value) -> (&str, &str, &str, &str) {
    fn s(v: &Value) -> &str {
        v.as_str().expect("a string")
    }
    let incident = &body["incident"];
    (
        s(&incident["name"]),
        s(&body["bulletin"]["headline"]),
        s(&incident["incident_updates"][0]["body"]),
        s(&incident["shortlink"]),
    )
}

#[test]
fn each_target_reads_its_own_language() {
    let zh = sent(&target("zh", "zh-CN"));
    let en = sent(&target("en", "en"));
    assert_eq!(
        words(&zh[0]),
        (
            "登录失败",
            "调查中",
            "正在调查登录失败。",
            "https://s.test/incidents/login/"
        )
    );
    assert_eq!(
        words(&en[0]),
        (
            "Login failures",
            "Investigating",
            "Looking into login failures.",
            "https://s.test/en/incidents/login/"
        )
    );
    // The second entry has no English yet: the original, said to be one.
    assert_eq!(
        words(&en[1]),
        (
            "Login failures",
            "Identified",
            "(not yet translated)\n\n已找到原因。",
            "https://s.test/en/incidents/login/"
        )
    );
    assert_eq!(words(&zh[1]).2, "已找到原因。");
    // The same events: a language makes no new one.
    let id = |v: &Value| v["bulletin"]["event_id"].clone();
    assert_eq!(
        zh.iter().map(id).collect::<Vec<_>>(),
        en.iter().map(id).collect::<Vec<_>>()
    );
}
