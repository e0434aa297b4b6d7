//! The output folder is replaced in one step: while `bulletin build` runs again and again, a
//! reader polling the output never finds a page missing or cut short. A swap that deletes the
//! old site before renaming the new one in leaves the site missing (or part of it) for as long
//! as the deletion takes, which the first test sees; one that moves the old site aside first
//! leaves it missing for a few microseconds between two renames, which the second test, with
//! a thousand swaps, sees.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crate::support::*;
use bulletin::output::{OutputFile, Source, write_site};

/// Incidents in the site: enough that removing an old site takes a while.
const INCIDENTS: usize = 300;
/// Consecutive builds watched by the reader.
const BUILDS: usize = 15;

/// A site of `INCIDENTS` incidents over three features and several months; incident 0's title
/// carries `version`, so each build changes it.
fn write_incidents(site: &TestSite, version: usize) {
    let components = ["wechat/login", "wechat/pay", "qq/mail"];
    for i in 0..INCIDENTS {
        let title = if i == 0 {
            format!("Incident 0 version {version}")
        } else {
            format!("Incident {i}")
        };
        let (month, day) = (1 + (i / 28) % 12, 1 + i % 28);
        let text = format!(
            "---\ntitle: {title}\naffected:\n  {}: partial_outage\n---\nSummary {i}.\n\n## Timeline\n\n### 2025-{month:02}-{day:02} 10:00 · investigating\nLooking.\n\n### 11:00 · resolved\nFixed.\n",
            components[i % 3]
        );
        site.write(&format!("incidents/i{i:04}.md"), &text);
    }
}

/// Files the reader checks: the front page and pages, feeds and API files deep in the tree.
const WATCHED: &[&str] = &[
    "index.html",
    "incidents/i0000/index.html",
    "incidents/i0150/index.html",
    "incidents/i0299/index.html",
    "history/index.html",
    "history/2025-06/index.html",
    "components/wechat/login/index.html",
    "components/qq/mail/rss.xml",
    "rss.xml",
    "feed.json",
    "api/v2/summary.json",
];

/// Whether `bytes` is a whole file of its kind: HTML and XML end with their closing root tag,
/// JSON parses.
fn complete(path: &str, bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let end = text.trim_end();
    if path.ends_with(".html") {
        end.ends_with("</html>")
    } else if path.ends_with("rss.xml") {
        end.ends_with("</rss>")
    } else {
        serde_json::from_slice::<serde_json::Value>(bytes).is_ok()
    }
}

/// Reads every watched file under `out` until `stop`, checking that each is there and
/// complete. Returns what it found wrong.
fn read_all(out: PathBuf, stop: Arc<AtomicBool>, rounds: Arc<AtomicUsize>) -> Vec<String> {
    let mut problems = Vec::new();
    while !stop.load(Ordering::Relaxed) && problems.len() < 20 {
        for rel in WATCHED {
            match std::fs::read(out.join(rel)) {
                Ok(bytes) if complete(rel, &bytes) => {}
                Ok(bytes) => problems.push(format!("{rel}: incomplete ({} bytes)", bytes.len())),
                Err(e) => problems.push(format!("{rel}: {e}")),
            }
        }
        rounds.fetch_add(1, Ordering::Relaxed);
    }
    problems
}

/// Looks up the front page and a deep page under `out` in a tight loop until `stop`: a look-up
/// takes about a microsecond, so this lands even in the few microseconds between the two
/// renames of a swap that moves the old site aside first. Returns what it found missing.
fn look_up(out: PathBuf, stop: Arc<AtomicBool>) -> Vec<String> {
    let paths = [
        out.join("index.html"),
        out.join("incidents/i0150/index.html"),
    ];
    let mut problems = Vec::new();
    while !stop.load(Ordering::Relaxed) && problems.len() < 20 {
        for path in &paths {
            if let Err(e) = std::fs::symlink_metadata(path) {
                problems.push(format!("{}: {e}", path.display()));
            }
        }
    }
    problems
}

#[test]
fn a_reader_never_sees_the_output_missing_or_partial_during_rebuilds() {
    let site = TestSite::new(CONFIG);
    write_incidents(&site, 0);
    build(site.path(), None, None);
    for rel in WATCHED {
        let bytes = std::fs::read(site.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert!(complete(rel, &bytes), "{rel} is complete after a build");
    }

    let stop = Arc::new(AtomicBool::new(false));
    let rounds = Arc::new(AtomicUsize::new(0));
    let reader = {
        let (out, stop, rounds) = (site.out(), Arc::clone(&stop), Arc::clone(&rounds));
        std::thread::spawn(move || read_all(out, stop, rounds))
    };
    let mut rounds_during_builds = Vec::new();
    for version in 1..=BUILDS {
        // Only incident 0 changes: most files are hard-linked from the previous site, as in a
        // real rebuild, and the swap is the only moment the reader could catch.
        site.write(
            "incidents/i0000.md",
            &site.read("incidents/i0000.md").replace(
                &format!("version {}", version - 1),
                &format!("version {version}"),
            ),
        );
        let before = rounds.load(Ordering::Relaxed);
        build(site.path(), None, None);
        rounds_during_builds.push(rounds.load(Ordering::Relaxed) - before);
        // Give the reader a moment on the new site before the next swap.
        std::thread::sleep(Duration::from_millis(20));
    }
    stop.store(true, Ordering::Relaxed);
    let problems = reader.join().expect("reader thread");
    assert!(
        problems.is_empty(),
        "the reader found the output missing or incomplete during a rebuild:\n{}",
        problems.join("\n")
    );
    // The reader really was reading while the builds ran (not starved or finished early).
    assert!(
        rounds_during_builds.iter().all(|&r| r > 0),
        "reader rounds per build: {rounds_during_builds:?}"
    );
    let page = site.read("public/incidents/i0000/index.html");
    assert!(
        page.contains(&format!("Incident 0 version {BUILDS}")),
        "the last build is in place"
    );
}

/// Swaps done in a row by the test below: each leaves a gap of a few microseconds if the swap
/// is not one step, and the look-up thread, when it is on a core at that moment, lands in it.
/// A swap of a small site takes about a millisecond, so there are many chances.
const SWAPS: usize = 1000;

/// The swap itself, many times over (in-process, on a small site, so the gap of a non-atomic
/// swap is met hundreds of times rather than the 15 of the test above): the output folder and
/// its pages are there at every instant.
#[test]
fn the_output_is_never_missing_across_many_swaps() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let sources = [Source {
        path: tmp.path().join("site"),
        what: "site folder",
        may_hold_output: true,
    }];
    let site = |n: usize| {
        vec![
            OutputFile::new("index.html", format!("<html>{n}</html>").into_bytes()),
            OutputFile::new("incidents/i0150/index.html", b"<html></html>".to_vec()),
            OutputFile::new("feed.json", format!("{{\"n\": {n}}}").into_bytes()),
        ]
    };
    write_site(&out, &sources, false, &site(0)).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let looker = {
        let (out, stop) = (out.clone(), Arc::clone(&stop));
        std::thread::spawn(move || look_up(out, stop))
    };
    for n in 1..=SWAPS {
        write_site(&out, &sources, false, &site(n)).unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    let problems = looker.join().expect("look-up thread");
    assert!(
        problems.is_empty(),
        "the output was missing between two swaps:\n{}",
        problems.join("\n")
    );
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        format!("<html>{SWAPS}</html>")
    );
}
