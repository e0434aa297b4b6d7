//! The build's own unit tests (the pipeline end to end is tested in tests/suite/build/).

use super::*;

#[test]
fn a_check_renders_once_and_keeps_nothing_for_a_next_render() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = "title: T\nbase_url: https://status.test/\nlanguage: en\n\
                  products:\n  - id: app\n    name: App\n";
    std::fs::write(dir.path().join("bulletin.yaml"), config).expect("config");
    let options = Options {
        clock: Clock::Text("2026-11-23 12:00".into()),
        ..Options::new(dir.path())
    };
    let rendered = check_render(&options).expect("an empty site checks");
    assert!(rendered.site.renders_once(), "the check kept its caches");
}

/// A build lets go of the session's parsed files once it has checked and derived (the
/// derived state holds the incidents it renders): ≈ 13 MB at 100,000 incidents.
#[test]
fn a_build_keeps_no_parsed_files_beside_the_derived_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = "title: T\nbase_url: https://status.test/\nlanguage: en\n\
                  products:\n  - id: app\n    name: App\n";
    std::fs::write(dir.path().join("bulletin.yaml"), config).expect("config");
    std::fs::create_dir(dir.path().join("incidents")).expect("folder");
    let incident = "---\ntitle: Down\naffected:\n  app: major_outage\n---\n\n## Timeline\n\n\
                    ### 2026-01-01 00:30 · investigating\nLooking.\n\n### 03:30 · resolved\nFixed.\n";
    std::fs::write(dir.path().join("incidents/down.md"), incident).expect("incident");
    let options = Options {
        clock: Clock::Text("2026-11-23 12:00".into()),
        ..Options::new(dir.path())
    };
    let summary = build(&options).expect("builds");
    assert_eq!(summary.incidents, 1);
    assert_eq!(summary.retained._derived.incidents.len(), 1);
    let session = format!("{:?}", summary.retained._site);
    assert!(session.contains("incidents: 0"), "{session}");
}
