//! What a feed reader shows: every feed item carries the incident's statements (and its
//! updates) in its content. The feeds are parsed (XML and JSON) and each item's content is
//! read as a reader would, since the same words are also on the HTML pages.

use crate::support::*;

/// Words that appear nowhere but in the statement.
const STATEMENT_WORDS: &str = "Quartermaster Zephyrine guarantees every refund";

const INCIDENT: &str = "\
---
title: Pay errors
affected:
  wechat/pay: partial_outage
---
Some payments failed.

## Timeline

### 2026-11-20 09:00 · investigating
Looking into payment errors.

### 2026-11-20 10:00 · resolved
Payments work again.

## Statements

### 2026-11-20 10:30 · Pay team · [Blog](https://blog.test/pay)
> Quartermaster Zephyrine guarantees every refund within three days.
";

/// The content of the one item titled `title` in each of a folder's three feeds.
fn item_contents(site: &TestSite, folder: &str, title: &str) -> [(String, String); 3] {
    let read = |name: &str| site.read(&format!("public/{folder}{name}"));
    let pick = |file: &str, titles: Vec<String>, contents: Vec<String>| {
        assert_eq!(
            titles.len(),
            contents.len(),
            "{folder}{file}: one content per item"
        );
        let i = titles
            .iter()
            .position(|t| t == title)
            .unwrap_or_else(|| panic!("{folder}{file}: no item titled {title}: {titles:?}"));
        (format!("{folder}{file}"), contents[i].clone())
    };
    let rss = read("rss.xml");
    let atom = read("atom.xml");
    let json: serde_json::Value = serde_json::from_str(&read("feed.json")).unwrap();
    let items = json["items"].as_array().unwrap();
    [
        pick(
            "rss.xml",
            xml_texts(&rss, &["rss", "channel", "item", "title"]),
            xml_texts(&rss, &["rss", "channel", "item", "description"]),
        ),
        pick(
            "atom.xml",
            xml_texts(&atom, &["feed", "entry", "title"]),
            xml_texts(&atom, &["feed", "entry", "content"]),
        ),
        pick(
            "feed.json",
            items
                .iter()
                .map(|i| i["title"].as_str().unwrap().to_string())
                .collect(),
            items
                .iter()
                .map(|i| i["content_html"].as_str().unwrap().to_string())
                .collect(),
        ),
    ]
}

#[test]
fn every_feed_item_carries_the_statement_text_and_who_said_it() {
    let site = TestSite::standard();
    site.write("incidents/pay.md", INCIDENT);
    site.run(&["build"]).ok();
    // The site's feeds, the affected feature's and its product's.
    for folder in ["", "components/wechat/pay/", "components/wechat/"] {
        for (file, content) in item_contents(&site, folder, "[Resolved] Pay errors") {
            let quote = content
                .split("<blockquote>")
                .nth(1)
                .and_then(|rest| rest.split("</blockquote>").next())
                .unwrap_or_else(|| panic!("{file}: no statement quote in the item:\n{content}"));
            assert!(
                quote.contains(STATEMENT_WORDS),
                "{file}: the statement's words are in its quote:\n{content}"
            );
            assert!(
                content.contains("— Pay team")
                    && content.contains(r#"<a href="https://blog.test/pay">"#),
                "{file}: who said it and where:\n{content}"
            );
            // The updates are there too, so the item tells the whole story.
            for text in ["Looking into payment errors.", "Payments work again."] {
                assert!(content.contains(text), "{file}: {text}\n{content}");
            }
        }
    }
    // A feed of a feature the incident did not touch has no such item.
    let mail = site.read("public/components/qq/mail/feed.json");
    assert!(!mail.contains("Zephyrine"), "{mail}");
}

#[test]
fn a_feed_describes_the_site_with_its_description_or_else_its_title() {
    let site = TestSite::new(&CONFIG.replace(
        "title: Test Status\n",
        "title: Test Status\ndescription: Live status of WeChat & QQ\n",
    ));
    site.write("incidents/login.md", GOOD_INCIDENT);
    site.run(&["build"]).ok();
    let rss = site.read("public/rss.xml");
    let atom = site.read("public/atom.xml");
    assert_eq!(
        xml_texts(&rss, &["rss", "channel", "description"]),
        ["Live status of WeChat & QQ"]
    );
    assert_eq!(
        xml_texts(&atom, &["feed", "subtitle"]),
        ["Live status of WeChat & QQ"]
    );
    let plain = TestSite::standard();
    plain.run(&["build"]).ok();
    assert_eq!(
        xml_texts(
            &plain.read("public/rss.xml"),
            &["rss", "channel", "description"]
        ),
        ["Test Status"]
    );
}

#[test]
fn xml_feeds_declare_their_encoding() {
    let site = TestSite::standard();
    site.run(&["build"]).ok();
    for feed in [
        "public/rss.xml",
        "public/atom.xml",
        "public/components/wechat/rss.xml",
    ] {
        assert!(
            site.read(feed)
                .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            "{feed}"
        );
    }
}
