//! The site configuration, `bulletin.yaml` at a site's root: page identity, language, time zone
//! and the component catalogue (products, each with features).

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::yaml::yaml_error;

mod catalogue;
mod components;
mod example;
pub use example::{EXAMPLE_BASE_URL, example_base_url_in_ci};
mod fields;
pub use fields::FIELDS;
mod languages;
mod look;
mod values;
pub(crate) use catalogue::Product;
pub use components::ComponentRef;
use fields::field_problems;
pub use languages::{MissingTranslations, Names, SiteWords};
use values::validate;

/// The file name of a site's configuration.
pub const CONFIG_FILE: &str = "bulletin.yaml";

/// The languages whose UI strings ship with the default theme.
pub const BUILTIN_LANGUAGES: [&str; 9] = [
    "en", "zh-CN", "zh-TW", "ja", "ko", "de", "fr", "es", "pt-BR",
];

/// `bulletin.yaml` as written. Unknown and missing top-level fields are reported by
/// [`parse`] itself, each on its own line, so they are not left to serde (which stops at the
/// first).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ConfigFile {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The site's logo: a file under the site's `static/` folder or an http(s) URL.
    #[serde(default)]
    pub logo: Option<String>,
    /// The site's favicon, written like `logo`.
    #[serde(default)]
    pub favicon: Option<String>,
    /// How often, in seconds, an open page asks whether the status changed (0: never).
    #[serde(default = "default_refresh_seconds")]
    pub refresh_seconds: u32,
    /// How often the site is rebuilt ("5m", "1h", "1d", or "off"): a page older than twice
    /// that says it may be out of date (docs/format.md).
    #[serde(default)]
    pub rebuild_every: Option<String>,
    #[serde(default)]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// Every language the site is published in, the default first (`language` alone: one).
    #[serde(default)]
    pub languages: Vec<String>,
    /// The site's title and description in its other languages.
    #[serde(default)]
    pub translations: std::collections::BTreeMap<String, SiteWords>,
    /// Whether `check` warns about an entry another language lacks.
    #[serde(default)]
    pub missing_translations: MissingTranslations,
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// A theme folder relative to the site root whose files override the built-in theme.
    #[serde(default)]
    pub theme: Option<PathBuf>,
    /// Pass raw HTML in incident Markdown through unsanitised. Off unless a site opts in.
    #[serde(default)]
    pub allow_raw_html: bool,
    /// Show images from other hosts in incident text. Off: they become links, so pages make
    /// no request to another host (docs/hosting.md: the Content-Security-Policy).
    #[serde(default)]
    pub allow_remote_images: bool,
    /// How many incidents the site-wide feeds carry.
    #[serde(default = "default_feed_items")]
    pub feed_items: usize,
    /// How many incidents each product's and feature's feeds carry.
    #[serde(default = "default_component_feed_items")]
    pub component_feed_items: usize,
    /// How many recent incidents a product or feature page lists (older ones are in the
    /// history archive).
    #[serde(default = "default_component_page_items")]
    pub component_page_items: usize,
    /// How uptime is computed from incidents (see docs/uptime.md).
    #[serde(default)]
    pub uptime: UptimeRules,
    #[serde(default)]
    pub products: Vec<Product>,
    /// A WebSub hub: the feeds name it, and `bulletin notify` pings it (docs/notify.md).
    #[serde(default)]
    pub websub_hub: Option<String>,
    /// Name Bulletin's version in the footer and the API's `page.generator`.
    #[serde(default = "yes")]
    pub show_generator: bool,
    /// The company's own pages the header and footer link to.
    #[serde(default)]
    pub(crate) links: look::Links,
    /// Where readers sign up for what a static site cannot take itself (e-mail).
    #[serde(default)]
    pub(crate) subscribe: look::SignUp,
}

fn yes() -> bool {
    true
}

/// How incidents count against uptime.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct UptimeRules {
    /// How many days of daily bars to show (and the longest uptime window).
    pub days: u32,
    /// The share of a partial outage's time that counts as down.
    pub partial_weight: f64,
    /// The share of degraded performance that counts as down (it is always flagged).
    pub degraded_weight: f64,
}

impl Default for UptimeRules {
    fn default() -> Self {
        UptimeRules {
            days: 90,
            partial_weight: 0.3,
            degraded_weight: 0.0,
        }
    }
}

fn default_language() -> String {
    "en".into()
}
fn default_timezone() -> String {
    "UTC".into()
}
fn default_refresh_seconds() -> u32 {
    60
}
fn default_feed_items() -> usize {
    50
}
/// About what Statuspage's component feeds carry: a feed reader needs what is new, not the
/// component's history (that is on its pages by year). Thirty components × three formats
/// made these feeds 16 MB of a 10,000-incident site at 50 items.
fn default_component_feed_items() -> usize {
    10
}
/// A screenful (its page stays under 3,000 px at 1280 px with the day list and the bars, on
/// a 1,000-incident site): the rest are on the component's pages by year.
fn default_component_page_items() -> usize {
    20
}

/// The validated configuration the rest of the build uses.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub description: Option<String>,
    /// The logo and favicon as pages link them: relative to the site root, or a URL.
    pub logo: Option<String>,
    pub favicon: Option<String>,
    /// Seconds between an open page's status checks; 0 turns them off.
    pub refresh_seconds: u32,
    /// Seconds between scheduled rebuilds; 0: none (no page is ever called stale).
    pub rebuild_seconds: u32,
    /// Absolute, always ending in `/`: this language tree's (the site's `base_url` followed by
    /// [`Config::tree`]).
    pub base_url: String,
    /// The language of this config's tree (see [`Config::for_language`]).
    pub language: String,
    /// Every language the site is published in, the default first; never empty.
    pub languages: Vec<String>,
    /// Where this language's tree sits under the site root: `""` for the default language,
    /// `"en/"` for English on a site whose default is another.
    pub tree: String,
    /// The site's `base_url` as configured: the root, where the default language's tree is.
    pub site_base_url: String,
    /// The site's title and description in its other languages (`translations:`).
    pub site_words: std::collections::BTreeMap<String, SiteWords>,
    pub missing_translations: MissingTranslations,
    pub timezone_name: String,
    pub timezone: TimeZone,
    pub theme: Option<PathBuf>,
    pub allow_raw_html: bool,
    pub allow_remote_images: bool,
    pub feed_items: usize,
    pub component_feed_items: usize,
    pub component_page_items: usize,
    pub uptime: UptimeRules,
    pub products: Vec<Product>,
    /// An absolute http(s) URL, when set.
    pub websub_hub: Option<String>,
    pub show_generator: bool,
    /// Absolute http(s) URLs, each checked.
    pub(crate) links: look::Links,
    pub(crate) subscribe: look::SignUp,
}

/// Reads and validates `<root>/bulletin.yaml`. `base_url` overrides the file's when given.
pub fn load(root: &Path, base_url: Option<&str>) -> Result<Config, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let file = PathBuf::from(CONFIG_FILE);
    let text = match crate::yaml::read_capped(&path) {
        Ok(None) => {
            return Err(Diagnostics::from(vec![
                Diagnostic::error(Code::FileTooLarge, &file, format!("bulletin.yaml is over the {} MiB limit", crate::limits::MAX_FILE_BYTES >> 20))
                    .hint("bulletin.yaml holds the site's settings and components: a few KB; check it is the file you meant"),
            ]));
        }
        Ok(Some(bytes)) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                return Err(Diagnostics::from(vec![
                    Diagnostic::error(
                        Code::ConfigEncoding,
                        &file,
                        "bulletin.yaml is not valid UTF-8",
                    )
                    .hint("save the file as UTF-8"),
                ]));
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Diagnostics::from(vec![
                Diagnostic::access(
                    Code::ConfigMissing,
                    &file,
                    format!("no {CONFIG_FILE} in {}", root.display()),
                )
                .hint("run bulletin in a site folder, pass --root DIR, or create bulletin.yaml (see docs/format.md)"),
            ]));
        }
        Err(e) => {
            return Err(Diagnostics::from(vec![Diagnostic::access(
                Code::ConfigUnreadable,
                &file,
                format!("cannot read {}: {e}", path.display()),
            )]));
        }
    };
    parse(root, &text, base_url)
}

/// Reads a configuration from its text; `root` is the site folder it belongs to. Every
/// unknown or missing field is reported, and the fields that are there are still checked.
pub fn parse(root: &Path, text: &str, base_url: Option<&str>) -> Result<Config, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file = Path::new(CONFIG_FILE);
    if text.trim().is_empty() {
        return Err(Diagnostics::from(vec![
            Diagnostic::error(Code::ConfigEmpty, file, "bulletin.yaml is empty")
                .at(1, 1)
                .hint("it needs at least `title`, `base_url` and `products`; see docs/format.md or examples/acme/bulletin.yaml"),
        ]));
    }
    // Before the YAML parser, whose work grows with the square of the nesting.
    crate::yaml::check_nesting(file, text, 0).map_err(|d| Diagnostics::from(vec![d]))?;
    let map = match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(serde_yaml::Value::Mapping(map)) => map,
        Ok(_) => {
            return Err(Diagnostics::from(vec![
                Diagnostic::error(
                    Code::BadConfig,
                    file,
                    "bulletin.yaml is not a list of fields",
                )
                .at(1, 1)
                .hint("write one `field: value` per line, starting with `title: …`"),
            ]));
        }
        Err(e) => return Err(Diagnostics::from(vec![yaml_error(file, &e, text, 0)])),
    };
    let mut problems = field_problems(&map, text);
    let raw: ConfigFile = match serde_yaml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            problems.push(yaml_error(file, &e, text, 0));
            return Err(problems.into());
        }
    };
    let missing = |field: &str| !map.contains_key(field);
    match validate(root, raw, base_url, text) {
        Ok(config) if problems.is_empty() => Ok(config),
        Ok(_) => Err(problems.into()),
        Err(more) => {
            // A missing field was reported as missing; not again as empty or invalid.
            problems.extend(more.into_iter().filter(|d| {
                !(d.code == Code::NoProducts && missing("products")
                    || d.code == Code::BadBaseUrl && missing("base_url") && base_url.is_none())
            }));
            Err(problems.into())
        }
    }
}

/// A "did you mean" hint for an unknown component reference. A `product/feature` whose
/// product exists is matched against that product's features, and listed with them when none
/// is close: suggesting the product itself would widen the incident to all of it.
pub(crate) fn component_hint(config: &Config, reference: &str) -> String {
    let refs: Vec<String> = config.component_refs().collect();
    let (product, feature) = reference.split_once('/').unwrap_or((reference, ""));
    let features: Vec<&str> = refs
        .iter()
        .map(String::as_str)
        .filter(|r| r.split_once('/').is_some_and(|(p, _)| p == product))
        .collect();
    if !feature.is_empty() && refs.iter().any(|r| r == product) {
        // Compared by the feature's name: the shared `product/` would make any feature close.
        let names = features
            .iter()
            .filter_map(|r| r.split_once('/').map(|(_, f)| f));
        return match did_you_mean(feature, names) {
            Some(best) => format!("did you mean '{product}/{best}'?"),
            None => format!(
                "'{product}' has no feature '{feature}'; its features: {} (or '{product}' for all of them)",
                features.join(", ")
            ),
        };
    }
    match did_you_mean(reference, refs.iter().map(String::as_str)) {
        Some(best) => format!("did you mean '{best}'?"),
        None => format!(
            "components are declared in bulletin.yaml; known: {}",
            refs.join(", ")
        ),
    }
}
