//! Component changes in a timeline entry: `Affects: wechat/pay=major_outage, wechat/login=operational`
//! lines at the top of the entry (docs/format.md, "Component changes").
//!
//! Written by hand rather than with a parser crate: the grammar is one keyword and a list of
//! `ref=status` pairs, and each pair must keep its own column for diagnostics.

use std::ops::Range;

use super::Source;
use crate::diagnostics::{Code, Diagnostic, did_you_mean};
use crate::model::{Affected, ComponentStatus, narrow};

/// The words that start a change line (compared case-insensitively), each followed by `:`
/// or a full-width `：`.
const KEYWORDS: [&str; 2] = ["affects", "影响"];

/// The status words a change accepts: every component status, `operational` included.
fn status_words() -> impl Iterator<Item = &'static str> {
    std::iter::once("operational").chain(ComponentStatus::WORDS.iter().copied())
}

fn read_status(word: &str) -> Option<ComponentStatus> {
    let word = word.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    match word.as_str() {
        "operational" => Some(ComponentStatus::Operational),
        other => ComponentStatus::parse(other),
    }
}

/// The rest of `line` after a change keyword and its colon, if it is a change line.
pub(super) fn after_keyword(line: &str) -> Option<&str> {
    super::after_keyword(line, &KEYWORDS)
}

/// Whether `line` starts with a change keyword and its colon (`Affects:`): what text written
/// into an entry from outside must not start with ([`crate::content::write::inert_markdown`]).
pub(crate) fn starts_with_keyword(line: &str) -> bool {
    after_keyword(line).is_some()
}
/// Reads one line at the top of an entry that is not a change line (its body offset, the line,
/// where to report): `true` when the line is one of its kind, which is then not text.
pub(super) type HeaderLine<'a> = dyn FnMut(usize, &str, &mut Vec<Diagnostic>) -> bool + 'a;

/// Splits the entry text starting at body offset `start` into its change lines (read into
/// changes), the other header lines `other` takes, and the Markdown after them (its body
/// range). A change line
/// further down is text, with a warning: changes belong at the top, where a reader of the
/// diff looks for them.
pub(super) fn split(
    src: &Source,
    start: usize,
    text: &str,
    problems: &mut Vec<Diagnostic>,
    other: &mut HeaderLine,
) -> (Vec<Affected>, Range<usize>) {
    let mut changes = Vec::new();
    let mut offset = 0;
    let mut in_header = true;
    let mut body_from = 0;
    for line in crate::text::lines_with_ends(text) {
        let line_start = start + offset;
        offset += line.len();
        let keyword = after_keyword(line);
        // "Affects: all EU customers" is prose: a change line has at least one pair.
        let is_change = keyword.is_some_and(|rest| rest.contains(['=', '→']));
        if in_header && keyword.is_some() && !is_change {
            problems.push(
                Diagnostic::warning(Code::ComponentChangeWithoutStatus, src.rel, "this `Affects:` line has no `component=status` pair, so it is shown as text and changes nothing")
                    .at(src.line(line_start), 1)
                    .hint(format!("to change a component's status write `Affects: {}=operational`; if it is prose, this warning can be ignored or the sentence reworded", src.config.example_component())),
            );
        }
        if in_header && line.trim().is_empty() {
            body_from = offset;
            continue;
        }
        if in_header && is_change {
            read_line(src, line_start, line, &mut changes, problems);
            body_from = offset;
            continue;
        }
        if in_header && other(line_start, line, problems) {
            body_from = offset;
            continue;
        }
        in_header = false;
        if is_change {
            problems.push(
                Diagnostic::warning(Code::LateComponentChange, src.rel, "this `Affects:` line is not at the top of its entry, so it is shown as text and changes nothing")
                    .at(src.line(line_start), 1)
                    .hint("move it directly under the entry's `###` heading"),
            );
        }
    }
    // Held for the whole build: a first push leaves room for four.
    changes.shrink_to_fit();
    (
        changes,
        start + body_from.min(text.len())..start + text.len(),
    )
}

/// Reads the `ref=status` pairs of one change line.
fn read_line(
    src: &Source,
    line_start: usize,
    line: &str,
    changes: &mut Vec<Affected>,
    problems: &mut Vec<Diagnostic>,
) {
    let rest = after_keyword(line).expect("a change line");
    let line_no = src.line(line_start);
    for item in rest.split([',', '，', '、']) {
        // Where the item starts in the line: `split` hands out sub-slices of `line`.
        let item_at = (item.as_ptr() as usize - line.as_ptr() as usize)
            + (item.len() - item.trim_start().len());
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let column = line[..item_at].chars().count() + 1;
        let Some((component, status)) = item.split_once(['=', '→']) else {
            problems.push(
                Diagnostic::error(
                    Code::BadComponentChange,
                    src.rel,
                    format!("`{item}` does not say which status the component changes to"),
                )
                .at(line_no, column)
                .length(item.chars().count())
                .hint(format!(
                    "write `component=status`, e.g. `Affects: {}=operational`",
                    src.config.example_component()
                )),
            );
            continue;
        };
        let (component, status_text) = (component.trim(), status.trim());
        match read_status(status_text) {
            Some(status) => changes.push(Affected {
                component: component.into(),
                target: None,
                status,
                line: narrow(line_no),
                column: narrow(column),
            }),
            None => problems.push(unknown_status(src, line_no, line, status_text)),
        }
    }
}

fn unknown_status(src: &Source, line_no: usize, line: &str, word: &str) -> Diagnostic {
    let column = crate::text::column_of(line, word).unwrap_or(1);
    let words: Vec<&str> = status_words().collect();
    let hint = match did_you_mean(&word.to_lowercase(), words.iter().copied()) {
        Some(best) => format!("did you mean '{best}'?"),
        None => format!("a component status is one of: {}", words.join(", ")),
    };
    Diagnostic::error(
        Code::UnknownComponentStatus,
        src.rel,
        format!("unknown component status '{word}'"),
    )
    .at(line_no, column)
    .length(word.chars().count().max(1))
    .hint(hint)
}
