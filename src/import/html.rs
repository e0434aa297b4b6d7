//! Update bodies as clean Markdown: HTML (Statuspage bodies carry lists, bold, links) turned
//! into Markdown by `htmd`, and the odd text real pages hold made plain: literal `\r\n`
//! sequences, CRLF, non-breaking spaces, invisible characters. Words stay as written
//! (typographic quotes included).
//!
//! Nothing here can let markup through unsanitised: what htmd leaves as HTML (an unknown
//! tag) is still sanitised by the site's renderer (ammonia), and dangerous elements are
//! dropped with their content before conversion. A body that is not HTML is kept as text, so
//! a raw `<` as in "<1% of requests" stays text.

use std::sync::OnceLock;

use htmd::HtmlToMarkdown;

use crate::import::Report;
use crate::limits::{MAX_FILE_BYTES, MAX_NESTING};

/// Elements whose content is never text for readers: dropped whole.
const SKIPPED: [&str; 10] = [
    "script", "style", "iframe", "object", "embed", "form", "noscript", "template", "svg", "head",
];

/// `body` (HTML or plain text) as Markdown that is safe inside a timeline entry.
pub(crate) fn to_markdown(body: &str) -> String {
    convert(body).0
}

/// The same, with a report line about `what` (an update of an incident) when the body is
/// over a cap of incident files ([`Capped`]).
pub(crate) fn to_markdown_reported(body: &str, what: &str, report: &mut Report) -> String {
    let (markdown, capped) = convert(body);
    match capped {
        None => {}
        Some(Capped::Nesting) => report.decide(
            what,
            format!(
                "an HTML body nests more than {MAX_NESTING} levels deep (the cap incident files have, docs/limits.md): only its text is kept, without markup"
            ),
        ),
        Some(Capped::Size) => report.skip(
            what,
            format!(
                "a body of {:.1} MiB, over the {} MiB a whole incident file may hold (docs/limits.md): left out",
                body.len() as f64 / 1048576.0,
                MAX_FILE_BYTES >> 20
            ),
        ),
    }
    markdown
}

/// Why a body was not converted as it was: the caps incident files have, applied before
/// conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capped {
    /// Its HTML nests deeper than [`MAX_NESTING`] (the converter walks the tree
    /// recursively: 20,000 nested `<span>` overflowed the stack): its tags are dropped.
    Nesting,
    /// It is larger than a whole incident file may be: it could never be written into one
    /// that passes `check`, so it is left out.
    Size,
}

/// The Markdown, and the cap that changed how it was made, if any.
fn convert(body: &str) -> (String, Option<Capped>) {
    if body.len() as u64 > MAX_FILE_BYTES {
        return (String::new(), Some(Capped::Size));
    }
    let text = plain_line_ends(body);
    if !looks_like_html(&text) {
        return (guard_structure(&tidy(&text)), None);
    }
    if crate::content::limits::html_nests_too_deep(&text) {
        let text = guard_structure(&tidy(&strip_tags(&text)));
        return (text, Some(Capped::Nesting));
    }
    let markdown = converter().convert(&text).unwrap_or_else(|_| text.clone());
    (guard_structure(&tidy(&markdown)), None)
}

/// The text of HTML too deep to parse into a tree: every tag (`<` then a letter, `/`, `!` or
/// `?`, up to the next `>`) removed, in one pass. Written here because the crates at hand
/// that extract text (ammonia, htmd) build the tree first, which is what cannot be done;
/// entities are left for the Markdown renderer, which decodes them as text.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        match after.find('>').filter(|_| is_tag) {
            Some(end) => {
                // A tag may stand between words (`</p><p>`): keep them apart, with one space.
                if !out.is_empty() && !out.ends_with(char::is_whitespace) {
                    out.push(' ');
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Markdown from a source that is Markdown already (cState): the same clean-up of odd text
/// and structure, no conversion (inline HTML in it is sanitised by the site's renderer).
pub(crate) fn clean_markdown(body: &str) -> String {
    guard_structure(&tidy(&plain_line_ends(body)))
}

/// One converter for the whole import: building it compiles its rules.
fn converter() -> &'static HtmlToMarkdown {
    static CONVERTER: OnceLock<HtmlToMarkdown> = OnceLock::new();
    CONVERTER.get_or_init(|| {
        // `- item` lists as Bulletin's own files write them; a backslash line break, since
        // the trailing two spaces of the default are trimmed with the other trailing spaces.
        let options = htmd::options::Options {
            bullet_list_marker: htmd::options::BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            br_style: htmd::options::BrStyle::Backslash,
            ..Default::default()
        };
        HtmlToMarkdown::builder()
            .options(options)
            .skip_tags(SKIPPED.to_vec())
            .build()
    })
}

/// Real line ends for the literal two-character `\r\n` / `\n` sequences some exports hold
/// (the JSON was escaped twice), and `\n` for CRLF and lone CR.
fn plain_line_ends(body: &str) -> String {
    body.replace("\\r\\n", "\n")
        .replace("\\n", "\n")
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

/// Whether `text` holds an HTML tag, comment or entity: `<` followed by a letter, `/` or
/// `!`, or `&name;`. A `<` before a digit or space ("<1%", "a < b") is text.
fn looks_like_html(text: &str) -> bool {
    let bytes = text.as_bytes();
    let tag = bytes
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'));
    tag || ["&amp;", "&lt;", "&gt;", "&nbsp;", "&quot;", "&#"]
        .iter()
        .any(|e| text.contains(e))
}

/// Plain spaces for non-breaking and other odd spaces, no invisible format characters, no
/// trailing spaces, at most one blank line in a row, trimmed.
fn tidy(markdown: &str) -> String {
    let cleaned: String = markdown
        .chars()
        .filter(|&c| !crate::text::is_unsafe(c) || c == '\n' || c == '\t')
        .map(|c| match c {
            '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2002}'..='\u{200a}' => ' ',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(cleaned.len());
    let mut blank = 0;
    for line in cleaned.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// Keeps the body inside its entry: a `#` heading line would start a new entry or section of
/// the incident file, so headings become bold lines (and setext underlines are kept from
/// making headings); an `Affects:` first line would be read as component changes, so its
/// colon is escaped (it still shows as written). Then the result is parsed as the incident
/// file will be: a body that still reaches past its end (an unclosed code fence or HTML
/// block swallowing the next entries) gets its line-leading `<`, `` ` `` and `~` escaped,
/// and as a last resort all its punctuation.
fn guard_structure(markdown: &str) -> String {
    let guarded = defuse_lines(markdown);
    if is_contained(&guarded) {
        return guarded;
    }
    let escaped: Vec<String> = guarded
        .lines()
        .map(|l| {
            let indent = l.len() - l.trim_start().len();
            match l.trim_start().chars().next() {
                Some(c @ ('<' | '`' | '~')) if indent <= 3 => {
                    format!("{}\\{c}{}", &l[..indent], &l[indent + 1..])
                }
                _ => l.to_string(),
            }
        })
        .collect();
    let escaped = escaped.join("\n");
    if is_contained(&escaped) {
        return escaped;
    }
    // Every ASCII punctuation character escaped: plain text, which cannot open a block.
    guarded
        .chars()
        .fold(String::with_capacity(guarded.len() * 2), |mut out, c| {
            if c.is_ascii_punctuation() {
                out.push('\\');
            }
            out.push(c);
            out
        })
}

/// Headings to bold lines, setext underlines kept from making headings, `Affects:` escaped.
fn defuse_lines(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut in_fence = false;
    for (n, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        if fence_marker(line).is_some() {
            in_fence = !in_fence;
        }
        let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
        let rest = &trimmed[hashes..];
        if !in_fence && (1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with(' ')) {
            let words = rest.trim().trim_end_matches('#').trim();
            if !words.is_empty() {
                out.push_str(&format!("**{words}**"));
            }
        } else if !in_fence && is_setext_underline(line) && !out.ends_with("\n\n") && n > 0 {
            // Under a text line, `---` or `===` would make it a heading (a new section):
            // a blank line first makes it a rule or text.
            out.push('\n');
            out.push_str(line);
        } else if out.trim().is_empty()
            && (trimmed.starts_with("Affects:") || trimmed.starts_with("影响："))
        {
            out.push_str(&line.replacen("Affects:", "Affects\\:", 1).replacen(
                "影响：",
                "影响\\：",
                1,
            ));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    // Leading blank lines go; leading spaces stay (they make an indented code block).
    out.trim_start_matches('\n').trim_end().to_string()
}

/// Whether `body`, followed by an entry heading, leaves that heading as the only top-level
/// `##`/`###` heading: read with the options and rules of the incident parser
/// (`content::body`), so nothing in the body starts an entry or swallows the next one.
fn is_contained(body: &str) -> bool {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let probe = format!("{body}\n\n### probe\n");
    let mut depth = 0usize;
    let mut headings = Vec::new();
    for (event, range) in Parser::new_ext(&probe, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2 | HeadingLevel::H3,
                ..
            }) if depth == 0 => headings.push(range.start),
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_)) => {
                depth += 1
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1)
            }
            _ => {}
        }
    }
    headings == [body.len() + 2]
}

/// The opening or closing run of a code fence on this line (three or more backticks or
/// tildes, indented by at most three spaces; a backtick fence's info has no backtick).
fn fence_marker(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = trimmed.bytes().take_while(|&b| b == c as u8).count();
    let info_ok = c == '~' || !trimmed[run..].contains('`');
    (run >= 3 && info_ok).then(|| &trimmed[..run])
}

/// A line of only `-` or only `=` (indented by at most three spaces): under a paragraph
/// line, CommonMark reads it as a setext heading underline.
fn is_setext_underline(line: &str) -> bool {
    let t = line.trim();
    let indent = line.len() - line.trim_start().len();
    indent <= 3 && !t.is_empty() && (t.bytes().all(|b| b == b'-') || t.bytes().all(|b| b == b'='))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_markdown() {
        let md = to_markdown(
            "<p>We are <strong>investigating</strong>.</p><ul><li>EU</li><li>US</li></ul><p>See <a href=\"https://x.example/a\">the notes</a>.</p>",
        );
        assert!(md.contains("**investigating**"), "{md}");
        assert!(
            md.contains("EU") && md.contains("US") && md.contains("- ") || md.contains("* "),
            "{md}"
        );
        assert!(md.contains("[the notes](https://x.example/a)"), "{md}");
        assert!(!md.contains('<'), "{md}");
    }

    #[test]
    fn odd_text_is_kept_as_words() {
        let md = to_markdown("Errors for <1% of requests.\\r\\nWe\u{a0}are \u{201c}on it\u{201d}.");
        assert_eq!(
            md,
            "Errors for <1% of requests.\nWe are \u{201c}on it\u{201d}."
        );
        // Mixed with HTML, the raw `<` is still text.
        let md = to_markdown("<p>Errors for <1% of requests</p>");
        assert!(md.contains("<1%") || md.contains("\\<1%"), "{md}");
    }

    /// 20,000 nested `<span>` (10,000 `<div>`, `<blockquote>`) overflowed the stack of the
    /// converter, which recurses over the tree: such a body keeps its text, reported.
    #[test]
    fn html_nested_past_the_cap_keeps_its_text() {
        for (open, close, n) in [
            ("<span>", "</span>", 20_000),
            ("<div>", "</div>", 10_000),
            ("<blockquote>", "</blockquote>", 10_000),
        ] {
            let body = format!(
                "<p>Before</p>{}deep &amp; down{}<p>after</p>",
                open.repeat(n),
                close.repeat(n)
            );
            let mut report = Report::default();
            let md = to_markdown_reported(&body, "incident 'x'", &mut report);
            assert_eq!(md, "Before deep &amp; down after", "{open}");
            assert_eq!(report.decisions.len(), 1, "{:?}", report.decisions);
        }
        // A body larger than a whole incident file is left out, reported.
        let mut report = Report::default();
        let huge = "<p>x</p>".repeat((4 << 20) / 8 + 1);
        let md = to_markdown_reported(&huge, "x", &mut report);
        assert!(md.is_empty(), "{} bytes kept", md.len());
        assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
        // At the cap, the body is converted as usual.
        let body = format!("{}ok{}", "<span>".repeat(40), "</span>".repeat(40));
        let mut report = Report::default();
        assert_eq!(to_markdown_reported(&body, "x", &mut report), "ok");
        assert!(report.decisions.is_empty());
    }

    #[test]
    fn scripts_and_structure_are_defused() {
        let md = to_markdown("<p>ok</p><script>alert(1)</script><h2>Impact</h2>");
        assert!(!md.contains("alert"), "{md}");
        assert!(md.contains("**Impact**") && !md.contains("##"), "{md}");
        assert_eq!(to_markdown("Affects: nothing"), "Affects\\: nothing");
        // Setext underlines in plain text would make headings too.
        assert_eq!(to_markdown("Status\n-----\nmore"), "Status\n\n-----\nmore");
        assert_eq!(to_markdown("Status\n===\n\n---"), "Status\n\n===\n\n---");
    }
}
