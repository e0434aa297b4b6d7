//! The plain data templates receive. Everything here is already localised and, for Markdown,
//! already turned into sanitised HTML; templates only arrange it.

use std::collections::HashMap;

use jiff::{Timestamp, civil::Date, tz::TimeZone};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::Serialize;

use crate::config::Config;
use crate::derive::{Derived, IncidentState, Phase};
use crate::markdown;
use crate::model::{ComponentStatus, Incident, Kind, Update};
use crate::render::i18n::{Strings, offset_text};
use crate::uptime::Uptime;

/// Characters escaped in a URL path segment (and all non-ASCII, which the encoder always escapes).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']')
    .add(b'\'');

/// One path segment (a slug), percent-encoded the same way everywhere it appears.
pub fn encode_segment(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// The URL path of an incident page, relative to the site root.
pub fn incident_path(slug: &str) -> String {
    format!("incidents/{}/", encode_segment(slug))
}

/// The URL path of a component page (`product` or `product/feature`), relative to the root.
pub fn component_path(reference: &str) -> String {
    format!("components/{reference}/")
}

/// The URL path of a month of history, relative to the root.
pub fn month_path(year: i16, month: i8) -> String {
    format!("history/{year:04}-{month:02}/")
}

/// A moment, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct TimeView {
    /// RFC 3339 with the site's offset, for `<time datetime>`.
    pub iso: String,
    /// Date and time in the locale's form, with the UTC offset.
    pub display: String,
    pub date: String,
    pub clock: String,
    pub approximate: bool,
}

/// A status word and its label in the site's language.
#[derive(Debug, Clone, Serialize)]
pub struct Label {
    pub key: &'static str,
    pub label: String,
}

/// Shared helpers for building views in one language and zone.
pub struct Views<'a> {
    pub config: &'a Config,
    pub strings: &'a Strings,
    pub(crate) counts: &'a crate::render::Counts,
}

impl Views<'_> {
    fn tz(&self) -> &TimeZone {
        &self.config.timezone
    }

    pub fn time(&self, at: Timestamp, approximate: bool) -> TimeView {
        let formats = self.strings.formats();
        let mark = |text: String| {
            if approximate {
                formats.approximate.replace("{}", &text)
            } else {
                text
            }
        };
        let zoned = at.to_zoned_datetime(self.tz().clone());
        let format = |format: &str| {
            jiff::fmt::strtime::format(format, &zoned).unwrap_or_else(|_| zoned.to_string())
        };
        TimeView {
            iso: crate::time::rfc3339(&zoned),
            display: mark(format!(
                "{} {}",
                format(&formats.datetime),
                offset_text(zoned.offset())
            )),
            date: format(&formats.date),
            clock: mark(format(&formats.time)),
            approximate,
        }
    }

    pub fn component_status(&self, status: ComponentStatus) -> Label {
        Label {
            key: status.as_str(),
            label: self.strings.label("status", status.as_str()),
        }
    }

    /// The display name of a component reference: "Product" or "Product · Feature".
    pub fn component_name(&self, reference: &str) -> String {
        match self.config.lookup(reference) {
            Some((pi, Some(fi))) => {
                let p = &self.config.products[pi];
                format!("{} · {}", p.name, p.features[fi].name)
            }
            Some((pi, None)) => self.config.products[pi].name.clone(),
            None => reference.to_string(),
        }
    }

    fn update(&self, u: &Update) -> UpdateView {
        UpdateView {
            status: Label {
                key: u.status.as_str(),
                label: self.strings.label("update", u.status.as_str()),
            },
            time: self.time(u.time.at, u.time.approximate),
            html: markdown::to_html(&u.body, self.config.allow_raw_html),
        }
    }

    /// The list-item view of an incident.
    pub fn card(&self, inc: &Incident, state: &IncidentState) -> IncidentCard {
        self.counts.card();
        let phase = match state.phase {
            Phase::Active => "active",
            Phase::Resolved => "resolved",
            Phase::Upcoming => "upcoming",
            Phase::InProgress => "in_progress",
            Phase::Completed => "completed",
        };
        let end = state.resolved_at;
        let live = matches!(
            state.phase,
            Phase::Active | Phase::InProgress | Phase::Upcoming
        );
        IncidentCard {
            slug: inc.slug.clone(),
            url: incident_path(&inc.slug),
            title: inc.title.clone(),
            kind: inc.kind.as_str(),
            phase,
            status: Label {
                key: state.status.as_str(),
                label: self.strings.label("update", state.status.as_str()),
            },
            impact: Label {
                key: state.impact.as_str(),
                label: self.strings.label("impact", state.impact.as_str()),
            },
            started: self.time(
                state.started_at,
                inc.updates
                    .first()
                    .is_some_and(|u| u.time.approximate && inc.started_override.is_none()),
            ),
            resolved: end.map(|t| {
                self.time(
                    t,
                    inc.updates
                        .last()
                        .is_some_and(|u| u.time.approximate && u.status.is_final()),
                )
            }),
            duration: end.map(|e| {
                self.strings
                    .format_duration(e.duration_since(state.started_at))
            }),
            window: inc.scheduled.map(|w| WindowView {
                start: self.time(w.start, false),
                end: self.time(w.end, false),
                duration: self.strings.format_duration(w.end.duration_since(w.start)),
            }),
            updated: self.time(state.updated_at, false),
            latest: if live {
                inc.updates.last().map(|u| self.update(u))
            } else {
                None
            },
            affected: inc
                .affected
                .iter()
                .map(|a| AffectedView {
                    component: a.component.clone(),
                    url: component_path(&a.component),
                    name: self.component_name(&a.component),
                    status: self.component_status(if inc.kind == Kind::Maintenance {
                        ComponentStatus::UnderMaintenance
                    } else {
                        a.status
                    }),
                })
                .collect(),
        }
    }

    /// What an incident's own page and feed item add to its card: all its Markdown,
    /// rendered (see [`crate::render::Renderer::full_view`]).
    pub fn body(&self, inc: &Incident) -> IncidentBody {
        self.counts.detail();
        let raw = self.config.allow_raw_html;
        IncidentBody {
            summary_html: markdown::to_html(&inc.summary, raw),
            updates: inc.updates.iter().rev().map(|u| self.update(u)).collect(),
            statements: inc
                .statements
                .iter()
                .map(|s| StatementView {
                    by: s.by.clone(),
                    channel: s.channel.clone(),
                    url: s.url.clone().filter(|u| is_web_url(u)),
                    time: self.time(s.time.at, s.time.approximate),
                    html: markdown::to_html(&unquote(&s.body), raw),
                })
                .collect(),
            sections: inc
                .sections
                .iter()
                .map(|s| SectionView {
                    title_html: markdown::inline_to_html(&s.title, raw),
                    html: markdown::to_html(&s.body, raw),
                })
                .collect(),
        }
    }

    /// The front page's and component pages' view of the catalogue.
    pub fn products(&self, site: &Derived) -> Vec<ProductView> {
        // Every component's bars cover the same days: format each date once.
        let date_format = self.strings.get("format.date");
        let mut labels = HashMap::new();
        for day in site.uptime.values().flat_map(|u| &u.days) {
            labels.entry(day.date).or_insert_with(|| {
                jiff::fmt::strtime::format(&date_format, day.date)
                    .unwrap_or_else(|_| day.date.to_string())
            });
        }
        self.config
            .products
            .iter()
            .zip(&site.products)
            .map(|(p, state)| ProductView {
                id: p.id.clone(),
                name: p.name.clone(),
                description: p.description.clone(),
                url: component_path(&p.id),
                status: self.component_status(state.status),
                uptime: site
                    .uptime
                    .get(&p.id)
                    .map(|u| self.uptime(site, u, &labels)),
                features: p
                    .features
                    .iter()
                    .zip(&state.features)
                    .map(|(f, &status)| FeatureView {
                        id: f.id.clone(),
                        reference: format!("{}/{}", p.id, f.id),
                        name: f.name.clone(),
                        description: f.description.clone(),
                        url: component_path(&format!("{}/{}", p.id, f.id)),
                        status: self.component_status(status),
                        uptime: site
                            .uptime
                            .get(&format!("{}/{}", p.id, f.id))
                            .map(|u| self.uptime(site, u, &labels)),
                    })
                    .collect(),
            })
            .collect()
    }
}

/// Whether a link from an incident file may be put in an `href`: only web links, never
/// `javascript:` or `data:`.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// A statement's words without the `>` quote markers its author may have written: the page
/// already shows it as a quotation.
fn unquote(markdown: &str) -> String {
    let quoted = markdown
        .lines()
        .filter(|l| !l.trim().is_empty())
        .all(|l| l.trim_start().starts_with('>'));
    if !quoted {
        return markdown.to_string();
    }
    markdown
        .lines()
        .map(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix('>').unwrap_or(l);
            l.strip_prefix(' ').unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Debug, Clone, Serialize)]
pub struct UpdateView {
    pub status: Label,
    pub time: TimeView,
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatementView {
    pub by: String,
    pub channel: Option<String>,
    pub url: Option<String>,
    pub time: TimeView,
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub title_html: String,
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AffectedView {
    pub component: String,
    pub url: String,
    pub name: String,
    pub status: Label,
}

#[derive(Debug, Clone, Serialize)]
pub struct WindowView {
    pub start: TimeView,
    pub end: TimeView,
    pub duration: String,
}

/// An incident in a list.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentCard {
    pub slug: String,
    /// Relative to the site root; prefix with the page's `root`.
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    /// active, resolved, upcoming, in_progress or completed.
    pub phase: &'static str,
    pub status: Label,
    pub impact: Label,
    pub started: TimeView,
    pub resolved: Option<TimeView>,
    pub duration: Option<String>,
    pub window: Option<WindowView>,
    pub updated: TimeView,
    /// The latest update, for incidents and maintenance that are not over.
    pub latest: Option<UpdateView>,
    pub affected: Vec<AffectedView>,
}

/// The parts of an incident's full view (its page, its feed item) that its card does not
/// have. Templates see both as one `incident`.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentBody {
    pub summary_html: String,
    /// Newest first.
    pub updates: Vec<UpdateView>,
    pub statements: Vec<StatementView>,
    pub sections: Vec<SectionView>,
}

impl Views<'_> {
    /// A component's uptime, ready to show as daily bars and window percentages. `labels`
    /// holds each day's date as shown.
    fn uptime(&self, site: &Derived, u: &Uptime, labels: &HashMap<Date, String>) -> UptimeView {
        let s = self.strings;
        let days = u
            .days
            .iter()
            .map(|d| {
                let m = &d.measured;
                let ratio = m.ratio();
                let level = if m.measured <= 0.0 && m.maintenance {
                    "maintenance"
                } else if ratio >= 1.0 {
                    if m.degraded { "degraded" } else { "ok" }
                } else if ratio >= 0.99 {
                    "minor"
                } else if ratio >= 0.95 {
                    "partial"
                } else {
                    "major"
                };
                let mut notes = Vec::new();
                if m.degraded {
                    notes.push(s.get("status.degraded_performance"));
                }
                if m.maintenance {
                    notes.push(s.get("kind.maintenance"));
                }
                DayView {
                    date: labels[&d.date].clone(),
                    iso: d.date.to_string(),
                    level,
                    percent: percent(ratio),
                    note: notes.join(" · "),
                    // Indexes run newest first.
                    incidents: d
                        .incidents
                        .iter()
                        .map(|&i| site.incidents[i].title.clone())
                        .collect(),
                }
            })
            .collect();
        let windows = u
            .windows
            .iter()
            .map(|(days, m)| WindowUptime {
                label: s.get(&format!("uptime.window_{days}")),
                percent: percent(m.ratio()),
            })
            .collect();
        UptimeView {
            days_count: u.days.len(),
            days,
            windows,
        }
    }
}

/// An uptime ratio as a percentage, rounded down so that a bad minute never shows as 100%.
pub fn percent(ratio: f64) -> String {
    if ratio >= 1.0 {
        return "100%".into();
    }
    let hundredths = (ratio * 10_000.0).floor() / 100.0;
    format!("{hundredths:.2}%")
}

#[derive(Debug, Clone, Serialize)]
pub struct UptimeView {
    pub days_count: usize,
    /// Oldest first.
    pub days: Vec<DayView>,
    /// 24 hours, 7, 30, 90 days.
    pub windows: Vec<WindowUptime>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DayView {
    pub date: String,
    pub iso: String,
    /// ok, degraded, minor, partial, major or maintenance.
    pub level: &'static str,
    pub percent: String,
    pub note: String,
    /// Titles of the incidents that touched the day.
    pub incidents: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WindowUptime {
    pub label: String,
    pub percent: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeatureView {
    pub id: String,
    pub reference: String,
    pub name: String,
    pub description: Option<String>,
    pub url: String,
    pub status: Label,
    pub uptime: Option<UptimeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProductView {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub url: String,
    pub status: Label,
    pub uptime: Option<UptimeView>,
    pub features: Vec<FeatureView>,
}
