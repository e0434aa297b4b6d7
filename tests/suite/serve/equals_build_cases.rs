//! What `serve` holds after a change equals what a fresh `bulletin build` at the same "now"
//! writes, byte for byte (issue 22, group 8): a new incident or a new entry moves facts that
//! other incidents' cached renders embed (a component's `updated_at` and `created_at` in
//! every API incident object that names it).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::support::*;
use bulletin::build::{self, Clock, Options};
use bulletin::serve::live::LiveSite;

const NOW: &str = "2026-11-23 12:00";

pub(super) fn options(site: &TestSite) -> Options {
    options_at(site, NOW)
}

pub(super) fn options_at(site: &TestSite, now: &str) -> Options {
    Options {
        clock: Clock::Text(now.into()),
        ..Options::new(site.path())
    }
}

fn full_build_at(site: &TestSite, now: &str) -> BTreeMap<String, Vec<u8>> {
    let checked = build::check(&options_at(site, now)).expect("site checks");
    let (_, files) = build::render_to_memory(checked).expect("site renders");
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// Every file serve holds is a fresh build's, and no file is only in one of them; on a
/// difference, the first differing line of each differing file.
pub(super) fn assert_same(live: &LiveSite, site: &TestSite, step: &str) {
    assert_same_at(live, site, NOW, step);
}

pub(super) fn assert_same_at(live: &LiveSite, site: &TestSite, now: &str, step: &str) {
    let held: BTreeMap<String, Vec<u8>> = live
        .files()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_vec()))
        .collect();
    let built = full_build_at(site, now);
    let held_only: Vec<_> = held.keys().filter(|k| !built.contains_key(*k)).collect();
    let built_only: Vec<_> = built.keys().filter(|k| !held.contains_key(*k)).collect();
    assert!(
        held_only.is_empty() && built_only.is_empty(),
        "{step}: only in serve {held_only:?}, only in the build {built_only:?}"
    );
    let differing: Vec<String> = built
        .iter()
        .filter(|(path, bytes)| held[*path] != **bytes)
        .map(|(path, bytes)| {
            let (a, b) = (
                String::from_utf8_lossy(&held[path]),
                String::from_utf8_lossy(bytes),
            );
            let (n, (x, y)) = a
                .lines()
                .zip(b.lines())
                .enumerate()
                .find(|(_, (x, y))| x != y)
                .unwrap_or((0, ("", "")));
            format!("{path}, line {}\n  serve: {x}\n  build: {y}", n + 1)
        })
        .collect();
    assert!(
        differing.is_empty(),
        "{step}: {} file(s) differ from a fresh build:\n{}",
        differing.len(),
        differing.join("\n")
    );
}

/// A resolved incident on `component`, on day `day` of 2026-03.
pub(super) fn incident(title: &str, component: &str, day: usize) -> String {
    format!(
        "---\ntitle: {title}\naffected:\n  {component}: partial_outage\n---\nSummary.\n\n## Timeline\n\n### 2026-03-{day:02} 10:00 · investigating\nLooking.\n\n### 11:00 · resolved\nFixed.\n"
    )
}

/// A site of 12 incidents, most of them on WeChat Login, so that the API lists many incident
/// objects embedding the same component.
pub(super) fn site() -> TestSite {
    let site = TestSite::new(CONFIG);
    for n in 0..12 {
        let component = if n % 4 == 3 {
            "qq/mail"
        } else {
            "wechat/login"
        };
        site.write(
            &format!("incidents/i{n:02}.md"),
            &incident(&format!("Incident {n}"), component, 2 + n),
        );
    }
    site
}

#[test]
fn a_new_incident_moves_the_component_objects_of_every_incident_in_the_api() {
    let site = site();
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    assert_same(&live, &site, "initial");
    // The latest incident on Login: Login's `updated_at` moves in every incident that names it.
    site.write("incidents/new.md", &incident("New one", "wechat/login", 20));
    live.update(&[PathBuf::from("incidents/new.md")]).unwrap();
    assert_same(&live, &site, "a new incident");
    let api = String::from_utf8(live.files()["api/v2/incidents.json"].to_vec()).unwrap();
    assert!(api.contains("\"New one\""), "the new incident is listed");
}

#[test]
fn an_edit_that_changes_a_components_latest_update_reaches_every_incident_in_the_api() {
    let site = site();
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    // The latest Login incident resolved days later: Login's `updated_at` moves, and no
    // component's status changes.
    site.write(
        "incidents/i10.md",
        &incident("Incident 10", "wechat/login", 12)
            .replace("### 11:00 · resolved", "### 2026-03-14 09:00 · resolved"),
    );
    live.update(&[PathBuf::from("incidents/i10.md")]).unwrap();
    assert_same(&live, &site, "a later resolution");
    // Moved to another component: both components' objects change.
    site.write(
        "incidents/i10.md",
        &incident("Incident 10", "wechat/pay", 12),
    );
    live.update(&[PathBuf::from("incidents/i10.md")]).unwrap();
    assert_same(&live, &site, "moved to another component");
}

#[test]
fn an_incident_older_than_all_moves_every_components_created_at() {
    let site = site();
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    // The earliest start of the site is every component's `created_at`.
    site.write(
        "incidents/old.md",
        &incident("Old one", "qq/mail", 1).replace("2026-03-01", "2025-01-01"),
    );
    live.update(&[PathBuf::from("incidents/old.md")]).unwrap();
    assert_same(&live, &site, "an older incident");
    std::fs::remove_file(site.path().join("incidents/old.md")).unwrap();
    live.update(&[PathBuf::from("incidents/old.md")]).unwrap();
    assert_same(&live, &site, "the older incident deleted");
}

/// Derive keeps its last order and places only what changed (`serve/work.rs`): edits that
/// move an incident past others (onto another's start, where the slug decides), files added
/// before and among the others, and deletions keep the order a build sorts.
#[test]
fn edits_that_move_add_and_remove_incidents_keep_a_builds_order() {
    let site = site();
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    let mut step = |writes: &[(&str, Option<String>)], name: &str| {
        for (rel, text) in writes {
            match text {
                Some(t) => site.write(rel, t),
                None => std::fs::remove_file(site.path().join(rel)).unwrap(),
            }
        }
        let changed: Vec<PathBuf> = writes.iter().map(|(rel, _)| PathBuf::from(rel)).collect();
        live.update(&changed).unwrap();
        assert_same(&live, &site, name);
    };
    let moved = |day| Some(incident("Incident 3", "qq/mail", day));
    step(&[("incidents/i03.md", moved(10))], "moved onto i08's start");
    step(&[("incidents/i03.md", moved(1))], "moved to the oldest");
    step(&[("incidents/i03.md", moved(13))], "moved to the newest");
    // Into a month that has a page, of a year Mail has none of: Mail's and QQ's year pages
    // of 2024 appear, and go away when it moves back (the months stay the same).
    let in_2024 =
        |title, component| Some(incident(title, component, 5).replace("2026-03", "2024-03"));
    step(
        &[("incidents/z.md", in_2024("Old", "wechat/login"))],
        "a month of 2024",
    );
    step(
        &[("incidents/i03.md", in_2024("Incident 3", "qq/mail"))],
        "Mail's 2024",
    );
    step(&[("incidents/i03.md", moved(5))], "Mail's 2024 gone");
    let added = Some(incident("Added", "wechat/login", 7));
    step(
        &[("incidents/a.md", added)],
        "a file added first in path order",
    );
    let among = Some(incident("Among", "wechat/pay", 4));
    step(
        &[("incidents/i05b.md", among)],
        "a file added among the others",
    );
    step(&[("incidents/i06.md", None)], "a file deleted");
    let two = [
        ("incidents/i01.md", None),
        ("incidents/i02.md", Some(incident("Two", "qq/mail", 12))),
        ("incidents/i09.md", moved(3)),
    ];
    step(&two, "three files at once");
}

/// Changes of status, of maintenance phase, a deletion and a product-wide incident with a
/// postmortem: serve still holds exactly what a build writes after each.
#[test]
fn status_phase_and_deletion_changes_keep_serve_equal_to_a_build() {
    let site = site();
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    let step = |live: &mut LiveSite, rel: &str, text: Option<&str>, name: &str| {
        match text {
            Some(t) => site.write(rel, t),
            None => std::fs::remove_file(site.path().join(rel)).unwrap(),
        }
        live.update(&[PathBuf::from(rel)]).unwrap();
        assert_same(live, &site, name);
    };
    let active = "---\ntitle: Active\naffected:\n  wechat/login: major_outage\n---\nS.\n\n## Timeline\n\n### 2026-11-23 10:00 · investigating\nDown.\n";
    step(&mut live, "incidents/active.md", Some(active), "active");
    let maint = "---\ntitle: Upgrade\nkind: maintenance\naffected:\n  qq/mail: under_maintenance\nscheduled:\n  start: 2026-11-25 01:00\n  end: 2026-11-25 03:00\n---\nS.\n\n## Timeline\n\n### 2026-11-20 10:00 · scheduled\nPlanned.\n";
    step(
        &mut live,
        "incidents/maint.md",
        Some(maint),
        "upcoming maintenance",
    );
    let running = maint.replace("2026-11-25 01:00", "2026-11-23 11:00");
    step(
        &mut live,
        "incidents/maint.md",
        Some(&running),
        "maintenance in progress",
    );
    step(
        &mut live,
        "incidents/active.md",
        Some(&active.replace("major_outage", "degraded_performance")),
        "less bad",
    );
    step(
        &mut live,
        "incidents/active.md",
        Some(&format!("{active}\n### 11:00 · resolved\nOk.\n")),
        "resolved",
    );
    step(&mut live, "incidents/i03.md", None, "deleted");
    step(
        &mut live,
        "incidents/i05.md",
        Some(
            &incident("Incident 5", "qq", 7)
                .replace("Summary.", "## Postmortem · 2026-03-20 10:00\n\nCause.\n"),
        ),
        "product-wide + postmortem",
    );
}

/// Time passing alone, no file changed: today's bar on every component page is measured "so
/// far" to the minute (its span, and its percentage where the day had down time), so a tick in
/// a later minute re-renders every component page, not only those with something under way.
#[test]
fn a_tick_in_a_later_minute_equals_a_build_at_that_minute() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/today.md",
        "---\ntitle: Earlier today\naffected:\n  wechat/login: partial_outage\n---\nSummary.\n\n## Timeline\n\n### 2026-11-23 10:00 · investigating\nLooking.\n\n### 11:00 · resolved\nFixed.\n",
    );
    let mut live = LiveSite::new(options(&site)).expect("serve loads");
    assert_same(&live, &site, "at first");
    let later = "2026-11-23 12:07";
    live.set_clock(Clock::Text(later.into()));
    live.tick().expect("tick");
    assert_same_at(&live, &site, later, "a tick seven minutes later");
}

/// A site in two languages: serve renders every tree, and after an edit each tree's pages of
/// the incident (and the trees' site-wide files) equal a fresh build's.
#[test]
fn every_language_tree_stays_equal_to_a_build() {
    let config = CONFIG.replace(
        "language: en\n",
        "languages: [en, zh-CN]\ntranslations:\n  zh-CN: {title: 测试状态}\n",
    );
    let site = TestSite::new(&config);
    for n in 0..3 {
        let text = incident(&format!("Incident {n}"), "wechat/login", 2 + n);
        site.write(&format!("incidents/i{n:02}.md"), &text);
    }
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    assert_same(&live, &site, "initial");
    let text = incident("Incident 1", "wechat/login", 3).replace("Fixed.", "Fixed for good.");
    site.write("incidents/i01.md", &text);
    live.update(&[PathBuf::from("incidents/i01.md")]).unwrap();
    assert_same(&live, &site, "an edit");
    let page = |path: &str| String::from_utf8(live.files()[path].to_vec()).unwrap();
    for tree in ["", "zh-CN/"] {
        let html = page(&format!("{tree}incidents/i01/index.html"));
        assert!(html.contains("Fixed for good."), "{tree}: the edit shows");
    }
    assert!(page("zh-CN/index.html").contains("测试状态"));
}

/// A component's uptime bars list the incidents of each day by title, and serve keeps the bars
/// of every component whose days did not change: renaming an incident of the last 90 days must
/// rebuild the bars of its components, and a rename outside them must leave them equal too.
#[test]
fn renaming_an_incident_in_the_uptime_window_renames_it_in_its_components_bars() {
    let site = TestSite::new(CONFIG);
    let text = |title: &str, date: &str| {
        format!(
            "---\ntitle: {title}\naffected:\n  wechat/login: partial_outage\n---\nSummary.\n\n## Timeline\n\n### {date} 10:00 · investigating\nLooking.\n\n### 11:00 · resolved\nFixed.\n"
        )
    };
    site.write("incidents/recent.md", &text("Login slow", "2026-11-20"));
    site.write("incidents/old.md", &text("Login slow", "2025-11-20"));
    let mut live = LiveSite::new(options(&site)).expect("serve loads");
    for (file, date) in [("recent", "2026-11-20"), ("old", "2025-11-20")] {
        let rel = format!("incidents/{file}.md");
        site.write(&rel, &text("Login failures", date));
        live.update(&[PathBuf::from(&rel)]).expect("rebuilds");
        assert_same(&live, &site, &format!("{file} renamed"));
    }
}

/// `api/notify.json` is put together from each incident's entries kept between renders: an
/// entry dated ahead joins it when its time comes (and the incident's page with it), and an
/// entry leaves it when it falls out of the 30 days, as in a fresh build at that moment.
#[test]
fn notify_json_keeps_no_stale_entry_as_time_passes() {
    let site = TestSite::new(CONFIG);
    site.write(
        "incidents/october.md",
        "---\ntitle: October\naffected:\n  qq/mail: partial_outage\n---\nSummary.\n\n## Timeline\n\n### 2026-10-25 10:00 · investigating\nLooking.\n\n### 2026-10-26 11:00 · resolved\nFixed.\n",
    );
    site.write(
        "incidents/today.md",
        "---\ntitle: Today\naffected:\n  wechat/login: partial_outage\n---\nSummary.\n\n## Timeline\n\n### 2026-11-23 10:00 · investigating\nLooking.\n\n### 2026-11-23 14:00 · resolved\nFixed.\n",
    );
    let mut live = LiveSite::new(options(&site)).expect("serve loads");
    assert_same(&live, &site, "at first");
    for later in ["2026-11-23 14:30", "2026-11-25 10:30", "2026-11-27 09:00"] {
        live.set_clock(Clock::Text(later.into()));
        live.tick().expect("tick");
        assert_same_at(&live, &site, later, &format!("a tick at {later}"));
    }
}

// Session 12, render100k: the files a partial render leaves as serve holds them when their
// inputs did not change (`render::written`): the calendars, the front page and `embed.html`,
// the component pages, a month's page and a component's year pages. Each step changes what
// one of them shows, and each must then equal a fresh build.
