//! A patched derive equals a whole derive at the same "now", field by field, on the example
//! site: after each incident is edited (its title, its impact, its components, an entry
//! appended that is due later, its end taken away), at instants before, during and after its
//! times, "now" staying or moving on (far enough for the days measured to leave incidents
//! behind), and after a second edit that undoes the first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::super::{Derived, Settled, derive, derive_with};
use crate::config::Config;
use crate::model::Checked;

/// The example site's catalogue and its incident files (path, text), translations left out.
fn acme() -> (Config, Vec<(PathBuf, String)>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
    let text = std::fs::read_to_string(root.join("bulletin.yaml")).unwrap();
    let config = crate::config::parse(&root, &text, None).expect("acme config");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root.join("incidents")).unwrap() {
        let path = entry.unwrap().path();
        let rel = Path::new("incidents").join(path.file_name().unwrap());
        if crate::content::translation::translation_of(&config, &rel).is_none() {
            files.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
    files.sort();
    (config, files)
}

/// The files' incidents in path order; `None` when one does not check.
fn checked(config: &Config, files: &[(PathBuf, String)]) -> Option<Vec<Checked>> {
    let each = files.iter().map(|(rel, text)| {
        let (inc, problems) = crate::content::parse(config, rel, text);
        let problems = problems
            .into_iter()
            .chain(inc.as_ref().map_or_else(Vec::new, |p| {
                crate::validate::check_incident(config, p)
                    .into_iter()
                    .collect()
            }));
        if problems.into_iter().any(|d| d.is_error()) {
            return None;
        }
        inc.and_then(|p| p.checked())
    });
    each.collect()
}

/// The edits made to one incident's text.
fn edits(text: &str) -> Vec<String> {
    let entry = if text.contains("kind: maintenance") {
        "\n### 2026-12-09 23:00 · completed\nDone.\n"
    } else {
        "\n### 2026-12-09 23:00 · resolved\nDone.\n"
    };
    vec![
        text.replacen("title: ", "title: Renamed ", 1),
        text.replace("partial_outage", "major_outage")
            .replace("degraded_performance", "partial_outage"),
        text.replacen("affected:\n  ", "affected:\n  network: major_outage\n  ", 1),
        format!("{text}{entry}"),
        // Never resolved: it reaches into every day measured after it started.
        text.replace("· resolved", "· monitoring")
            .replace("· completed", "· in_progress"),
    ]
}

/// Every field a render reads is the same in both (the maps in a fixed order); a difference
/// is named, not printed (the uptime of a component is 90 days long).
fn assert_same(patched: &Derived, whole: &Derived, what: &str) {
    let fields = |d: &Derived| {
        let by_component: BTreeMap<_, _> = d.by_component.iter().collect();
        let uptime: BTreeMap<_, _> = d.uptime.iter().collect();
        [
            format!("{:?}", (d.now, d.next_due)),
            format!("{:?}", d.incidents),
            format!("{:?}", d.states),
            format!("{:?}", (&d.products, d.overall)),
            format!("{:?}", (&d.active, &d.maintenance_in_progress)),
            format!("{:?}", d.maintenance_upcoming),
            format!("{:?}", d.by_month),
            format!("{by_component:?}"),
            format!("{uptime:?}"),
        ]
    };
    let names = [
        "now, next due",
        "incidents",
        "states",
        "statuses",
        "active, in progress",
        "upcoming",
        "months",
        "components",
        "uptime",
    ];
    let (ours, theirs) = (fields(patched), fields(whole));
    for ((name, a), b) in names.iter().zip(&ours).zip(&theirs) {
        assert!(a == b, "{what}: {name} differ");
    }
}

fn at(t: &str) -> Timestamp {
    t.parse().unwrap()
}

/// Derives `before` at `then` in a session, edits to `after` at `now` (patched when it
/// can be) and back to `before`: each equals a whole derive. Whether both were patched.
fn edit_and_undo(
    config: &Config,
    (before, after): (&[Checked], &[Checked]),
    (then, now): (Timestamp, Timestamp),
    what: &str,
) -> bool {
    let settled = Settled::default();
    settled.keep_last(derive_with(config, before.to_vec(), then, Some(&settled)));
    let patched = derive_with(config, after.to_vec(), now, Some(&settled));
    assert_same(&patched, &derive(config, after.to_vec(), now), what);
    let once = patched.went_through < after.len();
    settled.keep_last(patched);
    let undone = derive_with(config, before.to_vec(), now, Some(&settled));
    let what = format!("{what}, undone");
    assert_same(&undone, &derive(config, before.to_vec(), now), &what);
    once && undone.went_through < before.len()
}

#[test]
fn a_patched_derive_is_a_whole_derive() {
    let (config, files) = acme();
    let before = checked(&config, &files).expect("acme checks");
    // The days measured leave incidents behind from the first to the second instant (a whole
    // derive: incidents come due between them) and from the last but one to the last.
    let instants = [
        "2026-10-01T00:00:00Z",
        "2026-11-20T12:00:00Z",
        "2026-12-09T01:30:00Z",
        "2026-12-09T23:30:00Z",
        "2026-12-10T09:00:00Z",
        "2027-02-01T00:00:00Z",
    ];
    let mut patched = 0;
    for (k, (_, text)) in files.iter().enumerate() {
        for (e, edited) in edits(text).into_iter().enumerate() {
            let mut changed = files.clone();
            changed[k].1 = edited;
            let Some(after) = checked(&config, &changed) else {
                continue;
            };
            for (i, then) in instants.iter().enumerate() {
                for now in &instants[i..] {
                    let what = format!("{}, edit {e}, {then} → {now}", files[k].0.display());
                    let pair = (&before[..], &after[..]);
                    patched +=
                        usize::from(edit_and_undo(&config, pair, (at(then), at(now)), &what));
                }
            }
        }
    }
    // Most of them: an edit moving an incident (its start) is a whole derive.
    assert!(patched > 100, "only {patched} were patched");
}
