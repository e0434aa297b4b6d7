//! The site-wide values every template sees as `site`: identity, look, the policy pages carry,
//! the uptime legend's weights, the company's links.

use serde::Serialize;

use super::headers;
use crate::config::Config;
use crate::i18n::Strings;
use crate::model::ComponentStatus;
use crate::urls::web::is_web_address;

/// Derived-wide values every template sees as `site`.
#[derive(Serialize)]
pub(super) struct SiteGlobals<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    language: &'a str,
    timezone: &'a str,
    /// Relative to the root, or a URL (see `config::look`).
    logo: Option<&'a str>,
    favicon: Option<&'a str>,
    /// Whether they are URLs rather than files of the site (which need the page's `root`).
    logo_absolute: bool,
    favicon_absolute: bool,
    /// Seconds between an open page's status checks (0: none), for `bulletin.js`.
    refresh_seconds: u32,
    /// Seconds between scheduled rebuilds (0: none), for the front page's stale notice.
    rebuild_seconds: u32,
    /// The Content-Security-Policy pages carry in a `<meta>` tag, for hosts that send no
    /// headers (`headers::Policy::meta`), escaped for a double-quoted attribute here so that
    /// templates write it `| safe`: Tera's escaping would also turn each of its dozen `'`
    /// into `&#39;`, 48 bytes on every page.
    csp: String,
    /// How much of partial outages and degraded performance counts as down, in percent, for
    /// the uptime legend: exactly the weights uptime counts with ("12.5", never rounded to 13).
    partial_weight: String,
    degraded_weight: String,
    /// The company's home and support pages (`links:`), and the e-mail sign-up page
    /// (`subscribe.email`): absolute URLs, when set.
    home: Option<&'a str>,
    /// The host of `home`, as the footer names it ("← www.example.com").
    home_host: Option<String>,
    support: Option<&'a str>,
    email_signup: Option<&'a str>,
    /// Where the subscribe page is, relative to the root.
    subscribe_path: &'static str,
}

impl<'a> SiteGlobals<'a> {
    pub(super) fn new(config: &'a Config, strings: &Strings) -> Self {
        SiteGlobals {
            title: &config.title,
            description: config.description.as_deref(),
            base_url: &config.base_url,
            language: &config.language,
            timezone: &config.timezone_name,
            logo: config.logo.as_deref(),
            favicon: config.favicon.as_deref(),
            logo_absolute: config.logo.as_deref().is_some_and(is_web_address),
            favicon_absolute: config.favicon.as_deref().is_some_and(is_web_address),
            refresh_seconds: config.refresh_seconds,
            rebuild_seconds: config.rebuild_seconds,
            csp: quoted_attribute(headers::Policy::of(config).meta()),
            partial_weight: legend_weight(ComponentStatus::PartialOutage, config, strings),
            degraded_weight: legend_weight(ComponentStatus::DegradedPerformance, config, strings),
            home: config.links.home.as_deref(),
            home_host: config
                .links
                .home
                .as_deref()
                .and_then(crate::urls::web::absolute_web_url)
                .and_then(|url| url.host_str().map(str::to_string)),
            support: config.links.support.as_deref(),
            email_signup: config.subscribe.email.as_deref(),
            subscribe_path: crate::urls::SUBSCRIBE_PATH,
        }
    }
}

/// The weight uptime gives `status`, as a percentage for the legend, with the language's
/// decimal separator ("12,5").
fn legend_weight(status: ComponentStatus, config: &Config, strings: &Strings) -> String {
    strings.decimal(&crate::uptime::share_percent(crate::uptime::weight(
        status,
        &config.uptime,
    )))
}

/// `text` as the value of a double-quoted HTML attribute: `&`, `"` and `<` escaped, `'` kept.
fn quoted_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}
