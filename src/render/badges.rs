//! Status badges: an SVG per product and feature and one for the whole page, plus a shields.io
//! "endpoint" JSON beside each, so a README can show live status through shields.io.

use serde_json::json;

use crate::config::Config;
use crate::derive::Derived;
use crate::i18n::Strings;
use crate::model::ComponentStatus;
use crate::output::OutputFile;

/// Colours per status, as shields.io names them and as hex for our own SVG.
fn colour(status: ComponentStatus) -> (&'static str, &'static str) {
    match status {
        ComponentStatus::Operational => ("brightgreen", "#2e7d32"),
        ComponentStatus::DegradedPerformance => ("yellow", "#8a6100"),
        ComponentStatus::PartialOutage => ("orange", "#b35900"),
        ComponentStatus::MajorOutage => ("red", "#c4231b"),
        ComponentStatus::UnderMaintenance => ("blue", "#2457b5"),
    }
}

/// Renders `badges/status.*`, `badges/<product>.*` and `badges/<product>/<feature>.*`.
pub(super) fn render(config: &Config, site: &Derived, strings: &Strings) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let mut badge = |path: String, label: &str, status: ComponentStatus| {
        // Names come from bulletin.yaml as written; a badge shows them as plain text.
        let label = crate::markdown::plain(label);
        let label = label.as_ref();
        let message = strings.label("status", status.as_str());
        let (name, hex) = colour(status);
        files.push(OutputFile::new(
            format!("{path}.svg"),
            svg(label, &message, hex).into_bytes(),
        ));
        let endpoint =
            json!({ "schemaVersion": 1, "label": label, "message": message, "color": name });
        files.push(OutputFile::new(
            format!("{path}.json"),
            crate::json::json_bytes(&endpoint),
        ));
    };
    badge("badges/status".into(), &config.title, site.overall);
    for (p, state) in config.products.iter().zip(&site.products) {
        badge(format!("badges/{}", p.id), &p.name, state.status);
        for (fi, (f, &status)) in p.features.iter().zip(&state.features).enumerate() {
            badge(
                format!("badges/{}/{}", p.id, f.id),
                &p.feature_label(fi, " "),
                status,
            );
        }
    }
    files
}

/// Approximate rendered width in pixels at 11px sans-serif: wide (CJK) characters count double.
fn text_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if (c as u32) >= 0x1100 {
                12
            } else if c.is_ascii_uppercase() {
                8
            } else {
                7
            }
        })
        .sum::<usize>()
        + 10
}

fn svg(label: &str, message: &str, hex: &str) -> String {
    let (lw, mw) = (text_width(label), text_width(message));
    let w = lw + mw;
    let label_x = lw / 2;
    let message_x = lw + mw / 2;
    let (label, message) = (escape(label), escape(message));
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" role="img" aria-label="{label}: {message}">
<title>{label}: {message}</title>
<rect width="{lw}" height="20" fill="#555"/>
<rect x="{lw}" width="{mw}" height="20" fill="{hex}"/>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="{label_x}" y="14">{label}</text>
<text x="{message_x}" y="14">{message}</text>
</g>
</svg>
"##
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
