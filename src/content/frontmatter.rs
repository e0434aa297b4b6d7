//! The YAML front matter of an incident file: finding it, and reading it into typed fields.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::config::{Config, locate};
use crate::content::yaml_error;
use crate::diagnostics::{Diagnostic, Span};
use crate::model::{Affected, ComponentStatus, FieldLines, Impact, Kind, Window};
use crate::time::{self, WrittenTime};

/// Where the front matter and body are in a file's text.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Lines before the YAML text (the opening `---`).
    pub yaml_line_offset: usize,
    /// Byte offset where the Markdown body starts.
    pub body_offset: usize,
}

/// Finds the `---` fenced front matter at the top of `text`.
pub fn split<'a>(rel: &Path, text: &'a str, problems: &mut Vec<Diagnostic>) -> Option<Split<'a>> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        problems.push(
            Diagnostic::error("missing-front-matter", rel, "file does not start with front matter")
                .at(1, 1)
                .hint("the first line must be `---`, followed by YAML such as `title: …`, and a closing `---`"),
        );
        return None;
    }
    let yaml_start = first.len() + 1;
    let mut offset = yaml_start.min(text.len());
    for line in text[offset..].split_inclusive('\n') {
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
            "unterminated-front-matter",
            rel,
            "front matter is never closed",
        )
        .at(1, 1)
        .length(3)
        .hint("add a line `---` after the last YAML field, before the Markdown body"),
    );
    None
}

/// The typed front matter of one incident.
#[derive(Debug)]
pub struct Front {
    pub title: String,
    pub kind: Kind,
    pub impact: Option<Impact>,
    pub affected: Vec<Affected>,
    pub scheduled: Option<Window>,
    pub started: Option<WrittenTime>,
    pub resolved: Option<WrittenTime>,
    pub lines: FieldLines,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFront {
    title: String,
    #[serde(default)]
    kind: Kind,
    #[serde(default)]
    impact: Option<Impact>,
    #[serde(default, deserialize_with = "ordered_map")]
    affected: Vec<(String, ComponentStatus)>,
    #[serde(default)]
    scheduled: Option<RawWindow>,
    #[serde(default)]
    started: Option<Scalar>,
    #[serde(default)]
    resolved: Option<Scalar>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWindow {
    start: Scalar,
    end: Scalar,
}

/// Parses the YAML of `split` into [`Front`], reporting problems with file positions.
pub fn parse(
    config: &Config,
    rel: &Path,
    split: &Split,
    problems: &mut Vec<Diagnostic>,
) -> Option<Front> {
    if split.yaml.trim().is_empty() {
        problems.push(
            Diagnostic::error(
                "missing-field",
                rel,
                "front matter is empty: `title` is required",
            )
            .at(2, 1)
            .hint("add a line such as `title: Login failures` between the `---` lines"),
        );
        return None;
    }
    let raw: RawFront = match serde_yaml::from_str(split.yaml) {
        Ok(raw) => raw,
        Err(e) => {
            problems.push(yaml_error(rel, &e, split.yaml, split.yaml_line_offset));
            return None;
        }
    };
    let at = |needle: &str| {
        let s = locate(split.yaml, needle);
        Span::new(s.line + split.yaml_line_offset, s.column, s.length)
    };
    if raw.title.trim().is_empty() {
        problems.push(
            Diagnostic::error("empty-title", rel, "title is empty")
                .span(at("title"))
                .hint("give the incident a short title readers will recognise"),
        );
    }
    let tz = &config.timezone;
    let mut time_field = |name: &str, value: &Scalar| -> Option<WrittenTime> {
        match time::parse(&value.0, tz, None) {
            Ok(t) => Some(t),
            Err(e) => {
                problems.push(
                    Diagnostic::error("bad-time", rel, format!("{name}: {}", e.message))
                        .span(at(&value.0))
                        .hint(e.hint),
                );
                None
            }
        }
    };
    let started = raw.started.as_ref().and_then(|v| time_field("started", v));
    let resolved = raw
        .resolved
        .as_ref()
        .and_then(|v| time_field("resolved", v));
    let scheduled = raw.scheduled.as_ref().and_then(|w| {
        let start = time_field("scheduled.start", &w.start);
        let end = time_field("scheduled.end", &w.end);
        Some(Window {
            start: start?.at,
            end: end?.at,
        })
    });
    let affected_line = locate(split.yaml, "affected:").line;
    let affected = raw
        .affected
        .into_iter()
        .map(|(component, status)| {
            let line = split
                .yaml
                .lines()
                .enumerate()
                .skip(affected_line)
                .find(|(_, l)| {
                    l.trim_start()
                        .trim_start_matches(['"', '\''])
                        .starts_with(component.as_str())
                })
                .map_or(affected_line, |(i, _)| i + 1);
            Affected {
                component,
                status,
                line: line + split.yaml_line_offset,
            }
        })
        .collect();
    let line_of = |key: &str| {
        split
            .yaml
            .lines()
            .position(|l| l.starts_with(key) && l[key.len()..].trim_start().starts_with(':'))
            .map_or(1, |i| i + 1 + split.yaml_line_offset)
    };
    let lines = FieldLines {
        kind: line_of("kind"),
        scheduled: line_of("scheduled"),
        started: line_of("started"),
        resolved: line_of("resolved"),
    };
    Some(Front {
        lines,
        title: raw.title.trim().to_string(),
        kind: raw.kind,
        impact: raw.impact,
        affected,
        scheduled,
        started,
        resolved,
    })
}

/// A YAML scalar read as text, whatever YAML thinks its type is (`03:30` may look like a
/// number to some YAML readers).
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a time such as 2023-03-29 03:30")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads a YAML mapping keeping the order it was written in, so affected components are shown
/// as the author listed them.
fn ordered_map<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Vec<(String, ComponentStatus)>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Vec<(String, ComponentStatus)>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map from component (product or product/feature) to status")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((k, v)) = map.next_entry::<String, ComponentStatus>()? {
                out.push((k, v));
            }
            Ok(out)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
    }
    d.deserialize_map(V)
}
