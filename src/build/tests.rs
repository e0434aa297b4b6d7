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
