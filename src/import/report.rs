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
    /// The kind of each decision, in step with `decisions`: what was done, with the numbers
    /// and quoted names taken out, so repeated decisions group into one line.
    pub kinds: Vec<String>,
    /// Components added to the site's own `bulletin.yaml` (`--add-components`).
    pub added: Vec<String>,
}

/// How many lines of one kind (files written, one decision) are shown before they are
/// counted instead (`--verbose` shows them all).
const SHOWN: usize = 3;

impl Report {
    /// Records a decision about `what` (an incident's title or a component's name).
    pub(crate) fn decide(&mut self, what: &str, decision: impl fmt::Display) {
        let decision = decision.to_string();
        self.kinds.push(kind_of(&decision));
        self.decisions.push(format!("{what}: {decision}"));
    }

    /// Records a source item that was not imported.
    pub(crate) fn skip(&mut self, what: &str, why: impl fmt::Display) {
        self.skipped.push(format!("{what}: {why}"));
    }

    /// Adds the decisions and skips of `other` (a report of one incident, made in parallel).
    pub(crate) fn absorb(&mut self, other: Report) {
        self.decisions.extend(other.decisions);
        self.kinds.extend(other.kinds);
        self.skipped.extend(other.skipped);
    }

    /// The report as text, with `dry_run` saying files were not really written; unless
    /// `verbose`, a list longer than a few lines shows its first ones and a count, and
    /// repeated decisions are one line per kind with a count.
    pub fn render(&self, dry_run: bool, verbose: bool) -> String {
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
        ];
        for (title, list) in lists {
            list_lines(&mut out, title, list, verbose);
        }
        let added = if dry_run { "would add" } else { "added" };
        let title = format!("{added} to the site's own bulletin.yaml (the rest of it as it was)");
        list_lines(&mut out, &title, &self.added, verbose);
        self.decision_lines(&mut out, verbose);
        out
    }

    /// The decisions: all of them, or one line per kind with its count and first example.
    fn decision_lines(&self, out: &mut String, verbose: bool) {
        if self.decisions.is_empty() {
            return;
        }
        out.push_str("decisions:\n");
        let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (line, kind) in self.decisions.iter().zip(&self.kinds) {
            let n = *index.entry(kind.as_str()).or_insert_with(|| {
                groups.push((kind, vec![]));
                groups.len() - 1
            });
            groups[n].1.push(line);
        }
        for (_, lines) in groups {
            if verbose || lines.len() <= SHOWN {
                for line in lines {
                    out.push_str(&format!("  - {line}\n"));
                }
            } else {
                out.push_str(&format!(
                    "  - {} × {} (--verbose lists each)\n",
                    lines.len(),
                    lines[0]
                ));
            }
        }
    }
}

/// `title:` and the lines of `list`, the first few and a count unless `verbose`.
fn list_lines(out: &mut String, title: &str, list: &[String], verbose: bool) {
    if list.is_empty() {
        return;
    }
    out.push_str(&format!("{title}:\n"));
    let shown = if verbose {
        list.len()
    } else {
        SHOWN.min(list.len())
    };
    for line in &list[..shown] {
        out.push_str(&format!("  - {line}\n"));
    }
    if shown < list.len() {
        out.push_str(&format!(
            "  - … and {} more (--verbose lists each)\n",
            list.len() - shown
        ));
    }
}

/// A decision's kind: its text with numbers and quoted names taken out (`title has 184
/// characters` and `title has 160 characters` are one kind).
fn kind_of(decision: &str) -> String {
    let mut out = String::with_capacity(decision.len());
    let mut quote: Option<char> = None;
    for c in decision.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                out.push(c);
            }
            Some(_) => {}
            None if c == '\'' || c == '(' => {
                quote = Some(if c == '(' { ')' } else { c });
                out.push(c);
            }
            None if c.is_ascii_digit() => {
                if !out.ends_with('#') {
                    out.push('#');
                }
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_decisions_are_one_line_with_a_count() {
        let mut report = Report::default();
        for n in 0..5 {
            report.decide(
                &format!("incident {n}"),
                format!("title has {} characters (over 150)", 160 + n),
            );
        }
        report.decide("page", "time zone 'X' is not an IANA zone name");
        let text = report.render(false, false);
        assert!(
            text.contains(
                "  - 5 × incident 0: title has 160 characters (over 150) (--verbose lists each)\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("  - page: time zone 'X' is not an IANA zone name\n"),
            "{text}"
        );
        assert_eq!(report.render(false, true).matches("title has").count(), 5);
    }
}
