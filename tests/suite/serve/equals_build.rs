//! serve equals build (issue 22): after any random sequence of file edits, `serve`'s site in
//! memory ([`LiveSite`], driven in-process as `serve` drives it: `update` with the changed
//! incident files, `rebuild_all` after `bulletin.yaml` changes) is byte-identical, file by
//! file, to a fresh build of the same sources at the same instant.
//!
//! The edits are the ones an author makes: add an incident or a maintenance, append a timeline
//! entry (with or without an `Affects:` line), change a status in the front matter, delete a
//! file, rename a product or the site in `bulletin.yaml`; and several new files at once, as
//! `bulletin import` writes them. The sites are the oracle's
//! (`support/oracle/site.rs`). `tests/suite/serve/incremental.rs` walks one fixed sequence; this walks
//! random ones. A failure names the step, the file that differs and the first difference.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bulletin::build::{self, Clock, Options};
use bulletin::serve::live::LiveSite;
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

use crate::support::oracle::site::{
    self, CONFIG, EPOCH, Entry, Item, Kind, REFS, SPAN_MINUTES, Status,
};

/// One edit of the site's files.
#[derive(Debug, Clone)]
enum Edit {
    /// A new file (its slug is given when applied).
    Add(Item),
    /// Several new files saved at once, as `bulletin import` writes them.
    Import(Vec<Item>),
    /// Append an entry `gap` minutes after the last one of the `n`th file (modulo the count).
    Append {
        n: usize,
        gap: i64,
        word: usize,
        changes: Vec<(usize, Status)>,
    },
    /// Set the front matter's status of a component of the `n`th file.
    SetStatus {
        n: usize,
        r: usize,
        status: Status,
    },
    Delete {
        n: usize,
    },
    /// Replace `bulletin.yaml` with the `n`th variant.
    Config {
        n: usize,
    },
}

/// `bulletin.yaml` variants: renamed site, renamed product, a feature added.
fn config(n: usize) -> String {
    match n % 4 {
        0 => CONFIG.to_string(),
        1 => CONFIG.replace("title: Oracle", "title: Oracle Renamed"),
        2 => CONFIG.replace("name: Database", "name: Storage"),
        _ => CONFIG.replace(
            "      - id: pay\n        name: Pay\n",
            "      - id: pay\n        name: Pay\n      - id: search\n        name: Search\n",
        ),
    }
}

fn status() -> impl Strategy<Value = Status> {
    prop_oneof![
        Just(Status::Degraded),
        Just(Status::Partial),
        Just(Status::Major),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    let changes = prop::collection::vec((0..REFS.len(), status()), 0..3).prop_map(|mut v| {
        v.sort_by_key(|(r, _)| *r);
        v.dedup_by_key(|(r, _)| *r);
        v
    });
    prop_oneof![
        3 => site::site().prop_map(|mut items| Edit::Add(items.remove(0))),
        1 => site::site().prop_map(Edit::Import),
        3 => (any::<usize>(), 1..600i64, 0..4usize, changes).prop_map(|(n, gap, word, changes)| {
            Edit::Append { n, gap, word, changes }
        }),
        2 => (any::<usize>(), 0..REFS.len(), status())
            .prop_map(|(n, r, status)| Edit::SetStatus { n, r, status }),
        1 => any::<usize>().prop_map(|n| Edit::Delete { n }),
        1 => (1..4usize).prop_map(|n| Edit::Config { n }),
    ]
}

/// The word of an appended entry: any the kind allows after the last one (docs/format.md);
/// `None` after a maintenance's `completed` (nothing may follow it).
fn next_word(item: &Item, choice: usize) -> Option<&'static str> {
    let last = item.entries.last().map_or("", |e| e.word);
    Some(match item.kind {
        Kind::Maintenance if matches!(last, "completed" | "cancelled") => return None,
        Kind::Maintenance => ["in_progress", "verifying", "completed"][choice % 3],
        Kind::Incident if last == "resolved" => ["investigating", "identified"][choice % 2],
        Kind::Incident => ["identified", "monitoring", "resolved", "investigating"][choice % 4],
    })
}

/// The site being edited: its items and a counter for fresh slugs.
struct Sources {
    root: PathBuf,
    items: Vec<Item>,
    next: usize,
}

impl Sources {
    fn write(&self, item: &Item) -> PathBuf {
        let rel = PathBuf::from(format!("incidents/{}.md", item.slug));
        std::fs::write(self.root.join(&rel), site::file(item)).unwrap();
        rel
    }

    /// Applies `edit` to the files; returns the incident files changed, or `None` when the
    /// config changed (serve then rebuilds everything).
    fn apply(&mut self, edit: &Edit) -> Option<Vec<PathBuf>> {
        let count = self.items.len().max(1);
        match edit {
            Edit::Add(item) => {
                let mut item = item.clone();
                item.slug = format!("new-{}", self.next);
                self.next += 1;
                let rel = self.write(&item);
                self.items.push(item);
                Some(vec![rel])
            }
            Edit::Import(items) => Some(
                items
                    .iter()
                    .flat_map(|item| self.apply(&Edit::Add(item.clone())).unwrap_or_default())
                    .collect(),
            ),
            Edit::Config { n } => {
                std::fs::write(self.root.join("bulletin.yaml"), config(*n)).unwrap();
                None
            }
            _ if self.items.is_empty() => Some(Vec::new()),
            Edit::Delete { n } => {
                let item = self.items.remove(n % count);
                let rel = PathBuf::from(format!("incidents/{}.md", item.slug));
                std::fs::remove_file(self.root.join(&rel)).unwrap();
                Some(vec![rel])
            }
            Edit::SetStatus { n, r, status } => {
                let item = &mut self.items[n % count];
                if item.kind == Kind::Incident {
                    item.affected.retain(|(x, _)| x != r);
                    item.affected.push((*r, *status));
                    item.affected.sort_by_key(|(x, _)| *x);
                }
                let item = item.clone();
                Some(vec![self.write(&item)])
            }
            Edit::Append {
                n,
                gap,
                word,
                changes,
            } => {
                let item = &mut self.items[n % count];
                let Some(word) = next_word(item, *word) else {
                    return Some(Vec::new());
                };
                // A maintenance's later entries fall inside or after its window: the one in
                // effect, its latest `Window:` line's, else the one first announced.
                let window = item.entries.iter().rev().find_map(|e| e.window);
                let start = window.or(item.window).map_or(i64::MIN, |(start, _)| start);
                let last = item.entries.last().map_or(0, |e| e.minute).max(start);
                let plain = item.kind == Kind::Incident
                    && word != "resolved"
                    && item.entries.last().is_some_and(|e| e.word != "resolved");
                item.entries.push(Entry {
                    minute: last + gap * 2,
                    word,
                    changes: if plain { changes.clone() } else { Vec::new() },
                    window: None,
                    next: None,
                });
                let item = item.clone();
                Some(vec![self.write(&item)])
            }
        }
    }
}

fn options(root: &Path, now: i64) -> Options {
    Options {
        clock: Clock::Epoch(now),
        ..Options::new(root)
    }
}

fn full_build(root: &Path, now: i64) -> BTreeMap<String, Vec<u8>> {
    let checked = build::check(&options(root, now)).expect("the site checks");
    let (_, files) = build::render_to_memory(checked).expect("the site renders");
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// Where two texts first differ, with a little context, and the known finding it looks like.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let at = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let from = at.saturating_sub(120);
    let show = |s: &[u8]| String::from_utf8_lossy(&s[from..(at + 120).min(s.len())]).into_owned();
    let line_start = a[..at]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |p| p + 1);
    let line_end = a[at..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(a.len(), |p| at + p);
    let line = String::from_utf8_lossy(&a[line_start..line_end]);
    let hint = if line.contains("updated_at") || line.contains("created_at") {
        "\n(issue 22, group 8: a component object's time, cached with an incident, is stale)"
    } else {
        ""
    };
    format!(
        "at byte {at}:\n  serve: …{}…\n  build: …{}…{hint}",
        show(a),
        show(b)
    )
}

fn same(live: &LiveSite, root: &Path, now: i64, step: &str) -> Result<(), TestCaseError> {
    let served: BTreeMap<String, Vec<u8>> = live
        .files()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_vec()))
        .collect();
    let built = full_build(root, now);
    let only_served: Vec<_> = served.keys().filter(|k| !built.contains_key(*k)).collect();
    let only_built: Vec<_> = built.keys().filter(|k| !served.contains_key(*k)).collect();
    prop_assert!(
        only_served.is_empty() && only_built.is_empty(),
        "{step}: only in serve {only_served:?}, only in build {only_built:?}"
    );
    for (path, bytes) in &built {
        prop_assert!(
            served[path] == *bytes,
            "{step}: {path} differs from a fresh build {}",
            first_difference(&served[path], bytes)
        );
    }
    Ok(())
}

fn check(items: Vec<Item>, edits: &[Edit], minute: i64) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let now = EPOCH + minute * 60 + 30;
    std::fs::create_dir_all(dir.path().join("incidents")).unwrap();
    std::fs::write(dir.path().join("bulletin.yaml"), CONFIG).unwrap();
    let mut sources = Sources {
        root: dir.path().to_path_buf(),
        items,
        next: 0,
    };
    for item in &sources.items {
        sources.write(item);
    }
    let mut live = LiveSite::new(options(dir.path(), now)).expect("initial build");
    same(&live, dir.path(), now, "initial")?;
    for (n, edit) in edits.iter().enumerate() {
        let step = format!("after edit {n} ({edit:?})");
        match sources.apply(edit) {
            Some(changed) => live.update(&changed).map(drop),
            None => live.rebuild_all().map(drop),
        }
        .unwrap_or_else(|d| panic!("{step}: serve refused the edit: {d:?}"));
        same(&live, dir.path(), now, &step)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(24),
        max_shrink_iters: std::env::var("PROPTEST_MAX_SHRINK_ITERS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// After each edit of a random sequence, serve's files equal a fresh build's.
    #[test]
    fn serve_equals_a_fresh_build_after_any_edits(
        items in site::site(),
        edits in prop::collection::vec(edit(), 1..8),
        minute in 0..SPAN_MINUTES,
    ) {
        check(items, &edits, minute)?;
    }
}
