//! Fuzz target: one incident body's Markdown, through the caps on the work it may cause
//! (`content::limits`, docs/limits.md) and, when it is within them, through rendering.
//!
//! Checks, besides "never panics":
//! - a body over a cap gets an error with a line and a column;
//! - a body within the caps renders to no more HTML than `limits::html_limit` allows (linear
//!   in its size), and to plain text no larger than twice its size, with no tag-like run
//!   (`<` then a letter, `/`, `!` or `?`) left in the plain text.
//!
//! A timeout here (libFuzzer's `-timeout`) is a finding too: rendering must stay linear.

#![no_main]

use std::path::Path;

use bulletin::content::limits;
use bulletin::markdown;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let text = format!("---\ntitle: x\n---\n{body}");
    let base = text.len() - body.len();
    if let Some(d) = limits::check(Path::new("incidents/fuzz.md"), &text, base) {
        assert!(d.is_error() && d.line.is_some() && d.column.is_some(), "{d:?}");
        return;
    }
    let html = markdown::to_html(&body, false);
    assert!(
        html.len() <= limits::html_limit(body.len()),
        "{} bytes of HTML from {}",
        html.len(),
        body.len()
    );
    let plain = markdown::to_plain_text(&body);
    assert!(plain.len() <= 2 * body.len() + 2);
    let tag_like = plain.as_bytes().windows(2).any(|w| {
        w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'/' | b'!' | b'?'))
    });
    assert!(!tag_like, "{plain:?}");
});
