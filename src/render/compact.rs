//! Template indentation and blank lines taken out of rendered HTML pages.
//!
//! Templates are indented for the people who edit them; readers' browsers collapse that
//! whitespace anyway, yet it was about 7 % of an incident page, and a 10,000-incident site has
//! 10,000 of them. Reformatting the templates by hand (or with Tera's `{%-`) would make every
//! theme harder to read and edit, so the pages are compacted as they leave the renderer
//! instead: every line loses its leading spaces and tabs, and lines left empty go, except
//! where whitespace is content.
//!
//! Whitespace is content inside `<pre>`, `<textarea>`, `<script>`, `<style>` (and the
//! obsolete `<xmp>`, `<listing>`, `<plaintext>`), inside quoted attribute values (a Markdown
//! link title may span lines) and inside comments: those are copied byte for byte. Only
//! whitespace at the start of a line is dropped and the line break before it stays, so text
//! that ran across two lines still has a space between its words.
//!
//! One pass, line by line: lines are found with `memchr` (through `split_inclusive`), and
//! within a line only `<`, `>` and quotes are looked at, so no input costs more than a
//! constant per byte. Measured at 10k incidents (70 MB of HTML): well under the 15 ms the
//! alternative (Tera whitespace control, added to the templates by a script) would have
//! had to beat to be worth its churn in the theme.

/// Elements whose text keeps its whitespace, and whether one can hold another of its kind
/// (a `<pre>` inside a `<pre>`); the rest hold raw text, which ends at their end tag only.
const KEEP: [(&str, bool); 7] = [
    ("pre", true),
    ("listing", true),
    ("textarea", false),
    ("script", false),
    ("style", false),
    ("xmp", false),
    ("plaintext", false),
];

/// Where the scan is at the end of a line: what the next line starts inside of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Text or between elements: leading whitespace may go.
    Text,
    /// Inside a tag, between its attributes (`quote` is `None`: whitespace may go) or in a
    /// quoted value. `keep` is the element of [`KEEP`] this start tag opens, if any.
    Tag {
        quote: Option<u8>,
        keep: Option<usize>,
    },
    /// Inside `<!-- … -->`.
    Comment,
    /// Inside an element of [`KEEP`], `depth` deep in elements of its kind.
    Keep { element: usize, depth: usize },
}

/// `html` with the leading whitespace of its lines and its blank lines removed, where that
/// cannot change what the page shows (see the module's documentation).
pub(crate) fn html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut state = State::Text;
    for line in html.split_inclusive('\n') {
        let kept = if state.strips() {
            strip_start(line)
        } else {
            line
        };
        out.push_str(kept);
        state = state.after(kept);
    }
    out
}

/// `line` without its leading spaces and tabs; nothing at all if that leaves only its end.
fn strip_start(line: &str) -> &str {
    let rest = line.trim_start_matches([' ', '\t']);
    if matches!(rest, "\n" | "\r\n" | "") {
        ""
    } else {
        rest
    }
}

impl State {
    /// Whether whitespace at the start of a line is markup only here.
    fn strips(self) -> bool {
        matches!(self, State::Text | State::Tag { quote: None, .. })
    }

    /// The state after `line`, starting in this one.
    fn after(self, line: &str) -> State {
        let mut state = self;
        let mut pos = 0;
        while pos < line.len() {
            let (next, at) = state.step(line, pos);
            state = next;
            pos = at;
        }
        state
    }

    /// One move through `line` from byte `pos`: the next state and where it starts.
    fn step(self, line: &str, pos: usize) -> (State, usize) {
        let rest = &line.as_bytes()[pos..];
        match self {
            State::Text => match line[pos..].find('<') {
                None => (self, line.len()),
                Some(lt) => open(line, pos + lt),
            },
            State::Tag { quote: None, keep } => {
                match rest.iter().position(|b| matches!(b, b'>' | b'"' | b'\'')) {
                    None => (self, line.len()),
                    Some(i) if rest[i] == b'>' => {
                        let next =
                            keep.map_or(State::Text, |element| State::Keep { element, depth: 1 });
                        (next, pos + i + 1)
                    }
                    Some(i) => (
                        State::Tag {
                            quote: Some(rest[i]),
                            keep,
                        },
                        pos + i + 1,
                    ),
                }
            }
            State::Tag {
                quote: Some(q),
                keep,
            } => match rest.iter().position(|&b| b == q) {
                None => (self, line.len()),
                Some(i) => (State::Tag { quote: None, keep }, pos + i + 1),
            },
            State::Comment => match line[pos..].find("-->") {
                None => (self, line.len()),
                Some(i) => (State::Text, pos + i + 3),
            },
            State::Keep { element, depth } => match line[pos..].find('<') {
                None => (self, line.len()),
                Some(lt) => inside_keep(line, pos + lt, element, depth),
            },
        }
    }
}

/// At a `<` in text (byte `lt` of `line`): a comment, a tag (and whether it opens an element
/// of [`KEEP`]) or a plain `<`.
fn open(line: &str, lt: usize) -> (State, usize) {
    let after = &line[lt + 1..];
    if after.starts_with("!--") {
        return (State::Comment, lt + 4);
    }
    let tag = State::Tag {
        quote: None,
        keep: None,
    };
    match after.as_bytes().first() {
        Some(b'!' | b'?') => (tag, lt + 2),
        Some(b'/') => (tag, lt + 2),
        Some(b) if b.is_ascii_alphabetic() => {
            let name = tag_name(after);
            let keep = KEEP
                .iter()
                .position(|(kept, _)| kept.eq_ignore_ascii_case(name));
            (State::Tag { quote: None, keep }, lt + 1 + name.len())
        }
        _ => (State::Text, lt + 1),
    }
}

/// At a `<` inside an element of [`KEEP`]: its end tag, another of its kind, or content.
fn inside_keep(line: &str, lt: usize, element: usize, depth: usize) -> (State, usize) {
    let (name, nests) = KEEP[element];
    let after = &line[lt + 1..];
    if let Some(closing) = after.strip_prefix('/') {
        if tag_name(closing).eq_ignore_ascii_case(name) {
            let next = if depth == 1 {
                State::Tag {
                    quote: None,
                    keep: None,
                }
            } else {
                State::Keep {
                    element,
                    depth: depth - 1,
                }
            };
            return (next, lt + 2 + name.len());
        }
    } else if nests && tag_name(after).eq_ignore_ascii_case(name) {
        let next = State::Keep {
            element,
            depth: depth + 1,
        };
        return (next, lt + 1 + name.len());
    }
    (State::Keep { element, depth }, lt + 1)
}

/// The tag name at the start of `text` (letters, digits and `-`; possibly empty).
fn tag_name(text: &str) -> &str {
    let end = text
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-'))
        .unwrap_or(text.len());
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::html;

    #[test]
    fn indentation_and_blank_lines_go() {
        let page = "<ul>\n  <li>a</li>\n\n    \n\t<li>b</li>\n</ul>\n";
        assert_eq!(html(page), "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
    }

    #[test]
    fn text_across_lines_keeps_a_space_between_words() {
        assert_eq!(html("<p>one\n    two</p>"), "<p>one\ntwo</p>");
    }

    #[test]
    fn pre_content_is_untouched() {
        let page = "<div>\n  <pre><code>fn main() {\n    x();\n\n    y();\n}\n</code></pre>\n  <p>after</p>\n";
        let want =
            "<div>\n<pre><code>fn main() {\n    x();\n\n    y();\n}\n</code></pre>\n<p>after</p>\n";
        assert_eq!(html(page), want);
    }

    #[test]
    fn pre_with_attributes_and_any_case_is_untouched() {
        let page = "<PRE class=\"x\">\n  a\n\n  b\n</Pre>\n  c\n";
        assert_eq!(html(page), "<PRE class=\"x\">\n  a\n\n  b\n</Pre>\nc\n");
    }

    #[test]
    fn a_pre_inside_a_pre_keeps_the_outer_one_going() {
        let page = "<pre>\n <pre>\n  x\n </pre>\n  y\n</pre>\n  z\n";
        assert_eq!(html(page), "<pre>\n <pre>\n  x\n </pre>\n  y\n</pre>\nz\n");
    }

    #[test]
    fn raw_text_elements_are_untouched_until_their_own_end_tag() {
        for (open, close) in [
            ("<script>", "</script>"),
            ("<style>", "</style>"),
            ("<textarea name=\"t\">", "</textarea>"),
        ] {
            let page = format!("{open}\n  if (a) {{\n\n    b(\"</pre>\");\n  }}\n{close}\n  z\n");
            let want = format!("{open}\n  if (a) {{\n\n    b(\"</pre>\");\n  }}\n{close}\nz\n");
            assert_eq!(html(&page), want, "{open}");
        }
    }

    #[test]
    fn quoted_attribute_values_and_comments_keep_their_lines() {
        let page = "<a title=\"one\n   two\" href=x>t</a>\n<!-- a\n   b -->\n  c\n";
        assert_eq!(
            html(page),
            "<a title=\"one\n   two\" href=x>t</a>\n<!-- a\n   b -->\nc\n"
        );
        let attrs = "<svg class=\"s\"\n     viewBox=\"0 0 1 1\">\n";
        assert_eq!(html(attrs), "<svg class=\"s\"\nviewBox=\"0 0 1 1\">\n");
    }

    #[test]
    fn a_plain_less_than_sign_is_text() {
        assert_eq!(
            html("<p>1 < 2\n  <pre>\n  x</pre>"),
            "<p>1 < 2\n<pre>\n  x</pre>"
        );
    }

    #[test]
    fn names_that_only_start_like_pre_are_not_pre() {
        assert_eq!(
            html("<prefix>\n  a\n</prefix>\n"),
            "<prefix>\na\n</prefix>\n"
        );
    }

    #[test]
    fn crlf_blank_lines_go_and_non_ascii_text_is_whole() {
        assert_eq!(html("<p>\r\n  \r\n  北京\r\n</p>"), "<p>\r\n北京\r\n</p>");
    }
}
