//! The rough edges of the editing commands: readable slugs for any title, maintenance from the
//! command line, no guessed statuses or unusable links, errors that say what happened and
//! what to do, and help that says what each argument is.

use crate::support::*;

/// 2026-11-23 10:05 UTC = 18:05 in Asia/Shanghai (the test config's zone).
const AT: &str = "2026-11-23T10:05:00Z";

fn files_in_incidents(site: &TestSite) -> usize {
    std::fs::read_dir(site.path().join("incidents"))
        .unwrap()
        .count()
}

#[test]
fn a_chinese_title_gives_a_transliterated_slug_and_slug_overrides_it() {
    let site = TestSite::new(CONFIG);
    let run = site.run(&[
        "new",
        "微信无法登录",
        "--affects",
        "wechat/login=major_outage",
        "--now",
        AT,
    ]);
    assert_eq!(
        run.stdout.trim(),
        "incidents/2026-11-23-wei-xin-wu-fa-deng-lu.md",
        "{}",
        run.stderr
    );
    // The same title again is a new incident with the next free name.
    let again = site.run(&[
        "new",
        "微信无法登录",
        "--affects",
        "wechat/login=major_outage",
        "--now",
        AT,
    ]);
    assert_eq!(
        again.stdout.trim(),
        "incidents/2026-11-23-wei-xin-wu-fa-deng-lu-2.md"
    );
    let own = site.run(&[
        "new",
        "微信无法登录",
        "--affects",
        "wechat/login=major_outage",
        "--slug",
        "2026-11-23-wechat-login",
        "--now",
        AT,
    ]);
    assert_eq!(own.stdout.trim(), "incidents/2026-11-23-wechat-login.md");
    site.run(&["check", "--now", AT]).ok();
}

#[test]
fn new_writes_a_maintenance_with_its_window() {
    let site = TestSite::new(CONFIG);
    let run = site.run(&[
        "new",
        "Payment database upgrade",
        "--kind",
        "maintenance",
        "--affects",
        "wechat/pay",
        "--window",
        "2026-12-09 01:00",
        "2026-12-09 04:00",
        "-m",
        "Payments pause for up to 30 minutes.",
        "--now",
        AT,
    ]);
    run.ok();
    let rel = run.stdout.trim();
    assert_eq!(rel, "incidents/2026-11-23-payment-database-upgrade.md");
    let text = site.read(rel);
    assert!(text.contains("kind: maintenance\n"), "{text}");
    assert!(text.contains("  wechat/pay: under_maintenance\n"), "{text}");
    assert!(
        text.contains("scheduled:\n  start: \"2026-12-09 01:00\"\n  end: \"2026-12-09 04:00\"\n"),
        "{text}"
    );
    assert!(
        text.contains("### 2026-11-23 18:05 · scheduled\n"),
        "{text}"
    );
    site.run(&["check", "--deny-warnings", "--now", AT]).ok();
    let api = {
        site.run(&["build", "--now", AT]).ok();
        site.read("public/api/v2/scheduled-maintenances/upcoming.json")
    };
    assert!(api.contains("Payment database upgrade"), "{api}");

    // Without a window, or a window on an incident: refused, nothing written.
    let run = site.run(&[
        "new",
        "X",
        "--kind",
        "maintenance",
        "--affects",
        "qq",
        "--now",
        AT,
    ]);
    assert_eq!(run.status, Some(1));
    assert!(
        run.stderr.contains("a maintenance needs its window"),
        "{}",
        run.stderr
    );
    let run = site.run(&[
        "new",
        "X",
        "--affects",
        "qq=major_outage",
        "--window",
        "2026-12-09 01:00",
        "2026-12-09 04:00",
        "--now",
        AT,
    ]);
    assert_eq!(run.status, Some(1));
    assert!(
        run.stderr.contains("--window is for maintenance"),
        "{}",
        run.stderr
    );
    assert_eq!(files_in_incidents(&site), 1);
}

#[test]
fn affects_without_a_status_is_refused_naming_the_statuses() {
    let site = TestSite::new(CONFIG);
    let run = site.run(&[
        "new",
        "Login down",
        "--affects",
        "wechat/login",
        "--now",
        AT,
    ]);
    assert_eq!(run.status, Some(1), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("--affects wechat/login does not say the component's status"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("wechat/login=<status>"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("major_outage") && run.stderr.contains("degraded_performance"),
        "{}",
        run.stderr
    );
    assert_eq!(files_in_incidents(&site), 0);
}

#[test]
fn a_statement_url_that_is_not_a_link_is_refused() {
    let site = TestSite::standard();
    let before = site.read("incidents/login.md");
    for bad in [
        "notaurl",
        "weibo.com/123",
        "javascript:alert(1)",
        "ftp://x.test/a",
    ] {
        let run = site.run(&[
            "statement",
            "login",
            "--by",
            "Team",
            "--url",
            bad,
            "Fine.",
            "--now",
            AT,
        ]);
        assert_eq!(run.status, Some(1), "{bad}");
        assert!(
            run.stderr.contains(&format!(
                "--url '{bad}' is not an absolute http or https URL"
            )),
            "{}",
            run.stderr
        );
    }
    assert_eq!(site.read("incidents/login.md"), before);
    site.run(&[
        "statement",
        "login",
        "--by",
        "Team",
        "--url",
        "https://weibo.com/1/Ab",
        "Fine.",
        "--now",
        AT,
    ])
    .ok();
    assert!(
        site.read("incidents/login.md")
            .contains("### 2026-11-23 18:05 · Team · <https://weibo.com/1/Ab>\n")
    );
}

#[test]
fn resolving_twice_points_at_the_entry_that_resolved_it() {
    let site = TestSite::standard();
    let before = site.read("incidents/login.md");
    let run = site.run(&["resolve", "login", "Again.", "--now", AT]);
    assert_eq!(run.status, Some(1));
    // GOOD_INCIDENT's `### 03:30 · resolved` is line 13.
    assert!(
        run.stderr.contains("'login' is already resolved"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("incidents/login.md:13:1"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Statements"), "{}", run.stderr);
    assert_eq!(site.read("incidents/login.md"), before);
}

#[test]
fn update_on_a_resolved_incident_says_how_to_reopen_it() {
    let site = TestSite::standard();
    let run = site.run(&["update", "login", "Still broken for some.", "--now", AT]);
    assert_eq!(run.status, Some(1));
    assert!(
        run.stderr.contains("'login' is already resolved"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--status investigating"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("'resolved' entry after"),
        "{}",
        run.stderr
    );
    // Following the hint reopens it.
    site.run(&[
        "update",
        "login",
        "Still broken for some.",
        "--status",
        "investigating",
        "--now",
        AT,
    ])
    .ok();
}

#[test]
fn every_argument_of_the_editing_commands_has_help_that_fits_it() {
    for command in ["new", "update", "resolve", "statement"] {
        let help = run_from(std::path::Path::new("."), &[command, "--help"]).stdout;
        assert!(!help.contains("active or upcoming"), "{command}: {help}");
        assert!(
            help.contains("The time written on the new entry"),
            "{command}: {help}"
        );
        // Every argument line has words after its name.
        let args = help
            .split("Arguments:")
            .nth(1)
            .unwrap_or("")
            .split("Options:")
            .next()
            .unwrap();
        for line in args.lines().filter(|l| l.starts_with("  <")) {
            let words = line
                .trim()
                .split_once('>')
                .map_or("", |(_, rest)| rest.trim());
            assert!(
                !words.is_empty(),
                "{command}: argument without help: {line}"
            );
        }
    }
}

#[test]
fn the_build_summary_and_history_count_in_words() {
    let site = TestSite::standard();
    let run = site.run(&["build"]);
    run.ok();
    assert!(
        run.stdout.starts_with("Built 1 incident into "),
        "{}",
        run.stdout
    );
    let history = site.read("public/history/index.html");
    assert!(history.contains(">1 incident<"), "{history}");
    assert!(!history.contains("1 incidents"));
}

#[test]
fn completions_and_the_manual_come_from_the_command_line() {
    let here = std::path::Path::new(".");
    for shell in ["bash", "zsh", "fish"] {
        let run = run_from(here, &["completions", shell]);
        run.ok();
        assert!(
            run.stdout.contains("statement") && run.stdout.contains("affects"),
            "{shell}"
        );
    }
    let man = run_from(here, &["man"]);
    man.ok();
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH bulletin"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    run_from(here, &["man", "--out", out.to_str().unwrap()]).ok();
    assert!(out.join("bulletin.1").is_file() && out.join("bulletin-new.1").is_file());
    let page = std::fs::read_to_string(out.join("bulletin-new.1")).unwrap();
    assert!(page.contains("window"), "{page}");
    // An existing page is not replaced.
    std::fs::write(out.join("bulletin.1"), "mine").unwrap();
    let again = run_from(here, &["man", "--out", out.to_str().unwrap()]);
    assert_eq!(again.status, Some(2));
    assert_eq!(
        std::fs::read_to_string(out.join("bulletin.1")).unwrap(),
        "mine"
    );
}
