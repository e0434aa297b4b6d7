//! `api/uptime.json`: every component's uptime windows and daily history (see docs/uptime.md).
//!
//! Built as borrowed structs rather than a `Value` tree: on a large site this is the biggest
//! file of the API (90 days of every component) and is rewritten on every rebuild. Each
//! component's part is written once and kept ([`UptimeParts`]) while what it shows is the
//! same: an edit changes the days of few components. Fields are in alphabetical order, as
//! serde_json writes the keys of every other object in the API.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use super::Api;
use crate::config::ComponentRef;
use crate::ids::Key;
use crate::json::{json_bytes, json_fragment};
use crate::render::reuse::{Counts, PerIncident};
use crate::uptime::{Day, Uptime};

/// Each component's part of the file (its object as the file writes it), by reference, from
/// earlier renders.
pub(crate) type UptimeParts = PerIncident<Arc<[u8]>>;

/// The file with its components left out (an empty list), which [`Api::uptime_file`] puts in.
#[derive(Serialize)]
struct UptimeFile<'a> {
    components: [(); 0],
    page: &'a Value,
    rules: UptimeRules,
}

/// How the file begins while its components list is empty: the list is the first key.
const EMPTY_LIST: &[u8] = b"{\n  \"components\": []";

#[derive(Serialize)]
struct UptimeRules {
    days: u32,
    degraded_performance_weight: f64,
    maintenance: &'static str,
    major_outage_weight: f64,
    partial_outage_weight: f64,
}

#[derive(Serialize)]
struct ComponentUptime {
    days: Vec<UptimeDay>,
    id: String,
    name: String,
    position: usize,
    reference: String,
    /// "24h", "7d", … in key order.
    uptime: BTreeMap<String, f64>,
}

#[derive(Serialize)]
struct UptimeDay {
    date: String,
    degraded: bool,
    down_seconds: f64,
    incidents: Vec<String>,
    maintenance: bool,
    measured_seconds: u64,
    status: &'static str,
    uptime: f64,
}

/// An uptime in millionths as a percentage with four decimals. The rounding (down) is done in
/// integers; the number written is that decimal exactly (`n / 10⁴` is the double nearest
/// to it, and serde_json writes the shortest text that reads back as that double), so exactly
/// 10 % is written 10.0, never 9.9999.
fn pct(millionths: u64) -> f64 {
    millionths as f64 / 10_000.0
}

impl Api<'_> {
    /// The whole uptime file, components in catalogue order, each taken from `parts` while
    /// what it shows is the same (the others built and counted in `counts`).
    pub(super) fn uptime_file(
        &self,
        page: &Value,
        parts: &UptimeParts,
        counts: &Counts,
    ) -> Vec<u8> {
        let components: Vec<Arc<[u8]>> = (self.config.components().enumerate())
            .filter_map(|(i, c)| {
                let u = self.site.uptime.get(&c)?;
                let reference = self.config.reference(c);
                let key = self.part_key(i + 1, u);
                Some(parts.get_or(&reference, key, || {
                    counts.api_uptime_part();
                    // An element of the list that is the top object's member: two levels deep.
                    json_fragment(&self.component_uptime(c, i + 1, u), 2).into()
                }))
            })
            .collect();
        let without = json_bytes(&self.uptime_without_components(page));
        let rest = without
            .strip_prefix(EMPTY_LIST)
            .expect("the components list is the file's first key");
        if components.is_empty() {
            return without;
        }
        let size = components.iter().map(|p| p.len() + 6).sum::<usize>() + without.len();
        let mut out = Vec::with_capacity(size);
        out.extend_from_slice(&EMPTY_LIST[..EMPTY_LIST.len() - 1]);
        for (n, part) in components.iter().enumerate() {
            out.extend_from_slice(if n == 0 { b"\n    " } else { b",\n    " });
            out.extend_from_slice(part);
        }
        out.extend_from_slice(b"\n  ]");
        out.extend_from_slice(rest);
        out
    }

    /// What the part of the component at `position` shows, as a cache key: its days' dates
    /// and figures, the incidents listed on each (by slug: ids are made from slugs), and its
    /// windows' figures. Its name and ids come from the config, which the caches outlive not.
    fn part_key(&self, position: usize, u: &Uptime) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        position.hash(&mut h);
        for d in &u.days {
            let m = &d.measured;
            let figures = (m.down, m.measured, m.degraded, m.maintenance, m.worst);
            (d.date, figures, m.per_status, d.incidents.len()).hash(&mut h);
            for &i in &d.incidents {
                self.site.incidents[i].slug.hash(&mut h);
            }
        }
        for (days, m) in &u.windows {
            (days, m.millionths()).hash(&mut h);
        }
        h.finish()
    }

    /// The file but for its components (an empty list).
    fn uptime_without_components<'b>(&self, page: &'b Value) -> UptimeFile<'b> {
        let rules = &self.config.uptime;
        UptimeFile {
            components: [],
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

    fn component_uptime(&self, c: ComponentRef, position: usize, u: &Uptime) -> ComponentUptime {
        let uptime = u
            .windows
            .iter()
            .map(|(days, m)| {
                let key = if *days == 1 {
                    "24h".to_string()
                } else {
                    format!("{days}d")
                };
                (key, pct(m.millionths()))
            })
            .collect();
        ComponentUptime {
            days: u.days.iter().map(|d| self.uptime_day(d)).collect(),
            id: self.component_id(c),
            name: self.component_name(c),
            position,
            reference: self.config.reference(c),
            uptime,
        }
    }

    fn uptime_day(&self, d: &Day) -> UptimeDay {
        UptimeDay {
            date: d.date.to_string(),
            degraded: d.measured.degraded,
            // Exact in tenths, written like `pct`.
            down_seconds: d.measured.down_tenths() as f64 / 10.0,
            incidents: d
                .incidents
                .iter()
                .map(|&i| Key::Incident(&self.site.incidents[i].slug).stable_id())
                .collect(),
            maintenance: d.measured.maintenance,
            measured_seconds: d.measured.measured_seconds(),
            status: d.measured.worst.as_str(),
            uptime: pct(d.measured.millionths()),
        }
    }
}
