//! The pages' chrome (issue 26): the subscribe page (`subscribe/`) lists every feed of the site
//! and of each component and the maintenance calendars, with relative links that resolve to
//! files the build wrote; the e-mail sign-up link only when `subscribe.email` is set; the
//! company's `links` in the header and footer, a bad one a located error. What only a browser
//! can see (the header's height, the dialog, the embed) is in tests/browser/check.mjs.

use std::path::Path;

use crate::support::{CONFIG, GOOD_INCIDENT, TestSite, check_errors_at};

/// The `href`s of the subscribe panel, in order.
fn panel_links(html: &str) -> Vec<String> {
    let start = html.find("id=\"subscribe-panel\"").expect("the panel");
    let panel = &html[start
        ..html[start..]
            .find("</section>")
            .map_or(html.len(), |e| start + e)];
    panel
        .split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or("").to_string())
        .collect()
}

/// The standard site, with `extra` added to its bulletin.yaml, built.
fn built(extra: &str) -> TestSite {
    let site = TestSite::new(&format!("{CONFIG}{extra}"));
    site.write("incidents/login.md", GOOD_INCIDENT);
    site.run(&["build"]).ok();
    site
}

#[test]
fn the_subscribe_page_lists_every_feed_and_calendar_with_links_that_resolve() {
    let site = built("");
    let page = site.read("public/subscribe/index.html");
    let links = panel_links(&page);
    let from = site.out().join("subscribe");
    let mut wanted: Vec<String> = vec!["../maintenance.ics".into()];
    for scope in [
        "",
        "components/wechat/",
        "components/wechat/login/",
        "components/wechat/pay/",
        "components/qq/",
        "components/qq/mail/",
    ] {
        for feed in ["rss.xml", "atom.xml", "feed.json"] {
            wanted.push(format!("../{scope}{feed}"));
        }
    }
    for product in ["wechat", "qq"] {
        wanted.push(format!("../components/{product}/maintenance.ics"));
    }
    for want in &wanted {
        assert!(
            links.contains(want),
            "{want} is not on the subscribe page: {links:?}"
        );
    }
    for link in links.iter().filter(|l| !l.starts_with("https://")) {
        assert!(
            Path::new(&from).join(link).is_file(),
            "{link} on the subscribe page is no file of the site"
        );
    }
    // The Slack instruction names the feed by its absolute address.
    assert!(page.contains("/feed subscribe <code>https://status.test/rss.xml</code>"));
    // Every page's header leads there; no footer repeats the feeds.
    let index = site.read("public/index.html");
    assert!(
        index.contains("href=\"./subscribe/\" data-subscribe"),
        "header link"
    );
    assert!(
        !index.contains("Subscribe: <a"),
        "the footer's old feed line"
    );
}

#[test]
fn the_email_sign_up_link_appears_only_when_configured() {
    let without = built("");
    assert!(
        !without
            .read("public/subscribe/index.html")
            .contains("Sign up for e-mail")
    );
    let with = built("subscribe:\n  email: https://lists.test/join?list=status\n");
    let page = with.read("public/subscribe/index.html");
    assert!(
        page.contains("<a class=\"button\" href=\"https://lists.test/join?list=status\">Sign up for e-mail updates</a>"),
        "{page}"
    );
}

#[test]
fn the_company_links_are_in_the_header_and_footer() {
    let site = built("links:\n  home: https://www.test/\n  support: https://help.test/ask\n");
    let index = site.read("public/index.html");
    assert!(
        index.contains("<a href=\"https://www.test/\">← www.test</a>"),
        "footer link back"
    );
    assert_eq!(
        index.matches("href=\"https://help.test/ask\"").count(),
        2,
        "header and footer"
    );
}

#[test]
fn a_bad_link_is_an_error_at_its_place() {
    let site = TestSite::new(&format!(
        "{CONFIG}links:\n  home: www.test\n  support: https://help.test/\nsubscribe:\n  email: mailto:x@test\n"
    ));
    let errors = check_errors_at(site.path());
    let places: Vec<(String, u64, u64)> = errors
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let lines = CONFIG.lines().count() as u64;
    assert_eq!(
        places,
        [
            ("bad-link".to_string(), lines + 2, 9),
            ("bad-link".to_string(), lines + 5, 10)
        ],
        "{errors:?}"
    );
}
