//! The languages a site is published in (`languages: [zh-CN, en]`, the first the default) and
//! the site's own words in each (`translations:` of the title and description, and of each
//! product's and feature's name and description), checked; and [`Config::for_language`], the
//! config of one language's tree, which every stage after loading reads as if the site had
//! only that language.
//!
//! The default language is published at the site root, every other under `<language>/`
//! ([`crate::urls::language_tree`]). Structure (ids, statuses, times, the catalogue's order)
//! is written once; only words differ between the trees.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{BUILTIN_LANGUAGES, CONFIG_FILE, Config, ConfigFile};
use crate::diagnostics::{Code, Diagnostic};
use crate::yaml::locate;

/// The site's title and description in one more language (`translations: {en: {...}}`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SiteWords {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// A product's or feature's name and description in one more language.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Names {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// What `check` says about an entry of the default language that another language lacks
/// (`missing_translations:`).
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MissingTranslations {
    /// A `translation-missing` warning naming the entry (the default).
    #[default]
    Warn,
    /// Nothing: the page still marks the text as not translated.
    Ignore,
}

/// The languages of `raw`, the default first, each checked to have UI strings, and the
/// `translations:` keys checked against them.
pub(super) fn read(
    root: &Path,
    raw: &ConfigFile,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let languages = read_languages(raw, text, problems);
    for language in &languages {
        check_language(root, language, text, problems);
    }
    check_translation_keys(raw, &languages, text, problems);
    languages
}

/// A problem unless the theme or the site has UI strings for `language`.
fn check_language(root: &Path, language: &str, text: &str, problems: &mut Vec<Diagnostic>) {
    let has_strings = BUILTIN_LANGUAGES.contains(&language)
        || root.join("i18n").join(format!("{language}.yaml")).is_file();
    if !has_strings {
        problems.push(
            Diagnostic::error(
                Code::UnknownLanguage,
                CONFIG_FILE,
                format!("no UI strings for language '{language}'"),
            )
            .span(locate(text, language))
            .hint(format!(
                "use one of {} or add i18n/{language}.yaml to the site",
                BUILTIN_LANGUAGES.join(", "),
            )),
        );
    }
}

/// The languages of `raw`, the default first: `languages:` when written, else `[language]`.
fn read_languages(raw: &ConfigFile, text: &str, problems: &mut Vec<Diagnostic>) -> Vec<String> {
    if raw.languages.is_empty() {
        return vec![raw.language.clone()];
    }
    let written_language = text.lines().any(|l| l.starts_with("language:"));
    if written_language && raw.language != raw.languages[0] {
        problems.push(
            Diagnostic::error(
                Code::UnknownLanguage,
                CONFIG_FILE,
                format!(
                    "`language: {}` is not the first of `languages` ({})",
                    raw.language,
                    raw.languages.join(", ")
                ),
            )
            .span(locate(text, "language:"))
            .hint("the first of `languages` is the default language: remove `language:` or make it the same"),
        );
    }
    let mut seen = Vec::new();
    for language in &raw.languages {
        if seen.contains(language) {
            problems.push(
                Diagnostic::error(
                    Code::UnknownLanguage,
                    CONFIG_FILE,
                    format!("language '{language}' is listed twice in `languages`"),
                )
                .span(locate(text, "languages:"))
                .hint("list each language once, the default first"),
            );
        } else {
            seen.push(language.clone());
        }
    }
    seen
}

/// A problem for each `translations:` key (the site's, a product's, a feature's) that is not
/// one of the site's other languages: such words would never be shown.
fn check_translation_keys(
    raw: &ConfigFile,
    languages: &[String],
    text: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let others = &languages[1..];
    let site = raw.translations.keys();
    let products = raw.products.iter().flat_map(|p| {
        p.translations
            .keys()
            .chain(p.features.iter().flat_map(|f| f.translations.keys()))
    });
    let mut reported = Vec::new();
    for language in site.chain(products) {
        if others.contains(language) || reported.contains(&language) {
            continue;
        }
        reported.push(language);
        let why = if languages.first() == Some(language) {
            "is the default language, whose words are the fields themselves"
        } else {
            "is not one of the site's `languages`"
        };
        problems.push(
            Diagnostic::error(Code::UnknownLanguage, CONFIG_FILE, format!("translations into '{language}': '{language}' {why}"))
                .span(locate(text, &format!("{language}:")))
                .hint(format!("the site's other languages: {}; add '{language}' to `languages` or remove these words", if others.is_empty() { "none".to_string() } else { others.join(", ") })),
        );
    }
}

impl Config {
    /// Whether the site is published in more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The site's default language: the first of `languages`, published at the root.
    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }

    /// The config of `language`'s tree: its words (title, description, product and feature
    /// names) in that language where `translations:` gives them, else the default's; its
    /// `base_url` the tree's (`https://status.example.com/en/`), so every absolute link of the
    /// tree stays in it; `language` set to it. The default language's config is `self`'s copy.
    pub fn for_language(&self, language: &str) -> Config {
        let mut config = self.clone();
        config.language = language.to_string();
        config.tree = crate::urls::language_tree(language, self.default_language());
        config.base_url = format!("{}{}", self.site_base_url, config.tree);
        if let Some(words) = self.site_words.get(language) {
            config.title = words.title.clone().unwrap_or(config.title);
            config.description = words.description.clone().or(config.description);
        }
        for product in &mut config.products {
            translate_names(
                &mut product.name,
                &mut product.description,
                &product.translations,
                language,
            );
            for feature in &mut product.features {
                translate_names(
                    &mut feature.name,
                    &mut feature.description,
                    &feature.translations,
                    language,
                );
            }
        }
        config
    }
}

/// `name` and `description` replaced by their words in `language`, where given.
fn translate_names(
    name: &mut String,
    description: &mut Option<String>,
    translations: &BTreeMap<String, Names>,
    language: &str,
) {
    let Some(words) = translations.get(language) else {
        return;
    };
    if let Some(n) = &words.name {
        name.clone_from(n);
    }
    if let Some(d) = &words.description {
        *description = Some(d.clone());
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::parse;
    use crate::diagnostics::Code;

    const SITE: &str = "title: 状态\nbase_url: https://s.test/\nlanguages: [zh-CN, en]\ntimezone: UTC\ntranslations:\n  en:\n    title: Status\nproducts:\n  - id: app\n    name: 应用\n    translations:\n      en: {name: App}\n    features:\n      - id: pay\n        name: 支付\n        translations:\n          en: {name: Pay, description: Payments}\n  - id: web\n    name: Web\n";

    #[test]
    fn each_language_has_its_tree_and_words() {
        let config = parse(Path::new("."), SITE, None).expect("valid");
        assert_eq!(config.languages, ["zh-CN", "en"]);
        assert_eq!(
            (config.language.as_str(), config.tree.as_str()),
            ("zh-CN", "")
        );
        assert!(config.is_multilingual());
        let en = config.for_language("en");
        assert_eq!((en.language.as_str(), en.tree.as_str()), ("en", "en/"));
        assert_eq!(en.base_url, "https://s.test/en/");
        assert_eq!(en.site_base_url, "https://s.test/");
        assert_eq!(en.title, "Status");
        assert_eq!(en.products[0].name, "App");
        let pay = &en.products[0].features[0];
        assert_eq!(
            (pay.name.as_str(), pay.description.as_deref()),
            ("Pay", Some("Payments"))
        );
        // Untranslated words stay the default's.
        assert_eq!(en.products[1].name, "Web");
        let zh = config.for_language("zh-CN");
        assert_eq!(
            (zh.title.as_str(), zh.base_url.as_str()),
            ("状态", "https://s.test/")
        );
    }

    #[test]
    fn a_site_without_languages_has_one() {
        let one = SITE
            .replace("languages: [zh-CN, en]", "language: en")
            .replace("translations:\n  en:\n    title: Status\n", "");
        let one = one
            .replace("    translations:\n      en: {name: App}\n", "")
            .replace(
                "        translations:\n          en: {name: Pay, description: Payments}\n",
                "",
            );
        let config = parse(Path::new("."), &one, None).expect("valid");
        assert_eq!(config.languages, ["en"]);
        assert!(!config.is_multilingual());
        assert_eq!(config.default_language(), "en");
    }

    #[test]
    fn words_for_a_language_the_site_lacks_are_refused() {
        let bad = SITE.replace("      en: {name: App}", "      fr: {name: App}");
        let problems =
            parse(Path::new("."), &bad, None).expect_err("fr is not a language of the site");
        let d = problems
            .iter()
            .find(|d| d.code == Code::UnknownLanguage)
            .expect("reported");
        assert!(d.message.contains("'fr'"), "{}", d.message);
        assert_eq!(d.line, Some(12), "{d:?}");
        let twice = SITE.replace("[zh-CN, en]", "[zh-CN, en, en]");
        assert!(parse(Path::new("."), &twice, None).is_err());
        let clash = SITE.replace(
            "languages: [zh-CN, en]",
            "language: en\nlanguages: [zh-CN, en]",
        );
        let problems = parse(Path::new("."), &clash, None).expect_err("language is not the first");
        assert!(
            problems.iter().any(|d| d.message.contains("not the first")),
            "{problems:?}"
        );
    }
}
