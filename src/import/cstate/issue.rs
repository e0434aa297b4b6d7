//! One cState issue file into an incident: front matter, and the updates its body marks with
//! `track` shortcodes.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::body::{time_of, updates};
use crate::diagnostics::{Code, Diagnostic};
use crate::import::{Entry, Incident, Report, Stamp, clean_name};
use crate::model::{ComponentStatus, Impact, UpdateStatus};

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Front {
    #[serde(default)]
    title: String,
    #[serde(default)]
    date: Option<serde_yaml::Value>,
    #[serde(default)]
    resolved: Option<bool>,
    #[serde(default)]
    resolved_when: Option<serde_yaml::Value>,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    affected: Vec<String>,
    #[serde(default)]
    informational: bool,
    #[serde(default)]
    draft: bool,
}

impl Front {
    /// An informational post: `informational: true`, or `severity: notice`, which cState
    /// documents as "does not affect the current status". Either changes no component's
    /// status and is over when posted.
    fn informational(&self) -> bool {
        self.informational || self.severity.as_deref().map(str::trim) == Some("notice")
    }
}

/// Every `*.md` in the site's `content/issues` (sorted by name), except `_index.md`; each a
/// regular file inside the site (see `import::read`).
pub(super) fn read_all(
    site: &Path,
    refs: &HashMap<String, String>,
    report: &mut Report,
) -> Result<Vec<Incident>, Diagnostic> {
    let dir = site.join("content/issues");
    let entries = std::fs::read_dir(&dir).map_err(|e| {
        Diagnostic::access(
            Code::ImportNotCstate,
            &dir,
            format!("cannot read the issues folder: {e}"),
        )
        .hint("a cState site keeps its issues in content/issues/")
    })?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md")
                && p.file_name().is_some_and(|n| n != "_index.md")
        })
        .collect();
    files.sort();
    let mut out = Vec::with_capacity(files.len());
    for path in files {
        report.read += 1;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = crate::import::read::read_text_inside(site, &path)?;
        match issue(&name, &crate::text::normalize_source(text), refs, report) {
            Ok(inc) => out.extend(inc),
            Err(why) => report.skip(&format!("issue {name}"), why),
        }
    }
    Ok(out)
}

/// One issue; `Ok(None)` for a draft (reported), `Err` with the reason it cannot be read.
pub(super) fn issue(
    name: &str,
    text: &str,
    refs: &HashMap<String, String>,
    report: &mut Report,
) -> Result<Option<Incident>, String> {
    let rest = text
        .strip_prefix("---\n")
        .ok_or("no YAML front matter (`---` on the first line)")?;
    let end = rest
        .find("\n---")
        .ok_or("the front matter is not closed by `---`")?;
    let front: Front =
        serde_yaml::from_str(&rest[..end]).map_err(|e| format!("front matter: {e}"))?;
    let body = rest[end + 4..].trim_start_matches('-');
    let what = format!("issue {name}");
    if front.draft {
        report.skip(&what, "a draft (draft: true)");
        return Ok(None);
    }
    let date = front
        .date
        .as_ref()
        .and_then(time_of)
        .ok_or("no readable `date`")?;
    let title = clean_name(
        &front.title,
        &format!("{what}, title"),
        "Untitled incident",
        report,
    );
    let mut inc = Incident::new(format!("cstate:{name}"), title, false);
    let (summary, entries, after) = updates(body, &what, report);
    inc.summary = summary;
    inc.entries = entries;
    if !after.is_empty() {
        inc.sections
            .push(("After resolution".into(), after.join("\n\n")));
    }
    affected(&mut inc, &front, refs, &what, report);
    timeline_ends(&mut inc, &front, date, &what, report);
    Ok(Some(inc))
}

/// Severity and systems into `affected`; informational posts affect nothing.
fn affected(
    inc: &mut Incident,
    front: &Front,
    refs: &HashMap<String, String>,
    what: &str,
    report: &mut Report,
) {
    if front.informational() {
        inc.impact = Some(Impact::None);
        if !front.affected.is_empty() {
            // Bulletin's `affected` gives each component a status: naming them would set one.
            let why = if front.informational {
                "informational: true"
            } else {
                "severity notice does not affect the current status"
            };
            report.decide(
                what,
                format!(
                    "{why}: an informational post (impact: none) that changes no component; its systems ({}) are not listed under `affected`",
                    front.affected.join(", ")
                ),
            );
        }
        return;
    }
    let status = match front.severity.as_deref().map(str::trim) {
        Some("down") => ComponentStatus::MajorOutage,
        Some("disrupted") => ComponentStatus::PartialOutage,
        other => {
            report.decide(what, format!("severity {other:?} is not down, disrupted or notice: read as disrupted (partial_outage)"));
            ComponentStatus::PartialOutage
        }
    };
    let mut listed = std::collections::HashSet::new();
    for system in &front.affected {
        match refs.get(system.trim()) {
            Some(r) if listed.insert(r) => inc.affected.push((r.clone(), status)),
            Some(_) => {}
            None => report.skip(
                what,
                format!("affected system '{system}' is not in params.systems"),
            ),
        }
    }
    if inc.affected.is_empty() {
        report.decide(
            what,
            "no components: imported with an empty `affected` (check warns about it)",
        );
    }
}

/// The start (`date`) and the end (`resolved`, `resolvedWhen`) around the updates.
fn timeline_ends(inc: &mut Incident, front: &Front, date: Stamp, what: &str, report: &mut Report) {
    if inc.entries.is_empty() {
        // No updates: the text is the one entry; an informational post is over when posted.
        let body = std::mem::take(&mut inc.summary);
        let status = if front.informational() {
            UpdateStatus::Resolved
        } else {
            UpdateStatus::Investigating
        };
        inc.entries.push(Entry {
            at: date,
            status,
            changes: vec![],
            body,
        });
    }
    let first = inc.entries[0].at;
    if date.at < first.at {
        inc.started = Some(date);
    } else if date.at > first.at {
        report.decide(
            what,
            format!(
                "date {} is after the first update ({}): the first update's time is the start",
                date.written(),
                first.written()
            ),
        );
    }
    close(inc, front, what, report);
}

/// A `resolved` entry for an issue marked resolved whose updates do not end with one.
fn close(inc: &mut Incident, front: &Front, what: &str, report: &mut Report) {
    let when = front.resolved_when.as_ref().and_then(time_of);
    let closed = front.resolved.unwrap_or(front.informational());
    if !closed {
        if when.is_some() {
            report.decide(
                what,
                "resolvedWhen is set but resolved is not true: left open",
            );
        }
        return;
    }
    let last = inc.entries.last().expect("one entry at least");
    if last.status.is_final() {
        return;
    }
    let at = match when {
        Some(w) if w.at >= last.at.at => w,
        Some(w) => {
            report.decide(
                what,
                format!(
                    "resolvedWhen {} is before the last update: resolved at the last update's time",
                    w.written()
                ),
            );
            last.at
        }
        None => last.at,
    };
    inc.entries.push(Entry {
        at,
        status: UpdateStatus::Resolved,
        changes: vec![],
        body: String::new(),
    });
}
