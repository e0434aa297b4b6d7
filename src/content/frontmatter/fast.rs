//! The common shape of an incident's front matter read without the YAML parser: a plain
//! `title:` and an `affected:` map of plain component names to status words, nothing else.
//!
//! The YAML parser, and building its tree of values, was most of the cost of reading a front
//! matter (libyaml's event stream alone two thirds of it), and nearly every incident file
//! written by `bulletin new` or by hand has this shape. Anything outside the narrow grammar
//! below (another field, quotes, comments, a blank or continued line, a word YAML reads as a
//! number, a bool or null, a status word that is not one) is left to the full reader, so that
//! every diagnostic stays its own: this reader never reports, it only gives up.

use std::cell::Cell;

use crate::content::FieldLines;
use crate::content::frontmatter::{Front, check_title_chars};
use crate::content::limits::MAX_FRONT_MATTER;
use crate::diagnostics::{Diagnostic, Span};
use crate::model::{Affected, ComponentStatus, narrow};
use crate::yaml::YamlText;

/// More components than this are left to the full reader (which finds duplicates in its own
/// way); real incidents name a few.
pub(super) const MAX_FAST_COMPONENTS: usize = 16;

thread_local! {
    /// How many front matters this thread read with the full YAML reader (a work count for
    /// tests: ordinary ones must not need it). Per thread, so tests running at once do not
    /// count each other's files.
    static FULL_READS: Cell<usize> = const { Cell::new(0) };
}

/// Notes one front matter read by the full reader.
pub(super) fn count_full_read() {
    FULL_READS.with(|n| n.set(n.get() + 1));
}

/// How many front matters this thread has read with the full YAML reader.
#[cfg(test)]
pub(crate) fn full_reads() -> usize {
    FULL_READS.with(Cell::get)
}

/// The front matter read as the full reader would read it, or `None` when it is not of the
/// common shape. `problems` only gets what the full reader would also report of a front
/// matter it reads whole (an invisible character in the title).
pub(super) fn read(yaml: &YamlText, problems: &mut Vec<Diagnostic>) -> Option<Front> {
    if yaml.text.len() > MAX_FRONT_MATTER {
        return None;
    }
    let mut title = None;
    let mut affected: Option<Components> = None;
    let mut in_affected = false;
    for (row, line) in crate::text::lines(yaml.text).enumerate() {
        if let Some(entry) = line.strip_prefix("  ") {
            let list = affected.as_mut().filter(|_| in_affected)?;
            list.names.push(component_line(entry)?);
            if list.names.len() > MAX_FAST_COMPONENTS {
                return None;
            }
        } else if let Some(value) = line.strip_prefix("title: ") {
            in_affected = false;
            if title.replace(plain_title(value)?).is_some() {
                return None;
            }
        } else if line.trim_end_matches(' ') == "affected:" {
            in_affected = true;
            let list = Components {
                row,
                lines: &yaml.text[line.as_ptr() as usize - yaml.text.as_ptr() as usize..],
                names: Vec::new(),
            };
            if affected.replace(list).is_some() {
                return None;
            }
        } else {
            return None;
        }
    }
    let title = title?;
    let affected = affected.unwrap_or_default();
    if has_duplicate(&affected.names) {
        return None;
    }
    Some(front(yaml, title, &affected, problems))
}

/// The `affected:` map as the line grammar read it.
#[derive(Default)]
struct Components<'a> {
    /// The 0-based line of `affected:` in the YAML text.
    row: usize,
    /// The YAML text from that line on: `affected:` and one line per component, in order.
    lines: &'a str,
    names: Vec<(&'a str, ComponentStatus)>,
}

impl Components<'_> {
    /// Where the full reader places component `i` (see [`YamlText::span_after`]): the first
    /// place its name is written from the `affected:` line on, which is its own line unless
    /// `affected:` or an earlier component's line holds the name too (`b/x` after `ab/x`).
    /// Every line searched is ASCII, so byte offsets are columns.
    fn span(&self, yaml: &YamlText, i: usize) -> Span {
        let name = self.names[i].0.as_bytes();
        let (offset, column) = crate::text::lines(self.lines)
            .take(i + 2)
            .enumerate()
            .find_map(|(k, line)| {
                let at = line
                    .as_bytes()
                    .windows(name.len())
                    .position(|w| w == name)?;
                Some((k, at + 1))
            })
            .unwrap_or((i + 1, 3));
        Span::new(yaml.line_offset + self.row + offset + 1, column, name.len())
    }
}

/// The [`Front`] of a title and components as the full reader leaves it.
fn front(
    yaml: &YamlText,
    title: &str,
    affected: &Components,
    problems: &mut Vec<Diagnostic>,
) -> Front {
    let before = problems.len();
    check_title_chars(yaml, title, problems);
    let affected = affected
        .names
        .iter()
        .enumerate()
        .map(|(i, &(component, status))| {
            let at = affected.span(yaml, i);
            Affected {
                component: component.into(),
                target: None,
                status,
                line: narrow(at.line),
                column: narrow(at.column),
            }
        })
        .collect();
    Front {
        title: title.to_string(),
        affected,
        lines: FieldLines {
            kind: 1,
            scheduled: 1,
            started: 1,
            resolved: 1,
        },
        complete: !problems[before..].iter().any(Diagnostic::is_error),
        ..Front::default()
    }
}

/// A title YAML reads as the plain text written, whatever type it gives it (the full reader
/// takes a number, bool or null title as written too): starting with a letter or digit, with
/// no `: ` or ` #` that YAML would read as structure, no tab, and only characters YAML takes
/// in a plain scalar on one line.
fn plain_title(value: &str) -> Option<&str> {
    let value = value.trim_end_matches(' ');
    let first = value.chars().next()?;
    let fits = first.is_alphanumeric()
        && !value.ends_with(':')
        && !value.contains(": ")
        && !value.contains(" #")
        && value.chars().all(plain_char);
    // The full reader trims what YAML leaves (white space such as U+00A0).
    fits.then_some(value.trim_end())
}

/// A character YAML takes in a plain scalar on one line: printable, and no line break
/// (YAML counts U+0085, U+2028 and U+2029 as line breaks).
fn plain_char(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{a0}'..='\u{2027}' | '\u{202a}'..='\u{d7ff}' | '\u{e000}'..='\u{fefe}' | '\u{ff00}'..='\u{fffd}' | '\u{10000}'..)
}

/// `product/feature: status` under `affected:`: a name of ASCII letters, digits and `/`, `-`,
/// `_`, `.` starting with a letter (so YAML reads it as text), and one status word.
fn component_line(entry: &str) -> Option<(&str, ComponentStatus)> {
    // The first `: ` (`str::split_once` sets up a two-way searcher for each line).
    let colon = entry.as_bytes().windows(2).position(|w| w == b": ")?;
    let (name, status) = (&entry[..colon], &entry[colon + 2..]);
    let name_fits = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.'))
        && !reads_as_other_than_text(name);
    let word_fits = status.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    if !(name_fits && word_fits) {
        return None;
    }
    Some((name, ComponentStatus::parse(status)?))
}

/// Words starting with a letter that YAML (1.1 or 1.2) may read as a bool, null or number.
fn reads_as_other_than_text(name: &str) -> bool {
    const WORDS: [&str; 12] = [
        "true", "false", "yes", "no", "y", "n", "on", "off", "null", "nan", "inf", "infinity",
    ];
    WORDS.iter().any(|w| name.eq_ignore_ascii_case(w))
}

/// Whether a component is named twice (the full reader says how).
fn has_duplicate(affected: &[(&str, ComponentStatus)]) -> bool {
    affected
        .iter()
        .enumerate()
        .any(|(i, (name, _))| affected[..i].iter().any(|(other, _)| other == name))
}
