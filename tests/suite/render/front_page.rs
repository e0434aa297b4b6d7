//! The front page at a glance (issue 26): its past incidents are those that ended in the last 14
//! days, at most five, newest first, with the link to the history (without any, a sentence
//! saying so for that span, or "No past incidents." on a site that has none at all); upcoming
//! maintenance is a short card, a live incident's card keeps its latest update.

use crate::support::*;

/// An incident on WeChat's login from `day` 10:00 to 11:00 (the site's zone).
fn incident(day: &str) -> String {
    format!(
        "---\ntitle: Outage {day}\naffected:\n  wechat/login: major_outage\n---\n## Timeline\n\n\
         ### {day} 10:00 · investigating\nLooking.\n\n### {day} 11:00 · resolved\nFixed.\n"
    )
}

/// The front page of a site with an incident on each of `days`, built at `now`.
fn front_page(days: &[&str], now: &str) -> String {
    let site = TestSite::new(CONFIG);
    for day in days {
        site.write(&format!("incidents/{day}-outage.md"), &incident(day));
    }
    build(site.path(), None, Some(now));
    site.read("public/index.html")
}

/// The front page's past incidents section, from its heading to the end of the page.
fn recent(index: &str) -> &str {
    &index[index.find("id=\"recent-title\"").expect("the section")..]
}

/// The incident titles listed in the past incidents section.
fn recent_titles(index: &str) -> Vec<&str> {
    let section = recent(index);
    section
        .match_indices(">Outage ")
        .map(|(at, _)| section[at + 1..].split('<').next().unwrap())
        .collect()
}

#[test]
fn the_front_page_lists_the_five_latest_that_ended_in_the_last_14_days() {
    // 14 days before the build is 2026-11-09 20:00 in the site's zone (UTC+8): the incident of
    // that morning is out; six are in, of which the five latest are listed.
    let days = [
        "2026-10-01",
        "2026-11-09",
        "2026-11-10",
        "2026-11-12",
        "2026-11-14",
        "2026-11-16",
        "2026-11-18",
        "2026-11-20",
    ];
    let index = front_page(&days, "2026-11-23 20:00");
    assert_eq!(
        recent_titles(&index),
        [
            "Outage 2026-11-20",
            "Outage 2026-11-18",
            "Outage 2026-11-16",
            "Outage 2026-11-14",
            "Outage 2026-11-12"
        ]
    );
    assert!(recent(&index).contains("href=\"./history/\""));
}

#[test]
fn without_a_recent_one_the_front_page_says_so_for_the_14_days() {
    let index = front_page(&["2026-10-01", "2026-11-09"], "2026-11-23 20:00");
    assert!(recent_titles(&index).is_empty(), "{}", recent(&index));
    assert!(recent(&index).contains("No past incidents in the last 14 days."));
    let index = front_page(&[], "2026-11-23 20:00");
    assert!(recent(&index).contains("No past incidents.</p>"));
}

#[test]
fn upcoming_maintenance_is_a_short_card_and_a_live_incident_keeps_its_latest_update() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/2026-12-09-upgrade.md",
        "---\ntitle: Login upgrade\nkind: maintenance\naffected:\n  wechat/login: under_maintenance\n\
         scheduled:\n  start: 2026-12-09 01:00\n  end: 2026-12-09 04:00\n---\n## Timeline\n\n\
         ### 2026-11-18 12:00 · scheduled\nWe upgrade the login servers.\n",
    );
    site.write(
        "incidents/2026-11-23-slow.md",
        "---\ntitle: Slow logins\naffected:\n  wechat/login: degraded_performance\n---\n## Timeline\n\n\
         ### 2026-11-23 10:00 · investigating\nLogins are slow.\n",
    );
    build(site.path(), None, Some("2026-11-23 20:00"));
    let index = site.read("public/index.html");
    let upcoming = &index[index
        .find("id=\"maintenance-next-title\"")
        .expect("maintenance ahead")..];
    let upcoming = &upcoming[..upcoming.find("</section>").unwrap()];
    assert!(
        upcoming.contains("Login upgrade") && upcoming.contains("Login"),
        "{upcoming}"
    );
    assert!(
        !upcoming.contains("We upgrade the login servers."),
        "{upcoming}"
    );
    let active = &index[index
        .find("id=\"active-title\"")
        .expect("an active incident")..];
    assert!(active[..active.find("</section>").unwrap()].contains("Logins are slow."));
}
