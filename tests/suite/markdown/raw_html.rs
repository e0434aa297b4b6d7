//! `allow_raw_html` end to end: HTML that the sanitiser (ammonia) would remove reaches the
//! incident page and the feeds only when the site opts in.

use crate::support::*;

/// Raw HTML in the summary, an update and a statement: elements and attributes that ammonia's
/// default rules strip (`<iframe>`, a `style` attribute, `<video>`), unlike the `<kbd>` of the
/// unit test (or `<details>`), which it keeps anyway.
const INCIDENT: &str = "\
---
title: Video calls drop
affected:
  wechat/login: partial_outage
---
<p>eu-west and us-east <iframe src=\"https://maps.test/regions\" title=\"Regions\"></iframe></p>

## Timeline

### 2026-11-20 09:00 · investigating
Calls drop after <span style=\"color:red\">ten seconds</span>.

### 2026-11-20 10:00 · resolved
Fixed.

## Statements

### 2026-11-20 10:30 · Ops · [Blog](https://blog.test/calls)
> <video src=\"https://media.test/apology.mp4\" controls></video>
";

/// The raw fragments, as they must appear when allowed.
const RAW: [&str; 3] = [
    r#"<iframe src="https://maps.test/regions" title="Regions"></iframe>"#,
    r#"<span style="color:red">ten seconds</span>"#,
    r#"<video src="https://media.test/apology.mp4" controls></video>"#,
];

fn built_site(allow: Option<bool>) -> TestSite {
    let config = match allow {
        Some(allow) => format!("{CONFIG}allow_raw_html: {allow}\n"),
        None => CONFIG.to_string(),
    };
    let site = TestSite::new(&config);
    site.write("incidents/calls.md", INCIDENT);
    site.run(&["build"]).ok();
    site
}

#[test]
fn raw_html_reaches_page_and_feed_only_when_allowed() {
    let site = built_site(Some(true));
    let page = site.read("public/incidents/calls/index.html");
    let feed = read_json(&site.out().join("feed.json"));
    let content = feed["items"][0]["content_html"].as_str().unwrap();
    for raw in RAW {
        assert!(page.contains(raw), "allowed: the page has {raw}\n{page}");
        assert!(
            content.contains(raw),
            "allowed: the feed has {raw}\n{content}"
        );
    }

    for allow in [None, Some(false)] {
        let site = built_site(allow);
        let page = site.read("public/incidents/calls/index.html");
        let feed = read_json(&site.out().join("feed.json"));
        let content = feed["items"][0]["content_html"].as_str().unwrap();
        for text in [page.as_str(), content] {
            for tag in ["<iframe", "style=\"color:red\"", "<video"] {
                assert!(!text.contains(tag), "{allow:?}: {tag} is removed\n{text}");
            }
            // The words stay; only the markup goes.
            for words in ["eu-west and us-east", "ten seconds"] {
                assert!(text.contains(words), "{allow:?}: {words} kept\n{text}");
            }
        }
    }
}
