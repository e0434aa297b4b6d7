//! Watching the site's sources and rebuilding after changes.
//!
//! Events are debounced (notify-debouncer-full) and every batch that piles up while a rebuild
//! runs is merged into the next one, so an editor's save-by-rename, a swap file or a `git
//! checkout` touching a thousand files each cause one rebuild, not one per event.
//!
//! The watch is placed on the canonical root (symbolic links resolved), and every event path is
//! read against each name the root goes by, so a `--root` reached through a link, or an
//! `incidents/` that is a link to a folder inside the root, still rebuilds on every save.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tower_livereload::Reloader;

use super::Shared;
use super::live::{LiveSite, Rebuilt};
use super::notes;
use crate::build::Options;

/// How long the watcher waits for a burst of events to end.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// How long the rebuild loop waits for the watcher to stay quiet before rebuilding. A burst
/// of many files (a `git checkout`) reaches it in several batches, and on a busy machine the
/// gap between two can exceed the debounce: 30 ms split a 500-file checkout into two
/// rebuilds about one time in eight under load, 100 ms did not in the test's runs. A single
/// save still shows in well under a blink.
const GATHER_QUIET: Duration = Duration::from_millis(100);

/// What a batch of changes asks for.
#[derive(Debug, PartialEq, Eq)]
enum Work {
    Nothing,
    /// These incident files changed (relative to the root).
    Incidents(Vec<PathBuf>),
    /// Config, theme or folder structure changed.
    Everything,
}

/// Keeps the watcher alive; dropping it stops watching.
pub(super) struct Watching {
    _debouncer: Box<dyn std::any::Any + Send>,
}

/// Starts watching `options.root` and rebuilding into `shared`.
/// The first build happens here, after the watch is in place.
pub(super) fn start(
    options: Options,
    shared: Arc<Shared>,
    reloader: Reloader,
) -> Result<Watching, String> {
    let (tx, rx) = channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(DEBOUNCE, None, tx).map_err(|e| format!("cannot watch files: {e}"))?;
    let roots = Roots::new(&options.root, &options.output_dir());
    debouncer
        .watch(&roots.canonical, RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch {}: {e}", options.root.display()))?;
    let live = match LiveSite::new(options.clone()) {
        Ok(live) => {
            shared.publish(&live);
            notes::say(live.notes());
            Some(live)
        }
        Err(diagnostics) => {
            crate::terminal::err(&shared.fail(&diagnostics, &options.root));
            None
        }
    };
    std::thread::Builder::new()
        .name("bulletin-rebuild".into())
        .spawn(move || rebuild_loop(options, &roots, live, &shared, &reloader, &rx))
        .map_err(|e| e.to_string())?;
    Ok(Watching {
        _debouncer: Box::new(debouncer),
    })
}

/// The names under which the watcher may report a path of the site.
#[derive(Debug)]
struct Roots {
    /// The root with every link resolved: what is watched.
    canonical: PathBuf,
    /// The root as given (through a link, perhaps).
    given: PathBuf,
    /// Where `incidents/` leads when it is a link to a folder inside the root: the watcher
    /// may name its files by that path rather than through the link.
    incidents_target: Option<PathBuf>,
    /// The output folder relative to the root, when inside it: its changes are never sources.
    output: Option<PathBuf>,
}

impl Roots {
    fn new(root: &Path, output: &Path) -> Roots {
        let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let incidents = canonical.join(crate::content::INCIDENTS_DIR);
        let incidents_target = incidents
            .canonicalize()
            .ok()
            .filter(|t| *t != incidents && t.starts_with(&canonical));
        let output = output
            .strip_prefix(root)
            .map(Path::to_path_buf)
            .ok()
            .or_else(|| {
                let real = output.canonicalize().ok()?;
                real.strip_prefix(&canonical).map(Path::to_path_buf).ok()
            });
        Roots {
            canonical,
            given: root.to_path_buf(),
            incidents_target,
            output,
        }
    }

    /// `path` relative to the root, whichever name of the root or of `incidents/` it uses;
    /// `None` for paths outside the site and in the output folder.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let target = self.incidents_target.as_deref();
        if let Some(rest) = target.and_then(|t| path.strip_prefix(t).ok()) {
            return Some(Path::new(crate::content::INCIDENTS_DIR).join(rest));
        }
        let rel = path
            .strip_prefix(&self.canonical)
            .or_else(|_| path.strip_prefix(&self.given))
            .ok()?;
        let in_output = self.output.as_deref().is_some_and(|o| rel.starts_with(o));
        (!in_output).then(|| rel.to_path_buf())
    }
}

fn rebuild_loop(
    options: Options,
    roots: &Roots,
    mut live: Option<LiveSite>,
    shared: &Shared,
    reloader: &Reloader,
    rx: &Receiver<DebounceEventResult>,
) {
    let mut rebuilds = 0u64;
    loop {
        // Between changes, wake when time alone changes the site (see `LiveSite::wake_in`).
        let wait = live.as_ref().and_then(LiveSite::wake_in);
        let first = match (wait.map(|w| rx.recv_timeout(w)), &mut live) {
            (Some(Err(RecvTimeoutError::Timeout)), Some(site)) => {
                tick(site, shared, reloader);
                continue;
            }
            (Some(Ok(batch)), _) => batch,
            (Some(Err(_)), _) => return,
            (None, _) => match rx.recv() {
                Ok(batch) => batch,
                Err(_) => return,
            },
        };
        let work = gather(roots, first, rx);
        if work == Work::Nothing {
            continue;
        }
        rebuilds += 1;
        let result = match (&mut live, &work) {
            (Some(site), Work::Incidents(changed)) => site.update(changed),
            (Some(site), _) => site.rebuild_all(),
            (None, _) => LiveSite::new(options.clone()).map(|site| {
                let rebuilt = site_summary(&site);
                live = Some(site);
                rebuilt
            }),
        };
        report(rebuilds, result, live.as_ref(), shared, &options.root);
        reloader.reload();
    }
}

/// Publishes a rebuild's output, or its errors, and says which in the terminal.
fn report(
    rebuilds: u64,
    result: Result<Rebuilt, crate::diagnostics::Diagnostics>,
    live: Option<&LiveSite>,
    shared: &Shared,
    root: &Path,
) {
    match result {
        Ok(rebuilt) => {
            if let Some(site) = live {
                shared.publish(site);
            }
            crate::outln!(
                "rebuild #{rebuilds}: {} files rendered in {:.1} ms{}",
                rebuilt.rendered,
                rebuilt.elapsed.as_secs_f64() * 1000.0,
                match rebuilt.warnings.warning_count() {
                    0 => String::new(),
                    n => format!(" ({n} warning(s))"),
                }
            );
            // After every rebuild: the author just saved, and may be the one who slipped.
            notes::say(live.map_or(&[][..], LiveSite::notes));
        }
        Err(diagnostics) => {
            crate::terminal::err(&shared.fail(&diagnostics, root));
            crate::outln!(
                "rebuild #{rebuilds}: failed with {} error(s); still serving the last good build",
                diagnostics.error_count()
            );
        }
    }
}

/// Re-renders what the passing of time changed. A moment that fell due (an entry's time, a
/// window's start) is announced and reloads open pages; the minute's refresh of "generated"
/// and today's uptime bar is silent. On an error the last rebuild's report stands.
fn tick(site: &mut LiveSite, shared: &Shared, reloader: &Reloader) {
    let due = site.is_due();
    if let Ok(rebuilt) = site.tick() {
        // On the clock, only notes that changed (a promise passing, an entry coming due).
        if let Some(notes) = shared.publish(site) {
            notes::say(&notes);
        }
        if due {
            crate::outln!(
                "time passed: {} files re-rendered in {:.1} ms",
                rebuilt.rendered,
                rebuilt.elapsed.as_secs_f64() * 1000.0
            );
            reloader.reload();
        }
    }
}

/// The work asked for by the batch `first` and every batch that follows it closely.
fn gather(roots: &Roots, first: DebounceEventResult, rx: &Receiver<DebounceEventResult>) -> Work {
    let mut paths = BTreeSet::new();
    let mut lost = false;
    let mut collect = |batch: DebounceEventResult| match batch {
        Ok(events) => {
            // Reading a file is an event too (and every rebuild reads files): only changes
            // to content or names count, or serve would rebuild forever.
            let changes = events.into_iter().filter(|e| is_change(&e.event.kind));
            paths.extend(changes.flat_map(|e| e.event.paths));
        }
        // The watcher could not say what changed (e.g. its queue overflowed): reload all.
        Err(_) => lost = true,
    };
    collect(first);
    // A burst (a `git checkout`, a script writing many files) arrives as several batches:
    // keep gathering until the watcher has been quiet for a while.
    while let Ok(more) = rx.recv_timeout(GATHER_QUIET) {
        collect(more);
    }
    if lost {
        Work::Everything
    } else {
        classify(roots, &paths)
    }
}

/// Whether an event kind changes a file's content, name or existence.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

fn site_summary(site: &LiveSite) -> Rebuilt {
    Rebuilt {
        rendered: site.files().len(),
        elapsed: Duration::ZERO,
        warnings: Default::default(),
        stats: Default::default(),
        timed: 0,
        derived: 0,
        indexed: 0,
        ordered: 0,
        derive_went_through: 0,
        listed_years: 0,
        translation_warnings: 0,
        listed: 0,
        list_copied: 0,
        translations_checked: 0,
    }
}

/// Sorts changed paths into the work they need. Output, VCS and editor files are ignored.
fn classify(roots: &Roots, paths: &BTreeSet<PathBuf>) -> Work {
    let mut incidents = Vec::new();
    for path in paths {
        let Some(rel) = roots.relative(path) else {
            continue;
        };
        let rel = rel.as_path();
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let hidden = rel
            .components()
            .any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('.')));
        if hidden || name.ends_with('~') || name.starts_with('#') || rel.starts_with("target") {
            continue;
        }
        if rel == Path::new(crate::config::CONFIG_FILE)
            || ["templates", "static", "i18n", "themes"]
                .iter()
                .any(|d| rel.starts_with(d))
        {
            return Work::Everything;
        }
        if rel.starts_with(crate::content::INCIDENTS_DIR) {
            if crate::content::is_incident_path(rel) {
                incidents.push(rel.to_path_buf());
            } else if path.is_dir() || rel.extension().is_none() {
                // A folder appeared or went away: find out what it held by reloading.
                return Work::Everything;
            }
        }
    }
    if incidents.is_empty() {
        Work::Nothing
    } else {
        Work::Incidents(incidents)
    }
}

#[cfg(test)]
mod tests;
