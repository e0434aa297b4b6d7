//! Every independent problem of a file is reported at once, each at its own place, and one
//! mistake is reported once (no cascade of follow-on errors).

use crate::support::*;

/// The diagnostics of `check --format json` as (code, file, line, column, message, hint).
fn diagnostics(site: &TestSite) -> Vec<(String, String, u64, u64, String, String)> {
    check_json(site)
        .0
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap().to_string(),
                d["hint"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn codes_at(list: &[(String, String, u64, u64, String, String)]) -> Vec<(&str, u64, u64)> {
    list.iter()
        .map(|(code, _, line, column, _, _)| (code.as_str(), *line, *column))
        .collect()
}

#[test]
fn front_matter_mistakes_do_not_hide_each_other_or_the_body() {
    let site = TestSite::standard();
    site.write(
        "incidents/x.md",
        "---\ntitle: T\nimpcat: major\nimapct: minor\naffected:\n  nosuch/thing: major_outage\n  wechat/pay: major_outtage\n---\n\n## Timeline\n\n### 2023-02-30 25:61 · investigating\na\n\n### 01:00 · identified\nb\n\n### 02:00 · monitoring\nc\n\n### 03:00 · resolvd\nd\n",
    );
    let list = diagnostics(&site);
    assert_eq!(
        codes_at(&list),
        [
            ("unknown-field", 3, 1),
            ("unknown-field", 4, 1),
            ("unknown-component", 6, 3),
            ("unknown-value", 7, 15),
            ("bad-time", 12, 5),
            ("unknown-status", 21, 13),
        ],
        "{list:#?}"
    );
    assert_eq!(list[0].5, "did you mean 'impact'?");
    assert!(list[3].4.contains("major_outtage"), "{list:#?}");
    assert_eq!(list[3].5, "did you mean 'major_outage'?");
}

#[test]
fn an_unreadable_front_matter_still_has_its_body_checked() {
    let site = TestSite::standard();
    site.write(
        "incidents/x.md",
        "---\ntitle: [unclosed\n---\n\n## Timeline\n\n### 2023-03-29 00:30 · investigatin\na\n",
    );
    let list = diagnostics(&site);
    let codes: Vec<&str> = list.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(codes, ["yaml", "unknown-status"], "{list:#?}");
}

#[test]
fn a_field_that_cannot_be_read_causes_no_follow_on_errors() {
    let site = TestSite::standard();
    // `scheduled` unreadable: no "maintenance has no window" on top.
    site.write(
        "incidents/m.md",
        "---\ntitle: M\nkind: maintenance\nscheduled: tomorrow\naffected:\n  wechat: under_maintenance\n---\n\n## Timeline\n\n### 2023-03-29 00:30 · scheduled\na\n",
    );
    // `kind` unreadable: maintenance words in the body are not blamed on it.
    site.write(
        "incidents/k.md",
        "---\ntitle: K\nkind: maintenence\naffected:\n  wechat: under_maintenance\n---\n\n## Timeline\n\n### 2023-03-29 00:30 · scheduled\na\n",
    );
    let list = diagnostics(&site);
    assert_eq!(
        codes_at(&list),
        [("unknown-value", 3, 7), ("bad-value", 4, 1)],
        "{list:#?}"
    );
    assert_eq!(list[0].5, "did you mean 'maintenance'?");
}

#[test]
fn components_in_flow_style_are_pointed_at_where_they_are_written() {
    let site = TestSite::standard();
    site.write(
        "incidents/x.md",
        &GOOD_INCIDENT.replace(
            "affected:\n  wechat/login: major_outage",
            "affected: {wechat/login: major_outage, qq/nosuch: partial_outage}",
        ),
    );
    let list = diagnostics(&site);
    assert_eq!(codes_at(&list), [("unknown-component", 3, 40)], "{list:#?}");
}

#[test]
fn a_dashed_line_inside_front_matter_is_located() {
    let site = TestSite::standard();
    site.write(
        "incidents/x.md",
        "---\ntitle: T\n--- draft\naffected:\n  wechat: major_outage\n---\n\n## Timeline\n\n### 2023-03-29 00:30 · investigating\na\n",
    );
    let list = diagnostics(&site);
    assert_eq!(codes_at(&list), [("yaml", 3, 1)], "{list:#?}");
    assert!(list[0].5.contains("just `---`"), "{list:#?}");
}

#[test]
fn config_mistakes_are_each_reported() {
    let site = TestSite::new(
        &CONFIG
            .replace("language: en", "langauge: en\nfeeds: 3")
            .replace("Asia/Shanghai", "Mars/Olympus"),
    );
    let list = diagnostics(&site);
    assert_eq!(
        codes_at(&list),
        [
            ("unknown-field", 3, 1),
            ("unknown-field", 4, 1),
            ("unknown-timezone", 5, 11),
        ],
        "{list:#?}"
    );
    assert_eq!(list[0].5, "did you mean 'language'?");

    let site = TestSite::new("title: T\n");
    let list = diagnostics(&site);
    let missing: Vec<&str> = list.iter().map(|d| d.4.as_str()).collect();
    assert_eq!(
        missing,
        ["`base_url` is missing", "`products` is missing"],
        "{list:#?}"
    );
}

#[test]
fn an_empty_config_says_what_it_needs() {
    let site = TestSite::new("\n");
    let list = diagnostics(&site);
    assert_eq!(codes_at(&list), [("config-empty", 1, 1)], "{list:#?}");
    assert!(list[0].5.contains("`title`, `base_url` and `products`"));
}

#[test]
fn a_duplicate_id_is_pointed_at_its_second_listing_with_a_hint() {
    let config = format!(
        "{CONFIG}  - id: wechat\n    name: Again\n    features:\n      - id: mail\n        name: M\n      - id: mail\n        name: M2\n"
    );
    let site = TestSite::new(&config);
    let list = diagnostics(&site);
    let lines = config.lines().count() as u64;
    assert_eq!(
        codes_at(&list),
        [("duplicate-component", lines - 6, 5)],
        "{list:#?}"
    );
    assert!(list[0].5.contains("unique"), "{list:#?}");
    // Within one product, the second feature listing.
    let config = CONFIG.replace(
        "      - id: pay\n        name: Pay\n",
        "      - id: login\n        name: Again\n",
    );
    let list = diagnostics(&TestSite::new(&config));
    assert_eq!(
        codes_at(&list),
        [("duplicate-component", 11, 9)],
        "{list:#?}"
    );
}

#[test]
fn invisible_direction_and_control_characters_in_titles_are_refused() {
    let site = TestSite::standard();
    site.write(
        "incidents/x.md",
        &GOOD_INCIDENT.replace("title: Login failures", "title: \"Login \u{202E}seruliaf\""),
    );
    site.write(
        "incidents/y.md",
        &GOOD_INCIDENT.replace(
            "title: Login failures",
            "title: >\n  微信\u{200D}登录故障\n",
        ),
    );
    let list = diagnostics(&site);
    assert_eq!(codes_at(&list), [("bad-title", 2, 15)], "{list:#?}");
    assert!(list[0].4.contains("U+202E"), "{list:#?}");
}

#[test]
fn an_unknown_top_level_field_is_found_at_the_top_level() {
    // `name:` also stands inside every product, above the misplaced top-level one.
    let config = format!("{CONFIG}name: Test\n");
    let line = config.lines().count() as u64;
    let list = diagnostics(&TestSite::new(&config));
    assert_eq!(codes_at(&list), [("unknown-field", line, 1)], "{list:#?}");
}
