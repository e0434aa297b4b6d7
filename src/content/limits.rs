//! Caps on the work one incident file can cause: how deeply its Markdown and HTML nest, how
//! much markup it holds and how much HTML it renders to.
//!
//! Without them a 1 MB file could take minutes (html5ever walks its stack of open elements
//! for every start tag, so `<div>` nested 200,000 deep is quadratic) or gigabytes (each `>`
//! opens a quote that renders to 27 bytes, a reference link repeats its whole target each time
//! it is used). A file over a cap is reported with where the cap is reached and is never
//! rendered. The caps are documented in `docs/limits.md`.
//!
//! The check is one linear pass over the bytes that settles ordinary files; only files that
//! could come near a cap (raw HTML, reference definitions, a large or deeply nested body) are
//! parsed, once, with pulldown-cmark to count exactly what the renderer would do.

mod elements;
mod html;

use std::path::Path;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::diagnostics::Diagnostic;
use crate::markdown;

/// How deeply elements may nest: quotes, lists (two levels each: the list and its item),
/// emphasis, links and raw HTML tags left open, all counted together.
pub const MAX_NESTING: usize = 64;

/// How many markup characters (`*` `_` `[` `]` `<` `>` `&` `` ` `` `|` `~` `\` `!`, list
/// markers) and lines one file may hold. The Markdown parser builds a tree with a node or two
/// per markup character before it yields anything, and a body is parsed several times at once
/// (pages, feeds, API); this keeps each tree to some tens of MB. Real incidents hold hundreds.
pub const MAX_MARKUP: usize = 200_000;

/// How many bytes of HTML the body of one incident may render to: as much as the largest
/// file. A body is written into its page and into every feed that lists it, and rendering
/// holds several copies at once, so this is what keeps a build's memory near 200 MB.
pub const MAX_HTML_BYTES: usize = 4 << 20;

/// HTML any body may render to whatever its size (with [`AMPLIFICATION`] per byte on top).
const HTML_SLACK: usize = 64 << 10;

/// How many bytes of HTML a body of `len` bytes may render to: [`MAX_HTML_BYTES`], and for
/// small bodies no more than [`AMPLIFICATION`] bytes per byte beyond 64 KiB, so that a few
/// lines cannot become megabytes (a table row is filled up with empty cells to the width of
/// its header: 300 header columns and 300 short rows make 90,000 cells).
pub fn html_limit(len: usize) -> usize {
    MAX_HTML_BYTES.min(HTML_SLACK + AMPLIFICATION * len)
}

/// An upper bound of HTML bytes per source byte for Markdown without raw HTML, reference
/// definitions or tables: the worst is `>` (one byte, `<blockquote>\n</blockquote>\n`).
const AMPLIFICATION: usize = 64;

/// Bodies up to this size without raw HTML or definitions cannot reach [`MAX_HTML_BYTES`].
const FAST_MAX_BYTES: usize = MAX_HTML_BYTES / AMPLIFICATION;

/// Nesting the byte scan cannot see per line: a table (table, head or body, row, cell) and
/// the paragraph or heading around inline text.
const BASE_DEPTH: usize = 5;

/// Byte classes of the scan: a markup character, one that can open an inline element, `<`,
/// `|`, a line break, and anything but white space.
const MARKUP: u8 = 1;
const OPENER: u8 = 2;
const LT: u8 = 4;
const PIPE: u8 = 8;
const NEWLINE: u8 = 16;
const INK: u8 = 32;

const CLASS: [u8; 256] = {
    let mut t = [INK; 256];
    let blank = b" \t\r\n\x0b\x0c";
    let mut i = 0;
    while i < blank.len() {
        t[blank[i] as usize] = 0;
        i += 1;
    }
    let markup = b"*_[]<>&`|~\\!";
    i = 0;
    while i < markup.len() {
        t[markup[i] as usize] |= MARKUP;
        i += 1;
    }
    t[b'*' as usize] |= OPENER;
    t[b'_' as usize] |= OPENER;
    t[b'~' as usize] |= OPENER;
    t[b'[' as usize] |= OPENER;
    t[b'<' as usize] |= OPENER | LT;
    t[b'|' as usize] |= PIPE;
    t[b'\n' as usize] = NEWLINE;
    t
};

/// Checks the body of an incident file (`text[base..]`) against the caps; the first cap it
/// exceeds, as an error at the place where it is exceeded.
pub fn check(rel: &Path, text: &str, base: usize) -> Option<Diagnostic> {
    let body = &text[base..];
    if quick(body) {
        return None;
    }
    let found = match scan(body) {
        Err(over) => Some(over),
        Ok(scan) if scan.settled(body) => None,
        Ok(scan) => measure(body, scan.classes & LT != 0, html_limit(body.len())),
    };
    found.map(|(cap, offset)| cap.diagnostic(rel, text, base + offset))
}

/// Which cap a file exceeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cap {
    Nesting,
    Markup,
    /// With the limit that applied to this body.
    Output(usize),
}

impl Cap {
    fn diagnostic(self, rel: &Path, text: &str, offset: usize) -> Diagnostic {
        let (line, column) = position(text, offset);
        let d = match self {
            Cap::Nesting => Diagnostic::error(
                "nesting-too-deep",
                rel,
                format!("quotes, lists, emphasis and HTML tags nest more than {MAX_NESTING} levels deep here"),
            )
            .hint("close what is open before opening more: each `>` and list marker is a level, and so is every HTML tag left open (`<div>` without `</div>`); no reader follows a page this deep, and rendering one takes time that grows with the square of its depth"),
            Cap::Markup => Diagnostic::error(
                "too-much-markup",
                rel,
                format!("the file holds more than {MAX_MARKUP} Markdown markup characters and lines (* _ [ ] < > & ` | ~ \\ ! and list markers); the limit is reached here"),
            )
            .hint("this is usually a pasted log or generated text: keep the incident to what readers need and link to the long text"),
            Cap::Output(limit) => Diagnostic::error(
                "output-too-large",
                rel,
                format!(
                    "this incident would render to more than {} KiB of HTML (at most {} MiB, and {AMPLIFICATION} bytes for each byte of text beyond {} KiB); the limit is reached here",
                    limit >> 10,
                    MAX_HTML_BYTES >> 20,
                    HTML_SLACK >> 10
                ),
            )
            .hint("look for a table whose header has many more columns than its rows (each row is filled up to the header's width), a reference link or footnote with a long target used many times, or a large paste; shorten it, or link to the long text"),
        };
        d.at(line, column)
    }
}

/// 1-based line and column (in characters) of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

/// Whether a body is surely within every cap, found with whole-body counts that the
/// compiler turns into vector instructions: what nearly every incident takes, at several
/// GB/s. Bounds the depth by every opener of the body together, not per paragraph.
fn quick(body: &str) -> bool {
    let b = body.as_bytes();
    // A body this short cannot reach MAX_MARKUP: at most a markup character and a list
    // marker per byte, and a line per byte.
    const { assert!(3 * FAST_MAX_BYTES < MAX_MARKUP) };
    if b.len() > FAST_MAX_BYTES {
        return false;
    }
    let (mut openers, mut special) = (0usize, 0u8);
    for chunk in b.chunks(128) {
        let (mut o, mut s) = (0u8, 0u8);
        for &c in chunk {
            o += u8::from(matches!(c, b'*' | b'_' | b'~' | b'['));
            s |= u8::from(matches!(c, b'<' | b'|'));
        }
        openers += usize::from(o);
        special |= s;
    }
    if special != 0 {
        return false;
    }
    let mut prefix = 0;
    for start in std::iter::once(0).chain(body.match_indices('\n').map(|(i, _)| i + 1)) {
        let (depth, _, content) = container_prefix(&b[start..]);
        // A reference or footnote definition (`[label]: …`) starts a line.
        if b.get(start + content) == Some(&b'[') {
            return false;
        }
        prefix = prefix.max(depth);
    }
    prefix + openers + BASE_DEPTH <= MAX_NESTING
}

/// Whether `]:` (a reference or footnote definition) occurs: found from each `]` (searched
/// with memchr), faster than a substring search over text that has few brackets.
fn has_definition(body: &str) -> bool {
    body.match_indices(']')
        .any(|(i, _)| body.as_bytes().get(i + 1) == Some(&b':'))
}

/// What the byte scan learnt about a body that stays within [`MAX_MARKUP`].
struct Scan {
    /// An upper bound of the nesting depth of any element.
    depth: usize,
    /// The classes of all its bytes together: whether it has `<` (raw HTML, whose depth the
    /// scan cannot bound) or `|` (a table).
    classes: u8,
}

impl Scan {
    /// Whether the scan alone shows the body within every cap.
    fn settled(&self, body: &str) -> bool {
        self.depth <= MAX_NESTING
            && self.classes & (LT | PIPE) == 0
            && body.len() <= FAST_MAX_BYTES
            // A reference or footnote definition lets a short use repeat a long target, as
            // a table row is filled up with empty cells to the width of its header.
            && !has_definition(body)
    }
}

/// One pass over the bytes: counts markup (failing at the place it passes [`MAX_MARKUP`]) and
/// bounds the nesting depth from each line's container prefix and each paragraph's openers.
fn scan(body: &str) -> Result<Scan, (Cap, usize)> {
    let b = body.as_bytes();
    let (mut markup, mut depth, mut classes) = (0usize, 0usize, 0u8);
    // Deepest container prefix and inline openers of the paragraph so far.
    let (mut block, mut openers) = (0usize, 0usize);
    let (mut line_markup, mut line_openers, mut line_classes) = (0usize, 0usize, 0u8);
    let mut start = 0;
    // One pass, one table lookup a byte; the work at line ends is rare enough to branch on.
    for (i, &c) in b.iter().chain(std::iter::once(&b'\n')).enumerate() {
        let k = CLASS[c as usize];
        line_markup += usize::from(k & MARKUP);
        line_openers += usize::from((k & OPENER) >> 1);
        line_classes |= k;
        if k & NEWLINE == 0 {
            continue;
        }
        if line_classes & INK == 0 {
            (block, openers) = (0, 0);
        } else {
            let line = &b[start..i.min(b.len())];
            let (prefix, markers, _) = container_prefix(line);
            if markup + line_markup + markers + 1 > MAX_MARKUP {
                let at = markup_limit_in(line, MAX_MARKUP - markup);
                return Err((Cap::Markup, start + at));
            }
            markup += line_markup + markers + 1;
            block = block.max(prefix);
            openers += line_openers;
            depth = depth.max(block + openers + BASE_DEPTH);
        }
        classes |= line_classes;
        (line_markup, line_openers, line_classes) = (0, 0, 0);
        start = i + 1;
    }
    Ok(Scan { depth, classes })
}

/// The byte offset within `line` of its `n`th markup character past the limit.
fn markup_limit_in(line: &[u8], left: usize) -> usize {
    line.iter()
        .enumerate()
        .filter(|&(_, &c)| CLASS[c as usize] & MARKUP != 0)
        .nth(left.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// A bound of the nesting a line's container prefix opens (`>`, list markers, indentation),
/// how many of its markers are not markup characters already (`-`, `+`, `1.`), and where
/// the line's content starts. Each
/// marker counts two (a list and its item); each column of indentation one, as a nested list
/// needs at least two more columns per level.
fn container_prefix(line: &[u8]) -> (usize, usize, usize) {
    let (mut depth, mut markers, mut i) = (0, 0, 0);
    loop {
        while let Some(&c) = line.get(i).filter(|c| matches!(c, b' ' | b'\t')) {
            depth += if c == b'\t' { 4 } else { 1 };
            i += 1;
        }
        // `line` may run on past its line break (see `quick`).
        let spaced = |j: usize| {
            line.get(j)
                .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        };
        let next = match line.get(i) {
            Some(b'>') => i + 1,
            Some(b'-' | b'+' | b'*') if spaced(i + 1) => i + 1,
            Some(c) if c.is_ascii_digit() => {
                let digits = line[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                match line.get(i + digits) {
                    Some(b'.' | b')') if digits <= 9 && spaced(i + digits + 1) => i + digits + 1,
                    _ => break,
                }
            }
            _ => break,
        };
        depth += 2;
        markers += usize::from(CLASS[line[i] as usize] & MARKUP == 0);
        i = next;
    }
    (depth, markers, i)
}

/// Parses the body as the renderer will and counts: nesting of elements (Markdown's and raw
/// HTML's together, as html5ever sees them) and an upper bound of the HTML it renders to.
fn measure(body: &str, html: bool, limit: usize) -> Option<(Cap, usize)> {
    // With raw HTML, the sanitiser adds `rel="noopener noreferrer nofollow"` to each link.
    let rel = if html { 37 } else { 0 };
    // Cells of a table with an aligned column carry a `style`; others are a bare `<td>`.
    let mut cell = 4;
    let mut tags = html::OpenTags::default();
    let mut out = 0usize;
    for (event, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        let at = range.start;
        match event {
            Event::Start(tag) => {
                tags.markdown_start(tag.to_end());
                out += tags.reconstructed()
                    + match &tag {
                        Tag::Link { .. } => rel + start_bytes(&tag),
                        Tag::Table(align) => {
                            cell = if align.iter().all(|a| *a == Alignment::None) {
                                4
                            } else {
                                32
                            };
                            start_bytes(&tag)
                        }
                        Tag::TableCell => cell,
                        _ => start_bytes(&tag),
                    };
            }
            Event::End(end) => {
                tags.markdown_end(end);
                out += end_bytes(end);
            }
            Event::Text(t) | Event::Code(t) => {
                out += escaped_len(&t) + tags.reconstructed();
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let before = tags.depth();
                tags.feed(&h);
                if tags.depth() > MAX_NESTING {
                    let room = MAX_NESTING.saturating_sub(before);
                    return Some((Cap::Nesting, at + nth_tag(&h, room)));
                }
                out += tags.written(h.len());
            }
            Event::FootnoteReference(label) => out += 96 + 2 * href_len(&label),
            Event::SoftBreak => out += 1,
            Event::TaskListMarker(_) => out += 48,
            _ => out += 8,
        }
        if tags.depth() > MAX_NESTING {
            return Some((Cap::Nesting, at));
        }
        if out > limit {
            return Some((Cap::Output(limit), at));
        }
    }
    None
}

/// The offset in `html` of its `n`th tag (counting from 0), where the cap is passed.
fn nth_tag(html: &str, n: usize) -> usize {
    html.match_indices('<').nth(n).map_or(0, |(i, _)| i)
}

/// An upper bound of the HTML a start tag writes, as pulldown-cmark writes it: the longest
/// opening of its kind (`<td style="text-align: center">`, `<ol start="123456789">`), link
/// and image targets as escaped, titles and labels.
fn start_bytes(tag: &Tag) -> usize {
    match tag {
        Tag::Paragraph | Tag::Item | Tag::Emphasis => 4,
        Tag::Strong | Tag::Table(_) | Tag::Strikethrough | Tag::TableRow => 8,
        Tag::List(None) | Tag::TableHead => 12,
        Tag::BlockQuote(_) | Tag::CodeBlock(CodeBlockKind::Indented) => 16,
        Tag::List(Some(_)) => 32,
        Tag::Link {
            dest_url, title, ..
        } => 24 + href_len(dest_url) + escaped_len(title),
        Tag::Image {
            dest_url, title, ..
        } => 40 + href_len(dest_url) + escaped_len(title),
        Tag::FootnoteDefinition(label) => 96 + 2 * href_len(label),
        Tag::CodeBlock(CodeBlockKind::Fenced(info)) => 32 + escaped_len(info),
        Tag::Heading { id, classes, .. } => {
            16 + id.as_ref().map_or(0, |i| escaped_len(i))
                + classes.iter().map(|c| escaped_len(c) + 1).sum::<usize>()
        }
        _ => 32,
    }
}

/// An upper bound of the HTML an end tag writes: inline ends are short, block ends at most
/// `</blockquote>` or `</code></pre>` and a line break.
fn end_bytes(end: TagEnd) -> usize {
    match end {
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => 9,
        TagEnd::Image => 4,
        TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::TableRow => 6,
        _ => 16,
    }
}

/// The length of a link target as pulldown-cmark writes it: `&` and `'` as entities, bytes
/// that are not safe in a URL percent-encoded.
fn href_len(url: &str) -> usize {
    url.bytes()
        .map(|b| match b {
            b'&' => 5,
            b'\'' => 6,
            b if b.is_ascii_graphic()
                && !matches!(
                    b,
                    b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^'
                ) =>
            {
                1
            }
            _ => 3,
        })
        .sum()
}

/// The length of `text` once HTML-escaped (`&` → `&amp;`, `"` → `&quot;`, `<`, `>`).
fn escaped_len(text: &str) -> usize {
    text.len()
        + text
            .bytes()
            .map(|b| match b {
                b'&' => 4,
                b'"' => 5,
                b'<' | b'>' => 3,
                _ => 0,
            })
            .sum::<usize>()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// Markdown pieces without `<` or `|`, so that bodies of them can take the quick path.
    const PIECES: [&str; 16] = [
        ">",
        "> ",
        "- ",
        "1. ",
        "  ",
        "\t",
        "\n",
        "\n\n",
        "*",
        "_",
        "[",
        "]",
        "~~",
        "word ",
        "[^1]",
        "\n[a]: https://example.test/\n",
    ];

    proptest! {
        /// What the quick path lets through, the exact measure does too.
        #[test]
        fn the_quick_path_accepts_only_what_the_measure_accepts(
            runs in prop::collection::vec((0..PIECES.len(), 1usize..40), 1..40)
        ) {
            let body: String = runs.iter().map(|&(p, n)| PIECES[p].repeat(n)).collect();
            if super::quick(&body) {
                let limit = super::html_limit(body.len());
                prop_assert_eq!(super::measure(&body, false, limit), None, "{}", body);
                prop_assert!(super::scan(&body).is_ok_and(|s| s.settled(&body)), "{}", body);
            }
        }
    }
}
