//! The text of the files an import writes: `bulletin.yaml` and incident files, in the format
//! of docs/format.md.

use std::fmt::Write as _;

use super::{Imported, Incident};
use crate::content::write::{Entry, FrontMatter, IncidentFile, quoted};
use crate::model::Kind;

/// `bulletin.yaml` for the imported catalogue and settings.
pub(super) fn config_yaml(imported: &Imported, source: &str) -> String {
    let mut out = format!(
        "# Written by `bulletin import {source}`. Edit freely: a later import leaves an edited file alone.\ntitle: {}\n# The imported page's own address: change it to where this site is published.\nbase_url: {}\nlanguage: en\ntimezone: {}\n\nproducts:\n",
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
    let started = inc.started.map(|s| s.written());
    let window = inc
        .window
        .map(|(start, end)| (start.written(), end.written()));
    IncidentFile {
        front: FrontMatter {
            title: &inc.title,
            kind: if inc.maintenance {
                Kind::Maintenance
            } else {
                Kind::Incident
            },
            impact: inc.impact,
            affected: (!inc.affected.is_empty()).then_some(inc.affected.as_slice()),
            started: started.as_deref(),
            scheduled: window.as_ref().map(|(s, e)| (s.as_str(), e.as_str())),
        },
        summary: &inc.summary,
        entries: inc
            .entries
            .iter()
            .map(|e| Entry {
                when: e.at.written(),
                status: e.status,
                changes: &e.changes,
                next_update: None,
                text: &e.body,
            })
            .collect(),
        statements: vec![],
        sections: &inc.sections,
    }
    .text()
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
