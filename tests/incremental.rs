//! An incremental rebuild (what `serve` does after a save) must give exactly the files a full
//! build gives for the same sources: otherwise a cached or skipped page would be stale.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use bulletin::build::{self, Clock, Options};
use bulletin::diagnostics::Diagnostic;
use bulletin::incremental::LiveSite;
use common::*;

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
            got.1.iter().any(|f| f.0 == expect),
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
