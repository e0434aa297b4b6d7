//! Finding a body's top-level `##` and `###` headings: with a line scan when the body holds
//! nothing that could make a line's reading depend on what came before it, else with
//! pulldown-cmark's block parser (what the renderer reads).
//!
//! A heading that starts at column 0 with `##` or `###` and a space, a tab or the line's end
//! is a top-level heading in CommonMark unless a fenced code block, an HTML block, a table,
//! a footnote or reference definition, or a setext underline is around it: a heading ends any
//! paragraph, so it is never the lazy continuation of a quote or a list item, and column 0 is
//! outside every indented container. The scan gives up on a body holding any of those (a
//! fence, `<`, `[^`, `]:`, a line of only `-` `=` `|` `:` `>`, a `#` after indentation), which
//! keeps ordinary incidents off the block parser: it was half the cost of reading a body.

use std::cell::Cell;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::markdown;

/// A top-level heading: its level, the byte range of its line(s) and its text.
pub(super) struct Heading<'a> {
    pub level: HeadingLevel,
    pub range: Range<usize>,
    pub text: &'a str,
}

thread_local! {
    /// How many bodies this thread read with the block parser rather than the line scan (a
    /// work count for tests: ordinary incidents must not need it). Per thread, so that tests
    /// running at once do not count each other's bodies.
    static PARSED_BODIES: Cell<usize> = const { Cell::new(0) };
}

/// How many bodies this thread has read with the block parser to find their headings.
#[cfg(test)]
pub(crate) fn parsed_bodies() -> usize {
    PARSED_BODIES.with(Cell::get)
}

/// Top-level `##` and `###` headings of `body`, outside quotes, lists and code.
pub(super) fn headings(body: &str) -> Vec<Heading<'_>> {
    headings_at(body, memchr::memchr_iter(b'\n', body.as_bytes()))
}

/// [`headings`] with the offsets of the body's `\n`s found already, in order.
pub(super) fn headings_at(body: &str, line_ends: impl Iterator<Item = usize>) -> Vec<Heading<'_>> {
    scanned(body, line_ends).unwrap_or_else(|| {
        PARSED_BODIES.with(|n| n.set(n.get() + 1));
        parsed(body)
    })
}

/// The headings found line by line, or `None` when the body holds something around which
/// only the block parser can tell (see the module's comment).
fn scanned(body: &str, line_ends: impl Iterator<Item = usize>) -> Option<Vec<Heading<'_>>> {
    let bytes = body.as_bytes();
    if has_block_markup(bytes) {
        return None;
    }
    let mut out = Vec::new();
    let mut start = 0;
    // Each line with its `\n`, and the last one (if the body does not end with one).
    let mut ends = line_ends.map(|i| i + 1).chain(std::iter::once(bytes.len()));
    while start < bytes.len() {
        let end = ends.next().unwrap_or(bytes.len());
        let range = start..end;
        start = end;
        let line = &body[range.clone()];
        match line.as_bytes()[0] {
            b'#' => {
                let level = match atx_level(line.as_bytes()) {
                    Some(2) => HeadingLevel::H2,
                    Some(3) => HeadingLevel::H3,
                    _ => continue,
                };
                let text = heading_text(line);
                out.push(Heading { level, range, text });
            }
            b' ' | b'\t' if line.trim_start().starts_with('#') => return None,
            _ if is_underline_like(line) => return None,
            _ => {}
        }
    }
    Some(out)
}

/// Whether the body holds what makes the line scan give up: `<` (HTML), a code fence
/// (```` ``` ```` or `~~~`), a footnote (`[^`) or a link reference definition (`]:`). Two vector
/// searches for the bytes that start them, each hit looked at: a substring search for each
/// (four passes over the body) cost more than the rest of the scan.
fn has_block_markup(bytes: &[u8]) -> bool {
    let at = |i: usize, what: &[u8]| bytes[i..].starts_with(what);
    memchr::memchr3_iter(b'<', b'`', b'~', bytes).any(|i| match bytes[i] {
        b'<' => true,
        b'`' => at(i, b"```"),
        _ => at(i, b"~~~"),
    }) || memchr::memchr2_iter(b'[', b']', bytes).any(|i| match bytes[i] {
        b'[' => at(i, b"[^"),
        _ => at(i, b"]:"),
    })
}

/// The level of an ATX heading line starting at column 0 (`#`s then a space, a tab or the
/// end of the line), if it is one.
fn atx_level(line: &[u8]) -> Option<usize> {
    let level = line.iter().take_while(|&&b| b == b'#').count();
    let after = line.get(level).copied();
    ((1..=6).contains(&level) && matches!(after, None | Some(b' ' | b'\t' | b'\n')))
        .then_some(level)
}

/// Whether a line could be a setext underline, a thematic break or a table's delimiter row:
/// nothing but `-` `=` `|` `:` `>` and white space, with a `-` or `=`.
fn is_underline_like(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes
        .iter()
        .all(|b| matches!(b, b'-' | b'=' | b'|' | b':' | b'>' | b' ' | b'\t' | b'\n'))
        && bytes.iter().any(|b| matches!(b, b'-' | b'='))
}

/// The headings as pulldown-cmark's block parser finds them.
fn parsed(body: &str) -> Vec<Heading<'_>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let parser = Parser::new_ext(body, markdown::options()).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Heading { level, .. }) if depth == 0 => {
                if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                    let text = heading_text(&body[range.clone()]);
                    out.push(Heading { level, range, text });
                }
            }
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_)) => {
                depth += 1
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1)
            }
            _ => {}
        }
    }
    out
}

/// The text of a heading's source: `### 03:30 · resolved ###` → `03:30 · resolved`.
pub(super) fn heading_text(raw: &str) -> &str {
    // The first line (its line end goes with the trimming below).
    let line = memchr::memchr(b'\n', raw.as_bytes()).map_or(raw, |end| &raw[..end]);
    let line = line.trim_start().trim_start_matches('#').trim();
    let closed = line.trim_end_matches('#');
    if closed.len() < line.len() && closed.ends_with(' ') {
        closed.trim()
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line scan with the line ends found for it alone.
    fn lone(body: &str) -> Option<Vec<Heading<'_>>> {
        scanned(body, memchr::memchr_iter(b'\n', body.as_bytes()))
    }

    /// What each finder gives, comparable.
    fn found(headings: &[Heading]) -> Vec<(u8, Range<usize>, String)> {
        let level = |l: HeadingLevel| l as u8;
        headings
            .iter()
            .map(|h| (level(h.level), h.range.clone(), h.text.to_string()))
            .collect()
    }

    const BODIES: [&str; 24] = [
        "Summary.\n\n## Timeline\n\n### 03:30 · resolved\n\nText.\n",
        "## Timeline\n### 03:30 · investigating\nx\n### 04:00 · resolved ###\n",
        "##\tTabbed\n\n###\n\n####  deeper\n\n#not a heading\n## ",
        "> quoted\n## After a quote\n> ## inside\n",
        "- item\n## After a list\n- ## in a list\n  ## continued in it\n",
        "    ## indented code\n\n## Real\n",
        "para\n  ## indented heading\n",
        "Title\n---\n\n## x\n",
        "Title\n===\n",
        "para\n\n---\n\n## After a rule\n",
        "```\n## in code\n```\n## out\n",
        "~~~\n## in code\n",
        "<div>\n## in html\n</div>\n\n## out\n",
        "<!--\n## in a comment\n-->\n",
        "[^1]: note\n## after\n",
        "[a]:\n## dest\n",
        "| a | b |\n|---|---|\n## after the table\n",
        "a | b\n--|--\n## x\n",
        "text *emph\n## split* here\n",
        "\\## escaped\n## kept\n",
        "## C# notes\n### 03:30 · [Blog](https://b.example/x) · team\n",
        "##hashtag, not a heading\n###no space either\n## Real\n",
        "## Fixes for C#\n### 03:30 · about F#\n",
        "",
    ];

    #[test]
    fn the_line_scan_finds_what_the_block_parser_finds() {
        let mut scanned_some = 0;
        for body in BODIES {
            if let Some(lines) = lone(body) {
                scanned_some += 1;
                assert_eq!(found(&lines), found(&parsed(body)), "{body:?}");
            }
        }
        assert!(scanned_some >= 8, "{scanned_some}");
    }

    /// Headings found with the whole file's line ends (as the loader finds them) are the
    /// body's own, whatever comes before the body.
    #[test]
    fn the_files_line_ends_find_the_bodys_headings() {
        for body in BODIES {
            for front in ["", "---\ntitle: x\n---\n", "---\ntitle: 微\n---\n\n", "x"] {
                let text = format!("{front}{body}");
                let ends = crate::text::LineEnds::of(&text);
                let shared = headings_at(body, ends.after(front.len()));
                assert_eq!(found(&shared), found(&headings(body)), "{text:?}");
            }
        }
    }

    /// The two searches for block markup agree with a substring search for each kind.
    #[test]
    fn block_markup_is_found_as_a_search_for_each_finds_it() {
        let pieces = ["`", "~", "[", "]", "^", ":", "<", "a", "\n", "微"];
        let mut all = crate::content::body::tests::odd_strings(&pieces);
        all.push(format!("{}```", "a".repeat(100_000)));
        for s in &all {
            let each = ["<", "```", "~~~", "[^", "]:"]
                .iter()
                .any(|n| s.contains(n));
            assert_eq!(has_block_markup(s.as_bytes()), each, "{s:?}");
        }
    }

    #[test]
    fn the_line_scan_gives_up_where_only_the_parser_can_tell() {
        for body in [
            "Title\n---\n",
            "```\n## in code\n```\n",
            "<div>\n## x\n",
            "[^1]: note\n",
            "[a]: /x\n",
            "| a |\n| - |\n",
            "  ## indented\n",
        ] {
            assert!(lone(body).is_none(), "{body:?}");
        }
        assert!(lone("## Timeline\n\n### 03:30 · resolved\n\nDone.\n").is_some());
        // An indented line that is not a heading leaves the scan to its work.
        assert!(lone("## Timeline\n\n  an indented line\n").is_some());
    }
}
