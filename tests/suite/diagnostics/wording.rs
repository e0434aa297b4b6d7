//! `check`'s words (issue 27, item 10): no serde internals, a did-you-mean that keeps to the
//! product named, and examples in hints taken from the site's own catalogue.

use crate::support::*;

/// An English site whose catalogue has none of the test config's `wechat` components.
const WEBSITE_CONFIG: &str = "\
title: Shop Status
base_url: https://status.test/
language: en
timezone: UTC
products:
  - id: website
    name: Website
    features:
      - id: pages
        name: Pages
      - id: search
        name: Search
";

fn problems(config: &str, incident: &str) -> Vec<serde_json::Value> {
    let site = TestSite::new(config);
    site.write("incidents/x.md", incident);
    check_json(&site).0
}

#[test]
fn a_misspelt_status_is_said_without_serde_words() {
    let found = problems(
        WEBSITE_CONFIG,
        "---\ntitle: T\naffected:\n  website/pages: partial_outtage\n---\n",
    );
    let d = found
        .iter()
        .find(|d| d["code"] == "unknown-value")
        .expect("reported");
    assert_eq!(
        d["message"],
        "unknown component status 'partial_outtage' for 'website/pages' in `affected`"
    );
    assert_eq!(d["hint"], "did you mean 'partial_outage'?");
    for d in &found {
        let message = d["message"].as_str().unwrap();
        assert!(!message.contains("variant"), "{message}");
        assert!(!message.contains("expected one of"), "{message}");
    }
}

#[test]
fn an_unknown_feature_of_a_known_product_lists_that_products_features() {
    let found = problems(
        WEBSITE_CONFIG,
        "---\ntitle: T\naffected:\n  website/checkout: major_outage\n---\n",
    );
    let d = found
        .iter()
        .find(|d| d["code"] == "unknown-component")
        .expect("reported");
    assert_eq!(
        d["hint"],
        "'website' has no feature 'checkout'; its features: website/pages, website/search (or 'website' for all of them)"
    );
    // A typo of a feature still gets its did-you-mean.
    let found = problems(
        WEBSITE_CONFIG,
        "---\ntitle: T\naffected:\n  website/serch: major_outage\n---\n",
    );
    let d = found
        .iter()
        .find(|d| d["code"] == "unknown-component")
        .expect("reported");
    assert_eq!(d["hint"], "did you mean 'website/search'?");
}

#[test]
fn hints_give_examples_from_the_sites_own_components() {
    let cases = [
        "---\ntitle: T\naffected: 3\n---\n",
        "---\ntitle: T\n---\n\n## Timeline\n\n### 2026-11-20 10:00 · investigating\n\nAffects: all EU customers\n",
        "---\ntitle: T\naffected:\n  website: major_outage\n---\n\n## Timeline\n\n### 2026-11-20 10:00 · investigating\n\nAffects: website/pages\n",
    ];
    for incident in cases {
        let found = problems(WEBSITE_CONFIG, incident);
        let hints: Vec<&str> = found.iter().filter_map(|d| d["hint"].as_str()).collect();
        assert!(
            hints.iter().any(|h| h.contains("website/pages")),
            "{incident}: {hints:?}"
        );
        assert!(
            hints.iter().all(|h| !h.contains("wechat")),
            "{incident}: {hints:?}"
        );
    }
}

#[test]
fn a_value_of_the_wrong_type_is_said_without_rust_or_serde_words() {
    let found = problems(
        WEBSITE_CONFIG,
        "---\ntitle: T\nkind: maintenance\naffected:\n  website: under_maintenance\nscheduled: 5\n---\n",
    );
    let d = found
        .iter()
        .find(|d| d["message"].as_str().unwrap().starts_with("`scheduled`"))
        .expect("reported");
    assert_eq!(
        d["message"],
        "`scheduled`: a number (5) where a map of keys is expected"
    );
    let found = problems(WEBSITE_CONFIG, "---\ntitle: T\ntitle: U\n---\n");
    assert!(
        found
            .iter()
            .any(|d| d["message"] == "`title` is written twice; keep one"),
        "{found:?}"
    );
}
