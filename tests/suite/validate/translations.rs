//! Translation files (`<slug>.<language>.md`) held to their original by `check`: errors with
//! line and column, all at once; the `translation-missing` warnings and `ignore`.

use crate::support::*;

/// The standard config in two languages, English the default.
fn config() -> String {
    CONFIG.replace("language: en", "languages: [en, zh-CN]")
}

/// A complete translation of [`GOOD_INCIDENT`].
const TRANSLATION: &str = "\
---
title: 登录失败
---
用户无法登录。

## 时间线

### 2023-03-29 00:30 · investigating
正在调查。

### 03:30 · resolved
已修复。
";

/// `(code, severity, file, line, column)` of every diagnostic of `check` at `now` (a time in
/// the site's zone, else the fixed clock).
fn found(site: &TestSite, now: Option<&str>) -> Vec<(String, String, String, u64, u64)> {
    let mut args = vec!["check", "--format", "json"];
    args.extend(now.map(|n| ["--now", n]).into_iter().flatten());
    let run = site.run(&args);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON"))
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["severity"].as_str().unwrap_or("").to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn site_with(translation: &str) -> TestSite {
    let site = TestSite::new(&config());
    site.write("incidents/login.md", GOOD_INCIDENT);
    site.write("incidents/login.zh-CN.md", translation);
    site
}

#[test]
fn a_complete_translation_checks_clean() {
    let site = site_with(TRANSLATION);
    assert_eq!(found(&site, None), []);
    let run = site.run(&["check", "--deny-warnings"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
}

#[test]
fn every_contradiction_is_an_error_at_its_line_and_column_all_at_once() {
    let broken = TRANSLATION
        .replace("title: 登录失败\n", "title: 登录失败\nimpact: major\n")
        .replace(
            "### 03:30 · resolved\n",
            "### 03:45 · resolved\nAffects: wechat/login=degraded_performance\n",
        );
    let site = site_with(&broken);
    site.write("incidents/gone.zh-CN.md", TRANSLATION);
    let errors: Vec<_> = found(&site, None)
        .into_iter()
        .filter(|d| d.1 == "error")
        .map(|(code, _, file, line, column)| (code, file, line, column))
        .collect();
    let at =
        |code: &str, file: &str, line, column| (code.to_string(), file.to_string(), line, column);
    assert_eq!(
        errors,
        [
            at("translation-orphan", "incidents/gone.zh-CN.md", 1, 1),
            at("translation-field", "incidents/login.zh-CN.md", 3, 1),
            at("translation-mismatch", "incidents/login.zh-CN.md", 12, 5),
        ]
    );
    // The mismatch's hint lists the original's entries by time and status.
    let run = site.run(&["check"]);
    assert!(
        run.stderr
            .contains("2023-03-29 00:30 · investigating, 2023-03-29 03:30 · resolved"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("written once, in the original incidents/login.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_repeated_header_line_must_say_what_the_original_says() {
    let same = TRANSLATION.replace(
        "### 03:30 · resolved\n",
        "### 03:30 · resolved\nAffects: wechat/login=operational\n",
    );
    let site = site_with(&same);
    let original = GOOD_INCIDENT.replace(
        "### 03:30 · resolved\n",
        "### 03:30 · resolved\nAffects: wechat/login=operational\n",
    );
    site.write("incidents/login.md", &original);
    assert_eq!(found(&site, None), []);
    site.write(
        "incidents/login.zh-CN.md",
        &same.replace("login=operational", "login=degraded_performance"),
    );
    let errors: Vec<_> = found(&site, None)
        .into_iter()
        .map(|d| (d.0, d.3, d.4))
        .collect();
    assert_eq!(errors, [("translation-mismatch".to_string(), 12, 10)]);
}

#[test]
fn a_missing_entry_is_a_warning_at_the_original_heading_naming_language_and_file() {
    let site = site_with(&TRANSLATION.replace("### 03:30 · resolved\n已修复。\n", ""));
    let warnings = found(&site, None);
    assert_eq!(
        warnings,
        [(
            "translation-missing".to_string(),
            "warning".to_string(),
            "incidents/login.md".to_string(),
            13,
            5
        )]
    );
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains("entry `2023-03-29 03:30 · resolved` has no zh-CN translation in incidents/login.zh-CN.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_incident_with_no_translation_file_gets_one_warning_and_ignore_silences_them() {
    let site = TestSite::new(&config());
    site.write("incidents/login.md", GOOD_INCIDENT);
    let warnings = found(&site, None);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        (warnings[0].0.as_str(), warnings[0].3),
        ("translation-missing", 1)
    );
    site.write("incidents/login.zh-CN.md", "---\ntitle: 登录失败\n---\n");
    assert_eq!(found(&site, None).len(), 3, "the summary and both entries");

    site.write(
        "bulletin.yaml",
        &format!("{}missing_translations: ignore\n", config()),
    );
    assert_eq!(found(&site, None), []);
}

#[test]
fn an_earlier_now_that_hides_an_entry_still_matches_the_rest() {
    let site = site_with(TRANSLATION);
    // Between the two entries: the resolution is not published yet, its translation is still
    // the resolution's, and nothing is missing.
    let before = found(&site, Some("2023-03-29 01:00"));
    let codes: Vec<&str> = before.iter().map(|d| d.0.as_str()).collect();
    assert!(
        !codes.iter().any(|c| c.starts_with("translation-")),
        "{before:?}"
    );
    // Without the first entry's translation, only that entry is missing then.
    site.write(
        "incidents/login.zh-CN.md",
        &TRANSLATION.replace(
            "### 2023-03-29 00:30 · investigating\n正在调查。\n\n### 03:30",
            "### 2023-03-29 03:30",
        ),
    );
    let missing: Vec<_> = found(&site, Some("2023-03-29 01:00"))
        .into_iter()
        .filter(|d| d.0 == "translation-missing")
        .map(|d| d.3)
        .collect();
    assert_eq!(missing, [10]);
}

#[test]
fn a_window_line_that_differs_is_an_error_at_that_line() {
    let original = "---\ntitle: Upgrade\nkind: maintenance\nscheduled:\n  start: 2026-12-01 01:00\n  end: 2026-12-01 03:00\naffected:\n  wechat: under_maintenance\n---\n\n## Timeline\n\n### 2026-11-20 10:00 · scheduled\nPlanned.\n\n### 2026-11-21 10:00 · scheduled\nWindow: 2026-12-02 01:00 → 03:00\n\nMoved.\n";
    let translation = "---\ntitle: 升级\n---\n\n## 时间线\n\n### 2026-11-20 10:00 · scheduled\n计划中。\n\n### 2026-11-21 10:00 · scheduled\nWindow: 2026-12-02 01:00 → 03:00\n\n改期。\n";
    let site = TestSite::new(&config());
    site.write("incidents/upgrade.md", original);
    site.write("incidents/upgrade.zh-CN.md", translation);
    assert_eq!(found(&site, None), []);
    site.write(
        "incidents/upgrade.zh-CN.md",
        &translation.replace("→ 03:00", "→ 04:00"),
    );
    let errors: Vec<_> = found(&site, None)
        .into_iter()
        .map(|d| (d.0, d.3, d.4))
        .collect();
    assert_eq!(errors, [("translation-mismatch".to_string(), 11, 1)]);
}
