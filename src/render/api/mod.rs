//! A static, Statuspage-compatible JSON API under `api/v2/`.
//!
//! The files answer exactly like Atlassian Statuspage's public API v2 (same keys, types and
//! enum values), so tools that read Statuspage pages (Grafana's data source, exporters,
//! aggregators, menu-bar apps) read a Bulletin site unchanged. The mapping from Bulletin's
//! model is documented in `docs/api.md`.
//!
//! This module lays out the files; `components`, `incidents` and `uptime` build the objects
//! they hold.

mod components;
mod incidents;
pub(crate) mod notify_file;
mod uptime;

use std::collections::HashMap;
use std::sync::Arc;

use jiff::Timestamp;
use rayon::prelude::*;
use serde_json::{Value, json};

use crate::config::{ComponentRef, Config};
use crate::derive::Derived;
use crate::ids::stable_id;
use crate::json::json_fragment;
use crate::markdown;
use crate::model::Kind;
use crate::output::OutputFile;
use crate::render::reuse::{Caches, Counts, PerIncident};

/// How many incidents (and maintenances) the list endpoints hold, as Statuspage's do.
pub(crate) const LIST_LIMIT: usize = 50;

/// Where the uptime figures go: beside the Statuspage files, not among them, since Statuspage's
/// public API has no place for them (documented in docs/api.md and docs/uptime.md).
pub(crate) const UPTIME_PATH: &str = "api/uptime.json";

/// Incident objects from earlier renders, as the files write them (see [`Part::List`]).
pub(crate) type IncidentCache = PerIncident<Arc<[u8]>>;

/// Renders every `api/v2/*.json` file and `api/uptime.json`, reusing what `caches` kept of
/// earlier renders (incident objects, components' uptime) and counting what it builds.
pub(crate) fn render(
    config: &Config,
    site: &Derived,
    caches: &Caches,
    counts: &Counts,
) -> Vec<OutputFile> {
    let api = Api::new(config, site, &caches.api_incidents);
    let page = api.page();
    let status = api.status();
    let components = Value::Array(api.components());
    let lists = Lists::new(&api);
    // Written once, put in every file that holds them.
    let [page_text, status_text, components_text] =
        [&page, &status, &components].map(|v| json_fragment(v, 1));
    let mut out: Vec<OutputFile> =
        statuspage_files(&page_text, &status_text, &components_text, &lists)
            .into_iter()
            .map(|(name, parts)| OutputFile::new(format!("api/v2/{name}"), object(&parts)))
            .collect();
    let uptime = api.uptime_file(&page, &caches.api_uptime, counts);
    out.push(OutputFile::new(UPTIME_PATH, uptime));
    out
}

/// The incident lists the files hold, each at most [`LIST_LIMIT`] long, newest first.
struct Lists {
    incidents: Vec<Arc<[u8]>>,
    unresolved: Vec<Arc<[u8]>>,
    maintenances: Vec<Arc<[u8]>>,
    upcoming: Vec<Arc<[u8]>>,
    active: Vec<Arc<[u8]>>,
    /// In progress, then upcoming: the summary's `scheduled_maintenances`.
    summary_maintenance: Vec<Arc<[u8]>>,
}

impl Lists {
    fn new(api: &Api) -> Lists {
        let site = api.site;
        // The newest of a kind are first: a list looks no further than its last (at 100,000
        // incidents, collecting every one of a kind was most of the API's work).
        let of_kind = |kind: Kind| -> Vec<usize> {
            (0..site.incidents.len())
                .filter(|&i| site.incidents[i].kind == kind)
                .take(LIST_LIMIT)
                .collect()
        };
        // Only an incident is ever active (a maintenance is upcoming, in progress or over):
        // the unresolved ones are derive's `active`, in the same order.
        let unresolved = &site.active;
        let (upcoming, active) = (&site.maintenance_upcoming, &site.maintenance_in_progress);
        let summary_maintenance: Vec<usize> = active.iter().chain(upcoming).copied().collect();
        let list = |ix: &[usize]| -> Vec<Arc<[u8]>> {
            ix.iter()
                .take(LIST_LIMIT)
                .map(|&i| api.incident(i))
                .collect()
        };
        Lists {
            incidents: list(&of_kind(Kind::Incident)),
            unresolved: list(unresolved),
            maintenances: list(&of_kind(Kind::Maintenance)),
            upcoming: list(upcoming),
            active: list(active),
            summary_maintenance: list(&summary_maintenance),
        }
    }
}

/// The Statuspage files, by name under `api/v2/`, with their top-level keys in alphabetical
/// order, as in every other object of the API.
fn statuspage_files<'a>(
    page: &'a [u8],
    status: &'a [u8],
    components: &'a [u8],
    lists: &'a Lists,
) -> [(&'static str, Vec<(&'static str, Part<'a>)>); 8] {
    use Part::{List, One};
    let page = ("page", One(page));
    let status = ("status", One(status));
    let components = ("components", One(components));
    let unresolved = ("incidents", List(&lists.unresolved));
    let maintenances = |list: &'a [Arc<[u8]>]| ("scheduled_maintenances", List(list));
    [
        (
            "summary.json",
            vec![
                components,
                unresolved,
                page,
                maintenances(&lists.summary_maintenance),
                status,
            ],
        ),
        ("status.json", vec![page, status]),
        ("components.json", vec![components, page]),
        (
            "incidents.json",
            vec![("incidents", List(&lists.incidents)), page],
        ),
        ("incidents/unresolved.json", vec![unresolved, page]),
        (
            "scheduled-maintenances.json",
            vec![page, maintenances(&lists.maintenances)],
        ),
        (
            "scheduled-maintenances/upcoming.json",
            vec![page, maintenances(&lists.upcoming)],
        ),
        (
            "scheduled-maintenances/active.json",
            vec![page, maintenances(&lists.active)],
        ),
    ]
}

/// One value of a file's top-level object, as written one level deep: cached incident
/// objects are put in where they are, not serialised again for every file that lists them.
#[derive(Clone, Copy)]
enum Part<'a> {
    /// A value written by [`json_fragment`] at depth 1.
    One(&'a [u8]),
    /// A list of values, each written by [`json_fragment`] at depth 2.
    List(&'a [Arc<[u8]>]),
}

/// The file of a top-level object whose keys are in order, as [`crate::json::json_bytes`]
/// writes it (the parts' text is already escaped).
fn object(parts: &[(&str, Part)]) -> Vec<u8> {
    let size = parts.iter().map(|(_, part)| match part {
        Part::One(text) => text.len(),
        Part::List(items) => items.iter().map(|t| t.len() + 6).sum(),
    });
    let mut out = Vec::with_capacity(size.sum::<usize>() + 64);
    out.push(b'{');
    for (n, (key, part)) in parts.iter().enumerate() {
        out.extend_from_slice(if n == 0 { b"\n  " } else { b",\n  " });
        out.extend_from_slice(&json_fragment(key, 1));
        out.extend_from_slice(b": ");
        match part {
            Part::One(text) => out.extend_from_slice(text),
            Part::List([]) => out.extend_from_slice(b"[]"),
            Part::List(items) => {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    out.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
                    out.extend_from_slice(item);
                }
                out.extend_from_slice(b"\n  ]");
            }
        }
    }
    out.extend_from_slice(if parts.is_empty() { b"}\n" } else { b"\n}\n" });
    out
}

/// What every object of the API is built from: the site, and the ids, positions and times
/// that many objects repeat, worked out once.
struct Api<'a> {
    config: &'a Config,
    site: &'a Derived,
    /// Incident objects from earlier renders.
    cache: &'a IncidentCache,
    /// Every component's object as this render shows it, with a hash of it, in catalogue
    /// order. The components list and every incident object embed these, and an incident
    /// object is reused only while the hashes of those it embeds are the same: a component's
    /// `updated_at` and `created_at` depend on other incidents than the one that names it.
    component_objects: HashMap<ComponentRef, (Value, u64)>,
    page_id: String,
    /// The earliest time the site published: components' `created_at`.
    epoch: Timestamp,
    /// The latest update of any incident: the page's `updated_at`.
    updated: Timestamp,
    /// Each component's 1-based position in the catalogue (groups count too).
    positions: HashMap<ComponentRef, usize>,
}

impl<'a> Api<'a> {
    fn new(config: &'a Config, site: &'a Derived, cache: &'a IncidentCache) -> Self {
        // Both in one pass over every state (each pass is a walk through megabytes at
        // 100,000 incidents).
        let (epoch, updated) = (site.states.iter())
            .map(|s| (s.created_at, s.updated_at))
            .reduce(|(c, u), (c2, u2)| (c.min(c2), u.max(u2)))
            .unwrap_or((site.now, site.now));
        let positions = config
            .components()
            .enumerate()
            .map(|(i, c)| (c, i + 1))
            .collect();
        let mut api = Api {
            config,
            site,
            cache,
            component_objects: HashMap::new(),
            page_id: stable_id(&config.base_url),
            epoch,
            updated,
            positions,
        };
        // In parallel: each walks its component's incidents for its `updated_at`.
        let components: Vec<ComponentRef> = config.components().collect();
        api.component_objects = (components.into_par_iter())
            .map(|c| {
                let object = api.component_object(c);
                let key = hash_of(&object);
                (c, (object, key))
            })
            .collect();
        api
    }

    /// Statuspage's timestamp form: milliseconds and the site's offset.
    fn time(&self, at: Timestamp) -> String {
        at.to_zoned_datetime(self.config.timezone.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%.3f%:z")
            .to_string()
    }

    /// The `page` object every file starts with.
    fn page(&self) -> Value {
        let mut page = self.statuspage_page();
        if self.config.show_generator {
            // Bulletin's own field; Statuspage clients ignore a field they do not know.
            page["generator"] = json!(format!("Bulletin {}", crate::VERSION));
        }
        page
    }

    /// The `page` object's Statuspage fields.
    fn statuspage_page(&self) -> Value {
        json!({
            "id": self.page_id,
            "name": markdown::plain(&self.config.title),
            "url": self.config.base_url.trim_end_matches('/'),
            "time_zone": self.config.timezone_name,
            "updated_at": self.time(self.updated),
        })
    }

    /// The overall status, in Statuspage's indicator words.
    fn status(&self) -> Value {
        let (indicator, description) = self.site.overall.page_indicator();
        json!({ "indicator": indicator, "description": description })
    }
}

/// A hash of a JSON value's serialised form: what a cached object that embeds it is keyed
/// on, so any change of its bytes builds the object again.
fn hash_of(value: &Value) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    value.to_string().hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json_bytes;

    #[test]
    fn a_file_put_together_from_parts_is_what_serialising_it_whole_writes() {
        let page = json!({"id": "p", "name": "A <b> & c", "nested": {"list": [1, 2], "none": []}});
        let items = [
            json!({"id": "i1", "updates": [{"body": "x"}, {"body": "y"}], "empty": {}}),
            json!({"id": "i2", "components": []}),
        ];
        let whole = json!({"incidents": items, "none": [], "page": page});
        let listed: Vec<Arc<[u8]>> = items.iter().map(|v| json_fragment(v, 2).into()).collect();
        let page_text = json_fragment(&page, 1);
        let parts = [
            ("incidents", Part::List(&listed)),
            ("none", Part::List(&[])),
            ("page", Part::One(&page_text)),
        ];
        assert_eq!(
            String::from_utf8(object(&parts)).unwrap(),
            String::from_utf8(json_bytes(&whole)).unwrap()
        );
        assert_eq!(object(&[]), json_bytes(&json!({})));
    }
}
