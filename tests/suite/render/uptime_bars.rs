//! The daily uptime bars say what their legend says: each bar's colour is the worst status of
//! its day (maintenance blue), its percentage comes second, today's is marked "so far" with
//! the part of the day it measured, and every printed percentage is rounded in decimal.
//! The same worst status is in `api/uptime.json`.

use crate::support::*;
use serde_json::Value;

/// The class of the bar of `date` in `html` (the `li` holding `<time datetime="date">`).
fn bar(html: &str, date: &str) -> String {
    let at = html
        .find(&format!("<time datetime=\"{date}\">"))
        .unwrap_or_else(|| panic!("no bar for {date}"));
    let li = html[..at].rfind("<li class=\"").expect("bar item") + "<li class=\"".len();
    let end = html[li..].find('"').unwrap();
    html[li..li + end].to_string()
}

/// The text of the tip of the bar of `date`.
fn tip(html: &str, date: &str) -> String {
    let at = html.find(&format!("<time datetime=\"{date}\">")).unwrap();
    let end = html[at..].find("</span>").unwrap();
    html[at..at + end].to_string()
}

fn day<'a>(json: &'a Value, reference: &str, date: &str) -> &'a Value {
    json["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reference"] == reference)
        .unwrap()["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == date)
        .unwrap()
}

fn incident(title: &str, affected: &str, start: &str, end: &str) -> String {
    format!(
        "---\ntitle: {title}\naffected:\n  {affected}\n---\n## Timeline\n### {start} · investigating\nx\n### {end} · resolved\ny\n"
    )
}

#[test]
fn the_default_sites_qq_partial_outage_day_is_partial_not_major() {
    // QQ's features were in a partial outage for 9.5 h on 2023-03-29: 88.12 % up, which the
    // uptime thresholds drew red ("major outage"). WeChat's login had a major outage.
    let (_tmp, out) = default_site_at("2023-04-01 12:00");
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    let qq = read("components/qq/index.html");
    assert_eq!(bar(&qq, "2023-03-29"), "bar b-partial");
    assert!(
        tip(&qq, "2023-03-29").contains("88.12%"),
        "{}",
        tip(&qq, "2023-03-29")
    );
    assert_eq!(bar(&qq, "2023-03-28"), "bar b-ok");
    let mail = read("components/qq/mail/index.html");
    assert_eq!(bar(&mail, "2023-03-29"), "bar b-partial");
    let wechat = read("components/wechat/index.html");
    assert_eq!(bar(&wechat, "2023-03-29"), "bar b-major");
    // The front page shows the same bars.
    let index = read("index.html");
    assert!(index.contains("b-partial") && index.contains("b-major"));
    let json: Value = serde_json::from_str(&read("api/uptime.json")).unwrap();
    assert_eq!(day(&json, "qq", "2023-03-29")["status"], "partial_outage");
    assert_eq!(
        day(&json, "wechat/login", "2023-03-29")["status"],
        "major_outage"
    );
    assert_eq!(day(&json, "qq", "2023-03-30")["status"], "operational");
}

#[test]
fn a_short_major_outage_is_major_and_a_maintenance_day_is_blue() {
    let site = TestSite::new(CONFIG);
    // 30 minutes of major outage: 97.91 % up, which the thresholds drew orange.
    site.write(
        "incidents/a.md",
        &incident(
            "Short",
            "wechat/login: major_outage",
            "2026-11-20 10:00",
            "2026-11-20 10:30",
        ),
    );
    // Two hours of maintenance on a day otherwise fine: drawn green (100 % up).
    site.write(
        "incidents/m.md",
        "---\ntitle: Upgrade\nkind: maintenance\nscheduled:\n  start: 2026-11-21 01:00\n  end: 2026-11-21 03:00\naffected:\n  wechat/login: under_maintenance\n---\n\n## Timeline\n\n### 2026-11-15 09:00 · scheduled\nPlanned.\n\n### 2026-11-21 01:00 · in_progress\nUpgrading.\n\n### 03:00 · completed\nDone.\n",
    );
    site.run(&["build", "--now", "2026-11-23 12:00"]).ok();
    let page = site.read("public/components/wechat/login/index.html");
    assert_eq!(bar(&page, "2026-11-20"), "bar b-major");
    let t = tip(&page, "2026-11-20");
    // The status's word first, the percentage second.
    assert!(
        t.ends_with("20 Nov 2026</time> · Major outage · 97.91%<br>Major outage: 30 min"),
        "{t}"
    );
    // The component page links the day's incidents from its row of the day list.
    let row = day_row(&page, "2026-11-20");
    assert!(
        row.contains("<a href=\"../../../incidents/a/\">Short</a>"),
        "{row}"
    );
    assert_eq!(bar(&page, "2026-11-21"), "bar b-maintenance");
    assert_eq!(bar(&page, "2026-11-22"), "bar b-ok");
    // The legend names every class a bar can have, and only those.
    let product = site.read("public/components/wechat/index.html");
    for class in [
        "b-ok",
        "b-degraded",
        "b-partial",
        "b-major",
        "b-maintenance",
    ] {
        assert!(product.contains(&format!("swatch {class}")), "{class}");
    }
    assert!(!product.contains("b-minor") && !page.contains("b-minor"));
    let json: Value = serde_json::from_str(&site.read("public/api/uptime.json")).unwrap();
    assert_eq!(
        day(&json, "wechat/login", "2026-11-20")["status"],
        "major_outage"
    );
    assert_eq!(
        day(&json, "wechat", "2026-11-21")["status"],
        "under_maintenance"
    );
}

#[test]
fn todays_bar_is_marked_so_far_with_the_part_of_the_day_measured() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/a.md",
        &incident(
            "Today",
            "wechat/login: partial_outage",
            "2026-11-23 10:00",
            "2026-11-23 10:30",
        ),
    );
    // `--now` is in the site's zone: today is measured from 00:00 to 12:00.
    site.run(&["build", "--now", "2026-11-23 12:00"]).ok();
    let page = site.read("public/components/wechat/login/index.html");
    assert_eq!(bar(&page, "2026-11-23"), "bar b-partial so-far");
    let t = tip(&page, "2026-11-23");
    assert!(t.contains("so far (00:00–12:00)"), "{t}");
    assert!(!tip(&page, "2026-11-22").contains("so far"));
    // A day with nothing in it but today's mark can still be reached with the keyboard.
    let pay = site.read("public/components/wechat/pay/index.html");
    assert!(pay.contains("bar b-ok so-far\" tabindex=\"0\""));
    let json: Value = serde_json::from_str(&site.read("public/api/uptime.json")).unwrap();
    // The file's last day is today, measured so far.
    let days = json["components"][0]["days"].as_array().unwrap();
    assert_eq!(days.last().unwrap()["date"], "2026-11-23");
    assert_eq!(
        day(&json, "wechat/login", "2026-11-23")["measured_seconds"],
        12 * 3600
    );

    // In Chinese too.
    let zh = TestSite::new(&CONFIG.replace("language: en", "language: zh-CN"));
    zh.run(&["build", "--now", "2026-11-23 12:00"]).ok();
    let page = zh.read("public/components/wechat/login/index.html");
    assert!(tip(&page, "2026-11-23").contains("截至目前（00:00–12:00）"));
}

#[test]
fn ten_percent_is_printed_as_ten() {
    // Down from 00:00 to 21:36: 90 % of the day, so exactly 10 % up (floating point made it
    // 9.9999).
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/a.md",
        &incident(
            "Long",
            "wechat/login: major_outage",
            "2026-11-20 00:00",
            "2026-11-20 21:36",
        ),
    );
    site.run(&["build", "--now", "2026-11-23 12:00"]).ok();
    let text = site.read("public/api/uptime.json");
    let json: Value = serde_json::from_str(&text).unwrap();
    let d = day(&json, "wechat/login", "2026-11-20");
    assert_eq!(d["uptime"].as_f64(), Some(10.0), "{d}");
    assert_eq!(d["down_seconds"].as_f64(), Some(77760.0), "{d}");
    assert!(text.contains("\"uptime\": 10.0,") || text.contains("\"uptime\": 10.0\n"));
    let page = site.read("public/components/wechat/login/index.html");
    assert!(tip(&page, "2026-11-20").contains("10.00%"), "{page}");
}

#[test]
fn the_legend_states_the_weights_exactly() {
    // 0.125 was printed as 13 % (rounded) while uptime counted 12.5 %; 0.001 as 0 %, with the
    // words for "degraded performance counts as up".
    let site = TestSite::new(&format!(
        "{CONFIG}uptime:\n  partial_weight: 0.125\n  degraded_weight: 0.001\n"
    ));
    site.run(&["build"]).ok();
    let index = site.read("public/index.html");
    assert!(
        index.contains("a partial outage as 12.5% and degraded performance as 0.1%"),
        "{index}"
    );
}

/// The row of `date` in a component page's day list.
fn day_row(html: &str, date: &str) -> String {
    let at = html
        .find(&format!("<tr id=\"day-{date}\">"))
        .unwrap_or_else(|| panic!("no row for {date}"));
    let end = html[at..].find("</tr>").unwrap();
    html[at..at + end].to_string()
}

/// Whole minutes as the default site (zh-CN) writes a duration of hours and minutes.
fn zh_hours(minutes: u64) -> String {
    format!("{} 小时 {} 分钟", minutes / 60, minutes % 60)
}

#[test]
fn the_reference_outages_day_card_and_row_say_what_the_uptime_module_measured() {
    let (_tmp, out) = default_site_at("2023-04-01 12:00");
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    let qq = read("components/qq/index.html");
    // What the uptime module measured, as the API publishes it: QQ's day was a partial
    // outage only, weighted 0.3, so its time in a partial outage is its down time ÷ 0.3.
    let json: Value = serde_json::from_str(&read("api/uptime.json")).unwrap();
    let measured = day(&json, "qq", "2023-03-29");
    assert_eq!(measured["status"], "partial_outage");
    let down_seconds = measured["down_seconds"].as_f64().unwrap();
    let partial = (down_seconds / 0.3 / 60.0).round() as u64;
    let down = (down_seconds / 60.0).floor() as u64;
    let time_in_partial = format!("部分中断：{}", zh_hours(partial));
    let front_tip = tip(&read("index.html"), "2023-03-29");
    let tip = tip(&qq, "2023-03-29");
    assert!(tip.contains(&time_in_partial), "{tip}");
    let row = day_row(&qq, "2023-03-29");
    assert!(row.contains(&time_in_partial), "{row}");
    assert!(
        row.contains(&format!("<td>{}</td>", zh_hours(down))),
        "{row}"
    );
    assert!(row.contains("<td>88.12%</td>"), "{row}");
    // The incidents the API names for the day are the ones linked, in the card and the row.
    let incidents: Value = serde_json::from_str(&read("api/v2/incidents.json")).unwrap();
    let ids = measured["incidents"].as_array().unwrap();
    assert!(!ids.is_empty());
    for id in ids {
        let inc = incidents["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == *id)
            .unwrap();
        let slug = inc["shortlink"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .nth(1)
            .unwrap();
        let link = format!(
            "<a href=\"../../incidents/{slug}/\"{{}}>{}</a>",
            inc["name"].as_str().unwrap()
        );
        // The front page's card links them directly; a component page's from its day list.
        let front = format!(
            "<a href=\"./incidents/{slug}/\" tabindex=\"-1\">{}</a>",
            inc["name"].as_str().unwrap()
        );
        assert!(front_tip.contains(&front), "{front_tip}");
        assert!(row.contains(&link.replace("{}", "")), "{row}");
    }
    // A quiet day has no row: the list says the other days were fine in one sentence.
    assert!(!qq.contains("<tr id=\"day-2023-03-30\">"));
}
