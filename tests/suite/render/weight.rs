//! Page weight (issue 26, item 9): every byte of an incident page or a component's page by
//! year is paid once per incident on a large site. These tests pin the budget of each kind
//! of output, so bytes put back fail here before they reach a 10,000-incident site
//! (docs/performance.md, "Page weight").

use crate::support::*;

/// The default site's incident page (the reference outage) built three days after it.
/// Measured at 6,357 bytes (7,355 before the weight work); the margin is smaller than any of
/// the cuts it guards (template indentation ≈ 520 bytes, the feed links ≈ 290, the escaped
/// quotes of the Content-Security-Policy 48 + 48, the "affected then" note ≈ 100).
const INCIDENT_PAGE_BUDGET: usize = 6_400;

/// The issue's bound for the default site's front page.
const FRONT_PAGE_BUDGET: usize = 40_000;

/// One row of a component's page by year with a short title (`Incident 07`), measured at
/// 203 bytes; as a row of the history (two lines, with how long it lasted) it was 257.
const YEAR_ROW_BUDGET: usize = 215;

/// Every `index.html`, `404.html` and `embed.html` under `dir`.
fn html_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

#[test]
fn the_default_sites_incident_and_front_pages_stay_within_their_budgets() {
    let (_tmp, out) = one_language_site_at("2023-04-01 12:00");
    let incident = out.join("incidents/2023-03-29-wechat-qq-outage/index.html");
    let size = std::fs::metadata(&incident).unwrap().len() as usize;
    assert!(
        size <= INCIDENT_PAGE_BUDGET,
        "the incident page is {size} bytes, over its budget of {INCIDENT_PAGE_BUDGET}: every \
         byte added here is paid by each incident page of a large site"
    );
    let front = std::fs::metadata(out.join("index.html")).unwrap().len() as usize;
    assert!(front <= FRONT_PAGE_BUDGET, "front page: {front} bytes");
}

/// What a page of a site in two languages adds to its budget: the `hreflang` alternates
/// (one per language and `x-default`, absolute) and the switcher.
const LANGUAGES_BUDGET: usize = 700;

#[test]
fn a_second_language_costs_each_page_only_its_alternates_and_switcher() {
    let (_tmp, out) = default_site_at("2023-04-01 12:00");
    let (_one, one) = one_language_site_at("2023-04-01 12:00");
    let rel = "incidents/2023-03-29-wechat-qq-outage/index.html";
    let size = |site: &std::path::Path| std::fs::metadata(site.join(rel)).unwrap().len() as usize;
    let added = size(&out) - size(&one);
    assert!(
        added <= LANGUAGES_BUDGET,
        "a second language adds {added} bytes to the incident page"
    );
}

#[test]
fn pages_carry_no_template_indentation_and_few_empty_lines() {
    // During the outage too: its pages show the most (live cards, durations).
    for now in ["2023-03-29 04:30", "2023-04-01 12:00"] {
        let (_tmp, out) = default_site_at(now);
        let files = html_files(&out);
        assert!(files.len() > 10, "{} pages", files.len());
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // The default theme's pages have no <pre>, <textarea> or multi-line script.
            assert!(!text.contains("<pre"), "{}", file.display());
            for (n, line) in text.lines().enumerate() {
                assert!(
                    !line.starts_with([' ', '\t']),
                    "{}:{}: {line:?} (indented)",
                    file.display(),
                    n + 1
                );
            }
            // A line of Tera tags leaves none; a line of tags around markup that is left out
            // (`{% if feature %}<a …>{% endif %}`) still leaves its line end.
            let blank = text.lines().filter(|l| l.is_empty()).count();
            assert!(blank <= 2, "{}: {blank} empty lines", file.display());
        }
    }
}

#[test]
fn incident_pages_leave_feed_autodiscovery_to_the_pages_people_subscribe_from() {
    let (_tmp, out) = one_language_site_at("2023-04-01 12:00");
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    let incident = read("incidents/2023-03-29-wechat-qq-outage/index.html");
    assert!(!incident.contains(r#"rel="alternate""#), "{incident}");
    for page in [
        "index.html",
        "history/index.html",
        "components/qq/index.html",
        "subscribe/index.html",
    ] {
        let text = read(page);
        assert!(
            text.contains(r#"<link rel="alternate" type="application/rss+xml""#),
            "{page}"
        );
    }
}

/// A site with `n` incidents on WeChat login, one a day from 2025-01-01 (newest last).
fn login_site(n: usize, extra_config: &str) -> TestSite {
    let site = TestSite::new(&format!("{CONFIG}{extra_config}"));
    for i in 0..n {
        let day = 1 + i;
        site.write(
            &format!("incidents/i{i:02}.md"),
            &format!(
                "---\ntitle: Incident {i:02}\naffected:\n  wechat/login: partial_outage\n---\n## Timeline\n\n### 2025-01-{day:02} 10:00 · investigating\nLooking.\n\n### 11:00 · resolved\nFixed.\n"
            ),
        );
    }
    build(site.path(), None, None);
    site
}

/// The item titles of a folder's RSS, Atom and JSON feeds.
fn feed_titles(site: &TestSite, folder: &str) -> [Vec<String>; 3] {
    let read = |name: &str| site.read(&format!("public/{folder}{name}"));
    let json = serde_json::from_str::<serde_json::Value>(&read("feed.json")).unwrap();
    let json_titles = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_string())
        .collect();
    [
        xml_texts(&read("rss.xml"), &["rss", "channel", "item", "title"]),
        xml_texts(&read("atom.xml"), &["feed", "entry", "title"]),
        json_titles,
    ]
}

#[test]
fn component_feeds_carry_the_latest_component_feed_items_in_all_three_formats() {
    for (config, expected) in [("", 10), ("component_feed_items: 3\n", 3)] {
        let site = login_site(25, config);
        for folder in ["components/wechat/login/", "components/wechat/"] {
            for titles in feed_titles(&site, folder) {
                assert_eq!(titles.len(), expected, "{config}{folder}: {titles:?}");
                // The newest, most recently updated first.
                assert!(titles[0].ends_with("Incident 24"), "{folder}: {titles:?}");
                let oldest_kept = format!("Incident {:02}", 25 - expected);
                assert!(titles.last().unwrap().ends_with(&oldest_kept), "{titles:?}");
            }
        }
        // The site's feeds keep `feed_items` (50): all 25 here.
        for titles in feed_titles(&site, "") {
            assert_eq!(titles.len(), 25, "{config}site feed");
        }
    }
}

#[test]
fn a_component_year_page_lists_every_incident_in_light_rows() {
    let site = login_site(30, "");
    let page = site.read("public/components/wechat/login/history/2025/index.html");
    let list_start = page.find(r#"<ol class="incident-list"#).unwrap();
    let list = &page[list_start..list_start + page[list_start..].find("</ol>").unwrap()];
    let rows = list.matches("<li class=\"row").count();
    assert_eq!(rows, 30, "every incident of the year: {list}");
    let per_row = list.len() / rows;
    assert!(
        per_row <= YEAR_ROW_BUDGET,
        "{per_row} bytes per row, over {YEAR_ROW_BUDGET}: {list}"
    );
}

#[test]
fn a_template_error_on_an_indented_line_points_at_the_files_column() {
    // Templates lose their indentation as they are compiled; errors must not.
    let column = |indent: &str| {
        let site = TestSite::standard();
        site.write(
            "templates/index.html",
            &format!("{{% extends \"base.html\" %}}\n{{% block content %}}\n{indent}<p>{{{{ no_such_thing.field }}}}</p>\n{{% endblock content %}}\n"),
        );
        let (diagnostics, _) = check_json(&site);
        let d = diagnostics
            .iter()
            .find(|d| d["code"] == "template-render")
            .unwrap_or_else(|| panic!("{diagnostics:#?}"));
        assert_eq!(d["line"], 3, "{d:#?}");
        d["column"].as_u64().unwrap_or_else(|| panic!("{d:#?}"))
    };
    assert_eq!(column("      "), column("") + 6);
}
