//! Guards against work that grows faster than the number of incidents, by counting it (never
//! by timing): each page is rendered once, each incident's card and full view are built a
//! bounded number of times, whatever the site's size.

use crate::support::*;
use bulletin::build::{self, Clock, Options};

/// A site with `n` incidents spread over 3 components and several months.
fn site(n: usize) -> TestSite {
    let site = TestSite::new(CONFIG);
    let components = ["wechat/login", "wechat/pay", "qq/mail"];
    for i in 0..n {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let text = format!(
            "---\ntitle: Incident {i}\naffected:\n  {}: partial_outage\n---\nSummary {i}.\n\n## Timeline\n\n### 2025-{month:02}-{day:02} 10:00 · investigating\nLooking.\n\n### 11:00 · resolved\nFixed.\n\n## Statements\n\n### 2025-{month:02}-{day:02} 10:30 · Ops · [Blog](https://blog.test/{i})\n> Sorry.\n",
            components[i % 3]
        );
        site.write(&format!("incidents/i{i:04}.md"), &text);
    }
    site
}

fn counts(n: usize) -> (build::Summary, usize) {
    let s = site(n);
    let options = Options {
        clock: Clock::Text("2026-11-23 12:00".into()),
        ..Options::new(s.path())
    };
    let summary = build::build(&options).unwrap_or_else(|_| panic!("site of {n} builds"));
    let months = std::fs::read_dir(s.out().join("history"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    (summary, months)
}

#[test]
fn work_per_build_is_linear_in_incidents() {
    // 2 products + 3 features in the test config.
    let components = 5;
    let mut per_incident = Vec::new();
    for n in [30, 240] {
        let (summary, months) = counts(n);
        let stats = summary.stats;
        // Plus the front page, the history index, 404.html, embed.html and subscribe/; every
        // incident is of 2025, so each component has one year page.
        let pages = 5 + n + 2 * components + months;
        assert_eq!(
            summary.pages, pages,
            "one page per incident, component, component's year and month, plus 5"
        );
        // The site's feeds carry 50 incidents, a component's 10, and each distinct incident in
        // any feed is rendered once. Here every incident affects one of three features in
        // turn, so each component's 10 newest are among the site's 50 newest.
        let feed_items = n.min(50);
        // The n incident pages, the month pages and the components' year pages of the
        // built-in theme are written without Tera (src/render/compiled/): every other page
        // and each feed item is one template render.
        assert_eq!(
            stats.templates,
            pages - n - months - components + feed_items,
            "n = {n}: each page but the incidents', months' and years' and each feed item              rendered once"
        );
        // A full view (incident page, feed item) renders all of an incident's Markdown once.
        assert_eq!(
            stats.details,
            n + feed_items,
            "n = {n}: one full view per page and feed item"
        );
        // Each incident's card is built once, shared by every list, its own page and its
        // feed item.
        assert_eq!(stats.cards, n, "n = {n}: one card per incident");
        // Only the cards a template reads become template values (the pages written without
        // Tera read the cards themselves): here the component pages' (each feature's 20
        // newest, every third incident: the 60 newest), among which are the feeds' 50 and the
        // history index's 20.
        assert_eq!(
            stats.card_values,
            n.min(60),
            "n = {n}: cards made template values"
        );
        per_incident.push((stats.templates + n) as f64 / n as f64);
    }
    // Eight times the incidents, at most about eight times the work (no n² term).
    assert!(
        per_incident[1] <= per_incident[0] * 1.05,
        "templates per incident grew: {per_incident:?}"
    );
}

/// A site of `n` incidents, one every 7 days back from 2026-11-10, over the 3 features: the
/// more incidents, the more months and years of history.
fn years_site(n: usize) -> TestSite {
    let site = TestSite::new(CONFIG);
    let components = ["wechat/login", "wechat/pay", "qq/mail"];
    let first = jiff::civil::date(2026, 11, 10);
    for i in 0..n {
        let day = first - jiff::Span::new().days(i64::try_from(7 * i).unwrap());
        let text = format!(
            "---\ntitle: Incident {i}\naffected:\n  {}: partial_outage\n---\n\n## Timeline\n\n### {day} 10:00 · investigating\nLooking.\n\n### 11:00 · resolved\nFixed.\n",
            components[i % 3]
        );
        site.write(&format!("incidents/i{i:04}.md"), &text);
    }
    site
}

/// The bytes of the history's pages: `history/` and every component's `history/`.
fn history_bytes(out: &std::path::Path) -> u64 {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().components().any(|c| c.as_os_str() == "history"))
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

#[test]
fn history_pages_and_bytes_grow_linearly_with_years_of_history() {
    let built: Vec<(build::Summary, u64)> = [100, 200]
        .into_iter()
        .map(|n| {
            let s = years_site(n);
            let options = Options {
                clock: Clock::Text("2026-11-23 12:00".into()),
                ..Options::new(s.path())
            };
            let summary = build::build(&options).unwrap_or_else(|_| panic!("site of {n} builds"));
            (summary, history_bytes(&s.out()))
        })
        .collect();
    let ((small, small_bytes), (large, large_bytes)) = (&built[0], &built[1]);
    // Twice the incidents (and twice the years): at most twice the pages, plus the few
    // that exist once (front page, history index, 404, embed, component pages).
    assert!(
        large.pages <= 2 * small.pages + 10,
        "pages: {} → {}",
        small.pages,
        large.pages
    );
    // No history page lists more the older the site is (a year page listing every year's
    // incidents, an index listing every month's): their bytes at most double.
    assert!(
        *large_bytes <= 2 * small_bytes,
        "history bytes: {small_bytes} → {large_bytes}"
    );
}

#[test]
fn a_build_holds_the_cards_of_about_one_year_at_a_time() {
    // About four years of weekly incidents (52 or 53 a year); component pages and feeds
    // show only a few, so nearly every card is shown by its year's pages alone.
    let n = 200;
    let s = years_site(n);
    s.write(
        "bulletin.yaml",
        &format!("{CONFIG}component_page_items: 5\nfeed_items: 10\ncomponent_feed_items: 3\n"),
    );
    let options = Options {
        clock: Clock::Text("2026-11-23 12:00".into()),
        ..Options::new(s.path())
    };
    let stats = build::build(&options)
        .unwrap_or_else(|_| panic!("site of {n} builds"))
        .stats;
    assert_eq!(stats.cards, n, "each card is still built once");
    // All years' pages in one run, each year's cards let go as its last page is done: no
    // barrier between years leaves a thread waiting.
    assert_eq!(stats.page_runs, 1, "pages rendered in one run");
    // One year's cards (at most 53) per render thread at work on a year's pages (a thread
    // held up by the machine can leave its year open while another moves on to the next),
    // plus the ones the front page, the component pages and the feeds show: under all of
    // them (all 200 when no year's cards are let go).
    assert!(
        (53..n * 3 / 4).contains(&stats.peak_cards),
        "cards held at once: {} of {n}",
        stats.peak_cards
    );
}
