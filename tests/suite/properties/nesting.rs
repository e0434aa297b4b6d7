//! Bodies that nest, repeat and expand, for the bounded-rendering property (docs/limits.md).

// Support code shared by test crates: `pub` says what it offers them.
#![allow(unreachable_pub)]

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
