//! The HTTP headers the site should be served with: one table, written into `_headers`
//! (the Netlify / Cloudflare Pages format) by `build` and sent by `serve`.
//!
//! Why these headers: readers of the API, feeds, calendars and badges are often other sites'
//! scripts (CORS); a status page changes during an incident, so pages and data are cached for
//! a minute only; the theme's files change only with the theme. `style.css` has no hash in its
//! name, so "long" is a day, not a year: a theme change reaches readers within a day.
//!
//! Hosts that read `_headers` apply every rule whose path matches and join the values of a
//! header set by two rules with a comma, so no two rules here that can match the same path set
//! the same header (a test checks it).

use crate::output::OutputFile;

/// Cache lifetime of pages and data: short, because an incident's status changes by the minute.
pub const SHORT_CACHE: &str = "public, max-age=60";
/// Cache lifetime of the theme's files (not content-hashed, hence a day).
pub const LONG_CACHE: &str = "public, max-age=86400";

/// One `_headers` rule: a URL path pattern (`*` at the end matches the rest, `:name` one
/// segment) and the headers of the paths it matches.
pub struct Rule {
    pub pattern: &'static str,
    pub headers: &'static [(&'static str, &'static str)],
}

const CACHE: (&str, &str) = ("Cache-Control", SHORT_CACHE);
const CORS: (&str, &str) = ("Access-Control-Allow-Origin", "*");
const RSS: (&str, &str) = ("Content-Type", "application/rss+xml; charset=utf-8");
const ATOM: (&str, &str) = ("Content-Type", "application/atom+xml; charset=utf-8");
const FEED: (&str, &str) = ("Content-Type", "application/feed+json");
const ICS: (&str, &str) = ("Content-Type", "text/calendar; charset=utf-8");

/// The table. Pages and data get [`SHORT_CACHE`]; data also CORS; feeds and calendars their
/// exact content type (hosts guess `.xml` and `.ics` wrongly or not at all). A path no rule
/// gives a `Cache-Control` is one of the theme's files: [`LONG_CACHE`].
pub const RULES: &[Rule] = &[
    rule("/*", &[("X-Content-Type-Options", "nosniff")]),
    rule("/", &[CACHE]),
    rule("/index.html", &[CACHE]),
    rule("/404.html", &[CACHE]),
    rule("/sitemap.xml", &[CACHE]),
    rule("/robots.txt", &[CACHE]),
    rule("/incidents/*", &[CACHE]),
    rule("/history/*", &[CACHE]),
    rule("/components/*", &[CACHE]),
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
    Rule { pattern, headers }
}

/// The file `build` writes the table into.
pub const HEADERS_FILE: &str = "_headers";

/// Whether `pattern` matches the URL path `path` (both starting with `/`), as Netlify and
/// Cloudflare Pages match `_headers` rules.
pub fn matches(pattern: &str, path: &str) -> bool {
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
pub fn for_path(path: &str) -> Vec<(&'static str, &'static str)> {
    let url = format!("/{path}");
    let mut out: Vec<_> = RULES
        .iter()
        .filter(|r| matches(r.pattern, &url))
        .flat_map(|r| r.headers.iter().copied())
        .collect();
    if !out.iter().any(|(name, _)| *name == "Cache-Control") {
        out.push(("Cache-Control", LONG_CACHE));
    }
    out
}

/// The `_headers` file: the table under the site's path prefix (`/status/` of
/// `https://example.com/status/`), then each of the theme's `files` with its long cache.
pub fn render(prefix: &str, statics: &[OutputFile]) -> OutputFile {
    let prefix = prefix.trim_end_matches('/');
    let mut text = String::from(
        "# Written by `bulletin build`: HTTP headers for Netlify and Cloudflare Pages.\n\
         # Other hosts: docs/hosting.md.\n",
    );
    let mut block = |pattern: &str, headers: &[(&str, &str)]| {
        text.push_str(&format!("{prefix}{pattern}\n"));
        for (name, value) in headers {
            text.push_str(&format!("  {name}: {value}\n"));
        }
    };
    for r in RULES {
        block(r.pattern, r.headers);
    }
    for file in statics {
        let url = format!("/{}", file.path);
        let cached = RULES
            .iter()
            .any(|r| matches(r.pattern, &url) && r.headers.iter().any(|h| h.0 == "Cache-Control"));
        if !cached {
            block(&url, &[("Cache-Control", LONG_CACHE)]);
        }
    }
    OutputFile::new(HEADERS_FILE, text.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let get = |path: &str, name: &str| {
            let all = for_path(path);
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
        assert_eq!(get("maintenance.ics", "Content-Type"), Some(ICS.1));
        assert_eq!(get("components/qq/atom.xml", "Content-Type"), Some(ATOM.1));
    }

    #[test]
    fn the_file_carries_the_prefix_and_the_theme_files() {
        let statics = [OutputFile::new("style.css", Vec::new())];
        let file = render("/status/", &statics);
        assert_eq!(file.path, HEADERS_FILE);
        let text = String::from_utf8(file.bytes).unwrap();
        assert!(text.contains("\n/status/api/*\n  Cache-Control: public, max-age=60\n  Access-Control-Allow-Origin: *\n"), "{text}");
        assert!(
            text.contains("\n/status/style.css\n  Cache-Control: public, max-age=86400\n"),
            "{text}"
        );
        let root = String::from_utf8(render("/", &statics).bytes).unwrap();
        assert!(root.contains("\n/api/*\n"), "{root}");
    }
}
