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
mod scan;

use std::path::Path;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::diagnostics::{Code, Diagnostic};
use crate::markdown;
use crate::text::{LineEnds, position};
use scan::{LT, quick, scan};

use crate::limits::MAX_NESTING;

/// How many markup characters (`*` `_` `[` `]` `<` `>` `&` `` ` `` `|` `~` `\` `!`, list
/// markers) and lines one file may hold. The Markdown parser builds a tree with a node or two
/// per markup character before it yields anything, and a body is parsed several times at once
/// (pages, feeds, API); this keeps each tree to some tens of MB. Real incidents hold hundreds.
pub const MAX_MARKUP: usize = 200_000;

/// How many bytes of YAML an incident's front matter may hold. Its fields need a few hundred
/// (an `affected` list of a hundred components, a few KB); the checks that point at each
/// field look through the front matter for it, so this also keeps a file of 100,000 unknown
/// fields from costing minutes.
pub(crate) const MAX_FRONT_MATTER: usize = 64 << 10;

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

/// Checks the body of an incident file (`text[base..]`) against the caps; the first cap it
/// exceeds, as an error at the place where it is exceeded.
pub fn check(rel: &Path, text: &str, base: usize) -> Option<Diagnostic> {
    check_lines(rel, text, &LineEnds::of(text), base)
}

/// [`check`] with the text's line ends found already.
pub(crate) fn check_lines(
    rel: &Path,
    text: &str,
    ends: &LineEnds,
    base: usize,
) -> Option<Diagnostic> {
    let body = &text[base..];
    if quick(body, ends.after(base)) {
        return None;
    }
    let found = match scan(body) {
        Err(over) => Some(over),
        Ok(scan) if scan.settled(body) => None,
        Ok(scan) => measure(body, scan.classes & LT != 0, html_limit(body.len())),
    };
    found.map(|(cap, offset)| cap.diagnostic(rel, text, base + offset))
}

/// Checks an incident's front matter (`yaml`, `line_offset` lines below the top of `rel`)
/// before the YAML parser reads it: its size ([`MAX_FRONT_MATTER`]), then its nesting and
/// aliases (`yaml::check_nesting`).
pub(crate) fn check_front_matter(
    rel: &Path,
    yaml: &str,
    line_offset: usize,
) -> Result<(), Diagnostic> {
    if yaml.len() <= MAX_FRONT_MATTER {
        return crate::yaml::check_nesting(rel, yaml, line_offset);
    }
    let (line, _) = position(yaml, MAX_FRONT_MATTER);
    Err(Diagnostic::error(
        Code::FrontMatterTooLarge,
        rel,
        format!("the front matter is over its {} KiB limit by here", MAX_FRONT_MATTER >> 10),
    )
    .at(line + line_offset, 1)
    .hint("the front matter holds a few fields (title, kind, impact, affected, times); is the closing `---` missing, or text that belongs in the body above it?"))
}

/// Whether raw HTML (a whole document, such as an imported update body) nests deeper than
/// [`MAX_NESTING`] as html5ever's tree builder would build it, measured with its tokenizer
/// alone (linear, no tree). The importer asks before handing HTML to a converter that walks
/// the tree recursively.
pub(crate) fn html_nests_too_deep(html: &str) -> bool {
    let mut tags = html::OpenTags::default();
    tags.feed(html);
    tags.depth() > MAX_NESTING
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
                Code::NestingTooDeep,
                rel,
                format!("quotes, lists, emphasis and HTML tags nest more than {MAX_NESTING} levels deep here"),
            )
            .hint("close what is open before opening more: each `>` and list marker is a level, and so is every HTML tag left open (`<div>` without `</div>`); no reader follows a page this deep, and rendering one takes time that grows with the square of its depth"),
            Cap::Markup => Diagnostic::error(
                Code::TooMuchMarkup,
                rel,
                format!("the file holds more than {MAX_MARKUP} Markdown markup characters and lines (* _ [ ] < > & ` | ~ \\ ! and list markers); the limit is reached here"),
            )
            .hint("this is usually a pasted log or generated text: keep the incident to what readers need and link to the long text"),
            Cap::Output(limit) => Diagnostic::error(
                Code::OutputTooLarge,
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
            if super::quick(&body, crate::text::LineEnds::of(&body).after(0)) {
                let limit = super::html_limit(body.len());
                prop_assert_eq!(super::measure(&body, false, limit), None, "{}", body);
                prop_assert!(super::scan(&body).is_ok_and(|s| s.settled(&body)), "{}", body);
            }
        }
    }
}
