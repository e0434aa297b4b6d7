//! The manifest `build` publishes with the site (`api/notify.json`): every update and
//! statement of the last 30 days ([`HORIZON`]) with its id and content hash, and the time the
//! site was built. `bulletin notify` reads the previous site's manifest as the baseline of a
//! target that has no delivery record yet (see `docs/notify.md`).

use std::collections::HashMap;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::derive::Derived;
use crate::events::{self, Event, HORIZON};
use crate::ids::hash_text;
use crate::json::json_bytes;
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

#[derive(Debug, Serialize)]
struct Manifest<'a> {
    version: u32,
    generated_at: String,
    horizon_days: i64,
    events: Vec<Entry<'a>>,
}

/// The manifest of `site`, as a file of the build.
pub(crate) fn render(config: &Config, site: &Derived) -> OutputFile {
    let since = site.now.checked_sub(HORIZON).unwrap_or(Timestamp::MIN);
    let list = events::collect(site, since, SignedDuration::ZERO);
    let entries = list
        .iter()
        .filter(|e| !e.kind.is_timed())
        .map(|e| entry(config, site, e))
        .collect();
    let manifest = Manifest {
        version: 1,
        generated_at: site.now.to_string(),
        horizon_days: HORIZON.as_hours() / 24,
        events: entries,
    };
    OutputFile::new(PATH, json_bytes(&manifest))
}

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
