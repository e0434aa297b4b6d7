//! Markdown to HTML, sanitised.
//!
//! Incident text is written under stress by many people and published automatically, so no
//! scripts, event handlers, `javascript:` URLs or frames may reach a page, a feed or the JSON.
//! Markdown that contains raw HTML is cleaned with ammonia. Markdown without raw HTML is safe by
//! construction once its link and image targets are checked: pulldown-cmark escapes every text
//! and attribute it writes, so that common case skips ammonia's HTML parse (about a quarter of a
//! full build's time). A site can opt in to raw HTML explicitly (`allow_raw_html`).

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::sync::LazyLock;

use html5ever::local_name;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

use crate::urls::web::{LINK_SCHEMES, is_remote, is_safe_link};
use remote_images::RemoteImages;

mod prose;
mod remote_images;

/// The Markdown extensions Bulletin understands, shared by the structure parser and rendering.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
}

/// The sanitiser of raw HTML. `keep_remote_images`: an `<img>` whose source is another
/// host keeps it; else it loses it and shows its alt text (ammonia changes attributes, not
/// elements, so it cannot become a link as a Markdown image does).
fn sanitizer(keep_remote_images: bool) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(LINK_SCHEMES.into_iter().collect())
        .add_generic_attributes(["id"])
        .id_prefix(Some("md-"));
    if !keep_remote_images {
        b.attribute_filter(|element, attribute, value| {
            let remote = element == "img" && attribute == "src" && is_remote(value);
            (!remote).then(|| value.into())
        });
    }
    b
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| sanitizer(false));
static SANITIZER_REMOTE: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| sanitizer(true));

/// What incident text may do beyond safe Markdown: the site's `allow_raw_html` and
/// `allow_remote_images`. `false` converts to neither, as a plain-bool shorthand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Allow {
    pub raw_html: bool,
    pub remote_images: bool,
}

impl Allow {
    /// What `config`'s site allows.
    pub(crate) fn of(config: &crate::config::Config) -> Allow {
        Allow {
            raw_html: config.allow_raw_html,
            remote_images: config.allow_remote_images,
        }
    }
}

impl From<bool> for Allow {
    /// `allow_raw_html` alone; no remote images.
    fn from(raw_html: bool) -> Allow {
        Allow {
            raw_html,
            remote_images: false,
        }
    }
}

/// Renders `source` as HTML; sanitised unless `allow.raw_html`; images from other hosts
/// turned into links to them unless `allow.remote_images` (a page makes no request to another
/// host, and its Content-Security-Policy would block the image anyway).
pub fn to_html(source: &str, allow: impl Into<Allow>) -> String {
    let allow = allow.into();
    if source.is_empty() {
        return String::new();
    }
    // Plain paragraphs (most updates) have one rendering, built without the parser.
    if let Some(html) = prose::paragraphs(source) {
        return html;
    }
    let local = !allow.remote_images;
    let mut html = String::with_capacity(source.len() * 3 / 2);
    if allow.raw_html {
        let events = Parser::new_ext(source, options());
        pulldown_cmark::html::push_html(&mut html, RemoteImages::new(events, local));
        return html;
    }
    // Rendered as the events stream by (not collected first: a Vec of every event was more
    // memory than the parser's own tree), noting raw HTML and unsafe targets on the way.
    let (mut raw, mut unsafe_target) = (false, false);
    let events = Parser::new_ext(source, options()).inspect(|e| match e {
        Event::Html(_) | Event::InlineHtml(_) => raw = true,
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            unsafe_target |= !is_safe_link(dest_url)
        }
        _ => {}
    });
    pulldown_cmark::html::push_html(&mut html, RemoteImages::new(events, local));
    if raw {
        let sanitizer = if local { &SANITIZER } else { &SANITIZER_REMOTE };
        return sanitizer.clean(&html).to_string();
    }
    if unsafe_target {
        // Rare (a `javascript:` link): rendered again with those targets emptied.
        html.clear();
        let events = Parser::new_ext(source, options()).map(safe_targets);
        pulldown_cmark::html::push_html(&mut html, RemoteImages::new(events, local));
    }
    html
}

/// Empties link and image targets whose scheme is not http, https or mailto.
fn safe_targets(mut event: Event) -> Event {
    if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut event
        && !is_safe_link(dest_url)
    {
        *dest_url = CowStr::Borrowed("");
    }
    event
}

/// Renders a one-line `source` (a heading or a name) as inline HTML, without the paragraph.
pub(crate) fn inline_to_html(source: &str, allow: impl Into<Allow>) -> String {
    let html = to_html(source, allow);
    let trimmed = html.trim();
    trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .unwrap_or(trimmed)
        .to_string()
}

/// Renders `source` as plain text for places that take no markup (the JSON API, calendar
/// descriptions): paragraphs separated by blank lines, list items on their own lines, raw HTML
/// dropped entirely, and no tag-like run left in the words either (see [`plain`]).
pub fn to_plain_text(source: &str) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut out = String::with_capacity(source.len());
    for event in Parser::new_ext(source, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("- "),
            Event::End(TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push('\t'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_),
            ) => out.push_str("\n\n"),
            _ => {}
        }
    }
    // Tight list items end in a paragraph-less "\n"; loose ones and blocks in "\n\n": keep at
    // most one blank line anywhere.
    let mut text = String::with_capacity(out.len());
    let mut newlines = 0;
    for c in out.trim().chars() {
        if c == '\n' {
            newlines += 1;
            if newlines <= 2 {
                text.push(c);
            }
        } else {
            newlines = 0;
            text.push(c);
        }
    }
    match plain(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(cleaned) => cleaned,
    }
}

/// `text` made safe for fields that must be plain text (API names, bodies and descriptions,
/// calendar summaries): what a browser would display if the field were read as HTML, so
/// tags, comments and the contents of `<script>` and `<style>` are dropped and no tag-like
/// run is left; entities stay as written, so `AT&amp;T` is not turned into `AT&T`, nor
/// `&lt;b&gt;` into a tag. Text without `<` (nearly all) is returned as it is; `a < b` and
/// `<1% of requests` are not tags and stay.
///
/// html5ever's tokenizer decides what a tag is, as the HTML standard does; its tree builder
/// is not used, as it is quadratic in the depth of nesting and a plain field has no tree.
pub(crate) fn plain(text: &str) -> Cow<'_, str> {
    if !text.contains('<') {
        return Cow::Borrowed(text);
    }
    let input = BufferQueue::default();
    // Escaped, so that the tokenizer leaves entities as they were written.
    input.push_back(text.replace('&', "&amp;").into());
    let tokenizer = Tokenizer::new(PlainSink::default(), TokenizerOpts::default());
    // Only a sink that asks for a script to run stops the tokenizer early; this one never does.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    Cow::Owned(tokenizer.sink.text.into_inner())
}

/// Collects the characters of a token stream, outside script and style elements.
#[derive(Default)]
struct PlainSink {
    text: RefCell<String>,
    in_raw: Cell<bool>,
}

impl TokenSink for PlainSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::CharacterTokens(t) if !self.in_raw.get() => self.text.borrow_mut().push_str(&t),
            Token::TagToken(tag)
                if matches!(tag.name, local_name!("script") | local_name!("style")) =>
            {
                let start = tag.kind == TagKind::StartTag;
                self.in_raw.set(start);
                if start {
                    let kind = if tag.name == local_name!("script") {
                        RawKind::ScriptData
                    } else {
                        RawKind::Rawtext
                    };
                    return TokenSinkResult::RawData(kind);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_drops_tags_and_keeps_comparisons() {
        for (input, want) in [
            ("<1% of requests", "<1% of requests"),
            ("a < b and c > d", "a < b and c > d"),
            ("AT&amp;T & co", "AT&amp;T & co"),
            ("x <img src=x onerror=alert(1)", "x "),
            ("<a href='javascript:alert(1)'>x</a> y", "x y"),
            ("<script>if (a<b) alert(1)</script>ok", "ok"),
            ("&lt;b&gt; <!-- c --> d", "&lt;b&gt;  d"),
        ] {
            assert_eq!(super::plain(input), want, "{input}");
        }
    }

    #[test]
    fn plain_text_drops_html_and_keeps_words() {
        let text = super::to_plain_text(
            "Hello **world** <script>alert(1)</script>\n\n- one\n- two\n\n<b onclick=x>bold</b>",
        );
        assert!(!text.contains('<'), "{text}");
        assert!(text.contains("Hello world"), "{text}");
        assert!(text.contains("- one\n- two"), "{text}");
        assert!(text.contains("bold"), "{text}");
    }

    use super::*;

    #[test]
    fn scripts_handlers_and_js_urls_are_removed() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n<iframe src=https://evil.example></iframe>",
            false,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
    }

    #[test]
    fn markdown_links_with_script_schemes_are_emptied_without_raw_html() {
        for bad in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "<javascript:alert(1)>",
            "![x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](vbscript:msgbox)",
            "[ref]\n\n[ref]: javascript:alert(1)",
        ] {
            let html = to_html(bad, false);
            let lower = html.to_ascii_lowercase();
            assert!(
                !lower.contains("href=\"java")
                    && !lower.contains("src=\"data:")
                    && !lower.contains("href=\"vbscript"),
                "{bad} → {html}"
            );
        }
        let ok = to_html(
            "[a](https://x.test/a) [b](/rel) [c](#frag) [d](mailto:a@b.test) [e](page?x=1:2)",
            false,
        );
        for href in [
            "https://x.test/a",
            "/rel",
            "#frag",
            "mailto:a@b.test",
            "page?x=1:2",
        ] {
            assert!(ok.contains(&format!("href=\"{href}\"")), "{href} in {ok}");
        }
    }

    #[test]
    fn raw_html_passes_when_allowed() {
        assert!(to_html("<kbd>x</kbd>", true).contains("<kbd>x</kbd>"));
    }

    #[test]
    fn cjk_and_tables_render() {
        let html = to_html("| 功能 | 状态 |\n|---|---|\n| 微信支付 | 故障 |\n", false);
        assert!(html.contains("<td>微信支付</td>"), "{html}");
    }

    #[test]
    fn every_extension_renders() {
        let html = to_html(
            "~~gone~~ and a note[^1]\n\n- [x] fixed\n- [ ] verified\n\n[^1]: The note.\n",
            false,
        );
        assert!(html.contains("<del>gone</del>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
        assert!(html.contains("checkbox"), "{html}");
    }

    #[test]
    fn inline_html_has_no_paragraph_and_plain_text_joins_soft_breaks() {
        assert_eq!(
            inline_to_html("**Root** cause", false),
            "<strong>Root</strong> cause"
        );
        assert_eq!(to_plain_text("line one\nline two"), "line one line two");
    }

    #[test]
    fn plain_text_keeps_the_shape_of_paragraphs_breaks_tables_and_lists() {
        let source =
            "Para one  \nhard\n\nPara two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- x\n- y\n\nAfter";
        assert_eq!(
            to_plain_text(source),
            "Para one\nhard\n\nPara two\n\na\tb\t\n1\t2\t\n- x\n- y\n\nAfter"
        );
    }
}
