//! `serve` says what the page is not showing yet (issue 27): an entry dated ahead and a
//! promised next update whose time has passed are printed in the terminal and shown in a
//! note at the top of the pages it serves, and never written by `build`.
#![cfg(feature = "serve")]

use crate::support::serve::*;
use crate::support::*;

/// 11:05 on a UTC site: the scenario.
const NOW: &str = "2026-11-23 11:05";

const OPEN: &str = "---\ntitle: Login failures\naffected:\n  wechat/login: major_outage\n---\n\n## Timeline\n\n### 2026-11-23 11:00 · investigating\n\nNext update: 11:02\n\nLooking.\n";

#[test]
fn serve_notes_an_entry_dated_ahead_and_a_passed_promise_and_build_never_does() {
    let site = TestSite::new(&CONFIG.replace("timezone: Asia/Shanghai", "timezone: UTC"));
    site.write("incidents/login.md", OPEN);
    let server = Server::start_with(site.path(), &["--now", NOW], &[]);
    let promised = "incidents/login.md: the next update was promised for 11:02 (3 min ago)";
    let page = server.wait_for("/incidents/login/", "the note", |r| {
        r.body.contains("bulletin-serve-note")
    });
    assert!(page.body.contains(promised), "{}", page.body);
    server.wait_said("the note", |said| {
        said.contains(&format!("note: {promised}"))
    });

    site.write(
        "incidents/login.md",
        &format!("{OPEN}\n### 11:10 · monitoring\n\nA fix is out.\n"),
    );
    let ahead = "incidents/login.md: 1 update scheduled for 11:10 (in 5 min), not shown yet";
    let page = server.wait_for("/incidents/login/", "the entry ahead", |r| {
        r.body.contains(ahead)
    });
    // The page itself still says what it said: the entry is held back.
    assert!(!page.body.contains("A fix is out."));
    // The page is published before the terminal line: wait for the line.
    server.wait_said("rebuild #1 and its note", |said| {
        said.find("rebuild #1")
            .is_some_and(|at| said[at..].contains(&format!("note: {ahead}")))
    });

    build(site.path(), None, Some(NOW));
    for file in ["index.html", "incidents/login/index.html"] {
        let built = std::fs::read_to_string(site.out().join(file)).unwrap();
        assert!(!built.contains("bulletin-serve-note"), "{file}");
        assert!(!built.contains("scheduled for"), "{file}");
    }
}

/// On the clock, with no file changed: the note comes when the promise passes and goes when
/// the entry held back comes due (what `serve` re-reads each minute).
#[test]
fn the_notes_follow_the_clock_without_a_file_change() {
    use bulletin::build::{Clock, Options};
    use bulletin::serve::live::LiveSite;
    let site = TestSite::new(&CONFIG.replace("timezone: Asia/Shanghai", "timezone: UTC"));
    site.write(
        "incidents/login.md",
        &format!("{OPEN}\n### 11:10 · monitoring\n\nA fix is out.\n"),
    );
    let at = |time: &str| Options {
        clock: Clock::Text(format!("2026-11-23 {time}")),
        ..Options::new(site.path())
    };
    let texts =
        |live: &LiveSite| -> Vec<String> { live.notes().iter().map(|n| n.text.clone()).collect() };
    let mut live = LiveSite::new(at("11:01")).unwrap();
    assert_eq!(
        texts(&live),
        [
            "incidents/login.md: 1 update scheduled for 11:10 (in 9 min), not shown yet — shown when its time comes; if it has already happened, correct its time"
        ]
    );
    live.set_clock(at("11:05").clock);
    live.tick().unwrap();
    let said = texts(&live);
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said[1].contains("promised for 11:02 (3 min ago)"),
        "{said:?}"
    );
    live.set_clock(at("11:11").clock);
    live.tick().unwrap();
    assert!(texts(&live).is_empty(), "{:?}", texts(&live));
}
