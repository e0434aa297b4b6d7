//! RSS 2.0 and Atom 1.0, written with quick-xml (which escapes every text node).

use std::borrow::Cow;
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::Feed;
use crate::urls::{ATOM, RSS};

impl Feed<'_> {
    /// The RSS 2.0 feed.
    pub(super) fn rss(&self) -> io::Result<Vec<u8>> {
        let mut w = xml_writer()?;
        let self_url = self.url(RSS);
        w.create_element("rss")
            .with_attribute(("version", "2.0"))
            .with_attribute(("xmlns:atom", "http://www.w3.org/2005/Atom"))
            .write_inner_content(|w| {
                w.create_element("channel").write_inner_content(|w| {
                    text(w, "title", &self.scope.title)?;
                    text(w, "link", &self.home())?;
                    text(w, "description", &self.description())?;
                    text(w, "language", &self.config.language)?;
                    text(w, "lastBuildDate", &self.rfc2822(self.updated))?;
                    text(w, "generator", "Bulletin")?;
                    w.create_element("atom:link")
                        .with_attribute(("href", self_url.as_str()))
                        .with_attribute(("rel", "self"))
                        .with_attribute(("type", "application/rss+xml"))
                        .write_empty()?;
                    if let Some(hub) = &self.config.websub_hub {
                        w.create_element("atom:link")
                            .with_attribute(("href", hub.as_str()))
                            .with_attribute(("rel", "hub"))
                            .write_empty()?;
                    }
                    for item in self.items {
                        w.create_element("item").write_inner_content(|w| {
                            text(w, "title", &item.title)?;
                            text(w, "link", &item.url)?;
                            w.create_element("guid")
                                .with_attribute(("isPermaLink", "true"))
                                .write_text_content(BytesText::new(&xml_chars(&item.url)))?;
                            text(w, "pubDate", &self.rfc2822(item.updated))?;
                            text(w, "category", &item.category)?;
                            w.create_element("description")
                                .write_text_content(BytesText::from_escaped(&item.content_xml))?;
                            Ok(())
                        })?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(finish(w))
    }

    /// The Atom 1.0 feed.
    pub(super) fn atom(&self) -> io::Result<Vec<u8>> {
        let mut w = xml_writer()?;
        let self_url = self.url(ATOM);
        w.create_element("feed")
            .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
            .with_attribute(("xml:lang", self.config.language.as_str()))
            .write_inner_content(|w| {
                text(w, "id", &self.home())?;
                text(w, "title", &self.scope.title)?;
                text(w, "subtitle", &self.description())?;
                text(w, "updated", &self.rfc3339(self.updated))?;
                link(w, &self_url, "self", Some("application/atom+xml"))?;
                if let Some(hub) = &self.config.websub_hub {
                    link(w, hub, "hub", None)?;
                }
                link(w, &self.home(), "alternate", Some("text/html"))?;
                w.create_element("author")
                    .write_inner_content(|w| text(w, "name", &self.author()))?;
                text(w, "generator", "Bulletin")?;
                for item in self.items {
                    w.create_element("entry").write_inner_content(|w| {
                        text(w, "id", &item.url)?;
                        match &item.title_lang {
                            Some(lang) => w
                                .create_element("title")
                                .with_attribute(("xml:lang", lang.as_str()))
                                .write_text_content(BytesText::new(&xml_chars(&item.title)))
                                .map(|_| ())?,
                            None => text(w, "title", &item.title)?,
                        }
                        text(w, "published", &self.rfc3339(item.published))?;
                        text(w, "updated", &self.rfc3339(item.updated))?;
                        link(w, &item.url, "alternate", Some("text/html"))?;
                        w.create_element("category")
                            .with_attribute(("term", item.tags[0].as_str()))
                            .with_attribute(("label", item.category.as_str()))
                            .write_empty()?;
                        w.create_element("content")
                            .with_attribute(("type", "html"))
                            .write_text_content(BytesText::from_escaped(&item.content_xml))?;
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(finish(w))
    }
}

/// A writer that starts with the XML declaration and indents by two spaces.
fn xml_writer() -> io::Result<Writer<Vec<u8>>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(w)
}

/// The document's bytes, with the final newline quick-xml leaves out.
fn finish(w: Writer<Vec<u8>>) -> Vec<u8> {
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    bytes
}

/// `<name>value</name>`, with `value` escaped and stripped of what XML forbids.
fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_chars(value)))?;
    Ok(())
}

/// An Atom `<link>` element.
fn link(w: &mut Writer<Vec<u8>>, href: &str, rel: &str, kind: Option<&str>) -> io::Result<()> {
    let mut e = w
        .create_element("link")
        .with_attribute(("href", href))
        .with_attribute(("rel", rel));
    if let Some(kind) = kind {
        e = e.with_attribute(("type", kind));
    }
    e.write_empty()?;
    Ok(())
}

/// Drops characters XML 1.0 forbids (most C0 controls), which escaping cannot make legal.
/// Text without them, nearly all of it, is passed through without a copy.
pub(super) fn xml_chars(s: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    // Bytes that can start a forbidden character: C0 controls, and the lead byte of U+Fxxx.
    let suspect = |b: u8| (b < b' ' && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF;
    if !s.bytes().any(suspect) || s.chars().all(allowed) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| allowed(c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_chars_drops_only_what_xml_forbids() {
        for kept in [
            "plain",
            "微信支付，资金安全：",
            "tab\tand\nlines\r",
            "\u{FFFD}",
        ] {
            assert!(
                matches!(xml_chars(kept), Cow::Borrowed(s) if s == kept),
                "{kept}"
            );
        }
        assert_eq!(xml_chars("a\u{1}b\u{FFFE}c\u{FFFF}，"), "abc，");
        assert_eq!(xml_chars("\u{0}\u{1F}"), "");
    }
}
