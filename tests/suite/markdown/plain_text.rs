//! Plain-text fields stay plain text (issue 11, defect 8): the API, the calendars and the
//! shields.io JSON carry no markup, whatever the author wrote, while text such as
//! "<1% of requests" survives as written.

use std::path::Path;

use crate::support::TestSite;

const CONFIG: &str = "\
title: Test Status
base_url: https://status.test/
language: en
timezone: Asia/Shanghai
products:
  - id: wechat
    name: WeChat
    description: Messaging for <1% of requests <b onclick=alert(1)>and more</b>
    features:
      - id: login
        name: Login
        description: \"<a href='javascript:alert(1)'>x</a> Sign-in, <1% of requests\"
      - id: pay
        name: Pay
  - id: qq
    name: QQ <img src=x onerror=alert(1)>
    features:
      - id: mail
        name: Mail
";

/// An incident whose update has markup that is not valid CommonMark HTML (so pulldown-cmark
/// leaves it as text), and a maintenance with markup in its title and summary.
const INCIDENT: &str = "\
---
title: Login <img src=x onerror=alert(1)>failures
affected:
  wechat/login: major_outage
---
Some users cannot log in.

## Timeline

### 2026-11-20 00:30 · investigating
About <1% of requests fail; a < b. <img src=x onerror=alert(1)

### 03:30 · resolved
Fixed <a href='javascript:alert(1)'>here</a>, see `<script>alert(1)</script>`.
";

const MAINTENANCE: &str = "\
---
title: Mail <a href='javascript:alert(1)'>upgrade</a>
kind: maintenance
affected:
  qq/mail: under_maintenance
scheduled:
  start: 2026-12-01 00:30
  end: 2026-12-01 03:30
---
Mail may be slow for <1% of requests. <img src=x onerror=alert(1)

## Timeline

### 2026-11-20 09:00 · scheduled
Announced &lt;img src=x onerror=alert(1)&gt;.
";

const FORBIDDEN: [&str; 5] = ["<img", "onerror", "javascript:", "<a ", "<script"];

/// Every string in a JSON value.
fn strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match v {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

fn built_site() -> TestSite {
    let site = TestSite::new(CONFIG);
    site.write("incidents/login.md", INCIDENT);
    site.write("incidents/mail.md", MAINTENANCE);
    site.run(&["build"]).ok();
    site
}

/// The files under `dir` of `site`'s output whose names end in `ext`.
fn files(site: &TestSite, dir: &str, ext: &str) -> Vec<(String, String)> {
    let out = site.out();
    walkdir::WalkDir::new(out.join(dir))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().to_string_lossy().ends_with(ext))
        .map(|e| {
            let rel = e.path().strip_prefix(&out).unwrap_or(Path::new(""));
            (
                rel.display().to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn api_and_shields_strings_carry_no_markup() {
    let site = built_site();
    let mut json = files(&site, "api", ".json");
    json.extend(files(&site, "badges", ".json"));
    assert!(json.len() > 5, "{json:?}");
    for (name, text) in &json {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut all = Vec::new();
        strings(&value, &mut all);
        for s in all {
            for bad in FORBIDDEN {
                assert!(!s.contains(bad), "{name}: {bad} in {s:?}");
            }
        }
    }
}

#[test]
fn plain_text_keeps_what_is_not_a_tag() {
    let site = built_site();
    let incidents: serde_json::Value =
        serde_json::from_str(&site.read("public/api/v2/incidents.json")).unwrap();
    let login = incidents["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"].as_str().unwrap().starts_with("Login"))
        .expect("the incident");
    assert_eq!(login["name"], "Login failures");
    let bodies: Vec<&str> = login["incident_updates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["body"].as_str().unwrap())
        .collect();
    assert!(
        bodies.contains(&"About <1% of requests fail; a < b. "),
        "{bodies:?}"
    );
    assert!(bodies.contains(&"Fixed here, see ."), "{bodies:?}");

    let components: serde_json::Value =
        serde_json::from_str(&site.read("public/api/v2/components.json")).unwrap();
    let descriptions: Vec<&str> = components["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["description"].as_str())
        .collect();
    assert!(
        descriptions.contains(&"x Sign-in, <1% of requests"),
        "{descriptions:?}"
    );
    assert!(
        descriptions.contains(&"Messaging for <1% of requests and more"),
        "{descriptions:?}"
    );
}

#[test]
fn calendars_carry_no_markup() {
    let site = built_site();
    let calendars = files(&site, "", ".ics");
    assert!(!calendars.is_empty());
    let mut seen_event = false;
    for (name, text) in &calendars {
        // Unfolded, so that a word split across lines is found.
        let text = text.replace("\r\n ", "");
        for bad in FORBIDDEN {
            assert!(!text.contains(bad), "{name}: {bad} in\n{text}");
        }
        if text.contains("BEGIN:VEVENT") {
            seen_event = true;
            assert!(text.contains("SUMMARY:Mail upgrade"), "{name}:\n{text}");
            assert!(text.contains("<1% of requests"), "{name}:\n{text}");
        }
    }
    assert!(seen_event);
}

#[test]
fn feed_titles_and_badge_labels_carry_no_markup() {
    let site = built_site();
    let feed: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    let titles: Vec<&str> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"[Resolved] Login failures"), "{titles:?}");
    for (file, path) in [
        ("public/rss.xml", &["rss", "channel", "item", "title"][..]),
        ("public/atom.xml", &["feed", "entry", "title"][..]),
        (
            "public/components/qq/rss.xml",
            &["rss", "channel", "title"][..],
        ),
    ] {
        let texts = crate::support::xml_texts(&site.read(file), path);
        assert!(!texts.is_empty(), "{file}");
        for text in texts {
            for bad in FORBIDDEN {
                assert!(!text.contains(bad), "{file}: {bad} in {text:?}");
            }
        }
    }
    let badge: serde_json::Value =
        serde_json::from_str(&site.read("public/badges/qq.json")).unwrap();
    assert_eq!(badge["label"], "QQ ");
    assert!(!site.read("public/badges/qq.svg").contains("<img"));
}

/// The feed-level fields from `bulletin.yaml` (issue 23, finding 8): the RSS description (the
/// site's description, else its title), the Atom subtitle and author, JSON Feed's description
/// and author are plain text too.
#[test]
fn feed_descriptions_and_authors_carry_no_markup() {
    let title = "Status <img src=x onerror=alert(1)>";
    let config = CONFIG.replacen("title: Test Status", &format!("title: \"{title}\""), 1);
    let described = config.replacen(
        "language: en",
        "description: \"Our <a href='javascript:alert(1)'>status</a>, <1% of requests\"\nlanguage: en",
        1,
    );
    for (config, described) in [(config, false), (described, true)] {
        let site = TestSite::new(&config);
        site.write("incidents/login.md", INCIDENT);
        site.run(&["build"]).ok();
        let rss = site.read("public/rss.xml");
        let atom = site.read("public/atom.xml");
        let feed: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
        let mut fields = crate::support::xml_texts(&rss, &["rss", "channel", "description"]);
        fields.extend(crate::support::xml_texts(&atom, &["feed", "subtitle"]));
        fields.extend(crate::support::xml_texts(
            &atom,
            &["feed", "author", "name"],
        ));
        fields.extend(crate::support::xml_texts(&atom, &["feed", "title"]));
        for value in [
            &feed["description"],
            &feed["authors"][0]["name"],
            &feed["title"],
        ] {
            fields.push(value.as_str().unwrap().to_string());
        }
        assert_eq!(fields.len(), 7, "{fields:?}");
        for text in &fields {
            for bad in FORBIDDEN {
                assert!(!text.contains(bad), "{bad} in {text:?}");
            }
        }
        let want = if described {
            "Our status, <1% of requests"
        } else {
            "Status "
        };
        assert_eq!(fields[0], want, "the RSS description");
        assert_eq!(fields[2], "Status ", "the Atom author");
    }
}
