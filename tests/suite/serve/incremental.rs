//! An incremental rebuild (what `serve` does after a save) must give exactly the files a full
//! build gives for the same sources: otherwise a cached or skipped page would be stale.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::support::*;
use bulletin::build::{self, Clock, Options};
use bulletin::diagnostics::Diagnostic;
use bulletin::serve::live::LiveSite;

fn options(site: &TestSite) -> Options {
    Options {
        clock: Clock::Text("2026-11-23 12:00".into()),
        ..Options::new(site.path())
    }
}

fn full_build(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    let checked = build::check(&options(site)).expect("site checks");
    let (_, files) = build::render_to_memory(checked).expect("site renders");
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

fn live_files(live: &LiveSite) -> BTreeMap<String, Vec<u8>> {
    live.files()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_vec()))
        .collect()
}

fn assert_same(live: &LiveSite, site: &TestSite, step: &str) {
    let (a, b) = (live_files(live), full_build(site));
    let only_live: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_full: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_live.is_empty() && only_full.is_empty(),
        "{step}: extra {only_live:?}, missing {only_full:?}"
    );
    for (path, bytes) in &b {
        assert!(
            a[path] == *bytes,
            "{step}: {path} differs from a full build"
        );
    }
}

#[test]
fn incremental_rebuilds_equal_full_builds() {
    let site = TestSite::standard();
    site.write(
        "incidents/mail.md",
        &GOOD_INCIDENT
            .replace("wechat/login", "qq/mail")
            .replace("Login failures", "Mail slow"),
    );
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    assert_same(&live, &site, "initial");

    let rel = |p: &str| vec![PathBuf::from(p)];
    // Edit text only.
    site.write(
        "incidents/login.md",
        &GOOD_INCIDENT.replace("Fixed.", "Fixed, for good."),
    );
    live.update(&rel("incidents/login.md")).unwrap();
    assert_same(&live, &site, "edit");
    // Move it to another component and reopen it: component pages, feeds, API, badges change.
    site.write(
        "incidents/login.md",
        &GOOD_INCIDENT.replace("wechat/login", "wechat/pay").replace(
            "### 03:30 · resolved\nFixed.\n",
            "### 03:30 · monitoring\nWatching.\n",
        ),
    );
    live.update(&rel("incidents/login.md")).unwrap();
    assert_same(&live, &site, "move and reopen");
    // An entry that changes a component the front matter does not name: its pages too.
    site.write(
        "incidents/login.md",
        &GOOD_INCIDENT.replace("wechat/login", "wechat/pay").replace(
            "### 03:30 · resolved\n",
            "### 01:00 · identified\nAffects: qq/mail=major_outage\n\nSpreading.\n\n### 03:30 · resolved\n",
        ),
    );
    live.update(&rel("incidents/login.md")).unwrap();
    assert_same(&live, &site, "a change names another component");
    // A new incident in a new month, then its deletion.
    site.write(
        "incidents/new.md",
        &GOOD_INCIDENT
            .replace("2023-03-29", "2024-07-01")
            .replace("Login failures", "New one"),
    );
    live.update(&rel("incidents/new.md")).unwrap();
    assert_same(&live, &site, "new file");
    std::fs::remove_file(site.path().join("incidents/new.md")).unwrap();
    live.update(&rel("incidents/new.md")).unwrap();
    assert_same(&live, &site, "deleted file");
    // A broken save keeps the last good output; fixing it catches up.
    let before = live_files(&live);
    site.write("incidents/mail.md", "---\ntitle: [oops\n---\n");
    assert!(live.update(&rel("incidents/mail.md")).is_err());
    assert_eq!(
        live_files(&live),
        before,
        "output untouched by a failed rebuild"
    );
    site.write(
        "incidents/mail.md",
        &GOOD_INCIDENT
            .replace("wechat/login", "qq/mail")
            .replace("Login failures", "Mail fixed"),
    );
    live.update(&rel("incidents/mail.md")).unwrap();
    assert_same(&live, &site, "after fixing");
    // Config change: everything is rebuilt.
    site.write(
        "bulletin.yaml",
        &CONFIG.replace("Test Status", "Renamed Status"),
    );
    live.rebuild_all().unwrap();
    assert_same(&live, &site, "config change");
}

/// Serve keeps each file's own checks until the file changes and re-runs the checks that
/// depend on "now" and on all files together: its findings must be exactly `check`'s.
#[test]
fn incremental_checks_report_what_a_full_check_reports() {
    let site = TestSite::standard();
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    let findings = |result: Result<Vec<Diagnostic>, Vec<Diagnostic>>| {
        let (ok, list) = match result {
            Ok(list) => (true, list),
            Err(list) => (false, list),
        };
        let mut v: Vec<_> = list
            .into_iter()
            .map(|d| (d.code, d.file.display().to_string(), d.line))
            .collect();
        v.sort();
        (ok, v)
    };
    let full = |site: &TestSite| {
        let d = build::check_all(&options(site)).into_vec();
        let ok = !d.iter().any(|d| d.is_error());
        findings(if ok { Ok(d) } else { Err(d) })
    };
    let step = |live: &mut LiveSite, rel: &str, text: &str, expect: &str| {
        site.write(rel, text);
        let got = findings(
            live.update(&[PathBuf::from(rel)])
                .map(|r| r.warnings.into_vec())
                .map_err(|d| d.into_vec()),
        );
        assert_eq!(got, full(&site), "after writing {rel}");
        assert!(
            got.1.iter().any(|f| f.0.as_str() == expect),
            "{expect} is reported: {got:?}"
        );
    };
    let mail = GOOD_INCIDENT
        .replace("wechat/login", "qq/mail")
        .replace("Login failures", "Mail slow");
    step(
        &mut live,
        "incidents/mail.md",
        &mail.replace("qq/mail", "qq/mial"),
        "unknown-component",
    );
    // Fixed, but still open after many days: a warning that depends on "now".
    let open = mail.replace("### 03:30 · resolved\nFixed.\n", "");
    step(&mut live, "incidents/mail.md", &open, "stale-incident");
    // Another file taking the same page address (a check across files).
    step(&mut live, "incidents/Mail.md", &open, "duplicate-slug");
}

/// A config with three products, so that most component pages have nothing to do with any
/// one incident.
const THREE_PRODUCTS: &str = "\
title: Test Status
base_url: https://status.test/
language: en
timezone: Asia/Shanghai
products:
  - id: wechat
    name: WeChat
    features:
      - id: login
        name: Login
      - id: pay
        name: Pay
  - id: qq
    name: QQ
    features:
      - id: mail
        name: Mail
      - id: chat
        name: Chat
  - id: weibo
    name: Weibo
    features:
      - id: feed
        name: Feed
";

/// The features of `THREE_PRODUCTS`: incident `i` affects `FEATURES[i % 5]`.
const FEATURES: [&str; 5] = [
    "wechat/login",
    "wechat/pay",
    "qq/mail",
    "qq/chat",
    "weibo/feed",
];

/// The month (of 2025) in which incident `i` starts.
fn month_of(i: usize) -> usize {
    1 + (i / 5) % 12
}

/// Incident `i` of the many-incident site: spread over every feature and over 2025's months.
fn numbered_incident(i: usize, title: &str) -> String {
    let (month, day) = (month_of(i), 1 + i % 28);
    format!(
        "---\ntitle: {title}\naffected:\n  {}: partial_outage\n---\nSummary {i}.\n\n## Timeline\n\n### 2025-{month:02}-{day:02} 10:00 · investigating\nLooking.\n\n### 11:00 · resolved\nFixed.\n",
        FEATURES[i % 5]
    )
}

/// The paths whose bytes were replaced between two outputs: a re-rendered file gets new bytes
/// even when they equal the old ones, a kept one is the very same shared buffer.
fn rerendered(
    before: &bulletin::serve::live::Files,
    after: &bulletin::serve::live::Files,
) -> Vec<String> {
    let mut out: Vec<String> = after
        .iter()
        .filter(|(path, bytes)| {
            !before
                .get(path)
                .is_some_and(|old| std::sync::Arc::ptr_eq(old, bytes))
        })
        .map(|(path, _)| path.to_string())
        .collect();
    out.sort();
    out
}

/// Files that summarise the whole site and are rendered on every change (see
/// `render::Selection`): the API, calendars, badges, the theme's static files and the
/// embeddable page (`embed.html`, which shows the live incidents like the front page).
fn site_wide(path: &str) -> bool {
    path.starts_with("api/")
        || path.starts_with("badges/")
        || path.ends_with(".ics")
        || matches!(
            path,
            "style.css"
                | "bulletin.js"
                | "bulletin-strings.js"
                | "robots.txt"
                | "404.html"
                | "embed.html"
        )
}

/// Changing one incident of 200 re-renders exactly the pages and feeds that show it (its own
/// page, its feature's and product's pages, years and feeds, its month, the history index, the
/// site's feeds) and the site-wide summaries; no other incident's, month's or component's
/// page. Not the front page: an incident of 2025 is on none of its lists or uptime bars, and
/// what the front page shows did not change (`render::written`).
#[test]
fn a_change_re_renders_only_what_shows_the_changed_incident() {
    let site = TestSite::new(THREE_PRODUCTS);
    for i in 0..200 {
        site.write(
            &format!("incidents/i{i:03}.md"),
            &numbered_incident(i, &format!("Incident {i}")),
        );
    }
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    let total = live.files().len();

    // The changed incident; the product/feature it affects and its month follow from its number.
    const CHANGED: usize = 57;
    let feature = FEATURES[CHANGED % 5];
    let product = feature.split('/').next().unwrap();
    let month = format!("history/2025-{:02}/index.html", month_of(CHANGED));
    let (file, page) = (
        format!("incidents/i{CHANGED:03}.md"),
        format!("incidents/i{CHANGED:03}/index.html"),
    );
    let before = live.files();
    let edited = format!("Incident {CHANGED}, edited");
    site.write(&file, &numbered_incident(CHANGED, &edited));
    let rebuilt = live.update(&[PathBuf::from(&file)]).unwrap();
    let after = live.files();
    let got = rerendered(&before, &after);
    assert_eq!(
        rebuilt.rendered,
        got.len(),
        "the count serve prints is the files replaced"
    );

    let mut expected = vec![
        "history/index.html".to_string(),
        month,
        page.clone(),
        "rss.xml".into(),
        "atom.xml".into(),
        "feed.json".into(),
    ];
    for component in [feature, product] {
        for file in ["index.html", "rss.xml", "atom.xml", "feed.json"] {
            expected.push(format!("components/{component}/{file}"));
        }
        // Its year of the component's archive (every incident here is of 2025).
        expected.push(format!("components/{component}/history/2025/index.html"));
    }
    let missing: Vec<_> = expected.iter().filter(|p| !got.contains(p)).collect();
    assert!(
        missing.is_empty(),
        "not re-rendered although they show it: {missing:?}"
    );
    let extra: Vec<_> = got
        .iter()
        .filter(|p| !expected.contains(p) && !site_wide(p))
        .collect();
    assert!(
        extra.is_empty(),
        "{} files re-rendered although they do not show it ({} of {total} re-rendered), e.g. {:?}",
        extra.len(),
        got.len(),
        &extra[..extra.len().min(10)]
    );
    assert!(
        after[page.as_str()]
            .windows(edited.len())
            .any(|w| w == edited.as_bytes()),
        "the change is in the page"
    );
    assert_same(&live, &site, "after a narrow rebuild");
}
