//! The `serve` driver of the [`Site`] session: the site held in memory and rebuilt after some
//! files changed (also used by `examples/bench_rebuild.rs`).
//!
//! [`LiveSite`] keeps one session alive and the last good output. When incident files change
//! it applies them to the session (only those are read and checked again), checks the site
//! against "now" (only the incidents not over yet, and the slugs from an index), derives it
//! (working out only the states time can still change), and renders only the pages and feeds
//! that show the changed incidents, plus the site-wide files (reusing each component's uptime
//! bars while they are unchanged). A config or theme change rebuilds everything. On an error
//! the last good output stays as it was.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::Timestamp;

use super::notes;
use crate::build::{Clock, Options};
use crate::content;
use crate::derive::{Derived, Month};
use crate::diagnostics::Diagnostics;
use crate::render::{RenderStats, Selection};
use crate::site::{Site, Valid};
use crate::time;
use memory::{Memory, mark};
use owed::Wanted;
use years::Years;

mod files;
mod memory;
mod owed;
mod select;
mod years;
pub use files::FileMap;

/// The output of a build, by path, shared cheaply with readers (the HTTP server). Keys are
/// shared too, so carrying the unchanged files over to the next build copies no text, and
/// the map in shards, so it copies no more than the shards the rebuilt files fall in.
pub type Files = Arc<FileMap>;

/// What one rebuild did.
#[derive(Debug)]
pub struct Rebuilt {
    /// Files rendered this time (the rest were kept).
    pub rendered: usize,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
    /// What the render built, and how many incidents were checked against "now" (the rest
    /// are over and were checked when their files last changed): what tests hold a rebuild
    /// to (`tests/suite/serve/work.rs`).
    pub stats: RenderStats,
    pub timed: usize,
    /// How many incidents' states were derived (the rest had settled: time changes nothing
    /// about them).
    pub derived: usize,
    /// How many incidents derive's index read for the components they name (the rest were
    /// kept with their settled states).
    pub indexed: usize,
    /// How many incidents derive put in order by comparing them (the rest kept the last
    /// derive's order).
    pub ordered: usize,
    /// How many incidents derive went through: all of them when it derived the site anew,
    /// only the edited ones and those time still changes when it patched the last derive.
    pub derive_went_through: usize,
    /// How many times every component's year pages were listed from all its incidents (0
    /// in a partial rebuild, which looks up only the selected components' years).
    pub listed_years: usize,
    /// How many warnings of a missing translation file were written (the rest were kept from
    /// earlier rebuilds).
    pub translation_warnings: usize,
    /// How many incident files the check looked at to list the checked incidents for derive
    /// (the rest were kept in the list of the last check: only the files changed since).
    pub listed: usize,
    /// How many incidents the check copied to hand its list to derive: 0 when the list was
    /// lent (the last derive patched its predecessor and left the list where it found it).
    pub list_copied: usize,
    /// How many translation files were held to their originals, and translated incidents'
    /// missing texts worked out (the rest were kept: only those of the files changed since,
    /// and of incidents time still changes).
    pub translations_checked: usize,
}

impl Rebuilt {
    /// What check and derive counted of a rebuild, with the render's `stats` and the
    /// `warnings`; the files rendered, the years listed and the time taken are set by the
    /// caller once known.
    fn counted(
        valid: &Valid,
        derived: &Derived,
        stats: RenderStats,
        warnings: Diagnostics,
    ) -> Self {
        Rebuilt {
            rendered: 0,
            elapsed: Duration::ZERO,
            warnings,
            stats,
            timed: valid.timed,
            derived: derived.fresh_states,
            indexed: derived.indexed_from_incidents,
            ordered: derived.placed_in_order,
            derive_went_through: derived.went_through,
            listed_years: 0,
            translation_warnings: valid.warned,
            listed: valid.listed,
            list_copied: valid.copied,
            translations_checked: valid.translations_checked,
        }
    }
}

/// The edited incidents, by their sources' fingerprints: a rebuild asks of every incident
/// whether it is one, and the key is a hash already (FNV, not SipHash).
type Fingerprints = HashSet<u64, fnv::FnvBuildHasher>;

/// A site held in memory and rebuilt incrementally.
pub struct LiveSite {
    options: Options,
    site: Site,
    files: Files,
    /// What the last good build showed, to notice what time alone changed.
    memory: Memory,
    months: Vec<Month>,
    /// Which components had a page for which year of their archive.
    years: Years,
    /// How many incidents the last good build showed, and its "now": an incident coming due
    /// adds a page; a new day moves every uptime bar; a new minute moves today's bar, measured
    /// "so far" on every component page, and what is live; a new year or UTC offset changes
    /// texts every page writes (see `LiveSite::render` and `select`).
    shown: (usize, Option<Timestamp>),
    /// When time alone next changes what the last good build shows ([`Derived::next_due`]).
    next_due: Option<Timestamp>,
    /// What the last good build does not show yet, or promised and let pass ([`notes`]).
    notes: Vec<notes::Note>,
    /// What rebuilds refused since the last good one were asked to render ([`owed`]).
    owed: Wanted,
}

/// How often `serve` re-renders what time changes when nothing falls due sooner (at the start
/// of each minute): the front page's "generated" time, every component's bar for today (measured
/// so far), and the pages of what is under way.
pub const TICK: Duration = Duration::from_secs(60);

impl LiveSite {
    /// Loads and builds the whole site in memory.
    pub fn new(options: Options) -> Result<LiveSite, Diagnostics> {
        let site = open(&options)?;
        let mut live = LiveSite {
            options,
            site,
            files: Arc::default(),
            memory: Memory::default(),
            months: Vec::new(),
            years: Years::default(),
            shown: (0, None),
            next_due: None,
            notes: Vec::new(),
            owed: Wanted::default(),
        };
        live.site.load_incidents();
        live.render(Selection::All, &Fingerprints::default(), true, false)?;
        Ok(live)
    }

    /// The last good output.
    pub fn files(&self) -> Files {
        Arc::clone(&self.files)
    }

    /// What the last good build holds back or owes, one line each, for the terminal and the
    /// top of every page served ([`notes`]).
    pub fn notes(&self) -> &[notes::Note] {
        &self.notes
    }

    /// The site's config.
    pub(crate) fn config(&self) -> &crate::config::Config {
        self.site.config()
    }

    /// Reloads config, theme and every incident, and renders everything (after a config or
    /// theme change).
    pub fn rebuild_all(&mut self) -> Result<Rebuilt, Diagnostics> {
        // A new session: nothing the old config or theme built may be reused.
        self.site = open(&self.options)?;
        self.site.load_incidents();
        let rebuilt = self.render(Selection::All, &Fingerprints::default(), true, false);
        if rebuilt.is_ok() {
            // Everything was rendered: nothing is owed.
            self.owed = Wanted::default();
        }
        rebuilt
    }

    /// Re-reads the given files (relative to the root or absolute; deleted ones are dropped) and
    /// re-renders what shows them.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Diagnostics> {
        // By fingerprint: their positions are known once derived.
        let mut wanted = Wanted::default();
        for path in changed {
            let root = &self.site.config().root;
            let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
            if !content::is_incident_path(&rel) {
                continue;
            }
            let applied = self.site.apply(&rel);
            let (old, new) = (applied.old.as_deref(), applied.new.as_deref());
            // A page that disappears, or moves to another month, must leave the output too.
            wanted.structural |= match (old, new) {
                (Some(o), Some(n)) => o.slug != n.slug,
                (None, None) => false,
                _ => true,
            };
            wanted.edited.extend(applied.fingerprint);
            for inc in old.into_iter().chain(new) {
                let config = self.site.config();
                mark(config, inc, &mut wanted.components, &mut wanted.months);
            }
        }
        self.render_wanted(wanted, false)
    }

    /// Renders what `wanted` asks (when `ticking`, with every live incident), with what
    /// refused rebuilds asked ([`owed`]); when refused too, owes it all to the next one.
    fn render_wanted(&mut self, wanted: Wanted, ticking: bool) -> Result<Rebuilt, Diagnostics> {
        let wanted = wanted.with(std::mem::take(&mut self.owed));
        let selection = wanted.selection();
        let rebuilt = self.render(selection, &wanted.edited, wanted.structural, ticking);
        if rebuilt.is_err() {
            self.owed = wanted;
        }
        rebuilt
    }

    /// How long until time alone changes the site: the next moment something falls due, at
    /// most [`TICK`]. `None` with a fixed "now" (`--now`, `SOURCE_DATE_EPOCH`): it never moves.
    pub fn wake_in(&self) -> Option<Duration> {
        if !matches!(self.options.clock, Clock::System) {
            return None;
        }
        let now = Timestamp::now();
        // A little late rather than early: at its moment the entry (or the minute) is due.
        let late = Duration::from_millis(20);
        let until_due = self.next_due.map_or(TICK, |due| {
            Duration::try_from(due.duration_since(now)).unwrap_or(Duration::ZERO) + late
        });
        // Today's bars are measured to the minute: wake as the next one begins.
        let into_minute = u64::try_from(now.as_millisecond().rem_euclid(60_000)).unwrap_or(0);
        let until_minute = TICK - Duration::from_millis(into_minute) + late;
        Some(until_due.min(until_minute))
    }

    /// Whether a moment that changes the site has passed since the last good build.
    pub(crate) fn is_due(&self) -> bool {
        self.next_due.is_some_and(|due| due <= Timestamp::now())
    }

    /// Sets the clock the next rebuilds read (serve reads the system clock; tests move a fixed
    /// one to show what the passing of time re-renders).
    pub fn set_clock(&mut self, clock: Clock) {
        self.options.clock = clock;
    }

    /// Re-renders what the passing of time changed, with no file changed: incidents whose
    /// phase or due entries changed, every live incident's pages and components (their
    /// durations and today's uptime bar move), and the site-wide files.
    pub fn tick(&mut self) -> Result<Rebuilt, Diagnostics> {
        self.render_wanted(Wanted::default(), true)
    }

    /// Checks, derives and renders `selection` (with the `edited` incidents, by fingerprint;
    /// widened to what time changed, and when `ticking` to every live incident); replaces
    /// the output only on success.
    fn render(
        &mut self,
        mut selection: Selection,
        edited: &Fingerprints,
        mut replace_all: bool,
        ticking: bool,
    ) -> Result<Rebuilt, Diagnostics> {
        let started = Instant::now();
        let now = match self.options.clock.resolve(self.site.config()) {
            Ok(now) => now,
            Err(d) => {
                let mut diagnostics = self.site.file_problems();
                diagnostics.push(d);
                return Err(diagnostics);
            }
        };
        // Dates of the current year are written without it, and every page says the zone's
        // offset now: a new year or a new offset (daylight saving) changes texts that were
        // kept and pages no edit selects.
        let zone = &self.site.config().timezone;
        let year_and_offset = |at| (time::date_in(at, zone).year(), zone.to_offset(at));
        if self
            .shown
            .1
            .is_some_and(|shown| year_and_offset(shown) != year_and_offset(now))
        {
            self.site.forget_caches();
            selection = Selection::All;
        }
        let mut valid = self.site.check(now)?;
        // Taken, not copied: nothing after the check reads them (a site in two languages
        // has a warning per incident).
        let diagnostics = std::mem::take(&mut valid.warnings);
        let derived = self.site.derive_taking(&mut valid, now);
        let (changed, months, years) = self.select(&derived, &mut selection, edited, ticking);
        let full = matches!(selection, Selection::All);
        replace_all |= full;
        let collected = std::sync::Mutex::new(Vec::new());
        let sink = |f| {
            collected.lock().expect("lock").push(f);
            Ok(())
        };
        let stats = match self.site.render(&valid, &derived, &selection, &sink) {
            Ok(stats) => stats,
            Err(problems) => {
                let mut d = diagnostics;
                d.extend(problems);
                d.sort();
                return Err(d);
            }
        };
        let files = collected.into_inner().expect("lock");
        let mut rebuilt = Rebuilt::counted(&valid, &derived, stats, diagnostics);
        rebuilt.rendered = files.len();
        self.replace_files(files, replace_all);
        self.remember(derived, changed, full);
        // The set of pages this build has, worked out once above (the years only when they
        // may have changed: see `years`).
        self.months = months;
        rebuilt.listed_years = usize::from(years.is_some());
        if let Some(years) = years {
            self.years = years;
        }
        // Only incidents not quiet yet can have anything ahead of now or a promise passed.
        let loud = self.site.loud(now).into_iter().map(|parsed| &**parsed);
        self.notes = notes::notes(loud, now, &self.site.config().timezone);
        // The list of incidents, if derive left it, is the next check's (lent, not copied).
        self.site.take_back(valid);
        rebuilt.elapsed = started.elapsed();
        Ok(rebuilt)
    }

    /// Puts the rendered files in the output, over the last one or instead of it.
    fn replace_files(&mut self, files: Vec<crate::output::OutputFile>, replace_all: bool) {
        let map = if replace_all {
            FileMap::default().with(files)
        } else {
            self.files.with(files)
        };
        self.files = Arc::new(map);
    }

    /// Records what a successful build showed (its months and component years are set by
    /// the caller). A full build replaces the memory (incidents may have gone); a partial one
    /// only adds what changed. Hands `derived` back to the session: the next derive patches it.
    fn remember(&mut self, derived: Derived, changed: Memory, full: bool) {
        if full {
            self.memory = Memory::of(self.site.config(), &derived);
        } else {
            self.memory.phases.extend(changed.phases);
            self.memory.statuses.extend(changed.statuses);
        }
        self.shown = (derived.incidents.len(), Some(derived.now));
        self.next_due = derived.next_due;
        self.site.derive_done(derived);
    }
}

/// A session with its theme compiled, as `serve` has always started: a broken theme is
/// reported before the incidents are read.
fn open(options: &Options) -> Result<Site, Diagnostics> {
    let mut site = Site::open(&options.root, options.base_url.as_deref())?;
    site.keep_settled();
    site.compile_theme()?;
    Ok(site)
}
