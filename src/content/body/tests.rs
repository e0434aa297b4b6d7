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
