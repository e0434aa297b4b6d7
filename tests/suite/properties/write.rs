//! Writing a generated incident out in the documented format, and what parsing it must give.

// Support code shared by test crates: `pub` says what it offers them.
#![allow(unreachable_pub)]

use bulletin::model::{ComponentStatus, Impact, Incident, Kind, UpdateStatus};
use bulletin::time::WrittenTime;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};

use super::generate::*;
use crate::support::contracts::SITE;

/// The site's zone, which bare local times in generated files are read in.
pub fn site_zone() -> &'static TimeZone {
    &SITE.timezone
}

#[derive(Debug, PartialEq)]
pub struct ExpectedUpdate {
    pub time: WrittenTime,
    pub status: UpdateStatus,
    pub body: String,
}

#[derive(Debug, PartialEq)]
pub struct ExpectedStatement {
    pub time: WrittenTime,
    pub by: String,
    pub channel: Option<String>,
    pub url: Option<String>,
    pub body: String,
}

#[derive(Debug, PartialEq)]
pub struct Expected {
    pub title: String,
    pub kind: Kind,
    pub impact: Option<Impact>,
    pub affected: Vec<(String, ComponentStatus)>,
    pub window: Option<(Timestamp, Timestamp)>,
    pub started: Option<WrittenTime>,
    pub summary: String,
    pub updates: Vec<ExpectedUpdate>,
    pub statements: Vec<ExpectedStatement>,
    pub sections: Vec<(String, String)>,
}

impl Expected {
    pub fn of(inc: &Incident) -> Expected {
        Expected {
            title: inc.title.clone(),
            kind: inc.kind,
            impact: inc.impact,
            affected: inc
                .affected
                .iter()
                .map(|a| (a.component.to_string(), a.status))
                .collect(),
            window: inc.scheduled.map(|w| (w.start, w.end)),
            started: inc.started_override,
            summary: inc.summary.to_string(),
            updates: inc
                .updates
                .iter()
                .map(|u| ExpectedUpdate {
                    time: u.time,
                    status: u.status,
                    body: u.body.to_string(),
                })
                .collect(),
            statements: inc
                .statements
                .iter()
                .map(|s| ExpectedStatement {
                    time: s.time,
                    by: s.by.to_string(),
                    channel: s.channel.as_deref().map(str::to_string),
                    url: s.url.as_deref().map(str::to_string),
                    body: s.body.to_string(),
                })
                .collect(),
            sections: inc
                .sections
                .iter()
                .map(|s| (s.title.clone(), s.body.to_string()))
                .collect(),
        }
    }
}

pub fn epoch() -> Timestamp {
    site_zone()
        .to_ambiguous_zoned_datetime(jiff::civil::date(2000, 1, 1).at(0, 0, 0, 0))
        .compatible()
        .unwrap()
        .timestamp()
}

pub fn minutes(n: i64) -> jiff::SignedDuration {
    jiff::SignedDuration::from_mins(n)
}

pub fn date_of(at: Timestamp) -> Date {
    at.to_zoned_datetime(site_zone().clone()).date()
}

/// Writes `at` as `spec` says; `previous` is the date a bare `HH:MM` would take.
pub fn write_time(at: Timestamp, spec: &TimeSpec, previous: Option<Date>) -> String {
    let local = at.to_zoned_datetime(site_zone().clone());
    let text = match spec.form {
        Form::Bare if previous == Some(local.date()) => local.strftime("%H:%M").to_string(),
        Form::Full | Form::Bare => local.strftime("%Y-%m-%d %H:%M").to_string(),
        Form::Offset(m) => {
            let offset = Offset::from_seconds(m * 60).unwrap();
            at.to_zoned_datetime(TimeZone::fixed(offset))
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string()
        }
        Form::Utc => at.to_string(),
    };
    match spec.approx {
        Approx::Exact => text,
        Approx::Tilde => format!("~{text}"),
        Approx::TildeSpace => format!("~ {text}"),
    }
}

pub fn written(at: Timestamp, spec: &TimeSpec) -> WrittenTime {
    WrittenTime {
        at,
        approximate: !matches!(spec.approx, Approx::Exact),
    }
}

pub fn spell(status: UpdateStatus, spelling: u8) -> String {
    let word = status.as_str();
    match spelling % 6 {
        0 | 1 => word.to_string(),
        2 => word.to_uppercase(),
        3 => {
            let mut c = word.chars();
            let first = c.next().unwrap().to_uppercase().collect::<String>();
            first + c.as_str()
        }
        4 => word.replace('_', "-"),
        _ => word.replace('_', " "),
    }
}

/// YAML for the title; plain only when that is surely read back as the same string.
pub fn yaml_title(title: &str, style: TitleStyle) -> String {
    let plain_safe = title.chars().next().is_some_and(char::is_alphanumeric)
        && title
            .chars()
            .all(|c| c.is_alphanumeric() || " .,()!?'、，。".contains(c));
    // Titles such as `null`, `yes`, `1e3` or `0x1F` stay plain on purpose: the title is read
    // as a string, whatever YAML would otherwise make of it.
    match style {
        TitleStyle::Plain if plain_safe => title.to_string(),
        TitleStyle::Single => format!("'{}'", title.replace('\'', "''")),
        _ => format!("\"{}\"", title.replace('\\', "\\\\").replace('"', "\\\"")),
    }
}

pub fn local_text(at: Timestamp) -> String {
    at.to_zoned_datetime(site_zone().clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// The first timeline entry's time.
pub fn start_of(g: &GenIncident) -> Timestamp {
    epoch() + minutes(g.start)
}

/// A maintenance's window: start and end.
pub fn window(g: &GenIncident) -> Option<(Timestamp, Timestamp)> {
    (g.kind == Kind::Maintenance).then(|| {
        let ws = start_of(g) + minutes(g.window.0);
        (ws, ws + minutes(g.window.1))
    })
}

/// The `started:` override as written (unquoted), and the time it is.
pub fn started(g: &GenIncident) -> Option<(String, WrittenTime)> {
    g.started.map(|(before, approximate, _)| {
        let at = start_of(g) - minutes(before);
        let text = format!("{}{}", if approximate { "~" } else { "" }, local_text(at));
        (text, WrittenTime { at, approximate })
    })
}

/// Each timeline entry's time as written, and the time it is.
pub fn update_times(g: &GenIncident) -> Vec<(String, WrittenTime)> {
    let mut at = start_of(g);
    let mut previous: Option<Date> = None;
    let mut times = Vec::new();
    for (i, u) in g.updates.iter().enumerate() {
        if i > 0 {
            at += minutes(u.time.gap);
        }
        times.push((write_time(at, &u.time, previous), written(at, &u.time)));
        previous = Some(date_of(at));
    }
    times
}

/// Each statement's time as written, and the time it is.
pub fn statement_times(g: &GenIncident) -> Vec<(String, WrittenTime)> {
    let start = start_of(g);
    // A bare time in the first statement takes the date of the first timeline entry.
    let mut previous = g.updates.first().map(|_| date_of(start));
    let mut at = start;
    let mut times = Vec::new();
    for s in &g.statements {
        at += minutes(s.time.gap);
        times.push((write_time(at, &s.time, previous), written(at, &s.time)));
        previous = Some(date_of(at));
    }
    times
}

/// The file text for `g`, and what parsing it must give.
pub fn render(g: &GenIncident) -> (String, Expected) {
    let mut out = String::from("---\n");
    out += &format!("title: {}\n", yaml_title(&g.title, g.title_style));
    if g.write_kind {
        out += &format!(
            "kind: {}\n",
            if g.kind == Kind::Maintenance {
                "maintenance"
            } else {
                "incident"
            }
        );
    }
    if let Some(i) = g.impact {
        out += &format!("impact: {}\n", i.as_str());
    }
    if !g.affected.is_empty() {
        match g.affected_style {
            AffectedStyle::Flow => {
                let items: Vec<String> = g
                    .affected
                    .iter()
                    .map(|(r, s)| format!("{r}: {}", s.as_str()))
                    .collect();
                out += &format!("affected: {{ {} }}\n", items.join(", "));
            }
            style => {
                out += "affected:\n";
                for (r, s) in &g.affected {
                    if matches!(style, AffectedStyle::BlockQuotedKeys) {
                        out += &format!("  \"{r}\": {}\n", s.as_str());
                    } else {
                        out += &format!("  {r}: {}\n", s.as_str());
                    }
                }
            }
        }
    } else if matches!(g.affected_style, AffectedStyle::Flow) {
        out += "affected: {}\n";
    }
    let window = window(g);
    if let Some((ws, we)) = window {
        let q = |t: Timestamp| {
            if g.window_quoted {
                format!("\"{}\"", local_text(t))
            } else {
                local_text(t)
            }
        };
        out += &format!("scheduled:\n  start: {}\n  end: {}\n", q(ws), q(we));
    }
    let started = started(g).map(|(text, time)| {
        if g.started.is_some_and(|(_, _, quoted)| quoted) {
            out += &format!("started: \"{text}\"\n");
        } else {
            out += &format!("started: {text}\n");
        }
        time
    });
    out += "---\n\n";
    if !g.summary.is_empty() {
        out += &g.summary;
        out += "\n\n";
    }

    let mut updates = Vec::new();
    out += &format!("## {}\n\n", g.timeline_title);
    for (u, (time, written)) in g.updates.iter().zip(update_times(g)) {
        let closing = if u.closing_hashes { " ###" } else { "" };
        out += &format!(
            "### {time}{}{}{closing}\n\n",
            u.sep,
            spell(u.status, u.spelling)
        );
        if !u.body.is_empty() {
            out += &u.body;
            out += "\n\n";
        }
        updates.push(ExpectedUpdate {
            time: written,
            status: u.status,
            body: u.body.clone(),
        });
    }

    let mut statements = Vec::new();
    if !g.statements.is_empty() {
        out += &format!("## {}\n\n", g.statements_title);
        for (s, (time, written)) in g.statements.iter().zip(statement_times(g)) {
            let (channel_text, channel, url) = match &s.channel {
                Channel::None => (String::new(), None, None),
                Channel::Plain(t) => (format!("{}{t}", s.sep), Some(t.clone()), None),
                Channel::Link(t, u) => (
                    format!("{}[{t}]({u})", s.sep),
                    Some(t.clone()),
                    Some(u.clone()),
                ),
                Channel::Angle(u) => (format!("{}<{u}>", s.sep), Some(host(u)), Some(u.clone())),
                Channel::Bare(u) => (format!("{}{u}", s.sep), Some(host(u)), Some(u.clone())),
            };
            out += &format!("### {time}{}{}{channel_text}\n\n", s.sep, s.by);
            if !s.body.is_empty() {
                out += &s.body;
                out += "\n\n";
            }
            statements.push(ExpectedStatement {
                time: written,
                by: s.by.clone(),
                channel,
                url,
                body: s.body.clone(),
            });
        }
    }

    for s in &g.sections {
        out += &format!("## {}\n\n", s.title);
        if !s.body.is_empty() {
            out += &s.body;
            out += "\n\n";
        }
    }

    let expected = Expected {
        title: g.title.trim().to_string(),
        kind: g.kind,
        impact: g.impact,
        affected: g.affected.clone(),
        window,
        started,
        summary: g.summary.clone(),
        updates,
        statements,
        sections: g
            .sections
            .iter()
            .map(|s| (s.title.clone(), s.body.clone()))
            .collect(),
    };
    (out, expected)
}

pub fn host(url: &str) -> String {
    url.split('/').nth(2).unwrap().to_string()
}
