//! The languages a run speaks: for each language some target asks for (`language:`), the site
//! as that language's readers see it (the config of its tree, so names, the site's title and
//! links are that tree's; the theme's words in it; the incidents through their translations,
//! untranslated texts marked), each made once however many targets speak it. Events, their
//! ids and hashes, and the facts at each event's time come from the one structure, so a
//! language never makes a new event.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::config::Config;
use crate::derive::Derived;
use crate::diagnostics::Diagnostics;
use crate::i18n::Strings;
use crate::site::{Site, Valid};
use crate::theme::Theme;

/// The site in one language.
pub(crate) struct Speech<'a> {
    /// The config of the language's tree ([`Config::for_language`]).
    pub config: Cow<'a, Config>,
    /// The theme's words in the language.
    pub strings: Strings,
    incidents: Incidents<'a>,
}

/// The derived site a language reads: the default's as it is, another's translated.
enum Incidents<'a> {
    Default(&'a Derived),
    Translated(Box<Derived>),
}

impl Speech<'_> {
    /// The site with its incidents in the language ([`Site::derive_language`]).
    pub(crate) fn site(&self) -> &Derived {
        match &self.incidents {
            Incidents::Default(derived) => derived,
            Incidents::Translated(derived) => derived,
        }
    }
}

/// Every language the targets speak, by tag, and the site's default.
pub(crate) struct Languages<'a> {
    by_tag: BTreeMap<String, Speech<'a>>,
    default: String,
}

impl<'a> Languages<'a> {
    /// The site's default language and those of `wanted` (each one of the site's), from the
    /// site's default `derived`.
    pub(crate) fn new(
        site: &'a Site,
        valid: &Valid,
        derived: &'a Derived,
        wanted: &[&str],
    ) -> Result<Languages<'a>, Diagnostics> {
        let config = site.config();
        let theme = Theme::load(config)?;
        let default = config.default_language();
        let mut by_tag = BTreeMap::new();
        for &tag in std::iter::once(&default).chain(wanted) {
            if by_tag.contains_key(tag) {
                continue;
            }
            let strings = Strings::load(&theme, tag)?;
            let speech = if tag == default {
                Speech {
                    config: Cow::Borrowed(config),
                    strings,
                    incidents: Incidents::Default(derived),
                }
            } else {
                Speech {
                    config: Cow::Owned(config.for_language(tag)),
                    strings,
                    incidents: Incidents::Translated(Box::new(
                        site.derive_language(valid, derived, tag),
                    )),
                }
            };
            by_tag.insert(tag.to_string(), speech);
        }
        Ok(Languages {
            by_tag,
            default: default.to_string(),
        })
    }

    /// The site in `tag`, one of the languages it was made with (any other: the default's).
    pub(crate) fn get(&self, tag: &str) -> &Speech<'a> {
        match self.by_tag.get(tag) {
            Some(speech) => speech,
            None => &self.by_tag[&self.default],
        }
    }
}

#[cfg(test)]
mod tests;
