//! The front page's component list and the component pages: `hide_uptime` leaves out a
//! component's uptime figure and bars, `only_show_if_degraded` lists a component only while it
//! is not operational, a product's features are unfolded exactly while one of them is not, and
//! a bad value for either key is an error at its line.

use crate::support::*;

/// A config whose WeChat shows no uptime and whose Pay and QQ are listed only when degraded.
const FLAGGED: &str = "\
title: Test Status
base_url: https://status.test/
language: en
timezone: Asia/Shanghai
products:
  - id: wechat
    name: WeChat
    hide_uptime: true
    features:
      - id: login
        name: Login
      - id: pay
        name: Pay
        only_show_if_degraded: true
  - id: qq
    name: QQ
    only_show_if_degraded: true
    features:
      - id: mail
        name: Mail
        hide_uptime: true
  - id: games
    name: Games
    features:
      - id: store
        name: Store
";

/// Pay degraded on 2023-03-29 from 00:30 to 03:30 (the site's zone).
const PAY_SLOW: &str = "\
---
title: Slow payments
affected:
  wechat/pay: degraded_performance
---
## Timeline

### 2023-03-29 00:30 · investigating
Looking into it.

### 2023-03-29 03:30 · resolved
Fixed.
";

/// The front page's component list, built at `now`.
fn component_list(site: &TestSite, now: &str) -> String {
    build(site.path(), None, Some(now));
    let html = site.read("public/index.html");
    let start = html
        .find("class=\"component-list\"")
        .expect("a component list");
    let end = start
        + html[start..]
            .find("class=\"uptime-key")
            .expect("the key after it");
    html[start..end].to_string()
}

/// The list item of the product whose page is `url` (from the site's root), in `list`.
fn product<'a>(list: &'a str, url: &str) -> &'a str {
    let at = list
        .find(&format!("href=\"./{url}\""))
        .unwrap_or_else(|| panic!("{url} not listed"));
    let start = list[..at].rfind("<li class=\"product\"").expect("its row");
    let end = list[at..]
        .find("<li class=\"product\"")
        .map_or(list.len(), |e| at + e);
    &list[start..end]
}

#[test]
fn hide_uptime_leaves_out_the_figure_and_the_bars() {
    let site = TestSite::new(FLAGGED);
    let list = component_list(&site, "2023-04-01 12:00");
    let wechat = product(&list, "components/wechat/");
    let games = product(&list, "components/games/");
    assert!(games.contains("class=\"uptime\"") && games.contains("uptime-figure"));
    let wechat_row = &wechat[..wechat.find("<details").unwrap()];
    assert!(!wechat_row.contains("class=\"uptime\""), "{wechat_row}");
    assert!(!wechat_row.contains("uptime-figure"), "{wechat_row}");
    // Its features keep theirs: the key is per component.
    let login = &wechat[wechat.find("components/wechat/login/").unwrap()..];
    assert!(login[..login.find("</li>").unwrap()].contains("uptime-figure"));
    let page = site.read("public/components/wechat/index.html");
    assert!(
        !page.contains("class=\"uptime\""),
        "the product page shows no bars"
    );
    assert!(
        site.read("public/components/games/index.html")
            .contains("class=\"uptime\"")
    );
    let mail = site.read("public/components/qq/mail/index.html");
    assert!(
        !mail.contains("class=\"uptime\""),
        "the feature page shows no bars"
    );
}

#[test]
fn only_show_if_degraded_lists_a_component_only_while_it_is_not_operational() {
    let site = TestSite::new(FLAGGED);
    site.write("incidents/pay.md", PAY_SLOW);
    let during = component_list(&site, "2023-03-29 01:00");
    assert!(
        during.contains("components/wechat/pay/"),
        "Pay is degraded: listed"
    );
    let wechat = product(&during, "components/wechat/");
    assert!(wechat.contains("<details class=\"fold\" open>"), "{wechat}");
    assert!(
        !during.contains("components/qq/"),
        "QQ is operational: not listed"
    );

    let after = component_list(&site, "2023-04-01 12:00");
    assert!(
        !after.contains("components/wechat/pay/"),
        "Pay is operational again"
    );
    assert!(after.contains("components/wechat/login/"));
    let wechat = product(&after, "components/wechat/");
    assert!(wechat.contains("<details class=\"fold\">"), "{wechat}");
    // Its own page stays: incidents link to it.
    assert!(site.out().join("components/wechat/pay/index.html").exists());
    let product_page = site.read("public/components/wechat/index.html");
    assert!(
        !product_page.contains("components/wechat/pay/\""),
        "not on its product's page either"
    );
}

#[test]
fn a_product_with_no_feature_listed_has_no_features_heading() {
    let site = TestSite::new(FLAGGED);
    build(site.path(), None, Some("2023-04-01 12:00"));
    // A product with a feature listed has the heading (the control)...
    let qq = site.read("public/components/qq/index.html");
    assert!(qq.contains("id=\"features-title\""));
    // ...one whose only feature is listed only when degraded, and is not, has none.
    let lone = TestSite::new(&FLAGGED.replace(
        "      - id: store\n        name: Store\n",
        "      - id: store\n        name: Store\n        only_show_if_degraded: true\n",
    ));
    build(lone.path(), None, Some("2023-04-01 12:00"));
    let games = lone.read("public/components/games/index.html");
    assert!(
        !games.contains("id=\"features-title\""),
        "an empty Features heading"
    );
}

#[test]
fn a_bad_value_for_either_key_is_an_error_at_its_line() {
    for (key, line) in [("hide_uptime", 8), ("only_show_if_degraded", 8)] {
        let config = FLAGGED.replace(
            "    hide_uptime: true\n    features:",
            &format!("    {key}: sometimes\n    features:"),
        );
        let site = TestSite::new(&config);
        let errors = check_errors_at(site.path());
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_eq!(errors[0]["line"], line, "{key}: {errors:#?}");
        assert!(
            errors[0]["file"]
                .as_str()
                .unwrap()
                .ends_with("bulletin.yaml"),
            "{errors:#?}"
        );
    }
}
