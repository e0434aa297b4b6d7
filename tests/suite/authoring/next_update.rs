//! "Next update by": `update --next` writes the entry's `Next update:` line, the page and the
//! front page's card show it while the incident is live and that entry is the latest, and only
//! from the entry's own time; `check` warns once it has passed; a promise before its own entry
//! is an error.

use crate::support::*;

/// 18:05 in Asia/Shanghai (the test config's zone).
const AT: &str = "2026-11-23T10:05:00Z";

/// The login incident opened at 17:00 (Shanghai).
const OPEN: &str = "---\ntitle: Login slow\naffected:\n  wechat/login: degraded_performance\n---\n\n## Timeline\n\n### 2026-11-23 17:00 · investigating\n\nLooking.\n";

fn page(site: &TestSite) -> String {
    std::fs::read_to_string(site.out().join("incidents/login/index.html")).unwrap()
}

fn front(site: &TestSite) -> String {
    std::fs::read_to_string(site.out().join("index.html")).unwrap()
}

#[test]
fn update_next_writes_the_promise_and_the_pages_show_it_only_while_it_is_the_latest_word() {
    let site = TestSite::new(CONFIG);
    site.write("incidents/login.md", OPEN);
    site.run(&[
        "update",
        "login",
        "Found it.",
        "--status",
        "identified",
        "--next",
        "30m",
        "--now",
        AT,
    ])
    .ok();
    let text = site.read("incidents/login.md");
    assert!(
        text.ends_with("### 2026-11-23 18:05 · identified\n\nNext update: 18:35\n\nFound it.\n"),
        "{text}"
    );
    site.run(&["check", "--deny-warnings", "--now", AT]).ok();

    build(site.path(), None, Some("2026-11-23 18:10"));
    let promise =
        "Next update by</dt><dd><time class=\"dt\" datetime=\"2026-11-23T18:35:00+08:00\">";
    assert!(page(&site).contains(promise), "{}", page(&site));
    assert!(
        front(&site).contains("<span class=\"next-update\">Next update by <time class=\"dt\" datetime=\"2026-11-23T18:35:00+08:00\">"),
        "{}",
        front(&site)
    );
    // Before the entry is published, nothing of its promise is.
    build(site.path(), None, Some("2026-11-23 18:00"));
    assert!(!page(&site).contains("Next update by"));
    assert!(!front(&site).contains("Next update by"));

    // A newer entry without a promise replaces it.
    site.run(&[
        "update",
        "login",
        "Fixing.",
        "--now",
        "2026-11-23T10:20:00Z",
    ])
    .ok();
    build(site.path(), None, Some("2026-11-23 18:25"));
    assert!(!page(&site).contains("Next update by"));
    // One with a clock time promises that time; resolving ends every promise.
    site.run(&[
        "update",
        "login",
        "Still fixing.",
        "--next",
        "19:00",
        "--now",
        "2026-11-23T10:30:00Z",
    ])
    .ok();
    assert!(
        site.read("incidents/login.md")
            .contains("Next update: 19:00\n")
    );
    site.run(&[
        "resolve",
        "login",
        "Fixed.",
        "--now",
        "2026-11-23T10:40:00Z",
    ])
    .ok();
    build(site.path(), None, Some("2026-11-23 18:45"));
    assert!(!page(&site).contains("Next update by"));
}

#[test]
fn check_warns_when_the_promise_has_passed_and_a_newer_entry_silences_it() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/login.md",
        &format!("{OPEN}\n### 17:30 · identified\n\nNext update: 18:00\n\nFound it.\n"),
    );
    let passed = |now: &str| -> Vec<serde_json::Value> {
        let run = site.run(&["check", "--format", "json", "--now", now]);
        run.stdout
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|d| d["code"] == "next-update-passed")
            .collect()
    };
    assert!(passed("2026-11-23 17:59").is_empty());
    let warned = passed("2026-11-23 18:20");
    assert_eq!(warned.len(), 1, "{warned:?}");
    let w = &warned[0];
    assert_eq!(w["severity"], "warning");
    assert_eq!(
        (w["line"].as_u64(), w["column"].as_u64()),
        (Some(15), Some(14))
    );
    assert!(
        w["message"]
            .as_str()
            .unwrap()
            .contains("2026-11-23 18:00, 20 min ago"),
        "{w}"
    );
    assert!(w["hint"].as_str().unwrap().contains("--next"), "{w}");

    site.write(
        "incidents/login.md",
        &format!(
            "{}\n### 18:10 · monitoring\n\nWatching.\n",
            site.read("incidents/login.md")
        ),
    );
    assert!(passed("2026-11-23 18:20").is_empty());
}

#[test]
fn a_promise_before_its_own_entry_is_an_error_and_update_refuses_one_in_the_past() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/login.md",
        &format!("{OPEN}\n### 17:30 · identified\nAffects: wechat/login=major_outage\nNext update: 17:15\n\nFound it.\n"),
    );
    let errors = check_errors_at(site.path());
    let e = errors
        .iter()
        .find(|d| d["code"] == "next-update-before-entry")
        .unwrap_or_else(|| panic!("{errors:?}"));
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(15), Some(14))
    );
    assert!(
        e["hint"].as_str().unwrap().contains("2026-04-21 00:30"),
        "{e}"
    );

    site.write(
        "incidents/login.md",
        &format!("{OPEN}\n### 17:30 · identified\n\nNext update: soon\n"),
    );
    let errors = check_errors_at(site.path());
    let e = errors
        .iter()
        .find(|d| d["code"] == "bad-time")
        .unwrap_or_else(|| panic!("{errors:?}"));
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(15), Some(14))
    );

    site.write("incidents/login.md", OPEN);
    let before = site.read("incidents/login.md");
    let run = site.run(&["update", "login", "x", "--next", "17:00", "--now", AT]);
    // A bare clock time already past today is tomorrow's; a dated one in the past is refused.
    run.ok();
    site.write("incidents/login.md", &before);
    let run = site.run(&[
        "update",
        "login",
        "x",
        "--next",
        "2026-11-23 18:00",
        "--now",
        AT,
    ]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("--next"), "{}", run.stderr);
    assert_eq!(site.read("incidents/login.md"), before);
}
