//! The top-level fields of `bulletin.yaml`: each unknown one and each missing required one is
//! reported on its own, so one typo does not hide the next problem.

use std::path::Path;

use super::CONFIG_FILE;
use crate::diagnostics::{Code, Diagnostic, did_you_mean};
use crate::yaml::YamlText;

/// The top-level fields of `bulletin.yaml` (`init`'s example documents each).
pub const FIELDS: [&str; 24] = [
    "title",
    "description",
    "logo",
    "favicon",
    "refresh_seconds",
    "rebuild_every",
    "base_url",
    "language",
    "languages",
    "translations",
    "missing_translations",
    "timezone",
    "theme",
    "allow_raw_html",
    "allow_remote_images",
    "feed_items",
    "component_feed_items",
    "component_page_items",
    "uptime",
    "products",
    "websub_hub",
    "show_generator",
    "links",
    "subscribe",
];

/// The fields `bulletin.yaml` must have.
const REQUIRED: [&str; 3] = ["title", "base_url", "products"];

/// Each unknown top-level field, and each required one that is missing.
pub(super) fn field_problems(map: &serde_yaml::Mapping, text: &str) -> Vec<Diagnostic> {
    let file = Path::new(CONFIG_FILE);
    let mut problems = Vec::new();
    let yaml = YamlText {
        file,
        text,
        line_offset: 0,
    };
    for key in map.keys() {
        let key = key.as_str().unwrap_or("?");
        if FIELDS.contains(&key) {
            continue;
        }
        let hint = match did_you_mean(key, FIELDS) {
            Some(best) => format!("did you mean '{best}'?"),
            None => format!("bulletin.yaml fields are: {}", FIELDS.join(", ")),
        };
        problems.push(
            Diagnostic::error(Code::UnknownField, file, format!("unknown field `{key}`"))
                // At the top level: `name:` also stands inside every product.
                .span(yaml.key_span(key))
                .hint(hint),
        );
    }
    for field in REQUIRED {
        if !map.contains_key(field) {
            problems.push(
                Diagnostic::error(Code::MissingField, file, format!("`{field}` is missing"))
                    .at(1, 1)
                    .hint(match field {
                        "title" => "add `title: <the name of your status page>`",
                        "base_url" => "add `base_url: https://status.example.com/` (feeds need absolute links)",
                        _ => "add `products:` with at least one product (`- id: …` and `name: …`); see docs/format.md",
                    }),
            );
        }
    }
    problems
}
