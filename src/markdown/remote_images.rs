//! The rewrite that turns images from another host into links (which targets are safe and
//! which are another host's is [`crate::urls::web`]'s to say).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::urls::web::is_remote;

/// Markdown images from other hosts as links to them (their alt text as the link's text, or
/// the address when there is none); inside a link, where a link cannot go, as their alt text.
/// Images from the site itself are left alone. Written here rather than found in a crate: it
/// is a small rewrite of pulldown-cmark's own event stream.
pub(super) struct RemoteImages<'a, I> {
    events: I,
    /// Off (`allow_remote_images`): every event passes.
    on: bool,
    /// How many links are open around the current event.
    links: usize,
    /// Inside a remote image: the images open in it (nested ones are its alt text too),
    /// whether it became a link, whether any text came yet, and its address.
    image: Option<(usize, bool, bool, CowStr<'a>)>,
    /// An event to give after the current one.
    next: Option<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> RemoteImages<'a, I> {
    pub(super) fn new(events: I, on: bool) -> Self {
        RemoteImages {
            events,
            on,
            links: 0,
            image: None,
            next: None,
        }
    }

    /// The event an event inside a remote image becomes (`None`: dropped).
    fn inside(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        let (depth, linked, seen, _) = self.image.as_mut()?;
        match event {
            Event::Text(t) | Event::Code(t) => {
                *seen = true;
                Some(Event::Text(t))
            }
            Event::SoftBreak | Event::HardBreak => Some(Event::Text(" ".into())),
            Event::Start(Tag::Image { .. }) => {
                *depth += 1;
                None
            }
            Event::End(TagEnd::Image) if *depth > 1 => {
                *depth -= 1;
                None
            }
            Event::End(TagEnd::Image) => {
                let (linked, seen) = (*linked, *seen);
                let (.., url) = self.image.take()?;
                let end = linked.then_some(Event::End(TagEnd::Link));
                if seen {
                    end
                } else {
                    self.next = end;
                    Some(Event::Text(url))
                }
            }
            _ => None,
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for RemoteImages<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.next.take() {
            return Some(event);
        }
        loop {
            let event = self.events.next()?;
            if !self.on {
                return Some(event);
            }
            if self.image.is_some() {
                match self.inside(event) {
                    Some(event) => return Some(event),
                    None => continue,
                }
            }
            match event {
                Event::Start(Tag::Link { .. }) => self.links += 1,
                Event::End(TagEnd::Link) => self.links = self.links.saturating_sub(1),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) if is_remote(&dest_url) => {
                    let linked = self.links == 0;
                    self.image = Some((1, linked, false, dest_url.clone()));
                    if !linked {
                        continue;
                    }
                    return Some(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                _ => {}
            }
            return Some(event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Allow, to_html};

    #[test]
    fn remote_images_become_links_unless_allowed() {
        let source = "See ![the graph](https://x.test/g.png \"Graph\") and ![](//x.test/h.png) \
                      and ![local](img/a.png) and [![badge](https://x.test/b.svg)](https://x.test/).";
        let html = to_html(source, false);
        assert!(!html.contains("<img src=\"https://"), "{html}");
        assert!(!html.contains("<img src=\"//"), "{html}");
        assert!(
            html.contains("<a href=\"https://x.test/g.png\" title=\"Graph\">the graph</a>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"//x.test/h.png\">//x.test/h.png</a>"),
            "{html}"
        );
        assert!(
            html.contains("<img src=\"img/a.png\" alt=\"local\" />"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://x.test/\">badge</a>"),
            "{html}"
        );
        let allowed = Allow {
            raw_html: false,
            remote_images: true,
        };
        let html = to_html(source, allowed);
        assert!(html.contains("<img src=\"https://x.test/g.png\""), "{html}");
        // With raw HTML allowed too, Markdown images are still links unless allowed.
        let raw = to_html(source, true);
        assert!(!raw.contains("<img src=\"https://"), "{raw}");
    }

    #[test]
    fn remote_image_tags_in_raw_html_show_their_alt_text() {
        let html = to_html(
            "<img src=\"https://x.test/a.png\" alt=\"graph\"> <img src=\"b.png\" alt=\"b\">",
            false,
        );
        assert!(!html.contains("x.test"), "{html}");
        assert!(html.contains("alt=\"graph\""), "{html}");
        assert!(html.contains("src=\"b.png\""), "{html}");
        let allowed = Allow {
            raw_html: false,
            remote_images: true,
        };
        assert!(
            to_html("<img src=\"https://x.test/a.png\">", allowed).contains("https://x.test/a.png")
        );
    }

    #[test]
    fn nested_and_unsafe_images_stay_safe() {
        // An image in an image's alt text, emphasis in it, a javascript: image.
        let html = to_html(
            "![a ![b](https://x.test/b.png) *c*](https://x.test/a.png)\n\n![x](javascript:alert(1))",
            false,
        );
        assert!(
            html.contains("<a href=\"https://x.test/a.png\">a b c</a>"),
            "{html}"
        );
        assert!(!html.contains("javascript"), "{html}");
        assert_eq!(
            html.matches("<a ").count(),
            html.matches("</a>").count(),
            "{html}"
        );
    }
}
