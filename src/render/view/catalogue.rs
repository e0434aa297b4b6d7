//! The views of the component catalogue: each product and feature with its status and its
//! uptime bars, as the front page and the component pages show them.

use std::collections::HashMap;
use std::hash::Hasher;

use jiff::civil::Date;
use serde::Serialize;

use super::{Label, Views};
use crate::config::ComponentRef;
use crate::derive::Derived;
use crate::model::ComponentStatus;
use crate::render::per_incident::PerIncident;
use crate::render::written::hash_serialized;
use crate::uptime::{self, Day, Measured, Uptime, WHOLE};
use crate::urls::{component_path, incident_path};
use key::uptime_key;

mod key;

/// A component's uptime, as daily bars and window percentages.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UptimeView {
    pub days_count: usize,
    /// Oldest first.
    pub days: Vec<DayView>,
    /// How many days had anything in them (a status other than operational, an incident):
    /// the rows of the component page's day list.
    pub eventful: usize,
    /// 24 hours, 7, 30, 90 days.
    pub windows: Vec<WindowUptime>,
}

/// One day's bar, and its row in the component page's day list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DayView {
    pub date: String,
    pub iso: String,
    /// The worst status of the day as the legend's class: ok, maintenance, degraded, partial
    /// or major.
    pub level: &'static str,
    /// The worst status of the day, as the status labels show it.
    pub status: Label,
    pub percent: String,
    /// Today's: "so far (00:00–12:24)", the part of the day measured.
    pub so_far: Option<String>,
    /// The worst status's word, and maintenance when there was some as well.
    pub note: String,
    /// How long the component spent in each status other than operational, worst first.
    pub times: Vec<StatusTime>,
    /// The weighted down time ("2 h 10 min"), when there was any.
    pub down: Option<String>,
    /// The incidents that touched the day, newest first.
    pub incidents: Vec<DayIncident>,
}

/// Time spent in one status during a day ("Partial outage", "2 h 10 min").
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StatusTime {
    pub label: String,
    pub time: String,
}

/// An incident that touched a day, to link to.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DayIncident {
    pub title: String,
    pub url: String,
}

/// The uptime over one window ("Last 7 days").
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WindowUptime {
    pub label: String,
    pub percent: String,
}

/// A feature of a product.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FeatureView {
    pub id: String,
    pub reference: String,
    pub name: String,
    pub description: Option<String>,
    pub url: String,
    pub status: Label,
    /// Whether lists show it: `only_show_if_degraded` hides it while it is operational.
    pub listed: bool,
}

/// A product and its features.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProductView {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub url: String,
    pub status: Label,
    /// Its template value carries them (see [`Catalogue`]).
    #[serde(skip)]
    pub features: Vec<FeatureView>,
    /// Whether the front page lists it: `only_show_if_degraded` hides it while it is
    /// operational.
    pub listed: bool,
    /// Whether its features are shown unfolded: when any of them is not operational.
    pub unfolded: bool,
    /// How many of its features are `listed`.
    pub listed_features: usize,
}

/// The catalogue as the front page and the component pages get it: each product's and
/// feature's view, and their template values with their uptime (`uptime`, none when
/// `hide_uptime` is set) and, for a product, its features (`features`).
pub(crate) struct Catalogue {
    pub views: Vec<ProductView>,
    pub products: Vec<tera::Value>,
    /// Parallel to `views[p].features`.
    pub features: Vec<Vec<tera::Value>>,
    /// What the values show, as a key (`render::written`): the views, each uptime's key.
    pub key: u64,
}

/// Each component's uptime as a template value, by component reference, from earlier
/// renders: 90 days of bars are most of the catalogue's cost, and one change touches the
/// uptime of few components (see [`uptime_key`]).
pub(crate) type UptimeCache = PerIncident<tera::Value>;

impl Views<'_> {
    /// The front page's and component pages' catalogue, taking from `cache` the uptime of
    /// every component whose bars did not change.
    pub(crate) fn catalogue(&self, site: &Derived, cache: &UptimeCache) -> Catalogue {
        let labels = std::cell::OnceCell::new();
        let year = self.now_year;
        let mut key = crate::render::written::hasher();
        let mut uptime = |c: ComponentRef, hidden: bool| {
            let Some(u) = site.uptime.get(&c).filter(|_| !hidden) else {
                key.write_u8(0);
                return tera::Value::none();
            };
            let reference = self.config.reference(c);
            let shown = uptime_key(site, u, year);
            key.write_u64(shown);
            cache.get_or(&reference, shown, || {
                self.counts.uptime_view();
                let labels = labels.get_or_init(|| self.day_labels(site));
                tera::Value::from_serializable(&self.uptime(site, u, labels))
            })
        };
        let views = self.products(site);
        let mut products = Vec::with_capacity(views.len());
        let mut features = Vec::with_capacity(views.len());
        for (pi, (view, p)) in views.iter().zip(&self.config.products).enumerate() {
            let values: Vec<tera::Value> = view
                .features
                .iter()
                .zip(&p.features)
                .enumerate()
                .map(|(fi, (f, config))| {
                    let c = ComponentRef {
                        product: pi,
                        feature: Some(fi),
                    };
                    with(f, [("uptime", uptime(c, config.hide_uptime))])
                })
                .collect();
            let own = uptime(ComponentRef::product(pi), p.hide_uptime);
            products.push(with(
                view,
                [
                    ("uptime", own),
                    ("features", tera::Value::from(values.clone())),
                ],
            ));
            features.push(values);
        }
        for view in &views {
            hash_serialized(&mut key, view);
            hash_serialized(&mut key, &view.features);
        }
        Catalogue {
            views,
            products,
            features,
            key: key.finish(),
        }
    }

    /// Each product's and feature's view, without uptime.
    fn products(&self, site: &Derived) -> Vec<ProductView> {
        self.config
            .products
            .iter()
            .zip(&site.products)
            .enumerate()
            .map(|(pi, (p, state))| {
                let features: Vec<FeatureView> = p
                    .features
                    .iter()
                    .zip(&state.features)
                    .enumerate()
                    .map(|(fi, (f, &status))| {
                        let c = ComponentRef {
                            product: pi,
                            feature: Some(fi),
                        };
                        let reference = self.config.reference(c);
                        FeatureView {
                            id: f.id.clone(),
                            name: f.name.clone(),
                            description: f.description.clone(),
                            url: component_path(&reference),
                            status: self.component_status(status),
                            listed: listed(f.only_show_if_degraded, status),
                            reference,
                        }
                    })
                    .collect();
                ProductView {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    description: p.description.clone(),
                    url: component_path(&p.id),
                    status: self.component_status(state.status),
                    listed: listed(p.only_show_if_degraded, state.status),
                    unfolded: state
                        .features
                        .iter()
                        .any(|&s| s != ComponentStatus::Operational),
                    listed_features: features.iter().filter(|f| f.listed).count(),
                    features,
                }
            })
            .collect()
    }

    /// Every day of the uptime bars, as shown. Every component's bars cover the same days:
    /// each date is formatted once, not once per component.
    fn day_labels(&self, site: &Derived) -> HashMap<Date, String> {
        let date_format = self.strings.get("format.date");
        let mut labels = HashMap::new();
        for day in site.uptime.values().flat_map(|u| &u.days) {
            labels.entry(day.date).or_insert_with(|| {
                self.strings
                    .strftime(&date_format, day.date)
                    .unwrap_or_else(|_| day.date.to_string())
            });
        }
        labels
    }

    /// A component's uptime, ready to show as daily bars and window percentages. `labels`
    /// holds each day's date as shown.
    fn uptime(&self, site: &Derived, u: &Uptime, labels: &HashMap<Date, String>) -> UptimeView {
        let days: Vec<DayView> = u.days.iter().map(|d| self.day(site, d, labels)).collect();
        let windows = u
            .windows
            .iter()
            .map(|(days, m)| WindowUptime {
                label: self.strings.get(&format!("uptime.window_{days}")),
                percent: self.percent(m.millionths()),
            })
            .collect();
        UptimeView {
            days_count: u.days.len(),
            eventful: days
                .iter()
                .filter(|d| d.level != "ok" || !d.incidents.is_empty())
                .count(),
            days,
            windows,
        }
    }

    /// One day's bar: coloured by the worst status of the day, its percentage second.
    fn day(&self, site: &Derived, d: &Day, labels: &HashMap<Date, String>) -> DayView {
        let m = &d.measured;
        let mut notes = Vec::new();
        if m.worst != ComponentStatus::Operational {
            notes.push(self.component_status(m.worst).label);
        }
        if m.maintenance && m.worst != ComponentStatus::UnderMaintenance {
            notes.push(self.strings.get("kind.maintenance"));
        }
        let so_far = d.so_far.then(|| {
            self.strings
                .get("uptime.so_far")
                .replace("{from}", &self.time(d.from, false).clock)
                .replace("{to}", &self.time(d.until, false).clock)
        });
        DayView {
            date: labels[&d.date].clone(),
            iso: d.date.to_string(),
            level: level(m.worst),
            status: self.component_status(m.worst),
            percent: self.percent(m.millionths()),
            so_far,
            note: notes.join(" · "),
            times: self.status_times(m),
            down: (m.down > 0).then(|| self.span_text(m.down / WHOLE)),
            incidents: d
                .incidents
                .iter()
                .map(|&i| DayIncident {
                    title: site.incidents[i].title.clone(),
                    url: incident_path(&site.incidents[i].slug),
                })
                .collect(),
        }
    }

    /// The time `m` spent in each status other than operational, worst first.
    fn status_times(&self, m: &Measured) -> Vec<StatusTime> {
        const WORST_FIRST: [ComponentStatus; 4] = [
            ComponentStatus::MajorOutage,
            ComponentStatus::PartialOutage,
            ComponentStatus::DegradedPerformance,
            ComponentStatus::UnderMaintenance,
        ];
        WORST_FIRST
            .into_iter()
            .filter(|&s| m.time_in(s) > 0)
            .map(|s| StatusTime {
                label: self.component_status(s).label,
                time: self.span_text(m.time_in(s)),
            })
            .collect()
    }

    /// An uptime as the pages print it: a percentage with two decimals, rounded down so that
    /// a bad minute never shows as 100% (the rounding is [`uptime::percent`]'s, in decimal),
    /// in the language's way ("99.95%", "99,95 %").
    fn percent(&self, millionths: u64) -> String {
        if millionths >= uptime::WHOLE {
            return self.strings.percent("100");
        }
        self.strings.percent(&uptime::percent(millionths, 2))
    }

    /// `millis` as the pages write a duration ("2 h 10 min", "under a minute").
    fn span_text(&self, millis: u64) -> String {
        let millis = i64::try_from(millis).unwrap_or(i64::MAX);
        self.strings
            .format_duration(jiff::SignedDuration::from_millis(millis))
    }
}

/// `view` as a template value with `extra` keys added.
fn with<const N: usize>(
    view: &impl Serialize,
    extra: [(&'static str, tera::Value); N],
) -> tera::Value {
    let mut map = tera::Value::from_serializable(view)
        .into_map()
        .expect("a view is a map");
    for (key, value) in extra {
        map.insert(key.into(), value);
    }
    tera::Value::from(map)
}

/// Whether lists show a component: always, or only while it is not operational.
fn listed(only_if_degraded: bool, status: ComponentStatus) -> bool {
    !only_if_degraded || status != ComponentStatus::Operational
}

/// The colour class of a day's bar: the legend's name for the worst status of the day.
fn level(worst: ComponentStatus) -> &'static str {
    match worst {
        ComponentStatus::Operational => "ok",
        ComponentStatus::UnderMaintenance => "maintenance",
        ComponentStatus::DegradedPerformance => "degraded",
        ComponentStatus::PartialOutage => "partial",
        ComponentStatus::MajorOutage => "major",
    }
}
