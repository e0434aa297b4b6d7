//! Machine-readable outputs: feeds, the Statuspage-compatible API, iCalendar, badges and the
//! sitemap, checked by independent validators (Python: feedparser, jsonschema, ical; see
//! tests/tools/) and by assertions on the reference outage. A missing validator fails the
//! tests (`crate::support::python_tool`): it is never skipped.

use std::ffi::OsStr;

use crate::support::*;

#[test]
fn validators_accept_every_machine_output_of_both_sites() {
    let tmp = tempfile::tempdir().unwrap();
    for (root, now) in [
        (repo(), "2023-03-29 01:00"),
        (repo(), "2026-11-23 12:00"),
        (repo().join("examples/acme"), "2026-11-23 12:00"),
    ] {
        let out = tmp.path().join("out");
        build(&root, Some(&out), Some(now));
        for tool in ["api", "feeds", "ics", "badges", "sitemap"] {
            validate(tool, &out);
        }
        std::fs::remove_dir_all(&out).unwrap();
    }
}

#[test]
fn statuspage_api_describes_the_reference_outage() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(&repo(), Some(&out), None);
    let incidents = read_json(&out.join("api/v2/incidents.json"));
    let inc = &incidents["incidents"][0];
    assert_eq!(inc["name"], "微信、QQ 多项功能异常");
    assert_eq!(inc["status"], "resolved");
    assert_eq!(inc["impact"], "critical");
    assert_eq!(inc["started_at"], "2023-03-29T00:30:00.000+08:00");
    assert_eq!(inc["resolved_at"], "2023-03-29T10:00:00.000+08:00");
    assert_eq!(
        inc["shortlink"],
        "https://status.example.com/incidents/2023-03-29-wechat-qq-outage/"
    );
    let statuses: Vec<&str> = inc["incident_updates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["resolved", "identified", "identified", "investigating"],
        "newest first"
    );
    assert!(
        inc["incident_updates"][2]["body"]
            .as_str()
            .unwrap()
            .contains("微信支付功能异常")
    );
    let first = &inc["incident_updates"][3]["affected_components"];
    assert_eq!(first.as_array().unwrap().len(), 7);
    assert_eq!(first[0]["name"], "账号登录");
    assert_eq!(first[0]["old_status"], "operational");
    assert_eq!(first[0]["new_status"], "major_outage");
    let names: Vec<&str> = inc["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"微信支付") && names.contains(&"QQ 邮箱"),
        "{names:?}"
    );

    // Ids are stable across builds.
    let again = tmp.path().join("again");
    build(&repo(), Some(&again), None);
    assert_eq!(
        read_json(&again.join("api/v2/incidents.json"))["incidents"][0]["id"],
        inc["id"]
    );
}

#[test]
fn statuspage_api_during_the_outage() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(&repo(), Some(&out), Some("2023-03-29 04:30"));
    let summary = read_json(&out.join("api/v2/summary.json"));
    assert_eq!(summary["status"]["indicator"], "critical");
    assert_eq!(summary["page"]["time_zone"], "Asia/Shanghai");
    assert_eq!(
        summary["incidents"].as_array().unwrap().len(),
        1,
        "the unresolved incident"
    );
    assert_eq!(summary["incidents"][0]["status"], "identified");
    let login = summary["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "账号登录" && c["group_id"].is_string())
        .unwrap();
    assert_eq!(login["status"], "major_outage");
    let wechat = summary["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "微信")
        .unwrap();
    assert_eq!(wechat["group"], true);
    assert_eq!(
        wechat["status"], "major_outage",
        "a product is as down as its worst feature"
    );
    assert_eq!(
        read_json(&out.join("api/v2/incidents/unresolved.json"))["incidents"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let badge = read_json(&out.join("badges/wechat/login.json"));
    assert_eq!(badge["message"], "严重中断");
    assert_eq!(badge["color"], "red");
}

#[test]
fn feed_items_keep_their_id_and_move_their_date_when_an_update_is_appended() {
    let site = TestSite::standard();
    site.write(
        "incidents/login.md",
        &GOOD_INCIDENT.replace("### 03:30 · resolved\nFixed.\n", ""),
    );
    site.run(&["build"]).ok();
    let before = read_json(&site.out().join("feed.json"));
    site.write(
        "incidents/login.md",
        &GOOD_INCIDENT.replace(
            "### 03:30 · resolved\nFixed.\n",
            "### 02:10 · monitoring\nA fix is out.\n",
        ),
    );
    site.run(&["build"]).ok();
    let after = read_json(&site.out().join("feed.json"));
    let (b, a) = (&before["items"][0], &after["items"][0]);
    assert_eq!(a["id"], b["id"]);
    assert_eq!(b["date_modified"], "2023-03-29T00:30:00+08:00");
    assert_eq!(a["date_modified"], "2023-03-29T02:10:00+08:00");
    assert!(
        a["content_html"]
            .as_str()
            .unwrap()
            .contains("A fix is out.")
    );
    let atom = site.read("public/atom.xml");
    assert!(
        atom.contains("<updated>2023-03-29T02:10:00+08:00</updated>"),
        "{atom}"
    );
    // Per-feature feeds carry it too, and unrelated features' feeds do not.
    assert!(
        site.read("public/components/wechat/login/rss.xml")
            .contains("Login failures")
    );
    assert!(
        !site
            .read("public/components/qq/mail/rss.xml")
            .contains("Login failures")
    );
    // Auto-discovery.
    let page = site.read("public/components/wechat/login/index.html");
    assert!(page.contains(r#"<link rel="alternate" type="application/atom+xml" title="Login · WeChat · Atom" href="../../../components/wechat/login/atom.xml">"#), "{page}");
}

#[test]
fn maintenance_calendar_keeps_the_sites_zone_across_dst() {
    let site = TestSite::new(&CONFIG.replace("Asia/Shanghai", "America/New_York"));
    site.write(
        "incidents/upgrade.md",
        "---\ntitle: Mail upgrade, phase 1; then 2\nkind: maintenance\naffected:\n  qq/mail: under_maintenance\nscheduled:\n  start: 2026-11-01 00:30\n  end: 2026-11-01 03:30\n---\nMail may be slow.\n\n## Timeline\n### 2026-10-20 09:00 · scheduled\nAnnounced.\n",
    );
    site.run(&["build"]).ok();
    let ics = site.read("public/maintenance.ics");
    assert!(
        ics.contains("DTSTART;TZID=America/New_York:20261101T003000\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("DTEND;TZID=America/New_York:20261101T033000\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("SUMMARY:Mail upgrade\\, phase 1\\; then 2\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500"),
        "{ics}"
    );
    assert!(
        site.read("public/components/qq/maintenance.ics")
            .contains("SUMMARY:Mail upgrade")
    );
    assert!(
        !site
            .read("public/components/wechat/maintenance.ics")
            .contains("SUMMARY:Mail upgrade")
    );
    validate("ics", &site.out());
    // Maintenance shows in feeds, marked as such with its window.
    let rss = site.read("public/rss.xml");
    assert!(
        rss.contains("<title>[Maintenance · Completed] Mail upgrade"),
        "{rss}"
    );
}

/// The panic message of `f`, which must panic.
fn panic_message(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let payload = std::panic::catch_unwind(f).expect_err("a missing tool must fail the test");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn a_missing_validator_package_fails_the_test_and_says_how_to_install_it() {
    let site = TestSite::standard();
    site.run(&["build"]).ok();
    // Modules of these names that refuse to import, first on the path: the validators see
    // the packages as missing (the same trick as tests/tools/selftest_validators.py).
    let blocker = site.path().join("blocker");
    for module in ["jsonschema", "feedparser", "ical"] {
        site.write(
            &format!("blocker/{module}.py"),
            "raise ImportError('hidden by the test')\n",
        );
    }
    for script in [
        "check_feeds.py",
        "check_api.py",
        "check_ics.py",
        "check_rss.py",
    ] {
        let out = site.out();
        let target = if script == "check_rss.py" {
            out.join("rss.xml")
        } else {
            out.clone()
        };
        let env = [("PYTHONPATH", blocker.as_os_str())];
        let message = panic_message(|| {
            python_tool(script, &[target.as_os_str()], &env);
        });
        assert!(
            message.contains("is not installed")
                && message.contains("python3 -m pip install -r tests/requirements.txt"),
            "{script}: {message}"
        );
    }
}

#[test]
fn a_missing_python_fails_the_test_and_says_how_to_install_it() {
    let empty = tempfile::tempdir().unwrap();
    let message = panic_message(|| {
        python_tool(
            "check_api.py",
            &[OsStr::new(".")],
            &[("PATH", empty.path().as_os_str())],
        );
    });
    assert!(
        message.contains("cannot run python3")
            && message.contains("python3 -m pip install -r tests/requirements.txt"),
        "{message}"
    );
}
