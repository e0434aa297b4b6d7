//! `bulletin new --template NAME`: incident templates in `incident-templates/` (issue 27,
//! item 3), written by `init`, checked by `check`.

use std::path::Path;

use crate::support::*;

/// 2026-11-23 10:05 UTC = 18:05 in Asia/Shanghai (the test config's zone).
const AT: &str = "2026-11-23T10:05:00Z";

const MAIL_SLOW: &str = "\
---
title: Mail is slow
affected:
  qq/mail: degraded_performance
---

A template.

## Timeline

### 2000-01-01 00:00 · identified

Mail is delayed by a few minutes.
";

#[test]
fn new_from_a_template_takes_its_title_components_and_first_entry_and_flags_override() {
    let site = TestSite::new(CONFIG);
    site.write("incident-templates/mail-slow.md", MAIL_SLOW);
    let run = site.run(&["new", "--template", "mail-slow", "--now", AT]);
    run.ok();
    assert_eq!(run.stdout.trim(), "incidents/2026-11-23-mail-is-slow.md");
    let text = site.read("incidents/2026-11-23-mail-is-slow.md");
    assert!(text.contains("title: \"Mail is slow\""), "{text}");
    assert!(text.contains("  qq/mail: degraded_performance\n"), "{text}");
    assert!(
        text.contains("### 2026-11-23 18:05 · identified\n\nMail is delayed by a few minutes.\n"),
        "{text}"
    );
    // Flags replace what they name; the rest still comes from the template.
    let run = site.run(&[
        "new",
        "Mail down",
        "--template",
        "mail-slow",
        "--affects",
        "qq/mail=major_outage",
        "--now",
        AT,
    ]);
    run.ok();
    let text = site.read("incidents/2026-11-23-mail-down.md");
    assert!(text.contains("  qq/mail: major_outage\n"), "{text}");
    assert!(text.contains("Mail is delayed"), "{text}");
    site.run(&["check", "--now", AT]).ok();
}

#[test]
fn the_site_languages_own_template_comes_first() {
    let site = TestSite::new(CONFIG);
    site.write("incident-templates/mail-slow.md", MAIL_SLOW);
    site.write(
        "incident-templates/en/mail-slow.md",
        &MAIL_SLOW.replace("Mail is slow", "English mail is slow"),
    );
    site.write(
        "incident-templates/zh-CN/mail-slow.md",
        &MAIL_SLOW.replace("Mail is slow", "邮件变慢"),
    );
    site.run(&["new", "--template", "mail-slow", "--now", AT])
        .ok();
    assert!(
        site.path()
            .join("incidents/2026-11-23-english-mail-is-slow.md")
            .exists()
    );
}

#[test]
fn a_wrong_template_name_lists_the_templates_with_a_did_you_mean() {
    let site = TestSite::new(CONFIG);
    site.write("incident-templates/mail-slow.md", MAIL_SLOW);
    site.write("incident-templates/login-down.md", MAIL_SLOW);
    let run = site.run(&["new", "--template", "mail-slwo", "--now", AT]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("unknown-template"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("did you mean 'mail-slow'? the templates are: login-down, mail-slow"),
        "{}",
        run.stderr
    );
    // Not a way to read a file elsewhere.
    let run = site.run(&["new", "--template", "../incidents/x", "--now", AT]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("no template"), "{}", run.stderr);
    let written = std::fs::read_dir(site.path().join("incidents")).map_or(0, Iterator::count);
    assert_eq!(written, 0, "nothing was written");
}

#[test]
fn check_reports_a_broken_template() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incident-templates/bad.md",
        &MAIL_SLOW.replace("qq/mail", "qq/male"),
    );
    let (diagnostics, status) = check_json(&site);
    assert_eq!(status, Some(1));
    let found = diagnostics
        .iter()
        .any(|d| d["code"] == "unknown-component" && d["file"] == "incident-templates/bad.md");
    assert!(found, "{diagnostics:?}");
}

#[test]
fn init_writes_two_templates_that_check_and_make_incidents() {
    for language in ["en", "zh-CN"] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("status");
        let dir = root.to_str().unwrap();
        run_from(Path::new("."), &["init", dir, "--language", language]).ok();
        for name in ["db-degraded", "website-down"] {
            assert!(root.join(format!("incident-templates/{name}.md")).is_file());
        }
        run_in(&root, &["check", "--deny-warnings"]).ok();
        let run = run_in(&root, &["new", "--template", "website-down"]);
        run.ok();
        assert!(
            !run.stderr.contains('⚠'),
            "{language}: a template makes a clean incident: {}",
            run.stderr
        );
    }
}

#[test]
fn a_build_never_replaces_the_templates_folder() {
    let site = TestSite::new(CONFIG);
    site.write("incident-templates/mail-slow.md", MAIL_SLOW);
    let out = site.path().join("incident-templates");
    let run = site.run(&["build", "--output", out.to_str().unwrap(), "--force"]);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("incident templates"), "{}", run.stderr);
    assert_eq!(site.read("incident-templates/mail-slow.md"), MAIL_SLOW);
}
