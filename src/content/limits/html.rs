//! Open raw HTML tags, as html5ever's tree builder would keep them, for the nesting cap.
//!
//! Tags are read with html5ever's own tokenizer (linear; the quadratic cost is only in its
//! tree builder), fed the raw HTML pieces of a body in order as one stream, so a tag that
//! spans lines is still one tag.

use std::cell::{Cell, RefCell};

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::{LocalName, local_name};

use super::MAX_NESTING;

/// Elements that never hold content, so never stay open.
fn is_void(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            | local_name!("param")
            | local_name!("keygen")
            | local_name!("frame")
    )
}

/// Formatting elements: html5ever re-opens them (attributes and all) in every later block
/// until their end tag comes, so an unclosed one is written again and again.
fn is_formatting(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("a")
            | local_name!("b")
            | local_name!("big")
            | local_name!("code")
            | local_name!("em")
            | local_name!("font")
            | local_name!("i")
            | local_name!("nobr")
            | local_name!("s")
            | local_name!("small")
            | local_name!("strike")
            | local_name!("strong")
            | local_name!("tt")
            | local_name!("u")
    )
}

/// What the tokenizer has seen so far.
#[derive(Default)]
struct Sink {
    /// Open elements, innermost last.
    open: RefCell<Vec<LocalName>>,
    /// Formatting elements not yet closed by their own end tag, with their size in bytes.
    formatting: RefCell<Vec<(LocalName, usize)>>,
    formatting_bytes: Cell<usize>,
    /// Tags seen, for the bytes the sanitiser may add to each (`rel="noopener …"`).
    tags: Cell<usize>,
    /// Set once more than [`MAX_NESTING`] tags are open: nothing is pushed after that, so
    /// each end tag searches a short list and a long run of them stays linear.
    overflow: Cell<bool>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        self.tags.set(self.tags.get() + 1);
        let mut open = self.open.borrow_mut();
        let mut formatting = self.formatting.borrow_mut();
        let name = tag.name;
        if tag.kind == TagKind::EndTag {
            // As html5ever's "any other end tag": close up to the nearest open one of that
            // name, or ignore it.
            if let Some(i) = open.iter().rposition(|n| *n == name) {
                open.truncate(i);
            }
            if let Some(i) = formatting.iter().rposition(|(n, _)| *n == name) {
                let (_, bytes) = formatting.remove(i);
                self.formatting_bytes
                    .set(self.formatting_bytes.get() - bytes);
            }
            return TokenSinkResult::Continue;
        }
        if is_void(&name) {
            return TokenSinkResult::Continue;
        }
        if is_formatting(&name) {
            let bytes = name.len()
                + 2
                + tag
                    .attrs
                    .iter()
                    .map(|a| a.name.local.len() + a.value.len() + 4)
                    .sum::<usize>();
            if formatting.len() > MAX_NESTING {
                self.overflow.set(true);
                return TokenSinkResult::Continue;
            }
            formatting.push((name.clone(), bytes));
            self.formatting_bytes
                .set(self.formatting_bytes.get() + bytes);
        }
        // Text inside these is not markup, as the tree builder tells its tokenizer.
        let raw = match name {
            local_name!("script") => Some(RawKind::ScriptData),
            local_name!("style")
            | local_name!("xmp")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes") => Some(RawKind::Rawtext),
            local_name!("textarea") | local_name!("title") => Some(RawKind::Rcdata),
            _ => None,
        };
        if open.len() > MAX_NESTING {
            self.overflow.set(true);
        } else {
            open.push(name);
        }
        match raw {
            Some(kind) => TokenSinkResult::RawData(kind),
            None => TokenSinkResult::Continue,
        }
    }
}

/// The raw HTML tags of one body that are still open.
pub struct OpenTags {
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
    /// Reads the next piece of raw HTML.
    pub fn feed(&mut self, html: &str) {
        let input = BufferQueue::default();
        input.push_back(html.into());
        // Only a sink that asks for a script to run stops the tokenizer early; this one never does.
        let _ = self.tokenizer.feed(&input);
    }

    /// How deep the open tags nest: the open elements, or the unclosed formatting elements
    /// html5ever keeps to re-open, whichever is more.
    pub fn depth(&self) -> usize {
        let sink = &self.tokenizer.sink;
        if sink.overflow.get() {
            return usize::MAX / 2;
        }
        sink.open.borrow().len().max(sink.formatting.borrow().len())
    }

    /// Bytes html5ever may write again for each element that follows: the unclosed
    /// formatting elements it re-opens.
    pub fn reconstructed(&self) -> usize {
        self.tokenizer.sink.formatting_bytes.get()
    }

    /// An upper bound of the HTML written for a piece of `len` bytes of raw HTML: the piece,
    /// re-opened formatting elements, and an attribute the sanitiser may add to each tag.
    pub fn written(&self, len: usize) -> usize {
        len + self.reconstructed() + 48 * self.tokenizer.sink.tags.replace(0)
    }
}
