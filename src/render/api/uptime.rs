//! `api/uptime.json`: every component's uptime windows and daily history (see docs/uptime.md).
//!
//! Built as borrowed structs rather than a `Value` tree: on a large site this is the biggest
//! file of the API (90 days of every component) and is rewritten on every rebuild. Fields are
//! in alphabetical order, as serde_json writes the keys of every other object in the API.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::Api;
use crate::config::ComponentRef;
use crate::ids::Key;
use crate::uptime::{Day, Uptime};

#[derive(Serialize)]
pub(super) struct UptimeFile<'a> {
    components: Vec<ComponentUptime>,
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
    /// The whole uptime file, components in catalogue order.
    pub(super) fn uptime<'b>(&'b self, page: &'b Value) -> UptimeFile<'b> {
        let rules = &self.config.uptime;
        let components = self
            .config
            .components()
            .enumerate()
            .filter_map(|(i, c)| {
                let u = self.site.uptime.get(&c)?;
                Some(self.component_uptime(c, i + 1, u))
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
