//! Incident pages written without Tera's interpreter, when a site uses the built-in theme's
//! incident page.
//!
//! Why: incident pages are nearly all of a site's pages (10,159 of 10,317 at 10k), and
//! rendering them through Tera (its look-ups through scopes, its escaping, and turning each
//! incident's views into template values first) was half of a 10k build's instructions.
//!
//! When every template an incident page touches is the built-in one ([`TEMPLATES`]), each
//! incident page is written by Rust from the views: its content block by
//! `render/view/incident/page.rs`, a transcription of `incident.html`'s (the reference), and
//! the page around it from `base.html` rendered by Tera once per tree ([`chrome`]). A site
//! that overrides any of them gets every incident page from Tera, as before. The two forms
//! are held to the same bytes by `tests/suite/render/compiled_page.rs` (docs/design.md,
//! "One page, two forms").

mod card;
mod chrome;
mod html;
#[cfg(test)]
mod tests;
mod words;

use tera::Tera;

pub(crate) use card::Fields;
pub(crate) use chrome::PageValues;
pub(crate) use html::Html;
pub(crate) use words::Words;

use crate::i18n::Strings;
use crate::theme::Theme;
use chrome::Chrome;

/// Every template an incident page touches.
pub(crate) const TEMPLATES: [&str; 3] = [
    "templates/incident.html",
    "templates/base.html",
    "templates/partials/script.html",
];

/// Whether the incident pages of `theme` may be written here (it uses the built-in
/// [`TEMPLATES`]); if so, adds the template of their chrome to `tera`, whose templates are the
/// theme's.
pub(crate) fn prepare(theme: &Theme, tera: &mut Tera) -> bool {
    TEMPLATES.iter().all(|name| theme.uses_builtin(name))
        && !tera.contains_template(chrome::TEMPLATE)
        && tera
            .add_raw_template(chrome::TEMPLATE, chrome::SOURCE)
            .is_ok()
}

/// The built-in incident page of one tree, ready to write: its chrome and its words.
pub(crate) struct IncidentPage {
    chrome: Chrome,
    words: Words,
    /// Whether the chrome names the generator (`show_generator`).
    generator: bool,
}

/// What an incident page's content block reads besides the incident's body.
pub(crate) struct Content<'a> {
    /// The incident's card, as every list shows it.
    pub(crate) card: Fields<'a>,
    pub(crate) words: &'a Words,
    /// The page's way back to the site's root (`root`).
    pub(crate) root: &'a str,
    /// How long it has been going on, while it is (`ongoing_for`).
    pub(crate) ongoing_for: Option<&'a str>,
}

impl IncidentPage {
    /// The incident page of the site whose theme `tera` holds (prepared by [`prepare`], its
    /// global context complete), in the language of `strings`; `None` when its chrome cannot
    /// be rendered and split, or a word it writes is missing: Tera then renders every incident
    /// page, and reports what is wrong.
    pub(crate) fn new(tera: &Tera, strings: &Strings, generator: Option<&str>) -> Option<Self> {
        Some(IncidentPage {
            chrome: Chrome::render(tera, generator)?,
            words: Words::of(strings.tree())?,
            generator: generator.is_some(),
        })
    }

    /// Whether it was set up for a site that names the generator in its footer.
    pub(crate) fn names_generator(&self) -> bool {
        self.generator
    }

    /// The words its content block writes.
    pub(crate) fn words(&self) -> &Words {
        &self.words
    }

    /// The whole page: the chrome with `values`, and `content` writing the content block.
    pub(crate) fn write(&self, values: &PageValues, content: impl FnOnce(&mut Html)) -> Vec<u8> {
        let mut h = Html::with_capacity(self.chrome.len() + 8192);
        self.chrome.write(&mut h, values, content);
        h.into_bytes()
    }
}
