//! Open raw HTML tags, as html5ever's tree builder would keep them, for the nesting cap.
//!
//! Tags are read with html5ever's own tokenizer (linear; the quadratic cost is only in its
//! tree builder), fed the raw HTML pieces of a body in order as one stream, so a tag that
//! spans lines is still one tag.

use std::cell::{Cell, RefCell};
use std::sync::LazyLock;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::{LocalName, local_name};
use pulldown_cmark::TagEnd;

use super::MAX_NESTING;
use super::elements::{
    closes_p, is_formatting, is_heading, is_scope_boundary, is_special, is_void, levels,
};

/// The open elements, as a bound of html5ever's stack of open elements. html5ever does not
/// show its stack, so the rules that empty it are followed here, each only where it surely
/// applies: an element this model keeps open that html5ever closed only makes the count
/// higher, never lower (the property test `rendering_is_linear_in_the_text` checks the
/// rendered depth against the cap).
#[derive(Default)]
struct Stack {
    open: Vec<(LocalName, usize)>,
    levels: usize,
}

impl Stack {
    /// Closes the innermost open element for which `target` holds and everything inside it,
    /// unless an element for which `barrier` holds is open inside it first.
    fn close(&mut self, target: impl Fn(&LocalName) -> bool, barrier: impl Fn(&LocalName) -> bool) {
        for i in (0..self.open.len()).rev() {
            let name = &self.open[i].0;
            if target(name) {
                let closed: usize = self.open.drain(i..).map(|(_, levels)| levels).sum();
                self.levels -= closed;
                return;
            }
            if barrier(name) {
                return;
            }
        }
    }

    /// What html5ever closes when the start tag `name` comes.
    fn start(&mut self, name: &LocalName) {
        if closes_p(name) {
            self.close(
                |n| *n == local_name!("p"),
                |n| is_scope_boundary(n) || *n == local_name!("button"),
            );
        }
        let item = |n: &LocalName| {
            matches!(
                *n,
                local_name!("li") | local_name!("dd") | local_name!("dt")
            )
        };
        let not_item_boundary = |n: &LocalName| {
            is_special(n)
                && !matches!(
                    *n,
                    local_name!("address") | local_name!("div") | local_name!("p")
                )
        };
        match *name {
            local_name!("li") => self.close(|n| *n == local_name!("li"), not_item_boundary),
            local_name!("dd") | local_name!("dt") => self.close(
                |n| matches!(*n, local_name!("dd") | local_name!("dt")),
                |n| not_item_boundary(n) && !item(n),
            ),
            local_name!("td") | local_name!("th") => self.close(
                |n| matches!(*n, local_name!("td") | local_name!("th")),
                |n| *n == local_name!("table") || *n == local_name!("tr"),
            ),
            local_name!("tr") => {
                self.close(|n| *n == local_name!("tr"), |n| *n == local_name!("table"))
            }
            // A heading closes a heading that is the current element.
            _ if is_heading(name) && self.open.last().is_some_and(|(n, _)| is_heading(n)) => {
                self.close(is_heading, |_| false);
            }
            _ => {}
        }
    }

    /// What html5ever closes for the end tag `name`: a formatting element alone (its
    /// adoption agency keeps what is open inside), an ordinary element only when no special
    /// element is open inside it, a special one only when in scope.
    fn end(&mut self, name: &LocalName) {
        if is_formatting(name) {
            if let Some(i) = self.open.iter().rposition(|(n, _)| n == name) {
                self.levels -= self.open.remove(i).1;
            }
        } else if is_special(name) {
            self.close(|n| n == name, is_scope_boundary);
        } else {
            self.close(|n| n == name, is_special);
        }
    }

    fn push(&mut self, name: LocalName) {
        let levels = levels(&name);
        self.levels += levels;
        self.open.push((name, levels));
    }
}

/// What the tokenizer has seen so far.
#[derive(Default)]
struct Sink {
    open: RefCell<Stack>,
    /// Formatting elements not yet closed by their own end tag, with their size in bytes.
    formatting: RefCell<Vec<(LocalName, usize)>>,
    formatting_bytes: Cell<usize>,
    /// Tags seen, for the bytes the sanitiser may add to each (`rel="noopener …"`).
    tags: Cell<usize>,
    /// The deepest the elements have nested so far (a piece of raw HTML may open and close
    /// many: what counts is how deep it went).
    peak: Cell<usize>,
    /// Set once more than [`MAX_NESTING`] tags are open: nothing is pushed after that, so
    /// each end tag searches a short list and a long run of them stays linear.
    overflow: Cell<bool>,
}

impl Sink {
    /// An element starts: `bytes` is the size of its start tag.
    fn start(&self, name: LocalName, bytes: usize) {
        let mut open = self.open.borrow_mut();
        open.start(&name);
        if is_void(&name) {
            return;
        }
        if is_formatting(&name) {
            let mut formatting = self.formatting.borrow_mut();
            if formatting.len() > MAX_NESTING {
                self.overflow.set(true);
                return;
            }
            formatting.push((name.clone(), bytes));
            self.formatting_bytes
                .set(self.formatting_bytes.get() + bytes);
        }
        if open.open.len() > MAX_NESTING {
            self.overflow.set(true);
        } else {
            open.push(name);
        }
        let depth = open.levels + self.formatting.borrow().len();
        self.peak.set(self.peak.get().max(depth));
    }

    /// An end tag.
    fn end(&self, name: &LocalName) {
        self.open.borrow_mut().end(name);
        let mut formatting = self.formatting.borrow_mut();
        if let Some(i) = formatting.iter().rposition(|(n, _)| n == name) {
            let (_, bytes) = formatting.remove(i);
            self.formatting_bytes
                .set(self.formatting_bytes.get() - bytes);
        }
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        self.tags.set(self.tags.get() + 1);
        if tag.kind == TagKind::EndTag {
            self.end(&tag.name);
            return TokenSinkResult::Continue;
        }
        let bytes = tag.name.len()
            + 2
            + tag
                .attrs
                .iter()
                .map(|a| a.name.local.len() + a.value.len() + 4)
                .sum::<usize>();
        // Text inside these is not markup, as the tree builder tells its tokenizer.
        let raw = match tag.name {
            local_name!("script") => Some(RawKind::ScriptData),
            local_name!("style")
            | local_name!("xmp")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes") => Some(RawKind::Rawtext),
            local_name!("textarea") | local_name!("title") => Some(RawKind::Rcdata),
            _ => None,
        };
        self.start(tag.name, bytes);
        match raw {
            Some(kind) => TokenSinkResult::RawData(kind),
            None => TokenSinkResult::Continue,
        }
    }
}

/// The HTML elements pulldown-cmark writes for a Markdown element, outermost first.
fn elements(tag: TagEnd) -> &'static [LocalName] {
    static TABLE: LazyLock<Vec<(TagEnd, Vec<LocalName>)>> = LazyLock::new(|| {
        use pulldown_cmark::HeadingLevel as H;
        let mut v = vec![
            (TagEnd::Paragraph, vec![local_name!("p")]),
            (TagEnd::BlockQuote(None), vec![local_name!("blockquote")]),
            (
                TagEnd::CodeBlock,
                vec![local_name!("pre"), local_name!("code")],
            ),
            (TagEnd::List(true), vec![local_name!("ol")]),
            (TagEnd::List(false), vec![local_name!("ul")]),
            (TagEnd::Item, vec![local_name!("li")]),
            (TagEnd::FootnoteDefinition, vec![local_name!("div")]),
            (TagEnd::Table, vec![local_name!("table")]),
            (
                TagEnd::TableHead,
                vec![local_name!("thead"), local_name!("tr")],
            ),
            (TagEnd::TableRow, vec![local_name!("tr")]),
            (TagEnd::TableCell, vec![local_name!("td")]),
            (TagEnd::Emphasis, vec![local_name!("em")]),
            (TagEnd::Strong, vec![local_name!("strong")]),
            (TagEnd::Strikethrough, vec![local_name!("del")]),
            (TagEnd::Link, vec![local_name!("a")]),
        ];
        for (level, name) in [
            (H::H1, local_name!("h1")),
            (H::H2, local_name!("h2")),
            (H::H3, local_name!("h3")),
            (H::H4, local_name!("h4")),
            (H::H5, local_name!("h5")),
            (H::H6, local_name!("h6")),
        ] {
            v.push((TagEnd::Heading(level), vec![name]));
        }
        v
    });
    let tag = match tag {
        TagEnd::BlockQuote(_) => TagEnd::BlockQuote(None),
        other => other,
    };
    TABLE
        .iter()
        .find(|(t, _)| *t == tag)
        .map_or(&[], |(_, names)| names.as_slice())
}

/// The elements of one body that are still open: Markdown's and raw HTML's, in one stack as
/// html5ever sees them (an end tag Markdown writes is ignored when raw HTML left a table open
/// inside its element).
pub(super) struct OpenTags {
    tokenizer: Tokenizer<Sink>,
}

impl Default for OpenTags {
    fn default() -> Self {
        Self {
            tokenizer: Tokenizer::new(Sink::default(), TokenizerOpts::default()),
        }
    }
}

impl OpenTags {
    /// A Markdown element starts (`end` names it by its end). Its tags go through the
    /// tokenizer, as html5ever reads them in the rendered page: inside a `<script>` or
    /// `<style>` that raw HTML left open they are text, and close nothing.
    pub(super) fn markdown_start(&mut self, end: TagEnd) {
        for name in elements(end) {
            self.feed_own(&format!("<{}>", &**name));
        }
    }

    /// A Markdown element ends.
    pub(super) fn markdown_end(&mut self, end: TagEnd) {
        for name in elements(end).iter().rev() {
            self.feed_own(&format!("</{}>", &**name));
        }
    }

    /// Feeds tags the Markdown renderer writes, which the sanitiser adds nothing to.
    fn feed_own(&mut self, tags: &str) {
        let seen = self.tokenizer.sink.tags.get();
        self.feed(tags);
        self.tokenizer.sink.tags.set(seen);
    }

    /// Reads the next piece of raw HTML.
    pub(super) fn feed(&mut self, html: &str) {
        let input = BufferQueue::default();
        input.push_back(html.into());
        // Only a sink that asks for a script to run stops the tokenizer early; this one never does.
        let _ = self.tokenizer.feed(&input);
    }

    /// A bound of how deep the elements have nested so far: the open elements, and the
    /// unclosed formatting elements html5ever keeps to re-open inside them.
    pub(super) fn depth(&self) -> usize {
        let sink = &self.tokenizer.sink;
        if sink.overflow.get() {
            return usize::MAX / 2;
        }
        sink.peak.get()
    }

    /// Bytes html5ever may write again for each element that follows: the unclosed
    /// formatting elements it re-opens.
    pub(super) fn reconstructed(&self) -> usize {
        self.tokenizer.sink.formatting_bytes.get()
    }

    /// An upper bound of the HTML written for a piece of `len` bytes of raw HTML: the piece,
    /// re-opened formatting elements, and an attribute the sanitiser may add to each tag.
    pub(super) fn written(&self, len: usize) -> usize {
        len + self.reconstructed() + 48 * self.tokenizer.sink.tags.replace(0)
    }
}
