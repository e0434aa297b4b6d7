//! Guards against import work that grows faster than its input, by counting it (never by
//! timing), as `tests/suite/build/work_counts.rs` does for builds: `bulletin::import::work()` counts the
//! steps of the loops that were quadratic (issue 23: merging 160,000 incidents by id took
//! 37.6 s, 4,000 same-name components 21 s, 20,000 same-title incidents 31 s, 40,000 cState
//! `track` updates 10 s). Each test runs two sizes ten times apart and wants the work per item
//! bounded by a constant.

use std::path::Path;

use bulletin::import::{self, Imported, statuspage::Source, work};
use serde_json::json;

/// The work `f` does on this thread (each test has its own thread, so tests do not mix).
fn counted(f: impl FnOnce()) -> u64 {
    let before = work();
    f();
    work() - before
}

fn page() -> serde_json::Value {
    json!({"id": "p1", "name": "Big", "url": "https://status.big.example", "time_zone": "Etc/UTC"})
}

/// Merging incidents by id: 10,000 and 100,000 incidents, each listed in two documents
/// (summary.json lists the open ones again): a constant number of steps per incident.
#[test]
fn merging_incidents_by_id_is_linear() {
    for n in [10_000, 100_000] {
        let incidents: Vec<_> = (0..n)
            .map(|i| json!({"id": format!("i{i}"), "name": "x", "status": "resolved"}))
            .collect();
        let doc = serde_json::to_vec(&json!({"page": page(), "incidents": incidents})).unwrap();
        let mut source = Source::default();
        let steps = counted(|| {
            source.add("incidents.json", &doc).unwrap();
            source.add("summary.json", &doc).unwrap();
        });
        assert_eq!(source.incidents.len(), n);
        assert!(steps <= 4 * n as u64, "{n} incidents: {steps} steps");
    }
}

/// 4,000 and 40,000 components of one name in one group (and as many ungrouped): ids
/// `login`, `login-2`, … cost a step or two each.
#[test]
fn same_name_components_are_linear() {
    for n in [4_000, 40_000] {
        let mut components = vec![json!({"id": "g", "name": "Web", "group": true})];
        for i in 0..n {
            components.push(json!({"id": format!("a{i}"), "name": "Login", "group_id": "g"}));
            components.push(json!({"id": format!("b{i}"), "name": "Login"}));
        }
        let doc = serde_json::to_vec(&json!({"page": page(), "components": components})).unwrap();
        let mut source = Source::default();
        source.add("components.json", &doc).unwrap();
        let mut imported = None;
        let steps = counted(|| imported = Some(source.into_imported()));
        let imported = imported.unwrap();
        assert_eq!(imported.products.len(), n + 1);
        assert_eq!(
            imported.products[0].features[n - 1].id,
            format!("login-{n}")
        );
        assert!(steps <= 6 * n as u64, "{n} components: {steps} steps");
    }
}

/// 2,000 and 20,000 incidents of one title on one day: file names `…-outage`, `…-outage-2`,
/// … cost a step or two each.
#[test]
fn same_title_incidents_are_linear() {
    for n in [2_000, 20_000] {
        let at = import::Stamp::parse("2026-10-05T10:00:00Z").unwrap();
        let incident = |i: usize| import::Incident {
            source_id: format!("statuspage:i{i}"),
            title: "Outage".into(),
            maintenance: false,
            impact: None,
            affected: vec![],
            started: None,
            window: None,
            summary: String::new(),
            entries: vec![import::Entry {
                at,
                status: bulletin::model::UpdateStatus::Resolved,
                changes: vec![],
                body: String::new(),
            }],
            sections: vec![],
        };
        let imported = Imported {
            title: "Big".into(),
            base_url: "https://status.big.example/".into(),
            timezone: "UTC".into(),
            products: vec![],
            incidents: (0..n).map(incident).collect(),
            report: import::Report::default(),
        };
        let site = tempfile::tempdir().unwrap();
        let target = import::write::Target {
            root: site.path().to_path_buf(),
            dry_run: true,
            source: "statuspage",
            add_components: false,
            extras: vec![],
        };
        let mut report = None;
        let steps = counted(|| report = Some(import::write::write(imported, &target).unwrap()));
        let report = report.unwrap();
        assert_eq!(
            report.created.len(),
            n + 1,
            "bulletin.yaml and every incident"
        );
        assert!(
            report
                .created
                .iter()
                .any(|f| f.ends_with(&format!("2026-10-05-outage-{n}.md"))),
            "{:?}",
            &report.created[..3]
        );
        assert!(steps <= 3 * n as u64, "{n} incidents: {steps} steps");
    }
}

/// 4,000 and 40,000 `track` updates in one cState issue (behind other shortcodes): the
/// shortcode scan reads the body a bounded number of times.
#[test]
fn cstate_track_updates_are_linear() {
    for n in [4_000, 40_000] {
        let src = tempfile::tempdir().unwrap();
        std::fs::write(
            src.path().join("config.yml"),
            "title: Big\nparams:\n  systems:\n    - name: Gateway\n",
        )
        .unwrap();
        let issues = src.path().join("content/issues");
        std::fs::create_dir_all(&issues).unwrap();
        let mut body = String::new();
        for i in 0..n {
            let (h, m, s) = (i / 3600, (i / 60) % 60, i % 60);
            body.push_str(&format!(
                "*Update* - step {i} {{{{< x >}}}} {{{{< track \"2026-06-01 {h:02}:{m:02}:{s:02}\" >}}}}\n\n"
            ));
        }
        let text = format!(
            "---\ntitle: Long\ndate: 2026-06-01 00:00:00\nseverity: down\naffected:\n  - Gateway\n---\n{body}"
        );
        std::fs::write(issues.join("2026-06-01-long.md"), &text).unwrap();
        let mut imported = None;
        let steps =
            counted(|| imported = Some(import::cstate::read(Path::new(src.path())).unwrap()));
        assert_eq!(imported.unwrap().incidents[0].entries.len(), n);
        assert!(
            steps <= 2 * text.len() as u64,
            "{n} updates, {} bytes: {steps} steps",
            text.len()
        );
    }
}
