//! Unit tests of the body parser's small pieces.

use super::sections::link_parts;
use super::*;

#[test]
fn heading_parts_split_on_any_separator() {
    assert_eq!(split_parts("03:30 · resolved", 2), ["03:30", "resolved"]);
    assert_eq!(
        split_parts("2023-03-29 03:30 | identified", 2),
        ["2023-03-29 03:30", "identified"]
    );
    assert_eq!(
        split_parts("2023-03-29T03:30:00+08:00 - monitoring", 2),
        ["2023-03-29T03:30:00+08:00", "monitoring"]
    );
    assert_eq!(
        split_parts("03:30 · 微信团队 · [微博](https://a/b·c)", 3),
        ["03:30", "微信团队", "[微博](https://a/b·c)"]
    );
}

#[test]
fn links_give_text_and_url() {
    assert_eq!(
        link_parts("[微博](https://weibo.com/x)"),
        ("微博".into(), Some("https://weibo.com/x".into()))
    );
    assert_eq!(
        link_parts("<https://example.com/p>"),
        ("example.com".into(), Some("https://example.com/p".into()))
    );
    assert_eq!(link_parts("Twitter"), ("Twitter".into(), None));
}

#[test]
fn closing_hashes_are_dropped() {
    assert_eq!(
        heading_text("### 03:30 · resolved ###\n"),
        "03:30 · resolved"
    );
    assert_eq!(heading_text("## C# notes"), "C# notes");
    // A `#` ending a word is text, not a closing sequence (which needs a space before it).
    assert_eq!(heading_text("### 03:30 · about F#"), "03:30 · about F#");
}

#[test]
fn the_first_separator_wins_whichever_it_is() {
    assert_eq!(split_parts("a – b · c", 2), ["a", "b · c"]);
    assert_eq!(split_parts("a|b - c — d", 4), ["a", "b", "c", "d"]);
    assert_eq!(split_parts("a-b — c", 2), ["a-b", "c"]);
    assert_eq!(split_parts("no separator", 3), ["no separator"]);
}

/// Every string of up to five of `pieces`, in order: odd input for the readers of a heading.
pub(super) fn odd_strings(pieces: &[&str]) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..5 {
        last = last
            .iter()
            .flat_map(|s| pieces.iter().map(move |p| format!("{s}{p}")))
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}

/// The separator search as it was, a look at every byte: what the vector search must agree
/// with.
fn next_separator_bytewise(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().find_map(|(i, &b)| match b {
        b'|' => Some((i, 1)),
        0xC2 if bytes.get(i + 1) == Some(&0xB7) => Some((i, 2)),
        b' ' => DASHES
            .iter()
            .find(|d| bytes[i..].starts_with(d.as_bytes()))
            .map(|d| (i, d.len())),
        _ => None,
    })
}

#[test]
fn the_separator_search_agrees_with_a_look_at_every_byte() {
    let pieces = [" ", "-", "—", "–", "·", "|", "a", "微", "\t", "\u{a0}", "Â"];
    let strings = odd_strings(&pieces);
    assert!(strings.len() > 100_000);
    for s in &strings {
        assert_eq!(next_separator(s), next_separator_bytewise(s), "{s:?}");
    }
    let long = format!("{}· x", "a ".repeat(5000));
    assert_eq!(next_separator(&long), Some((10_000, 2)));
}

#[test]
fn a_heading_text_is_its_first_line_trimmed() {
    let pieces = ["#", " ", "\t", "\r", "\n", "x", "微", "\u{3000}"];
    for s in odd_strings(&pieces) {
        let by_lines = {
            let line = s.lines().next().unwrap_or("");
            let line = line.trim_start().trim_start_matches('#').trim();
            let closed = line.trim_end_matches('#');
            if closed.len() < line.len() && closed.ends_with(' ') {
                closed.trim()
            } else {
                line
            }
        };
        assert_eq!(heading_text(&s), by_lines, "{s:?}");
    }
}
