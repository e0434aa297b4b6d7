//! The chrome's sentinels and the words, at their edges. That the whole page equals Tera's is
//! `tests/suite/render/compiled_page.rs`.

use super::chrome::{Chrome, PageValues};
use super::html::Html;
use super::words::Words;

const VALUES: PageValues = PageValues {
    title: "A <b> & \"c\"",
    path: "incidents/a/",
    canonical: "https://x.test/incidents/a/",
    root: "../../",
    zone: "UTC",
};

fn written(chrome: &Chrome) -> String {
    let mut h = Html::with_capacity(0);
    chrome.write(&mut h, &VALUES, |h| h.raw("<main>"));
    String::from_utf8(h.into_bytes()).unwrap()
}

#[test]
fn the_chrome_writes_each_pages_values_escaped_in_the_sentinels_places() {
    let text = "<title>\u{E000}T\u{E001} · S</title><a href=\"\u{E000}R\u{E001}\u{E000}P\u{E001}\">\u{E000}B\u{E001}<p>\u{E000}Z\u{E001} \u{E000}C\u{E001}</p>";
    let chrome = Chrome::split(text).expect("splits");
    assert_eq!(
        written(&chrome),
        "<title>A &lt;b&gt; &amp; &quot;c&quot; · S</title><a href=\"../../incidents/a/\"><main><p>UTC https://x.test/incidents/a/</p>"
    );
}

#[test]
fn a_chrome_without_exactly_one_content_or_with_a_stray_sentinel_is_refused() {
    for text in [
        "<p>no content</p>",
        "\u{E000}B\u{E001}\u{E000}B\u{E001}",
        "\u{E000}B\u{E001} \u{E000}Q\u{E001}",
        "\u{E000}B\u{E001} \u{E000}T",
        "\u{E000}B\u{E001} \u{E000}TT\u{E001}",
        "\u{E000}B\u{E001} a site's \u{E001} text",
    ] {
        assert!(Chrome::split(text).is_none(), "{text:?}");
    }
    assert!(Chrome::split("<main>\u{E000}B\u{E001}</main>").is_some());
}

#[test]
fn the_words_are_escaped_once_and_any_missing_one_leaves_the_page_to_tera() {
    let tree = |ongoing_for: serde_json::Value| {
        let mut ui = serde_json::Map::new();
        for key in [
            "untranslated",
            "status",
            "impact",
            "next_update_by",
            "window",
            "started",
            "resolved",
            "duration",
            "ongoing",
            "postmortem_published",
            "affected_then",
            "affected",
            "timeline",
            "new_window",
            "colon",
            "component_changes",
            "statements",
            "comma",
            "via",
            "source",
        ] {
            ui.insert(key.into(), format!("<{key}>").into());
        }
        ui.insert("ongoing_for".into(), ongoing_for);
        serde_json::json!({"ui": ui, "kind": {"incident": "I & co", "maintenance": "M"}})
    };
    let words = Words::of(&tree("<for> {} & more".into())).expect("all there");
    assert_eq!(words.status, "&lt;status&gt;");
    assert_eq!(words.kind("incident"), "I &amp; co");
    assert_eq!(words.kind("maintenance"), "M");
    assert_eq!(
        (words.ongoing_before.as_str(), words.ongoing_after.as_str()),
        ("&lt;for&gt; ", " &amp; more")
    );
    let plain = Words::of(&tree("ongoing".into())).expect("all there");
    assert_eq!(
        (plain.ongoing_before.as_str(), plain.ongoing_after.as_str()),
        ("ongoing", "ongoing")
    );
    assert!(Words::of(&tree(serde_json::json!(3))).is_none(), "not text");
    let mut missing = tree("{}".into());
    missing["ui"].as_object_mut().unwrap().remove("via");
    assert!(Words::of(&missing).is_none(), "a word missing");
}
