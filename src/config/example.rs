//! The example address `bulletin init` writes when none is given, and the warning when a CI
//! build still publishes under it (a site created without a terminal, whose workflow does not
//! pass `--base-url`, would put canonical links, feeds and the sitemap on status.example.com).

use std::path::PathBuf;

use super::{CONFIG_FILE, Config};
use crate::diagnostics::{Code, Diagnostic};
use crate::yaml::locate;

/// `base_url` in a site `bulletin init` wrote without being told the address.
pub const EXAMPLE_BASE_URL: &str = "https://status.example.com/";

/// A warning when `ci` (the `CI` environment variable, which GitHub Actions, GitLab CI and
/// most CI services set to `true`) says this is CI and the site is still built for the example
/// address; located on bulletin.yaml's `base_url` line when the file still says it.
pub fn example_base_url_in_ci(config: &Config, ci: Option<&str>) -> Option<Diagnostic> {
    let in_ci = ci.is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
    if !in_ci || config.base_url != EXAMPLE_BASE_URL {
        return None;
    }
    let warning = Diagnostic::warning(
        Code::ExampleBaseUrl,
        PathBuf::from(CONFIG_FILE),
        format!("building in CI for the example address {EXAMPLE_BASE_URL}: links, feeds and the sitemap will point there"),
    )
    .hint("pass the address the site is published at with `bulletin build --base-url URL` (the recipes of `bulletin init --ci` do), or set base_url in bulletin.yaml");
    // Bounded like the first read; the span is a courtesy, so a failed read leaves it out.
    let text = crate::yaml::read_capped(&config.root.join(CONFIG_FILE))
        .ok()
        .flatten()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    Some(match text {
        Some(text) if text.contains("status.example.com") => {
            warning.span(locate(&text, "status.example.com"))
        }
        _ => warning,
    })
}
