//! Hosting headers: `build` writes `_headers` (Netlify / Cloudflare Pages) for the site's path,
//! and `serve` sends the same headers from the same table.

use crate::support::*;

#[test]
fn build_writes_headers_for_a_site_at_the_root_and_under_a_path() {
    let site = TestSite::standard();
    site.run(&["build"]).ok();
    let root = site.read("public/_headers");
    let api = headers_for(&root, "/api/*");
    assert!(api.contains(&"Access-Control-Allow-Origin: *"), "{api:?}");
    assert!(
        api.contains(&"Cache-Control: public, max-age=60"),
        "{api:?}"
    );
    assert!(
        headers_for(&root, "/maintenance.ics")
            .contains(&"Content-Type: text/calendar; charset=utf-8")
    );
    assert!(
        headers_for(&root, "/components/:product/:feature/rss.xml")
            .contains(&"Access-Control-Allow-Origin: *")
    );
    assert_eq!(
        headers_for(&root, "/style.css"),
        ["Cache-Control: public, max-age=86400"]
    );
    assert!(headers_for(&root, "/incidents/*").contains(&"Cache-Control: public, max-age=60"));

    site.run(&["build", "--base-url", "https://example.github.io/status/"])
        .ok();
    let prefixed = site.read("public/_headers");
    assert!(headers_for(&prefixed, "/status/api/*").contains(&"Access-Control-Allow-Origin: *"));
    assert!(!prefixed.lines().any(|l| l == "/api/*"), "{prefixed}");
}

#[test]
fn a_sites_own_headers_file_is_kept() {
    let site = TestSite::standard();
    site.write("static/_headers", "/*\n  X-Mine: yes\n");
    site.run(&["build"]).ok();
    assert_eq!(site.read("public/_headers"), "/*\n  X-Mine: yes\n");
}

#[cfg(feature = "serve")]
#[test]
fn serve_sends_the_same_headers() {
    let site = TestSite::standard();
    let server = crate::support::serve::Server::start(&site);
    let summary = server.get("/api/v2/summary.json");
    assert_eq!(summary.status, 200);
    assert!(
        summary.headers.contains("access-control-allow-origin: *"),
        "{}",
        summary.headers
    );
    let rss = server.get("/rss.xml");
    assert!(
        rss.headers.contains("content-type: application/rss+xml"),
        "{}",
        rss.headers
    );
    assert!(
        rss.headers.contains("access-control-allow-origin: *"),
        "{}",
        rss.headers
    );
    let page = server.get("/");
    assert!(
        !page.headers.contains("access-control-allow-origin"),
        "{}",
        page.headers
    );
    assert!(
        page.headers.contains("x-content-type-options: nosniff"),
        "{}",
        page.headers
    );
}
