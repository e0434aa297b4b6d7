//! One event as words, before any target's format: a headline, the incident's title, what
//! changed, the text, the link, in the site's language (English or Simplified Chinese). Each
//! target turns this into its own format and escapes it its own way (`targets/`).

use jiff::SignedDuration;

use super::events::{Event, EventKind};
use crate::config::Config;
use crate::derive::Derived;
use crate::markdown;
use crate::model::{ComponentStatus, Incident, Kind, UpdateStatus};
use crate::render::urls::incident_url;

/// An event put into words. Every text field is plain text (no markup): targets escape it.
#[derive(Debug, Clone)]
pub struct Message {
    pub event_id: String,
    pub kind: EventKind,
    /// The same update or statement was announced before with other words.
    pub correction: bool,
    pub zh: bool,
    pub incident_slug: String,
    pub incident_kind: Kind,
    pub title: String,
    /// What happened, in a few words: "Identified", "Maintenance started", "Statement: WeChat team".
    pub headline: String,
    /// The status word (Statuspage's), when the event has one.
    pub status: Option<&'static str>,
    /// "Product · Feature: old → new", one per component; for events without changes, the
    /// components the incident affects.
    pub components: Vec<String>,
    pub body: String,
    pub url: String,
    /// Local time in the site's zone, as people read it: `2026-11-29 10:00 (+08:00)`.
    pub when: String,
    /// RFC 3339 in the site's zone.
    pub time: String,
    pub site_title: String,
}

impl Message {
    /// `[Correction] Identified: Login failures (WeChat · Login)`: a subject line or title.
    pub fn subject(&self) -> String {
        let mut s = String::new();
        if self.correction {
            s.push_str(if self.zh {
                "【更正】"
            } else {
                "[Correction] "
            });
        }
        s.push_str(&self.headline);
        s.push_str(if self.zh { "：" } else { ": " });
        s.push_str(&self.title);
        if let Some(first) = self.components.first() {
            let name = first.split(": ").next().unwrap_or(first);
            let more = if self.components.len() > 1 {
                " …"
            } else {
                ""
            };
            s.push_str(&format!(" ({name}{more})"));
        }
        s
    }

    /// The link's words.
    pub fn link_text(&self) -> &'static str {
        if self.zh {
            "查看详情"
        } else {
            "View on the status page"
        }
    }

    /// All of it as plain text, for plain-text targets and the text part of a mail.
    pub fn plain(&self) -> String {
        let mut out = format!("{}\n{}\n", self.subject(), self.when);
        for c in &self.components {
            out.push_str(&format!("- {c}\n"));
        }
        if !self.body.is_empty() {
            out.push('\n');
            out.push_str(&self.body);
            out.push('\n');
        }
        out.push_str(&format!("\n{}: {}\n", self.link_text(), self.url));
        out
    }
}

/// Puts `event` of `site` into words.
pub fn compose(
    config: &Config,
    site: &Derived,
    event: &Event,
    correction: bool,
    lead: SignedDuration,
) -> Message {
    let inc = &site.incidents[event.incident];
    let zh = config.language.starts_with("zh");
    let components = component_lines(config, site, event, zh);
    let (headline, body) = words(inc, event.kind, lead, zh);
    let zoned = event.time.to_zoned_datetime(config.timezone.clone());
    Message {
        event_id: event.id.clone(),
        kind: event.kind,
        correction,
        zh,
        incident_slug: inc.slug.clone(),
        incident_kind: inc.kind,
        title: markdown::plain(&inc.title).into_owned(),
        headline,
        status: event.status.map(|s| s.as_str()),
        components,
        body,
        url: incident_url(&config.base_url, &inc.slug),
        when: zoned.strftime("%Y-%m-%d %H:%M (%:z)").to_string(),
        time: crate::time::rfc3339(&zoned),
        site_title: markdown::plain(&config.title).into_owned(),
    }
}

/// "Component: old → new" per change; without changes, each component of the incident with
/// its status now.
fn component_lines(config: &Config, site: &Derived, event: &Event, zh: bool) -> Vec<String> {
    let inc = &site.incidents[event.incident];
    let name = |c| config.full_name(c);
    let mut components: Vec<String> = event
        .changes
        .iter()
        .map(|c| {
            format!(
                "{}: {} → {}",
                name(c.component),
                component_word(c.old, zh),
                component_word(c.new, zh)
            )
        })
        .collect();
    if components.is_empty() {
        components = crate::history::components(inc)
            .map(|c| {
                let status = inc.kind.shown_status(site.status_of(c));
                format!("{}: {}", name(c), component_word(status, zh))
            })
            .collect();
    }
    components
}

/// The headline and the text of an event.
fn words(inc: &Incident, kind: EventKind, lead: SignedDuration, zh: bool) -> (String, String) {
    match kind {
        EventKind::Update(n) => (
            status_word(inc.updates[n].status, zh).to_string(),
            markdown::to_plain_text(&inc.updates[n].body),
        ),
        EventKind::Statement(n) => {
            let s = &inc.statements[n];
            let by = markdown::plain(&s.by).into_owned();
            let headline = if zh {
                format!("声明：{by}")
            } else {
                format!("Statement: {by}")
            };
            (headline, markdown::to_plain_text(&s.body))
        }
        EventKind::Reminder => {
            let mins = lead.as_mins();
            (
                if zh {
                    format!("维护将在 {mins} 分钟后开始")
                } else {
                    format!("Maintenance starts in {mins} minutes")
                },
                String::new(),
            )
        }
        EventKind::Started => (
            (if zh {
                "维护已开始"
            } else {
                "Maintenance started"
            })
            .into(),
            String::new(),
        ),
        EventKind::Ended => (
            (if zh {
                "维护已结束"
            } else {
                "Maintenance completed"
            })
            .into(),
            String::new(),
        ),
    }
}

/// A timeline status in words.
pub fn status_word(s: UpdateStatus, zh: bool) -> &'static str {
    use UpdateStatus as U;
    match (s, zh) {
        (U::Investigating, false) => "Investigating",
        (U::Identified, false) => "Identified",
        (U::Monitoring, false) => "Monitoring",
        (U::Resolved, false) => "Resolved",
        (U::Scheduled, false) => "Scheduled",
        (U::InProgress, false) => "In progress",
        (U::Verifying, false) => "Verifying",
        (U::Completed, false) => "Completed",
        (U::Investigating, true) => "调查中",
        (U::Identified, true) => "已定位",
        (U::Monitoring, true) => "观察中",
        (U::Resolved, true) => "已解决",
        (U::Scheduled, true) => "已计划",
        (U::InProgress, true) => "进行中",
        (U::Verifying, true) => "验证中",
        (U::Completed, true) => "已完成",
    }
}

/// A component status in words.
pub fn component_word(s: ComponentStatus, zh: bool) -> &'static str {
    use ComponentStatus as C;
    match (s, zh) {
        (C::Operational, false) => "operational",
        (C::UnderMaintenance, false) => "under maintenance",
        (C::DegradedPerformance, false) => "degraded performance",
        (C::PartialOutage, false) => "partial outage",
        (C::MajorOutage, false) => "major outage",
        (C::Operational, true) => "正常",
        (C::UnderMaintenance, true) => "维护中",
        (C::DegradedPerformance, true) => "性能下降",
        (C::PartialOutage, true) => "部分中断",
        (C::MajorOutage, true) => "严重中断",
    }
}
