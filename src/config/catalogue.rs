//! The component catalogue of `bulletin.yaml` (products, each with features) and its checks:
//! valid ids, none listed twice.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use super::CONFIG_FILE;
use crate::diagnostics::Diagnostic;
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
}

impl Product {
    /// Feature `fi`'s name with this product's, as lists outside the product show it:
    /// "WeChat · Pay", but only "QQ 邮箱" when the feature's name already starts with the
    /// product's ("QQ · QQ 邮箱" says QQ twice).
    pub fn feature_label(&self, fi: usize, separator: &str) -> String {
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
}

/// Ids that are not valid, and products or features listed twice (pointed at the second
/// listing, which is the one to rename or remove).
pub(super) fn check_catalogue(products: &[Product], text: &str, problems: &mut Vec<Diagnostic>) {
    let file = Path::new(CONFIG_FILE);
    let mut seen = HashSet::new();
    for p in products {
        check_id(&p.id, "product", text, problems);
        let listing = usize::from(seen.contains(p.id.as_str()));
        let product_at = locate_nth(text, 0, &format!("id: {}", p.id), listing);
        if !seen.insert(p.id.as_str()) {
            problems.push(
                Diagnostic::error("duplicate-component", file, format!("product '{}' is listed twice", p.id))
                    .span(product_at)
                    .hint("product ids must be unique: rename this one or merge its features into the first"),
            );
            continue;
        }
        let mut features = HashSet::new();
        for f in &p.features {
            check_id(&f.id, "feature", text, problems);
            if !features.insert(f.id.as_str()) {
                problems.push(
                    Diagnostic::error("duplicate-component", file, format!("feature '{}/{}' is listed twice", p.id, f.id))
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
            Diagnostic::error("bad-component-id", CONFIG_FILE, format!("{what} id '{id}' is not a valid id"))
                .span(locate(text, &format!("id: {id}")))
                .hint("ids are lower-case ASCII letters, digits and '-', e.g. file-transfer; put the display text in `name`"),
        );
    }
}
