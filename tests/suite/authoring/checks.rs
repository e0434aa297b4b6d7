//! Authoring commands check what they write (issue 27, item 4): `check`'s warnings about the
//! written file are printed with code frames quoting the written text, errors refuse the write,
//! `--status` typos get a did-you-mean among the incident's kind, `--slug` is a plain address.

use crate::support::*;

/// 2026-11-23 10:05 UTC = 18:05 in Asia/Shanghai (the test config's zone).
const AT: &str = "2026-11-23T10:05:00Z";

/// A site with one open incident, `login`, whose `wechat/login` is major_outage.
fn site_with_login() -> TestSite {
    let site = TestSite::new(CONFIG);
    site.run(&[
        "new",
        "Login down",
        "--slug",
        "login",
        "--affects",
        "wechat/login=major_outage",
        "-m",
        "Looking.",
        "--now",
        AT,
    ])
    .ok();
    site
}

#[test]
fn a_change_to_the_status_a_component_has_is_written_with_the_warning_shown() {
    let site = site_with_login();
    let run = site.run(&[
        "update",
        "login",
        "Still down.",
        "--affects",
        "wechat/login=major_outage",
        "--now",
        AT,
    ]);
    run.ok();
    assert!(run.stderr.contains("unchanged-component"), "{}", run.stderr);
    // The frame quotes the line it was found on, in the text written.
    assert!(
        run.stderr.contains("Affects: wechat/login=major_outage"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_statement_without_url_and_an_empty_maintenance_entry_are_reported() {
    let site = site_with_login();
    let run = site.run(&["statement", "login", "Sorry.", "--by", "Ops", "--now", AT]);
    run.ok();
    assert!(
        run.stderr.contains("statement-without-source"),
        "{}",
        run.stderr
    );
    let run = site.run(&[
        "new",
        "Upgrade",
        "--kind",
        "maintenance",
        "--affects",
        "qq",
        "--window",
        "2026-11-20 01:00",
        "2026-11-20 02:00",
        "--now",
        AT,
    ]);
    run.ok();
    // No -m: an entry without text; a window that is over, written as scheduled.
    assert!(run.stderr.contains("no text"), "{}", run.stderr);
    assert!(run.stderr.contains("window is over"), "{}", run.stderr);
}

#[test]
fn a_refused_update_quotes_the_line_it_would_have_written() {
    let site = site_with_login();
    let before = site.read("incidents/login.md");
    let run = site.run(&[
        "update",
        "login",
        "Back.",
        "--affects",
        "wechat/logn=operational",
        "--now",
        AT,
    ]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    let line = before.lines().count() + 4;
    assert!(
        run.stderr
            .contains(&format!("incidents/login.md:{line}:10]")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("{line} │ Affects: wechat/logn=operational")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("did you mean 'wechat/login'"));
    assert_eq!(site.read("incidents/login.md"), before, "nothing written");
}

#[test]
fn a_status_typo_gets_a_did_you_mean_of_the_incidents_kind() {
    let site = site_with_login();
    let run = site.run(&["update", "login", "x", "--status", "monitorng", "--now", AT]);
    assert_eq!(run.status, Some(1));
    assert!(
        run.stderr.contains("did you mean 'monitoring'?"),
        "{}",
        run.stderr
    );
    // A maintenance word on an incident: its own kind's words only.
    let run = site.run(&[
        "update",
        "login",
        "x",
        "--status",
        "in_progress",
        "--now",
        AT,
    ]);
    assert_eq!(run.status, Some(1));
    assert!(
        run.stderr
            .contains("incident statuses are: investigating, identified, monitoring, resolved"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("verifying"), "{}", run.stderr);
}

#[test]
fn a_slug_that_is_not_a_plain_address_is_refused_with_a_suggestion() {
    let site = TestSite::new(CONFIG);
    let run = site.run(&[
        "new",
        "T",
        "--affects",
        "qq/mail=major_outage",
        "--slug",
        "Bad Slug!",
        "--now",
        AT,
    ]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("bad-slug"), "{}", run.stderr);
    assert!(run.stderr.contains("try --slug bad-slug"), "{}", run.stderr);
    assert!(!site.path().join("incidents/Bad Slug!.md").exists());
}
