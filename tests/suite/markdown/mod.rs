//! Markdown to HTML and to plain text: raw HTML, plain-text fields (src/markdown.rs).

mod plain_text;
mod raw_html;
