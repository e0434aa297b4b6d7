//! A one-file rebuild patches the last derive instead of deriving again (src/derive/patch.rs):
//! each shortcut it takes keeps serve equal to a fresh build at the same "now" — an incident
//! resolved (its phase, the statuses, its days of uptime), its components changed (the lists
//! of both components and their uptime), a maintenance coming due and ending (an incident
//! not settled is worked out again at every derive), "now" moving to a later minute (every
//! component's uptime measured again), and an edit that moves an incident in the order (a
//! whole derive), followed by patches again. Select asks only the incidents worked out
//! whether their phase changed: the maintenance coming due under an edit of another file
//! must still get its page. Each step says whether it patched, so a patch that stopped being
//! taken fails here too.

use std::path::PathBuf;

use super::equals_build_cases::{assert_same_at, options_at};
use crate::support::*;
use bulletin::build::Clock;
use bulletin::serve::live::LiveSite;

/// A resolved incident of March 2026 on `component`.
fn resolved(title: &str, component: &str, day: usize) -> String {
    format!(
        "---\ntitle: {title}\naffected:\n  {component}: partial_outage\n---\nSummary.\n\n## Timeline\n\n### 2026-03-{day:02} 10:00 · investigating\nLooking.\n\n### 11:00 · resolved\nFixed.\n"
    )
}

/// An incident open since the morning of 2026-11-23, on `component`.
fn open(component: &str) -> String {
    format!(
        "---\ntitle: Open\naffected:\n  {component}: major_outage\n---\nS.\n\n## Timeline\n\n### 2026-11-23 09:00 · investigating\nDown.\n"
    )
}

/// Maintenance of QQ Mail from 12:30 to 13:30 on 2026-11-23, announced the day before.
const MAINTENANCE: &str = "---\ntitle: Upgrade\nkind: maintenance\naffected:\n  qq/mail: under_maintenance\nscheduled:\n  start: 2026-11-23 12:30\n  end: 2026-11-23 13:30\n---\nS.\n\n## Timeline\n\n### 2026-11-22 10:00 · scheduled\nPlanned.\n";

/// A served site with twelve resolved incidents, one open and one maintenance ahead, and
/// the steps through it.
struct Steps {
    site: TestSite,
    live: LiveSite,
    now: String,
}

impl Steps {
    fn new() -> Steps {
        Steps::at("2026-11-23 12:00")
    }

    /// [`Steps::new`] served from `now`.
    fn at(now: &str) -> Steps {
        let site = TestSite::new(CONFIG);
        for n in 0..12 {
            let component = ["wechat/login", "wechat/pay", "qq/mail"][n % 3];
            let text = resolved(&format!("Incident {n}"), component, 2 + n);
            site.write(&format!("incidents/i{n:02}.md"), &text);
        }
        site.write("incidents/open.md", &open("wechat/login"));
        site.write("incidents/maint.md", MAINTENANCE);
        let live = LiveSite::new(options_at(&site, now)).expect("initial build");
        let now = now.to_string();
        Steps { site, live, now }
    }

    /// Writes `text` to `rel`, rebuilds, and checks serve equals a build; whether derive
    /// patched (went through fewer incidents than there are).
    fn edit(&mut self, rel: &str, text: &str, step: &str) -> bool {
        self.site.write(rel, text);
        let rebuilt = self.live.update(&[PathBuf::from(rel)]).expect("rebuilds");
        assert_same_at(&self.live, &self.site, &self.now, step);
        rebuilt.derive_went_through < 14
    }

    /// Moves the clock to `now` and re-renders what time changed, as `serve` does at each
    /// minute; the same checks as [`Steps::edit`].
    fn tick(&mut self, now: &str, step: &str) -> bool {
        self.now = now.to_string();
        self.live.set_clock(Clock::Text(self.now.clone()));
        let rebuilt = self.live.tick().expect("ticks");
        assert_same_at(&self.live, &self.site, &self.now, step);
        rebuilt.derive_went_through < 14
    }
}

#[test]
fn each_patch_of_the_last_derive_equals_a_build() {
    let mut steps = Steps::new();
    let resolved_open = format!("{}\n### 11:30 · resolved\nBack.\n", open("wechat/login"));
    let patched = steps.edit("incidents/open.md", &resolved_open, "resolved");
    assert!(patched, "resolving an incident patches");
    let elsewhere = resolved_open.replace("wechat/login", "qq");
    let patched = steps.edit("incidents/open.md", &elsewhere, "components changed");
    assert!(patched, "changing its components patches");
    // The maintenance is due at 12:30: an edit of another file then (nothing live to tick
    // for) works it out again, and its page is rendered for its new phase.
    steps.now = "2026-11-23 12:30".to_string();
    steps.live.set_clock(Clock::Text(steps.now.clone()));
    let renamed = resolved("Renamed", "wechat/login", 2);
    let patched = steps.edit("incidents/i00.md", &renamed, "maintenance due");
    assert!(patched, "a maintenance coming due is patched in");
    let reopened = open("wechat/pay");
    let patched = steps.edit("incidents/open.md", &reopened, "open again, elsewhere");
    assert!(patched, "reopening it patches");
    let patched = steps.tick("2026-11-23 12:31", "a minute later");
    assert!(
        patched,
        "the minute moving measures every uptime again in a patch"
    );
    let moved = resolved("Moved", "wechat/login", 20);
    let patched = steps.edit("incidents/i00.md", &moved, "moved");
    assert!(!patched, "an incident moving in the order is derived anew");
    let renamed = resolved("Moved, renamed", "qq/mail", 20);
    let patched = steps.edit("incidents/i00.md", &renamed, "after a whole derive");
    assert!(patched, "a whole derive can be patched");
    let patched = steps.tick("2026-11-23 13:30", "maintenance over");
    assert!(patched, "the maintenance ending is patched in");
    let product = resolved("One", "qq", 3);
    let patched = steps.edit("incidents/i01.md", &product, "a product-wide incident");
    assert!(patched, "an incident moving to a whole product patches");
}

/// An edit saved minutes after the last rebuild, before any tick: what time moved (the open
/// incident's "ongoing for", its components' bars for today) is rendered with the edit, as
/// a tick would, so every page says the same minute.
#[test]
fn an_edit_minutes_later_re_renders_what_time_moved() {
    let mut steps = Steps::new();
    steps.now = "2026-11-23 12:07".to_string();
    steps.live.set_clock(Clock::Text(steps.now.clone()));
    let renamed = resolved("Renamed", "qq/mail", 2);
    let patched = steps.edit("incidents/i00.md", &renamed, "another file, minutes later");
    assert!(patched, "an edit minutes later patches");
}

/// An edit the check refuses is applied all the same, and the pages that showed the old
/// version still show it: once the site is mended, whatever file the good rebuild is for,
/// they are rendered again (the incident left Login for Mail while another file was broken,
/// or in the refused edit itself).
#[test]
fn what_refused_edits_moved_is_rendered_once_the_site_is_mended() {
    let untimed = |text: String| text.replace("## Timeline", "## Notes").replace("### ", "");
    let mut steps = Steps::new();
    let good = resolved("Incident 4", "wechat/pay", 6);
    steps.site.write("incidents/i04.md", &untimed(good.clone()));
    let refused = steps.live.update(&[PathBuf::from("incidents/i04.md")]);
    assert!(refused.is_err(), "an incident with no timeline is refused");
    steps
        .site
        .write("incidents/i00.md", &resolved("Incident 0", "qq/mail", 2));
    let refused = steps.live.update(&[PathBuf::from("incidents/i00.md")]);
    assert!(refused.is_err(), "still refused: i04 is broken");
    steps.edit("incidents/i04.md", &good, "another file mended");

    let bad = untimed(resolved("Incident 1", "qq/mail", 3));
    steps.site.write("incidents/i01.md", &bad);
    assert!(
        steps
            .live
            .update(&[PathBuf::from("incidents/i01.md")])
            .is_err()
    );
    let on_mail = resolved("Incident 1", "qq/mail", 3);
    steps.edit(
        "incidents/i01.md",
        &on_mail,
        "the same file mended elsewhere",
    );
}

/// Dates of the current year are written without it: in a new year, last year's dates get
/// theirs on every page, whatever the kept texts said (a tick, and an edit, past midnight).
#[test]
fn a_new_year_writes_last_years_dates_with_their_year() {
    let mut steps = Steps::at("2026-12-31 23:58");
    steps.tick("2027-01-01 00:01", "new year, a tick");
    let mut steps = Steps::at("2026-12-31 23:58");
    steps.now = "2027-01-01 00:01".to_string();
    steps.live.set_clock(Clock::Text(steps.now.clone()));
    let renamed = resolved("Renamed", "wechat/login", 2);
    steps.edit("incidents/i00.md", &renamed, "new year, an edit");
}

/// Every page states the zone's offset at "now": when daylight saving ends (New York,
/// 2026-11-01 02:00 EDT → 01:00 EST) a tick and an edit after it give every page the new
/// offset, as a build then does, not only the pages the edit selects.
#[test]
fn the_end_of_daylight_saving_changes_every_page_s_offset() {
    let resolved_on = |title: &str, component: &str, day: usize| {
        format!(
            "---\ntitle: {title}\naffected:\n  {component}: partial_outage\n---\nS.\n\n## Timeline\n\n### 2026-10-{day:02} 22:00 · investigating\nL.\n\n### 2026-10-{day:02} 23:30 · resolved\nF.\n"
        )
    };
    let zone = CONFIG.replace("timezone: Asia/Shanghai", "timezone: America/New_York");
    assert_ne!(zone, CONFIG, "the test config names its zone");
    let site = TestSite::new(&zone);
    for n in 0..6 {
        let component = ["wechat/login", "wechat/pay", "qq/mail"][n % 3];
        let text = resolved_on(&format!("Incident {n}"), component, 20 + n);
        site.write(&format!("incidents/i{n:02}.md"), &text);
    }
    let mut live = LiveSite::new(options_at(&site, "2026-11-01 01:10")).expect("initial build");
    for now in ["2026-11-01 03:00", "2026-11-02 00:10"] {
        live.set_clock(Clock::Text(now.to_string()));
        live.tick().expect("ticks");
        assert_same_at(&live, &site, now, &format!("tick at {now}"));
        let renamed = resolved_on(&format!("Renamed at {now}"), "qq/mail", 23);
        site.write("incidents/i03.md", &renamed);
        live.update(&[PathBuf::from("incidents/i03.md")])
            .expect("rebuilds");
        assert_same_at(&live, &site, now, &format!("edit at {now}"));
    }
}
