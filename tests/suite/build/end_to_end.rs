//! `bulletin build` end to end: the default site, the English example, determinism, errors
//! that leave the previous output alone, theme overrides.

use crate::support::*;

fn build_repo_site(root: &std::path::Path, out: &std::path::Path) -> Run {
    let out = out.to_str().unwrap();
    let r = run_in(root, &["build", "--output", out]);
    r.ok();
    r
}

#[test]
fn default_site_shows_status_every_feature_and_the_outage() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = build_repo_site(&repo(), &out);
    assert!(
        run.stdout.starts_with("Built 1 incident into"),
        "{}",
        run.stdout
    );

    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains(r#"<html lang="zh-CN">"#));
    assert!(index.contains("所有系统运行正常"), "overall status banner");
    for feature in [
        "账号登录",
        "消息收发",
        "语音通话",
        "朋友圈",
        "微信支付",
        "文件传输",
        "QQ 空间",
        "QQ 邮箱",
    ] {
        assert!(index.contains(feature), "front page lists {feature}");
    }
    assert!(
        index.contains(r#"href="./rss.xml""#),
        "RSS is linked from <head>"
    );

    let page =
        std::fs::read_to_string(out.join("incidents/2023-03-29-wechat-qq-outage/index.html"))
            .unwrap();
    assert!(
        page.contains(
            r#"<time class="dt" datetime="2023-03-29T03:30:00+08:00">2023年3月29日 03:30</time>"#
        ) && page.contains("页面中的时间均为北京时间"),
        "03:30 update in UTC+8, the zone named once for the page"
    );
    assert!(
        page.contains("<cite>微信团队</cite>") && page.contains("<cite>腾讯客服</cite>"),
        "both statements"
    );
    assert!(page.contains("资金"), "the repost stresses funds are safe");
    assert!(
        page.contains("约 2023年3月29日 00:30"),
        "approximate times are marked"
    );
    // Newest first: resolved comes before investigating.
    assert!(page.find("u-resolved").unwrap() < page.find("u-investigating").unwrap());

    for component in ["wechat", "wechat/pay", "qq/mail"] {
        assert!(
            out.join(format!("components/{component}/index.html"))
                .is_file()
        );
    }
    let pay = std::fs::read_to_string(out.join("components/wechat/pay/index.html")).unwrap();
    assert!(
        pay.contains("../../../incidents/2023-03-29-wechat-qq-outage/"),
        "feature page lists the outage"
    );
    assert!(
        std::fs::read_to_string(out.join("history/2023-03/index.html"))
            .unwrap()
            .contains("微信、QQ 多项功能异常")
    );
    assert!(out.join("404.html").is_file());
}

#[test]
fn rss_is_read_by_an_independent_parser_with_updates() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build_repo_site(&repo(), &out);
    // A missing feedparser fails here with how to install it; it is never skipped.
    let parsed = python_tool("check_rss.py", &[out.join("rss.xml").as_os_str()], &[]);
    let json: serde_json::Value = serde_json::from_slice(&parsed.stdout).expect("parser output");
    assert_eq!(
        json["bozo"], false,
        "feed parses cleanly: {}",
        json["error"]
    );
    assert_eq!(json["version"], "rss20");
    let entry = &json["entries"][0];
    assert_eq!(
        entry["link"],
        "https://status.example.com/incidents/2023-03-29-wechat-qq-outage/"
    );
    assert_eq!(entry["id"], entry["link"], "guid is the permanent URL");
    // Latest update at ~10:00 UTC+8 = 02:00 UTC.
    assert_eq!(
        entry["published_parsed"],
        serde_json::json!([2023, 3, 29, 2, 0, 0])
    );
    let summary = entry["summary"].as_str().unwrap();
    for text in ["微信支付功能异常", "受影响的功能已恢复正常", "凌晨起"] {
        assert!(summary.contains(text), "item carries the updates: {text}");
    }
}

/// The `<section>` of `html` labelled by the heading with id `heading_id`, from its opening tag
/// to its closing one (the front page's sections do not nest).
fn section<'a>(html: &'a str, heading_id: &str) -> &'a str {
    let open = format!(r#"aria-labelledby="{heading_id}">"#);
    let start = html
        .find(&open)
        .unwrap_or_else(|| panic!("no section labelled {heading_id}:\n{html}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").expect("the section is closed")]
}

#[test]
fn english_example_shows_ongoing_incident_and_upcoming_maintenance() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build_repo_site(&repo().join("examples/acme"), &out);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains(r#"<html lang="en">"#));
    // Each claim is checked inside its own section: the same titles also appear further down
    // (recent history, component bars), which must not make a missing section pass.
    let overall = section(&index, "overall-title");
    assert!(
        overall.contains(
            r#"<span class="status s-degraded_performance">Some systems are running slowly</span>"#
        ),
        "an ongoing incident degrades the overall status: {overall}"
    );
    let active = section(&index, "active-title");
    assert!(
        active.contains(r#"<h2 id="active-title">Active incidents</h2>"#),
        "{active}"
    );
    assert!(
        active.contains(r#"<a href="./incidents/2026-11-20-volume-latency/">Increased latency for Block Volumes in us-east</a>"#)
            && active.contains(r#"<span class="status u-monitoring">Monitoring</span>"#),
        "the ongoing incident is listed as active, with its status: {active}"
    );
    assert!(
        !active.contains("load-balancer-maintenance"),
        "maintenance is not an active incident: {active}"
    );
    let upcoming = section(&index, "maintenance-next-title");
    assert!(
        upcoming.contains(r#"<h2 id="maintenance-next-title">Upcoming maintenance</h2>"#),
        "{upcoming}"
    );
    assert!(
        upcoming.contains(r#"<a href="./incidents/2026-12-09-load-balancer-maintenance/">Load balancer software upgrade in eu-west</a>"#)
            && upcoming.contains(r#"<time class="dt" datetime="2026-12-09T01:00:00+00:00">"#)
            && upcoming.contains(r#"<span class="status u-scheduled">Scheduled</span>"#),
        "the upcoming maintenance is listed with its window: {upcoming}"
    );
    assert!(
        !upcoming.contains("volume-latency"),
        "an incident is not upcoming maintenance: {upcoming}"
    );
}

#[test]
fn same_source_date_epoch_gives_byte_identical_output() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build_repo_site(&repo().join("examples/acme"), &a);
    build_repo_site(&repo().join("examples/acme"), &b);
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert!(sa.len() > 30);
    assert_eq!(
        sa.iter().map(|f| &f.0).collect::<Vec<_>>(),
        sb.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (fa, fb) in sa.iter().zip(&sb) {
        assert!(fa.1 == fb.1, "{} differs between builds", fa.0.display());
    }
}

/// Builds once, breaks the site with `bad`, and checks the error and the untouched output.
fn assert_error_keeps_output(bad: &str, expect_line: &str, expect_message: &str) {
    let site = TestSite::standard();
    site.run(&["build"]).ok();
    let before = snapshot(&site.out());
    site.write("incidents/broken.md", bad);
    let run = site.run(&["build"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    let place = format!("incidents/broken.md:{expect_line}");
    assert!(
        run.stderr.contains(&place),
        "error names {place}:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(expect_message),
        "error says '{expect_message}':\n{}",
        run.stderr
    );
    assert_eq!(
        snapshot(&site.out()),
        before,
        "previous output is untouched"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("bulletin-"))
        .collect();
    assert!(leftovers.is_empty(), "no staging folder left behind");
}

#[test]
fn malformed_front_matter_is_reported_with_line_and_output_kept() {
    assert_error_keeps_output(
        "---\ntitle: \"Broken\naffected:\n  wechat/login: major_outage\n---\n## Timeline\n### 2023-03-29 00:30 · investigating\n",
        "2:8",
        "found unexpected end of stream (while scanning a quoted scalar)",
    );
}

#[test]
fn unknown_component_is_reported_with_line_and_suggestion() {
    assert_error_keeps_output(
        "---\ntitle: Typo\naffected:\n  wechat/logn: major_outage\n---\n## Timeline\n### 2023-03-29 00:30 · investigating\nx\n",
        "4:3",
        "unknown component 'wechat/logn'",
    );
    let site = TestSite::standard();
    site.write("incidents/broken.md", "---\ntitle: Typo\naffected:\n  wechat/logn: major_outage\n---\n## Timeline\n### 2023-03-29 00:30 · investigating\nx\n");
    assert!(
        site.run(&["check"])
            .stderr
            .contains("did you mean 'wechat/login'?")
    );
}

#[test]
fn unparseable_time_is_reported_with_line() {
    assert_error_keeps_output(
        "---\ntitle: Bad time\naffected:\n  wechat/login: major_outage\n---\n\n## Timeline\n\n### 2023-03-29 00:30 · investigating\nx\n\n### 25:99 · resolved\ny\n",
        "12:5",
        "cannot read time '25:99'",
    );
}

#[test]
fn site_templates_override_the_builtin_theme() {
    let site = TestSite::standard();
    site.write("templates/index.html", "{% extends \"base.html\" %}{% block content %}<p id=custom>{{ overall.label }}</p>{% endblock content %}");
    site.write("static/extra.txt", "hello");
    site.run(&["build"]).ok();
    let index = site.read("public/index.html");
    assert!(
        index.contains("<p id=custom>All systems operational</p>"),
        "{index}"
    );
    assert!(
        index.contains("Skip to content"),
        "the built-in base template is still used"
    );
    assert_eq!(site.read("public/extra.txt"), "hello");
}

#[test]
fn base_url_flag_overrides_config_in_feed_and_canonical_links() {
    let site = TestSite::standard();
    site.run(&["build", "--base-url", "https://preview.test/pr-7"])
        .ok();
    let rss = site.read("public/rss.xml");
    assert!(
        rss.contains("<link>https://preview.test/pr-7/incidents/login/</link>"),
        "{rss}"
    );
    assert!(
        site.read("public/index.html")
            .contains(r#"<link rel="canonical" href="https://preview.test/pr-7/">"#)
    );
}

#[test]
fn now_decides_what_is_active() {
    let site = TestSite::standard();
    site.run(&["build", "--now", "2023-03-29 01:00"]).ok();
    let index = site.read("public/index.html");
    assert!(
        index.contains("Major outage in progress"),
        "during the incident"
    );
    assert!(index.contains("Active incidents"));
    site.run(&["build", "--now", "2023-03-29 04:00"]).ok();
    assert!(
        site.read("public/index.html")
            .contains("All systems operational"),
        "after it was resolved"
    );
}

#[test]
fn entries_and_statements_written_for_later_are_not_shown_yet() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/login.md",
        &format!("{GOOD_INCIDENT}\n## Statements\n\n### 2023-03-29 02:00 · WeChat team · [Weibo](https://weibo.test/1)\n> Funds are safe.\n"),
    );
    site.run(&["build", "--now", "2023-03-29 01:00"]).ok();
    for page in ["public/incidents/login/index.html", "public/feed.json"] {
        let text = site.read(page);
        assert!(text.contains("Looking into it."), "{page}: the past entry");
        assert!(
            !text.contains("Fixed."),
            "{page}: the 03:30 entry is not out yet"
        );
        assert!(
            !text.contains("Funds are safe."),
            "{page}: nor the 02:00 statement"
        );
    }
    site.run(&["build", "--now", "2023-03-29 02:30"]).ok();
    let page = site.read("public/incidents/login/index.html");
    assert!(page.contains("Funds are safe.") && !page.contains("Fixed."));
    // Only a statement ahead of now, every entry past.
    site.write(
        "incidents/login.md",
        &format!("{GOOD_INCIDENT}\n## Statements\n\n### 2023-03-29 05:00 · WeChat team · [Weibo](https://weibo.test/1)\n> Funds are safe.\n"),
    );
    site.run(&["build", "--now", "2023-03-29 04:00"]).ok();
    let page = site.read("public/incidents/login/index.html");
    assert!(page.contains("Fixed.") && !page.contains("Funds are safe."));
}

#[test]
fn missing_config_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_in(tmp.path(), &["build"]);
    assert_eq!(run.status, Some(2));
    assert!(run.stderr.contains("no bulletin.yaml"), "{}", run.stderr);
}

#[test]
fn default_front_page_is_small_and_self_contained() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build_repo_site(&repo(), &out);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let size = |f: &str| std::fs::metadata(out.join(f)).unwrap().len() as usize;
    let (css, js) = (
        size("style.css"),
        size("bulletin.js") + size("bulletin-strings.js"),
    );
    // The page itself within the issue's 40 KB; the stylesheet and the scripts, which every
    // page shares and the browser keeps for a day, within 48 KiB.
    assert!(
        index.len() <= 40_000 && css + js < 48 * 1024,
        "front page {} + CSS {css} + script {js} bytes",
        index.len()
    );
    // The site's own scripts only (its words, then the script); no web fonts or other hosts:
    // every src/href is relative or the canonical URL.
    assert_eq!(index.matches("<script").count(), 2);
    assert!(index.contains("<script src=\"./bulletin-strings.js\" defer"));
    assert!(index.contains("<script src=\"./bulletin.js\" defer"));
    let css_text = std::fs::read_to_string(out.join("style.css")).unwrap();
    assert!(!css_text.contains("@font-face") && !css_text.contains("url("));
    for attr in index
        .split(" href=\"")
        .skip(1)
        .chain(index.split(" src=\"").skip(1))
    {
        let url = attr.split('"').next().unwrap();
        assert!(
            !url.contains("://") || url.starts_with("https://status.example.com/"),
            "{url}"
        );
    }
}

#[test]
fn a_site_translation_file_overrides_ui_strings() {
    let site = TestSite::standard();
    site.write(
        "i18n/en.yaml",
        "chrome:\n  history: Past incidents\nstatus:\n  operational: All good\n",
    );
    site.run(&["build"]).ok();
    let index = site.read("public/index.html");
    assert!(index.contains(">Past incidents</a>"), "{index}");
    assert!(index.contains("All good"));
    assert!(
        index.contains("Skip to content"),
        "other strings keep their built-in text"
    );
}

/// A theme folder that happens to sit at the built-in theme's path (`themes/default`, as
/// someone who copied the theme into their site to change it would name it) is the site's own:
/// its words override the built-in ones like any theme's.
#[test]
fn a_theme_folder_named_like_the_built_in_theme_keeps_its_own_words() {
    let site = TestSite::standard();
    let config = site.read("bulletin.yaml");
    site.write("bulletin.yaml", &format!("{config}theme: themes/default\n"));
    site.write(
        "themes/default/i18n/en.yaml",
        "chrome:\n  history: Past incidents\n",
    );
    site.run(&["build"]).ok();
    let index = site.read("public/index.html");
    assert!(index.contains(">Past incidents</a>"), "{index}");
    assert!(index.contains("Skip to content"), "the other words stay");
}

#[test]
fn unchanged_files_keep_their_modification_time_and_changed_ones_are_rewritten() {
    use std::time::{Duration, SystemTime};
    let site = TestSite::standard();
    let mail = "---\ntitle: Mail delays\naffected:\n  qq/mail: partial_outage\n---\nSlow.\n\n## Timeline\n\n### 2023-04-02 10:00 · investigating\nLooking.\n";
    site.write("incidents/mail.md", mail);
    site.run(&["build"]).ok();
    let out = site.out();
    // Age every file, so "kept" and "rewritten" cannot be confused within one clock tick.
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for f in snapshot(&out) {
        let file = std::fs::File::options()
            .write(true)
            .open(out.join(&f.0))
            .unwrap();
        file.set_modified(old).unwrap();
    }
    // An output file that is a symlink must not be carried into the new site, even with the
    // same bytes: the new site holds only files bulletin wrote.
    let outside = site.path().join("outside.txt");
    std::fs::copy(out.join("robots.txt"), &outside).unwrap();
    std::fs::remove_file(out.join("robots.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("robots.txt")).unwrap();

    site.write(
        "incidents/mail.md",
        &format!("{mail}\n### 11:00 · resolved\nMail flows again.\n"),
    );
    site.run(&["build"]).ok();
    let mtime = |rel: &str| {
        std::fs::metadata(out.join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
            .modified()
            .unwrap()
    };
    for kept in [
        "incidents/login/index.html",
        "style.css",
        "components/wechat/login/index.html",
    ] {
        assert_eq!(mtime(kept), old, "{kept} did not change and keeps its time");
    }
    for changed in [
        "incidents/mail/index.html",
        "components/qq/mail/index.html",
        "rss.xml",
    ] {
        assert_ne!(mtime(changed), old, "{changed} changed and is rewritten");
    }
    assert!(
        site.read("public/incidents/mail/index.html")
            .contains("Mail flows again.")
    );
    let robots = std::fs::symlink_metadata(out.join("robots.txt")).unwrap();
    assert!(
        robots.is_file(),
        "robots.txt is a file again, not the old symlink"
    );
}
