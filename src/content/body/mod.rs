//! The Markdown body of an incident file: summary, `## Timeline`, `## Statements` and any
//! other sections.
//!
//! Headings are found as CommonMark reads them (`headings.rs`), so a `## ` inside a code
//! block or a quote is text, not structure. Section bodies are kept as the Markdown the author
//! wrote.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::HeadingLevel;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Kind, Postmortem, Section, Statement, Text, Update};
use crate::text::{LineEnds, column_of};

pub(crate) mod changes;
mod entries;
mod headings;
mod next;
mod sections;
mod window;
use crate::time;
#[cfg(test)]
use headings::heading_text;
#[cfg(test)]
pub(crate) use headings::parsed_bodies;
use headings::{Heading, headings, headings_at};
use sections::{parse_statements, parse_updates, warn_loose_text};

/// Section titles (compared case-insensitively) that hold the timeline.
/// The rest of `line` after one of `keywords` (compared case-insensitively) and its colon, `:`
/// or a full-width `：`: how every line at the top of an entry (`Affects:`, `Window:`,
/// `Next update:`) is recognised.
fn after_keyword<'a>(line: &'a str, keywords: &[&str]) -> Option<&'a str> {
    let trimmed = line.trim_start();
    keywords.iter().find_map(|k| {
        let head = trimmed.get(..k.len())?;
        if !head.eq_ignore_ascii_case(k) {
            return None;
        }
        let rest = trimmed[k.len()..].trim_start();
        rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))
    })
}

/// Whether `line` is an entry's `Window:` line (for a check that points at it).
pub(crate) fn is_window_line(line: &str) -> bool {
    window::after_keyword(line).is_some()
}

pub(crate) const TIMELINE_TITLES: [&str; 3] = ["timeline", "updates", "时间线"];
/// Section titles (the part before an optional ` · <time>`) that hold the postmortem.
pub const POSTMORTEM_TITLES: [&str; 7] = [
    "postmortem",
    "post-mortem",
    "post-incident review",
    "事后分析",
    "事后复盘",
    "复盘",
    "事故复盘",
];
/// Section titles that hold official statements.
pub(crate) const STATEMENT_TITLES: [&str; 4] =
    ["statements", "声明", "官方声明", "official statements"];

/// What the body holds.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub summary: Text,
    pub updates: Vec<Update>,
    pub statements: Vec<Statement>,
    pub postmortem: Option<Box<Postmortem>>,
    pub sections: Vec<Section>,
}

/// Context for reporting problems at absolute positions in the file.
struct Source<'a> {
    rel: &'a Path,
    /// The site's catalogue, for hints that name one of its components.
    config: &'a Config,
    text: &'a str,
    /// The same text, shared by every [`Text`] read from it (until the loader packs them).
    file: Arc<str>,
    base: usize,
    /// Where the file's lines end: every entry records its line, and counting from the top
    /// of the file each time was the larger part of parsing a body.
    ends: &'a LineEnds,
}

impl Source<'_> {
    /// 1-based line of a byte offset within the body.
    fn line(&self, offset: usize) -> usize {
        self.ends.line(self.base + offset)
    }

    /// The Markdown in body range `range` without the blank space around it, as a [`Text`]
    /// of the file.
    fn text(&self, range: Range<usize>) -> Text {
        let piece = &self.text[self.base + range.start..self.base + range.end];
        let start = self.base + range.start + (piece.len() - piece.trim_start().len());
        Text::shared(&self.file, start..start + piece.trim().len())
    }

    /// A diagnostic at `part` of the heading line starting at body offset `offset`.
    fn at(&self, d: Diagnostic, offset: usize, heading: &str, part: &str) -> Diagnostic {
        let line_text = self.text[self.base + offset..].lines().next().unwrap_or("");
        let column = Some(part.trim())
            .filter(|p| !p.is_empty())
            .and_then(|p| column_of(line_text, p))
            .or_else(|| column_of(line_text, heading))
            .unwrap_or(1);
        d.at(self.line(offset), column)
            .length(part.trim().chars().count())
    }
}

/// Parses the body (which starts at byte `base` of the file `text`, whose lines end at
/// `ends`).
pub(crate) fn parse(
    config: &Config,
    rel: &Path,
    text: &str,
    ends: &LineEnds,
    base: usize,
    kind: Option<Kind>,
    problems: &mut Vec<Diagnostic>,
) -> Body {
    let body = &text[base..];
    let src = Source {
        rel,
        config,
        text,
        file: Arc::from(text),
        base,
        ends,
    };
    let headings = headings_at(body, ends.after(base));
    let h2: Vec<&Heading> = headings
        .iter()
        .filter(|h| h.level == HeadingLevel::H2)
        .collect();
    let mut reader = SectionReader {
        config,
        src: &src,
        body,
        kind,
        seen_timeline: false,
        seen_statements: false,
        out: Body {
            summary: src.text(0..h2.first().map_or(body.len(), |h| h.range.start)),
            ..Body::default()
        },
    };
    for (i, section) in h2.iter().enumerate() {
        let end = h2.get(i + 1).map_or(body.len(), |h| h.range.start);
        let content = section.range.end..end;
        let entries: Vec<&Heading> = headings
            .iter()
            .filter(|h| h.level == HeadingLevel::H3 && content.contains(&h.range.start))
            .collect();
        reader.read(section, content, &entries, problems);
    }
    reader.out
}

/// Reads the `##` sections of one body in order, into `out`.
struct SectionReader<'a> {
    config: &'a Config,
    src: &'a Source<'a>,
    body: &'a str,
    kind: Option<Kind>,
    seen_timeline: bool,
    seen_statements: bool,
    out: Body,
}

impl SectionReader<'_> {
    /// One section: the timeline, the statements, or any other kept as written.
    fn read(
        &mut self,
        section: &Heading,
        content: Range<usize>,
        entries: &[&Heading],
        problems: &mut Vec<Diagnostic>,
    ) {
        let (src, body, config) = (self.src, self.body, self.config);
        let title = section.text.to_lowercase();
        if TIMELINE_TITLES.contains(&title.as_str()) {
            if std::mem::replace(&mut self.seen_timeline, true) {
                problems.push(self.duplicate(section, "updates"));
            }
            warn_loose_text(src, body, &content, entries, problems);
            let (end, kind) = (content.end, self.kind);
            let out = &mut self.out.updates;
            parse_updates(config, src, body, entries, end, kind, out, problems);
        } else if STATEMENT_TITLES.contains(&title.as_str()) {
            if std::mem::replace(&mut self.seen_statements, true) {
                problems.push(self.duplicate(section, "statements"));
            }
            warn_loose_text(src, body, &content, entries, problems);
            let first = self.out.updates.first();
            let start = first.map(|u| time::date_in(u.time.at, &config.timezone));
            let out = &mut self.out.statements;
            parse_statements(config, src, entries, content.end, start, out, problems);
        } else if let Some(published) = postmortem_heading(section.text) {
            self.read_postmortem(section, content, published, problems);
        } else {
            self.out.sections.push(Section {
                title: section.text.to_string(),
                body: src.text(content),
                line: src.line(section.range.start),
            });
        }
    }

    /// The postmortem section: its text, and the time in its heading if one is given.
    fn read_postmortem(
        &mut self,
        section: &Heading,
        content: Range<usize>,
        published: Option<&str>,
        problems: &mut Vec<Diagnostic>,
    ) {
        if self.out.postmortem.is_some() {
            problems.push(self.duplicate(section, "of the postmortem"));
            return;
        }
        let src = self.src;
        let published = published.and_then(|text| {
            match time::parse(text, &self.config.timezone, None) {
                Ok(t) => Some(t),
                Err(e) => {
                    let d = Diagnostic::error(Code::BadTime, src.rel, e.message).hint(
                        "write the postmortem's publication time in full: `## Postmortem · 2026-04-20 10:00`",
                    );
                    problems.push(src.at(d, section.range.start, section.text, text));
                    None
                }
            }
        });
        self.out.postmortem = Some(Box::new(Postmortem {
            title: split_parts(section.text, 2)[0].to_string(),
            body: src.text(content),
            published,
            line: src.line(section.range.start),
        }));
    }

    /// A second timeline or statements section: everything of a kind goes under one heading.
    fn duplicate(&self, section: &Heading, what: &str) -> Diagnostic {
        let d = Diagnostic::error(
            Code::DuplicateSection,
            self.src.rel,
            format!("a second `## {}` section", section.text),
        )
        .hint(format!(
            "keep all {what} under one `## {}` heading",
            section.text
        ));
        self.src
            .at(d, section.range.start, section.text, section.text)
    }
}

/// If `title` heads a postmortem: `Some` with the time written after its title, if any.
fn postmortem_heading(title: &str) -> Option<Option<&str>> {
    let parts = split_parts(title, 2);
    let name = parts[0].to_lowercase();
    POSTMORTEM_TITLES
        .contains(&name.as_str())
        .then(|| parts.get(1).copied().filter(|t| !t.is_empty()))
}

/// Where the `##` section whose title is one of `titles` (case-insensitive) sits in `body`:
/// the byte offset of its heading and of its end (the next `##` heading or the end).
pub(crate) fn find_section(body: &str, titles: &[&str]) -> Option<(usize, usize)> {
    let h2: Vec<Heading> = headings(body)
        .into_iter()
        .filter(|h| h.level == HeadingLevel::H2)
        .collect();
    let i = h2
        .iter()
        .position(|h| titles.contains(&h.text.to_lowercase().as_str()))?;
    let end = h2.get(i + 1).map_or(body.len(), |h| h.range.start);
    Some((h2[i].range.start, end))
}

/// Splits a heading into at most `n` parts at `·`, `|` or a spaced dash.
fn split_parts(text: &str, n: usize) -> Vec<&str> {
    let mut parts = Vec::with_capacity(n);
    let mut rest = text;
    while parts.len() + 1 < n {
        match next_separator(rest) {
            Some((i, len)) => {
                parts.push(rest[..i].trim());
                rest = &rest[i + len..];
            }
            None => break,
        }
    }
    parts.push(rest.trim());
    parts
}

/// The spaced dashes that separate a heading's parts (besides `·` and `|`).
const DASHES: [&str; 3] = [" - ", " — ", " – "];

/// The first separator of a heading's parts in `text`: its byte offset and length. Only at
/// the bytes that can start one (`|`, the lead byte of `·`, a space), found with a vector
/// search: a search for each separator in turn, or a look at every byte, cost more than the
/// rest of an entry.
fn next_separator(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memchr3(b'|', 0xC2, b' ', &bytes[from..]) {
        let i = from + found;
        match bytes[i] {
            b'|' => return Some((i, 1)),
            // `·`, U+00B7, in UTF-8.
            0xC2 if bytes.get(i + 1) == Some(&0xB7) => return Some((i, 2)),
            b' ' => {
                if let Some(d) = DASHES.iter().find(|d| bytes[i..].starts_with(d.as_bytes())) {
                    return Some((i, d.len()));
                }
            }
            _ => {}
        }
        from = i + 1;
    }
    None
}

#[cfg(test)]
mod tests;
