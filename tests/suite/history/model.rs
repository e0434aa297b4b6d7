//! For random incident histories (component changes at random entries, resolved or not, "now"
//! anywhere), the status of each component at "now" and its down time on each day, as Bulletin
//! derives them, equal those of a simple independent model written here: replay the entries
//! minute by minute. The site is in America/New_York and the histories straddle the spring
//! DST change (8 March 2026, a 23-hour day), so days are cut at local midnight. Incidents are
//! resolved and reopened in the middle of their timelines: the time between is not down
//! time, and each day's worst status (what its bar is coloured by) is the model's too.

use std::collections::BTreeMap;
use std::path::Path;

use bulletin::config::{self, ComponentRef};
use bulletin::content;
use bulletin::derive;
use bulletin::model::ComponentStatus;
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;

const SITE: &str = "title: T\nbase_url: https://s.test/\nlanguage: en\ntimezone: America/New_York\nproducts:\n  - id: app\n    name: App\n    features:\n      - id: login\n        name: Login\n      - id: pay\n        name: Pay\n";
const FEATURES: [&str; 2] = ["app/login", "app/pay"];
/// The first minute of the generated histories: 2026-03-07 00:00 UTC.
const EPOCH: i64 = 1_772_841_600;
/// 0.3, in millionths.
const PARTIAL_WEIGHT: u64 = 300_000;

#[derive(Debug, Clone)]
struct Entry {
    minute: i64,
    /// `resolved`: the incident ends here, and a later entry that is not final reopens it.
    is_final: bool,
    /// (feature index, status)
    changes: Vec<(usize, ComponentStatus)>,
}

#[derive(Debug, Clone)]
struct Generated {
    affected: Vec<(usize, ComponentStatus)>,
    /// The last is final when the incident is resolved.
    entries: Vec<Entry>,
}

fn status() -> impl Strategy<Value = ComponentStatus> {
    prop_oneof![
        Just(ComponentStatus::Operational),
        Just(ComponentStatus::DegradedPerformance),
        Just(ComponentStatus::PartialOutage),
        Just(ComponentStatus::MajorOutage),
    ]
}

fn incident() -> impl Strategy<Value = Generated> {
    let affected = prop::collection::vec((0..2usize, status()), 1..3).prop_map(|mut v| {
        v.sort_by_key(|(f, _)| *f);
        v.dedup_by_key(|(f, _)| *f);
        v.retain(|(_, s)| *s != ComponentStatus::Operational);
        v
    });
    let entry = (
        1..240i64,
        prop::collection::vec((0..2usize, status()), 0..3),
        prop::bool::weighted(0.3),
    );
    (
        affected,
        0..(3 * 24 * 60i64),
        prop::collection::vec(entry, 1..5),
        any::<bool>(),
    )
        .prop_map(|(affected, start, steps, resolved)| {
            let mut minute = start;
            let last = steps.len() - 1;
            let mut ended = false;
            let entries = steps
                .into_iter()
                .enumerate()
                .map(|(i, (gap, mut changes, is_final))| {
                    let is_final = if i == last {
                        resolved
                    } else {
                        i > 0 && is_final
                    };
                    if i > 0 {
                        minute += gap;
                    } else {
                        changes.clear();
                    }
                    // A second `resolved` in a row changes nothing (what it would change is
                    // a question of its own, not this test's).
                    if is_final && ended {
                        changes.clear();
                    }
                    ended = is_final;
                    changes.dedup_by_key(|(f, _)| *f);
                    Entry {
                        minute,
                        is_final,
                        changes,
                    }
                })
                .collect();
            Generated { affected, entries }
        })
}

fn at(minute: i64) -> Timestamp {
    Timestamp::from_second(EPOCH + minute * 60).unwrap()
}

fn write(g: &Generated) -> String {
    let mut out = String::from("---\ntitle: Generated\naffected:\n");
    if g.affected.is_empty() {
        out = String::from("---\ntitle: Generated\n");
    }
    for (f, s) in &g.affected {
        out += &format!("  {}: {}\n", FEATURES[*f], s.as_str());
    }
    out += "---\n\n## Timeline\n\n";
    for (i, e) in g.entries.iter().enumerate() {
        let word = match i {
            _ if e.is_final => "resolved",
            0 => "investigating",
            _ => "identified",
        };
        out += &format!("### {} · {word}\n\n", at(e.minute));
        if !e.changes.is_empty() {
            let pairs: Vec<String> = e
                .changes
                .iter()
                .map(|(f, s)| format!("{}={}", FEATURES[*f], s.as_str()))
                .collect();
            out += &format!("Affects: {}\n\n", pairs.join(", "));
        }
        out += "Text.\n\n";
    }
    out
}

/// In millionths, as Bulletin counts (see `uptime::WHOLE`).
fn weight(s: ComponentStatus) -> u64 {
    match s {
        ComponentStatus::MajorOutage => 1_000_000,
        ComponentStatus::PartialOutage => PARTIAL_WEIGHT,
        _ => 0,
    }
}

/// The model: feature `f`'s status under incident `g` at `minute`, as of `now` (entries
/// dated after `now` are not written yet). A final entry makes it operational until an entry
/// reopens the incident, which gives back the status it had when the incident ended.
fn status_at(g: &Generated, f: usize, minute: i64, now: i64) -> ComponentStatus {
    let start = g.entries[0].minute;
    if minute < start || minute >= now {
        return ComponentStatus::Operational;
    }
    let mut s = g
        .affected
        .iter()
        .find(|(x, _)| *x == f)
        .map_or(ComponentStatus::Operational, |(_, s)| *s);
    let mut held_at_end: Option<ComponentStatus> = None;
    for e in g
        .entries
        .iter()
        .filter(|e| e.minute <= minute && e.minute <= now)
    {
        if !e.is_final
            && let Some(held) = held_at_end.take()
        {
            s = held;
        }
        if let Some((_, new)) = e.changes.iter().find(|(x, _)| *x == f) {
            s = *new;
        }
        if e.is_final && held_at_end.is_none() {
            held_at_end = Some(s);
            s = ComponentStatus::Operational;
        }
    }
    s
}

fn check(incidents: &[Generated], now: i64) -> Result<(), TestCaseError> {
    let config = config::parse(Path::new("."), SITE, None).expect("test site");
    let parsed: Vec<_> = incidents
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let rel = format!("incidents/gen-{i}.md");
            let (inc, problems) = content::parse(&config, Path::new(&rel), &write(g));
            let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{errors:?}\n{}", write(g));
            inc.and_then(|p| p.checked()).expect("parsed")
        })
        .collect();
    let derived = derive::derive(&config, parsed, at(now));
    let tz = &config.timezone;
    for (f, _) in FEATURES.iter().enumerate() {
        let c = ComponentRef {
            product: 0,
            feature: Some(f),
        };
        // Status now: the worst any incident gives the feature at now itself, an entry dated
        // exactly now included (it is public: entries at or before now are). The model read
        // the minute before now until a case with a change at exactly now showed the page
        // right and the model wrong.
        let expected = incidents
            .iter()
            .map(|g| status_at(g, f, now, now + 1))
            .max()
            .unwrap_or(ComponentStatus::Operational);
        prop_assert_eq!(derived.status_of(c), expected, "feature {} now {}", f, now);
        // Down time (milliseconds, in millionths) and the worst status per local day.
        let mut down: BTreeMap<jiff::civil::Date, (u64, ComponentStatus)> = BTreeMap::new();
        for minute in 0..now {
            let worst = incidents
                .iter()
                .map(|g| status_at(g, f, minute, now))
                .max()
                .unwrap_or(ComponentStatus::Operational);
            let date = at(minute).to_zoned_datetime(tz.clone()).date();
            let day = down
                .entry(date)
                .or_insert((0, ComponentStatus::Operational));
            day.0 += weight(worst) * 60_000;
            day.1 = day.1.max(worst);
        }
        let uptime = &derived.uptime[&c];
        for day in &uptime.days {
            let (want, worst) = down
                .get(&day.date)
                .copied()
                .unwrap_or((0, ComponentStatus::Operational));
            prop_assert_eq!(
                day.measured.down,
                want,
                "feature {} on {}: down time",
                f,
                day.date
            );
            prop_assert_eq!(
                day.measured.worst,
                worst,
                "feature {} on {}: worst status",
                f,
                day.date
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn status_and_uptime_equal_a_minute_by_minute_replay(
        incidents in prop::collection::vec(incident(), 1..4),
        now in (60i64..(5 * 24 * 60)),
    ) {
        check(&incidents, now)?;
    }
}

#[test]
fn the_model_sees_the_dst_day_as_23_hours() {
    let config = config::parse(Path::new("."), SITE, None).unwrap();
    let day = jiff::civil::date(2026, 3, 8)
        .to_zoned_datetime(config.timezone.clone())
        .unwrap();
    let next = day.tomorrow().unwrap();
    assert_eq!(
        next.timestamp().duration_since(day.timestamp()),
        SignedDuration::from_hours(23)
    );
}
