//! The manifest `build` publishes with the site (`api/notify.json`): every update and
//! statement of the last 30 days ([`HORIZON`]) with its id and content hash, and the time the
//! site was built. `bulletin notify` reads the previous site's manifest as the baseline of a
//! target that has no delivery record yet (see `docs/notify.md`).

use std::collections::HashMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::derive::Derived;
use crate::events::{self, Event, HORIZON};
use crate::ids::hash_text;
use crate::json::{json_bytes, json_fragment};
use crate::output::OutputFile;

/// Where the manifest is published, relative to the site root.
pub(crate) const PATH: &str = "api/notify.json";

/// One entry of the manifest.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    id: &'a str,
    kind: &'static str,
    incident: &'a str,
    time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    components: Vec<Change>,
    hash: String,
}

#[derive(Debug, Serialize)]
struct Change {
    component: String,
    old: &'static str,
    new: &'static str,
}

/// The manifest but for its events (an empty list), which [`render`] puts in.
#[derive(Debug, Serialize)]
struct Manifest {
    version: u32,
    generated_at: String,
    horizon_days: i64,
    events: [(); 0],
}

/// One entry of the manifest as written (an element of its `events` list, two levels deep),
/// with what orders the list: its time, then its id.
#[derive(Debug)]
pub(crate) struct Written {
    time: Timestamp,
    id: String,
    text: Vec<u8>,
}

/// The entries of incident `i`, whatever their age (the manifest takes those of its
/// horizon): what follows from the incident alone, which a caller may keep while it is the
/// same.
pub(crate) fn entries_of(config: &Config, site: &Derived, i: usize) -> Vec<Written> {
    let mut list = Vec::new();
    events::written(i, &site.incidents[i], Timestamp::MIN, &mut list);
    list.iter()
        .map(|e| Written {
            time: e.time,
            id: e.id.clone(),
            text: json_fragment(&entry(config, site, e), 2),
        })
        .collect()
}

/// The manifest of `site`, as a file of the build, from the entries `entries_of` gives for
/// each incident that may have some in the horizon (see [`entries_of`]). Its events are the
/// written ones ([`events::collect`] without the timed ones), in time order, ties by id.
pub(crate) fn render<E: AsRef<[Written]>>(
    site: &Derived,
    entries_of: impl Fn(usize) -> E,
) -> OutputFile {
    let since = site.now.checked_sub(HORIZON).unwrap_or(Timestamp::MIN);
    let kept: Vec<E> = events::recent(site, since).map(entries_of).collect();
    // Sized once: at 100,000 incidents the horizon holds tens of thousands of entries.
    let mut entries: Vec<&Written> =
        Vec::with_capacity(kept.iter().map(|l| l.as_ref().len()).sum());
    entries.extend((kept.iter()).flat_map(|list| list.as_ref().iter().filter(|w| w.time >= since)));
    entries.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.id.cmp(&b.id)));
    let manifest = Manifest {
        version: 1,
        generated_at: site.now.to_string(),
        horizon_days: HORIZON.as_hours() / 24,
        events: [],
    };
    let without = json_bytes(&manifest);
    let Some(head) = without.strip_suffix(EMPTY_TAIL) else {
        unreachable!("the events list is the manifest's last key");
    };
    if entries.is_empty() {
        return OutputFile::new(PATH, without);
    }
    let size = entries.iter().map(|w| w.text.len() + 6).sum::<usize>() + without.len();
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(head);
    out.push(b'[');
    for (n, w) in entries.iter().enumerate() {
        out.extend_from_slice(if n == 0 { b"\n    " } else { b",\n    " });
        out.extend_from_slice(&w.text);
    }
    out.extend_from_slice(b"\n  ]\n}\n");
    OutputFile::new(PATH, out)
}

/// How the manifest ends while its events list is empty: the list is the last key.
const EMPTY_TAIL: &[u8] = b"[]\n}\n";

fn entry<'a>(config: &Config, site: &'a Derived, e: &'a Event) -> Entry<'a> {
    Entry {
        id: &e.id,
        kind: e.kind.word(),
        incident: &site.incidents[e.incident].slug,
        time: e.time.to_string(),
        status: e.status.map(|s| s.as_str()),
        components: e
            .changes
            .iter()
            .map(|c| Change {
                component: config.reference(c.component),
                old: c.old.as_str(),
                new: c.new.as_str(),
            })
            .collect(),
        hash: hash_text(e.hash),
    }
}

/// A published manifest as `notify` reads it back: what was known, and when.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Previous {
    pub generated_at: Timestamp,
    #[serde(deserialize_with = "known_map")]
    pub events: HashMap<String, String>,
}

#[derive(Deserialize)]
struct KnownEntry {
    id: String,
    hash: String,
}

/// The entries as id → hash (the other fields are for people and other tools).
fn known_map<'de, D: serde::Deserializer<'de>>(d: D) -> Result<HashMap<String, String>, D::Error> {
    let list: Vec<KnownEntry> = Vec::deserialize(d)?;
    Ok(list.into_iter().map(|e| (e.id, e.hash)).collect())
}

impl Previous {
    /// Reads a manifest's text.
    pub(crate) fn parse(text: &str) -> Result<Previous, String> {
        serde_json::from_str(text).map_err(|e| format!("not a Bulletin notify manifest: {e}"))
    }
}
