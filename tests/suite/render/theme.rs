//! The default theme's words and page structure (issue 16): Chinese punctuation and wording,
//! the uptime strip's axis and legend, resolved incidents shown as past, live durations, the
//! history index, logo and favicon, the status script and the embeddable page. What only a
//! browser can see (spacing, overflow, line breaks) is checked in tests/browser/check.mjs.

use crate::support::{TestSite, default_site_at, read_out, repo, run_in};

const OUTAGE: &str = "incidents/2023-03-29-wechat-qq-outage/index.html";
const DURING: &str = "2023-03-29 04:30";
const AFTER: &str = "2026-11-23 12:00";

/// A Chinese site with a maintenance window and incidents in two months.
fn chinese_site() -> TestSite {
    let site = TestSite::new(&crate::support::CONFIG.replace("language: en", "language: zh-CN"));
    site.write("incidents/login.md", crate::support::GOOD_INCIDENT);
    site.write(
        "incidents/mail.md",
        "---\ntitle: 邮件延迟\naffected:\n  qq/mail: partial_outage\n---\n慢。\n\n## Timeline\n\n### 2023-04-02 10:00 · investigating\n调查中。\n\n### 11:00 · resolved\n已恢复。\n",
    );
    site.write(
        "incidents/upgrade.md",
        "---\ntitle: 数据库升级\nkind: maintenance\naffected:\n  wechat/pay: under_maintenance\nscheduled:\n  start: 2026-12-01 02:00\n  end: 2026-12-01 04:00\n---\n升级。\n",
    );
    site.run(&["build"]).ok();
    site
}

#[test]
fn chinese_pages_use_full_width_colons_after_chinese_words() {
    let site = chinese_site();
    let index = site.read("public/index.html");
    for good in ["24 小时：<strong>", "计划时间窗口：<time"] {
        assert!(index.contains(good), "{good} missing");
    }
    for bad in ["订阅:", "小时:", "天:", "窗口:"] {
        assert!(!index.contains(bad), "ASCII colon in '{bad}'");
    }
}

#[test]
fn the_month_pager_says_newer_and_older_not_update() {
    let site = chinese_site();
    let april = site.read("public/history/2023-04/index.html");
    let march = site.read("public/history/2023-03/index.html");
    assert!(april.contains("较早：2023年3月"), "{april}");
    assert!(march.contains("较新：2023年4月"), "{march}");
    assert!(!march.contains("更新:") && !march.contains("更新："));
}

#[test]
fn the_front_page_during_an_outage_does_not_say_there_are_no_incidents() {
    let (_tmp, out) = default_site_at(DURING);
    let index = read_out(&out, "index.html");
    assert!(index.contains("正在处理的故障"));
    assert!(
        !index.contains("暂无事件记录"),
        "'no incidents' under an active one"
    );
    assert!(index.contains("暂无已结束的事件"));
}

#[test]
fn shanghai_time_is_called_beijing_time() {
    let (_tmp, out) = default_site_at(AFTER);
    let index = read_out(&out, "index.html");
    assert!(
        index.contains("页面中的时间均为北京时间。</p>"),
        "footer zone"
    );
    assert!(!index.contains("Asia/Shanghai (UTC+8)"));
    // An English site keeps the zone's name.
    let site = TestSite::standard();
    site.run(&["build"]).ok();
    assert!(
        site.read("public/index.html")
            .contains("Asia/Shanghai (UTC+8)")
    );
}

#[test]
fn a_duration_between_approximate_times_says_about() {
    let (_tmp, out) = default_site_at(AFTER);
    let page = read_out(&out, OUTAGE);
    assert!(page.contains("<dd>约 9 小时 30 分钟</dd>"), "{page}");
    assert!(read_out(&out, "history/index.html").contains("持续 约 9 小时 30 分钟"));
    // Exact times give an exact duration.
    let site = TestSite::standard();
    site.run(&["build"]).ok();
    assert!(
        site.read("public/incidents/login/index.html")
            .contains("<dd>3 h</dd>")
    );
}

#[test]
fn the_uptime_strip_has_an_axis_and_a_legend_saying_how_degraded_time_counts() {
    let (_tmp, out) = default_site_at(AFTER);
    let index = read_out(&out, "index.html");
    // "30/60/90 days ago": the stylesheet shows the one matching the bars shown.
    assert!(index.contains(
        "<span class=\"ago\"><span>30 天前</span><span>60 天前</span><span>90 天前</span></span><span>今天</span>"
    ));
    assert!(index.contains("class=\"swatch b-degraded\"></span>性能下降"));
    assert!(index.contains("部分中断按 30% 计入；性能下降（黄色）仅作标记，不计为不可用"));
    let component = read_out(&out, "components/qq/mail/index.html");
    assert!(component.contains("今天") && component.contains("uptime-key"));
    // A site that counts degraded time says how much.
    let site = TestSite::new(&format!(
        "{}uptime:\n  degraded_weight: 0.5\n",
        crate::support::CONFIG
    ));
    site.run(&["build"]).ok();
    assert!(
        site.read("public/index.html")
            .contains("a partial outage as 30% and degraded performance as 50%")
    );
}

#[test]
fn a_resolved_incident_shows_its_components_as_they_were_then() {
    let (_tmp, out) = default_site_at(AFTER);
    let page = read_out(&out, OUTAGE);
    assert!(page.contains("<section aria-labelledby=\"affected-title\" class=\"then\">"));
    assert!(page.contains(">当时受影响的组件</h2>"));
    let (_tmp2, during) = default_site_at(DURING);
    let page = read_out(&during, OUTAGE);
    assert!(page.contains(">受影响的组件</h2>") && !page.contains("class=\"then\""));
}

#[test]
fn an_active_incident_says_how_long_it_has_been_going_on() {
    let (_tmp, out) = default_site_at(DURING);
    let card = "已持续 <span data-since=\"2023-03-29T00:30:00+08:00\">4 小时</span>";
    assert!(
        read_out(&out, "index.html").contains(card),
        "front page card"
    );
    assert!(read_out(&out, OUTAGE).contains(card), "incident page");
}

#[test]
fn the_history_index_lists_each_months_incidents() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("acme");
    run_in(
        &repo().join("examples/acme"),
        &["build", "--output", out.to_str().unwrap()],
    )
    .ok();
    let history = read_out(&out, "history/index.html");
    for title in [
        "Redis version upgrade in all regions",
        "Networking outage in ams1",
    ] {
        assert!(history.contains(title), "{title} not on the history index");
    }
}

#[test]
fn a_feature_named_after_its_product_is_not_prefixed_twice() {
    let (_tmp, out) = default_site_at(DURING);
    let badge = read_out(&out, "badges/qq/mail.json");
    assert!(badge.contains("\"label\": \"QQ 邮箱\""), "{badge}");
    let index = read_out(&out, "index.html");
    assert!(!index.contains("QQ · QQ 邮箱") && !index.contains("QQ QQ"));
    assert!(
        index.contains("QQ · 文件传输"),
        "other features keep the product"
    );
}

#[test]
fn logo_and_favicon_come_from_static_or_a_url() {
    let site = TestSite::new(&format!(
        "{}logo: logo.svg\nfavicon: https://cdn.test/icon.png\n",
        crate::support::CONFIG
    ));
    site.write("incidents/login.md", crate::support::GOOD_INCIDENT);
    site.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.run(&["build"]).ok();
    let index = site.read("public/index.html");
    assert!(index.contains("<img src=\"./logo.svg\" alt=\"\" height=\"28\">"));
    assert!(index.contains("<link rel=\"icon\" href=\"https://cdn.test/icon.png\">"));
    let page = site.read("public/incidents/login/index.html");
    assert!(page.contains("<img src=\"../../logo.svg\""));
}

#[test]
fn a_logo_that_is_not_in_static_is_an_error_at_its_line() {
    for value in ["missing.svg", "../bulletin.yaml"] {
        let site = TestSite::new(&format!("{}logo: {value}\n", crate::support::CONFIG));
        let (diags, status) = crate::support::check_json(&site);
        assert_eq!(status, Some(1));
        let d = diags
            .iter()
            .find(|d| d["code"] == "bad-asset")
            .unwrap_or_else(|| panic!("{diags:?}"));
        assert_eq!(
            d["message"],
            format!("logo '{value}' is not a file in static/ nor an http(s) URL")
        );
        assert_eq!(d["line"], 18, "{d}");
    }
}

#[test]
fn refresh_seconds_reaches_the_script_and_is_checked() {
    let site = TestSite::new(&format!("{}refresh_seconds: 30\n", crate::support::CONFIG));
    site.write("incidents/login.md", crate::support::GOOD_INCIDENT);
    site.run(&["build"]).ok();
    let index = site.read("public/index.html");
    assert!(index.contains("<script src=\"./bulletin.js\" defer "));
    assert!(index.contains("<script src=\"./bulletin-strings.js\" defer></script>"));
    assert!(index.contains("data-refresh=\"30\""));
    assert!(index.contains("<time class=\"dt\" data-built datetime=\""));
    let rss = site.read("public/rss.xml") + &site.read("public/feed.json");
    assert!(!rss.contains("<script") && !rss.contains("bulletin.js"));
    let short = TestSite::new(&format!("{}refresh_seconds: 5\n", crate::support::CONFIG));
    let (diags, _) = crate::support::check_json(&short);
    assert!(
        diags.iter().any(|d| d["code"] == "bad-refresh"),
        "{diags:?}"
    );
}

#[test]
fn the_embeddable_page_shows_the_banner_and_live_incidents() {
    let (_tmp, out) = default_site_at(DURING);
    let embed = read_out(&out, "embed.html");
    assert!(embed.contains("正在发生严重故障") && embed.contains("微信、QQ 多项功能异常"));
    assert!(embed.contains("<base target=\"_top\">"));
    assert!(
        !embed.contains("site-header"),
        "no site chrome in the iframe"
    );
    assert!(!read_out(&out, "sitemap.xml").contains("embed"));
}
