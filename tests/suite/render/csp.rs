//! The pages' Content-Security-Policy and the other security headers (issue 23, finding 8):
//! in `_headers`, from `serve`, and in each page's `<meta>`; pages that need nothing the
//! policy forbids (no inline script or style, nothing from another host); images from other
//! hosts in incident text as links unless the site allows them.

use crate::support::*;

/// An incident whose text shows images from another host, in Markdown and in raw HTML.
const REMOTE_IMAGES: &str = "\
---
title: Graphs
affected:
  wechat/pay: partial_outage
---
Errors rose: ![error graph](https://images.test/errors.png)

<img src=\"//images.test/raw.png\" alt=\"raw graph\">

## Timeline

### 2023-03-30 00:30 · investigating
See ![](https://images.test/latency.png) and ![local](/graph.png).

### 01:30 · identified
Affects: wechat/pay=major_outage

Worse.

### 02:30 · resolved
Affects: wechat/pay=operational

Fixed.
";

/// The value of the `name` header in a `_headers` block, if set.
fn value<'a>(block: &[&'a str], name: &str) -> Option<&'a str> {
    block
        .iter()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(": "))
}

fn site_with_remote_images(extra_config: &str) -> TestSite {
    let site = TestSite::new(&format!("{CONFIG}{extra_config}"));
    site.write("incidents/login.md", GOOD_INCIDENT);
    site.write("incidents/graphs.md", REMOTE_IMAGES);
    site.write("static/graph.png", "png");
    site.run(&["build"]).ok();
    site
}

/// Every HTML file of the output, by path.
fn pages(site: &TestSite) -> Vec<(String, String)> {
    let out = site.out();
    walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(&out).unwrap().display().to_string();
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// The values of every `attr="…"` in `html`.
fn attributes<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

/// The policy of a page's `<meta http-equiv>` tag, its quotes unescaped.
fn meta_policy(html: &str) -> Option<String> {
    let tag = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
    let rest = &html[html.find(tag)? + tag.len()..];
    Some(
        rest[..rest.find('"')?]
            .replace("&#39;", "'")
            .replace("&#x27;", "'"),
    )
}

/// Whether a URL in a page leads to another host.
fn elsewhere(url: &str) -> bool {
    url.contains("://") || url.starts_with("//")
}

#[test]
fn headers_file_gives_pages_the_policy_and_lets_only_the_embed_be_framed() {
    let site = site_with_remote_images("");
    let file = site.read("public/_headers");
    let every = headers_for(&file, "/*");
    assert_eq!(
        value(&every, "Referrer-Policy"),
        Some("strict-origin-when-cross-origin")
    );
    assert!(
        value(&every, "Permissions-Policy").is_some_and(|p| p.contains("camera=()")),
        "{every:?}"
    );
    assert_eq!(value(&every, "Content-Security-Policy"), None, "not on /*");
    for pattern in [
        "/",
        "/index.html",
        "/404.html",
        "/incidents/*",
        "/history/*",
        "/components/*",
    ] {
        let rules = headers_for(&file, pattern);
        let csp = value(&rules, "Content-Security-Policy").unwrap_or_default();
        assert!(
            csp.starts_with("default-src 'self'; img-src 'self' data:;"),
            "{pattern}: {csp}"
        );
        assert!(
            csp.ends_with("; frame-ancestors 'none'"),
            "{pattern}: {csp}"
        );
        assert_eq!(value(&rules, "X-Frame-Options"), Some("DENY"), "{pattern}");
    }
    let embed = headers_for(&file, "/embed.html");
    let csp = value(&embed, "Content-Security-Policy").unwrap_or_default();
    assert!(csp.starts_with("default-src 'self';"), "{csp}");
    assert!(
        !csp.contains("frame-ancestors"),
        "the embed may be framed: {csp}"
    );
    assert_eq!(value(&embed, "X-Frame-Options"), None);
}

#[test]
fn pages_carry_the_policy_and_need_nothing_it_forbids() {
    let site = site_with_remote_images("");
    let all = pages(&site);
    assert!(all.len() > 5, "{all:?}");
    for (path, html) in &all {
        let meta = meta_policy(html).unwrap_or_else(|| panic!("{path}: no policy in a meta tag"));
        assert!(
            meta.starts_with("default-src 'self'; img-src 'self' data:;"),
            "{path}: {meta}"
        );
        assert!(
            !meta.contains("frame-ancestors"),
            "ignored in a meta tag: {meta}"
        );
        assert!(!html.contains(" style=\""), "{path}: a style attribute");
        assert!(!html.contains("<style"), "{path}: a style element");
        let scripts = html.matches("<script").count();
        assert_eq!(
            scripts,
            html.matches("<script src=").count(),
            "{path}: an inline script"
        );
        for url in attributes(html, "src")
            .into_iter()
            .chain(attributes(html, "srcset"))
        {
            assert!(!elsewhere(url), "{path}: loads {url} from another host");
        }
        for link in html.split("<link ").skip(1) {
            let tag = &link[..link.find('>').unwrap()];
            if tag.contains("rel=\"stylesheet\"") || tag.contains("rel=\"icon\"") {
                let href = attributes(tag, "href");
                assert!(!href.iter().any(|u| elsewhere(u)), "{path}: {tag}");
            }
        }
    }
    let page = site.read("public/incidents/graphs/index.html");
    // The status strip across the incident: segments placed without a style attribute.
    assert!(page.contains("<svg class=\"strip\""), "{page}");
    assert!(
        // In a body with raw HTML, ammonia adds its `rel`.
        page.contains("<a href=\"https://images.test/errors.png\" rel=\"noopener noreferrer nofollow\">error graph</a>"),
        "{page}"
    );
    assert!(
        page.contains(
            "<a href=\"https://images.test/latency.png\">https://images.test/latency.png</a>"
        ),
        "{page}"
    );
    assert!(
        page.contains("<img src=\"/graph.png\" alt=\"local\""),
        "{page}"
    );
    assert!(page.contains("alt=\"raw graph\""), "{page}");
    assert!(!page.contains("images.test/raw.png"), "{page}");
}

#[test]
fn a_site_that_allows_remote_images_shows_them_and_says_so_in_its_policy() {
    let site =
        site_with_remote_images("allow_remote_images: true\nlogo: https://cdn.test/logo.svg\n");
    let page = site.read("public/incidents/graphs/index.html");
    assert!(
        page.contains("<img src=\"https://images.test/errors.png\" alt=\"error graph\""),
        "{page}"
    );
    assert!(page.contains("images.test/raw.png"), "{page}");
    let meta = meta_policy(&page).unwrap_or_default();
    assert!(meta.contains("img-src 'self' data: https:;"), "{meta}");
    let file = site.read("public/_headers");
    let csp = value(
        &headers_for(&file, "/incidents/*"),
        "Content-Security-Policy",
    )
    .unwrap_or_default();
    assert!(csp.contains("img-src 'self' data: https:;"), "{csp}");

    // A logo from another host is allowed by its origin alone.
    let logo = TestSite::new(&format!("{CONFIG}logo: https://cdn.test/logo.svg\n"));
    logo.write("incidents/login.md", GOOD_INCIDENT);
    logo.run(&["build"]).ok();
    let file = logo.read("public/_headers");
    let csp = value(&headers_for(&file, "/"), "Content-Security-Policy").unwrap_or_default();
    assert!(
        csp.contains("img-src 'self' data: https://cdn.test;"),
        "{csp}"
    );
}

#[cfg(feature = "serve")]
#[test]
fn serve_sends_the_policy_per_path_and_its_pages_run_no_inline_script() {
    let site = TestSite::standard();
    let server = crate::support::serve::Server::start(&site);
    for path in ["/", "/incidents/login/", "/history/", "/no-such-page"] {
        let r = server.get(path);
        assert!(
            r.headers
                .contains("content-security-policy: default-src 'self'; img-src 'self' data:;"),
            "{path}: {}",
            r.headers
        );
        assert!(
            r.headers.contains("frame-ancestors 'none'\r\n"),
            "{path}: {}",
            r.headers
        );
        assert!(
            r.headers.contains("x-frame-options: deny"),
            "{path}: {}",
            r.headers
        );
        assert!(
            r.headers
                .contains("referrer-policy: strict-origin-when-cross-origin"),
            "{path}: {}",
            r.headers
        );
        assert!(
            r.headers.contains("permissions-policy: "),
            "{path}: {}",
            r.headers
        );
        // Live reload works under the policy: its script is a file, not inline.
        assert_eq!(
            r.body.matches("<script").count(),
            r.body.matches("<script src=").count(),
            "{path}: an inline script"
        );
        assert!(
            r.body.contains("<script src=\"/_bulletin/livereload.js\""),
            "{path}"
        );
    }
    let embed = server.get("/embed.html");
    assert_eq!(embed.status, 200);
    assert!(
        embed
            .headers
            .contains("content-security-policy: default-src 'self';"),
        "{}",
        embed.headers
    );
    assert!(
        !embed.headers.contains("frame-ancestors"),
        "{}",
        embed.headers
    );
    assert!(
        !embed.headers.contains("x-frame-options"),
        "{}",
        embed.headers
    );
    let script = server.get("/_bulletin/livereload.js");
    assert_eq!(script.status, 200);
    assert!(
        script.headers.contains("content-type: text/javascript"),
        "{}",
        script.headers
    );
    assert!(script.body.contains("EventSource"), "{}", script.body);
}
