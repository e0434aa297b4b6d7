//! `update --lang`: the translation of an entry written into the incident's translation file
//! (created when there is none), checked like every edit; and `translate-status`.

use crate::support::*;

/// The standard config in two languages, English the default.
fn config() -> String {
    CONFIG.replace("language: en", "languages: [en, zh-CN]")
}

/// [`GOOD_INCIDENT`] without its summary: entries and the title are all there is to translate.
fn incident() -> String {
    GOOD_INCIDENT.replace("Users could not log in.\n", "")
}

const FILE: &str = "incidents/login.zh-CN.md";

#[test]
fn update_lang_writes_the_translation_file_and_the_site_then_checks_clean() {
    let site = TestSite::new(&config());
    site.write("incidents/login.md", &incident());
    let run = site.run(&[
        "update",
        "login",
        "--lang",
        "zh-CN",
        "--title",
        "登录失败",
        "已修复。",
    ]);
    run.ok();
    assert_eq!(run.stdout.trim(), FILE);
    assert_eq!(
        site.read(FILE),
        "---\ntitle: \"登录失败\"\n---\n\n## Timeline\n\n### 2023-03-29 03:30 · resolved\n\n已修复。\n"
    );
    // One entry left: `check` names it.
    assert!(
        run.stderr.contains("2023-03-29 00:30 · investigating"),
        "{}",
        run.stderr
    );
    site.run(&[
        "update",
        "login",
        "--lang",
        "zh-CN",
        "--entry",
        "00:30",
        "正在调查。",
    ])
    .ok();
    assert!(
        site.read(FILE)
            .ends_with("已修复。\n\n### 2023-03-29 00:30 · investigating\n\n正在调查。\n")
    );
    site.run(&["check", "--deny-warnings"]).ok();
}

#[test]
fn without_a_title_the_new_file_leaves_it_to_fill_with_a_warning() {
    let site = TestSite::new(&config());
    site.write("incidents/login.md", &incident());
    let run = site.run(&["update", "login", "--lang", "zh-CN", "已修复。"]);
    run.ok();
    assert!(site.read(FILE).starts_with("---\ntitle: \"\"\n---\n"));
    assert!(
        run.stderr
            .contains("the title has no zh-CN translation in incidents/login.zh-CN.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn what_update_lang_refuses_changes_nothing() {
    let site = TestSite::new(&config());
    site.write("incidents/login.md", &incident());
    let refused = |args: &[&str], says: &str| {
        let before = snapshot(site.path());
        let run = site.run(args);
        assert_ne!(run.status, Some(0), "{args:?}");
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert_eq!(snapshot(site.path()), before, "{args:?} changed a file");
    };
    refused(
        &["update", "login", "--lang", "fr", "x"],
        "translate into one of: zh-CN",
    );
    refused(
        &[
            "update", "login", "--lang", "zh-CN", "--entry", "01:00", "x",
        ],
        "2023-03-29 00:30, 2023-03-29 03:30",
    );
    refused(
        &[
            "update", "login", "--lang", "zh-CN", "--status", "resolved", "x",
        ],
        "cannot be used with",
    );
    site.run(&["update", "login", "--lang", "zh-CN", "已修复。"])
        .ok();
    // The translation file is no incident of its own.
    refused(&["update", "login.zh-CN", "x"], "no incident 'login.zh-CN'");
    refused(
        &["update", "login", "--lang", "zh-CN", "again"],
        "this entry is translated already",
    );
    // A translation whose words would be read as a contradicting header line.
    refused(
        &[
            "update",
            "login",
            "--lang",
            "zh-CN",
            "--entry",
            "00:30",
            "Affects: wechat/pay=major_outage",
        ],
        "translation-mismatch",
    );
}

#[test]
fn translate_status_lists_what_each_language_lacks_in_text_and_json() {
    let site = TestSite::new(&CONFIG.replace("language: en", "languages: [en, zh-CN]"));
    site.write("incidents/login.md", GOOD_INCIDENT);
    site.write(
        "incidents/mail.md",
        &GOOD_INCIDENT.replace("wechat/login", "qq/mail"),
    );
    site.write(
        "incidents/login.zh-CN.md",
        "---\ntitle: 登录失败\n---\n\n## 时间线\n\n### 2023-03-29 00:30 · investigating\n正在调查。\n",
    );
    // `ignore` silences check, not the list of work.
    let config = CONFIG.replace(
        "language: en",
        "languages: [en, zh-CN]\nmissing_translations: ignore",
    );
    site.write("bulletin.yaml", &config);
    let run = site.run(&["translate-status"]);
    run.ok();
    assert_eq!(
        run.stdout,
        "zh-CN: 2 incident(s) with text still in en\n  login (incidents/login.zh-CN.md)\n    summary\n    entry 2023-03-29 03:30 · resolved\n  mail (incidents/mail.zh-CN.md)\n    no translation file yet\n"
    );
    let json: serde_json::Value = serde_json::from_str(
        &site
            .run(&["translate-status", "--format", "json"])
            .ok()
            .stdout,
    )
    .expect("JSON");
    let login = &json["languages"][0]["incidents"][0];
    assert_eq!(json["languages"][0]["language"], "zh-CN");
    assert_eq!(login["translation_exists"], true);
    assert_eq!(
        (login["title"].as_bool(), login["summary"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(
        login["entries"],
        serde_json::json!(["2023-03-29 03:30 · resolved"])
    );
    // At an earlier instant the resolution is not published: nothing of it is missing yet.
    let earlier = site.run(&["translate-status", "--now", "2023-03-29 01:00"]);
    assert!(!earlier.ok().stdout.contains("03:30"), "{}", earlier.stdout);
}
