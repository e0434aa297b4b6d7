//! Template indentation and blank lines kept out of rendered HTML pages.
//!
//! Templates are indented for the people who edit them; readers' browsers collapse that
//! whitespace anyway, yet it was about 7 % of an incident page, and a 10,000-incident site has
//! 10,000 of them. Reformatting the templates by hand (or adding Tera's `{%-` to them) would
//! make every theme harder to read and edit. Compacting each rendered page was measured at
//! 10k: 165 – 185 ms of CPU for its 87 MB (one pass, line by line), far over the 15 ms such a
//! pass may cost. So the *templates* are compacted instead, once, as the theme is compiled
//! (any theme's, the site's own too), which costs nothing per page: each line of a `.html`
//! template loses its leading spaces and tabs; a line left blank becomes `{# -#}`, and a line
//! of Tera tags only (`{% if … %}`) gets a trimming `-%}`, so neither leaves an empty line
//! in the page. Lines are never removed, so Tera's line numbers stay right, and
//! [`Compacted::shifts`] gives each line's columns back for error messages.
//!
//! Whitespace is content inside `<pre>`, `<textarea>`, `<script>`, `<style>` (and the
//! obsolete `<xmp>`, `<listing>`, `<plaintext>`), inside quoted attribute values and HTML
//! comments, and inside Tera tags spread over lines: those lines are left as they are. Only
//! whitespace at the start of a line is dropped and the line break before it stays, so text
//! that ran across two lines still has a space between its words. A template with a
//! `{% raw %}` block is left whole. What the templates insert (Markdown's HTML, with its
//! `<pre>` blocks) is never touched.

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

/// A template's source, compacted, and how many bytes each of its lines lost at its start.
pub(crate) struct Compacted {
    pub(crate) source: String,
    pub(crate) shifts: Vec<usize>,
}

/// `source` (an HTML template) with its lines' indentation and blank lines made to vanish
/// from what it renders, where that cannot change what a page shows (see the module's
/// documentation).
pub(crate) fn template(source: &str) -> Compacted {
    if source.contains("{% raw") || source.contains("{%- raw") {
        let shifts = vec![0; source.split_inclusive('\n').count()];
        return Compacted {
            source: source.to_string(),
            shifts,
        };
    }
    let mut out = String::with_capacity(source.len());
    let mut shifts = Vec::new();
    let (mut state, mut tera) = (State::Text, None);
    for line in source.split_inclusive('\n') {
        let strips = tera.is_none() && state.strips();
        let kept = if strips {
            line.trim_start_matches([' ', '\t'])
        } else {
            line
        };
        shifts.push(line.len() - kept.len());
        if strips && matches!(kept, "\n" | "\r\n") {
            // Tera's trimming comment takes this line's end and the next line's indentation.
            out.push_str("{# -#}");
            out.push_str(kept);
            continue;
        }
        match tags_only(kept, tera) {
            Some(last_closer) if state.strips() => {
                out.push_str(&kept[..last_closer]);
                out.push('-');
                out.push_str(&kept[last_closer..]);
            }
            _ => out.push_str(kept),
        }
        (state, tera) = scan(kept, state, tera);
    }
    Compacted {
        source: out,
        shifts,
    }
}

/// Where `line` closes its last tag, when it holds nothing but Tera tags and comments
/// (`{% endif %}{% endfor %}`, or the end of one begun on an earlier line: `open` is its
/// closer) whose last closer does not trim yet: a `-` goes there.
fn tags_only(line: &str, open: Option<&str>) -> Option<usize> {
    let mut rest = line.trim_end();
    let mut offset = 0;
    let mut last = None;
    // The end of a tag or comment begun on an earlier line counts as one.
    if let Some(closer) = open {
        if closer == "}}" {
            return None;
        }
        let end = rest.find(closer)?;
        last = Some(end);
        let after = rest[end + 2..].trim_start();
        offset = rest.len() - after.len();
        rest = after;
    }
    while !rest.is_empty() {
        let closer = match rest.get(..2) {
            Some("{%") => "%}",
            Some("{#") => "#}",
            _ => return None,
        };
        let end = 2 + rest[2..].find(closer)?;
        last = Some(offset + end);
        let after = rest[end + 2..].trim_start();
        offset += rest.len() - after.len();
        rest = after;
    }
    last.filter(|&at| at > 0 && line.as_bytes()[at - 1] != b'-')
}

/// The HTML state after `line`, whose Tera tags (`{{ }}`, `{% %}`, `{# #}`) are skipped:
/// `tera` is the closer of a Tera tag still open at its end.
fn scan(
    line: &str,
    mut state: State,
    mut tera: Option<&'static str>,
) -> (State, Option<&'static str>) {
    let mut rest = line;
    loop {
        if let Some(closer) = tera {
            let Some(at) = rest.find(closer) else {
                return (state, tera);
            };
            rest = &rest[at + closer.len()..];
        }
        let opener =
            rest.match_indices('{')
                .find_map(|(at, _)| match rest.as_bytes().get(at + 1) {
                    Some(b'{') => Some((at, "}}")),
                    Some(b'%') => Some((at, "%}")),
                    Some(b'#') => Some((at, "#}")),
                    _ => None,
                });
        match opener {
            None => return (state.after(rest), None),
            Some((at, closer)) => {
                state = state.after(&rest[..at]);
                rest = &rest[at + 2..];
                tera = Some(closer);
            }
        }
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
mod tests;
