//! `new`, `update`, `resolve`, `statement`: files that build, times in the site's zone, and the
//! rest of the file left byte for byte as it was.

use crate::support::*;

/// 2026-11-23 10:05 UTC = 18:05 in Asia/Shanghai (the test config's zone).
const AT: &str = "2026-11-23T10:05:00Z";

#[test]
fn new_creates_a_file_that_checks_with_the_time_in_the_site_zone() {
    let site = TestSite::new(CONFIG);
    let run = site.run(&[
        "new",
        "Payments failing",
        "--affects",
        "wechat/pay=major_outage,qq=degraded_performance",
        "--message",
        "We are looking into it.",
        "--now",
        AT,
    ]);
    run.ok();
    assert_eq!(
        run.stdout.trim(),
        "incidents/2026-11-23-payments-failing.md"
    );
    let text = site.read("incidents/2026-11-23-payments-failing.md");
    assert!(
        text.contains("### 2026-11-23 18:05 · investigating\n\nWe are looking into it.\n"),
        "{text}"
    );
    assert!(
        text.contains("  wechat/pay: major_outage\n  qq: degraded_performance\n"),
        "{text}"
    );
    site.run(&["check", "--deny-warnings", "--now", AT]).ok();

    // Non-Latin titles get a readable slug: transliterated, not `incident`.
    let run = site.run(&[
        "new",
        "微信支付故障",
        "--affects",
        "wechat/pay=partial_outage",
        "--now",
        AT,
    ]);
    run.ok();
    assert_eq!(
        run.stdout.trim(),
        "incidents/2026-11-23-wei-xin-zhi-fu-gu-zhang.md"
    );
    assert!(
        site.read("incidents/2026-11-23-wei-xin-zhi-fu-gu-zhang.md")
            .contains("title: \"微信支付故障\"")
    );
}

#[test]
fn update_resolve_and_statement_append_and_keep_everything_else() {
    let site = TestSite::standard();
    // An incident with a statements section and a postmortem after the timeline, CRLF endings
    // and a BOM: appends go into the right sections and nothing else changes.
    let original = "\u{feff}---\r\ntitle: Mail slow\r\naffected:\r\n  qq/mail: degraded_performance\r\n---\r\nSlow mail.\r\n\r\n## Timeline\r\n\r\n### 2026-11-23 17:00 · investigating\r\nChecking.\r\n\r\n## Statements\r\n\r\n### 2026-11-23 17:10 · Ops · [Blog](https://blog.test/1)\r\n> Sorry.\r\n\r\n## Postmortem\r\n\r\nTo follow.\r\n";
    site.write("incidents/mail.md", original);
    site.run(&[
        "update",
        "mail",
        "Found a slow disk.",
        "--status",
        "identified",
        "--now",
        AT,
    ])
    .ok();
    site.run(&[
        "statement",
        "mail",
        "Mail is safe; only slow.",
        "--by",
        "Mail team",
        "--channel",
        "Blog",
        "--url",
        "https://blog.test/2",
        "--now",
        AT,
    ])
    .ok();
    site.run(&[
        "resolve",
        "mail",
        "Back to normal.",
        "--now",
        "2026-11-23T11:00:00Z",
    ])
    .ok();
    let text = site.read("incidents/mail.md");
    let expected = original
        .replace(
            "Checking.\r\n\r\n## Statements",
            "Checking.\r\n\r\n### 2026-11-23 18:05 · identified\r\n\r\nFound a slow disk.\r\n\r\n### 2026-11-23 19:00 · resolved\r\n\r\nBack to normal.\r\n\r\n## Statements",
        )
        .replace(
            "> Sorry.\r\n\r\n## Postmortem",
            "> Sorry.\r\n\r\n### 2026-11-23 18:05 · Mail team · [Blog](https://blog.test/2)\r\n\r\n> Mail is safe; only slow.\r\n\r\n## Postmortem",
        );
    assert_eq!(text, expected);
    site.run(&["check", "--now", "2026-11-23T12:00:00Z"]).ok();
    site.run(&["build", "--now", "2026-11-23T12:00:00Z"]).ok();
    let page = site.read("public/incidents/mail/index.html");
    assert!(
        page.contains("Found a slow disk.")
            && page.contains("Back to normal.")
            && page.contains("Mail is safe; only slow.")
    );
}

#[test]
fn update_without_a_status_keeps_the_current_one_and_appends_at_the_end() {
    let site = TestSite::new(CONFIG);
    site.write("incidents/x.md", "---\ntitle: X\naffected:\n  qq: partial_outage\n---\n## Timeline\n### 2026-11-23 17:00 · identified\nCause known.");
    site.run(&["update", "x", "Still working on it.", "--now", AT])
        .ok();
    assert_eq!(
        site.read("incidents/x.md"),
        "---\ntitle: X\naffected:\n  qq: partial_outage\n---\n## Timeline\n### 2026-11-23 17:00 · identified\nCause known.\n\n### 2026-11-23 18:05 · identified\n\nStill working on it.\n"
    );
}

#[test]
fn authoring_refuses_unknown_slugs_components_and_statuses_and_changes_nothing() {
    let site = TestSite::standard();
    let before = site.read("incidents/login.md");
    let run = site.run(&["update", "logn", "x", "--now", AT]);
    assert_eq!(run.status, Some(1));
    assert!(
        run.stderr.contains("no incident 'logn'") && run.stderr.contains("did you mean 'login'?"),
        "{}",
        run.stderr
    );

    let run = site.run(&["update", "login", "x", "--status", "fixed", "--now", AT]);
    assert_eq!(run.status, Some(1));
    assert!(
        run.stderr.contains("unknown status 'fixed'"),
        "{}",
        run.stderr
    );

    // `monitoring` after `resolved` would not pass check: refused.
    let run = site.run(&[
        "update",
        "login",
        "x",
        "--status",
        "monitoring",
        "--now",
        AT,
    ]);
    assert_eq!(run.status, Some(1));
    assert!(
        run.stderr.contains("after the incident was resolved"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("incidents/login.md"), before);

    let run = site.run(&[
        "new",
        "T",
        "--affects",
        "wechat/logn=major_outage",
        "--now",
        AT,
    ]);
    assert_eq!(run.status, Some(1));
    assert!(
        run.stderr.contains("did you mean 'wechat/login'?"),
        "{}",
        run.stderr
    );
    let run = site.run(&["new", "T", "--affects", "wechat/login=down", "--now", AT]);
    assert_eq!(run.status, Some(1));
    assert!(
        run.stderr.contains("unknown component status 'down'"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_dir(site.path().join("incidents"))
            .unwrap()
            .count(),
        1,
        "no file created"
    );
}

#[test]
fn new_refuses_a_slug_that_would_write_outside_incidents() {
    let site = TestSite::new(CONFIG);
    for slug in ["../evil", "sub/evil", "..", "a\\b"] {
        let run = site.run(&[
            "new",
            "T",
            "--affects",
            "qq/mail=major_outage",
            "--slug",
            slug,
            "--now",
            "2026-11-23 12:00",
        ]);
        assert_eq!(run.status, Some(1), "{slug}: {}", run.stderr);
        assert!(run.stderr.contains("bad-slug"), "{slug}: {}", run.stderr);
    }
    assert!(!site.path().join("evil.md").exists());
    assert!(!site.path().join("incidents/sub").exists());
    let names: Vec<_> = std::fs::read_dir(site.path().join("incidents"))
        .unwrap()
        .collect();
    assert!(names.is_empty(), "nothing was written");
}
