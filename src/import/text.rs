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
            let _ = writeln!(out, "\n{}", crate::content::body::change_line(&e.changes));
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::incident_text;
    use crate::import::{Entry, Incident, Stamp, html};
    use crate::model::UpdateStatus;

    const CONFIG: &str = "title: T\nbase_url: https://s.example/\nproducts:\n  - id: p\n    name: P\n    features: []\n";

    /// Pieces real bodies are made of, the structural ones included.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "text",
            " ",
            "\n",
            "\n\n",
            "#",
            "## ",
            "### 03:30 · resolved",
            "---",
            "===",
            "-",
            "Affects:",
            "p=major_outage",
            "<h2>",
            "</h2>",
            "<p>",
            "</p>",
            "<ul><li>",
            "</li></ul>",
            "```",
            "<1%",
            "> ",
            "*",
            "\\r\\n",
            "\u{a0}",
            "<script>x</script>",
            "<pre>",
            "</pre>",
            "<!--",
            "-->",
            "<?",
            "<!DOCTYPE",
            "~~~",
            "````",
            "    ",
            "1. ",
            "<div>",
        ])
    }

    proptest! {
        /// Whatever a body holds, the written file has exactly its entries, with their
        /// statuses: no body starts an entry or a section, or changes a component.
        #[test]
        fn bodies_never_break_the_file(bodies in prop::collection::vec(prop::collection::vec(piece(), 0..12), 2..4)) {
            let config = crate::config::parse(Path::new("."), CONFIG, None).expect("config");
            let at = Stamp::parse("2026-01-01T10:00:00Z").unwrap();
            let entries: Vec<Entry> = bodies.iter().enumerate().map(|(n, b)| Entry {
                at: Stamp { at: at.at + jiff::SignedDuration::from_mins(n as i64), offset: at.offset },
                status: UpdateStatus::Identified,
                changes: vec![],
                // Statuspage bodies (HTML) and cState bodies (Markdown) take different paths.
                body: if n % 2 == 0 { html::to_markdown(&b.concat()) } else { html::clean_markdown(&b.concat()) },
            }).collect();
            let n = entries.len();
            let inc = Incident { source_id: "x".into(), title: "T".into(), maintenance: false, impact: None, affected: vec![], started: None, window: None, summary: String::new(), entries, sections: vec![] };
            let text = incident_text(&inc);
            let (parsed, problems) = crate::content::parse(&config, Path::new("incidents/x.md"), &text);
            let parsed = parsed.expect("parsed");
            prop_assert!(problems.iter().all(|d| !d.is_error()), "{:?}\n{}", problems, text);
            prop_assert_eq!(parsed.updates.len(), n, "{}", text);
            prop_assert!(parsed.updates.iter().all(|u| u.status == UpdateStatus::Identified && u.changes.is_empty()), "{}", text);
            prop_assert!(parsed.sections.is_empty(), "{}", text);
        }
    }
}
