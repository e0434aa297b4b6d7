//! `bulletin serve` moves with the clock: what time alone changes is re-rendered without a
//! file change (issue 14), a timeline entry or a postmortem dated ahead (issue 22) included. A real server on a free loopback port, on the real clock.
#![cfg(feature = "serve")]

use std::time::{Duration, Instant};

use crate::support::serve::*;
use crate::support::*;
use jiff::{SignedDuration, Timestamp};

/// How far ahead the entry (or postmortem) is dated: long enough for the server to start and show the page
/// without it first, on a busy machine.
const AHEAD: SignedDuration = SignedDuration::from_secs(6);

#[test]
fn an_entry_dated_ahead_appears_when_its_time_comes_without_a_file_change() {
    let site = TestSite::new(&CONFIG.replace("timezone: Asia/Shanghai", "timezone: UTC"));
    let now = Timestamp::now();
    let local = |t: Timestamp| t.strftime("%Y-%m-%d %H:%M:%S").to_string();
    let due = now + AHEAD;
    site.write(
        "incidents/login.md",
        &format!(
            "---\ntitle: Login failures\naffected:\n  wechat/login: major_outage\n---\n\n## Timeline\n\n### {} · investigating\nLooking.\n\n### {} · identified\nCame due.\n",
            local(now - SignedDuration::from_hours(1)),
            local(due)
        ),
    );
    let server = Server::start(&site);
    let first = server.get("/incidents/login/");
    assert_eq!(first.status, 200);
    // Only a page fetched before the entry's time tells whether it was held back.
    if Timestamp::now() < due - SignedDuration::from_millis(500) {
        assert!(!first.body.contains("Came due."), "shown before its time");
    }
    while Timestamp::now() < due {
        std::thread::sleep(Duration::from_millis(100));
    }
    let waited = Instant::now();
    loop {
        let page = server.get("/incidents/login/");
        if page.body.contains("Came due.") {
            break;
        }
        assert!(
            waited.elapsed() < Duration::from_secs(10),
            "the entry did not appear within 10 s of its time; server said:\n{}",
            server.said()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let front = server.get("/");
    assert!(front.body.contains("Identified"), "{}", front.body);
    assert_eq!(server.rebuilds(), 0, "no file changed:\n{}", server.said());
    server.wait_said("time passed", |said| said.contains("time passed: "));
}

#[test]
fn serve_wakes_at_the_next_due_moment_at_most_a_minute_apart_and_never_on_a_fixed_clock() {
    use bulletin::build::{Clock, Options};
    use bulletin::serve::live::{LiveSite, TICK};
    let site = TestSite::new(CONFIG);
    site.write("incidents/login.md", GOOD_INCIDENT);
    let system = |site: &TestSite| Options {
        clock: Clock::System,
        ..Options::new(site.path())
    };
    let live = LiveSite::new(system(&site)).unwrap();
    // Nothing due: the refresh as the next minute begins (today's bars are measured to the
    // minute), never more than a minute away.
    let asked = Timestamp::now();
    let wait = live.wake_in().unwrap();
    assert!(wait <= TICK + Duration::from_millis(20), "{wait:?}");
    let lands = (asked + SignedDuration::try_from(wait).unwrap()).as_millisecond();
    assert!(
        lands.rem_euclid(60_000) < 1_000,
        "nothing due: wakes {wait:?} after {asked}, not as a minute begins"
    );
    let fixed = Options {
        clock: Clock::Text("2026-11-23 12:00".into()),
        ..Options::new(site.path())
    };
    assert_eq!(
        LiveSite::new(fixed).unwrap().wake_in(),
        None,
        "a fixed now never moves"
    );

    // A maintenance window starting in 20 s: the wake comes then, not a minute later.
    let start = Timestamp::now() + SignedDuration::from_secs(20);
    let zone = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
    let local = |t: Timestamp| {
        t.to_zoned_datetime(zone.clone())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string()
    };
    site.write(
        "incidents/m.md",
        &format!(
            "---\ntitle: Upgrade\nkind: maintenance\nscheduled:\n  start: {}\n  end: {}\naffected:\n  wechat: under_maintenance\n---\n",
            local(start),
            local(start + SignedDuration::from_hours(1))
        ),
    );
    let live = LiveSite::new(system(&site)).unwrap();
    let asked = Timestamp::now();
    let wait = live.wake_in().unwrap();
    // The start, unless a minute begins sooner.
    let to_minute =
        Duration::from_millis(60_000 - asked.as_millisecond().rem_euclid(60_000) as u64);
    let to_start = Duration::try_from(start.duration_since(asked)).unwrap();
    let want = to_start.min(to_minute);
    assert!(
        wait <= want + Duration::from_secs(1) && wait + Duration::from_secs(2) >= want,
        "{wait:?}, wanted about {want:?}"
    );
}

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
