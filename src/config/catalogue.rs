//! The component catalogue of `bulletin.yaml` (products, each with features) and its checks:
//! valid ids, none listed twice.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use super::CONFIG_FILE;
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::yaml::{locate, locate_nth};

/// A product: a group of features, shown together.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub features: Vec<Feature>,
    /// No uptime figure or bars for it (one whose uptime means nothing to readers).
    #[serde(default)]
    pub hide_uptime: bool,
    /// Listed only while it is not operational (a noisy or minor component); Statuspage's
    /// setting of the same name.
    #[serde(default)]
    pub only_show_if_degraded: bool,
    /// Its name and description in the site's other languages.
    #[serde(default)]
    pub translations: std::collections::BTreeMap<String, super::Names>,
}

impl Product {
    /// Feature `fi`'s name with this product's, as lists outside the product show it:
    /// "WeChat · Pay", but only "QQ 邮箱" when the feature's name already starts with the
    /// product's ("QQ · QQ 邮箱" says QQ twice).
    pub(crate) fn feature_label(&self, fi: usize, separator: &str) -> String {
        let feature = &self.features[fi].name;
        if feature.starts_with(self.name.as_str()) {
            feature.clone()
        } else {
            format!("{}{separator}{feature}", self.name)
        }
    }
}

/// One feature of a product, referenced as `product/feature`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feature {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// No uptime figure or bars for it (one whose uptime means nothing to readers).
    #[serde(default)]
    pub hide_uptime: bool,
    /// Listed only while it is not operational (a noisy or minor component); Statuspage's
    /// setting of the same name.
    #[serde(default)]
    pub only_show_if_degraded: bool,
    /// Its name and description in the site's other languages.
    #[serde(default)]
    pub translations: std::collections::BTreeMap<String, super::Names>,
}

/// Ids that are not valid, and products or features listed twice (pointed at the second
/// listing, which is the one to rename or remove).
pub(super) fn check_catalogue(products: &[Product], text: &str, problems: &mut Vec<Diagnostic>) {
    let file = Path::new(CONFIG_FILE);
    // Each product's line, to name the first listing of one listed twice.
    let mut seen = HashMap::new();
    for p in products {
        check_id(&p.id, "product", text, problems);
        let first = seen.get(p.id.as_str()).copied();
        let product_at = locate_nth(
            text,
            0,
            &format!("id: {}", p.id),
            usize::from(first.is_some()),
        );
        let whose = format!("product '{}'", p.id);
        check_name(&whose, &p.name, product_at, text, problems);
        if let Some(first) = first {
            problems.push(
                Diagnostic::error(Code::DuplicateComponent, file, format!("product '{}' is listed twice (first at line {first})", p.id))
                    .span(product_at)
                    .hint("product ids must be unique: rename this one or merge its features into the first"),
            );
            continue;
        }
        seen.insert(p.id.as_str(), product_at.line);
        let mut features = HashSet::new();
        for f in &p.features {
            check_id(&f.id, "feature", text, problems);
            let feature_at = locate_nth(text, product_at.line, &format!("id: {}", f.id), 0);
            let whose = format!("feature '{}/{}'", p.id, f.id);
            check_name(&whose, &f.name, feature_at, text, problems);
            if !features.insert(f.id.as_str()) {
                problems.push(
                    Diagnostic::error(Code::DuplicateComponent, file, format!("feature '{}/{}' is listed twice (first at line {})", p.id, f.id, feature_at.line))
                        .span(locate_nth(text, product_at.line, &format!("id: {}", f.id), 1))
                        .hint("feature ids must be unique within their product: rename or remove this one"),
                );
            }
        }
    }
}

fn check_id(id: &str, what: &str, text: &str, problems: &mut Vec<Diagnostic>) {
    let valid = id
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        problems.push(
            Diagnostic::error(Code::BadComponentId, CONFIG_FILE, format!("{what} id '{id}' is not a valid id"))
                .span(locate(text, &format!("id: {id}")))
                .hint("ids are lower-case ASCII letters, digits and '-', e.g. file-transfer; put the display text in `name`"),
        );
    }
}

/// A name is shown as written on every page, feed and badge: like an incident's title, it
/// may not hold control, format or bidirectional-override characters (`text::unsafe_char`),
/// which would make it read as something else or break the badge's XML. Pointed at the
/// character where the file holds it as written (on or after `at`), else at `at`.
pub(super) fn check_name(
    whose: &str,
    name: &str,
    at: Span,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let Some((_, c)) = crate::text::unsafe_char(name) else {
        return;
    };
    let needle = c.to_string();
    let span = if text.contains(needle.as_str()) {
        locate_nth(text, at.line, &needle, 0)
    } else {
        at
    };
    problems.push(
        Diagnostic::error(
            Code::BadName,
            CONFIG_FILE,
            format!(
                "the name of {whose} ('{}') contains {}, an invisible character that can make it read as something else",
                crate::text::escape_unsafe(name),
                crate::text::describe(c)
            ),
        )
        .span(span)
        .hint("delete the character shown as \\u{…} (it is invisible in most editors: retype the name); control, format and bidirectional-override characters are not allowed in names"),
    );
}
