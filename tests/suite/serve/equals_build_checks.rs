//! serve's check keeps what it found between rebuilds (the list of checked incidents, each
//! file's problems, the slugs' index) and patches it for the files saved since. An edit that
//! brings an error and the edit that mends it: serve refuses the first with exactly the
//! problems `bulletin check` reports (same codes, places, order), and after the second holds
//! exactly what a fresh build writes, with the same warnings.

use std::path::PathBuf;

use crate::support::*;
use bulletin::build::{self, Clock, Options};
use bulletin::diagnostics::Diagnostic;
use bulletin::serve::live::LiveSite;

fn options(site: &TestSite) -> Options {
    Options {
        clock: Clock::Text("2026-11-23 12:00".into()),
        ..Options::new(site.path())
    }
}

/// A resolved incident on Login, on day `day` of 2026-03.
fn incident(title: &str, day: usize) -> String {
    format!(
        "---\ntitle: {title}\naffected:\n  wechat/login: partial_outage\n---\nSummary.\n\n## Timeline\n\n### 2026-03-{day:02} 10:00 · investigating\nLooking.\n\n### 11:00 · resolved\nFixed.\n"
    )
}

/// A site of eight incidents, `incidents/i0.md` … `i7.md`, in `config`.
fn site(config: &str) -> TestSite {
    let site = TestSite::new(config);
    for n in 0..8 {
        site.write(
            &format!("incidents/i{n}.md"),
            &incident(&format!("Incident {n}"), 2 + n),
        );
    }
    site
}

/// Saves `text` at `rel` (deletes it when `None`) and lets serve apply it.
fn save(live: &mut LiveSite, site: &TestSite, rel: &str, text: Option<&str>) -> Outcome {
    match text {
        Some(text) => site.write(rel, text),
        None => std::fs::remove_file(site.path().join(rel)).expect("removed"),
    }
    match live.update(&[PathBuf::from(rel)]) {
        Ok(rebuilt) => Outcome::Built(rebuilt.warnings.into_vec()),
        Err(problems) => Outcome::Refused(problems.into_vec()),
    }
}

/// What serve (or a fresh `bulletin check`) made of the site: its warnings, or its problems.
#[derive(Debug, PartialEq)]
enum Outcome {
    Built(Vec<Diagnostic>),
    Refused(Vec<Diagnostic>),
}

/// Serve's outcome is a fresh check's, and, when built, its files are a fresh build's.
fn assert_as_a_build(live: &LiveSite, site: &TestSite, served: &Outcome, step: &str) {
    let checked = build::check(&options(site));
    let fresh = match &checked {
        Ok(checked) => Outcome::Built(checked.valid.warnings.clone().into_vec()),
        Err(problems) => Outcome::Refused(problems.clone().into_vec()),
    };
    assert_eq!(
        *served, fresh,
        "{step}: serve's problems are a fresh check's"
    );
    let Ok(checked) = checked else {
        return;
    };
    let (_, files) = build::render_to_memory(checked).expect("renders");
    let held = live.files();
    let differing: Vec<&str> = (files.iter())
        .filter(|f| held.get(f.path.as_str()).is_none_or(|b| **b != *f.bytes))
        .map(|f| f.path.as_str())
        .collect();
    assert!(differing.is_empty(), "{step}: differ: {differing:?}");
    assert_eq!(files.len(), held.len(), "{step}: as many files");
}

/// Saves `text` at `rel`, expects serve to refuse (`false`) or build (`true`) it, and holds
/// the outcome to a fresh check and build.
fn step(live: &mut LiveSite, site: &TestSite, rel: &str, text: Option<&str>, builds: bool) {
    let outcome = save(live, site, rel, text);
    let step = format!("{rel} ← {text:?}");
    assert_eq!(
        matches!(outcome, Outcome::Built(_)),
        builds,
        "{step}: {outcome:?}"
    );
    assert_as_a_build(live, site, &outcome, &step);
}

#[test]
fn a_duplicate_slug_comes_and_goes_and_the_list_follows() {
    let site = site(CONFIG);
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    let twin = incident("Twin", 20);
    step(&mut live, &site, "incidents/I3.md", Some(&twin), false);
    // The first of the two goes: the twin stays, alone, and joins the list.
    step(&mut live, &site, "incidents/i3.md", None, true);
    step(&mut live, &site, "incidents/i3.md", Some(&twin), false);
    step(&mut live, &site, "incidents/I3.md", None, true);
}

#[test]
fn an_incident_that_cannot_be_checked_leaves_the_list_and_comes_back() {
    let site = site(CONFIG);
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    let good = incident("Incident 5", 7);
    let untimed = good.replace("## Timeline", "## Notes").replace("### ", "");
    step(&mut live, &site, "incidents/i5.md", Some(&untimed), false);
    step(&mut live, &site, "incidents/i5.md", Some(&good), true);
    // A new file that cannot be checked, mended; a maintenance without its window, mended.
    step(&mut live, &site, "incidents/i9.md", Some(&untimed), false);
    step(&mut live, &site, "incidents/i9.md", Some(&good), true);
    let maintenance = "---\ntitle: Upgrade\nkind: maintenance\nscheduled:\n  start: 2026-03-20 02:00\n  end: 2026-03-20 04:00\naffected:\n  qq/mail: under_maintenance\n---\n\n## Timeline\n\n### 2026-03-19 10:00 · scheduled\nPlanned.\n\n### 2026-03-20 04:00 · completed\nDone.\n";
    let unscheduled = maintenance.replace(
        "scheduled:\n  start: 2026-03-20 02:00\n  end: 2026-03-20 04:00\n",
        "",
    );
    step(
        &mut live,
        &site,
        "incidents/m.md",
        Some(&unscheduled),
        false,
    );
    step(&mut live, &site, "incidents/m.md", Some(maintenance), true);
    // A file that no longer parses leaves the list; mended, it is back in its place.
    step(
        &mut live,
        &site,
        "incidents/i2.md",
        Some("---\ntitle: [\n---\n"),
        false,
    );
    step(
        &mut live,
        &site,
        "incidents/i2.md",
        Some(&incident("Back", 4)),
        true,
    );
    step(&mut live, &site, "incidents/i0.md", None, true);
}

#[test]
fn a_bad_translation_comes_and_goes_with_the_same_problems_as_a_check() {
    let site = site(&CONFIG.replace("language: en", "languages: [en, zh-CN]"));
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    let good = incident("Incident 4", 6)
        .replace("affected:\n  wechat/login: partial_outage\n", "")
        .replace("Incident 4", "事件 4")
        .replace("Summary.", "摘要。")
        .replace("## Timeline", "## 时间线")
        .replace("Looking.", "正在调查。")
        .replace("Fixed.", "已修复。");
    let rel = "incidents/i4.zh-CN.md";
    step(&mut live, &site, rel, Some(&good), true);
    step(
        &mut live,
        &site,
        rel,
        Some(&good.replace("11:00", "11:30")),
        false,
    );
    step(&mut live, &site, rel, Some(&good), true);
    // An entry left untranslated, then translated: the warning comes and goes.
    let short = good.replace("\n\n### 11:00 · resolved\n已修复。\n", "\n");
    assert_ne!(short, good);
    step(&mut live, &site, rel, Some(&short), true);
    step(&mut live, &site, rel, Some(&good), true);
    // The original alone changes so that its translation contradicts it, and back.
    let moved = incident("Incident 4", 6).replace("11:00", "11:30");
    step(&mut live, &site, "incidents/i4.md", Some(&moved), false);
    step(
        &mut live,
        &site,
        "incidents/i4.md",
        Some(&incident("Incident 4", 6)),
        true,
    );
    // Its original goes: the translation is an orphan; back, it is translated again.
    step(&mut live, &site, "incidents/i4.md", None, false);
    // Still an orphan after another file's edit.
    step(
        &mut live,
        &site,
        "incidents/i1.md",
        Some(&incident("One", 3)),
        false,
    );
    step(
        &mut live,
        &site,
        "incidents/i4.md",
        Some(&incident("Incident 4", 6)),
        true,
    );
}

/// What a translated incident lacks is kept only once time changes nothing in it: an entry
/// dated after "now" is not missing yet, and is once its time has come.
#[test]
fn an_untranslated_entry_is_missing_once_its_time_comes() {
    let site = site(&CONFIG.replace("language: en", "languages: [en, zh-CN]"));
    let original = "---\ntitle: Slow\naffected:\n  qq/mail: degraded_performance\n---\nSummary.\n\n## Timeline\n\n### 2026-11-23 10:00 · investigating\nLooking.\n\n### 2026-11-23 13:00 · resolved\nFixed.\n";
    let translation = "---\ntitle: 缓慢\n---\n摘要。\n\n## 时间线\n\n### 2026-11-23 10:00 · investigating\n正在调查。\n";
    site.write("incidents/slow.md", original);
    site.write("incidents/slow.zh-CN.md", translation);
    let mut live = LiveSite::new(options(&site)).expect("initial build");
    for now in ["2026-11-23 12:30", "2026-11-23 14:00"] {
        let clock = Clock::Text(now.into());
        live.set_clock(clock.clone());
        let served = Outcome::Built(live.tick().expect("rebuilds").warnings.into_vec());
        let fresh = build::check(&Options {
            clock,
            ..Options::new(site.path())
        });
        let fresh = Outcome::Built(fresh.expect("checks").valid.warnings.into_vec());
        assert_eq!(served, fresh, "at {now}");
    }
}
