//! The values of `bulletin.yaml` checked and turned into a [`Config`]: the time zone, the base
//! URL, the language, the uptime rules, the WebSub hub and the catalogue, every problem
//! reported at once (the file's reading and parsing is `config/mod.rs`'s).

use std::path::Path;

use jiff::tz::TimeZone;

use super::catalogue::{self, check_catalogue};
use super::{CONFIG_FILE, Config, ConfigFile, languages, look};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::yaml::locate;

pub(super) fn validate(
    root: &Path,
    raw: ConfigFile,
    base_url: Option<&str>,
    text: &str,
) -> Result<Config, Diagnostics> {
    let mut problems = Vec::new();
    let timezone = read_timezone(&raw.timezone, text, &mut problems);
    let base = read_base_url(
        base_url.unwrap_or(&raw.base_url),
        &raw.base_url,
        text,
        &mut problems,
    );
    let languages = languages::read(root, &raw, text, &mut problems);
    check_rules(&raw, text, &mut problems);
    let title_at = crate::yaml::YamlText {
        file: Path::new(CONFIG_FILE),
        text,
        line_offset: 0,
    }
    .key_span("title");
    catalogue::check_name("the site", &raw.title, title_at, text, &mut problems);
    check_catalogue(&raw.products, text, &mut problems);
    let logo = look::asset(root, "logo", raw.logo.as_deref(), text, &mut problems);
    let favicon = look::asset(root, "favicon", raw.favicon.as_deref(), text, &mut problems);
    look::check_refresh(raw.refresh_seconds, text, &mut problems);
    let rebuild_seconds = look::rebuild_seconds(raw.rebuild_every.as_deref(), text, &mut problems);
    check_hub(raw.websub_hub.as_deref(), text, &mut problems);
    look::check_links(&raw.links, &raw.subscribe, text, &mut problems);

    if problems.is_empty() {
        Ok(Config {
            root: root.to_path_buf(),
            title: raw.title,
            description: raw.description,
            logo,
            favicon,
            refresh_seconds: raw.refresh_seconds,
            rebuild_seconds,
            site_base_url: base.clone(),
            base_url: base,
            language: languages[0].clone(),
            languages,
            tree: String::new(),
            site_words: raw.translations,
            missing_translations: raw.missing_translations,
            timezone_name: raw.timezone,
            timezone,
            theme: raw.theme,
            allow_raw_html: raw.allow_raw_html,
            allow_remote_images: raw.allow_remote_images,
            feed_items: raw.feed_items,
            component_feed_items: raw.component_feed_items,
            component_page_items: raw.component_page_items,
            uptime: raw.uptime,
            products: raw.products,
            websub_hub: raw.websub_hub,
            show_generator: raw.show_generator,
            links: raw.links,
            subscribe: raw.subscribe,
        })
    } else {
        Err(problems.into())
    }
}

/// `websub_hub`, when given, must be an absolute http(s) URL (feeds link to it).
fn check_hub(hub: Option<&str>, text: &str, problems: &mut Vec<Diagnostic>) {
    let Some(hub) = hub else { return };
    if crate::urls::web::is_absolute_web_url(hub) {
        return;
    }
    problems.push(
        Diagnostic::error(
            Code::BadWebsubHub,
            CONFIG_FILE,
            format!("`websub_hub`: `{hub}` is not an absolute http(s) URL"),
        )
        .span(crate::yaml::locate(text, "websub_hub"))
        .hint("write the hub's URL, e.g. https://pubsubhubbub.appspot.com/, or remove the field"),
    );
}

/// The site's time zone; UTC (and a problem) when the name is unknown.
fn read_timezone(name: &str, text: &str, problems: &mut Vec<Diagnostic>) -> TimeZone {
    TimeZone::get(name).unwrap_or_else(|_| {
        problems.push(
            Diagnostic::error(
                Code::UnknownTimezone,
                CONFIG_FILE,
                format!("unknown time zone '{name}'"),
            )
            .span(locate(text, name))
            .hint("use an IANA zone name such as Asia/Shanghai, America/New_York or UTC"),
        );
        TimeZone::UTC
    })
}

/// `base_url` (or the command line's) ending in `/`; a problem unless it is absolute http(s).
fn read_base_url(given: &str, written: &str, text: &str, problems: &mut Vec<Diagnostic>) -> String {
    let mut base = given.trim().to_string();
    if !crate::urls::web::is_web_address(&base) {
        problems.push(
            Diagnostic::error(
                Code::BadBaseUrl,
                CONFIG_FILE,
                format!("base_url '{base}' is not an absolute http(s) URL"),
            )
            .span(locate(text, written))
            .hint("feeds need absolute links: write e.g. base_url: https://status.example.com/"),
        );
    }
    if !base.ends_with('/') {
        base.push('/');
    }
    base
}

/// Uptime rules in range and a catalogue that is not empty.
fn check_rules(raw: &ConfigFile, text: &str, problems: &mut Vec<Diagnostic>) {
    let u = raw.uptime;
    if !(1..=3660).contains(&u.days)
        || !(0.0..=1.0).contains(&u.partial_weight)
        || !(0.0..=1.0).contains(&u.degraded_weight)
    {
        problems.push(
            Diagnostic::error(
                Code::BadUptimeRules,
                CONFIG_FILE,
                "uptime rules are out of range",
            )
            .span(locate(text, "uptime:"))
            .hint(
                "`days` is 1 to 3660; `partial_weight` and `degraded_weight` are between 0 and 1",
            ),
        );
    }
    if raw.products.is_empty() {
        problems.push(
            Diagnostic::error(
                Code::NoProducts,
                CONFIG_FILE,
                "the component catalogue is empty",
            )
            .hint("add at least one product under `products:`"),
        );
    }
}
