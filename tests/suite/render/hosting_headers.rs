//! Hosting headers: `build` writes `_headers` (Netlify / Cloudflare Pages) for the site's path,
//! and `serve` sends the same headers from the same table.

use crate::support::*;

/// The headers `_headers` gives `path` (URL path): every block whose pattern is `path` itself.
fn block<'a>(file: &'a str, pattern: &str) -> Vec<&'a str> {
    let mut lines = file.lines().skip_while(|l| *l != pattern);
    lines
        .next()
        .unwrap_or_else(|| panic!("no rule for {pattern}:\n{file}"));
    lines
        .take_while(|l| l.starts_with("  "))
        .map(str::trim)
        .collect()
}

#[test]
fn build_writes_headers_for_a_site_at_the_root_and_under_a_path() {
    let site = TestSite::standard();
    site.run(&["build"]).ok();
    let root = site.read("public/_headers");
    let api = block(&root, "/api/*");
    assert!(api.contains(&"Access-Control-Allow-Origin: *"), "{api:?}");
    assert!(
        api.contains(&"Cache-Control: public, max-age=60"),
        "{api:?}"
    );
    assert!(
        block(&root, "/maintenance.ics").contains(&"Content-Type: text/calendar; charset=utf-8")
    );
    assert!(
        block(&root, "/components/:product/:feature/rss.xml")
            .contains(&"Access-Control-Allow-Origin: *")
    );
    assert_eq!(
        block(&root, "/style.css"),
        ["Cache-Control: public, max-age=86400"]
    );
    assert!(block(&root, "/incidents/*").contains(&"Cache-Control: public, max-age=60"));

    site.run(&["build", "--base-url", "https://example.github.io/status/"])
        .ok();
    let prefixed = site.read("public/_headers");
    assert!(block(&prefixed, "/status/api/*").contains(&"Access-Control-Allow-Origin: *"));
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
