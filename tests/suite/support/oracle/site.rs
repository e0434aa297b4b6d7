//! The oracle's sites: random histories as plain data, their files, and the proptest strategy
//! that makes them (docs/testing.md, "The oracle").
//!
//! One fixed `bulletin.yaml` in `America/New_York`; the histories run from 6 March 2026, 00:00
//! local time over five days, so they straddle the spring DST change (8 March, 02:00 → 03:00, a
//! 23-hour day). Times are written in local time without an offset, so the site's zone decides.
//!
//! Instants are whole seconds since the Unix epoch. Incident entries fall on even minutes and a
//! maintenance window's edges (and its entries) on odd minutes, and the instants the oracle
//! builds at are half a minute past a minute: no instant looked at is ever exactly on an edge
//! whose side the documents leave open (is a window's end instant still inside it?).

use proptest::prelude::*;

/// 2026-03-06 00:00 in New York (EST, UTC−5).
pub const EPOCH: i64 = 1_772_773_200;
/// Five days of minutes: where histories and instants fall.
pub const SPAN_MINUTES: i64 = 5 * 24 * 60;

pub const CONFIG: &str = "\
title: Oracle
base_url: https://oracle.test/
language: en
timezone: America/New_York
products:
  - id: app
    name: App
    features:
      - id: login
        name: Login
      - id: pay
        name: Pay
  - id: db
    name: Database
    features:
      - id: primary
        name: Primary
";

/// Every component, as written in incident files: products, then their features.
pub const REFS: [&str; 5] = ["app", "app/login", "app/pay", "db", "db/primary"];
/// The display name of each of [`REFS`] as messages write it (`Product · Feature`).
pub const NAMES: [&str; 5] = [
    "App",
    "App · Login",
    "App · Pay",
    "Database",
    "Database · Primary",
];

/// Component statuses, in the order docs/api.md ranks them ("the worst status wins").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Operational,
    UnderMaintenance,
    Degraded,
    Partial,
    Major,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::Operational => "operational",
            Status::UnderMaintenance => "under_maintenance",
            Status::Degraded => "degraded_performance",
            Status::Partial => "partial_outage",
            Status::Major => "major_outage",
        }
    }

    /// How notify messages write it (lower-case words).
    pub fn words(self) -> String {
        self.word().replace('_', " ")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Incident,
    Maintenance,
}

/// One `###` timeline entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub minute: i64,
    pub word: &'static str,
    /// Its `Affects:` line: (index into [`REFS`], status).
    pub changes: Vec<(usize, Status)>,
    /// Maintenance only: its `Window:` line, a new window in minutes (a reschedule or an
    /// extension; docs/format.md, "Changing a maintenance").
    pub window: Option<(i64, i64)>,
    /// Its `Next update:` line: the minute the next update is promised for.
    pub next: Option<i64>,
}

/// One incident or maintenance file.
#[derive(Debug, Clone)]
pub struct Item {
    pub slug: String,
    pub kind: Kind,
    /// The front matter's `affected` (index into [`REFS`], status).
    pub affected: Vec<(usize, Status)>,
    pub entries: Vec<Entry>,
    /// Maintenance only: the window, in minutes.
    pub window: Option<(i64, i64)>,
    pub statement: Option<i64>,
    pub postmortem: Option<i64>,
}

impl Item {
    pub fn at(&self, minute: i64) -> i64 {
        EPOCH + minute * 60
    }
}

fn status() -> impl Strategy<Value = Status> {
    prop_oneof![
        Just(Status::Degraded),
        Just(Status::Partial),
        Just(Status::Major),
    ]
}

fn changes() -> impl Strategy<Value = Vec<(usize, Status)>> {
    let change = (
        0..REFS.len(),
        prop_oneof![Just(Status::Operational), status()],
    );
    prop::collection::vec(change, 0..3).prop_map(|mut v| {
        v.sort_by_key(|(r, _)| *r);
        v.dedup_by_key(|(r, _)| *r);
        v
    })
}

/// The words of an incident's entries after the first, from a choice per entry: after
/// `resolved` only `investigating` or `identified` may follow (a reopening, docs/format.md).
fn incident_words(choices: &[usize]) -> Vec<&'static str> {
    const WORDS: [&str; 4] = ["investigating", "identified", "monitoring", "resolved"];
    let mut out = vec!["investigating"];
    for &c in choices {
        let mut w = WORDS[c % 4];
        if *out.last().unwrap() == "resolved" && matches!(w, "monitoring" | "resolved") {
            w = "identified";
        }
        out.push(w);
    }
    out
}

fn incident() -> impl Strategy<Value = Item> {
    let step = (1..120i64, 0..4usize, changes(), prop::option::of(0..60i64));
    (
        prop::collection::vec((0..REFS.len(), status()), 0..3),
        0..(4 * 24 * 30i64),
        prop::collection::vec(step, 0..5),
        prop::option::of(1..600i64),
        prop::option::of(1..1500i64),
    )
        .prop_map(|(mut affected, start, steps, statement, postmortem)| {
            affected.sort_by_key(|(r, _)| *r);
            affected.dedup_by_key(|(r, _)| *r);
            let choices: Vec<usize> = steps.iter().map(|s| s.1).collect();
            let words = incident_words(&choices);
            let mut minute = start * 2;
            let mut entries = vec![Entry {
                minute,
                word: "investigating",
                changes: Vec::new(),
                window: None,
                next: None,
            }];
            for (i, (gap, _, changes, next)) in steps.into_iter().enumerate() {
                minute += gap * 2;
                let word = words[i + 1];
                // Changes only on entries that neither close nor reopen: those two have a
                // rule of their own (everything back; the statuses from before the close).
                let plain = word != "resolved" && entries.last().unwrap().word != "resolved";
                entries.push(Entry {
                    minute,
                    word,
                    changes: if plain { changes } else { Vec::new() },
                    window: None,
                    // A promise on any entry that does not close (on an even minute, at or
                    // after the entry, docs/format.md "Next update").
                    next: next.filter(|_| word != "resolved").map(|n| minute + n * 2),
                });
            }
            let first = entries[0].minute;
            let last = entries.last().unwrap().minute;
            Item {
                slug: String::new(),
                kind: Kind::Incident,
                affected,
                entries,
                window: None,
                statement: statement.map(|s| first + s * 2),
                postmortem: postmortem.map(|p| last + p * 2),
            }
        })
}

/// A site: 2 to 6 incidents and maintenance windows, named `i0`, `i1`, ….
pub fn site() -> impl Strategy<Value = Vec<Item>> {
    let item = prop_oneof![3 => incident(), 1 => super::maintenance::maintenance()];
    prop::collection::vec(item, 2..7).prop_map(|mut items| {
        for (i, item) in items.iter_mut().enumerate() {
            item.slug = format!("i{i}");
        }
        items
    })
}

/// Seconds since the epoch as local time in the site's zone, as an author writes it.
pub fn local(seconds: i64) -> String {
    let tz = jiff::tz::TimeZone::get("America/New_York").expect("bundled zone");
    let zoned = jiff::Timestamp::from_second(seconds)
        .expect("in range")
        .to_zoned_datetime(tz);
    zoned.strftime("%Y-%m-%d %H:%M").to_string()
}

/// Seconds since the epoch as RFC 3339 with the site's offset, as `<time datetime>` writes it.
pub fn iso(seconds: i64) -> String {
    let tz = jiff::tz::TimeZone::get("America/New_York").expect("bundled zone");
    let zoned = jiff::Timestamp::from_second(seconds)
        .expect("in range")
        .to_zoned_datetime(tz);
    zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// The incident file of `item` (docs/format.md).
pub fn file(item: &Item) -> String {
    let mut out = format!("---\ntitle: Item {}\n", item.slug);
    if item.kind == Kind::Maintenance {
        out += "kind: maintenance\n";
    }
    if !item.affected.is_empty() {
        out += "affected:\n";
        for (r, s) in &item.affected {
            out += &format!("  {}: {}\n", REFS[*r], s.word());
        }
    }
    if let Some((start, end)) = item.window {
        out += &format!(
            "scheduled:\n  start: {}\n  end: {}\n",
            local(item.at(start)),
            local(item.at(end))
        );
    }
    out += "---\n\nSummary.\n\n## Timeline\n\n";
    for e in &item.entries {
        out += &format!("### {} · {}\n\n", local(item.at(e.minute)), e.word);
        if let Some((start, end)) = e.window {
            let (a, b) = (local(item.at(start)), local(item.at(end)));
            out += &format!("Window: {a} → {b}\n\n");
        }
        if !e.changes.is_empty() {
            let pairs: Vec<String> = e
                .changes
                .iter()
                .map(|(r, s)| format!("{}={}", REFS[*r], s.word()))
                .collect();
            out += &format!("Affects: {}\n\n", pairs.join(", "));
        }
        if let Some(next) = e.next {
            out += &format!("Next update: {}\n\n", local(item.at(next)));
        }
        out += "Text.\n\n";
    }
    if let Some(s) = item.statement {
        out += &format!(
            "## Statements\n\n### {} · Ops team\n\n> We are on it.\n\n",
            local(item.at(s))
        );
    }
    if let Some(p) = item.postmortem {
        out += &format!(
            "## Postmortem · {}\n\n{}\n",
            local(item.at(p)),
            postmortem_text(&item.slug)
        );
    }
    out
}

/// The words of `slug`'s postmortem: its own, so a check can tell whose postmortem a page shows.
pub fn postmortem_text(slug: &str) -> String {
    format!("What happened to {slug}.")
}
