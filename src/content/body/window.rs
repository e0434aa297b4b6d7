//! A maintenance's new window in a timeline entry: `Window: 2026-05-03 01:00 → 03:00` among
//! the lines at the top of the entry (docs/format.md, "Changing a maintenance's window"). It
//! holds from the entry's time on; the front matter's `scheduled` stays the window as first
//! announced, so a build at an earlier instant still shows that one.
//!
//! Kept apart from `changes` (the `Affects:` lines) and `next` (`Next update:`) so that each
//! kind of entry line has its own reader; `sections` reads all three in one pass.

use jiff::civil::Date;

use super::Source;
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
pub(super) fn after_keyword(line: &str) -> Option<&str> {
    super::after_keyword(line, &KEYWORDS)
}

/// Reads the window line starting at body offset `line_start` (the entry's header hook in
/// `sections` calls it for a line at the top of the entry); `None` when it is not one, or when
/// it cannot be read (reported). `seen`: whether the entry gave a window already (a second one is
/// an error: one change per entry). `date`: the entry's date in the site's zone, which a bare
/// `HH:MM` start takes.
pub(super) fn read_line(
    config: &Config,
    src: &Source,
    (line_start, line): (usize, &str),
    date: Option<Date>,
    seen: bool,
    problems: &mut Vec<Diagnostic>,
) -> Option<Window> {
    let rest = after_keyword(line)?;
    if seen {
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
    read(config, src, line_start, line, rest, date, problems)
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
