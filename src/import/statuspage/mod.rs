//! Reading a Statuspage page: its public v2 JSON documents (`summary.json`,
//! `components.json`, `incidents.json`, `scheduled-maintenances.json`), fetched or saved in a
//! folder, into [`Imported`](super::Imported).
//!
//! Only the fields Bulletin uses are read; any others are ignored, so newer or older pages
//! read the same. `postmortem_body` (present in the management API's export, not in the
//! public documents) becomes a `## Postmortem` section when present.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use super::{Imported, Report};
use crate::diagnostics::{Code, Diagnostic};
use crate::text::escape_unsafe;

mod catalogue;
mod convert;
mod lagging;

/// The documents a page offers, by file name, in the order they are read.
pub(crate) const DOCUMENTS: [&str; 4] = [
    "summary.json",
    "components.json",
    "incidents.json",
    "scheduled-maintenances.json",
];

/// The `page` object every document starts with.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct Page {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// A component or component group.
#[derive(Debug, Clone, Deserialize)]
pub struct Component {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub position: Option<i64>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub group_id: Option<String>,
    #[serde(default)]
    pub group: bool,
}

/// An incident or a scheduled maintenance.
#[derive(Debug, Clone, Deserialize)]
pub struct Incident {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub impact: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub resolved_at: Option<String>,
    #[serde(default)]
    pub scheduled_for: Option<String>,
    #[serde(default)]
    pub scheduled_until: Option<String>,
    #[serde(default)]
    pub incident_updates: Vec<Update>,
    #[serde(default)]
    pub components: Vec<Component>,
    #[serde(default)]
    pub postmortem_body: Option<String>,
}

/// One update of an incident.
#[derive(Debug, Clone, Deserialize)]
pub struct Update {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub display_at: Option<String>,
    #[serde(default)]
    pub affected_components: Option<Vec<AffectedComponent>>,
}

impl Update {
    /// When the update happened: `display_at` (which may be backdated), else `created_at`.
    pub(crate) fn time(&self) -> Option<super::Stamp> {
        self.display_at
            .as_deref()
            .or(self.created_at.as_deref())
            .and_then(super::Stamp::parse)
    }
}

/// The indexes of the updates with a readable time, oldest first, with their times; and
/// whether the list was out of order (Statuspage lists them newest first, some exports oldest
/// first: either is in order). Updates at the same time keep the source's order, read in its
/// direction.
pub(crate) fn chronological(updates: &[Update]) -> (Vec<(super::Stamp, usize)>, bool) {
    let mut timed: Vec<(super::Stamp, usize)> = updates
        .iter()
        .enumerate()
        .filter_map(|(i, u)| Some((u.time()?, i)))
        .collect();
    let newest_first = timed.windows(2).all(|w| w[0].0.at >= w[1].0.at);
    let oldest_first = timed.windows(2).all(|w| w[0].0.at <= w[1].0.at);
    if newest_first && !oldest_first {
        timed.reverse();
    }
    timed.sort_by_key(|(at, _)| at.at);
    (timed, !newest_first && !oldest_first)
}

/// A component change recorded on an update.
#[derive(Debug, Clone, Deserialize)]
pub struct AffectedComponent {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub old_status: Option<String>,
    #[serde(default)]
    pub new_status: String,
}

/// Any of the four documents: each has `page` and some of the lists.
#[derive(Debug, Clone, Deserialize, Default)]
pub(crate) struct Document {
    pub page: Option<Page>,
    #[serde(default)]
    pub components: Option<Vec<Component>>,
    #[serde(default)]
    pub incidents: Option<Vec<Incident>>,
    #[serde(default)]
    pub scheduled_maintenances: Option<Vec<Incident>>,
}

/// A page's documents, merged: the page, its components, its incidents and maintenances
/// (each once, by id).
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub page: Page,
    pub components: Vec<Component>,
    pub incidents: Vec<Incident>,
    pub maintenance_ids: Vec<String>,
    /// What reading the documents found odd (an id listed twice in one document).
    pub report: Report,
    /// Incident id → its place in `incidents`: merging 160,000 incidents by scanning the list
    /// for each took minutes.
    index: HashMap<String, usize>,
    maintenance_seen: HashSet<String>,
}

impl Source {
    /// Adds one document read from `origin` (a file or URL, for messages).
    pub fn add(&mut self, origin: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let doc = parse_document(origin, bytes)?;
        if let Some(page) = doc.page.filter(|_| self.page.id.is_empty()) {
            self.page = page;
        }
        if let Some(list) = doc.components.filter(|l| l.len() > self.components.len()) {
            self.components = list;
        }
        // The same incident in two documents (or lists) is expected: summary.json lists the
        // open ones again. Twice in one list, one of the two is lost: reported.
        for (list, maintenance) in [(doc.incidents, false), (doc.scheduled_maintenances, true)] {
            let mut in_this: HashSet<String> = HashSet::new();
            for inc in list.into_iter().flatten() {
                if maintenance && self.maintenance_seen.insert(inc.id.clone()) {
                    self.maintenance_ids.push(inc.id.clone());
                }
                if !in_this.insert(inc.id.clone()) {
                    self.report_twice(origin, &inc);
                }
                self.merge(inc);
            }
        }
        Ok(())
    }

    /// A report line for an incident whose id came twice in one document.
    fn report_twice(&mut self, origin: &str, inc: &Incident) {
        let file = origin.rsplit('/').next().unwrap_or(origin);
        let other = self.position(&inc.id).map(|i| &self.incidents[i]);
        let kept = match other {
            Some(o) if o.incident_updates.len() >= inc.incident_updates.len() => o,
            _ => inc,
        };
        let line = format!(
            "listed twice in {file}: only one is imported, the one with more updates ('{}', {} update(s))",
            escape_unsafe(&kept.name),
            kept.incident_updates.len()
        );
        self.report
            .skip(&format!("incident id '{}'", escape_unsafe(&inc.id)), line);
    }

    /// Where the incident with this id is in `incidents`.
    fn position(&self, id: &str) -> Option<usize> {
        crate::import::ids::count(1);
        self.index.get(id).copied()
    }

    /// Keeps the version of an incident with the most updates (summary.json lists only
    /// unresolved ones; incidents.json may be older than scheduled-maintenances.json).
    fn merge(&mut self, inc: Incident) {
        match self.position(&inc.id) {
            Some(i) if self.incidents[i].incident_updates.len() < inc.incident_updates.len() => {
                self.incidents[i] = inc;
            }
            Some(_) => {}
            None => {
                self.index.insert(inc.id.clone(), self.incidents.len());
                self.incidents.push(inc);
            }
        }
    }

    /// Converts the page into a site.
    pub fn into_imported(self) -> Imported {
        convert::imported(self)
    }
}

/// Parses one document, with a clear error when it is not JSON or not a Statuspage document.
/// Read straight into the typed form (a 10,000-incident page is ~14 MB); only a document
/// that does not fit is read again, to say whether it is JSON at all.
pub(crate) fn parse_document(origin: &str, bytes: &[u8]) -> Result<Document, Diagnostic> {
    let not_page = |why: String| {
        Diagnostic::access(Code::ImportNotStatuspage, origin, format!("not a Statuspage document: {why}"))
            .hint("Statuspage's documents start with {\"page\":{\"id\":…}}; is this the right URL or file?")
    };
    match serde_json::from_slice::<Document>(bytes) {
        Ok(doc) if doc.page.as_ref().is_some_and(|p| !p.id.is_empty()) => Ok(doc),
        Ok(_) => Err(not_page("it has no `page` object with an `id`".into())),
        Err(typed) => match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
            Ok(_) => Err(not_page(typed.to_string())),
            Err(e) => {
                let start =
                    String::from_utf8_lossy(&bytes[..bytes.len().min(60)]).replace('\n', " ");
                Err(Diagnostic::access(Code::ImportNotJson, origin, format!("not JSON ({e}); it begins: {start}"))
                    .hint("give the page's base URL (https://status.example.com) or a folder of the JSON files saved from <base>/api/v2/"))
            }
        },
    }
}

/// Reads the documents saved in `dir` (or in its `api/v2/`). `incidents.json` or
/// `summary.json` must be there.
pub fn read_folder(dir: &Path) -> Result<Source, Diagnostic> {
    let base = if dir.join("api/v2/incidents.json").is_file()
        || dir.join("api/v2/summary.json").is_file()
    {
        dir.join("api/v2")
    } else {
        dir.to_path_buf()
    };
    let mut source = Source::default();
    let mut found = 0;
    for name in DOCUMENTS {
        let path = base.join(name);
        // A missing document is fine (any one of them will do); anything else that is there
        // must be a regular file inside the folder (see `import::read`).
        if std::fs::symlink_metadata(&path).is_err() {
            continue;
        }
        let bytes = crate::import::read::read_inside(dir, &path)?;
        source.add(&path.display().to_string(), &bytes)?;
        found += 1;
    }
    if found == 0 {
        return Err(Diagnostic::access(
            Code::ImportNoDocuments,
            dir,
            format!(
                "no Statuspage documents here (looked for {})",
                DOCUMENTS.join(", ")
            ),
        )
        .hint("save them from <base>/api/v2/ into this folder, or give the page's URL"));
    }
    Ok(source)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(status: &str, at: &str) -> Update {
        serde_json::from_value(serde_json::json!({"status": status, "display_at": at})).unwrap()
    }

    /// Updates at the same time keep the order the source gave them, read in its direction:
    /// a newest-first list is read backwards.
    #[test]
    fn updates_at_the_same_time_keep_the_source_s_order() {
        let newest_first = [
            update("resolved", "2026-10-05T11:00:00Z"),
            update("identified", "2026-10-05T10:00:00Z"),
            update("investigating", "2026-10-05T10:00:00Z"),
            update("no time", "soon"),
        ];
        let (timed, out_of_order) = chronological(&newest_first);
        let order: Vec<usize> = timed.iter().map(|(_, i)| *i).collect();
        assert_eq!((order, out_of_order), (vec![2, 1, 0], false));
        let oldest_first = [
            update("investigating", "2026-10-05T10:00:00Z"),
            update("identified", "2026-10-05T10:00:00Z"),
            update("resolved", "2026-10-05T11:00:00Z"),
        ];
        let (timed, out_of_order) = chronological(&oldest_first);
        let order: Vec<usize> = timed.iter().map(|(_, i)| *i).collect();
        assert_eq!((order, out_of_order), (vec![0, 1, 2], false));
    }
}
