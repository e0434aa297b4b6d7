//! The Statuspage-compatible API and the badges for every overall state and every component
//! status, against expectations written by hand from Atlassian Statuspage's documented meaning.
//!
//! What the expectations rely on:
//! - Statuspage API v2, as quoted in the `statuspage.io` API client's documentation
//!   (`dist/Statuspage.d.ts`, `dist/interfaces/Result.d.ts`): `status.json` holds "an indicator -
//!   one of `none`, `minor`, `major`, or `critical`, as well as a human description of the
//!   blended component status", e.g. "All Systems Operational", "Partial System Outage"; each
//!   component's status is one of `operational`, `degraded_performance`, `partial_outage`,
//!   `major_outage` (and `under_maintenance`); incident impact is `none`, `minor`, `major` or
//!   `critical`.
//! - Pages served by Statuspage pair the indicator and description as: `none` "All Systems
//!   Operational", `minor` "Minor Service Outage" (degraded performance), `major` "Partial
//!   System Outage", `critical` "Major System Outage", `maintenance` "Service Under
//!   Maintenance" (the fifth value real pages send during maintenance).
//! - docs/api.md: the overall status is the worst component status; a product ref sets all its
//!   features; an incident's impact without `impact:` follows its worst affected status.

use crate::support::*;
use serde_json::Value;

/// An incident still open at the tests' now (2026-11-23 20:00 in Asia/Shanghai).
fn open(title: &str, affected: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\n{extra}affected:\n  {affected}\n---\nSomething is wrong.\n\n## Timeline\n\n### 2026-11-23 10:00 · investigating\nLooking.\n"
    )
}

/// Maintenance on qq/mail in the window `start`–`end` (site time), announced earlier.
fn maintenance(start: &str, end: &str) -> String {
    format!(
        "---\ntitle: Mail upgrade\nkind: maintenance\naffected:\n  qq/mail: under_maintenance\nscheduled:\n  start: {start}\n  end: {end}\n---\nMail may be slow.\n\n## Timeline\n\n### 2026-11-20 09:00 · scheduled\nAnnounced.\n"
    )
}

/// The shields.io badge a status gets: the English status word and a colour.
fn badge_for(status: &str) -> (&'static str, &'static str) {
    match status {
        "operational" => ("Operational", "brightgreen"),
        "degraded_performance" => ("Degraded performance", "yellow"),
        "partial_outage" => ("Partial outage", "orange"),
        "major_outage" => ("Major outage", "red"),
        "under_maintenance" => ("Under maintenance", "blue"),
        other => panic!("not a Statuspage component status: {other}"),
    }
}

/// One state of the site and everything the API and badges must say about it.
struct Case {
    name: &'static str,
    files: Vec<(&'static str, String)>,
    indicator: &'static str,
    description: &'static str,
    /// Status of WeChat, Login, Pay, QQ, Mail (groups and their components).
    components: [&'static str; 5],
    /// Unresolved incidents: name, impact, status.
    unresolved: Vec<(&'static str, &'static str, &'static str)>,
    /// summary.json's scheduled maintenance: name, status.
    maintenance: Vec<(&'static str, &'static str)>,
}

const NAMES: [&str; 5] = ["WeChat", "Login", "Pay", "QQ", "Mail"];
const BADGES: [&str; 5] = [
    "badges/wechat.json",
    "badges/wechat/login.json",
    "badges/wechat/pay.json",
    "badges/qq.json",
    "badges/qq/mail.json",
];

fn cases() -> Vec<Case> {
    let ok = "operational";
    vec![
        Case {
            name: "operational (a resolved incident only)",
            files: vec![("login.md", GOOD_INCIDENT.to_string())],
            indicator: "none",
            description: "All Systems Operational",
            components: [ok; 5],
            unresolved: vec![],
            maintenance: vec![],
        },
        Case {
            name: "degraded performance",
            files: vec![(
                "slow.md",
                open("Slow login", "wechat/login: degraded_performance", ""),
            )],
            indicator: "minor",
            description: "Minor Service Outage",
            components: ["degraded_performance", "degraded_performance", ok, ok, ok],
            unresolved: vec![("Slow login", "minor", "investigating")],
            maintenance: vec![],
        },
        Case {
            name: "partial outage",
            files: vec![(
                "pay.md",
                open("Some payments fail", "wechat/pay: partial_outage", ""),
            )],
            indicator: "major",
            description: "Partial System Outage",
            components: ["partial_outage", ok, "partial_outage", ok, ok],
            unresolved: vec![("Some payments fail", "major", "investigating")],
            maintenance: vec![],
        },
        Case {
            name: "major outage",
            files: vec![("mail.md", open("Mail is down", "qq/mail: major_outage", ""))],
            indicator: "critical",
            description: "Major System Outage",
            components: [ok, ok, ok, "major_outage", "major_outage"],
            unresolved: vec![("Mail is down", "critical", "investigating")],
            maintenance: vec![],
        },
        Case {
            name: "under maintenance",
            files: vec![("m.md", maintenance("2026-11-23 19:00", "2026-11-23 22:00"))],
            indicator: "maintenance",
            description: "Service Under Maintenance",
            components: [ok, ok, ok, "under_maintenance", "under_maintenance"],
            unresolved: vec![],
            maintenance: vec![("Mail upgrade", "in_progress")],
        },
        Case {
            name: "upcoming maintenance only",
            files: vec![("m.md", maintenance("2026-12-01 01:00", "2026-12-01 03:00"))],
            indicator: "none",
            description: "All Systems Operational",
            components: [ok; 5],
            unresolved: vec![],
            maintenance: vec![("Mail upgrade", "scheduled")],
        },
        Case {
            // The worst status wins: a product ref sets its features, outranking maintenance;
            // an incident's own `impact:` is kept.
            name: "several at once",
            files: vec![
                (
                    "slow.md",
                    open(
                        "Slow login",
                        "wechat/login: degraded_performance",
                        "impact: none\n",
                    ),
                ),
                ("qq.md", open("QQ partly down", "qq: partial_outage", "")),
                ("m.md", maintenance("2026-11-23 19:00", "2026-11-23 22:00")),
            ],
            indicator: "major",
            description: "Partial System Outage",
            components: [
                "degraded_performance",
                "degraded_performance",
                ok,
                "partial_outage",
                "partial_outage",
            ],
            unresolved: vec![
                ("QQ partly down", "major", "investigating"),
                ("Slow login", "none", "investigating"),
            ],
            maintenance: vec![("Mail upgrade", "in_progress")],
        },
    ]
}

fn names_of(list: &Value, fields: &[&str]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            fields
                .iter()
                .map(|f| v[*f].as_str().unwrap().to_string())
                .collect()
        })
        .collect();
    out.sort();
    out
}

fn check(case: &Case) {
    let site = TestSite::new(CONFIG);
    for (file, text) in &case.files {
        site.write(&format!("incidents/{file}"), text);
    }
    site.run(&["build"]).ok();
    let api = site.out().join("api/v2");
    let summary = read_json(&api.join("summary.json"));
    let name = case.name;

    let status =
        serde_json::json!({ "indicator": case.indicator, "description": case.description });
    assert_eq!(summary["status"], status, "{name}: summary.json status");
    assert_eq!(
        read_json(&api.join("status.json"))["status"],
        status,
        "{name}: status.json"
    );

    let components = read_json(&api.join("components.json"))["components"].clone();
    for list in [&summary["components"], &components] {
        let found: Vec<(&str, &str)> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["name"].as_str().unwrap(), c["status"].as_str().unwrap()))
            .collect();
        let expected: Vec<(&str, &str)> = NAMES.into_iter().zip(case.components).collect();
        assert_eq!(found, expected, "{name}: component statuses");
    }

    let unresolved = read_json(&api.join("incidents/unresolved.json"))["incidents"].clone();
    let mut expected: Vec<Vec<String>> = case
        .unresolved
        .iter()
        .map(|(n, i, s)| vec![n.to_string(), i.to_string(), s.to_string()])
        .collect();
    expected.sort();
    let fields = ["name", "impact", "status"];
    assert_eq!(
        names_of(&unresolved, &fields),
        expected,
        "{name}: unresolved.json"
    );
    assert_eq!(
        names_of(&summary["incidents"], &fields),
        expected,
        "{name}: summary incidents"
    );

    let maint = names_of(
        &summary["scheduled_maintenances"],
        &["name", "status", "impact"],
    );
    let expected: Vec<Vec<String>> = case
        .maintenance
        .iter()
        .map(|(n, s)| vec![n.to_string(), s.to_string(), "maintenance".to_string()])
        .collect();
    assert_eq!(maint, expected, "{name}: summary maintenance");

    // Badges: the page's (its overall status) and each component's.
    let overall = match case.indicator {
        "none" => "operational",
        "minor" => "degraded_performance",
        "major" => "partial_outage",
        "critical" => "major_outage",
        _ => "under_maintenance",
    };
    let paths = std::iter::once("badges/status.json").chain(BADGES);
    for (path, status) in paths.zip(std::iter::once(overall).chain(case.components)) {
        let badge = read_json(&site.out().join(path));
        let (message, color) = badge_for(status);
        assert_eq!(
            (
                badge["message"].as_str().unwrap(),
                badge["color"].as_str().unwrap()
            ),
            (message, color),
            "{name}: {path}"
        );
    }
    // The independent schema and cross-file checks agree with the files.
    validate("api", &site.out());
    validate("badges", &site.out());
}

#[test]
fn every_overall_state_and_component_status_maps_as_statuspage_documents() {
    let cases = cases();
    // Every component status and every indicator is exercised.
    for status in [
        "operational",
        "degraded_performance",
        "partial_outage",
        "major_outage",
        "under_maintenance",
    ] {
        assert!(
            cases.iter().any(|c| c.components.contains(&status)),
            "{status}"
        );
    }
    for indicator in ["none", "minor", "major", "critical", "maintenance"] {
        assert!(
            cases.iter().any(|c| c.indicator == indicator),
            "{indicator}"
        );
    }
    for case in &cases {
        check(case);
    }
}
