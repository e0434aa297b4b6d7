//! Rendering the derived site into files: HTML pages through the theme's Tera templates, the
//! RSS feed, and the theme's static files. Rendering is pure: it returns bytes and paths and
//! writes nothing; [`crate::output`] does the writing.
//!
//! [`Renderer`] is the compiled theme and never changes once built. What a render remembers
//! for the next one ([`Caches`]) and the work it counts ([`Counts`]) belong to the caller (the
//! [`crate::site::Site`] session) and are passed in.

pub(crate) mod api;
mod badges;
mod cards;
mod compact;
mod compiled;
mod errors;
mod feeds;
mod globals;
pub(crate) mod headers;
mod ical;
pub(crate) mod languages;
mod maintenance;
mod pages;
mod per_incident;
mod reuse;
mod script_strings;
mod selection;
mod sitemap;
mod statics;
mod values;
pub(crate) mod view;
mod written;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use tera::{Context, Tera};

use crate::config::Config;
use crate::derive::Derived;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::Strings;
use crate::output::OutputFile;
use crate::theme::Theme;
pub(crate) use cards::Cards;
use errors::template_error;
use globals::SiteGlobals;
pub(crate) use pages::years_shown;
pub(crate) use reuse::{Caches, Counts, RenderStats};
pub(crate) use selection::Selection;

/// The theme compiled once, ready to render any number of builds of the same site.
pub(crate) struct Renderer {
    tera: Tera,
    strings: Strings,
    /// The strings' time patterns, read once.
    time_forms: view::TimeForms,
    statics: Vec<OutputFile>,
    /// Template name → the file it came from, for error messages.
    origins: HashMap<String, PathBuf>,
    /// Template name → how many bytes [`compact`] took from the start of each of its lines,
    /// to give error messages the columns of the file.
    shifts: HashMap<String, Vec<usize>>,
    /// Which kinds of page may be written without Tera ([`compiled::prepare`]); the pages
    /// that are, made again as the chrome changes; every page's `generator_version`.
    compiled_kinds: Vec<compiled::Kind>,
    compiled: compiled::Pages,
    generator: Option<&'static str>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer").finish_non_exhaustive()
    }
}

impl Renderer {
    /// Loads the theme (built-in plus site overrides) and compiles its templates.
    pub(crate) fn new(config: &Config) -> Result<Renderer, Diagnostics> {
        let theme = Theme::load(config)?;
        let strings = Strings::load(&theme, &config.language)?;
        let mut origins = HashMap::new();
        let mut shifts = HashMap::new();
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        for (name, file) in theme.templates() {
            origins.insert(name.to_string(), file.origin.clone());
            match std::str::from_utf8(&file.bytes) {
                Ok(text) if name.ends_with(".html") => {
                    let compacted = compact::template(text);
                    shifts.insert(name.to_string(), compacted.shifts);
                    sources.push((name.to_string(), compacted.source));
                }
                Ok(text) => sources.push((name.to_string(), text.to_string())),
                Err(_) => problems.push(Diagnostic::error(
                    Code::NotUtf8,
                    &file.origin,
                    "template is not UTF-8",
                )),
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        if let Err(e) = tera.add_raw_templates(sources) {
            problems.push(template_error(&e, &origins, &shifts));
        }
        let compiled_kinds = match problems.is_empty() {
            true => compiled::prepare(&theme, &mut tera),
            false => Vec::new(),
        };
        if !problems.is_empty() {
            return Err(problems.into());
        }
        let globals = tera.global_context();
        globals.insert("site", &SiteGlobals::new(config, &strings));
        globals.insert("t", strings.tree());
        globals.insert("languages", &Vec::<languages::LanguageLink>::new());
        let statics = statics::files(&theme, &strings);
        let mut renderer = Renderer {
            tera,
            time_forms: view::TimeForms::new(&strings),
            strings,
            statics,
            origins,
            shifts,
            compiled_kinds,
            compiled: compiled::Pages::default(),
            generator: config.show_generator.then_some(crate::VERSION),
        };
        renderer.compile_pages();
        Ok(renderer)
    }

    /// Sets up the pages written without Tera, for the chrome as it is now.
    fn compile_pages(&mut self) {
        let kinds = &self.compiled_kinds;
        self.compiled = compiled::Pages::new(kinds, &self.tera, &self.strings, self.generator);
    }

    /// The theme's name for its language, in that language ("English", "简体中文").
    pub(crate) fn language_name(&self) -> String {
        self.strings.get("language_name")
    }

    /// Gives the pages the site's languages as this tree links to them (see
    /// [`languages::links`]): the switcher and the `hreflang` alternates.
    pub(crate) fn set_languages(&mut self, links: &[languages::LanguageLink]) {
        self.tera.global_context().insert("languages", links);
        self.compile_pages();
    }

    /// Renders the pages, feeds and static files of `site` that `selection` asks for, reusing
    /// what `caches` kept of earlier renders (and keeping what this one builds), counting the
    /// work in `counts` (reset first).
    pub(crate) fn render(
        &self,
        config: &Config,
        site: &Derived,
        selection: &Selection,
        caches: &Caches,
        counts: &Counts,
        sink: Sink,
    ) -> Result<(), Diagnostics> {
        counts.reset();
        // A partial render leaves what it does not write as it is (its caller keeps it); a
        // full one writes every file, and records every key afresh.
        let partial = matches!(selection, Selection::Only { .. });
        if !partial {
            caches.written.forget();
        }
        let pass = Pass {
            theme: self,
            caches,
            counts,
            partial,
        };
        let feeds = feeds::plan(config, site, selection);
        let maintenances = maintenance::Maintenances::default();
        let cards = Cards::new(&pass, config, site, &feeds.carried);
        // A site's static file at a generated file's path replaces it (README, "static/"):
        // the generated one is not written at all, so no path is written twice; which of the
        // two a reader got used to depend on which thread wrote last.
        let static_paths: HashSet<&str> = self.statics.iter().map(|f| f.path.as_str()).collect();
        let generated = |file: OutputFile| match static_paths.contains(file.path.as_str()) {
            true => Ok(()),
            false => sink(file),
        };
        // The site-wide files are rendered beside the pages rather than after them: some of
        // them are written on one thread, and would otherwise leave the other core idle.
        let job = Job {
            config,
            site,
            cards: &cards,
            selection,
            feeds: &feeds,
            maintenances: &maintenances,
            sink: &generated,
        };
        let (pages, site_wide) =
            rayon::join(|| pages::render_all(&pass, job), || pass.site_wide(job));
        let statics = (self.statics.iter()).try_for_each(|file| emit(sink, file.clone()));
        let mut problems = Diagnostics::default();
        for result in [pages, site_wide, statics.map_err(Diagnostics::from)] {
            if let Err(more) = result {
                problems.extend(more);
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            // The caller keeps the last good output: the keys of this render's files are
            // not those of the files it holds.
            caches.written.forget();
            Err(problems)
        }
    }
}

/// What one render is asked for, shared by its two halves (the pages and the site-wide
/// files): the site, its derived state and cards, which of it to render, where files go.
#[derive(Clone, Copy)]
pub(crate) struct Job<'a> {
    pub(crate) config: &'a Config,
    pub(crate) site: &'a Derived,
    pub(crate) cards: &'a Cards<'a>,
    pub(crate) selection: &'a Selection,
    /// The feeds to write, and what they carry.
    pub(crate) feeds: &'a feeds::Plan,
    /// The site's maintenances, listed once (see [`maintenance`]).
    pub(crate) maintenances: &'a maintenance::Maintenances,
    pub(crate) sink: Sink<'a>,
}

/// One render: the compiled theme with the caller's caches and counters.
pub(crate) struct Pass<'a> {
    theme: &'a Renderer,
    pub(crate) caches: &'a Caches,
    counts: &'a Counts,
    /// Whether this is a partial render (`Selection::Only`), whose caller keeps the files it
    /// does not write.
    partial: bool,
}

impl Pass<'_> {
    /// View builders for `config` in the site's language, for a build at `now`.
    pub(crate) fn views<'a>(&'a self, config: &'a Config, now: jiff::Timestamp) -> view::Views<'a> {
        view::Views {
            config,
            strings: &self.theme.strings,
            forms: &self.theme.time_forms,
            counts: self.counts,
            now_year: now.to_zoned_datetime(config.timezone.clone()).year(),
        }
    }

    /// The UI strings in the site's language.
    pub(crate) fn strings(&self) -> &Strings {
        &self.theme.strings
    }

    /// The pages written without Tera, each kind when the theme's templates for it are the
    /// built-in ones (see [`compiled`]).
    pub(crate) fn compiled(&self) -> &compiled::Pages {
        &self.theme.compiled
    }

    /// The files that summarise the whole site: sitemap, feeds, API, calendars, badges, and the
    /// theme's static files. The feeds, the API and the rest are rendered beside each other:
    /// each is serial enough to be the render's longest path when run after another.
    fn site_wide(&self, job: Job) -> Result<(), Diagnostics> {
        let Job {
            config,
            site,
            cards,
            selection,
            feeds: plan,
            maintenances,
            sink,
        } = job;
        // Each part's files go out from the thread that rendered them, as soon as they are
        // done, rather than all from one thread at the end (which left the other core idle).
        let out = |files: Vec<OutputFile>| -> Result<(), Diagnostics> {
            for file in files {
                emit(sink, file)?;
            }
            Ok(())
        };
        let (feeds, (api, summaries)) = rayon::join(
            || out(feeds::render(self, config, site, cards, plan)?),
            || {
                rayon::join(
                    || out(api::render(config, site, self.caches, self.counts)),
                    || out(self.summaries(config, site, selection, maintenances)?),
                )
            },
        );
        feeds.and(api).and(summaries)
    }

    /// The site-wide files other than the feeds and the API.
    fn summaries(
        &self,
        config: &Config,
        site: &Derived,
        selection: &Selection,
        maintenances: &maintenance::Maintenances,
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let mut files = Vec::new();
        // The set of pages only changes in a full render (see `Selection`). The files of the
        // whole site (sitemap, robots, host headers, notify's manifest) are the root tree's.
        let root = config.tree.is_empty();
        if root && matches!(selection, Selection::All) {
            let paths = pages::url_paths(config, site);
            files.extend(sitemap::render(config, &paths).map_err(|e| {
                Diagnostic::error(
                    Code::Sitemap,
                    "sitemap.xml",
                    format!("cannot write the sitemap: {e}"),
                )
            })?);
            // A site's own static/_headers replaces the generated one, as any static file does.
            let statics = &self.theme.statics;
            if !statics.iter().any(|f| f.path == headers::HEADERS_FILE) {
                let policy = headers::Policy::of(config);
                let default = config.default_language();
                let trees: Vec<String> = (config.languages.iter())
                    .map(|l| crate::urls::language_tree(l, default))
                    .collect();
                files.push(headers::render(
                    &crate::urls::base_path_parsed(&config.base_url),
                    &trees,
                    statics,
                    &policy,
                ));
            }
        }
        // What `bulletin notify` compares the next site with (only recent events: cheap).
        if root {
            files.push(api::notify_file::render(
                config,
                site,
                self.caches,
                self.counts,
            ));
        }
        files.extend(ical::render(self, config, site, maintenances.of(site)));
        files.extend(badges::render(config, site, self.strings()));
        Ok(files)
    }

    /// An incident's full view, as its page and its feed item show it: its card (shared with
    /// every list) and its body, as one template value.
    pub(crate) fn full_view(
        &self,
        views: &view::Views,
        inc: &crate::model::Incident,
        state: &crate::derive::IncidentState,
        card: tera::Value,
    ) -> tera::Value {
        let mut incident = card.into_map().expect("a card is a map");
        let body = tera::Value::from_serializable(&views.body(inc, state));
        incident.extend(body.into_map().expect("a body is a map"));
        tera::Value::from(incident)
    }

    /// Renders one template with `context` (plus the global site and strings).
    pub(crate) fn render_template(
        &self,
        name: &str,
        context: &Context,
    ) -> Result<String, Diagnostic> {
        self.counts.template();
        self.theme
            .tera
            .render(name, context)
            .map_err(|e| template_error(&e, &self.theme.origins, &self.theme.shifts))
    }
}

/// Where rendered files go as they are produced: a staging folder (`build`), memory (`serve`)
/// or nowhere (`check`). An error message stops the render.
pub(crate) type Sink<'a> = &'a (dyn Fn(OutputFile) -> Result<(), String> + Sync);

/// Hands `file` to `sink`, turning a refusal into a diagnostic naming the file.
pub(crate) fn emit(sink: Sink, file: OutputFile) -> Result<(), Diagnostic> {
    let path = file.path.clone();
    sink(file).map_err(|message| {
        Diagnostic::access(Code::Unwritable, &path, message)
            .hint("check free disk space and permissions of the output folder")
    })
}
