//! The YAML front matter of an incident file: finding it, and reading it into typed fields
//! (its common shape without the YAML parser: `fast.rs`).

mod affected;
mod fast;

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use serde_yaml::{Mapping, Value};

use crate::config::Config;
use crate::content::{FieldLines, limits};
use crate::yaml::{Scalar, YamlText, yaml_error};

use crate::diagnostics::{Code, Diagnostic, Span};
use crate::model::{Affected, Impact, Kind, Window};
use crate::time::{self, WrittenTime};

/// Where the front matter and body are in a file's text.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    pub yaml: &'a str,
    /// Lines before the YAML text (the opening `---`).
    pub yaml_line_offset: usize,
    /// Byte offset where the Markdown body starts.
    pub body_offset: usize,
}

/// Finds the `---` fenced front matter at the top of `text`.
pub(crate) fn split<'a>(
    rel: &Path,
    text: &'a str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Split<'a>> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        problems.push(
            Diagnostic::error(Code::MissingFrontMatter, rel, "file does not start with front matter")
                .at(1, 1)
                .hint("the first line must be `---`, followed by YAML such as `title: …`, and a closing `---`"),
        );
        return None;
    }
    let yaml_start = first.len() + 1;
    let mut offset = yaml_start.min(text.len());
    for line in crate::text::lines_with_ends(&text[offset..]) {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some(Split {
                yaml: &text[yaml_start..offset],
                yaml_line_offset: 1,
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    problems.push(
        Diagnostic::error(
            Code::UnterminatedFrontMatter,
            rel,
            "front matter is never closed",
        )
        .at(1, 1)
        .length(3)
        .hint("add a line `---` after the last YAML field, before the Markdown body"),
    );
    None
}

/// The typed front matter of one incident. Fields that could not be read are reported and
/// left at their defaults, with `complete` false.
#[derive(Debug, Default)]
pub(crate) struct Front {
    pub title: String,
    pub kind: Kind,
    pub impact: Option<Impact>,
    pub affected: Vec<Affected>,
    pub scheduled: Option<Window>,
    pub started: Option<WrittenTime>,
    pub resolved: Option<WrittenTime>,
    pub lines: FieldLines,
    /// `kind` was written but could not be read (so the body's status words are not
    /// checked against one kind).
    pub kind_unknown: bool,
    /// Every field was read: when false, checks that compare fields would only repeat the
    /// problem already reported.
    pub complete: bool,
}

/// The fields an incident's front matter may have.
pub(crate) const FIELDS: [&str; 7] = [
    "title",
    "kind",
    "impact",
    "affected",
    "scheduled",
    "started",
    "resolved",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWindow {
    start: Scalar,
    end: Scalar,
}

/// Parses the YAML of `split` into [`Front`], reporting every problem with its position:
/// each unknown key, each value that does not fit, each affected component on its own.
/// `None` only when the YAML itself cannot be read.
pub(crate) fn parse(
    config: &Config,
    rel: &Path,
    split: &Split,
    problems: &mut Vec<Diagnostic>,
) -> Option<Front> {
    let yaml = YamlText {
        file: rel,
        text: split.yaml,
        line_offset: split.yaml_line_offset,
    };
    if let Some(front) = fast::read(&yaml, problems) {
        return Some(front);
    }
    fast::count_full_read();
    read_full(config, rel, split, &yaml, problems)
}

/// What [`parse`] does for any front matter: the YAML parser, then each field on its own.
fn read_full(
    config: &Config,
    rel: &Path,
    split: &Split,
    yaml: &YamlText,
    problems: &mut Vec<Diagnostic>,
) -> Option<Front> {
    if split.yaml.trim().is_empty() {
        problems.push(
            Diagnostic::error(
                Code::MissingField,
                rel,
                "front matter is empty: `title` is required",
            )
            .at(2, 1)
            .hint("add a line such as `title: Login failures` between the `---` lines"),
        );
        return None;
    }
    // Before the YAML parser, whose work grows with the square of the nesting.
    if let Err(d) = limits::check_front_matter(rel, split.yaml, split.yaml_line_offset) {
        problems.push(d);
        return None;
    }
    let map = match serde_yaml::from_str::<Value>(split.yaml) {
        Ok(Value::Mapping(map)) => map,
        Ok(_) => {
            problems.push(
                Diagnostic::error(
                    Code::BadFrontMatter,
                    rel,
                    "front matter is not a list of fields",
                )
                .at(1 + split.yaml_line_offset, 1)
                .hint("write one `field: value` per line, e.g. `title: Login failures`"),
            );
            return None;
        }
        Err(e) => {
            problems.push(yaml_error(rel, &e, split.yaml, split.yaml_line_offset));
            return None;
        }
    };
    let before = problems.len();
    let mut front = read_fields(config, yaml, &map, problems);
    // Most incidents have none of these: an absent field is line 1 without a search.
    let line_of = |key: &str| {
        if map.contains_key(key) {
            yaml.key_span(key).line
        } else {
            1
        }
    };
    front.lines = FieldLines {
        kind: line_of("kind"),
        scheduled: line_of("scheduled"),
        started: line_of("started"),
        resolved: line_of("resolved"),
    };
    // A warning (an ambiguous local time, read anyway) leaves every field read.
    front.complete = !problems[before..].iter().any(Diagnostic::is_error);
    Some(front)
}

/// Reads each field of `map` on its own, so one mistake does not hide the next.
fn read_fields(
    config: &Config,
    yaml: &YamlText,
    map: &Mapping,
    problems: &mut Vec<Diagnostic>,
) -> Front {
    let mut front = Front::default();
    let mut has_title = false;
    // Where each top-level key is, found in one pass when the first unknown one is met:
    // looking each up on its own would cost the square of their number.
    let mut keys = None;
    for (key, value) in map {
        let Some(key) = key.as_str() else {
            let text = serde_yaml::to_string(key).unwrap_or_default();
            problems.push(unknown_field(yaml, &mut keys, text.trim()));
            continue;
        };
        match key {
            "title" => {
                has_title = true;
                front.title = read_title(yaml, value, problems);
            }
            "kind" => match yaml.read(key, value, problems) {
                Some(kind) => front.kind = kind,
                None => front.kind_unknown = true,
            },
            "impact" => front.impact = yaml.read(key, value, problems),
            "affected" => front.affected = affected::read(config, yaml, value, problems),
            "scheduled" => front.scheduled = read_window(config, yaml, value, problems),
            "started" | "resolved" => {
                let time = yaml
                    .read::<Option<Scalar>>(key, value, problems)
                    .flatten()
                    .and_then(|v| read_time(config, yaml, key, &v, problems));
                if key == "started" {
                    front.started = time;
                } else {
                    front.resolved = time;
                }
            }
            _ => problems.push(unknown_field(yaml, &mut keys, key)),
        }
    }
    if !has_title {
        problems.push(
            Diagnostic::error(Code::MissingField, yaml.file, "`title` is missing")
                .at(1 + yaml.line_offset, 1)
                .hint("add a line such as `title: Login failures` to the front matter"),
        );
    }
    front
}

fn unknown_field<'a>(
    yaml: &YamlText<'a>,
    keys: &mut Option<HashMap<&'a str, Span>>,
    key: &str,
) -> Diagnostic {
    let hint = match crate::diagnostics::did_you_mean(key, FIELDS) {
        Some(best) => format!("did you mean '{best}'?"),
        None => format!("incident fields are: {}", FIELDS.join(", ")),
    };
    Diagnostic::error(
        Code::UnknownField,
        yaml.file,
        format!("unknown field `{key}`"),
    )
    .span(
        keys.get_or_insert_with(|| yaml.top_level_keys())
            .get(key)
            .copied()
            .unwrap_or_else(|| yaml.key_span(key)),
    )
    .hint(hint)
}

fn read_title(yaml: &YamlText, value: &Value, problems: &mut Vec<Diagnostic>) -> String {
    let title = match value {
        // `title: 404` is a number to YAML, `title: null` nothing, but both are text to the
        // reader: take them as written (`title:` with nothing after it stays empty).
        Value::Number(_) | Value::Bool(_) | Value::Null => {
            yaml.plain_value("title").unwrap_or_default()
        }
        _ => yaml
            .read::<Option<String>>("title", value, problems)
            .flatten()
            .unwrap_or_default(),
    };
    if title.trim().is_empty() {
        problems.push(
            Diagnostic::error(Code::EmptyTitle, yaml.file, "title is empty")
                .span(yaml.key_span("title"))
                .hint("give the incident a short title readers will recognise"),
        );
    }
    // Trimmed first: a folded YAML title (`title: >`) ends in a line break.
    let title = title.trim().to_string();
    check_title_chars(yaml, &title, problems);
    title
}

fn read_time(
    config: &Config,
    yaml: &YamlText,
    name: &str,
    value: &Scalar,
    problems: &mut Vec<Diagnostic>,
) -> Option<WrittenTime> {
    let key_line = || yaml.key_span(name.split('.').next().unwrap_or(name)).line;
    match time::parse_noting(&value.0, &config.timezone, None) {
        Ok((t, warning)) => {
            if let Some(w) = warning {
                problems.push(
                    Diagnostic::warning(
                        Code::AmbiguousTime,
                        yaml.file,
                        format!("{name}: {}", w.message),
                    )
                    .span(yaml.span_after(key_line(), &value.0))
                    .hint(w.hint),
                );
            }
            Some(t)
        }
        Err(e) => {
            let key_line = key_line();
            problems.push(
                Diagnostic::error(Code::BadTime, yaml.file, format!("{name}: {}", e.message))
                    .span(yaml.span_after(key_line, &value.0))
                    .hint(e.hint),
            );
            None
        }
    }
}

fn read_window(
    config: &Config,
    yaml: &YamlText,
    value: &Value,
    problems: &mut Vec<Diagnostic>,
) -> Option<Window> {
    let raw: RawWindow = yaml.read::<Option<RawWindow>>("scheduled", value, problems)??;
    let start = read_time(config, yaml, "scheduled.start", &raw.start, problems);
    let end = read_time(config, yaml, "scheduled.end", &raw.end, problems);
    Some(Window {
        start: start?.at,
        end: end?.at,
    })
}

/// A `bad-title` problem when `title` holds an invisible or text-reordering character (an
/// incident's title and a translation's, both shown as headings and in every feed).
pub(crate) fn check_title_chars(yaml: &YamlText, title: &str, problems: &mut Vec<Diagnostic>) {
    let Some((_, c)) = crate::text::unsafe_char(title) else {
        return;
    };
    let from = yaml.key_span("title").line;
    problems.push(
        Diagnostic::error(
            Code::BadTitle,
            yaml.file,
            format!(
                "the title contains {}, an invisible character that can make it read as something else",
                crate::text::describe(c)
            ),
        )
        .span(yaml.span_after(from, &c.to_string()))
        .hint("delete the character (it is invisible in most editors: move the cursor through the title, or retype it)"),
    );
}

#[cfg(test)]
mod tests;
