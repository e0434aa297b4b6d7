//! The fields of `bulletin.yaml` that change how pages look and behave in the reader's
//! browser: `logo`, `favicon`, `refresh_seconds`, the company's `links` and the e-mail
//! sign-up page under `subscribe`.

use std::path::{Component, Path};

use serde::Deserialize;

use super::CONFIG_FILE;
use crate::diagnostics::{Code, Diagnostic};
use crate::yaml::locate;

/// The shortest status check interval a site may ask for: every open page polls, so a very
/// short one would hammer the host during an outage, when most readers are there.
pub(super) const MIN_REFRESH_SECONDS: u32 = 10;

/// `logo:` or `favicon:` as pages link it: an http(s) URL as written, or a file of the site's
/// `static/` folder (which is copied to the site root) as its path there. A problem when the
/// file is missing or the path leaves `static/`.
pub(super) fn asset(
    root: &Path,
    field: &str,
    value: Option<&str>,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let value = value?.trim();
    if crate::urls::web::is_web_address(value) {
        return Some(value.to_string());
    }
    // `static/logo.svg` and `logo.svg` both name the file the site serves as `logo.svg`.
    let inner = value.strip_prefix("static/").unwrap_or(value);
    let path = Path::new(inner);
    let inside = !inner.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if inside && root.join("static").join(path).is_file() {
        return Some(inner.to_string());
    }
    problems.push(
        Diagnostic::error(
            Code::BadAsset,
            CONFIG_FILE,
            format!("{field} '{value}' is not a file in static/ nor an http(s) URL"),
        )
        .span(locate(text, value))
        .hint(format!(
            "put the image in the site's static/ folder and write its path there (`{field}: {}`), or give an https:// URL",
            if field == "logo" { "logo.svg" } else { "favicon.ico" }
        )),
    );
    None
}

/// `refresh_seconds` is 0 (off) or at least [`MIN_REFRESH_SECONDS`].
pub(super) fn check_refresh(seconds: u32, text: &str, problems: &mut Vec<Diagnostic>) {
    if seconds != 0 && seconds < MIN_REFRESH_SECONDS {
        problems.push(
            Diagnostic::error(
                Code::BadRefresh,
                CONFIG_FILE,
                format!("refresh_seconds {seconds} is too short"),
            )
            .span(locate(text, "refresh_seconds:"))
            .hint(format!(
                "write 0 to turn status checks off, or {MIN_REFRESH_SECONDS} seconds or more (the default is 60)"
            )),
        );
    }
}

/// `links:`: the company's own pages, linked from the header and the footer.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Links {
    /// The company's home page ("back to Acme").
    pub home: Option<String>,
    /// Where readers ask for help.
    pub support: Option<String>,
}

/// `subscribe:`: sign-up pages the subscribe panel links to. A static site cannot take a
/// sign-up itself; a form service, a mailing list or an issue form does (docs/format.md).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignUp {
    /// Where readers sign up for the e-mails `bulletin notify` sends.
    pub email: Option<String>,
}

/// Each of `links` and `subscribe` that is set must be an absolute http(s) URL: pages link to
/// it from every depth, and a relative one would point into the status site.
pub(super) fn check_links(
    links: &Links,
    sign_up: &SignUp,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let fields = [
        ("links.home", &links.home),
        ("links.support", &links.support),
        ("subscribe.email", &sign_up.email),
    ];
    for (field, value) in fields {
        let Some(value) = value else { continue };
        if crate::urls::web::is_absolute_web_url(value) && crate::urls::web::is_web_address(value) {
            continue;
        }
        let key = field.rsplit('.').next().unwrap_or(field);
        let at = if value.is_empty() {
            locate(text, &format!("{key}:"))
        } else {
            locate(text, value)
        };
        problems.push(
            Diagnostic::error(
                Code::BadLink,
                CONFIG_FILE,
                format!("`{field}`: `{value}` is not an absolute http(s) URL"),
            )
            .span(at)
            .hint(format!(
                "write the whole address, e.g. `{key}: https://www.example.com/{}`, or remove the field",
                if key == "email" { "status-updates" } else { "" }
            )),
        );
    }
}

/// The default `rebuild_every`: the CI recipes rebuild every 5 minutes, but scheduled CI jobs
/// often start 10 or more minutes late, and a false "may be out of date" is worse than a late one.
pub(crate) const DEFAULT_REBUILD_EVERY: &str = "15m";

/// `rebuild_every` in seconds: a whole number of `s`, `m`, `h` or `d` from a minute to 30
/// days, or `off` (0); [`DEFAULT_REBUILD_EVERY`] when absent.
pub(super) fn rebuild_seconds(
    value: Option<&str>,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> u32 {
    let value = value.unwrap_or(DEFAULT_REBUILD_EVERY).trim();
    if value == "off" {
        return 0;
    }
    let unit = |c: char| match c {
        's' => Some(1),
        'm' => Some(60),
        'h' => Some(3600),
        'd' => Some(86_400),
        _ => None,
    };
    let seconds = value
        .char_indices()
        .last()
        .and_then(|(at, c)| Some((value[..at].parse::<u32>().ok()?, unit(c)?)))
        .and_then(|(n, unit)| n.checked_mul(unit))
        .filter(|s| (60..=30 * 86_400).contains(s));
    seconds.unwrap_or_else(|| {
        problems.push(
            Diagnostic::error(
                Code::BadRefresh,
                CONFIG_FILE,
                format!("rebuild_every '{value}' is not an interval from 1m to 30d"),
            )
            .span(locate(text, "rebuild_every:"))
            .hint(format!(
                "write how often the site is rebuilt, such as 5m, 1h or 1d, or off (the default is {DEFAULT_REBUILD_EVERY})"
            )),
        );
        0
    })
}
