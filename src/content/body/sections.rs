//! The entries of the timeline and statements sections: each `###` heading read into an
//! update or a statement with the Markdown under it.

use std::ops::Range;

use jiff::civil::Date;

use super::entries::{EntryDates, read_status};
use super::next::{self, PromiseReader};
use super::{Heading, Source, changes, split_parts, window};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Affected, EntryLines, Kind, Statement, Text, Update, narrow};
use crate::time::WrittenTime;

/// The Markdown between heading `i`'s line and the next entry (or `end`).
fn entry_body(src: &Source, entries: &[&Heading], i: usize, end: usize) -> Text {
    let stop = entries.get(i + 1).map_or(end, |h| h.range.start);
    src.text(entries[i].range.end..stop)
}

pub(super) fn warn_loose_text(
    src: &Source,
    body: &str,
    content: &Range<usize>,
    entries: &[&Heading],
    problems: &mut Vec<Diagnostic>,
) {
    let first = entries.first().map_or(content.end, |h| h.range.start);
    let loose = &body[content.start..first];
    if let Some(pos) = loose.find(|c: char| !c.is_whitespace()) {
        problems.push(
            Diagnostic::warning(Code::TextOutsideEntry, src.rel, "text before the first `###` entry is not shown")
                .at(src.line(content.start + pos), 1)
                .hint("put it under an entry heading such as `### 2023-03-29 03:30 · investigating`, or in the summary above the first `##`"),
        );
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn parse_updates(
    config: &Config,
    src: &Source,
    body: &str,
    entries: &[&Heading],
    end: usize,
    kind: Option<Kind>,
    out: &mut Vec<Update>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut dates = EntryDates::starting(None);
    // Parsed incidents are held for the whole build: no room for entries that never come.
    out.reserve_exact(entries.len());
    for (i, h) in entries.iter().enumerate() {
        let parts = split_parts(h.text, 2);
        let [time_text, status_text] = parts[..] else {
            problems.push(src.at(
                Diagnostic::error(Code::BadEntryHeading, src.rel, format!("timeline entry `### {}` has no status", h.text))
                    .hint("write `### <time> · <status>`, e.g. `### 2023-03-29 03:30 · investigating`"),
                h.range.start,
                h.text,
                h.text,
            ));
            continue;
        };
        // Both are read, so a bad time does not hide a bad status word.
        let time = dates.read(config, src, h, time_text, problems);
        let status = read_status(src, h, status_text, kind, problems);
        let (Some(time), Some(status)) = (time, status) else {
            continue;
        };
        let stop = entries.get(i + 1).map_or(end, |h| h.range.start);
        let entry_text = &body[h.range.end..stop];
        let head = entry_head(config, src, h.range.end, entry_text, time, problems);
        out.push(Update {
            time,
            status,
            body: head.text,
            changes: head.changes,
            lines: head.lines,
            line: narrow(src.line(h.range.start)),
        });
    }
}

/// What the lines at the top of an entry say, and the Markdown after them.
struct EntryHead {
    changes: Vec<Affected>,
    lines: Option<Box<EntryLines>>,
    text: Text,
}

/// An entry's header lines (its `Affects:` changes, a maintenance's `Window:` and its
/// `Next update:` promise, in any order) and the Markdown after them, read in one pass;
/// `text` starts at body offset `start`.
fn entry_head(
    config: &Config,
    src: &Source,
    start: usize,
    text: &str,
    time: WrittenTime,
    problems: &mut Vec<Diagnostic>,
) -> EntryHead {
    let promises = PromiseReader {
        config,
        src,
        entry: time,
    };
    let (mut next_update, mut window) = (None, None);
    let mut other = |at: usize, line: &str, problems: &mut Vec<Diagnostic>| {
        if next::after_keyword(line).is_some() {
            next_update = promises.read(at, line, problems).or(next_update);
            return true;
        }
        if window::after_keyword(line).is_some() {
            let seen = window.is_some();
            // The entry's date, for a window written as bare times: few entries have one.
            let date = Some(crate::time::date_in(time.at, &config.timezone));
            window = window::read_line(config, src, (at, line), date, seen, problems).or(window);
            return true;
        }
        false
    };
    let (changes, body) = changes::split(src, start, text, problems, &mut other);
    let lines = (window.is_some() || next_update.is_some()).then(|| {
        Box::new(EntryLines {
            window,
            next_update,
        })
    });
    EntryHead {
        changes,
        lines,
        text: src.text(body),
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn parse_statements(
    config: &Config,
    src: &Source,
    entries: &[&Heading],
    end: usize,
    start_date: Option<Date>,
    out: &mut Vec<Statement>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut dates = EntryDates::starting(start_date);
    out.reserve_exact(entries.len());
    for (i, h) in entries.iter().enumerate() {
        let parts = split_parts(h.text, 3);
        if parts.len() < 2 || parts[1].is_empty() {
            problems.push(src.at(
                Diagnostic::error(Code::BadEntryHeading, src.rel, format!("statement `### {}` does not say who made it", h.text))
                    .hint("write `### <time> · <who said it> [· <channel>]`, e.g. `### 03:30 · WeChat team · [Weibo](https://…)`"),
                h.range.start,
                h.text,
                h.text,
            ));
            continue;
        }
        let Some(time) = dates.read(config, src, h, parts[0], problems) else {
            continue;
        };
        let (by, by_url) = link_parts(parts[1]);
        let (channel, channel_url) = match parts.get(2) {
            Some(c) if !c.is_empty() => {
                let (text, url) = link_parts(c);
                (Some(text), url)
            }
            _ => (None, None),
        };
        out.push(Statement {
            time,
            by: by.into(),
            channel: channel.map(Into::into),
            url: channel_url.or(by_url).map(Into::into),
            body: entry_body(src, entries, i, end),
            line: src.line(h.range.start),
        });
    }
}

/// Reads `[text](url)`, `<url>`, a bare URL, or plain text into text and optional URL.
pub(super) fn link_parts(s: &str) -> (String, Option<String>) {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix('[')
        && let Some((text, rest)) = rest.split_once("](")
        && let Some(url) = rest.strip_suffix(')')
    {
        return (text.trim().to_string(), Some(url.trim().to_string()));
    }
    let bare = s
        .strip_prefix('<')
        .and_then(|r| r.strip_suffix('>'))
        .unwrap_or(s);
    if crate::urls::web::is_web_address(bare) {
        let host = bare.split('/').nth(2).unwrap_or(bare);
        return (host.to_string(), Some(bare.to_string()));
    }
    (s.to_string(), None)
}
