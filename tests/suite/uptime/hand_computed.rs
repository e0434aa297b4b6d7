//! Uptime against hand-computed values: overlapping incidents, partial outages, maintenance,
//! incidents crossing midnight and DST changes, in two time zones.

use crate::support::*;
use serde_json::Value;

fn uptime_json(site: &TestSite, now: &str) -> Value {
    site.run(&["build", "--now", now]).ok();
    serde_json::from_str(&site.read("public/api/uptime.json")).unwrap()
}

fn component<'a>(json: &'a Value, reference: &str) -> &'a Value {
    json["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reference"] == reference)
        .unwrap()
}

fn day<'a>(c: &'a Value, date: &str) -> &'a Value {
    c["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == date)
        .unwrap()
}

fn close(actual: &Value, expected_ratio: f64) {
    let pct = actual.as_f64().unwrap();
    assert!(
        (pct - expected_ratio * 100.0).abs() < 1e-4,
        "{pct} vs {}",
        expected_ratio * 100.0
    );
}

fn incident(title: &str, affected: &str, start: &str, end: &str) -> String {
    format!(
        "---\ntitle: {title}\naffected:\n  {affected}\n---\n## Timeline\n### {start} · investigating\nx\n### {end} · resolved\ny\n"
    )
}

#[test]
fn new_york_across_the_spring_dst_change() {
    let config = CONFIG.replace("Asia/Shanghai", "America/New_York") + "uptime:\n  days: 5\n";
    let site = TestSite::new(&config);
    // A: login down 23:00 → 01:00 across midnight into the 23-hour DST day (03-10).
    site.write(
        "incidents/a.md",
        &incident(
            "A",
            "wechat/login: major_outage",
            "2024-03-09 23:00",
            "2024-03-10 01:00",
        ),
    );
    // B: the whole product partly down 00:30 EST → 03:30 EDT (2 real hours), overlapping A.
    site.write(
        "incidents/b.md",
        &incident(
            "B",
            "wechat: partial_outage",
            "2024-03-10 00:30",
            "2024-03-10 03:30",
        ),
    );
    // M: maintenance on login 02:00–04:00 on 03-11: excluded from the measured time.
    site.write("incidents/m.md", "---\ntitle: M\nkind: maintenance\naffected:\n  wechat/login: under_maintenance\nscheduled:\n  start: 2024-03-11 02:00\n  end: 2024-03-11 04:00\n---\n## Timeline\n### 2024-03-01 09:00 · scheduled\nx\n### 2024-03-11 04:00 · completed\ny\n");
    // D: pay degraded for an hour: flagged, not counted.
    site.write(
        "incidents/d.md",
        &incident(
            "D",
            "wechat/pay: degraded_performance",
            "2024-03-12 08:00",
            "2024-03-12 09:00",
        ),
    );
    let json = uptime_json(&site, "2024-03-12 12:00");
    assert_eq!(json["rules"]["partial_outage_weight"], 0.3);

    let login = component(&json, "wechat/login");
    let dates: Vec<&str> = login["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        [
            "2024-03-08",
            "2024-03-09",
            "2024-03-10",
            "2024-03-11",
            "2024-03-12"
        ]
    );
    // 03-09: the last hour of the day.
    close(&day(login, "2024-03-09")["uptime"], 1.0 - 1.0 / 24.0);
    // 03-10 (23 h): A's first hour, then B alone for 1.5 h at 0.3 (the overlap counts once).
    let d10 = day(login, "2024-03-10");
    assert_eq!(d10["measured_seconds"], 23 * 3600);
    assert_eq!(d10["down_seconds"], (1.45f64 * 3600.0));
    close(&d10["uptime"], 1.0 - 1.45 / 23.0);
    // 03-11: two hours of maintenance, not measured; nothing down.
    let d11 = day(login, "2024-03-11");
    assert_eq!(d11["measured_seconds"], 22 * 3600);
    assert_eq!(d11["maintenance"], true);
    close(&d11["uptime"], 1.0);
    // Today is measured up to now (12:00).
    assert_eq!(day(login, "2024-03-12")["measured_seconds"], 12 * 3600);
    // Windows end now: 24 h has nothing; 7 days has 2.45 h down in 166 measured hours.
    close(&login["uptime"]["24h"], 1.0);
    close(&login["uptime"]["7d"], 1.0 - 2.45 / 166.0);

    // Pay sees only B (2 h at 0.3), and the degraded hour is flagged, not counted.
    let pay = component(&json, "wechat/pay");
    close(&day(pay, "2024-03-10")["uptime"], 1.0 - 0.6 / 23.0);
    assert_eq!(day(pay, "2024-03-12")["degraded"], true);
    close(&day(pay, "2024-03-12")["uptime"], 1.0);
    // The product is as down as its worst feature at each instant.
    let wechat = component(&json, "wechat");
    close(&day(wechat, "2024-03-10")["uptime"], 1.0 - 1.45 / 23.0);
    assert_eq!(day(wechat, "2024-03-12")["degraded"], true);
    // QQ had nothing.
    close(&component(&json, "qq")["uptime"]["7d"], 1.0);

    // The page shows the bars with a text alternative for each day: its time in each status
    // (1 h major, 1.5 h partial: 1.45 h down at 0.3); its row of the day list links its
    // incidents.
    let page = site.read("public/components/wechat/login/index.html");
    assert!(page.contains(r#"<li class="bar b-major" tabindex="0"><span class="tip"><time datetime="2024-03-10">10 Mar 2024</time> · Major outage · 93.69%<br>Major outage: 1 h<br>Partial outage: 1 h 30 min</span></li>"#), "{page}");
    assert!(page.contains(r#"<td><a href="../../../incidents/b/">B</a><br><a href="../../../incidents/a/">A</a></td></tr>"#), "{page}");
    assert!(
        page.contains(r#"<li class="bar b-maintenance"#) || page.contains("Maintenance"),
        "maintenance day marked"
    );
}

#[test]
fn new_york_across_the_autumn_dst_change_and_shanghai_midnight() {
    let config = CONFIG.replace("Asia/Shanghai", "America/New_York") + "uptime:\n  days: 3\n";
    let site = TestSite::new(&config);
    // 2024-11-03 has 25 hours in New York; an outage over the whole repeated hour.
    site.write(
        "incidents/a.md",
        &incident(
            "A",
            "qq/mail: major_outage",
            "2024-11-03T01:00:00-04:00",
            "2024-11-03T01:00:00-05:00",
        ),
    );
    let json = uptime_json(&site, "2024-11-04 12:00");
    let d = day(component(&json, "qq/mail"), "2024-11-03");
    assert_eq!(d["measured_seconds"], 25 * 3600);
    close(&d["uptime"], 1.0 - 1.0 / 25.0);

    let site = TestSite::new(&(CONFIG.to_string() + "uptime:\n  days: 3\n"));
    // Shanghai (no DST): 23:30 → 00:30 splits half an hour to each day.
    site.write(
        "incidents/a.md",
        &incident(
            "A",
            "qq/mail: major_outage",
            "2023-03-29 23:30",
            "2023-03-30 00:30",
        ),
    );
    let json = uptime_json(&site, "2023-03-31 12:00");
    let mail = component(&json, "qq/mail");
    close(&day(mail, "2023-03-29")["uptime"], 1.0 - 0.5 / 24.0);
    close(&day(mail, "2023-03-30")["uptime"], 1.0 - 0.5 / 24.0);
}

/// `actual` (a percentage from api/uptime.json) is `expected_ratio` as a percentage rounded
/// down to four decimals (docs/uptime.md).
fn rounded_down(actual: &Value, expected_ratio: f64) {
    let pct = actual.as_f64().unwrap();
    let expected = expected_ratio * 100.0;
    assert!(
        pct <= expected + 1e-9 && expected - pct < 1e-4,
        "{pct} is not {expected} rounded down"
    );
}

#[test]
fn thirty_and_ninety_day_windows_of_a_feature_and_a_product() {
    // Shanghai has no DST: 30 days are 720 hours, 90 days 2160 hours. Now is 2024-06-30 12:00,
    // so the 30-day window starts 2024-05-31 12:00 and the 90-day one 2024-04-01 12:00.
    let site = TestSite::new(CONFIG);
    let cases = [
        // A: login fully down 2 h, inside both windows.
        (
            "a",
            "wechat/login: major_outage",
            "2024-06-20 10:00",
            "2024-06-20 12:00",
        ),
        // G: pay partly down 2 h, overlapping A's last hour (the product counts the worst).
        (
            "g",
            "wechat/pay: partial_outage",
            "2024-06-20 11:00",
            "2024-06-20 13:00",
        ),
        // F: pay fully down 4 h across the 30-day edge: 2 h inside it.
        (
            "f",
            "wechat/pay: major_outage",
            "2024-05-31 10:00",
            "2024-05-31 14:00",
        ),
        // B: login partly down 10 h, only in the 90-day window.
        (
            "b",
            "wechat/login: partial_outage",
            "2024-05-10 00:00",
            "2024-05-10 10:00",
        ),
        // C: pay fully down 1 h, only in the 90-day window.
        (
            "c",
            "wechat/pay: major_outage",
            "2024-04-15 08:00",
            "2024-04-15 09:00",
        ),
        // E: before both windows: counts nowhere.
        (
            "e",
            "wechat/login: major_outage",
            "2024-03-01 08:00",
            "2024-03-01 20:00",
        ),
    ];
    for (name, affected, start, end) in cases {
        site.write(
            &format!("incidents/{name}.md"),
            &incident(name, affected, start, end),
        );
    }
    // M: the whole product under maintenance for 4 h inside both windows: not measured.
    site.write("incidents/m.md", "---\ntitle: M\nkind: maintenance\naffected:\n  wechat: under_maintenance\nscheduled:\n  start: 2024-06-25 01:00\n  end: 2024-06-25 05:00\n---\n## Timeline\n### 2024-06-01 09:00 · scheduled\nx\n### 2024-06-25 05:00 · completed\ny\n");
    let json = uptime_json(&site, "2024-06-30 12:00");
    let (h30, h90) = (720.0 - 4.0, 2160.0 - 4.0);

    // Login: A (2 h); B adds 10 h × 0.3 = 3 h in 90 days.
    let login = component(&json, "wechat/login");
    rounded_down(&login["uptime"]["30d"], 1.0 - 2.0 / h30);
    rounded_down(&login["uptime"]["90d"], 1.0 - 5.0 / h90);
    // Pay: F's 2 h inside + G's 2 h × 0.3 = 2.6 h; 90 days: C 1 h + F 4 h + G 0.6 h.
    let pay = component(&json, "wechat/pay");
    rounded_down(&pay["uptime"]["30d"], 1.0 - 2.6 / h30);
    rounded_down(&pay["uptime"]["90d"], 1.0 - 5.6 / h90);
    // WeChat: A 2 h, then G alone for 1 h × 0.3, F 2 h = 4.3 h; 90 days add B 3 h, C 1 h and
    // F's other 2 h = 10.3 h.
    let wechat = component(&json, "wechat");
    rounded_down(&wechat["uptime"]["30d"], 1.0 - 4.3 / h30);
    rounded_down(&wechat["uptime"]["90d"], 1.0 - 10.3 / h90);
    // QQ had nothing, and nothing of WeChat's maintenance.
    rounded_down(&component(&json, "qq")["uptime"]["90d"], 1.0);

    // The feature's page shows the same figures (99.7206 % and 99.7680 %) with two decimals,
    // rounded down.
    let page = site.read("public/components/wechat/login/index.html");
    for figure in ["99.72%", "99.76%"] {
        assert!(page.contains(figure), "{figure}\n{page}");
    }
}

#[test]
/// The page says it is still in progress (its latest entry says so: docs/api.md), so the days
/// since are maintenance days too: bars and status say the same (issue 22).
fn a_maintenance_never_marked_completed_holds_its_components_as_the_page_says() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/m.md",
        "---\ntitle: Upgrade\nkind: maintenance\nscheduled:\n  start: 2026-11-20 01:00\n  end: 2026-11-20 03:00\naffected:\n  wechat/login: under_maintenance\n---\n\n## Timeline\n\n### 2026-11-20 01:00 · in_progress\nUpgrading.\n",
    );
    let json = uptime_json(&site, "2026-11-23 12:00");
    let login = component(&json, "wechat/login");
    let components = read_json(&site.out().join("api/v2/components.json"));
    let status = components["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Login")
        .map(|c| c["status"].clone());
    assert_eq!(status, Some("under_maintenance".into()), "the page now");
    for date in ["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"] {
        assert_eq!(day(login, date)["maintenance"], true, "{date}");
        assert_eq!(day(login, date)["status"], "under_maintenance", "{date}");
        assert_eq!(day(login, date)["uptime"], 100.0, "{date}");
    }
    assert_eq!(day(login, "2026-11-22")["measured_seconds"], 0);
}

#[test]
fn an_incident_belongs_only_to_the_days_it_overlaps_at_midnight() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/x.md",
        &incident(
            "At midnight",
            "wechat/login: major_outage",
            "2026-11-22 00:00",
            "2026-11-22 01:00",
        ),
    );
    site.write(
        "incidents/y.md",
        &incident(
            "Until midnight",
            "wechat/pay: major_outage",
            "2026-11-20 23:00",
            "2026-11-21 00:00",
        ),
    );
    let json = uptime_json(&site, "2026-11-23 12:00");
    let count = |c: &Value, date: &str| day(c, date)["incidents"].as_array().unwrap().len();
    let pay = component(&json, "wechat/pay");
    assert_eq!((count(pay, "2026-11-20"), count(pay, "2026-11-21")), (1, 0));
    let login = component(&json, "wechat/login");
    assert_eq!(
        day(login, "2026-11-21")["incidents"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        day(login, "2026-11-22")["incidents"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(day(login, "2026-11-22")["down_seconds"], 3600.0);
}

#[test]
fn an_incident_at_the_far_edge_of_ninety_days_still_counts() {
    // Now is 2026-11-23 20:00 in Shanghai; the 90-day window opens 2026-08-25 20:00.
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/old.md",
        &incident(
            "Long ago",
            "wechat/login: major_outage",
            "2026-08-25 21:00",
            "2026-08-25 22:00",
        ),
    );
    let json = uptime_json(&site, "2026-11-23 12:00");
    let login = component(&json, "wechat/login");
    close(&login["uptime"]["90d"], 1.0 - 1.0 / (90.0 * 24.0));
    assert_eq!(login["uptime"]["30d"], 100.0);
}

#[test]
fn an_incident_begun_before_the_ninety_days_counts_for_the_time_it_overlaps_them() {
    // Now is 2026-11-23 12:00 in Shanghai, so the 90-day window opens 2026-08-25 12:00. Begun
    // in June and resolved 32 hours into the window, and begun in May and still open behind
    // a newer incident of the same feature: starting before the window, both still count.
    let site = TestSite::new(CONFIG);
    let cases = [
        (
            "june",
            "wechat/login",
            "2026-06-01 10:00",
            "2026-08-26 20:00",
        ),
        (
            "new",
            "wechat/login",
            "2026-11-01 10:00",
            "2026-11-01 11:00",
        ),
        ("may", "qq/mail", "2026-05-01 10:00", ""),
        ("newer", "qq/mail", "2026-11-02 10:00", "2026-11-02 11:00"),
    ];
    for (slug, component, start, end) in cases {
        let affected = format!("{component}: major_outage");
        let text = match end {
            "" => format!(
                "---\ntitle: {slug}\naffected:\n  {affected}\n---\n## Timeline\n### {start} · investigating\nx\n"
            ),
            _ => incident(slug, &affected, start, end),
        };
        site.write(&format!("incidents/{slug}.md"), &text);
    }
    let json = uptime_json(&site, "2026-11-23 12:00");
    let login = component(&json, "wechat/login");
    close(&login["uptime"]["90d"], 1.0 - 33.0 / (90.0 * 24.0));
    assert_eq!(day(login, "2026-08-26")["down_seconds"], 20.0 * 3600.0);
    let mail = component(&json, "qq/mail");
    assert_eq!(mail["uptime"]["90d"], 0.0);
}

#[test]
fn the_gap_between_a_resolution_and_a_reopening_is_not_down_time() {
    // examples/acme: postgres partly down 08:10–09:20, resolved, reopened 11:05–12:30. At
    // 0.3 that is (70 + 85) min × 0.3 = 2,790 s, not 08:10–12:30 × 0.3 = 4,680 s. Seen at
    // 10:00 the day had 1,260 s down by then, and a later build agrees on those 10:00 hours.
    let down = |now: &str| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let args = ["build", "--output", out.to_str().unwrap(), "--now", now];
        run_in(&repo().join("examples/acme"), &args).ok();
        let json = crate::support::read_json(&out.join("api/uptime.json"));
        let postgres = component(&json, "databases/postgres");
        day(postgres, "2026-04-14")["down_seconds"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(down("2026-04-14 10:00"), 1260.0);
    assert_eq!(
        down("2026-04-14 11:00"),
        1260.0,
        "nothing happened 10:00–11:00"
    );
    assert_eq!(down("2026-04-14 13:00"), 2790.0);
    assert_eq!(down("2026-04-15 13:00"), 2790.0);
}

#[test]
fn the_gap_between_a_resolved_time_and_a_reopening_is_not_down_time_either() {
    // `resolved: 09:00`, then an entry at 11:00 reopens the incident until 12:00: down
    // 08:00–09:00 and 11:00–12:00, as a build at 10:00 said of 08:00–10:00.
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/o.md",
        "---\ntitle: Over\nresolved: 2026-11-20 09:00\naffected:\n  wechat/login: major_outage\n---\n\n## Timeline\n\n### 2026-11-20 08:00 · investigating\nx\n\n### 11:00 · investigating\nAgain.\n\n### 12:00 · resolved\nDone.\n",
    );
    let down = |now: &str| {
        let json = uptime_json(&site, now);
        day(component(&json, "wechat/login"), "2026-11-20")["down_seconds"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(down("2026-11-20 10:00"), 3600.0);
    assert_eq!(down("2026-11-20 13:00"), 7200.0);
}
