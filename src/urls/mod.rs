//! The site's URLs: where each page and feed lives, written the same way by every page, feed,
//! calendar and API file that links to it, and by `bulletin notify` (message links, WebSub
//! pings). Paths are relative to the site root (no leading `/`); absolute URLs put the
//! configured `base_url` in front. [`web`]: which strings are web addresses at all.

pub mod web;

use std::borrow::Cow;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Characters escaped in a URL path segment (and all non-ASCII, which the encoder always escapes).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']')
    .add(b'\'');

/// One path segment (a slug), percent-encoded the same way everywhere it appears; borrowed
/// when nothing in it needs escaping (nearly every slug).
fn encoded(segment: &str) -> Cow<'_, str> {
    utf8_percent_encode(segment, SEGMENT).into()
}

/// Where a language's tree sits under the site root: the default language at the root (`""`),
/// every other in a folder named by its tag as `languages:` writes it (`"en/"`, `"zh-TW/"`).
/// Every path of this module is relative to a tree's root; a tree's `base_url` ends in it.
pub(crate) fn language_tree(language: &str, default: &str) -> String {
    if language == default {
        String::new()
    } else {
        format!("{language}/")
    }
}

/// The URL path of an incident page, relative to the site root.
pub(crate) fn incident_path(slug: &str) -> String {
    // Pushed rather than `format!`ed: every card, page, feed item and API object asks.
    const FOLDER: &str = "incidents/";
    let segment = encoded(slug);
    let mut path = String::with_capacity(FOLDER.len() + segment.len() + 1);
    path.push_str(FOLDER);
    path.push_str(&segment);
    path.push('/');
    path
}

/// The absolute URL of an incident page: its permanent address, which feeds, calendars and
/// the API give as the incident's link and id.
pub(crate) fn incident_url(base_url: &str, slug: &str) -> String {
    format!("{base_url}{}", incident_path(slug))
}

/// The URL path of a component page (`product` or `product/feature`), relative to the root.
pub(crate) fn component_path(reference: &str) -> String {
    format!("components/{reference}/")
}

/// The file name of the RSS feed, in the site root and in every component's folder.
pub(crate) const RSS: &str = "rss.xml";
/// The file name of the Atom feed.
pub(crate) const ATOM: &str = "atom.xml";
/// The file name of the JSON feed.
pub(crate) const JSON_FEED: &str = "feed.json";
/// Every feed's file name: the site root and each component's folder hold one of each.
pub(crate) const FEEDS: [&str; 3] = [RSS, ATOM, JSON_FEED];

/// The URL path of the subscribe page (every feed, the calendar, sign-up and chat
/// instructions), relative to the root.
pub(crate) const SUBSCRIBE_PATH: &str = "subscribe/";

/// The URL path of a month of history, relative to the root.
pub(crate) fn month_path(year: i16, month: i8) -> String {
    format!("history/{year:04}-{month:02}/")
}

/// The URL path of a component's archive for one year (`product` or `product/feature`): the
/// incidents of that year that touched it. Under `history/`, which no feature id can reach
/// twice (a feature called "history" has its year pages one level further down).
pub(crate) fn component_year_path(reference: &str, year: i16) -> String {
    format!("components/{reference}/history/{year:04}/")
}

/// The path part of the base URL as written: `https://x.example/status/` → `/status/` (what
/// the 404 page's links start from).
pub(crate) fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

/// The path part of the base URL as a URL parser normalises it (percent-encoded, without
/// query): where hosts see the site served from (`_headers` rules). `/` when it does not
/// parse.
pub(crate) fn base_path_parsed(base_url: &str) -> String {
    url::Url::parse(base_url).map_or_else(|_| "/".into(), |u| u.path().to_string())
}

/// The host (and port) of the base URL as written, for calendar UIDs: `x.example` of
/// `https://x.example/status/`; empty without a `://`.
pub(crate) fn base_host(base_url: &str) -> &str {
    base_url
        .split("://")
        .nth(1)
        .unwrap_or("")
        .split('/')
        .next()
        .unwrap_or("")
}

/// A URL path back to the file path it names (undoing percent-encoding of slugs).
pub(crate) fn decode(path: &str) -> String {
    percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::{base_host, base_path, base_path_parsed, incident_path};

    #[test]
    fn incident_paths_escape_what_a_path_segment_cannot_hold() {
        for (slug, path) in [
            ("2026-03-01-db", "incidents/2026-03-01-db/"),
            ("a b#c?d%e", "incidents/a%20b%23c%3Fd%25e/"),
            ("数据库", "incidents/%E6%95%B0%E6%8D%AE%E5%BA%93/"),
            ("x/y'z", "incidents/x%2Fy%27z/"),
        ] {
            assert_eq!(incident_path(slug), path, "{slug}");
        }
    }

    #[test]
    fn base_url_parts() {
        // (base URL, path as written, path as parsed, host)
        let cases = [
            ("https://x.example/", "/", "/", "x.example"),
            ("https://x.example", "/", "/", "x.example"),
            (
                "https://x.example:8080/status/",
                "/status/",
                "/status/",
                "x.example:8080",
            ),
            (
                "https://x.example/状态/",
                "/状态/",
                "/%E7%8A%B6%E6%80%81/",
                "x.example",
            ),
            ("https://x.example/a?q=1", "/a?q=1", "/a", "x.example"),
            ("x.example/status/", "/status/", "/", ""),
        ];
        for (base, written, parsed, host) in cases {
            assert_eq!(base_path(base), written, "{base}");
            assert_eq!(base_path_parsed(base), parsed, "{base}");
            assert_eq!(base_host(base), host, "{base}");
        }
    }
}
