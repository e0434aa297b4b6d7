//! Bodies that nest, repeat and expand, for the bounded-rendering property (docs/limits.md).

use proptest::prelude::*;

/// Pieces of Markdown and HTML that nest, repeat or expand; a body is runs of them.
pub const PIECES: [&str; 40] = [
    "<div>",
    "</div>",
    "<b id=x>",
    "</b>",
    "<p>",
    "</p>",
    "<p><i id=y>x</p>\n\n",
    "<table><tr><td>",
    ">",
    "> ",
    "- ",
    "1. ",
    "  ",
    "\n",
    "\n\n",
    "*",
    "**",
    "_",
    "[",
    "]",
    "](u)",
    "|",
    "|:-:|",
    "\n|-|-|\n",
    "`",
    "&amp;",
    "[^1]",
    "\n\n[^1]: n\n",
    "[r]",
    "\n\n[r]: https://example.test/long-target\n",
    "word ",
    "~~",
    "<1% ",
    "a < b ",
    "<img src=x onerror=alert(1)",
    "<a href='javascript:x'>",
    "<!--",
    "-->",
    "<script>",
    "</script>",
];

pub fn nesting_body() -> impl Strategy<Value = String> {
    prop::collection::vec((0..PIECES.len(), 1usize..40), 1..60).prop_map(|runs| {
        runs.into_iter()
            .map(|(piece, n)| PIECES[piece].repeat(n))
            .collect()
    })
}

/// How deeply the elements of well-formed HTML (what the renderer writes) nest.
pub fn html_depth(html: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        // Attribute values may hold `>` only when quoted; the renderer quotes them all.
        let mut quoted = false;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                quoted ^= c == '"';
                c == '>' && !quoted
            })
            .map_or(rest.len(), |(i, _)| i);
        let tag = &rest[..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let void = matches!(name.as_str(), "br" | "hr" | "img" | "input" | "col" | "wbr");
        if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
        } else if !tag.starts_with('!') && !void && !tag.ends_with('/') {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}
