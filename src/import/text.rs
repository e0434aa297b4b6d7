//! The text of the files an import writes: `bulletin.yaml` and incident files, in the format
//! of docs/format.md.

use std::fmt::Write as _;

use super::{Imported, Incident, Stamp};

/// A YAML scalar for `s`: a JSON string is a valid double-quoted YAML scalar, and quoting
/// every text keeps titles such as `Storage: errors` or `[EU] …` from changing meaning.
fn quoted(s: &str) -> String {
    serde_json::to_string(s.trim()).expect("strings serialize")
}

/// `bulletin.yaml` for the imported catalogue and settings.
pub(super) fn config_yaml(imported: &Imported, source: &str) -> String {
    let mut out = format!(
        "# Written by `bulletin import {source}`. Edit freely: a later import leaves an edited file alone.\ntitle: {}\nbase_url: {}\nlanguage: en\ntimezone: {}\n\nproducts:\n",
        quoted(&imported.title),
        quoted(&imported.base_url),
        imported.timezone
    );
    for p in &imported.products {
        let _ = writeln!(out, "  - id: {}\n    name: {}", p.id, quoted(&p.name));
        if let Some(d) = &p.description {
            let _ = writeln!(out, "    description: {}", quoted(d));
        }
        if p.features.is_empty() {
            out.push_str("    features: []\n");
            continue;
        }
        out.push_str("    features:\n");
        for f in &p.features {
            let _ = writeln!(
                out,
                "      - id: {}\n        name: {}",
                f.id,
                quoted(&f.name)
            );
            if let Some(d) = &f.description {
                let _ = writeln!(out, "        description: {}", quoted(d));
            }
        }
    }
    out
}

/// One incident file.
pub(super) fn incident_text(inc: &Incident) -> String {
    let mut out =
        String::with_capacity(512 + inc.entries.iter().map(|e| e.body.len() + 64).sum::<usize>());
    out.push_str("---\n");
    let _ = writeln!(out, "title: {}", quoted(&inc.title));
    if inc.maintenance {
        out.push_str("kind: maintenance\n");
    }
    if let Some(impact) = inc.impact {
        let _ = writeln!(out, "impact: {}", impact.as_str());
    }
    if !inc.affected.is_empty() {
        out.push_str("affected:\n");
        for (r, s) in &inc.affected {
            let _ = writeln!(out, "  {r}: {}", s.as_str());
        }
    }
    if let Some(s) = inc.started {
        let _ = writeln!(out, "started: {}", stamp(s));
    }
    if let Some((start, end)) = inc.window {
        let _ = writeln!(
            out,
            "scheduled:\n  start: {}\n  end: {}",
            stamp(start),
            stamp(end)
        );
    }
    out.push_str("---\n\n");
    if !inc.summary.is_empty() {
        out.push_str(&inc.summary);
        out.push_str("\n\n");
    }
    out.push_str("## Timeline\n");
    for e in &inc.entries {
        let _ = write!(out, "\n### {} · {}\n", e.at.written(), e.status.as_str());
        if !e.changes.is_empty() {
            let pairs: Vec<String> = e
                .changes
                .iter()
                .map(|(r, s)| format!("{r}={}", s.as_str()))
                .collect();
            let _ = writeln!(out, "\nAffects: {}", pairs.join(", "));
        }
        if !e.body.is_empty() {
            let _ = writeln!(out, "\n{}", e.body);
        }
    }
    for (title, text) in &inc.sections {
        let _ = write!(out, "\n## {title}\n\n{text}\n");
    }
    out
}

fn stamp(s: Stamp) -> String {
    quoted(&s.written())
}
