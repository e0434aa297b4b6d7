//! Times and timelines on the pages (issue 26, items 4 and 5): one short style (no zone at the
//! time, no year in the build's year, the clock alone under an entry of the same day), one line
//! naming the zone, timelines newest first while live and oldest first once over, a status
//! label only where it changed, "Updated …" with the stale notice's settings, and the script's
//! words in one file per site. What the script does with them is in tests/browser/check.mjs.

use crate::support::{CONFIG, TestSite, default_site_at, read_out};

const OUTAGE: &str = "incidents/2023-03-29-wechat-qq-outage/index.html";

/// The headings of the timeline's entries, in page order.
fn timeline_headings(page: &str) -> Vec<String> {
    let start = page.find("<ol class=\"timeline").expect("a timeline");
    let end = start + page[start..].find("</ol>").unwrap();
    page[start..end]
        .split("<h3>")
        .skip(1)
        .map(|h| h[..h.find("</h3>").unwrap()].to_string())
        .collect()
}

/// The text of the `<time>` in a heading.
fn time_text(heading: &str) -> &str {
    let from = heading.find("<time").unwrap();
    let open = from + heading[from..].find('>').unwrap() + 1;
    &heading[open..open + heading[open..].find("</time>").unwrap()]
}

#[test]
fn a_live_timeline_reads_newest_first_in_the_current_year() {
    let (_tmp, out) = default_site_at("2023-03-29 04:30");
    let page = read_out(&out, OUTAGE);
    let headings = timeline_headings(&page);
    let times: Vec<&str> = headings.iter().map(|h| time_text(h)).collect();
    // Newest first; the build's year is not written; the same day gives the clock alone;
    // approximate times keep their mark; no zone at any time.
    assert_eq!(
        times,
        ["约 3月29日 04:00", "03:30", "约 00:30"],
        "{headings:?}"
    );
    assert!(page.contains("class=\"timeline newest-first\""));
    assert!(!page.contains("UTC+8</time>"), "a zone at a time");
    // One line says which zone the times are in.
    assert_eq!(page.matches("页面中的时间均为北京时间").count(), 1);
}

#[test]
fn a_resolved_timeline_reads_oldest_first_and_labels_only_status_changes() {
    let (_tmp, out) = default_site_at("2026-11-23 12:00");
    let page = read_out(&out, OUTAGE);
    let headings = timeline_headings(&page);
    let times: Vec<&str> = headings.iter().map(|h| time_text(h)).collect();
    // Another year than the build's: the first time says it; the rest are of the same day.
    assert_eq!(
        times,
        ["约 2023年3月29日 00:30", "03:30", "约 04:00", "约 10:00"],
        "{headings:?}"
    );
    assert!(page.contains("class=\"timeline oldest-first\""));
    // investigating → identified → identified → resolved: the second "identified" is not news.
    let labels: Vec<Option<&str>> = headings
        .iter()
        .map(|h| {
            h.find("class=\"status")
                .map(|at| &h[at + h[at..].find('>').unwrap() + 1..h.find("</span>").unwrap()])
        })
        .collect();
    assert_eq!(
        labels,
        [Some("调查中"), Some("已定位"), None, Some("已解决")],
        "{headings:?}"
    );
    // Feeds are read apart from the page: the full form, with the year and the offset.
    let feed = read_out(&out, "feed.json");
    assert!(feed.contains("2023年3月29日 03:30 UTC+8"), "{feed}");
}

#[test]
fn the_front_page_says_when_it_was_updated_and_how_often_it_is_rebuilt() {
    let site = TestSite::new(&format!("{CONFIG}rebuild_every: 5m\n"));
    site.write("incidents/login.md", crate::support::GOOD_INCIDENT);
    site.run(&["build"]).ok();
    let index = site.read("public/index.html");
    assert!(
        index.contains("Updated <time class=\"dt\" data-built datetime=\""),
        "{index}"
    );
    assert!(index.contains("data-rebuild=\"300\""), "{index}");
    assert!(!index.contains("Page generated"));
    let off = TestSite::new(&format!("{CONFIG}rebuild_every: off\n"));
    off.run(&["build"]).ok();
    assert!(!off.read("public/index.html").contains("data-rebuild"));
    for bad in ["5", "10s", "2x", "31d", "m"] {
        let site = TestSite::new(&format!("{CONFIG}rebuild_every: \"{bad}\"\n"));
        let (diags, _) = crate::support::check_json(&site);
        assert!(
            diags.iter().any(|d| d["code"] == "bad-refresh"
                && d["message"].as_str().unwrap().contains("rebuild_every")),
            "{bad}: {diags:?}"
        );
    }
}

#[test]
fn the_scripts_words_are_one_file_not_in_every_page() {
    let (_tmp, out) = default_site_at("2023-03-29 04:30");
    let page = read_out(&out, OUTAGE);
    assert!(page.contains("<script src=\"../../bulletin-strings.js\" defer></script>"));
    assert!(
        !page.contains("data-t-"),
        "the script's words are back in the page"
    );
    let words = read_out(&out, "bulletin-strings.js");
    assert!(words.starts_with("/*") && words.contains("window.bulletinStrings = {"));
    for word in [
        "\"zoneNames\":{",
        "北京时间",
        "\"datetimeThisYear\":\"%-m月%-d日 %H:%M\"",
        "前",
    ] {
        assert!(words.contains(word), "{word} not in {words}");
    }
    assert!(read_out(&out, "_headers").contains("/bulletin-strings.js\n  Cache-Control"));
}
