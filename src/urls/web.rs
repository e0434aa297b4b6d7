//! Which strings are web addresses. Each question Bulletin asks is a function of its own,
//! because the answers differ on purpose:
//!
//! - [`is_web_address`]: did the user write an absolute `http://` or `https://` address (a
//!   `base_url`, a logo, where to fetch from)? As written, lower-case scheme, no parsing: what
//!   we will put in front of paths or fetch.
//! - [`is_absolute_web_url`]: does it parse as an http(s) URL with a host? For addresses
//!   Bulletin sends to or writes as links (notify targets, the WebSub hub, `--url`), which
//!   must be real URLs.
//! - [`is_web_link`]: would a browser follow it as a web link? Schemes are case-insensitive
//!   and leading spaces are skipped, as browsers do; for a statement link put in an `href`.
//! - [`is_safe_link`]: may a Markdown link point there? Relative, or one of the
//!   [`LINK_SCHEMES`] (which the HTML sanitizer allows too); never `javascript:` or `data:`,
//!   however a browser would read them.
//! - [`is_remote`]: would an image there come from another host?

/// The schemes a link in incident text may use (relative links need none).
pub(crate) const LINK_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Whether a URL scheme (as the `url` crate gives it: lower case) is a web one.
pub(crate) fn is_web_scheme(scheme: &str) -> bool {
    matches!(scheme, "http" | "https")
}

/// Whether `text` is written as an absolute web address: it starts with `https://` or
/// `http://`, exactly so.
pub fn is_web_address(text: &str) -> bool {
    text.starts_with("https://") || text.starts_with("http://")
}

/// `text` parsed, when it is an absolute http(s) URL with a host.
pub(crate) fn absolute_web_url(text: &str) -> Option<url::Url> {
    url::Url::parse(text)
        .ok()
        .filter(|u| is_web_scheme(u.scheme()) && u.has_host())
}

/// Whether `text` parses as an absolute http(s) URL with a host.
pub(crate) fn is_absolute_web_url(text: &str) -> bool {
    absolute_web_url(text).is_some()
}

/// Whether a link from an incident file may be put in an `href` as a web link: only http(s),
/// never `javascript:` or `data:`; the scheme in any case, after leading spaces.
pub(crate) fn is_web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    is_web_address(&lower)
}

/// The start of a URL as a browser reads it: without the whitespace and control characters
/// it skips (`java\tscript:`), lower-cased; enough of it to see the scheme.
fn url_start(url: &str) -> String {
    url.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The scheme of a URL's [`url_start`], if it has one.
fn scheme(start: &str) -> Option<&str> {
    match start.find([':', '/', '?', '#']) {
        Some(i) if start.as_bytes()[i] == b':' => Some(&start[..i]),
        _ => None,
    }
}

/// Whether a Markdown link target is relative or uses one of the [`LINK_SCHEMES`].
pub(crate) fn is_safe_link(url: &str) -> bool {
    scheme(&url_start(url)).is_none_or(|s| LINK_SCHEMES.contains(&s))
}

/// Whether an image at `url` would come from another host: a URL with a scheme, or one
/// starting with two slashes (`//host/x.png`; browsers read `\` as `/` there). A path in
/// the site (`/img/x.png`, `x.png`) is not.
pub(crate) fn is_remote(url: &str) -> bool {
    let start = url_start(url);
    let slash = |c: Option<char>| matches!(c, Some('/' | '\\'));
    let mut chars = start.chars();
    scheme(&start).is_some() || (slash(chars.next()) && slash(chars.next()))
}

#[cfg(test)]
mod tests {
    use super::{is_absolute_web_url, is_remote, is_safe_link, is_web_address, is_web_link};

    /// Each input with what each question answers: (address, absolute URL, web link, safe
    /// link, remote).
    #[rustfmt::skip]
    const TABLE: &[(&str, [bool; 5])] = &[
        ("https://x.test/a",           [true,  true,  true,  true,  true ]),
        ("http://x.test/",             [true,  true,  true,  true,  true ]),
        ("HTTPS://x.test/",            [false, true,  true,  true,  true ]),
        (" https://x.test/",           [false, true,  true,  true,  true ]),
        ("https://",                   [true,  false, true,  true,  true ]),
        ("http:x.test",                [false, true,  false, true,  true ]),
        ("https:/x.test",              [false, true,  false, true,  true ]),
        ("httpx://x.test",             [false, false, false, false, true ]),
        ("http",                       [false, false, false, true,  false]),
        ("ftp://x.test/a",             [false, false, false, false, true ]),
        ("mailto:ops@x.test",          [false, false, false, true,  true ]),
        ("javascript:alert(1)",        [false, false, false, false, true ]),
        ("java\tscript:alert(1)",      [false, false, false, false, true ]),
        ("JavaScript:alert(1)",        [false, false, false, false, true ]),
        ("data:image/png;base64,AAAA", [false, false, false, false, true ]),
        ("//x.test/a.png",             [false, false, false, true,  true ]),
        ("\\\\x.test/a.png",           [false, false, false, true,  true ]),
        ("/\\x.test/a.png",            [false, false, false, true,  true ]),
        (" \t//x.test/a.png",          [false, false, false, true,  true ]),
        ("a.png",                      [false, false, false, true,  false]),
        ("/img/a.png",                 [false, false, false, true,  false]),
        ("./a.png",                    [false, false, false, true,  false]),
        ("../a.png",                   [false, false, false, true,  false]),
        ("a.png?x=1:2",                [false, false, false, true,  false]),
        ("#x",                         [false, false, false, true,  false]),
        ("",                           [false, false, false, true,  false]),
    ];

    #[test]
    fn each_question_has_its_own_answer() {
        for (input, want) in TABLE {
            let got = [
                is_web_address(input),
                is_absolute_web_url(input),
                is_web_link(input),
                is_safe_link(input),
                is_remote(input),
            ];
            assert_eq!(
                &got, want,
                "{input:?}: address, absolute, web link, safe, remote"
            );
        }
    }
}
