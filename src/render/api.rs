//! A static, Statuspage-compatible JSON API under `api/v2/`.
//!
//! The files answer exactly like Atlassian Statuspage's public API v2 (same keys, types and
//! enum values), so tools that read Statuspage pages (Grafana's data source, exporters,
//! aggregators, menu-bar apps) read a Bulletin site unchanged. The mapping from Bulletin's
//! model is documented in `docs/api.md`.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::Timestamp;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Value, json};

use crate::config::Config;
use crate::derive::{Derived, Phase};
use crate::markdown;
use crate::model::{ComponentStatus, Incident, Kind, UpdateStatus};
use crate::output::OutputFile;
use crate::render::reuse::PerIncident;
use crate::render::view::incident_path;

/// How many incidents (and maintenances) the list endpoints hold, as Statuspage's do.
pub const LIST_LIMIT: usize = 50;

/// A stable 12-character id (Statuspage's shape) derived from `key`: FNV-1a, base 36.
/// Written out here because it is eight lines and must never change between versions.
pub fn stable_id(key: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.as_bytes() {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..12)
        .map(|_| {
            let d = digits[(hash % 36) as usize] as char;
            hash /= 36;
            d
        })
        .collect()
}

/// Incident objects from earlier renders.
pub(crate) type IncidentCache = PerIncident<Arc<Value>>;

/// Renders every `api/v2/*.json` file.
pub(crate) fn render(config: &Config, site: &Derived, cache: &IncidentCache) -> Vec<OutputFile> {
    let api = Api::new(config, site, cache);
    let page = api.page();
    let status = api.status();
    let components = Value::Array(api.components());
    let incidents: Vec<usize> = (0..site.incidents.len())
        .filter(|&i| site.incidents[i].kind == Kind::Incident)
        .collect();
    let maintenances: Vec<usize> = (0..site.incidents.len())
        .filter(|&i| site.incidents[i].kind == Kind::Maintenance)
        .collect();
    let unresolved: Vec<usize> = incidents
        .iter()
        .copied()
        .filter(|&i| site.states[i].phase == Phase::Active)
        .collect();
    let upcoming = &site.maintenance_upcoming;
    let active = &site.maintenance_in_progress;
    let list = |ix: &[usize]| -> Vec<Arc<Value>> {
        ix.iter()
            .take(LIST_LIMIT)
            .map(|&i| api.incident(i))
            .collect()
    };
    let summary_maintenance: Vec<usize> = active.iter().chain(upcoming).copied().collect();
    let unresolved = list(&unresolved);
    let (summary_maintenance, incidents) = (list(&summary_maintenance), list(&incidents));
    let (maintenances, upcoming, active) = (list(&maintenances), list(upcoming), list(active));

    // Keys in alphabetical order, as in every other object of the API.
    use Part::{List, One};
    let files: [(&str, Vec<(&str, Part)>); 8] = [
        (
            "summary.json",
            vec![
                ("components", One(&components)),
                ("incidents", List(&unresolved)),
                ("page", One(&page)),
                ("scheduled_maintenances", List(&summary_maintenance)),
                ("status", One(&status)),
            ],
        ),
        (
            "status.json",
            vec![("page", One(&page)), ("status", One(&status))],
        ),
        (
            "components.json",
            vec![("components", One(&components)), ("page", One(&page))],
        ),
        (
            "incidents.json",
            vec![("incidents", List(&incidents)), ("page", One(&page))],
        ),
        (
            "incidents/unresolved.json",
            vec![("incidents", List(&unresolved)), ("page", One(&page))],
        ),
        (
            "scheduled-maintenances.json",
            vec![
                ("page", One(&page)),
                ("scheduled_maintenances", List(&maintenances)),
            ],
        ),
        (
            "scheduled-maintenances/upcoming.json",
            vec![
                ("page", One(&page)),
                ("scheduled_maintenances", List(&upcoming)),
            ],
        ),
        (
            "scheduled-maintenances/active.json",
            vec![
                ("page", One(&page)),
                ("scheduled_maintenances", List(&active)),
            ],
        ),
    ];
    let mut out: Vec<OutputFile> = files
        .into_iter()
        .map(|(name, parts)| {
            OutputFile::new(
                format!("api/v2/{name}"),
                crate::render::json_bytes(&Object(parts)),
            )
        })
        .collect();
    out.push(OutputFile::new(
        UPTIME_PATH,
        crate::render::json_bytes(&api.uptime(&page)),
    ));
    out
}

/// One value of a file's top-level object, borrowed: cached incident objects are serialised
/// where they are, not copied into a new tree for every file that lists them.
enum Part<'a> {
    One(&'a Value),
    List(&'a [Arc<Value>]),
}

/// A top-level object whose keys are already in order.
struct Object<'a>(Vec<(&'a str, Part<'a>)>);

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, part) in &self.0 {
            match part {
                Part::One(v) => map.serialize_entry(key, v)?,
                Part::List(items) => {
                    let items: Vec<&Value> = items.iter().map(|v| v.as_ref()).collect();
                    map.serialize_entry(key, &items)?
                }
            }
        }
        map.end()
    }
}

// The uptime file's objects. Fields are in alphabetical order, as serde_json writes the
// keys of every other object in the API.

#[derive(Serialize)]
struct UptimeFile<'a> {
    components: Vec<ComponentUptime<'a>>,
    page: &'a Value,
    rules: UptimeRules,
}

#[derive(Serialize)]
struct UptimeRules {
    days: u32,
    degraded_performance_weight: f64,
    maintenance: &'static str,
    major_outage_weight: f64,
    partial_outage_weight: f64,
}

#[derive(Serialize)]
struct ComponentUptime<'a> {
    days: Vec<UptimeDay>,
    id: String,
    name: String,
    position: usize,
    reference: &'a str,
    /// "24h", "7d", … in key order.
    uptime: std::collections::BTreeMap<String, f64>,
}

#[derive(Serialize)]
struct UptimeDay {
    date: String,
    degraded: bool,
    down_seconds: f64,
    incidents: Vec<String>,
    maintenance: bool,
    measured_seconds: i64,
    uptime: f64,
}

/// Where the uptime figures go: beside the Statuspage files, not among them, since Statuspage's
/// public API has no place for them (documented in docs/api.md and docs/uptime.md).
pub const UPTIME_PATH: &str = "api/uptime.json";

struct Api<'a> {
    config: &'a Config,
    site: &'a Derived,
    /// Incident objects from earlier renders.
    cache: &'a IncidentCache,
    /// A hash of every component's current status (incident objects embed them).
    statuses_key: u64,
    page_id: String,
    /// The earliest time the site knows of: components' `created_at`.
    epoch: Timestamp,
    /// Component reference → its 1-based position in the catalogue (groups count too).
    positions: HashMap<String, usize>,
}

impl<'a> Api<'a> {
    fn new(config: &'a Config, site: &'a Derived, cache: &'a IncidentCache) -> Self {
        let epoch = site
            .states
            .iter()
            .map(|s| s.started_at)
            .min()
            .unwrap_or(site.now);
        let positions = config
            .products
            .iter()
            .flat_map(|p| {
                std::iter::once(p.id.clone())
                    .chain(p.features.iter().map(move |f| format!("{}/{}", p.id, f.id)))
            })
            .enumerate()
            .map(|(i, r)| (r, i + 1))
            .collect();
        let statuses_key = {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            for p in &site.products {
                p.status.hash(&mut h);
                p.features.hash(&mut h);
            }
            h.finish()
        };
        Api {
            config,
            site,
            cache,
            statuses_key,
            page_id: stable_id(&config.base_url),
            epoch,
            positions,
        }
    }

    /// Statuspage's timestamp form: milliseconds and the site's offset.
    fn time(&self, at: Timestamp) -> String {
        at.to_zoned_datetime(self.config.timezone.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%.3f%:z")
            .to_string()
    }

    fn page(&self) -> Value {
        let updated = self
            .site
            .states
            .iter()
            .map(|s| s.updated_at)
            .max()
            .unwrap_or(self.site.now);
        json!({
            "id": self.page_id,
            "name": markdown::plain(&self.config.title),
            "url": self.config.base_url.trim_end_matches('/'),
            "time_zone": self.config.timezone_name,
            "updated_at": self.time(updated),
        })
    }

    /// Every component's uptime windows and daily history (see docs/uptime.md). Built as
    /// borrowed structs rather than a `Value` tree: on a large site this is the biggest file
    /// of the API (90 days of every component) and is rewritten on every rebuild.
    fn uptime<'b>(&'b self, page: &'b Value) -> UptimeFile<'b> {
        let rules = &self.config.uptime;
        let pct = |ratio: f64| (ratio * 1_000_000.0).floor() / 10_000.0;
        let mut references: Vec<(&String, &usize)> = self.positions.iter().collect();
        references.sort_by_key(|(_, position)| **position);
        let components = references
            .into_iter()
            .filter_map(|(reference, &position)| {
                let u = self.site.uptime.get(reference)?;
                let uptime = u
                    .windows
                    .iter()
                    .map(|(days, m)| {
                        let key = if *days == 1 {
                            "24h".to_string()
                        } else {
                            format!("{days}d")
                        };
                        (key, pct(m.ratio()))
                    })
                    .collect();
                let days = u
                    .days
                    .iter()
                    .map(|d| UptimeDay {
                        date: d.date.to_string(),
                        degraded: d.measured.degraded,
                        down_seconds: (d.measured.down * 10.0).round() / 10.0,
                        incidents: d
                            .incidents
                            .iter()
                            .map(|&i| {
                                stable_id(&format!("incident:{}", self.site.incidents[i].slug))
                            })
                            .collect(),
                        maintenance: d.measured.maintenance,
                        measured_seconds: d.measured.measured.round() as i64,
                        uptime: pct(d.measured.ratio()),
                    })
                    .collect();
                Some(ComponentUptime {
                    days,
                    id: stable_id(&format!("component:{reference}")),
                    name: self.component_name(reference),
                    position,
                    reference,
                    uptime,
                })
            })
            .collect();
        UptimeFile {
            components,
            page,
            rules: UptimeRules {
                days: rules.days,
                degraded_performance_weight: rules.degraded_weight,
                maintenance: "excluded",
                major_outage_weight: 1.0,
                partial_outage_weight: rules.partial_weight,
            },
        }
    }

    fn status(&self) -> Value {
        let (indicator, description) = match self.site.overall {
            ComponentStatus::Operational => ("none", "All Systems Operational"),
            ComponentStatus::DegradedPerformance => ("minor", "Minor Service Outage"),
            ComponentStatus::PartialOutage => ("major", "Partial System Outage"),
            ComponentStatus::MajorOutage => ("critical", "Major System Outage"),
            ComponentStatus::UnderMaintenance => ("maintenance", "Service Under Maintenance"),
        };
        json!({ "indicator": indicator, "description": description })
    }

    fn updated(&self, reference: &str) -> Timestamp {
        self.site
            .by_component
            .get(reference)
            .and_then(|ix| ix.iter().map(|&i| self.site.states[i].updated_at).max())
            .unwrap_or(self.epoch)
    }

    /// Products as Statuspage component groups, each followed by its features.
    fn components(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for (pi, (p, state)) in self
            .config
            .products
            .iter()
            .zip(&self.site.products)
            .enumerate()
        {
            let group_id = stable_id(&format!("component:{}", p.id));
            out.push(self.group(pi));
            for (f, &status) in p.features.iter().zip(&state.features) {
                let reference = format!("{}/{}", p.id, f.id);
                out.push(self.component(
                    &reference,
                    &f.name,
                    f.description.as_deref(),
                    status,
                    Some(&group_id),
                ));
            }
        }
        out
    }

    /// A product as a Statuspage component group.
    fn group(&self, pi: usize) -> Value {
        let p = &self.config.products[pi];
        let members: Vec<String> = p
            .features
            .iter()
            .map(|f| stable_id(&format!("component:{}/{}", p.id, f.id)))
            .collect();
        let mut group = self.component(
            &p.id,
            &p.name,
            p.description.as_deref(),
            self.site.products[pi].status,
            None,
        );
        group["group"] = json!(true);
        group["components"] = json!(members);
        group
    }

    fn component(
        &self,
        reference: &str,
        name: &str,
        description: Option<&str>,
        status: ComponentStatus,
        group_id: Option<&str>,
    ) -> Value {
        json!({
            "id": stable_id(&format!("component:{reference}")),
            "name": markdown::plain(name),
            "status": status.as_str(),
            "created_at": self.time(self.epoch),
            "updated_at": self.time(self.updated(reference)),
            "position": self.positions.get(reference).copied().unwrap_or(0),
            "description": description.map(markdown::plain),
            "showcase": true,
            "start_date": null,
            "group_id": group_id,
            "page_id": self.page_id,
            "group": false,
            "only_show_if_degraded": false,
        })
    }

    /// The component object of a reference, with the status it has now.
    fn component_by_ref(&self, reference: &str) -> Option<Value> {
        match self.config.lookup(reference)? {
            (pi, None) => Some(self.group(pi)),
            (pi, Some(fi)) => {
                let p = &self.config.products[pi];
                let feat = &p.features[fi];
                Some(self.component(
                    reference,
                    &feat.name,
                    feat.description.as_deref(),
                    self.site.products[pi].features[fi],
                    Some(&stable_id(&format!("component:{}", p.id))),
                ))
            }
        }
    }

    /// The incident object of `i`, reused when neither it nor any component's status changed.
    fn incident(&self, i: usize) -> Arc<Value> {
        let inc = &self.site.incidents[i];
        let key = self.site.states[i].cache_key(inc) ^ self.statuses_key.rotate_left(1);
        self.cache
            .get_or(&inc.slug, key, || Arc::new(self.build_incident(i)))
    }

    fn build_incident(&self, i: usize) -> Value {
        let inc = &self.site.incidents[i];
        let state = &self.site.states[i];
        let id = stable_id(&format!("incident:{}", inc.slug));
        let impact = match inc.kind {
            Kind::Maintenance => "maintenance",
            Kind::Incident => state.impact.as_str(),
        };
        let monitoring_at = inc
            .updates
            .iter()
            .rev()
            .find(|u| u.status == UpdateStatus::Monitoring)
            .map(|u| self.time(u.time.at));
        let mut v = json!({
            "id": id,
            "name": markdown::plain(&inc.title),
            "status": state.status.as_str(),
            "created_at": self.time(inc.updates.first().map_or(state.started_at, |u| u.time.at.min(state.started_at))),
            "updated_at": self.time(state.updated_at),
            "monitoring_at": monitoring_at,
            "resolved_at": state.resolved_at.map(|t| self.time(t)),
            "impact": impact,
            "shortlink": format!("{}{}", self.config.base_url, incident_path(&inc.slug)),
            "started_at": self.time(state.started_at),
            "page_id": self.page_id,
            "incident_updates": self.updates(inc, &id),
            "components": inc.affected.iter().filter_map(|a| self.component_by_ref(&a.component)).collect::<Vec<_>>(),
        });
        if let Some(w) = inc.scheduled {
            v["scheduled_for"] = json!(self.time(w.start));
            v["scheduled_until"] = json!(self.time(w.end));
        }
        v
    }

    /// Updates newest first. The first update records the components going down, a final one
    /// records them coming back, as Statuspage's `affected_components` do.
    fn updates(&self, inc: &Incident, incident_id: &str) -> Vec<Value> {
        let last = inc.updates.len().saturating_sub(1);
        inc.updates
            .iter()
            .enumerate()
            .rev()
            .map(|(n, u)| {
                let status_during = |s: ComponentStatus| match inc.kind {
                    Kind::Maintenance => ComponentStatus::UnderMaintenance,
                    Kind::Incident => s,
                };
                let affected = if n == 0 || (n == last && u.status.is_final()) {
                    let going_down = n == 0 && !u.status.is_final();
                    Value::Array(
                        inc.affected
                            .iter()
                            .map(|a| {
                                let (old, new) = if going_down {
                                    (ComponentStatus::Operational, status_during(a.status))
                                } else {
                                    (status_during(a.status), ComponentStatus::Operational)
                                };
                                json!({
                                    "code": stable_id(&format!("component:{}", a.component)),
                                    "name": self.component_name(&a.component),
                                    "old_status": old.as_str(),
                                    "new_status": new.as_str(),
                                })
                            })
                            .collect(),
                    )
                } else {
                    Value::Null
                };
                let at = self.time(u.time.at);
                json!({
                    "id": stable_id(&format!("update:{}#{n}", inc.slug)),
                    "status": u.status.as_str(),
                    "body": markdown::to_plain_text(&u.body),
                    "incident_id": incident_id,
                    "created_at": at,
                    "updated_at": at,
                    "display_at": at,
                    "affected_components": affected,
                    "deliver_notifications": true,
                    "custom_tweet": null,
                    "tweet_id": null,
                })
            })
            .collect()
    }

    /// A component's own name (a feature's name without its product's), as Statuspage names
    /// it, as plain text.
    fn component_name(&self, reference: &str) -> String {
        let name = match self.config.lookup(reference) {
            Some((pi, Some(fi))) => &self.config.products[pi].features[fi].name,
            Some((pi, None)) => &self.config.products[pi].name,
            None => reference,
        };
        markdown::plain(name).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::stable_id;

    #[test]
    fn ids_are_stable_and_shaped_like_statuspage_ids() {
        assert_eq!(stable_id("incident:a"), stable_id("incident:a"));
        assert_ne!(stable_id("incident:a"), stable_id("incident:b"));
        let id = stable_id("component:wechat/pay");
        assert_eq!(id.len(), 12);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        // Fixed forever: changing the function would change every published id.
        assert_eq!(stable_id(""), "54xu4jzhiin3");
    }
}
