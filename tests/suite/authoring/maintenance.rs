//! `bulletin maintenance cancel|reschedule|extend|complete` (src/authoring/maintenance.rs) in an
//! on-call session: one maintenance rescheduled then cancelled, another extended then completed
//! early. After each command the site checks clean and builds, and its page, feed, calendar,
//! API and notify say what happened; a build at an instant before a change still shows what
//! was announced then.

use crate::support::*;

/// The test config's zone is Asia/Shanghai (+08:00).
fn step(site: &TestSite, args: &[&str], now: &str) {
    let mut all = args.to_vec();
    all.extend(["--now", now]);
    site.run(&all).ok();
    site.run(&["check", "--deny-warnings", "--now", now]).ok();
    build(site.path(), None, Some(now));
}

/// The maintenance object `slug` of the built API.
fn api(site: &TestSite, slug: &str) -> serde_json::Value {
    let all = site.json("api/v2/scheduled-maintenances.json");
    let list = all["scheduled_maintenances"].as_array().expect("a list");
    let url = format!("https://status.test/incidents/{slug}/");
    list.iter()
        .find(|m| m["shortlink"] == url.as_str())
        .unwrap_or_else(|| panic!("{slug} in the API: {all}"))
        .clone()
}

/// The lines of the VEVENT of `slug` in the built calendar.
fn vevent(site: &TestSite, slug: &str) -> String {
    let ics = std::fs::read_to_string(site.out().join("maintenance.ics")).unwrap();
    let ics = ics.replace("\r\n ", "");
    ics.split("BEGIN:VEVENT")
        .find(|e| e.contains(&format!("/incidents/{slug}/")))
        .unwrap_or_else(|| panic!("{slug} in the calendar: {ics}"))
        .to_string()
}

/// The status word of the incident page's status line.
fn page_status(site: &TestSite, slug: &str) -> String {
    let html =
        std::fs::read_to_string(site.out().join(format!("incidents/{slug}/index.html"))).unwrap();
    let dd = &html[html.find("<dd>").expect("a status line")..];
    let word = &dd[dd.find("class=\"status u-").expect("a status") + 16..];
    word[..word.find('"').unwrap()].to_string()
}

fn new_maintenance(site: &TestSite, slug: &str, window: [&str; 2], now: &str) {
    let args = [
        "new",
        "Database upgrade",
        "--kind",
        "maintenance",
        "--window",
        window[0],
        window[1],
        "--affects",
        "wechat",
        "-m",
        "We upgrade the database.",
        "--slug",
        slug,
    ];
    step(site, &args, now);
}

#[test]
fn a_maintenance_rescheduled_then_cancelled_is_shown_as_cancelled() {
    let site = TestSite::new(CONFIG);
    new_maintenance(
        &site,
        "db",
        ["2026-12-03 01:00", "2026-12-03 03:00"],
        "2026-12-01 10:00",
    );

    let args = [
        "maintenance",
        "reschedule",
        "db",
        "--start",
        "2026-12-04 01:00",
        "--end",
        "03:00",
        "-m",
        "Moved by a day.",
    ];
    step(&site, &args, "2026-12-02 10:00");
    assert!(
        site.read("incidents/db.md")
            .contains("Window: 2026-12-04 01:00 → 2026-12-04 03:00\n")
    );
    assert!(vevent(&site, "db").contains("DTSTART;TZID=Asia/Shanghai:20261204T010000"));
    assert_eq!(
        api(&site, "db")["scheduled_for"],
        "2026-12-04T01:00:00.000+08:00"
    );
    let page = site.read("public/incidents/db/index.html");
    assert!(page.contains("New window: <time"), "{page}");
    // History is not rewritten: a build at an instant before the reschedule shows the window
    // announced then.
    build(site.path(), None, Some("2026-12-01 12:00"));
    assert!(vevent(&site, "db").contains("DTSTART;TZID=Asia/Shanghai:20261203T010000"));
    assert_eq!(
        api(&site, "db")["scheduled_for"],
        "2026-12-03T01:00:00.000+08:00"
    );

    step(
        &site,
        &["maintenance", "cancel", "db", "-m", "Not needed after all."],
        "2026-12-03 10:00",
    );
    assert_eq!(page_status(&site, "db"), "cancelled");
    let event = vevent(&site, "db");
    assert!(event.contains("STATUS:CANCELLED"), "{event}");
    assert!(event.contains("SEQUENCE:3"), "{event}");
    let m = api(&site, "db");
    assert_eq!(
        (&m["status"], &m["cancelled_at"]),
        (&"completed".into(), &"2026-12-03T10:00:00.000+08:00".into())
    );
    let feed = site.read("public/atom.xml");
    assert!(feed.contains("Cancelled] Database upgrade"), "{feed}");
    assert!(!feed.contains("Completed"), "{feed}");
    // Nothing can follow: cancelling again or completing is refused.
    let again = site.run(&["maintenance", "complete", "db", "--now", "2026-12-04 02:00"]);
    assert_eq!(again.status, Some(1), "{}", again.stderr);

    let notified = dry_run(&site, "2026-12-05 00:00");
    for headline in [
        "Maintenance rescheduled: Database upgrade",
        "Maintenance cancelled: Database upgrade",
    ] {
        assert!(notified.contains(headline), "{headline}: {notified}");
    }
    // The announcement keeps the window it announced; the reschedule states the new one.
    assert!(
        notified.contains("Window: 2026-12-03 01:00 – 2026-12-03 03:00 Asia/Shanghai"),
        "{notified}"
    );
    assert!(notified.contains("2026-12-04 01:00 – 2026-12-04 03:00 Asia/Shanghai (2026-12-04T01:00:00+08:00 to 2026-12-04T03:00:00+08:00)"), "{notified}");
}

#[test]
fn a_maintenance_extended_then_completed_early() {
    let site = TestSite::new(CONFIG);
    new_maintenance(
        &site,
        "net",
        ["2026-12-05 01:00", "2026-12-05 03:00"],
        "2026-12-01 10:00",
    );
    // Not under way yet: extending is refused, and says how to move it.
    let early = site.run(&[
        "maintenance",
        "extend",
        "net",
        "--end",
        "05:00",
        "-m",
        "x",
        "--now",
        "2026-12-04 10:00",
    ]);
    assert_eq!(early.status, Some(1));
    assert!(
        early.stderr.contains("bulletin maintenance reschedule net"),
        "{}",
        early.stderr
    );

    step(
        &site,
        &[
            "maintenance",
            "extend",
            "net",
            "--end",
            "05:00",
            "-m",
            "Two more hours.",
        ],
        "2026-12-05 02:00",
    );
    assert_eq!(
        api(&site, "net")["scheduled_until"],
        "2026-12-05T05:00:00.000+08:00"
    );
    assert!(vevent(&site, "net").contains("DTEND;TZID=Asia/Shanghai:20261205T050000"));
    // Past the first end, still under maintenance: the extension holds.
    build(site.path(), None, Some("2026-12-05 03:30"));
    assert_eq!(
        site.json("api/v2/components.json")["components"][0]["status"],
        "under_maintenance"
    );
    assert_eq!(page_status(&site, "net"), "in_progress");

    step(
        &site,
        &["maintenance", "complete", "net", "-m", "Done early."],
        "2026-12-05 04:00",
    );
    assert_eq!(page_status(&site, "net"), "completed");
    assert_eq!(api(&site, "net")["status"], "completed");
    assert!(vevent(&site, "net").contains("STATUS:CONFIRMED"));
    let notified = dry_run(&site, "2026-12-06 00:00");
    for headline in [
        "Maintenance extended: Database upgrade",
        "Maintenance completed early: Database upgrade",
    ] {
        assert!(notified.contains(headline), "{headline}: {notified}");
    }
}

/// Resolving a maintenance before its window is refused with the commands that do what was
/// meant, and its code frame shows the line it names.
#[test]
fn resolving_before_the_window_names_the_maintenance_commands() {
    let site = TestSite::new(CONFIG);
    new_maintenance(
        &site,
        "db",
        ["2026-12-03 01:00", "2026-12-03 03:00"],
        "2026-12-01 10:00",
    );
    let before = site.read("incidents/db.md");
    let run = site.run(&["resolve", "db", "Done early", "--now", "2026-12-01 11:00"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert_eq!(site.read("incidents/db.md"), before);
    for words in [
        "has not started",
        "bulletin maintenance cancel db",
        "bulletin maintenance reschedule db",
    ] {
        assert!(run.stderr.contains(words), "{words}: {}", run.stderr);
    }
    let line = before.lines().position(|l| l == "scheduled:").unwrap() + 1;
    assert!(
        run.stderr.contains(&format!("incidents/db.md:{line}:1")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(" {line} │ scheduled:")),
        "{}",
        run.stderr
    );
}

/// Every message a dry run of notify (one Slack target) would send at `now`, announcing all.
fn dry_run(site: &TestSite, now: &str) -> String {
    site.write(
        "notify.yaml",
        "max_age: 30d\ntargets:\n  - { name: chat, type: slack, url_env: HOOK }\n",
    );
    let env = [("HOOK", "https://hooks.slack.test/x")];
    let (status, out, err) =
        notify::notify(site.path(), now, &["--dry-run", "--announce-all"], &env);
    assert_eq!(status, Some(0), "{out}\n{err}");
    out
}
