//! The history archive's pages at the addresses docs/design.md gives them: the index (the
//! latest incidents and a year × month grid with each month's count), the month pages, and a
//! component's pages by year, which its page links to (the archive filtered to it). Rows say
//! their impact and no status.

use crate::support::*;

/// `n` resolved incidents, one every 10 days back from 2026-11-10 (so spread over two years
/// or more), alternately on WeChat login (a major outage: critical impact) and QQ mail (degraded: minor impact); even ones on login.
fn site(n: usize, config: &str) -> TestSite {
    let site = TestSite::new(config);
    let first = jiff::civil::date(2026, 11, 10);
    for i in 0..n {
        let day = first - jiff::Span::new().days(i64::try_from(10 * i).unwrap());
        let (component, status) = if i % 2 == 0 {
            ("wechat/login", "major_outage")
        } else {
            ("qq/mail", "degraded_performance")
        };
        let text = format!(
            "---\ntitle: Incident {i}\naffected:\n  {component}: {status}\n---\n\n## Timeline\n\n### {day} 10:00 · investigating\nLooking.\n\n### 11:00 · resolved\nFixed.\n"
        );
        site.write(&format!("incidents/i{i:03}.md"), &text);
    }
    site.run(&["build", "--now", "2026-11-23 12:00"]).ok();
    site
}

/// The slugs an HTML fragment links to, in order.
fn linked(html: &str) -> Vec<String> {
    html.split("incidents/")
        .skip(1)
        .filter_map(|rest| rest.split_once("/\"").map(|(slug, _)| slug.to_string()))
        .filter(|slug| !slug.contains(['<', ' ', '"']))
        .collect()
}

/// The slug of incident `i`, which started `10 * i` days before 2026-11-10.
fn slug(i: usize) -> String {
    format!("i{i:03}")
}

#[test]
fn the_history_index_is_the_latest_incidents_and_a_grid_of_every_month() {
    let site = site(60, CONFIG);
    let index = site.read("public/history/index.html");
    let (latest, grid) = index.split_once(r#"id="m-archive""#).expect("the grid");
    // The newest page: the latest 20, newest first, whatever the site's size.
    let want: Vec<String> = (0..20).map(slug).collect();
    assert_eq!(linked(latest), want);
    // The grid: 2026 first; November 2026 has 1 (the 10th), October 4 (31st, 21st, 11th, 1st).
    let y2026 = grid.find("<th scope=\"row\">2026</th>").expect("2026 row");
    let y2025 = grid.find("<th scope=\"row\">2025</th>").expect("2025 row");
    assert!(y2026 < y2025, "newest year first");
    let row2026 = &grid[y2026..y2025];
    let cells: Vec<&str> = row2026.split("<td>").skip(1).collect();
    assert_eq!(cells.len(), 12, "{row2026}");
    assert!(cells[10].contains(r#"href="../history/2026-11/""#) && cells[10].contains(">1</a>"));
    assert!(cells[9].contains(r#"href="../history/2026-10/""#) && cells[9].contains(">4</a>"));
    // December 2026 has none: a blank cell, not a link.
    assert!(cells[11].starts_with("</td>"), "{}", cells[11]);
    // The count says incidents and maintenance apart in the link's title.
    assert!(
        cells[9].contains("October 2026: 4 incidents"),
        "{}",
        cells[9]
    );
    // Every month page exists, with every incident of its month.
    let october = site.read("public/history/2026-10/index.html");
    assert_eq!(linked(&october), [slug(1), slug(2), slug(3), slug(4)]);
}

#[test]
fn history_rows_say_their_impact_and_no_status() {
    let site = site(2, CONFIG);
    let month = site.read("public/history/2026-11/index.html");
    assert!(
        month.contains(r#"<li class="row impact-critical">"#),
        "{month}"
    );
    assert!(month.contains(r#"<span class="impact">Critical impact</span>"#));
    assert!(!month.contains("u-resolved"), "{month}");
    let october = site.read("public/history/2026-10/index.html");
    assert!(october.contains("impact-minor"), "{october}");
}

#[test]
fn a_component_page_links_its_own_archive_by_year() {
    let config = format!("{CONFIG}component_page_items: 5\n");
    let site = site(80, &config);
    // Login has the even incidents: 0, 2, 4, … (40 of them, from 2026-11-10 back to 2024-09).
    let page = site.read("public/components/wechat/login/index.html");
    let history = &page[page.find(r#"id="history-title""#).unwrap()..];
    let want: Vec<String> = (0..5).map(|k| slug(2 * k)).collect();
    assert_eq!(linked(history), want, "the latest five");
    assert!(
        history.contains("The 5 most recent of 40 incidents"),
        "{history}"
    );
    for year in ["2026", "2025", "2024"] {
        assert!(
            history.contains(&format!(
                r#"href="../../../components/wechat/login/history/{year}/""#
            )),
            "{year}: {history}"
        );
    }
    assert!(
        !history.contains(r#"href="../../../history/""#),
        "{history}"
    );
    // The 2025 page lists login's incidents of 2025 only, all of them, newest first.
    let year = site.read("public/components/wechat/login/history/2025/index.html");
    let listed = linked(&year);
    let want: Vec<String> = (0..80)
        .filter(|i| i % 2 == 0)
        .filter(|i| (32..=66).contains(i))
        .map(slug)
        .collect();
    assert_eq!(
        listed, want,
        "2025 ran from incident 32 (Dec 25) to 66 (Jan 19)"
    );
    assert!(
        year.contains(r#"rel="next" href="../../../../../components/wechat/login/history/2026/""#),
        "{year}"
    );
    assert!(
        year.contains(r#"rel="prev" href="../../../../../components/wechat/login/history/2024/""#),
        "{year}"
    );
    // The product's archive has its features' incidents; a component without history in a
    // year has no page for it.
    assert!(
        site.out()
            .join("components/wechat/history/2025/index.html")
            .exists()
    );
    assert!(!site.out().join("components/wechat/pay/history").exists());
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("components/qq/mail/history/2024/"),
        "{sitemap}"
    );
}
