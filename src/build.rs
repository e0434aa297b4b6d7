//! The `build` and `check` drivers of the [`Site`] session: load → validate → derive → render
//! → write.
//!
//! `bulletin check` runs the stages without writing; `bulletin build` runs them all into a
//! staging folder and swaps it in only when no stage reported an error.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use jiff::Timestamp;

use crate::config::{self, Config};
use crate::content;
use crate::derive::Derived;
use crate::diagnostics::Diagnostics;
use crate::output::{self, OutputFile, WriteError};
use crate::render::{RenderStats, Selection, Sink};
use crate::site::{Site, Valid};

mod clock;
mod timings;
pub use clock::Clock;
pub use timings::Timings;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub clock: Clock,
    /// Replace an output folder that Bulletin did not create (see [`output::Source`]).
    pub force: bool,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            output: None,
            base_url: None,
            clock: Clock::System,
            force: false,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A site that loaded and validated without errors (it may have warnings).
#[derive(Debug)]
pub struct CheckedSite {
    pub site: Site,
    pub now: Timestamp,
    /// Its incidents, each checked, and the warnings met.
    pub valid: Valid,
}

/// Loads the site and checks it. `Err` carries every problem found, errors and warnings.
pub fn check(options: &Options) -> Result<CheckedSite, Diagnostics> {
    let (mut site, now) = open(options)?;
    site.load_incidents();
    let valid = site.check(now)?;
    Ok(CheckedSite { site, now, valid })
}

/// The site's config, and "now" for it; no incident loaded yet.
fn open(options: &Options) -> Result<(Site, Timestamp), Diagnostics> {
    let site = Site::open(&options.root, options.base_url.as_deref())?;
    let now = options.clock.resolve(site.config()).map_err(|d| {
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(d);
        diagnostics
    })?;
    Ok((site, now))
}

/// What a render produced besides its files (which went to the sink).
#[derive(Debug)]
pub struct Rendered {
    pub derived: Derived,
    /// Warnings met on the way.
    pub diagnostics: Diagnostics,
    pub stats: RenderStats,
    /// The session, with what it kept of this render (see [`Retained`]).
    pub site: Site,
}

/// Memory a finished build still holds: the derived state and the session's incidents and
/// per-incident pieces. Dropping it frees that memory. A process about to exit can
/// [`std::mem::forget`] it instead: freeing 10,000 incidents' worth of small allocations one
/// by one took 60 ms, longer than the exit itself.
pub struct Retained {
    _derived: Derived,
    _site: Site,
}

impl std::fmt::Debug for Retained {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Retained { .. }")
    }
}

/// Derives and renders a checked site, handing each file to `sink` as it is produced.
pub(crate) fn render(checked: CheckedSite, sink: Sink) -> Result<Rendered, Diagnostics> {
    let CheckedSite {
        mut site,
        now,
        mut valid,
    } = checked;
    if let Err(problems) = site.compile_theme() {
        return Err(with_theme_problems(&valid, problems));
    }
    let derived = site.derive_taking(&mut valid, now);
    render_derived(site, &valid, derived, sink)
}

/// A checked site's warnings followed by its theme's problems.
fn with_theme_problems(valid: &Valid, problems: Diagnostics) -> Diagnostics {
    let mut diagnostics = valid.warnings.clone();
    diagnostics.extend(problems);
    diagnostics
}

/// Renders `derived`, the derived state of `valid`, with the site's compiled theme.
fn render_derived(
    mut site: Site,
    valid: &Valid,
    derived: Derived,
    sink: Sink,
) -> Result<Rendered, Diagnostics> {
    let mut diagnostics = valid.warnings.clone();
    match site.render(valid, &derived, &Selection::All, sink) {
        Ok(stats) => Ok(Rendered {
            derived,
            diagnostics,
            stats,
            site,
        }),
        Err(problems) => {
            diagnostics.extend(problems);
            diagnostics.sort();
            Err(diagnostics)
        }
    }
}

/// Renders a checked site into memory (for tests and tools that inspect the files).
pub fn render_to_memory(checked: CheckedSite) -> Result<(Rendered, Vec<OutputFile>), Diagnostics> {
    let files = Mutex::new(Vec::new());
    let rendered = render(checked, &|f| {
        files.lock().expect("lock").push(f);
        Ok(())
    })?;
    let mut files = files.into_inner().expect("lock");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((rendered, files))
}

/// Everything `bulletin check` reports: load and validate, then (when those pass) a render
/// without writing, so template errors are caught too.
pub fn check_all(options: &Options) -> Diagnostics {
    match check_render(options) {
        Ok(Rendered { diagnostics, .. }) | Err(diagnostics) => diagnostics,
    }
}

/// `check`'s render: once, into nowhere. Like a build, it keeps nothing for a next render,
/// so what it builds per incident goes when the pages showing it are done (keeping it
/// doubled a check's memory at 100,000 incidents: 1.4 GB against a build's 0.65).
fn check_render(options: &Options) -> Result<Rendered, Diagnostics> {
    let mut checked = check(options)?;
    checked.site.render_once();
    render(checked, &|_| Ok(()))
}

#[cfg(test)]
mod tests;

/// What a successful build did.
#[derive(Debug)]
pub struct Summary {
    pub timings: Timings,
    pub stats: RenderStats,
    pub incidents: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// Warnings met on the way.
    pub diagnostics: Diagnostics,
    /// What the build still holds in memory.
    pub retained: Retained,
}

/// Why a build wrote nothing.
#[derive(Debug)]
pub enum Failure {
    /// The sources have errors (the diagnostics include any warnings too).
    Content(Diagnostics),
    /// The output could not be written.
    Output(WriteError),
}

/// Runs the whole pipeline and replaces the output folder only if every stage succeeded.
pub fn build(options: &Options) -> Result<Summary, Failure> {
    let started = Instant::now();
    let (mut site, now) = open(options).map_err(Failure::Content)?;
    site.load_incidents();
    let loaded_at = started.elapsed();
    let (prepared, theme) = checked_and_derived(&mut site, options, now, started);
    // Reported in this order: the content's problems, the output folder's, the theme's.
    let prepared = prepared?;
    let theme = theme
        .map_err(|problems| Failure::Content(with_theme_problems(&prepared.valid, problems)))?;
    site.render_once();
    site.forget_files();
    let example =
        config::example_base_url_in_ci(site.config(), std::env::var("CI").ok().as_deref());
    let written = Written::default();
    let incidents = prepared.derived.incidents.len();
    let Prepared {
        valid,
        derived,
        staging,
        checked_at,
        derived_at,
    } = prepared;
    let rendered = render_derived(site, &valid, derived, &|file| {
        written.count(&file);
        staging.put(&file).map_err(|e| e.to_string())
    })
    .map_err(Failure::Content)?;
    let rendered_at = started.elapsed();
    staging.commit().map_err(Failure::Output)?;
    let Rendered {
        derived,
        mut diagnostics,
        stats,
        site,
    } = rendered;
    diagnostics.extend(example);
    let marks = [
        loaded_at,
        checked_at,
        derived_at,
        rendered_at,
        started.elapsed(),
    ];
    Ok(Summary {
        timings: Timings::of(marks, theme),
        stats,
        incidents,
        pages: written.pages.into_inner(),
        files: written.files.into_inner(),
        bytes: written.bytes.into_inner(),
        output: options.output_dir(),
        elapsed: started.elapsed(),
        diagnostics,
        retained: Retained {
            _derived: derived,
            _site: site,
        },
    })
}

/// A site checked and derived, its staging folder, and when the check and the derive ended
/// (from the build's start).
struct Prepared {
    valid: Valid,
    derived: Derived,
    staging: output::Staging,
    checked_at: Duration,
    derived_at: Duration,
}

/// Checks the loaded site, sets up the staging folder and derives the site as of `now`
/// while its theme compiles on the other core (the checks across files and much of the
/// derive run on one thread); the theme's result is how long it took to compile, or its
/// problems.
fn checked_and_derived(
    site: &mut Site,
    options: &Options,
    now: Timestamp,
    started: Instant,
) -> (Result<Prepared, Failure>, Result<Duration, Diagnostics>) {
    site.beside_theme(|site| {
        let mut valid = site.check(now).map_err(Failure::Content)?;
        let checked_at = started.elapsed();
        let sources = protected_sources(site.config());
        let staging = output::Staging::new(&options.output_dir(), &sources, options.force)
            .map_err(Failure::Output)?;
        // Nothing after the derive reads `valid`'s list of incidents: not holding it beside
        // the derived one spares a build 100,000 shared pointers at 100,000 incidents.
        let derived = site.derive_taking(&mut valid, now);
        Ok(Prepared {
            valid,
            derived,
            staging,
            checked_at,
            derived_at: started.elapsed(),
        })
    })
}

/// What the build's sink counted of the files it wrote.
#[derive(Default)]
struct Written {
    files: AtomicUsize,
    pages: AtomicUsize,
    bytes: AtomicUsize,
}

impl Written {
    fn count(&self, file: &OutputFile) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(file.bytes.len(), Ordering::Relaxed);
        if file.path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// The parts of a site that no output folder may be, hold or lie inside.
fn protected_sources(config: &Config) -> Vec<output::Source> {
    let root = &config.root;
    let source = |path: PathBuf, what, may_hold_output| output::Source {
        path,
        what,
        may_hold_output,
    };
    let mut list = vec![
        source(root.clone(), "folder", true),
        source(root.join(config::CONFIG_FILE), "configuration", false),
        source(root.join(content::INCIDENTS_DIR), "incident files", false),
        source(root.join("templates"), "templates", false),
        source(
            root.join(content::TEMPLATES_DIR),
            "incident templates",
            false,
        ),
        source(root.join("static"), "static files", false),
        source(root.join("i18n"), "UI strings", false),
    ];
    if let Some(theme) = &config.theme {
        list.push(source(root.join(theme), "theme", false));
    }
    list
}

/// The output folder relative to the current directory when possible, for messages.
pub fn display_path(p: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| p.to_path_buf())
        .display()
        .to_string()
}
