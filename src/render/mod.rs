//! Rendering the derived site into files: HTML pages through the theme's Tera templates, the
//! RSS feed, and the theme's static files. Rendering is pure: it returns bytes and paths and
//! writes nothing; [`crate::output`] does the writing.

pub mod api;
mod badges;
mod feeds;
pub mod i18n;
mod ical;
mod pages;
mod reuse;
mod sitemap;
pub mod theme;
pub mod view;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::derive::{Derived, Month};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use i18n::Strings;
use reuse::PerIncident;
use theme::Theme;

/// How much work the last render did: the build's cost must stay linear in the number of
/// incidents, and tests hold these counts to exact expectations (see `tests/scaling.rs`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RenderStats {
    /// Template renders (pages and feed items).
    pub templates: usize,
    /// Incident list cards built.
    pub cards: usize,
    /// Full incident views built (all of an incident's Markdown rendered).
    pub details: usize,
}

/// Counters behind [`RenderStats`], shared by the threads of one render.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    templates: AtomicUsize,
    cards: AtomicUsize,
    details: AtomicUsize,
}

impl Counts {
    pub(crate) fn card(&self) {
        self.cards.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn detail(&self) {
        self.details.fetch_add(1, Ordering::Relaxed);
    }

    fn reset(&self) {
        for c in [&self.templates, &self.cards, &self.details] {
            c.store(0, Ordering::Relaxed);
        }
    }

    fn stats(&self) -> RenderStats {
        RenderStats {
            templates: self.templates.load(Ordering::Relaxed),
            cards: self.cards.load(Ordering::Relaxed),
            details: self.details.load(Ordering::Relaxed),
        }
    }
}

/// The theme compiled once, ready to render any number of builds of the same site.
pub struct Renderer {
    counts: Counts,
    // Per-incident pieces kept between renders (see `reuse`).
    pub(crate) cards: PerIncident<tera::Value>,
    pub(crate) feed_items: PerIncident<Arc<feeds::Item>>,
    api_incidents: PerIncident<Arc<serde_json::Value>>,
    calendar_events: PerIncident<Arc<str>>,
    tera: Tera,
    strings: Strings,
    statics: Vec<OutputFile>,
    /// Template name → the file it came from, for error messages.
    origins: HashMap<String, PathBuf>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

impl Renderer {
    /// Loads the theme (built-in plus site overrides) and compiles its templates.
    pub fn new(config: &Config) -> Result<Renderer, Vec<Diagnostic>> {
        let theme = Theme::load(config)?;
        let strings = Strings::load(&theme, &config.language)?;
        let mut origins = HashMap::new();
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        for (name, file) in theme.templates() {
            origins.insert(name.to_string(), file.origin.clone());
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => sources.push((name.to_string(), text.to_string())),
                Err(_) => problems.push(Diagnostic::error(
                    "not-utf8",
                    &file.origin,
                    "template is not UTF-8",
                )),
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        if let Err(e) = tera.add_raw_templates(sources) {
            problems.push(template_error(&e, &origins));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let globals = tera.global_context();
        globals.insert("site", &SiteGlobals::new(config));
        globals.insert("t", strings.tree());
        let statics = theme
            .statics()
            .map(|(name, file)| OutputFile::new(name, file.bytes.clone()))
            .collect();
        Ok(Renderer {
            counts: Counts::default(),
            cards: Default::default(),
            feed_items: Default::default(),
            api_incidents: Default::default(),
            calendar_events: Default::default(),
            tera,
            strings,
            statics,
            origins,
        })
    }

    /// What the last [`Renderer::render`] did.
    pub fn stats(&self) -> RenderStats {
        self.counts.stats()
    }

    /// View builders for `config` in the site's language.
    pub(crate) fn views<'a>(&'a self, config: &'a Config) -> view::Views<'a> {
        view::Views {
            config,
            strings: &self.strings,
            counts: &self.counts,
        }
    }

    /// The UI strings in the site's language.
    pub fn strings(&self) -> &Strings {
        &self.strings
    }

    /// Renders every page, feed and static file of `site`.
    pub fn render(
        &self,
        config: &Config,
        site: &Derived,
        selection: &Selection,
        sink: Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        self.counts.reset();
        let cards = Cards::new(self, config, site);
        // The site-wide files are rendered beside the pages rather than after them: some of
        // them are written on one thread, and would otherwise leave the other core idle.
        let (pages, site_wide) = rayon::join(
            || pages::render_all(self, config, site, &cards, selection, sink),
            || self.site_wide(config, site, &cards, selection, sink),
        );
        match (pages, site_wide) {
            (Ok(()), Ok(())) => Ok(()),
            (Err(mut a), Err(b)) => {
                a.extend(b);
                Err(a)
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    }

    /// The files that summarise the whole site: sitemap, feeds, API, calendars, badges, and the
    /// theme's static files.
    fn site_wide(
        &self,
        config: &Config,
        site: &Derived,
        cards: &Cards,
        selection: &Selection,
        sink: Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        let mut files = Vec::new();
        // The set of pages only changes in a full render (see `Selection`).
        if matches!(selection, Selection::All) {
            let paths = pages::url_paths(config, site);
            files.extend(sitemap::render(config, &paths).map_err(|e| {
                vec![Diagnostic::error(
                    "sitemap",
                    "sitemap.xml",
                    format!("cannot write the sitemap: {e}"),
                )]
            })?);
        }
        files.extend(feeds::render(self, config, site, cards, selection).map_err(|d| vec![d])?);
        files.extend(api::render(config, site, &self.api_incidents));
        files.extend(ical::render(
            config,
            site,
            &self.strings,
            &self.calendar_events,
        ));
        files.extend(badges::render(config, site, &self.strings));
        files.extend(self.statics.iter().cloned());
        for file in files {
            emit(sink, file).map_err(|d| vec![d])?;
        }
        Ok(())
    }

    /// An incident's full view, as its page and its feed item show it: its card (shared with
    /// every list) and its body, as one template value.
    pub(crate) fn full_view(
        &self,
        views: &view::Views,
        inc: &crate::model::Incident,
        card: tera::Value,
    ) -> tera::Value {
        let mut incident = card.into_map().expect("a card is a map");
        let body = tera::Value::from_serializable(&views.body(inc));
        incident.extend(body.into_map().expect("a body is a map"));
        tera::Value::from(incident)
    }

    /// Renders one template with `context` (plus the global site and strings).
    pub(crate) fn render_template(
        &self,
        name: &str,
        context: &Context,
    ) -> Result<String, Diagnostic> {
        self.counts.templates.fetch_add(1, Ordering::Relaxed);
        self.tera
            .render(name, context)
            .map_err(|e| template_error(&e, &self.origins))
    }
}

/// Each incident's card, as a template value, for one render: built the first time a list,
/// a page or a feed item asks for it and at most once however many do (values are reference
/// counted, so every list shares it). A partial render builds only the cards it shows, and
/// serve takes unchanged ones from the renderer's cache.
pub(crate) struct Cards<'a> {
    renderer: &'a Renderer,
    views: view::Views<'a>,
    site: &'a Derived,
    slots: Vec<std::sync::OnceLock<tera::Value>>,
}

impl<'a> Cards<'a> {
    fn new(renderer: &'a Renderer, config: &'a Config, site: &'a Derived) -> Self {
        Cards {
            renderer,
            views: renderer.views(config),
            site,
            slots: site.incidents.iter().map(|_| Default::default()).collect(),
        }
    }

    /// The card of incident `i` (an index into `site.incidents`).
    pub(crate) fn get(&self, i: usize) -> &tera::Value {
        self.slots[i].get_or_init(|| {
            let (inc, state) = (&self.site.incidents[i], &self.site.states[i]);
            self.renderer
                .cards
                .get_or(&inc.slug, state.cache_key(inc), || {
                    tera::Value::from_serializable(&self.views.card(inc, state))
                })
        })
    }
}

/// Pretty JSON with `<`, `>` and `&` written as `\u003c`, `\u003e` and `\u0026`
/// so a title such as `</script>` stays inert even where a consumer pastes the JSON
/// into HTML. Those characters only ever occur inside JSON strings, where the escapes mean the
/// same thing. Written in one pass: the escaping is done by the formatter, not afterwards.
pub fn json_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut out,
        HtmlSafe(serde_json::ser::PrettyFormatter::new()),
    );
    value
        .serialize(&mut serializer)
        .expect("values built for JSON serialize");
    out.push(b'\n');
    out
}

/// serde_json's pretty formatter, plus escapes for the characters HTML treats specially.
/// serde_json has no option for this, and a second pass over the text cost more than the
/// serialising itself on the 700 KB `api/uptime.json` of a large site.
struct HtmlSafe(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for HtmlSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let bytes = fragment.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let escape: &[u8] = match b {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                _ => continue,
            };
            writer.write_all(&bytes[start..i])?;
            writer.write_all(escape)?;
            start = i + 1;
        }
        writer.write_all(&bytes[start..])
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Where rendered files go as they are produced: a staging folder (`build`), memory (`serve`)
/// or nowhere (`check`). An error message stops the render.
pub type Sink<'a> = &'a (dyn Fn(OutputFile) -> Result<(), String> + Sync);

/// Hands `file` to `sink`, turning a refusal into a diagnostic naming the file.
pub(crate) fn emit(sink: Sink, file: OutputFile) -> Result<(), Diagnostic> {
    let path = file.path.clone();
    sink(file).map_err(|message| {
        Diagnostic::access("unwritable", &path, message)
            .hint("check free disk space and permissions of the output folder")
    })
}

/// Which pages and feeds to render. Derived-wide files (front page, history index, API,
/// calendars, badges) are always rendered: they are few and summarise everything. A partial
/// render assumes the set of pages is unchanged (no incident or month added or removed), so
/// it leaves the sitemap alone.
#[derive(Debug, Clone)]
pub enum Selection {
    All,
    /// Only what shows these incidents (by slug), components (by reference) and months.
    Only {
        incidents: HashSet<String>,
        components: HashSet<String>,
        months: HashSet<Month>,
    },
}

impl Selection {
    pub fn incident(&self, slug: &str) -> bool {
        match self {
            Selection::All => true,
            Selection::Only { incidents, .. } => incidents.contains(slug),
        }
    }

    pub fn component(&self, reference: &str) -> bool {
        match self {
            Selection::All => true,
            Selection::Only { components, .. } => components.contains(reference),
        }
    }

    pub fn month(&self, month: Month) -> bool {
        match self {
            Selection::All => true,
            Selection::Only { months, .. } => months.contains(&month),
        }
    }
}

/// Derived-wide values every template sees as `site`.
#[derive(Serialize)]
struct SiteGlobals<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    language: &'a str,
    timezone: &'a str,
}

impl<'a> SiteGlobals<'a> {
    fn new(config: &'a Config) -> Self {
        SiteGlobals {
            title: &config.title,
            description: config.description.as_deref(),
            base_url: &config.base_url,
            language: &config.language,
            timezone: &config.timezone_name,
        }
    }
}

/// A Tera error as a diagnostic pointing into the template file.
fn template_error(e: &tera::Error, origins: &HashMap<String, PathBuf>) -> Diagnostic {
    use tera::ErrorKind;
    let (report, code) = match e.kind() {
        ErrorKind::SyntaxError(r) => (Some(r), "template-syntax"),
        ErrorKind::RenderingError(r) => (Some(r), "template-render"),
        _ => (None, "template"),
    };
    let hint = "fix the template, or delete the override to fall back to the built-in theme";
    match report {
        Some(r) => {
            let file = origins
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(r.filename()));
            let span = r.span();
            let length = if span.start_line == span.end_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            };
            Diagnostic::error(code, file, r.message().to_string())
                .at(span.start_line, span.start_col + 1)
                .length(length)
                .hint(hint)
        }
        None => Diagnostic::error(code, theme::BUILTIN_DIR, e.to_string()).hint(hint),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_pretty_and_inert_in_html() {
        let value = serde_json::json!({
            "title": "</script><b>&amp;",
            "nested": { "list": [1, "a<b"], "empty": [] },
        });
        let bytes = json_bytes(&value);
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(!text.contains(['<', '>', '&']), "{text}");
        let expected = serde_json::to_string_pretty(&value)
            .unwrap()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
            + "\n";
        assert_eq!(text, expected);
        let back: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back, value);
    }
}
