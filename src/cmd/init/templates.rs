//! The two incident templates `init` writes into `incident-templates/` (see
//! `bulletin::authoring::from_template`), in the site's language.

use super::Language;

/// The templates' paths in the new site and their texts.
pub(super) fn incident_templates(language: Language) -> Vec<(String, String)> {
    let texts = match language.examples() {
        Language::ZhCn => [
            include_str!("zh-CN/template-db-degraded.md"),
            include_str!("zh-CN/template-website-down.md"),
        ],
        _ => [
            include_str!("en/template-db-degraded.md"),
            include_str!("en/template-website-down.md"),
        ],
    };
    let dir = bulletin::content::TEMPLATES_DIR;
    ["db-degraded", "website-down"]
        .iter()
        .zip(texts)
        .map(|(name, text)| (format!("{dir}/{name}.md"), text.to_string()))
        .collect()
}
