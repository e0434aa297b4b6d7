//! The hand-built card value against serde's, for cards of every shape.

use tera::Value;

use super::super::super::changes::SegmentView;
use super::super::{AffectedView, ChangeView, IncidentCard, UpdateView, WindowView};
use crate::render::values::LabelValues;
use crate::render::view::{Label, TimeView};

fn time(iso: &str, approximate: bool) -> TimeView {
    let mark = |s: &str| match approximate {
        true => format!("about {s}"),
        false => s.to_string(),
    };
    TimeView {
        iso: iso.to_string(),
        display: mark(&format!("{iso} UTC")),
        short: mark(&iso[5..16]),
        date: iso[..10].to_string(),
        day: iso[5..10].to_string(),
        clock: mark(&iso[11..16]),
        approximate,
    }
}

fn label(key: &'static str, label: &str) -> Label {
    Label {
        key,
        label: label.to_string(),
    }
}

fn window(start: &str, end: &str) -> WindowView {
    WindowView {
        start: time(start, false),
        end: time(end, false),
        duration: "2 hours".to_string(),
    }
}

fn update(at: &str, lang: Option<&str>) -> UpdateView {
    UpdateView {
        status: label("identified", "Identified"),
        status_changed: true,
        time: time(at, false),
        same_day: false,
        html: "<p>Rolled <b>back</b> &amp; watching.</p>".to_string(),
        changes: vec![ChangeView {
            name: "API / Search".to_string(),
            url: "components/api-search/".to_string(),
            was: label("operational", "Operational"),
            status: label("major_outage", "Major outage"),
        }],
        window: None,
        lang: lang.map(str::to_string),
    }
}

fn affected(segments: Vec<SegmentView>) -> AffectedView {
    AffectedView {
        component: "api".to_string(),
        url: "components/api/".to_string(),
        name: "API".to_string(),
        status: label("major_outage", "Major outage"),
        segments,
    }
}

/// A resolved incident: an end, a duration, no latest update.
fn resolved() -> IncidentCard {
    IncidentCard {
        slug: "2026-11-01-db".to_string(),
        url: "incidents/2026-11-01-db/".to_string(),
        title: "Database <slow> & \"odd\"".to_string(),
        kind: "incident",
        phase: "resolved",
        status: label("resolved", "Resolved"),
        impact: label("major", "Major"),
        started: time("2026-11-01T10:00:00Z", true),
        resolved: Some(time("2026-11-01T12:30:00Z", false)),
        duration: Some("about 2 hours 30 minutes".to_string()),
        window: None,
        updated: time("2026-11-01T12:30:00Z", false),
        latest: None,
        next_update: None,
        affected: vec![affected(Vec::new())],
        title_lang: None,
    }
}

/// An active incident whose entries change components: a latest update, a promise, strips.
fn active() -> IncidentCard {
    let segment = |from, until: Option<&str>, left, width| SegmentView {
        status: label("partial_outage", "Partial outage"),
        from: time(from, false),
        until: until.map(|t| time(t, false)),
        left,
        width,
    };
    IncidentCard {
        phase: "active",
        status: label("identified", "Identified"),
        resolved: None,
        duration: None,
        updated: time("2026-11-01T11:00:00Z", false),
        latest: Some(update("2026-11-01T11:00:00Z", None)),
        next_update: Some(time("2026-11-01T11:30:00Z", false)),
        affected: vec![affected(vec![
            segment(
                "2026-11-01T10:00:00Z",
                Some("2026-11-01T11:00:00Z"),
                0.0,
                66.7,
            ),
            segment("2026-11-01T11:00:00Z", None, 66.7, 33.3),
        ])],
        ..resolved()
    }
}

/// A scheduled maintenance: a window, a latest update announcing another, no components.
fn scheduled() -> IncidentCard {
    let mut latest = update("2026-11-01T09:00:00Z", None);
    latest.window = Some(window("2026-11-02T01:00:00Z", "2026-11-02T03:00:00Z"));
    latest.changes = Vec::new();
    IncidentCard {
        kind: "maintenance",
        phase: "upcoming",
        status: label("scheduled", "Scheduled"),
        impact: label("maintenance", "Maintenance"),
        started: time("2026-11-02T01:00:00Z", false),
        resolved: Some(time("2026-11-02T03:00:00Z", false)),
        duration: Some("2 hours".to_string()),
        window: Some(window("2026-11-02T01:00:00Z", "2026-11-02T03:00:00Z")),
        updated: time("2026-11-01T09:00:00Z", false),
        latest: Some(latest),
        next_update: None,
        affected: Vec::new(),
        ..resolved()
    }
}

/// Shown in another language: the title and the latest update not yet translated.
fn untranslated() -> IncidentCard {
    IncidentCard {
        title_lang: Some("en".to_string()),
        status: label("identified", "已确认"),
        impact: label("major", "重大"),
        latest: Some(update("2026-11-01T11:00:00Z", Some("en"))),
        ..active()
    }
}

/// No updates at all: nothing latest, nothing affected, nothing promised.
fn bare() -> IncidentCard {
    IncidentCard {
        latest: None,
        next_update: None,
        affected: Vec::new(),
        resolved: None,
        duration: None,
        phase: "active",
        ..resolved()
    }
}

#[test]
fn a_cards_value_is_what_serde_makes_of_it() {
    let labels = LabelValues::default();
    for (name, card) in [
        ("resolved", resolved()),
        ("active", active()),
        ("scheduled", scheduled()),
        ("untranslated", untranslated()),
        ("bare", bare()),
    ] {
        let direct = card.to_value(&labels);
        let serde = Value::from_serializable(&card);
        assert_eq!(direct, serde, "{name}: {direct} != {serde}");
        // The same fields: equality of maps alone would not see a key serde lacks.
        assert_eq!(direct.len(), serde.len(), "{name}");
    }
}

#[test]
fn an_instant_shown_twice_and_a_label_are_built_once() {
    let labels = LabelValues::default();
    let card = scheduled().to_value(&labels);
    fn at<'v>(card: &'v Value, path: &'static str) -> &'v tera::Map {
        card.get_from_path(path).and_then(Value::as_map).unwrap()
    }
    assert!(std::ptr::eq(
        at(&card, "started"),
        at(&card, "window.start")
    ));
    assert!(std::ptr::eq(at(&card, "updated"), at(&card, "latest.time")));
    assert!(!std::ptr::eq(at(&card, "started"), at(&card, "updated")));
    let other = scheduled().to_value(&labels);
    let status = other
        .get_from_path("status")
        .and_then(Value::as_map)
        .unwrap();
    assert!(std::ptr::eq(at(&card, "status"), status));
}
