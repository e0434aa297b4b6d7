//! The HTTP headers the site should be served with: one table, written into `_headers`
//! (the Netlify / Cloudflare Pages format) by `build` and sent by `serve`.
//!
//! Why these headers: readers of the API, feeds, calendars and badges are often other sites'
//! scripts (CORS); a status page changes during an incident, so pages and data are cached for
//! a minute only; the theme's files change only with the theme. `style.css` has no hash in its
//! name, so "long" is a day, not a year: a theme change reaches readers within a day.
//!
//! Pages also get a strict Content-Security-Policy ([`Policy`]): they load nothing from
//! another host and run no inline script or style, so markup that slips into a page can
//! neither run nor call out; and no other site may frame them, except `embed.html`, which
//! exists to be framed (docs/embed.md).
//!
//! Hosts that read `_headers` apply every rule whose path matches and join the values of a
//! header set by two rules with a comma, so no two rules here that can match the same path set
//! the same header (a test checks it). That is also why the policy is on each page rule and
//! not on `/*`: joined with the embed's, the page policy would forbid framing the embed.

use crate::output::OutputFile;

mod policy;

pub(crate) use policy::{Framing, Policy};

/// Cache lifetime of pages and data: short, because an incident's status changes by the minute.
pub(crate) const SHORT_CACHE: &str = "public, max-age=60";
/// Cache lifetime of the theme's files (not content-hashed, hence a day).
pub(crate) const LONG_CACHE: &str = "public, max-age=86400";

/// One `_headers` rule: a URL path pattern (`*` at the end matches the rest, `:name` one
/// segment) and the headers of the paths it matches; a page's rule also gets the site's
/// [`Policy`] for its framing.
pub(crate) struct Rule {
    pub pattern: &'static str,
    pub headers: &'static [(&'static str, &'static str)],
    pub page: Option<Framing>,
}

const CACHE: (&str, &str) = ("Cache-Control", SHORT_CACHE);
const CORS: (&str, &str) = ("Access-Control-Allow-Origin", "*");
const RSS: (&str, &str) = ("Content-Type", "application/rss+xml; charset=utf-8");
const ATOM: (&str, &str) = ("Content-Type", "application/atom+xml; charset=utf-8");
const FEED: (&str, &str) = ("Content-Type", "application/feed+json");
const ICS: (&str, &str) = ("Content-Type", "text/calendar; charset=utf-8");
/// Every file: no content sniffing; a link to another site tells it only the site's origin;
/// none of the browser's powerful features, which no page uses.
const EVERY_FILE: &[(&str, &str)] = &[
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", PERMISSIONS),
];
/// The features a page could ask for and Bulletin's never do, denied to the page and to
/// anything it might embed. Only features browsers have long known (an unknown one makes a
/// console warning on every page).
pub(crate) const PERMISSIONS: &str = "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()";

/// The table. Pages and data get [`SHORT_CACHE`]; data also CORS; feeds and calendars their
/// exact content type (hosts guess `.xml` and `.ics` wrongly or not at all); pages the
/// site's [`Policy`]. A path no rule gives a `Cache-Control` is one of the theme's files:
/// [`LONG_CACHE`].
pub(crate) const RULES: &[Rule] = &[
    rule("/*", EVERY_FILE),
    page("/", Framing::Never),
    page("/index.html", Framing::Never),
    page("/404.html", Framing::Never),
    page("/embed.html", Framing::Anyone),
    rule("/sitemap.xml", &[CACHE]),
    rule("/robots.txt", &[CACHE]),
    page("/incidents/*", Framing::Never),
    page("/history/*", Framing::Never),
    page("/components/*", Framing::Never),
    rule("/api/*", &[CACHE, CORS]),
    rule("/badges/*", &[CACHE, CORS]),
    rule("/rss.xml", &[CACHE, CORS, RSS]),
    rule("/atom.xml", &[CACHE, CORS, ATOM]),
    rule("/feed.json", &[CACHE, CORS, FEED]),
    rule("/maintenance.ics", &[CACHE, CORS, ICS]),
    // Under components/ the cache rule above applies already.
    rule("/components/:product/rss.xml", &[CORS, RSS]),
    rule("/components/:product/atom.xml", &[CORS, ATOM]),
    rule("/components/:product/feed.json", &[CORS, FEED]),
    rule("/components/:product/maintenance.ics", &[CORS, ICS]),
    rule("/components/:product/:feature/rss.xml", &[CORS, RSS]),
    rule("/components/:product/:feature/atom.xml", &[CORS, ATOM]),
    rule("/components/:product/:feature/feed.json", &[CORS, FEED]),
];

const fn rule(pattern: &'static str, headers: &'static [(&'static str, &'static str)]) -> Rule {
    Rule {
        pattern,
        headers,
        page: None,
    }
}

/// A rule for pages: the short cache, and the policy with `framing`.
const fn page(pattern: &'static str, framing: Framing) -> Rule {
    Rule {
        pattern,
        headers: &[CACHE],
        page: Some(framing),
    }
}

/// The headers of `rule` under `policy`.
fn headers_of<'a>(rule: &Rule, policy: &'a Policy) -> Vec<(&'static str, &'a str)> {
    let mut out: Vec<(&str, &str)> = rule.headers.to_vec();
    if let Some(framing) = rule.page {
        out.extend(policy.headers(framing));
    }
    out
}

/// The file `build` writes the table into.
pub(crate) const HEADERS_FILE: &str = "_headers";

/// Whether `pattern` matches the URL path `path` (both starting with `/`), as Netlify and
/// Cloudflare Pages match `_headers` rules.
pub(crate) fn matches(pattern: &str, path: &str) -> bool {
    let mut want = pattern.split('/').skip(1);
    let mut have = path.split('/').skip(1);
    loop {
        match (want.next(), have.next()) {
            (Some("*"), _) => return true,
            (Some(w), Some(h)) if w.starts_with(':') && !h.is_empty() => {}
            (Some(w), Some(h)) if w == h => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

/// The headers for the file at `path` (relative to the site root, e.g. `api/v2/summary.json`):
/// those of every matching rule, then the long cache when none set one.
pub(crate) fn for_path<'a>(path: &str, policy: &'a Policy) -> Vec<(&'static str, &'a str)> {
    let url = format!("/{path}");
    let mut out: Vec<_> = RULES
        .iter()
        .filter(|r| matches(r.pattern, &url))
        .flat_map(|r| headers_of(r, policy))
        .collect();
    if !out.iter().any(|(name, _)| *name == "Cache-Control") {
        out.push(("Cache-Control", LONG_CACHE));
    }
    out
}

/// The `_headers` file: the table under the site's path prefix (`/status/` of
/// `https://example.com/status/`), then each of the theme's `files` with its long cache; then
/// the same for each other language's tree (`trees`, "en/", after the root's ""), but for the
/// rule of every file, which the root's already covers (two would join their values).
pub(crate) fn render(
    prefix: &str,
    trees: &[String],
    statics: &[OutputFile],
    policy: &Policy,
) -> OutputFile {
    let mut text = String::from(
        "# Written by `bulletin build`: HTTP headers for Netlify and Cloudflare Pages.\n\
         # Other hosts: docs/hosting.md.\n",
    );
    for tree in trees {
        let prefix = format!("{prefix}{tree}");
        let prefix = prefix.trim_end_matches('/');
        let mut block = |pattern: &str, headers: &[(&str, &str)]| {
            text.push_str(&format!("{prefix}{pattern}\n"));
            for (name, value) in headers {
                text.push_str(&format!("  {name}: {value}\n"));
            }
        };
        // The whole site's files (sitemap, robots) are the root tree's alone.
        let whole_site = ["/*", "/sitemap.xml", "/robots.txt"];
        for r in (RULES.iter()).filter(|r| tree.is_empty() || !whole_site.contains(&r.pattern)) {
            block(r.pattern, &headers_of(r, policy));
        }
        for file in statics {
            let url = format!("/{}", file.path);
            let cached = RULES.iter().any(|r| {
                matches(r.pattern, &url) && r.headers.iter().any(|h| h.0 == "Cache-Control")
            });
            if !cached {
                block(&url, &[("Cache-Control", LONG_CACHE)]);
            }
        }
    }
    OutputFile::new(HEADERS_FILE, text.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table is a `const` host-rule list, so it spells the feeds' file names; this holds
    /// it to their one home (`urls::FEEDS`): each feed, at the root and under each component
    /// (product and feature), has its rule with its content type.
    #[test]
    fn every_feed_the_site_writes_has_its_rule() {
        for feed in crate::urls::FEEDS {
            for dir in [
                "/",
                "/components/:product/",
                "/components/:product/:feature/",
            ] {
                let pattern = format!("{dir}{feed}");
                let rule = RULES.iter().find(|r| r.pattern == pattern);
                let typed = rule.is_some_and(|r| r.headers.iter().any(|h| h.0 == "Content-Type"));
                assert!(typed, "no rule with a content type for {pattern}");
            }
        }
    }

    #[test]
    fn patterns_match_like_the_hosts() {
        assert!(matches("/api/*", "/api/v2/summary.json"));
        assert!(matches("/*", "/index.html"));
        assert!(matches(
            "/components/:product/rss.xml",
            "/components/qq/rss.xml"
        ));
        assert!(!matches(
            "/components/:product/rss.xml",
            "/components/qq/mail/rss.xml"
        ));
        assert!(!matches("/rss.xml", "/components/qq/rss.xml"));
        assert!(!matches("/api/*", "/apis.json"));
    }

    #[test]
    fn every_kind_of_output_gets_its_headers() {
        let policy = Policy::default();
        let get = |path: &str, name: &str| {
            let all = for_path(path, &policy);
            let values: Vec<_> = all.iter().filter(|h| h.0 == name).map(|h| h.1).collect();
            assert!(values.len() <= 1, "{path}: {name} set twice: {values:?}");
            values.first().copied()
        };
        for data in [
            "api/v2/summary.json",
            "badges/wechat.svg",
            "rss.xml",
            "components/qq/mail/feed.json",
            "components/qq/maintenance.ics",
        ] {
            assert_eq!(
                get(data, "Access-Control-Allow-Origin"),
                Some("*"),
                "{data}"
            );
            assert_eq!(get(data, "Cache-Control"), Some(SHORT_CACHE), "{data}");
        }
        for page in [
            "index.html",
            "incidents/a/index.html",
            "components/qq/index.html",
        ] {
            assert_eq!(get(page, "Access-Control-Allow-Origin"), None, "{page}");
            assert_eq!(get(page, "Cache-Control"), Some(SHORT_CACHE), "{page}");
        }
        assert_eq!(get("style.css", "Cache-Control"), Some(LONG_CACHE));
        assert_eq!(get("bulletin.js", "Cache-Control"), Some(LONG_CACHE));
        assert_eq!(get("maintenance.ics", "Content-Type"), Some(ICS.1));
        assert_eq!(get("components/qq/atom.xml", "Content-Type"), Some(ATOM.1));
    }

    #[test]
    fn the_file_carries_the_prefix_and_the_theme_files() {
        let statics = [OutputFile::new("style.css", Vec::new())];
        let one = [String::new()];
        let file = render("/status/", &one, &statics, &Policy::default());
        assert_eq!(file.path, HEADERS_FILE);
        let text = String::from_utf8(file.bytes).unwrap();
        assert!(text.contains("\n/status/api/*\n  Cache-Control: public, max-age=60\n  Access-Control-Allow-Origin: *\n"), "{text}");
        assert!(
            text.contains("\n/status/style.css\n  Cache-Control: public, max-age=86400\n"),
            "{text}"
        );
        let root =
            String::from_utf8(render("/", &one, &statics, &Policy::default()).bytes).unwrap();
        assert!(root.contains("\n/api/*\n"), "{root}");
        // Each other language's tree has its rules, but not a second rule for every file.
        let two = [String::new(), "en/".to_string()];
        let both = String::from_utf8(render("/status/", &two, &statics, &Policy::default()).bytes)
            .unwrap();
        assert!(
            both.contains("\n/status/en/api/*\n  Cache-Control"),
            "{both}"
        );
        assert!(both.contains("\n/status/en/style.css\n"), "{both}");
        assert!(both.contains("\n/status/en/404.html\n"), "{both}");
        assert_eq!(both.matches("X-Content-Type-Options").count(), 1, "{both}");
    }

    #[test]
    fn pages_get_the_policy_and_only_the_embed_may_be_framed() {
        let policy = Policy::default();
        let one = |path: &str, name: &str| -> Option<String> {
            let all = for_path(path, &policy);
            let values: Vec<_> = all.iter().filter(|h| h.0 == name).map(|h| h.1).collect();
            assert!(values.len() <= 1, "{path}: {name} set twice: {values:?}");
            values.first().map(|v| (*v).to_string())
        };
        for page in [
            "index.html",
            "404.html",
            "incidents/a/index.html",
            "history/index.html",
            "history/2026-11/index.html",
            "components/qq/index.html",
            "components/qq/mail/index.html",
        ] {
            let csp = one(page, "Content-Security-Policy").unwrap_or_default();
            assert!(csp.starts_with("default-src 'self';"), "{page}: {csp}");
            assert!(csp.contains("img-src 'self' data:;"), "{page}: {csp}");
            assert!(csp.ends_with("frame-ancestors 'none'"), "{page}: {csp}");
            assert_eq!(
                one(page, "X-Frame-Options").as_deref(),
                Some("DENY"),
                "{page}"
            );
        }
        let embed = one("embed.html", "Content-Security-Policy").unwrap_or_default();
        assert!(embed.starts_with("default-src 'self';"), "{embed}");
        assert!(!embed.contains("frame-ancestors"), "{embed}");
        assert_eq!(one("embed.html", "X-Frame-Options"), None);
        assert_eq!(
            one("embed.html", "Cache-Control").as_deref(),
            Some(SHORT_CACHE)
        );
        for any in [
            "index.html",
            "embed.html",
            "style.css",
            "bulletin.js",
            "api/v2/summary.json",
        ] {
            assert_eq!(
                one(any, "Referrer-Policy").as_deref(),
                Some("strict-origin-when-cross-origin"),
                "{any}"
            );
            assert_eq!(
                one(any, "Permissions-Policy").as_deref(),
                Some(PERMISSIONS),
                "{any}"
            );
        }
        assert_eq!(
            policy.meta(),
            embed,
            "the meta tag carries all but frame-ancestors"
        );
    }
}
