//! What a page of a site in several languages says about the other languages: the language
//! switcher in the header and the `hreflang` alternates in the head (docs/languages.md,
//! "Pages, URLs and hosting"). A site in one language has none of it.
//!
//! Every tree has the same pages at the same paths (the structure is written once), so the
//! same page in another language is that tree's root followed by the page's own path.

use serde::Serialize;

use crate::config::Config;
use crate::urls::{base_path, language_tree};

/// One of the site's languages as a page of one tree links to it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct LanguageLink {
    /// The language tag, as `languages:` writes it (for `hreflang` and `lang`).
    pub tag: String,
    /// The language's own name for itself ("English", "简体中文"): the theme's
    /// `language_name` in that language.
    pub name: String,
    /// That tree's root relative to this tree's root ("en/", "../", "../zh-TW/"; "" for this
    /// tree itself): a page
    /// prefixes it with its own `root` and follows it with its own path.
    pub href: String,
    /// That tree's root as an absolute URL, for the `hreflang` alternates.
    pub url: String,
    /// That tree's root as an absolute path ("/en/"), for the 404 page, served at any depth.
    pub path: String,
    /// Whether it is the language of the tree linking.
    pub current: bool,
}

/// The languages of the site as the pages of `config`'s tree link to them, the default
/// first, each named by `names` (in the order of `config.languages`); empty for a site in one
/// language.
pub(crate) fn links(config: &Config, names: &[String]) -> Vec<LanguageLink> {
    if !config.is_multilingual() {
        return Vec::new();
    }
    let default = config.default_language();
    // Tags have no `/`, so a tree is one folder deep or the root.
    let up = if config.tree.is_empty() { "" } else { "../" };
    config
        .languages
        .iter()
        .zip(names)
        .map(|(tag, name)| {
            let tree = language_tree(tag, default);
            let url = format!("{}{tree}", config.site_base_url);
            let current = *tag == config.language;
            LanguageLink {
                tag: tag.clone(),
                name: name.clone(),
                href: if current {
                    String::new()
                } else {
                    format!("{up}{tree}")
                },
                path: base_path(&url),
                url,
                current,
            }
        })
        .collect()
}

/// The output path `path` of a tree's file in the whole site's output: under the tree.
pub(crate) fn in_tree(config: &Config, path: &str) -> String {
    format!("{}{path}", config.tree)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn config() -> Config {
        let yaml = "title: T\nbase_url: https://s.test/status/\nlanguages: [zh-CN, en]\ntimezone: UTC\nproducts:\n  - id: app\n    name: App\n";
        crate::config::parse(Path::new("."), yaml, None).expect("test config")
    }

    #[test]
    fn each_tree_links_to_the_others_from_its_own_root() {
        let names = ["简体中文".to_string(), "English".to_string()];
        let zh = links(&config(), &names);
        assert_eq!(zh.len(), 2);
        assert_eq!(
            (zh[0].href.as_str(), zh[0].current, zh[1].href.as_str()),
            ("", true, "en/")
        );
        assert_eq!(zh[1].url, "https://s.test/status/en/");
        assert_eq!(zh[1].path, "/status/en/");
        let en = links(&config().for_language("en"), &names);
        assert_eq!(
            (en[0].href.as_str(), en[1].href.as_str(), en[1].current),
            ("../", "", true)
        );
        assert_eq!(en[0].url, "https://s.test/status/");
        assert_eq!(en[0].name, "简体中文");
    }

    #[test]
    fn a_site_in_one_language_links_to_none() {
        let mut one = config();
        one.languages.truncate(1);
        assert!(links(&one, &["简体中文".to_string()]).is_empty());
    }
}
