//! Rebuilding a site in memory after some files changed, for `bulletin serve` and its benchmark.
//!
//! [`LiveSite`] keeps the config, the compiled theme, every parsed incident and the last good
//! output. When incident files change it re-parses only those, validates and derives the whole
//! site (cheap: no Markdown or templates), and re-renders only the pages and feeds that show the
//! changed incidents, plus the site-wide files. A config or theme change rebuilds everything.
//! On an error the last good output stays as it was.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::build::Options;
use crate::config::{self, Config};
use crate::content;
use crate::derive::{self, Derived, Month, Phase};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{ComponentStatus, Incident};
use crate::render::{Renderer, Selection};
use crate::time;
use crate::validate;

/// The output of a build, by path, shared cheaply with readers (the HTTP server). Keys are
/// shared too, so carrying the unchanged files over to the next build copies no text.
pub type Files = Arc<HashMap<Arc<str>, Arc<[u8]>>>;

/// What one rebuild did.
#[derive(Debug)]
pub struct Rebuilt {
    /// Files rendered this time (the rest were kept).
    pub rendered: usize,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
}

/// A site held in memory and rebuilt incrementally.
pub struct LiveSite {
    options: Options,
    config: Config,
    renderer: Renderer,
    /// Parsed incidents by source path (relative to the root).
    incidents: BTreeMap<PathBuf, Arc<Incident>>,
    /// Problems met reading and checking each file, kept until the file changes again.
    file_problems: BTreeMap<PathBuf, Vec<Diagnostic>>,
    files: Files,
    /// What the last good build showed, to notice what time alone changed.
    memory: Memory,
    months: Vec<Month>,
}

impl LiveSite {
    /// Loads and builds the whole site in memory.
    pub fn new(options: Options) -> Result<LiveSite, Diagnostics> {
        let (config, renderer) = load_config_and_theme(&options)?;
        let mut site = LiveSite {
            options,
            config,
            renderer,
            incidents: BTreeMap::new(),
            file_problems: BTreeMap::new(),
            files: Arc::default(),
            memory: Memory::default(),
            months: Vec::new(),
        };
        site.reload_all_incidents();
        site.render(Selection::All, true)?;
        Ok(site)
    }

    /// The last good output.
    pub fn files(&self) -> Files {
        Arc::clone(&self.files)
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Reloads config, theme and every incident, and renders everything (after a config or
    /// theme change).
    pub fn rebuild_all(&mut self) -> Result<Rebuilt, Diagnostics> {
        let (config, renderer) = load_config_and_theme(&self.options)?;
        self.config = config;
        self.renderer = renderer;
        self.reload_all_incidents();
        self.render(Selection::All, true)
    }

    /// Re-reads the given files (relative to the root or absolute; deleted ones are dropped) and
    /// re-renders what shows them.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Diagnostics> {
        let mut incidents = HashSet::new();
        let mut components = HashSet::new();
        let mut months = HashSet::new();
        let mut structural = false;
        for path in changed {
            let rel = path
                .strip_prefix(&self.config.root)
                .unwrap_or(path)
                .to_path_buf();
            if !content::is_incident_path(&rel) {
                continue;
            }
            let old = self.incidents.remove(&rel);
            self.file_problems.remove(&rel);
            let new = if content::is_followable_file(&self.config.root, &rel) {
                let (incident, mut problems) = content::load_file(&self.config, &rel);
                if let Some(inc) = &incident {
                    problems.extend(validate::check_incident(&self.config, inc));
                }
                if !problems.is_empty() {
                    self.file_problems.insert(rel.clone(), problems);
                }
                incident
            } else {
                None
            };
            // A page that disappears, or moves to another month, must leave the output too.
            structural |= match (&old, &new) {
                (Some(o), Some(n)) => o.slug != n.slug,
                (None, None) => false,
                _ => true,
            };
            for inc in old.as_deref().into_iter().chain(new.as_ref()) {
                self.mark(inc, &mut incidents, &mut components, &mut months);
            }
            if let Some(n) = new {
                self.incidents.insert(rel, Arc::new(n));
            }
        }
        let selection = if structural {
            Selection::All
        } else {
            Selection::Only {
                incidents,
                components,
                months,
            }
        };
        self.render(selection, structural)
    }

    /// Adds what shows `inc` to the selection.
    fn mark(
        &self,
        inc: &Incident,
        incidents: &mut HashSet<String>,
        components: &mut HashSet<String>,
        months: &mut HashSet<Month>,
    ) {
        incidents.insert(inc.slug.clone());
        for a in &inc.affected {
            components.extend(component_and_relatives(&self.config, &a.component));
        }
        if let Some(start) = inc.started_at() {
            let date = time::date_in(start, &self.config.timezone);
            months.insert((date.year(), date.month()));
        }
    }

    fn reload_all_incidents(&mut self) {
        let loaded = content::load(&self.config);
        self.incidents = loaded
            .incidents
            .into_iter()
            .map(|i| (i.file.clone(), Arc::new(i)))
            .collect();
        self.file_problems.clear();
        let checks: Vec<Diagnostics> = self
            .incidents
            .par_iter()
            .map(|(_, inc)| validate::check_incident(&self.config, inc))
            .collect();
        for d in loaded
            .diagnostics
            .into_iter()
            .chain(checks.into_iter().flatten())
        {
            self.file_problems
                .entry(d.file.clone())
                .or_default()
                .push(d);
        }
    }

    /// Validates, derives and renders `selection`; replaces the output only on success.
    fn render(
        &mut self,
        mut selection: Selection,
        mut replace_all: bool,
    ) -> Result<Rebuilt, Diagnostics> {
        let started = Instant::now();
        let mut diagnostics = Diagnostics::default();
        for problems in self.file_problems.values() {
            diagnostics.extend(problems.iter().cloned());
        }
        let now = match self.options.clock.resolve(&self.config) {
            Ok(now) => now,
            Err(d) => {
                diagnostics.push(d);
                return Err(diagnostics);
            }
        };
        let all: Vec<Arc<Incident>> = self.incidents.values().cloned().collect();
        // The per-file checks are in `file_problems` already.
        diagnostics.extend(validate::check_site(&all, now));
        diagnostics.sort();
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let site = derive::derive(&self.config, all, now);
        let months: Vec<Month> = site.by_month.iter().map(|(m, _)| *m).collect();
        if months != self.months {
            // A month page appears or goes away: the set of pages changed.
            selection = Selection::All;
            replace_all = true;
        }
        let changed = self.widen_for_time(&site, &mut selection);
        let full = matches!(selection, Selection::All);
        let collected = std::sync::Mutex::new(Vec::new());
        self.renderer
            .render(&self.config, &site, &selection, &|f| {
                collected.lock().expect("lock").push(f);
                Ok(())
            })
            .map_err(|problems| {
                let mut d = diagnostics.clone();
                d.extend(problems);
                d.sort();
                d
            })?;
        let files = collected.into_inner().expect("lock");
        let rendered = files.len();
        let mut map: HashMap<Arc<str>, Arc<[u8]>> = if replace_all {
            HashMap::with_capacity(files.len())
        } else {
            (*self.files).clone()
        };
        for f in files {
            map.insert(f.path.into(), f.bytes.into());
        }
        self.files = Arc::new(map);
        self.remember(&site, changed, full);
        Ok(Rebuilt {
            rendered,
            elapsed: started.elapsed(),
            warnings: diagnostics,
        })
    }

    /// Time moves between rebuilds: an incident whose phase changed, or a component whose
    /// status changed, needs its pages re-rendered even if its file did not change. Returns
    /// what differs from the last good build, to [`LiveSite::remember`] once this one succeeds.
    fn widen_for_time(&self, site: &Derived, selection: &mut Selection) -> Memory {
        let mut changed = Memory::default();
        if matches!(selection, Selection::All) {
            // Everything is rendered, and `remember` starts the memory afresh.
            return changed;
        }
        for (inc, state) in site.incidents.iter().zip(&site.states) {
            if self.memory.phases.get(&inc.slug) != Some(&state.phase) {
                changed.phases.insert(inc.slug.clone(), state.phase);
            }
        }
        for (reference, status) in statuses(&self.config, site) {
            if self.memory.statuses.get(&reference) != Some(&status) {
                changed.statuses.insert(reference, status);
            }
        }
        if let Selection::Only {
            incidents,
            components,
            months,
        } = selection
        {
            for (inc, state) in site.incidents.iter().zip(&site.states) {
                if !changed.phases.contains_key(&inc.slug) {
                    continue;
                }
                incidents.insert(inc.slug.clone());
                for a in &inc.affected {
                    components.extend(component_and_relatives(&self.config, &a.component));
                }
                let date = time::date_in(state.started_at, &self.config.timezone);
                months.insert((date.year(), date.month()));
            }
            components.extend(changed.statuses.keys().cloned());
        }
        changed
    }

    /// Records what a successful build showed. A full build replaces the memory (incidents
    /// may have gone); a partial one only adds what changed.
    fn remember(&mut self, site: &Derived, changed: Memory, full: bool) {
        if full {
            self.memory = Memory {
                phases: site
                    .incidents
                    .iter()
                    .zip(&site.states)
                    .map(|(i, s)| (i.slug.clone(), s.phase))
                    .collect(),
                statuses: statuses(&self.config, site).collect(),
            };
        } else {
            self.memory.phases.extend(changed.phases);
            self.memory.statuses.extend(changed.statuses);
        }
        self.months = site.by_month.iter().map(|(m, _)| *m).collect();
    }
}

/// What the last good build showed of each incident's phase and each component's status.
#[derive(Default)]
struct Memory {
    phases: HashMap<String, Phase>,
    statuses: HashMap<String, ComponentStatus>,
}

fn load_config_and_theme(options: &Options) -> Result<(Config, Renderer), Diagnostics> {
    let to_diagnostics = |problems: Vec<Diagnostic>| {
        let mut d = Diagnostics::default();
        d.extend(problems);
        d
    };
    let config =
        config::load(&options.root, options.base_url.as_deref()).map_err(to_diagnostics)?;
    let renderer = Renderer::new(&config).map_err(to_diagnostics)?;
    Ok((config, renderer))
}

/// A reference, its product, and for a product all its features: every page that lists it.
fn component_and_relatives(config: &Config, reference: &str) -> Vec<String> {
    let product = reference.split('/').next().unwrap_or(reference);
    let mut out = vec![reference.to_string(), product.to_string()];
    if !reference.contains('/')
        && let Some(p) = config.products.iter().find(|p| p.id == product)
    {
        out.extend(p.features.iter().map(|f| format!("{}/{}", p.id, f.id)));
    }
    out
}

fn statuses<'a>(
    config: &'a Config,
    site: &'a Derived,
) -> impl Iterator<Item = (String, ComponentStatus)> + 'a {
    config
        .products
        .iter()
        .zip(&site.products)
        .flat_map(|(p, state)| {
            std::iter::once((p.id.clone(), state.status)).chain(
                p.features
                    .iter()
                    .zip(&state.features)
                    .map(move |(f, &s)| (format!("{}/{}", p.id, f.id), s)),
            )
        })
}
