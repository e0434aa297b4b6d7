//! The import report: what was read, what was written or left alone, and every decision
//! taken on data that did not fit as it was.

use std::fmt;

/// Counts, decisions, skips and conflicts of one import.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Incidents and maintenances read from the source.
    pub read: usize,
    /// Files written for the first time.
    pub created: Vec<String>,
    /// Files the importer wrote before, unchanged since, rewritten with newer data.
    pub updated: Vec<String>,
    /// Files whose content is the same as before.
    pub unchanged: usize,
    /// Files left alone because someone changed them, or they were never the importer's.
    pub conflicts: Vec<String>,
    /// Source items not imported, and why.
    pub skipped: Vec<String>,
    /// A line per decision taken on odd data (`<where>: <what was done>`).
    pub decisions: Vec<String>,
}

impl Report {
    /// Records a decision about `what` (an incident's title or a component's name).
    pub(crate) fn decide(&mut self, what: &str, decision: impl fmt::Display) {
        self.decisions.push(format!("{what}: {decision}"));
    }

    /// Records a source item that was not imported.
    pub(crate) fn skip(&mut self, what: &str, why: impl fmt::Display) {
        self.skipped.push(format!("{what}: {why}"));
    }

    /// Adds the decisions and skips of `other` (a report of one incident, made in parallel).
    pub(crate) fn absorb(&mut self, other: Report) {
        self.decisions.extend(other.decisions);
        self.skipped.extend(other.skipped);
    }

    /// The report as text, with `dry_run` saying files were not really written.
    pub fn render(&self, dry_run: bool) -> String {
        let verb = if dry_run { "would write" } else { "wrote" };
        let mut out = format!(
            "import: {} incident(s) read; {verb} {} new and {} updated file(s); {} unchanged; {} conflict(s); {} skipped; {} decision(s)\n",
            self.read,
            self.created.len(),
            self.updated.len(),
            self.unchanged,
            self.conflicts.len(),
            self.skipped.len(),
            self.decisions.len()
        );
        let lists = [
            ("new", &self.created),
            ("updated", &self.updated),
            ("conflicts (left as they are)", &self.conflicts),
            ("skipped", &self.skipped),
            ("decisions", &self.decisions),
        ];
        for (title, list) in lists {
            if list.is_empty() {
                continue;
            }
            out.push_str(&format!("{title}:\n"));
            for line in list {
                out.push_str(&format!("  - {line}\n"));
            }
        }
        out
    }
}
