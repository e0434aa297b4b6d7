//! A one-file rebuild does work in proportion to what the edit touches, counted (never
//! timed): the checks against "now" run only on incidents not over yet, only the states of
//! the edited incident and of those time still changes are derived, one card is built
//! (the edited incident's), and a component's 90 days of uptime bars (and its part of
//! `api/uptime.json`) are built again only when the edit changed them, and so are an
//! incident's entries of `api/notify.json`; derive patches the last derive, going through the
//! edited incident only. A count that grows with the site's size fails here.

use std::path::PathBuf;

use crate::support::*;
use bulletin::build::{Clock, Options};
use bulletin::serve::live::{LiveSite, Rebuilt};

/// Resolved incident `i`: even ones in the 90 days of uptime bars (October 2026), odd ones
/// in 2025; all on `wechat/login`, so they count for `wechat/login` and `wechat`.
fn resolved(i: usize, title: &str) -> String {
    let year = if i.is_multiple_of(2) { 2026 } else { 2025 };
    let day = 1 + i % 28;
    format!(
        "---\ntitle: {title}\naffected:\n  wechat/login: partial_outage\n---\nSummary {i}.\n\n## Timeline\n\n### {year}-10-{day:02} 10:00 · investigating\nLooking.\n\n### 11:00 · resolved\nFixed.\n"
    )
}

/// An incident still open at the site's "now" (2026-11-23 12:00).
const OPEN: &str = "---\ntitle: Mail slow\naffected:\n  qq/mail: degraded_performance\n---\n\n## Timeline\n\n### 2026-11-23 10:00 · investigating\nLooking.\n";

fn site(n: usize) -> TestSite {
    let site = TestSite::new(CONFIG);
    for i in 0..n {
        site.write(&format!("incidents/i{i:03}.md"), &resolved(i, "Login slow"));
    }
    site.write("incidents/open.md", OPEN);
    site
}

/// `site` served with its clock at the incidents' "now" (2026-11-23 12:00).
fn served(site: &TestSite) -> LiveSite {
    let options = Options {
        clock: Clock::Text("2026-11-23 12:00".into()),
        ..Options::new(site.path())
    };
    LiveSite::new(options).expect("initial build")
}

fn retitle(live: &mut LiveSite, site: &TestSite, i: usize, title: &str) -> Rebuilt {
    let rel = format!("incidents/i{i:03}.md");
    site.write(&rel, &resolved(i, title));
    live.update(&[PathBuf::from(rel)]).expect("rebuilds")
}

#[test]
fn a_one_file_edit_checks_and_rebuilds_only_what_it_touches() {
    for n in [20, 80] {
        let site = site(n);
        let mut live = served(&site);

        // An incident of 2025: outside every uptime bar.
        let old = retitle(&mut live, &site, 1, "Login slow, renamed");
        assert_eq!(
            old.timed, 1,
            "n = {n}: only the open incident is checked against now"
        );
        assert_eq!(
            old.listed, 1,
            "n = {n}: check's list of incidents is patched for the edited file, not made from every file"
        );
        assert_eq!(
            old.derived, 1,
            "n = {n}: the edited incident's state; the open one settled at its last entry"
        );
        assert_eq!(
            old.derive_went_through, 1,
            "n = {n}: derive patches the last one: only the edited incident is gone through (the open one settled at its last entry)"
        );
        assert_eq!(
            old.indexed, 1,
            "n = {n}: the patch moves only the edited incident's index entries (read from it, before and after)"
        );
        assert_eq!(
            old.ordered, 0,
            "n = {n}: the patch keeps every incident in its place (the edit did not move it)"
        );
        assert_eq!(
            old.listed_years, 0,
            "n = {n}: the edited incident's components' years are looked up, not every component's listed"
        );
        assert_eq!(
            old.stats.cards, 1,
            "n = {n}: only the edited incident's card"
        );
        assert_eq!(old.stats.uptime_views, 0, "n = {n}: no uptime bar shows it");
        assert_eq!(
            old.stats.api_uptime_parts, 0,
            "n = {n}: api/uptime.json keeps every component's part"
        );
        assert_eq!(
            old.stats.manifest_entries, 0,
            "n = {n}: api/notify.json keeps the open incident's entries (the edited one is older than its 30 days)"
        );

        // An incident of October 2026: its day is in the bars of its feature and product.
        let recent = retitle(&mut live, &site, 2, "Login slow, renamed");
        assert_eq!(
            recent.timed, 1,
            "n = {n}: only the open incident is checked against now"
        );
        assert_eq!(
            recent.derived, 1,
            "n = {n}: the edited incident's state; the open one settled at its last entry"
        );
        assert_eq!(
            recent.list_copied, 0,
            "n = {n}: the patch left check's list where it was, so it is lent again, not copied"
        );
        assert_eq!(
            recent.stats.cards, 1,
            "n = {n}: only the edited incident's card"
        );
        assert_eq!(
            recent.stats.uptime_views, 2,
            "n = {n}: the bars of wechat/login and wechat list its title; no other's"
        );
        assert_eq!(
            recent.stats.api_uptime_parts, 0,
            "n = {n}: api/uptime.json lists incidents by id (from the slug): no part changed"
        );

        // The same incident resolved an hour later: the day's down time changes.
        let rel = "incidents/i002.md";
        let later = resolved(2, "Login slow").replace("11:00 · resolved", "12:00 · resolved");
        site.write(rel, &later);
        let retimed = live.update(&[PathBuf::from(rel)]).expect("rebuilds");
        assert_eq!(
            retimed.stats.api_uptime_parts, 2,
            "n = {n}: api/uptime.json writes the parts of wechat/login and wechat again"
        );

        // A new entry of the open incident: its entries of api/notify.json are written again.
        site.write(
            "incidents/open.md",
            &format!("{OPEN}\n### 11:00 · identified\nFound.\n"),
        );
        let open = live
            .update(&[PathBuf::from("incidents/open.md")])
            .expect("rebuilds");
        assert_eq!(
            open.stats.manifest_entries, 1,
            "n = {n}: api/notify.json writes the open incident's entries, no other's"
        );
    }
}

/// Derive keeps the last derive's order: an edit that moves an incident, a new file and a
/// deleted one each place only what changed (serve equals a build through these:
/// `equals_build_cases.rs`).
#[test]
fn the_order_is_kept_and_only_what_changed_is_placed() {
    let site = site(40);
    let mut live = served(&site);
    let moved = resolved(5, "Login slow").replace("-10-06 10:00", "-10-20 10:00");
    site.write("incidents/i005.md", &moved);
    let rebuilt = live.update(&[PathBuf::from("incidents/i005.md")]);
    assert_eq!(rebuilt.expect("rebuilds").ordered, 1, "the moved incident");
    site.write("incidents/i100.md", &resolved(100, "New"));
    let rebuilt = live.update(&[PathBuf::from("incidents/i100.md")]);
    assert_eq!(rebuilt.expect("rebuilds").ordered, 1, "the new incident");
    std::fs::remove_file(site.path().join("incidents/i007.md")).unwrap();
    let rebuilt = live.update(&[PathBuf::from("incidents/i007.md")]);
    assert_eq!(rebuilt.expect("rebuilds").ordered, 0, "nothing to place");
}

/// The clash of two files' slugs is found from an index kept file by file (not by looking at
/// every file): it is reported when the second file comes and gone when either goes.
#[test]
fn a_slug_clash_comes_and_goes_with_the_files() {
    let site = site(3);
    let mut live = served(&site);
    let clash = |result: Result<Rebuilt, bulletin::diagnostics::Diagnostics>| match result {
        Ok(_) => false,
        Err(d) => d
            .into_vec()
            .iter()
            .any(|d| d.code.as_str() == "duplicate-slug"),
    };
    let (twin, first) = ("incidents/I001.md", "incidents/i001.md");
    site.write(twin, &resolved(1, "Twin"));
    assert!(clash(live.update(&[PathBuf::from(twin)])), "reported");
    std::fs::remove_file(site.path().join(twin)).unwrap();
    assert!(
        !clash(live.update(&[PathBuf::from(twin)])),
        "gone with the twin"
    );
    site.write(twin, &resolved(1, "Twin"));
    assert!(clash(live.update(&[PathBuf::from(twin)])), "reported again");
    std::fs::remove_file(site.path().join(first)).unwrap();
    assert!(
        !clash(live.update(&[PathBuf::from(first)])),
        "gone with the first"
    );
}

/// A one-file edit leaves the files it does not change as serve holds them, whatever the
/// site's size (`render::written`): an incident of 2025 is on none of the front page's lists
/// or bars (nor `embed.html`'s) and in no calendar.
#[test]
fn a_one_file_edit_leaves_the_big_files_it_does_not_change() {
    for n in [20, 80] {
        let site = site(n);
        let mut live = served(&site);
        let old = retitle(&mut live, &site, 1, "Login slow, renamed");
        // At 80 incidents, its components' pages list only later ones: they are kept too.
        let expected = if n == 20 { 5 } else { 7 };
        assert_eq!(
            old.stats.kept_files, expected,
            "n = {n}: index.html, embed.html, maintenance.ics and each product's calendar are kept"
        );
        assert!(
            !live.files()["index.html"].is_empty(),
            "n = {n}: serve holds what it kept"
        );
        // Its text alone: its row on its month's page and its components' year pages says
        // the same (title, impact, dates), so those are kept too, each row looked at by its
        // key, not built.
        let rel = "incidents/i001.md";
        let text = resolved(1, "Login slow, renamed").replace("Fixed.", "Fixed, at last.");
        site.write(rel, &text);
        let worded = live.update(&[PathBuf::from(rel)]).expect("rebuilds");
        assert_eq!(
            worded.stats.kept_files,
            expected + 3,
            "n = {n}: and history/2025-10/ and the 2025 pages of wechat and wechat/login"
        );
        assert_eq!(
            worded.stats.cards, 1,
            "n = {n}: only the edited incident's card"
        );
    }
}

/// In a site of two languages each tree keeps its own big files, and the rebuild's counts
/// are the trees' together.
#[test]
fn each_language_tree_keeps_its_big_files_and_counts_them() {
    let one = site(20);
    let one_kept = retitle(&mut served(&one), &one, 1, "Renamed")
        .stats
        .kept_files;
    let two = site(20);
    two.write(
        "bulletin.yaml",
        &CONFIG.replace("language: en", "languages: [en, zh-CN]"),
    );
    let two_kept = retitle(&mut served(&two), &two, 1, "Renamed")
        .stats
        .kept_files;
    assert!(one_kept > 0);
    assert_eq!(
        two_kept,
        2 * one_kept,
        "the zh-CN tree's kept files count too"
    );
}
