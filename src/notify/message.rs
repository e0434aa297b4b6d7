//! One event as words, before any target's format: a headline, the incident's title, what
//! changed, the text, the link, in the target's language: every word comes from the theme's
//! language files (`crate::i18n`, the `notify` and `update` keys), as the pages' words do; the
//! names, the title and the link from that language's tree and the incident's words from its
//! translation (`super::language`), with a note before any text still in the original
//! (`untranslated`). Each target turns this into its own format and escapes it its own way
//! (`targets/`).
//!
//! Every fact a message states is the page's at the event's time (`derive::Past`): the
//! components' statuses, the incident's status, the page indicator. A run that picks up an
//! entry hours later still says what the page said when the entry was written.

mod untranslated;

use jiff::{SignedDuration, Timestamp};

use crate::config::Config;
use crate::derive::{Derived, Past, Statuses};
use crate::events::{ComponentChange, Event, EventKind};
use crate::i18n::{Strings, fill};
use crate::markdown;
use crate::model::{ComponentStatus, Impact, Incident, Kind, UpdateStatus, Window};
use crate::urls::incident_url;

/// An event put into words. Every text field is plain text (no markup): targets escape it.
#[derive(Debug, Clone)]
pub(crate) struct Message {
    pub event_id: String,
    pub kind: EventKind,
    /// The same update or statement was announced before with other words.
    pub correction: bool,
    /// The words a target puts around the facts.
    pub words: Words,
    pub incident_kind: Kind,
    pub title: String,
    /// What happened, in a few words: "Identified", "Maintenance started", "Statement: WeChat team".
    pub headline: String,
    /// The status word (Statuspage's), when the event has one.
    pub status: Option<&'static str>,
    /// One per component of the incident, with its status on the page at the event's time:
    /// "Product · Feature: old → new" when it changed at that instant, else
    /// "Product · Feature: status".
    pub components: Vec<String>,
    /// For maintenance, the window first; then the entry's text (`blocks` joined by a blank
    /// line).
    pub body: String,
    /// The body's parts, each with the language it is in when that is not the message's (an
    /// untranslated original), so a format that can say so (the HTML mail) marks it.
    pub blocks: Vec<Block>,
    pub url: String,
    /// When it happened (a reminder: when it is sent), local time in the site's zone, as
    /// people read it: `2026-11-29 10:00 (+08:00)`.
    pub when: String,
    /// RFC 3339 in the site's zone.
    pub time: String,
    pub site_title: String,
    /// The page at the event's time, for the webhook's Statuspage-shaped facts.
    pub page: PageAt,
}

/// A part of a message's text: the window, the "not yet translated" note, the entry's text.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub text: String,
    /// The language of `text` when it is not the message's: an original shown untranslated.
    pub lang: Option<String>,
}

/// The words around a message's facts, in the message's language (`notify.*` of its language file).
#[derive(Debug, Clone)]
pub(crate) struct Words {
    /// The message's language tag, for `lang` and `Content-Language`.
    pub language: String,
    /// Before a correction's subject: "[Correction] ".
    pub correction: String,
    /// The subject's pattern: "{headline}: {title}".
    pub subject: String,
    /// The link's words.
    pub link: String,
    /// The unsubscribe link's words.
    pub unsubscribe: String,
}

impl Words {
    fn new(strings: &Strings, language: &str) -> Words {
        Words {
            language: language.to_string(),
            correction: strings.get("notify.correction"),
            subject: strings.get("notify.subject"),
            link: strings.get("notify.link"),
            unsubscribe: strings.get("notify.unsubscribe"),
        }
    }
}

/// What the page showed at the event's time.
#[derive(Debug, Clone)]
pub(crate) struct PageAt {
    /// The incident's status then (an entry written later does not count).
    pub incident_status: UpdateStatus,
    pub impact: Impact,
    /// The worst status on the page then: `ComponentStatus::page_indicator`.
    pub overall: ComponentStatus,
    /// The incident's components whose status on the page changed at that instant.
    pub changes: Vec<ComponentChange>,
    /// RFC 3339: when the incident was first published (the API's `created_at`).
    pub created_at: String,
    /// A maintenance's window as the event announced it (the one its message states).
    pub window: Option<Window>,
}

impl Message {
    /// `[Correction] Identified: Login failures (WeChat · Login)`: a subject line or title.
    pub(crate) fn subject(&self) -> String {
        let mut s = String::new();
        if self.correction {
            s.push_str(&self.words.correction);
        }
        let values = [("headline", self.headline.as_str()), ("title", &self.title)];
        s.push_str(&fill(&self.words.subject, &values));
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
    pub(crate) fn link_text(&self) -> &str {
        &self.words.link
    }

    /// All of it as plain text, for plain-text targets and the text part of a mail.
    pub(crate) fn plain(&self) -> String {
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

/// Puts `event` of `site` into words (`config`, `strings`, `site`: the tree, the words and the
/// incidents of one language), with the facts of `past` at the event's time.
pub(crate) fn compose(
    config: &Config,
    strings: &Strings,
    site: &Derived,
    past: &Past,
    event: &Event,
    correction: bool,
) -> Message {
    let inc = &site.incidents[event.incident];
    // A reminder speaks at its sending (it says the time left then); every other event at
    // its own time.
    let at = match event.kind {
        EventKind::Reminder => site.now.max(event.time),
        _ => event.time,
    };
    let before = at.checked_sub(SignedDuration::from_nanos(1));
    let then = past.statuses(at);
    let changes = page_changes(inc, &past.statuses(before.unwrap_or(at)), &then);
    let (headline, text) = words(strings, inc, event.kind, site.now);
    // The window as the event announced it: an entry's, as it stood at that entry; a moment's,
    // as it stood then.
    let window = match event.kind {
        EventKind::Update(n) => inc.window_at_entry(n),
        _ => inc.window_at(at),
    };
    let window_block = window.map(|w| Block {
        text: window_words(config, strings, w),
        lang: None,
    });
    let blocks: Vec<Block> = window_block
        .into_iter()
        .chain(untranslated::blocks(strings, inc, event.kind, text))
        .filter(|b| !b.text.is_empty())
        .collect();
    let body = blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let state = past.incident(event.incident, at);
    let zone = |t: Timestamp| crate::time::rfc3339(&t.to_zoned_datetime(config.timezone.clone()));
    let zoned = at.to_zoned_datetime(config.timezone.clone());
    Message {
        event_id: event.id.clone(),
        kind: event.kind,
        correction,
        words: Words::new(strings, &config.language),
        incident_kind: inc.kind,
        title: markdown::plain(&inc.title).into_owned(),
        headline,
        status: event.status.map(UpdateStatus::statuspage_word),
        components: component_lines(config, strings, inc, &changes, &then),
        body,
        blocks,
        url: incident_url(&config.base_url, &inc.slug),
        when: zoned.strftime("%Y-%m-%d %H:%M (%:z)").to_string(),
        time: crate::time::rfc3339(&zoned),
        site_title: markdown::plain(&config.title).into_owned(),
        page: PageAt {
            incident_status: state.status,
            impact: state.impact,
            overall: then.overall,
            changes,
            created_at: zone(state.created_at),
            window,
        },
    }
}

/// The components of `inc` whose status on the page differs between `before` and `then`.
fn page_changes(inc: &Incident, before: &Statuses, then: &Statuses) -> Vec<ComponentChange> {
    crate::history::components(inc)
        .map(|c| ComponentChange {
            component: c,
            old: before.status_of(c),
            new: then.status_of(c),
        })
        .filter(|c| c.old != c.new)
        .collect()
}

/// Each component of `inc` with its status on the page then: "old → new" where it changed
/// at that instant.
fn component_lines(
    config: &Config,
    strings: &Strings,
    inc: &Incident,
    changes: &[ComponentChange],
    then: &Statuses,
) -> Vec<String> {
    crate::history::components(inc)
        .map(|c| {
            let name = config.full_name(c);
            match changes.iter().find(|ch| ch.component == c) {
                Some(ch) => format!(
                    "{name}: {} → {}",
                    component_word(strings, ch.old),
                    component_word(strings, ch.new)
                ),
                None => format!("{name}: {}", component_word(strings, then.status_of(c))),
            }
        })
        .collect()
}

/// The window in the site's zone and as absolute times: "Window: 2026-11-01 00:30 –
/// 2026-11-01 03:00 America/New_York (2026-11-01T00:30:00-04:00 to …)".
fn window_words(config: &Config, strings: &Strings, w: Window) -> String {
    let zoned = |t: Timestamp| t.to_zoned_datetime(config.timezone.clone());
    let (start, end) = (zoned(w.start), zoned(w.end));
    let local = |z: &jiff::ZonedDateTime| z.strftime("%Y-%m-%d %H:%M").to_string();
    let (a, b) = (local(&start), local(&end));
    let (ra, rb) = (crate::time::rfc3339(&start), crate::time::rfc3339(&end));
    let values = [
        ("start", a.as_str()),
        ("end", &b),
        ("zone", &config.timezone_name),
        ("start_exact", &ra),
        ("end_exact", &rb),
    ];
    strings.fill("notify.window", &values)
}

/// "50 minutes", "1 hour 5 minutes", "2 小时"; whole minutes, rounded up (a reminder sent
/// 49 min 30 s before says 50).
fn time_left(strings: &Strings, left: SignedDuration) -> String {
    let mins = (left.as_secs().max(1) + 59) / 60;
    let (h, m) = (mins / 60, mins % 60);
    let count = |n: i64, unit: &str| {
        let key = if n == 1 {
            format!("notify.{unit}_one")
        } else {
            format!("notify.{unit}")
        };
        strings.fill(&key, &[("n", &n.to_string())])
    };
    match (h, m) {
        (0, m) => count(m, "minutes"),
        (h, 0) => count(h, "hours"),
        (h, m) => [count(h, "hours"), count(m, "minutes")].join(&strings.get("duration.separator")),
    }
}

/// The headline and the text of an event; `now` is the run's (a reminder says the time left
/// at sending).
fn words(strings: &Strings, inc: &Incident, kind: EventKind, now: Timestamp) -> (String, String) {
    match kind {
        EventKind::Update(n) => (
            super::lifecycle::headline(strings, inc, n)
                .unwrap_or_else(|| status_word(strings, inc.updates[n].status)),
            markdown::to_plain_text(&inc.updates[n].body),
        ),
        EventKind::Statement(n) => {
            let s = &inc.statements[n];
            let by = markdown::plain(&s.by);
            let headline = strings.fill("notify.statement", &[("by", &by)]);
            (headline, markdown::to_plain_text(&s.body))
        }
        EventKind::Reminder => {
            let start = inc.window().map_or(now, |w| w.start);
            let left = time_left(strings, start.duration_since(now));
            let headline = strings.fill("notify.starts_in", &[("left", &left)]);
            (headline, String::new())
        }
        EventKind::Started => (strings.get("notify.started"), String::new()),
        EventKind::Ended => (strings.get("notify.ended"), String::new()),
    }
}

/// A timeline status in words: the pages' word for it.
fn status_word(strings: &Strings, s: UpdateStatus) -> String {
    strings.label("update", s.as_str())
}

/// A component status in words, as a message states it ("major outage": lower case in English,
/// unlike the pages' headings).
fn component_word(strings: &Strings, s: ComponentStatus) -> String {
    strings.get(&format!("notify.component.{}", s.as_str()))
}
