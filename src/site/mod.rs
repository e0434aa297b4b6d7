//! One site session: the pipeline (load → validate → derive → render) that every command
//! drives.
//!
//! A [`Site`] owns the config, the compiled theme ([`Renderer`]), every parsed incident by
//! path with the problems found in its file, and what renders keep between them ([`Caches`],
//! [`Counts`]). `bulletin build` ([`crate::build`]) drives it once into a staging folder,
//! `bulletin check` drives it without writing, and `bulletin serve` ([`crate::serve::live`])
//! keeps one alive, applies file changes to it and renders only what a change touches.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::content::{self, LoadedFile, Parsed, ParsedTranslation};
use crate::derive::{self, Derived};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Checked, Incident};
use crate::render::{Caches, Counts, RenderStats, Renderer, Selection, Sink};
use crate::validate;
use indexes::CheckIndexes;

mod check;
mod indexes;
mod kept;
mod status;
mod translation_checks;
mod translations;
pub use status::{IncidentStatus, LanguageStatus, TranslationStatus, translation_status};
mod trees;

/// A site loaded into memory, ready to be checked, derived and rendered any number of times.
pub struct Site {
    root: PathBuf,
    config: Config,
    /// Compiled on the first render (or [`Site::compile_theme`]): `build` and `check` report
    /// content errors before theme errors, and never compile a theme for a broken site.
    theme: Option<Renderer>,
    caches: Caches,
    counts: Counts,
    /// Each other language's tree, compiled with the theme (none for a site in one language).
    others: Vec<trees::Tree>,
    /// Parsed incidents by source path (relative to the root).
    incidents: BTreeMap<PathBuf, Parsed>,
    /// Parsed translation files by path (relative to the root): see [`content::translation`].
    translations: BTreeMap<PathBuf, ParsedTranslation>,
    /// Problems met reading and checking each file, kept until the file changes again.
    problems: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// What makes a next check cheap; `None` once a session that checks once has checked
    /// ([`Site::render_once`]), and built again if a file changes.
    indexes: Option<CheckIndexes>,
    /// The states of incidents time no longer changes, kept between derives when the session
    /// derives more than once (`serve`, see [`Site::keep_settled`]).
    settled: Option<derive::Settled>,
    /// The `translation-missing` warnings of incidents without a translation file, by the
    /// file's fingerprint and language, kept between checks like `settled`.
    no_file_warnings: Option<NoFileWarnings>,
    /// The list of checked incidents, kept between checks like `settled` and patched for the
    /// files applied since (a lock: a check reads the session shared).
    kept: Option<std::sync::Mutex<kept::KeptList>>,
    /// What the translation checks found, kept between checks like `kept`.
    translation_checks: Option<translation_checks::TranslationChecks>,
}

/// See [`Site::no_file_warnings`].
type NoFileWarnings = std::sync::Mutex<HashMap<(u64, usize), Diagnostic, fnv::FnvBuildHasher>>;

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site")
            .field("root", &self.root)
            .field("incidents", &self.incidents.len())
            .finish_non_exhaustive()
    }
}

/// The incidents of a site that passed validation, each one [`Checked`] (the facts later
/// stages need are values), and the warnings validation met: what [`Site::derive`] takes.
#[derive(Debug, Clone)]
pub struct Valid {
    /// In path order. A derive may take them or leave them whole: `serve` gives `Valid` back
    /// after the render ([`Site::take_back`]), and a list left whole is lent to the next
    /// check's derive instead of copied (`kept.rs`).
    pub(crate) incidents: Vec<Checked>,
    /// Each other language's translations of the incidents, by language (empty for a site in
    /// one language): what [`Derived::in_language`] reads.
    pub(crate) translations: BTreeMap<String, derive::Translations>,
    pub warnings: Diagnostics,
    /// How many incidents were checked against "now" (the rest were quiet).
    pub(crate) timed: usize,
    /// How many warnings of a missing translation file were written (the rest were kept).
    pub(crate) warned: usize,
    /// How many files were looked at to list `incidents` (the rest were kept in the list of
    /// the last check, in a session that keeps it).
    pub(crate) listed: usize,
    /// How many incidents were copied to hand `incidents` to derive: 0 when the session's
    /// kept list was lent (derive left the last one where it found it).
    pub(crate) copied: usize,
    /// How many translation files were held to their originals and translated incidents'
    /// missing texts worked out, in a session that keeps them (the rest were kept; 0 in a
    /// session that checks once).
    pub(crate) translations_checked: usize,
}

/// What applying one changed file did to the site's incidents.
#[derive(Debug)]
pub(crate) struct Applied {
    /// The incident the file held before, if any.
    pub old: Option<Arc<Incident>>,
    /// The incident it holds now, if it still parses.
    pub new: Option<Arc<Incident>>,
    /// The fingerprint of `new` (its source's): `serve` finds it among the derived incidents
    /// by it.
    pub fingerprint: Option<u64>,
}

impl Site {
    /// Loads the config of the site at `root` (`base_url` overrides the configured one). No
    /// incident is loaded yet: see [`Site::load_incidents`].
    pub(crate) fn open(root: &Path, base_url: Option<&str>) -> Result<Site, Diagnostics> {
        let config = config::load(root, base_url)?;
        Ok(Site {
            root: root.to_path_buf(),
            config,
            theme: None,
            caches: Caches::default(),
            counts: Counts::default(),
            others: Vec::new(),
            incidents: BTreeMap::new(),
            translations: BTreeMap::new(),
            problems: BTreeMap::new(),
            indexes: None,
            settled: None,
            no_file_warnings: None,
            kept: None,
            translation_checks: None,
        })
    }

    /// Forgets what renders kept per incident and per file, in every tree: in a new year the
    /// dates of the last one are written with their year, and the kept texts wrote them
    /// without it (the views' `year`, in `render/view`).
    pub(crate) fn forget_caches(&mut self) {
        self.caches = Caches::default();
        trees::forget_caches(&mut self.others);
    }

    /// Keeps nothing of a render for the next one, for a session that renders once: what
    /// a render builds per incident is freed as soon as its pages are written.
    pub(crate) fn render_once(&mut self) {
        self.caches = Caches::not_kept();
        // Nor the indexes that make a next check cheap (≈ 16 MB at 100k incidents).
        self.indexes = None;
    }

    /// A one-shot build's check and derive are done: lets go of the parsed files by path
    /// (their keys and facts, ≈ 13 MB at 100,000 incidents; the derived state holds the
    /// incidents themselves). The session has nothing left to check: a build's last step.
    pub(crate) fn forget_files(&mut self) {
        self.incidents = BTreeMap::new();
        self.translations = BTreeMap::new();
        self.problems = BTreeMap::new();
    }

    /// Keeps the states of settled incidents from one derive to the next, and the warnings
    /// of missing translation files and the list of checked incidents from one check to the
    /// next (`serve`: a build derives and checks once and would only pay for keeping them).
    pub(crate) fn keep_settled(&mut self) {
        self.settled.get_or_insert_with(Default::default);
        self.no_file_warnings.get_or_insert_with(Default::default);
        self.kept.get_or_insert_with(Default::default);
        self.translation_checks.get_or_insert_with(Default::default);
    }

    /// The site's config.
    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    /// Compiles the theme unless it is already.
    pub(crate) fn compile_theme(&mut self) -> Result<&Renderer, Diagnostics> {
        if self.theme.is_none() {
            let mut theme = Renderer::new(&self.config)?;
            self.others = trees::compile(&self.config, &mut theme)?;
            self.theme = Some(theme);
        }
        Ok(self.theme.as_ref().expect("compiled above"))
    }

    /// Runs `work` on this site while the theme compiles beside it (unless it is already),
    /// so the other core is busy during the serial part of checking and deriving. Returns
    /// what `work` made and how long compiling took, or the theme's problems, for the
    /// caller to report only if `work` went well.
    pub(crate) fn beside_theme<R: Send>(
        &mut self,
        work: impl FnOnce(&Site) -> R + Send,
    ) -> (R, Result<std::time::Duration, Diagnostics>) {
        if self.theme.is_some() {
            return (work(self), Ok(std::time::Duration::ZERO));
        }
        let site: &Site = self;
        let config = &site.config;
        let compile = || {
            let started = std::time::Instant::now();
            let mut theme = Renderer::new(config)?;
            let others = trees::compile(config, &mut theme)?;
            Ok::<_, Diagnostics>((theme, others, started.elapsed()))
        };
        let (out, compiled) = rayon::join(|| work(site), compile);
        let compiled = compiled.map(|(theme, others, took)| {
            self.others = others;
            self.theme = Some(theme);
            took
        });
        (out, compiled)
    }

    /// Loads every incident file and runs the checks that concern one file at a time, in
    /// parallel. Files are read and parsed while the folder is still being listed.
    pub(crate) fn load_incidents(&mut self) {
        let loaded = content::load(&self.config);
        // Listed in path order already, so the map is built without reordering.
        self.incidents = loaded
            .incidents
            .into_iter()
            .map(|i| (i.file.clone(), i))
            .collect();
        self.translations = loaded
            .translations
            .into_iter()
            .map(|t| (t.translation.file.clone(), t))
            .collect();
        let checks: Vec<Diagnostics> = self
            .incidents
            .par_iter()
            .map(|(_, inc)| validate::check_incident(&self.config, inc))
            .collect();
        self.problems.clear();
        self.indexes = Some(CheckIndexes::of(&self.incidents));
        if let Some(kept) = &mut self.kept {
            kept.get_mut().expect("lock").reset();
        }
        for d in loaded
            .diagnostics
            .into_iter()
            .chain(checks.into_iter().flatten())
        {
            self.problems.entry(d.file.clone()).or_default().push(d);
        }
    }

    /// Reads the file `rel` (relative to the root) again, or drops its incident when it is
    /// gone or no incident file any more, and checks it on its own. For a translation file,
    /// what changed is its incident in that language: `old` and `new` are then that incident
    /// (when it exists), whose pages show the translation.
    pub(crate) fn apply(&mut self, rel: &Path) -> Applied {
        let indexes = (self.indexes).get_or_insert_with(|| CheckIndexes::of(&self.incidents));
        let old = self.incidents.remove(rel).map(|p| {
            indexes.remove(&p);
            p.incident
        });
        let old_translation = self.translations.remove(rel);
        self.problems.remove(rel);
        if let Some(kept) = &mut self.kept {
            kept.get_mut().expect("lock").changed(rel);
        }
        if let Some(kept) = &mut self.translation_checks {
            kept.applied(rel);
        }
        let found = content::is_followable_file(&self.config.root, rel)
            .then(|| content::load_any(&self.config, rel));
        let mut new = None;
        let mut fingerprint = None;
        let mut translated = old_translation.map(|t| t.original);
        if let Some((file, mut problems)) = found {
            match file {
                LoadedFile::Incident(Some(parsed)) => {
                    problems.extend(validate::check_incident(&self.config, &parsed));
                    new = Some(Arc::clone(&parsed.incident));
                    fingerprint = Some(parsed.source.fingerprint);
                    indexes.add(&parsed);
                    self.incidents.insert(rel.to_path_buf(), parsed);
                }
                LoadedFile::Translation(Some(parsed)) => {
                    translated = Some(parsed.original.clone());
                    self.translations.insert(rel.to_path_buf(), parsed);
                }
                LoadedFile::Incident(None) | LoadedFile::Translation(None) => {}
            }
            if !problems.is_empty() {
                self.problems.insert(rel.to_path_buf(), problems);
            }
        }
        if let Some(original) = translated.and_then(|o| self.incidents.get(&o)) {
            let incident = Arc::clone(&original.incident);
            return Applied {
                old: old.or_else(|| Some(Arc::clone(&incident))),
                new: new.or(Some(incident)),
                fingerprint: fingerprint.or(Some(original.source.fingerprint)),
            };
        }
        Applied {
            old,
            new,
            fingerprint,
        }
    }

    /// The derived state of `valid`'s incidents as of `now`.
    pub(crate) fn derive(&self, valid: &Valid, now: Timestamp) -> Derived {
        let settled = self.settled.as_ref();
        derive::derive_with(&self.config, valid.incidents.clone(), now, settled)
    }

    /// [`Site::derive`] without copying `valid`'s incidents: taken when every incident is
    /// derived, left in `valid` when the last derive is patched (which reads only the few it
    /// works out again), so `serve`'s check gets its list back to lend to the next derive
    /// ([`Site::take_back`]). At 100,000 incidents a copy is as many reference counts
    /// touched, and touched again when it is dropped.
    pub(crate) fn derive_taking(&self, valid: &mut Valid, now: Timestamp) -> Derived {
        derive::derive_lent(
            &self.config,
            &mut valid.incidents,
            now,
            self.settled.as_ref(),
        )
    }

    /// Hands `derived` back once its site is built: the next derive patches it (a session
    /// that keeps settled states, see [`Site::keep_settled`]; otherwise it is dropped).
    pub(crate) fn derive_done(&self, derived: Derived) {
        if let Some(settled) = &self.settled {
            settled.keep_last(derived);
        }
    }

    /// `derived` as readers of `language` (one of the site's other languages) see it, through
    /// `valid`'s translations into it: the same facts, the words translated where they are.
    /// (A render derives each tree's itself, in parallel: see [`trees::render`].)
    pub(crate) fn derive_language(
        &self,
        valid: &Valid,
        derived: &Derived,
        language: &str,
    ) -> Derived {
        let none = derive::Translations::new();
        let translations = valid.translations.get(language).unwrap_or(&none);
        derived.in_language(translations, self.config.default_language())
    }

    /// Renders what `selection` asks for of `derived` into `sink`, compiling the theme first
    /// if needed, reusing what earlier renders kept: the default language's tree at the root
    /// and each other language's, with `valid`'s translations, under its folder.
    pub(crate) fn render(
        &mut self,
        valid: &Valid,
        derived: &Derived,
        selection: &Selection,
        sink: Sink,
    ) -> Result<RenderStats, Diagnostics> {
        self.compile_theme()?;
        let theme = self.theme.as_ref().expect("compiled above");
        let (config, caches, counts) = (&self.config, &self.caches, &self.counts);
        let root = || {
            theme.render(config, derived, selection, caches, counts, sink)?;
            Ok(counts.stats())
        };
        if self.others.is_empty() {
            return root();
        }
        let rendered = trees::render(&mut self.others, valid, derived, selection, sink, root);
        if rendered.is_err() {
            // No tree's file was taken, though some rendered well (`render::written`).
            self.caches.written.forget();
            trees::forget_written(&self.others);
        }
        rendered
    }
}

#[cfg(test)]
mod tests;
