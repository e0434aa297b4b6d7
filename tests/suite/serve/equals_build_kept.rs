//! A partial render leaves the big files whose inputs did not change as serve holds them
//! (`render::written`): the calendars, the front page, the month and year pages. Each step
//! here changes what one of them shows, and serve must still equal a fresh build.

use std::path::PathBuf;

use super::equals_build_cases::{assert_same, assert_same_at, incident, options, site};
use bulletin::build::Clock;
use bulletin::serve::live::LiveSite;

/// A maintenance on `component` in the window `start`–`end` (2026-11), announced on the 20th.
fn maintenance(title: &str, component: &str, start: &str, end: &str) -> String {
    format!(
        "---\ntitle: {title}\nkind: maintenance\naffected:\n  {component}: under_maintenance\nscheduled:\n  start: 2026-11-{start}\n  end: 2026-11-{end}\n---\nS.\n\n## Timeline\n\n### 2026-11-20 10:00 · scheduled\nPlanned.\n"
    )
}

#[test]
fn the_calendars_follow_a_maintenance_edited_added_and_coming_due() {
    let site = site();
    site.write(
        "incidents/m1.md",
        &maintenance("Pay upgrade", "wechat/pay", "25 01:00", "25 03:00"),
    );
    site.write(
        "incidents/m2.md",
        &maintenance("Mail move", "qq/mail", "23 12:30", "23 14:00"),
    );
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    let mut step = |rel: &str, text: String, name: &str| {
        site.write(rel, &text);
        let rebuilt = live.update(&[PathBuf::from(rel)]).expect("rebuilds");
        assert_same(&live, &site, name);
        rebuilt.stats.kept_files
    };
    let kept = step(
        "incidents/i05.md",
        incident("Incident 5, renamed", "wechat/login", 7),
        "an incident of March renamed",
    );
    assert!(
        kept >= 3,
        "the three calendars are kept ({kept} files kept)"
    );
    step(
        "incidents/m1.md",
        maintenance("Pay upgrade, renamed", "wechat/pay", "25 01:00", "25 03:00"),
        "a maintenance renamed",
    );
    step(
        "incidents/m1.md",
        maintenance("Pay upgrade, renamed", "wechat/pay", "26 01:00", "26 05:00"),
        "a maintenance moved",
    );
    step(
        "incidents/m2.md",
        maintenance("Mail move", "wechat/pay", "23 12:30", "23 14:00"),
        "a maintenance moved to another product",
    );
    step(
        "incidents/m3.md",
        maintenance("Login upgrade", "wechat/login", "24 01:00", "24 02:00"),
        "a maintenance added",
    );
    let later = "2026-11-23 12:45";
    live.set_clock(Clock::Text(later.into()));
    live.tick().expect("tick");
    assert_same_at(&live, &site, later, "a maintenance under way");
}

#[test]
fn the_front_page_month_and_year_pages_follow_what_they_show() {
    let site = site();
    let active = "---\ntitle: Active\naffected:\n  wechat/login: major_outage\n---\nS.\n\n## Timeline\n\n### 2026-11-23 10:00 · investigating\nDown.\n";
    site.write("incidents/active.md", active);
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    let mut step = |rel: &str, text: &str, name: &str| {
        site.write(rel, text);
        live.update(&[PathBuf::from(rel)]).expect("rebuilds");
        assert_same(&live, &site, name);
    };
    // Shown on the front page and on its components' pages, as a card.
    step(
        "incidents/active.md",
        &active.replace("title: Active", "title: Active, renamed"),
        "a live incident renamed",
    );
    step(
        "incidents/active.md",
        &format!("{active}\n### 11:00 · identified\nFound.\n"),
        "a live incident's new entry",
    );
    // Shown as a row of its month's page and of its components' year pages (2026).
    step(
        "incidents/i04.md",
        &incident("Incident 4, renamed", "wechat/login", 6),
        "an incident of March renamed",
    );
    step(
        "incidents/i04.md",
        &incident("Incident 4, renamed", "wechat/login", 6)
            .replace("partial_outage", "major_outage"),
        "an incident of March made worse",
    );
    step(
        "incidents/i04.md",
        &incident("Incident 4, renamed", "wechat/login", 6)
            .replace("### 11:00 · resolved", "### 2026-03-07 11:00 · resolved"),
        "an incident of March that lasted longer",
    );
    // Its text alone: on no list (its rows and the front page stay as they were).
    step(
        "incidents/i04.md",
        &incident("Incident 4, renamed", "wechat/login", 6).replace("Fixed.", "Fixed, at last."),
        "an incident of March with a new word",
    );
}
