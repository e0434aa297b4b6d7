//! A maintenance's new window in a timeline entry: `Window: 2026-05-03 01:00 → 03:00` among
//! the lines at the top of the entry (docs/format.md, "Changing a maintenance's window"). It
//! holds from the entry's time on; the front matter's `scheduled` stays the window as first
//! announced, so a build at an earlier instant still shows that one.
//!
//! Kept apart from `changes` (the `Affects:` lines) so that each kind of entry line has its
//! own reader; the line is blanked out of the entry's text before those are read.

use jiff::civil::Date;

use super::{Source, changes, next};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Window;
use crate::time;

/// The words that start a window line (compared case-insensitively), each followed by `:` or
/// a full-width `：`.
const KEYWORDS: [&str; 2] = ["window", "时间窗口"];

/// The separators between the start and the end.
const ARROWS: [&str; 3] = ["→", "->", "–"];

/// The rest of `line` after a window keyword and its colon, if it is a window line.
fn after_keyword(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    KEYWORDS.iter().find_map(|k| {
        let head = trimmed.get(..k.len())?;
        if !head.eq_ignore_ascii_case(k) {
            return None;
        }
        let rest = trimmed[k.len()..].trim_start();
        rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))
    })
}

/// Takes the window line out of the lines at the top of the entry text starting at body offset
/// `start` (the blank, `Affects:`, `Next update:` and window lines before the Markdown). Returns the window
/// and the text with that line blanked (same length, so later positions stay right).
/// `date`: the entry's date in the site's zone, which a bare `HH:MM` start takes.
pub(super) fn split(
    config: &Config,
    src: &Source,
    start: usize,
    text: &str,
    date: Option<Date>,
    problems: &mut Vec<Diagnostic>,
) -> (Option<Window>, String) {
    let mut window = None;
    let mut out = String::with_capacity(text.len());
    let mut in_header = true;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = start + offset;
        offset += line.len();
        let rest = after_keyword(line).filter(|_| in_header);
        let Some(rest) = rest else {
            in_header &= line.trim().is_empty()
                || changes::after_keyword(line).is_some()
                || next::after_keyword(line).is_some();
            out.push_str(line);
            continue;
        };
        if window.is_some() {
            problems.push(
                Diagnostic::error(
                    Code::BadWindowChange,
                    src.rel,
                    "an entry gives two new windows",
                )
                .at(src.line(line_start), 1)
                .hint("keep one `Window:` line per entry; a later change is a later entry"),
            );
        }
        window = read(config, src, line_start, line, rest, date, problems).or(window);
        out.extend(line.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        // Same byte length: a blanked multi-byte character leaves as many spaces as bytes.
        let short = line.len() - line.chars().count();
        out.extend(std::iter::repeat_n(' ', short));
    }
    (window, out)
}

/// Reads `start → end` (the end may be a bare `HH:MM`, taking the start's date).
fn read(
    config: &Config,
    src: &Source,
    line_start: usize,
    line: &str,
    rest: &str,
    date: Option<Date>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Window> {
    let line_no = src.line(line_start);
    let column = |part: &str| crate::text::column_of(line, part.trim()).unwrap_or(1);
    let Some((from, to)) = ARROWS.iter().find_map(|a| rest.split_once(a)) else {
        problems.push(
            Diagnostic::error(Code::BadWindowChange, src.rel, "this `Window:` line does not give a start and an end")
                .at(line_no, 1)
                .hint("write `Window: 2026-05-03 01:00 → 03:00` (start → end, in the site's time zone or RFC 3339)"),
        );
        return None;
    };
    let tz = &config.timezone;
    let mut read_one = |text: &str, date: Option<Date>| match time::parse(text, tz, date) {
        Ok(t) => Some(t.at),
        Err(e) => {
            problems.push(
                Diagnostic::error(
                    Code::BadWindowChange,
                    src.rel,
                    format!("the new window's time: {}", e.message),
                )
                .at(line_no, column(text))
                .length(text.trim().chars().count().max(1))
                .hint(e.hint),
            );
            None
        }
    };
    let start = read_one(from, date);
    let end = read_one(to, start.map(|s| time::date_in(s, tz)).or(date));
    Some(Window {
        start: start?,
        end: end?,
    })
}
