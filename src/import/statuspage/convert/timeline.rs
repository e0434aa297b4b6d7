//! A Statuspage incident's updates into a Bulletin timeline: times (`display_at`, which may
//! be backdated, else `created_at`), statuses, bodies as Markdown, and component changes (the
//! first update's become the front matter `affected`, later ones `Affects:` lines).

use std::collections::{HashMap, HashSet};

use super::super::{Incident as Source1, Update, chronological};
use super::Catalogue;
use crate::import::{Entry, Incident, Report, Stamp, html};
use crate::model::{ComponentStatus, Impact, UpdateStatus};

/// What the walk over the updates keeps track of.
struct Walk<'a> {
    what: &'a str,
    cat: &'a Catalogue,
    /// Component statuses now, as the entries so far left them.
    current: HashMap<String, ComponentStatus>,
    /// The statuses before the incident was last closed, given back when it reopens.
    before_close: HashMap<String, ComponentStatus>,
    /// Updates that cannot be timeline entries (after a final one, without reopening it).
    after: Vec<String>,
    postmortem: Vec<String>,
}

/// Fills `inc`'s entries, `affected` and extra sections from `src`'s updates.
pub(super) fn fill(
    inc: &mut Incident,
    src: &Source1,
    what: &str,
    cat: &Catalogue,
    report: &mut Report,
) {
    let updates = sorted(src, what, report);
    let mut walk = Walk {
        what,
        cat,
        current: HashMap::new(),
        before_close: HashMap::new(),
        after: vec![],
        postmortem: vec![],
    };
    for (at, u) in updates {
        walk.update(inc, at, u, report);
    }
    if inc.entries.is_empty()
        && let Some(at) = src
            .started_at
            .as_deref()
            .or(src.created_at.as_deref())
            .and_then(Stamp::parse)
    {
        let status = if inc.maintenance {
            UpdateStatus::Scheduled
        } else {
            UpdateStatus::Investigating
        };
        report.decide(what, "no updates: one entry at its start, without text");
        inc.entries.push(Entry {
            at,
            status,
            changes: vec![],
            body: String::new(),
        });
    }
    close_if_closed(inc, src, what, report);
    if inc.affected.is_empty() && !inc.entries.iter().any(|e| !e.changes.is_empty()) {
        components_without_statuses(inc, src, walk.cat, what, report);
    }
    if !walk.postmortem.is_empty() {
        inc.sections
            .push(("Postmortem".into(), walk.postmortem.join("\n\n")));
    }
    if !walk.after.is_empty() {
        inc.sections
            .push(("After resolution".into(), walk.after.join("\n\n")));
    }
}

/// The updates with their times, oldest first (see [`chronological`]); an update without a
/// readable time, and a list out of order, are reported.
fn sorted<'s>(src: &'s Source1, what: &str, report: &mut Report) -> Vec<(Stamp, &'s Update)> {
    for u in src.incident_updates.iter().filter(|u| u.time().is_none()) {
        report.skip(
            what,
            format!("an update ({}) has no readable time", u.status),
        );
    }
    let (timed, out_of_order) = chronological(&src.incident_updates);
    if out_of_order {
        report.decide(what, "updates are out of order: sorted by their times");
    }
    timed
        .into_iter()
        .map(|(at, i)| (at, &src.incident_updates[i]))
        .collect()
}

impl Walk<'_> {
    /// One update: a timeline entry, or text for a section.
    fn update(&mut self, inc: &mut Incident, at: Stamp, u: &Update, report: &mut Report) {
        let body = u
            .body
            .as_deref()
            .map(|b| html::to_markdown_reported(b, self.what, report))
            .unwrap_or_default();
        let word = u.status.trim().to_ascii_lowercase();
        if word == "postmortem" {
            self.postmortem.push(body);
            return;
        }
        let previous = inc.entries.last().map(|e| e.status);
        let status = self.entry_status(&word, inc.maintenance, previous, report);
        if previous.is_some_and(UpdateStatus::is_final) && !reopens(status) {
            report.decide(
                self.what,
                format!(
                    "a '{}' update at {} follows the final one: kept under '## After resolution'",
                    status.as_str(),
                    at.written()
                ),
            );
            self.after.push(
                format!("**{} · {}**\n\n{body}", at.written(), status.as_str())
                    .trim_end()
                    .to_string(),
            );
            return;
        }
        let changes = self.changes(u, status, inc.entries.is_empty(), report);
        if inc.entries.is_empty() {
            inc.affected = changes
                .iter()
                .filter(|(_, s)| *s != ComponentStatus::Operational)
                .cloned()
                .collect();
        }
        self.advance(status, previous, &changes);
        let changes = if inc.entries.is_empty() {
            vec![]
        } else {
            changes
        };
        inc.entries.push(Entry {
            at,
            status,
            changes,
            body,
        });
    }

    /// The entry status for a source status word; a word that is not one of this kind's
    /// keeps the status before it (reported), a final one included: only a reopening word
    /// reopens.
    fn entry_status(
        &self,
        word: &str,
        maintenance: bool,
        previous: Option<UpdateStatus>,
        report: &mut Report,
    ) -> UpdateStatus {
        if let Some(s) = status_of(word, maintenance) {
            return s;
        }
        let (kind, first) = if maintenance {
            ("a maintenance", UpdateStatus::InProgress)
        } else {
            ("an incident", UpdateStatus::Investigating)
        };
        let kept = previous.unwrap_or(first);
        report.decide(
            self.what,
            format!(
                "update status '{word}' is not {kind} status: the entry is '{}'",
                kept.as_str()
            ),
        );
        kept
    }

    /// The update's component changes that change something, by reference; changes on a
    /// final entry are implied (everything comes back), so they are left out.
    fn changes(
        &self,
        u: &Update,
        status: UpdateStatus,
        first: bool,
        report: &mut Report,
    ) -> Vec<(String, ComponentStatus)> {
        let mut out: Vec<(String, ComponentStatus)> = Vec::new();
        // References already in `out`: an update may list thousands of components.
        let mut listed: HashSet<&str> = HashSet::new();
        for a in u.affected_components.iter().flatten() {
            let Some(reference) = self.cat.refs.get(&a.code) else {
                report.skip(
                    self.what,
                    format!(
                        "a change of component '{}' ({}), which is not on the page",
                        a.name, a.code
                    ),
                );
                continue;
            };
            let Some(new) = component_status(&a.new_status) else {
                report.skip(
                    self.what,
                    format!(
                        "a change of '{}' to '{}', which is not a component status",
                        a.name, a.new_status
                    ),
                );
                continue;
            };
            let now = self
                .current
                .get(reference)
                .copied()
                .unwrap_or(ComponentStatus::Operational);
            if first && status.is_final() {
                // A single, final update (often backdated): what it affected is the status
                // it recovered from.
                let during = a
                    .old_status
                    .as_deref()
                    .and_then(component_status)
                    .filter(|s| *s != ComponentStatus::Operational);
                if let Some(s) = during.or(Some(new).filter(|s| *s != ComponentStatus::Operational))
                    && listed.insert(reference)
                {
                    out.push((reference.clone(), s));
                }
                continue;
            }
            if status.is_final() {
                if new != ComponentStatus::Operational {
                    report.decide(self.what, format!("the final update leaves '{}' {}: a final entry brings every component back", a.name, new.as_str()));
                }
                continue;
            }
            if (first || new != now) && listed.insert(reference) {
                out.push((reference.clone(), new));
            }
        }
        out
    }

    /// Moves the component statuses on past one entry, as Bulletin reads the timeline.
    fn advance(
        &mut self,
        status: UpdateStatus,
        previous: Option<UpdateStatus>,
        changes: &[(String, ComponentStatus)],
    ) {
        if previous.is_some_and(UpdateStatus::is_final) {
            self.current = std::mem::take(&mut self.before_close);
        }
        for (r, s) in changes {
            self.current.insert(r.clone(), *s);
        }
        if status.is_final() {
            self.before_close = std::mem::take(&mut self.current);
        }
    }
}

/// A final entry when the source says the incident is over but no update closed it.
fn close_if_closed(inc: &mut Incident, src: &Source1, what: &str, report: &mut Report) {
    let closed = matches!(src.status.as_str(), "resolved" | "postmortem" | "completed");
    let Some(last) = inc.entries.last() else {
        return;
    };
    if !closed || last.status.is_final() {
        return;
    }
    let at = src
        .resolved_at
        .as_deref()
        .and_then(Stamp::parse)
        .filter(|t| t.at >= last.at.at)
        .unwrap_or(last.at);
    let status = if inc.maintenance {
        UpdateStatus::Completed
    } else {
        UpdateStatus::Resolved
    };
    report.decide(
        what,
        format!(
            "it is {} but no update says so: a '{}' entry without text at {}",
            src.status,
            status.as_str(),
            at.written()
        ),
    );
    inc.entries.push(Entry {
        at,
        status,
        changes: vec![],
        body: String::new(),
    });
}

/// Components listed on the incident with no update saying how they were affected: each
/// gets the status its impact implies (maintenance: under maintenance).
fn components_without_statuses(
    inc: &mut Incident,
    src: &Source1,
    cat: &Catalogue,
    what: &str,
    report: &mut Report,
) {
    let status = if inc.maintenance {
        ComponentStatus::UnderMaintenance
    } else {
        match src.impact.as_deref().and_then(Impact::parse) {
            Some(Impact::Critical) => ComponentStatus::MajorOutage,
            Some(Impact::Major) => ComponentStatus::PartialOutage,
            _ => ComponentStatus::DegradedPerformance,
        }
    };
    let mut listed: HashSet<String> = inc.affected.iter().map(|(a, _)| a.clone()).collect();
    for c in &src.components {
        if let Some(r) = cat.refs.get(&c.id).filter(|r| listed.insert((*r).clone())) {
            inc.affected.push((r.clone(), status));
        }
    }
    if inc.affected.is_empty() {
        report.decide(
            what,
            "no components: imported with an empty `affected` (check warns about it)",
        );
    } else {
        report.decide(what, format!("components without per-update statuses: each is {} from the start (from its impact)", status.as_str()));
    }
}

/// The entry status for a Statuspage status word of this kind.
fn status_of(word: &str, maintenance: bool) -> Option<UpdateStatus> {
    let s = UpdateStatus::parse(word)?;
    let allowed: &[UpdateStatus] = if maintenance {
        &UpdateStatus::MAINTENANCE
    } else {
        &UpdateStatus::INCIDENT
    };
    allowed.contains(&s).then_some(s)
}

fn reopens(status: UpdateStatus) -> bool {
    matches!(
        status,
        UpdateStatus::Investigating | UpdateStatus::Identified | UpdateStatus::InProgress
    )
}

/// A Statuspage component status word.
fn component_status(word: &str) -> Option<ComponentStatus> {
    match word.trim() {
        "operational" => Some(ComponentStatus::Operational),
        w => ComponentStatus::parse(w),
    }
}
