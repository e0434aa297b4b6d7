//! Link and image targets: which are safe, which are another host's; and the rewrite that
//! turns images from another host into links.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// The start of a URL as a browser reads it: without the whitespace and control characters
/// it skips (`java\tscript:`), lower-cased; enough of it to see the scheme.
fn url_start(url: &str) -> String {
    url.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The scheme of a URL's [`url_start`], if it has one.
fn scheme(start: &str) -> Option<&str> {
    match start.find([':', '/', '?', '#']) {
        Some(i) if start.as_bytes()[i] == b':' => Some(&start[..i]),
        _ => None,
    }
}

/// Whether a link target is relative or uses an allowed scheme.
pub(super) fn is_safe_url(url: &str) -> bool {
    scheme(&url_start(url)).is_none_or(|s| matches!(s, "http" | "https" | "mailto"))
}

/// Whether an image at `url` would come from another host: a URL with a scheme, or one
/// starting with two slashes (`//host/x.png`; browsers read `\` as `/` there). A path in
/// the site (`/img/x.png`, `x.png`) is not.
pub(super) fn is_remote(url: &str) -> bool {
    let start = url_start(url);
    let slash = |c: Option<char>| matches!(c, Some('/' | '\\'));
    let mut chars = start.chars();
    scheme(&start).is_some() || (slash(chars.next()) && slash(chars.next()))
}

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
    use super::is_remote;

    #[test]
    fn remote_means_another_host() {
        for remote in [
            "https://x.test/a.png",
            "HTTP://x.test/a.png",
            "//x.test/a.png",
            "\\\\x.test/a.png",
            "/\\x.test/a.png",
            " \t//x.test/a.png",
            "data:image/png;base64,AAAA",
        ] {
            assert!(is_remote(remote), "{remote}");
        }
        for local in [
            "a.png",
            "/img/a.png",
            "./a.png",
            "../a.png",
            "a.png?x=1:2",
            "#x",
        ] {
            assert!(!is_remote(local), "{local}");
        }
    }

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
