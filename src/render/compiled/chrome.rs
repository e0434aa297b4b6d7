//! The page around a page's content: `base.html` (head, header, footer) and the script
//! partial, rendered by Tera once per tree and kind of page and written around every page of
//! that kind.
//!
//! `base.html` stays the one place the chrome is written. It is rendered for a page
//! whose own values (`page.title`, `page.path`, `page.canonical`, `root`, `zone` and the
//! content block) are sentinels: private-use characters around a letter, which escaping
//! leaves alone and no page branches on. The result is split at the sentinels into literal
//! pieces; each page writes the pieces with its own values escaped in the sentinels' places,
//! which is what Tera would have written: it escapes a value character by character, so a
//! value escaped alone reads the same as inside the text around it.

use serde::Serialize;
use tera::{Context, Tera};

use super::html::Html;

/// The template rendered for the chrome: the built-in `base.html` with the content block
/// standing for every page's of one kind.
pub(super) const TEMPLATE: &str = "bulletin:chrome.html";
pub(super) const SOURCE: &str =
    "{% extends \"base.html\" %}{% block content %}{{ content }}{% endblock content %}";

/// A place in the chrome where each page writes its own value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    Title,
    Path,
    Canonical,
    Root,
    Zone,
    Content,
}

const SLOTS: [(Slot, char); 6] = [
    (Slot::Title, 'T'),
    (Slot::Path, 'P'),
    (Slot::Canonical, 'C'),
    (Slot::Root, 'R'),
    (Slot::Zone, 'Z'),
    (Slot::Content, 'B'),
];

/// The sentinel's opening and closing characters (Unicode's private use area).
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

fn sentinel(slot: Slot) -> String {
    let letter = SLOTS
        .iter()
        .find(|(s, _)| *s == slot)
        .map_or('?', |(_, l)| *l);
    format!("{OPEN}{letter}{CLOSE}")
}

/// One page's own values, as the template context gives them.
pub(crate) struct PageValues<'a> {
    pub(crate) title: &'a str,
    pub(crate) path: &'a str,
    pub(crate) canonical: &'a str,
    pub(crate) root: &'a str,
    pub(crate) zone: &'a str,
}

/// The chrome in pieces: `literals[0]`, then each slot followed by the next literal.
#[derive(Debug)]
pub(super) struct Chrome {
    literals: Vec<String>,
    slots: Vec<Slot>,
}

/// `page` as a page's context has it (`PageMeta` in `render/pages.rs`).
#[derive(Serialize)]
struct Page {
    title: String,
    path: String,
    canonical: String,
    kind: &'static str,
}

impl Chrome {
    /// The chrome of the pages of `kind` (`page.kind`) of `tera`'s site (whose global context
    /// holds the site, its words and its languages), with `generator` as `generator_version`;
    /// `None` when it cannot be rendered or split.
    pub(super) fn render(
        tera: &Tera,
        kind: &'static str,
        generator: Option<&str>,
    ) -> Option<Chrome> {
        let mut context = Context::new();
        let page = Page {
            title: sentinel(Slot::Title),
            path: sentinel(Slot::Path),
            canonical: sentinel(Slot::Canonical),
            kind,
        };
        context.insert("page", &page);
        context.insert("root", &sentinel(Slot::Root));
        context.insert("zone", &sentinel(Slot::Zone));
        context.insert("generator_version", &generator);
        context.insert("content", &sentinel(Slot::Content));
        Chrome::split(&tera.render(TEMPLATE, &context).ok()?)
    }

    /// `text` split at its sentinels; `None` unless the content's sentinel is there exactly
    /// once and every sentinel character belongs to a whole sentinel (a site's own text holding
    /// one would be taken for a slot).
    pub(super) fn split(text: &str) -> Option<Chrome> {
        let mut literals = Vec::new();
        let mut slots = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find(OPEN) {
            let mut after = rest[at + OPEN.len_utf8()..].chars();
            let letter = after.next()?;
            if after.next()? != CLOSE {
                return None;
            }
            let slot = SLOTS.iter().find(|(_, l)| *l == letter)?.0;
            literals.push(rest[..at].to_string());
            slots.push(slot);
            rest = after.as_str();
        }
        literals.push(rest.to_string());
        let contents = slots.iter().filter(|s| **s == Slot::Content).count();
        let stray = literals.iter().any(|l| l.contains(CLOSE));
        (contents == 1 && !stray).then_some(Chrome { literals, slots })
    }

    /// How many bytes the chrome writes besides the page's values.
    pub(super) fn len(&self) -> usize {
        self.literals.iter().map(String::len).sum()
    }

    /// Writes the chrome with `values` in its slots and `content` in the content block's.
    pub(super) fn write(&self, h: &mut Html, values: &PageValues, content: impl FnOnce(&mut Html)) {
        let mut content = Some(content);
        h.raw(&self.literals[0]);
        for (slot, literal) in self.slots.iter().zip(&self.literals[1..]) {
            match slot {
                Slot::Title => h.text(values.title),
                Slot::Path => h.text(values.path),
                Slot::Canonical => h.text(values.canonical),
                Slot::Root => h.text(values.root),
                Slot::Zone => h.text(values.zone),
                Slot::Content => {
                    if let Some(write) = content.take() {
                        write(h);
                    }
                }
            }
            h.raw(literal);
        }
    }
}
