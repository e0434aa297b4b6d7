//! Pages written without Tera's interpreter, when a site uses the built-in theme's templates
//! for them: incident pages, the history's month pages and the components' year pages.
//!
//! Why: incident pages are nearly all of a site's pages (10,159 of 10,317 at 10k), and
//! rendering them through Tera (its look-ups through scopes, its escaping, and turning each
//! incident's views into template values first) was half of a 10k build's instructions; the
//! list pages' rows (one per incident per month page, and one per component it touched on the
//! year pages) were most of what was left of Tera's time.
//!
//! When every template a kind of page touches is the built-in one ([`Kind::templates`]), its
//! pages are written by Rust: the content block by a transcription of the template's (the
//! reference: `render/view/incident/page.rs` for incident pages, [`lists`] for the lists),
//! and the page around it from `base.html` rendered by Tera once per tree and kind
//! ([`chrome`]). A site that overrides any of them gets that kind's pages from Tera, as
//! before. The two forms are held to the same bytes by `tests/suite/render/compiled_page.rs`
//! (docs/design.md, "One page, two forms").

mod card;
mod chrome;
mod html;
pub(crate) mod lists;
#[cfg(test)]
mod tests;
mod words;

use tera::Tera;

pub(crate) use card::Fields;
pub(crate) use chrome::PageValues;
pub(crate) use html::Html;
pub(crate) use lists::ListWords;
pub(crate) use words::Words;

use crate::i18n::Strings;
use crate::theme::Theme;
use chrome::Chrome;

/// A kind of page that may be written here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Incident,
    Month,
    ComponentYear,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Incident, Kind::Month, Kind::ComponentYear];

    /// Every template a page of this kind touches.
    pub(crate) fn templates(self) -> &'static [&'static str] {
        match self {
            Kind::Incident => &[
                "templates/incident.html",
                "templates/base.html",
                "templates/partials/script.html",
            ],
            Kind::Month => &[
                "templates/month.html",
                "templates/partials/incident_row.html",
                "templates/base.html",
                "templates/partials/script.html",
            ],
            Kind::ComponentYear => &[
                "templates/component_year.html",
                "templates/partials/year_row.html",
                "templates/base.html",
                "templates/partials/script.html",
            ],
        }
    }

    /// The page's `page.kind`, which its chrome branches on.
    fn name(self) -> &'static str {
        match self {
            Kind::Incident => "incident",
            Kind::Month => "month",
            Kind::ComponentYear => "component_year",
        }
    }
}

/// The kinds of page of `theme` that may be written here (it uses the built-in
/// [`Kind::templates`] of each); adds the template of their chrome to `tera`, whose templates
/// are the theme's, when there is any.
pub(crate) fn prepare(theme: &Theme, tera: &mut Tera) -> Vec<Kind> {
    let kinds: Vec<Kind> = (Kind::ALL.into_iter())
        .filter(|kind| kind.templates().iter().all(|name| theme.uses_builtin(name)))
        .collect();
    let added = !kinds.is_empty()
        && !tera.contains_template(chrome::TEMPLATE)
        && tera
            .add_raw_template(chrome::TEMPLATE, chrome::SOURCE)
            .is_ok();
    if added { kinds } else { Vec::new() }
}

/// What an incident page's content block reads besides the incident's body: the incident's
/// card `C`, as every list shows it (the card's view: `render/view/`, which reads this module,
/// so it is not named here).
pub(crate) struct Content<'a, C> {
    pub(crate) card: &'a C,
    pub(crate) words: &'a Words,
    /// The page's way back to the site's root (`root`).
    pub(crate) root: &'a str,
    /// How long it has been going on, while it is (`ongoing_for`).
    pub(crate) ongoing_for: Option<&'a str>,
}

/// The pages of one tree written here, each kind ready to write (`None`: through Tera).
#[derive(Default)]
pub(crate) struct Pages {
    pub(crate) incident: Option<CompiledPage<Words>>,
    pub(crate) month: Option<CompiledPage<ListWords>>,
    pub(crate) component_year: Option<CompiledPage<ListWords>>,
}

impl Pages {
    /// The pages of `kinds` of the site whose theme `tera` holds (prepared by [`prepare`], its
    /// global context complete), in the language of `strings`; a kind whose chrome cannot be
    /// rendered and split, or a word it writes is missing, is left to Tera, which reports what
    /// is wrong.
    pub(crate) fn new(
        kinds: &[Kind],
        tera: &Tera,
        strings: &Strings,
        generator: Option<&str>,
    ) -> Pages {
        let page = |kind: Kind| {
            (kinds.contains(&kind))
                .then(|| CompiledPage::new(tera, kind, generator))
                .flatten()
        };
        let tree = strings.tree();
        Pages {
            incident: page(Kind::Incident)
                .zip(Words::of(tree))
                .map(CompiledPage::with),
            month: page(Kind::Month)
                .zip(ListWords::of(tree))
                .map(CompiledPage::with),
            component_year: (page(Kind::ComponentYear).zip(ListWords::of(tree)))
                .map(CompiledPage::with),
        }
    }
}

/// A page of one kind of one tree, ready to write: its chrome and the words `W` it writes.
pub(crate) struct CompiledPage<W> {
    chrome: Chrome,
    words: W,
    /// Whether the chrome names the generator (`show_generator`).
    generator: bool,
}

impl CompiledPage<()> {
    /// The page of `kind` with no words yet; `None` when its chrome cannot be rendered.
    fn new(tera: &Tera, kind: Kind, generator: Option<&str>) -> Option<Self> {
        Some(CompiledPage {
            chrome: Chrome::render(tera, kind.name(), generator)?,
            words: (),
            generator: generator.is_some(),
        })
    }
}

impl<W> CompiledPage<W> {
    /// `page` with its words.
    fn with((page, words): (CompiledPage<()>, W)) -> Self {
        CompiledPage {
            chrome: page.chrome,
            words,
            generator: page.generator,
        }
    }

    /// Whether it was set up for a site that names the generator in its footer.
    pub(crate) fn names_generator(&self) -> bool {
        self.generator
    }

    /// The words its content block writes.
    pub(crate) fn words(&self) -> &W {
        &self.words
    }

    /// The whole page: the chrome with `values`, and `content` writing the content block.
    pub(crate) fn write(&self, values: &PageValues, content: impl FnOnce(&mut Html)) -> Vec<u8> {
        let mut h = Html::with_capacity(self.chrome.len() + 8192);
        self.chrome.write(&mut h, values, content);
        h.into_bytes()
    }
}

/// The incident page written here.
pub(crate) type IncidentPage = CompiledPage<Words>;
