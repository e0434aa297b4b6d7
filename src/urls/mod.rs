//! The site's URLs: where each page and feed lives, written the same way by every page, feed,
//! calendar and API file that links to it, and by `bulletin notify` (message links, WebSub
//! pings). Paths are relative to the site root (no leading `/`); absolute URLs put the
//! configured `base_url` in front. [`web`]: which strings are web addresses at all.

pub mod web;

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

/// One path segment (a slug), percent-encoded the same way everywhere it appears.
pub fn encode_segment(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// The URL path of an incident page, relative to the site root.
pub fn incident_path(slug: &str) -> String {
    format!("incidents/{}/", encode_segment(slug))
}

/// The absolute URL of an incident page: its permanent address, which feeds, calendars and
/// the API give as the incident's link and id.
pub fn incident_url(base_url: &str, slug: &str) -> String {
    format!("{base_url}{}", incident_path(slug))
}

/// The URL path of a component page (`product` or `product/feature`), relative to the root.
pub fn component_path(reference: &str) -> String {
    format!("components/{reference}/")
}

/// The file name of the RSS feed, in the site root and in every component's folder.
pub const RSS: &str = "rss.xml";
/// The file name of the Atom feed.
pub const ATOM: &str = "atom.xml";
/// The file name of the JSON feed.
pub const JSON_FEED: &str = "feed.json";
/// Every feed's file name: the site root and each component's folder hold one of each.
pub const FEEDS: [&str; 3] = [RSS, ATOM, JSON_FEED];

/// The URL path of a month of history, relative to the root.
pub fn month_path(year: i16, month: i8) -> String {
    format!("history/{year:04}-{month:02}/")
}

/// The path part of the base URL: `https://x.example/status/` → `/status/`.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

/// A URL path back to the file path it names (undoing percent-encoding of slugs).
pub fn decode(path: &str) -> String {
    percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned()
}
