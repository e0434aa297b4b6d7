//! The oracle: for random histories — overlapping and reopened incidents, component changes,
//! maintenance past, ongoing and upcoming, statements, postmortems dated before and after the
//! instant, across the spring DST change in America/New_York — every surface of a build at a
//! random instant agrees with an independent replay of the timelines written here
//! (`support/oracle/replay.rs`, from docs/format.md, docs/api.md and docs/uptime.md; nothing is
//! asked of the crate). One property per family of surfaces, so each failing family shows as
//! its own test: the API (`api/v2/`), the front and incident pages, component and history
//! pages, the feeds, what is dated after the instant, `api/uptime.json`, the day bars, the
//! calendar and badges, and `bulletin notify`'s dry run, each message at its own event's time.
//!
//! A failure lists every disagreement of the case, one a line: surface (with the group of
//! issue 22 it belongs to where it is a known finding), instant, what the replay says, what the
//! surface says, then the site's files. `PROPTEST_CASES` sets the number of cases (default 16),
//! `PROPTEST_RNG_SEED=<n>` fixes the random sites (docs/testing.md).

use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

use crate::support::oracle::findings::Findings;
use crate::support::oracle::site::{self, CONFIG, EPOCH, Item, SPAN_MINUTES};
use crate::support::oracle::{api, notify, outputs, pages, uptime};

/// A number from the environment, else `default`.
fn env_or(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Few cases and a short shrink: each case is one to three builds, and a failure on a
/// finding still being fixed should not hold the suite for minutes.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: env_or("PROPTEST_CASES", 16),
        max_shrink_iters: env_or("PROPTEST_MAX_SHRINK_ITERS", 16),
        // Failures print the minimal input; no regression files are written into tests/.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Writes the site's files into `root`.
fn write_site(root: &Path, items: &[Item]) {
    std::fs::create_dir_all(root.join("incidents")).unwrap();
    std::fs::write(root.join("bulletin.yaml"), CONFIG).unwrap();
    std::fs::write(root.join("notify.yaml"), notify::NOTIFY_YAML).unwrap();
    for item in items {
        let path = root.join(format!("incidents/{}.md", item.slug));
        std::fs::write(path, site::file(item)).unwrap();
    }
}

/// `bulletin build` at `t` into `out`.
fn build(root: &Path, out: &Path, t: i64) {
    let run = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .env("SOURCE_DATE_EPOCH", t.to_string())
        .env("NO_COLOR", "1")
        .output()
        .expect("run bulletin build");
    assert!(
        run.status.success(),
        "build at {t} failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// A reader of the surfaces of one build, comparing them with the replay.
type Surfaces = fn(&mut Findings, &Path, &[Item], i64);

/// Builds the site at each instant and reads `surfaces` of each build; with `notify`, runs
/// the notify dry run at the latest instant instead.
fn check(items: &[Item], minutes: &[i64], surfaces: Option<Surfaces>) -> Result<(), TestCaseError> {
    // Half a minute past: never on an entry or a window edge (support/oracle/site.rs).
    let instants: Vec<i64> = minutes.iter().map(|m| EPOCH + m * 60 + 30).collect();
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), items);
    let mut f = Findings::default();
    match surfaces {
        Some(read) => {
            for (n, &t) in instants.iter().enumerate() {
                let out = dir.path().join(format!("out-{n}"));
                build(dir.path(), &out, t);
                read(&mut f, &out, items, t);
            }
        }
        None => {
            let last = instants.iter().copied().max().unwrap();
            notify::check(&mut f, dir.path(), items, last);
        }
    }
    let files: Vec<String> = items.iter().map(site::file).collect();
    prop_assert!(
        f.is_empty(),
        "{} disagreement(s):\n{}\n--- the site's incident files ---\n{}",
        f.list.len(),
        f.report(),
        files.join("\n-----\n")
    );
    Ok(())
}

fn front_and_incident_pages(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    pages::front(f, out, items, t);
    pages::incident_pages(f, out, items, t);
}

fn history(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    pages::components_and_history(f, out, items, t);
    pages::month_count(f, out, items, t);
}

/// Everything issue 22's group 6 is about: nothing dated after the instant is published.
fn nothing_dated_later(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    api::dated(f, out, items, t);
    outputs::feeds_dated(f, out, items, t);
    pages::postmortems(f, out, items, t);
}

fn calendar_and_badges(f: &mut Findings, out: &Path, items: &[Item], t: i64) {
    outputs::calendar(f, out, items, t);
    outputs::badges(f, out, items, t);
}

/// A site and one to three instants (minutes of the span).
fn case() -> impl Strategy<Value = (Vec<Item>, Vec<i64>)> {
    (site::site(), prop::collection::vec(0..SPAN_MINUTES, 1..4))
}

proptest! {
    #![proptest_config(config())]

    /// `api/v2/`: page indicator, component statuses, incident and maintenance lists with their
    /// status, impact and `created_at`.
    #[test]
    fn api_agrees_with_the_replay((items, minutes) in case()) {
        check(&items, &minutes, Some(api::api))?;
    }

    /// The front page (banner, component lines, active / in progress / upcoming cards) and
    /// each incident page's status.
    #[test]
    fn pages_agree_with_the_replay((items, minutes) in case()) {
        check(&items, &minutes, Some(front_and_incident_pages))?;
    }

    /// Component pages' statuses, and their "Incident history" and the history pages list only
    /// what has ended.
    #[test]
    fn component_and_history_pages_agree_with_the_replay((items, minutes) in case()) {
        check(&items, &minutes, Some(history))?;
    }

    /// The site's RSS, Atom and JSON feeds: every item published is there.
    #[test]
    fn feeds_agree_with_the_replay((items, minutes) in case()) {
        check(&items, &minutes, Some(outputs::feeds))?;
    }

    /// Nothing dated after the instant is published: the API's `updated_at` (each object's
    /// and the page's) and postmortems, the feeds' dates and postmortems, incident pages'
    /// postmortems.
    #[test]
    fn nothing_dated_later_is_published((items, minutes) in case()) {
        check(&items, &minutes, Some(nothing_dated_later))?;
    }

    /// `maintenance.ics` and every badge.
    #[test]
    fn calendar_and_badges_agree_with_the_replay((items, minutes) in case()) {
        check(&items, &minutes, Some(calendar_and_badges))?;
    }

    /// `api/uptime.json`: each component's down seconds per local day (issue 22, group 4:
    /// the gap between a resolution and a reopening is not down time).
    #[test]
    fn uptime_agrees_with_the_replay((items, minutes) in case()) {
        check(&items, &minutes, Some(uptime::check))?;
    }

    /// The day bars of component pages: each day's colour is the worst status of that day.
    #[test]
    fn day_bars_agree_with_the_replay((items, minutes) in case()) {
        check(&items, &minutes, Some(uptime::bars))?;
    }

    /// `notify --dry-run --announce-all`: each message states the replay at its event's time.
    #[test]
    fn notify_states_each_events_own_time((items, minutes) in case()) {
        check(&items, &minutes, None)?;
    }
}
