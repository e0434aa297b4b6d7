//! `bulletin serve` publishes a postmortem dated ahead when its time comes, as it does an
//! entry (tests/serve_time.rs): the incident page and the API show it then, not before, with
//! no file change. A real server on a free loopback port, on the real clock.
#![cfg(feature = "serve")]

mod common;
mod serve_support;

use std::time::Duration;

use common::*;
use jiff::{SignedDuration, Timestamp};
use serve_support::*;

/// How far ahead the postmortem is dated: long enough for the server to start and show the
/// page without it first, on a busy machine.
const AHEAD: SignedDuration = SignedDuration::from_secs(6);

#[test]
fn a_postmortem_dated_ahead_appears_when_its_time_comes_without_a_file_change() {
    let site = TestSite::new(&CONFIG.replace("timezone: Asia/Shanghai", "timezone: UTC"));
    let now = Timestamp::now();
    let local = |t: Timestamp| t.strftime("%Y-%m-%d %H:%M:%S").to_string();
    let due = now + AHEAD;
    site.write(
        "incidents/login.md",
        &format!(
            "---\ntitle: Login failures\naffected:\n  wechat/login: major_outage\n---\n\n## Timeline\n\n### {} · investigating\nLooking.\n\n### {} · resolved\nFixed.\n\n## Postmortem · {}\n\nWhat went wrong.\n",
            local(now - SignedDuration::from_hours(2)),
            local(now - SignedDuration::from_hours(1)),
            local(due)
        ),
    );
    let server = Server::start(&site);
    let first = server.get("/incidents/login/");
    assert_eq!(first.status, 200);
    // Only a page fetched before the postmortem's time tells whether it was held back.
    if Timestamp::now() < due - SignedDuration::from_millis(500) {
        assert!(
            !first.body.contains("What went wrong."),
            "shown before its time"
        );
        let api = server.get("/api/v2/incidents.json");
        assert!(!api.body.contains("What went wrong."), "{}", api.body);
    }
    while Timestamp::now() < due {
        std::thread::sleep(Duration::from_millis(100));
    }
    server.wait_for("/incidents/login/", "the postmortem", |page| {
        page.body.contains("What went wrong.")
    });
    server.wait_for(
        "/api/v2/incidents.json",
        "the postmortem in the API",
        |api| api.body.contains("What went wrong."),
    );
    assert_eq!(server.rebuilds(), 0, "no file changed:\n{}", server.said());
}
